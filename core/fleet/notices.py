"""Urgent notices: written on central, delivered with the heartbeat answer, shown by the terminal.

Central (`save_notice`, `withdraw_notice`, `deliveries_for`, `plan_holdings`/`record_holdings`): staff write a notice in
ky, ru and en with a start, an end, a severity and a target (all terminals, kinds of site, or chosen
terminals). The missing-language rule of the publish gate applies: a notice without every language is
refused unless a reason is given, and the reason goes to the audit log. Every heartbeat answer carries
the notices that concern the terminal and have not ended, unless the terminal already holds exactly
that list (it sends the list's hash); the terminal sends back which (id, version) it holds, which is
what the fleet page shows as acknowledged.

Terminal (`store_delivered`, `in_force`, `in_force_key`): the list is kept in the control file
terminal.json, which the kiosk's warm pages read anyway; the notices in force are chosen on every
request from the terminal's own clock, so a notice disappears at its end time with central unreachable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.config import LANGUAGES
from core.extensions import db
from core.fleet import state
from core.models.fleet import TERMINAL_KINDS, Terminal
from core.models.notices import NOTICE_SEVERITIES, NOTICE_TARGETS, NoticeAck, UrgentNotice

TEXT_MAX = 600
MAX_PERIOD = timedelta(days=90)
MAX_DELIVERED = 20  # notices one terminal keeps; more than a handful at once would bury the page
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}

# Audit events (labels in admin/notices.py).
NOTICE_CREATE = "notice.create"
NOTICE_UPDATE = "notice.update"
NOTICE_WITHDRAW = "notice.withdraw"


@dataclass
class NoticeDraft:
    """What staff typed: the texts per language, when, how serious, and for which terminals."""

    texts: dict[str, str]
    severity: str
    starts_at: datetime
    ends_at: datetime
    target: str = "all"
    kinds: list[str] = field(default_factory=list)
    terminal_ids: list[int] = field(default_factory=list)


class NoticeRefused(ValueError):
    """A notice that cannot be saved as it is; `problems` are codes the admin page words."""

    def __init__(self, problems: list[str], missing: list[str] | None = None):
        super().__init__(", ".join(problems))
        self.problems = problems
        self.missing = missing or []


def clean_text(value: str) -> str:
    """A notice text without control characters (newlines kept) and without surrounding blanks."""
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).replace("\r", "").strip()


def missing_languages(texts: dict[str, str]) -> list[str]:
    """The kiosk languages a notice has no text in."""
    return [lang for lang in LANGUAGES if not (texts.get(lang) or "").strip()]


def check_draft(draft: NoticeDraft, now: datetime, override_reason: str = "") -> NoticeRefused | None:
    """Why this notice cannot go out (None when it can)."""
    problems = []
    missing = missing_languages(draft.texts)
    if len(missing) == len(LANGUAGES):
        problems.append("no_text")
    elif missing and not override_reason.strip():
        problems.append("missing_languages")
    if any(len(text) > TEXT_MAX for text in draft.texts.values()):
        problems.append("too_long")
    if draft.severity not in NOTICE_SEVERITIES:
        problems.append("severity")
    if draft.ends_at <= now:
        problems.append("already_ended")
    elif draft.ends_at <= draft.starts_at:
        problems.append("ends_before_start")
    elif draft.ends_at - draft.starts_at > MAX_PERIOD:
        problems.append("too_long_period")
    if draft.target not in NOTICE_TARGETS:
        problems.append("target")
    elif draft.target == "kinds" and not (draft.kinds and set(draft.kinds) <= set(TERMINAL_KINDS)):
        problems.append("no_kinds")
    elif draft.target == "terminals":
        known = set(db.session.scalars(select(Terminal.id).where(Terminal.id.in_(draft.terminal_ids or [0]))))
        if not known or known != set(draft.terminal_ids):
            problems.append("no_terminals")
    return NoticeRefused(problems, missing) if problems else None


def _how_and_when(notice: UrgentNotice) -> dict:
    """The fields that both a terminal and the audit log are told about a notice."""
    return {
        "version": notice.version,
        "severity": notice.severity,
        "starts_at": notice.starts_at.isoformat(),
        "ends_at": notice.ends_at.isoformat(),
    }


def _fields(notice: UrgentNotice) -> dict:
    """What an audit entry says about a notice (its texts included: staff must see what was shown)."""
    return {
        "notice": notice.id,
        **_how_and_when(notice),
        "target": notice.target,
        "kinds": list(notice.target_kinds or []),
        "terminals": list(notice.target_terminals or []),
        "texts": {lang: (notice.texts.get(lang) or {}).get("text", "") for lang in LANGUAGES},
    }


def _actor(actor) -> str:
    return (actor if isinstance(actor, str) else getattr(actor, "username", "") or "")[:80]


def save_notice(
    draft: NoticeDraft, actor, now: datetime, override_reason: str = "", notice: UrgentNotice | None = None
) -> UrgentNotice:
    """Create a notice, or change one (its version goes up); audited. Raises NoticeRefused."""
    from core import audit

    texts = {lang: clean_text(draft.texts.get(lang) or "") for lang in LANGUAGES}
    starts, ends = draft.starts_at.astimezone(UTC), draft.ends_at.astimezone(UTC)
    draft = NoticeDraft({k: v for k, v in texts.items() if v}, draft.severity, starts, ends, draft.target,
                        sorted(set(draft.kinds)), sorted(set(draft.terminal_ids)))  # fmt: skip
    refusal = check_draft(draft, now, override_reason)
    if refusal:
        raise refusal
    if notice is not None and notice.withdrawn_at is not None:
        raise NoticeRefused(["withdrawn"])
    creating = notice is None
    if creating:
        notice = UrgentNotice(created_at=now, created_by=_actor(actor), version=1)
        db.session.add(notice)
    else:
        before = _fields(notice)
        notice.version += 1
        notice.updated_at = now
        notice.updated_by = _actor(actor)
    notice.texts = {lang: {"text": text} for lang, text in draft.texts.items()}
    notice.severity = draft.severity
    notice.starts_at = draft.starts_at
    notice.ends_at = draft.ends_at
    notice.target = draft.target
    notice.target_kinds = draft.kinds if draft.target == "kinds" else []
    notice.target_terminals = draft.terminal_ids if draft.target == "terminals" else []
    missing = missing_languages(draft.texts)
    notice.override_reason = override_reason.strip() if missing else ""
    db.session.flush()
    detail = _fields(notice)
    if missing:
        detail.update(missing=missing, override_reason=notice.override_reason)
    if not creating:
        detail["changed"] = sorted(k for k in detail if k in before and before[k] != detail[k] and k != "version")
    audit.record(NOTICE_CREATE if creating else NOTICE_UPDATE, actor, detail, commit=False)
    db.session.commit()
    return notice


def withdraw_notice(notice: UrgentNotice, actor, now: datetime) -> None:
    """Take a notice back: terminals drop it with their next heartbeat; audited."""
    from core import audit

    if notice.withdrawn_at is not None:
        return
    notice.withdrawn_at = now
    notice.withdrawn_by = _actor(actor)
    notice.version += 1
    audit.record(NOTICE_WITHDRAW, actor, _fields(notice), commit=False)
    db.session.commit()


def targets(notice: UrgentNotice, terminal: Terminal) -> bool:
    """Whether the notice is meant for this terminal."""
    if notice.target == "all":
        return True
    if notice.target == "kinds":
        return terminal.kind in (notice.target_kinds or [])
    return terminal.id in (notice.target_terminals or [])


def current_notices(now: datetime) -> list[UrgentNotice]:
    """Notices not withdrawn that have not ended (in force or still to come), soonest first."""
    query = select(UrgentNotice).where(UrgentNotice.withdrawn_at.is_(None), UrgentNotice.ends_at > now)
    return list(db.session.scalars(query.order_by(UrgentNotice.starts_at, UrgentNotice.id)))


def delivery(notice: UrgentNotice) -> dict:
    """A notice as a terminal receives it."""
    return {
        "id": notice.id,
        **_how_and_when(notice),
        "texts": {lang: {"text": (fields or {}).get("text", "")} for lang, fields in (notice.texts or {}).items()},
    }


def list_hash(items: list[dict]) -> str:
    """A short fingerprint of a delivered list, so an unchanged list is not sent again every minute."""
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def deliveries_for(terminal: Terminal, now: datetime) -> list[dict]:
    """What this terminal must hold: the notices for it that have not ended."""
    found = [delivery(n) for n in current_notices(now) if targets(n, terminal)]
    return found[:MAX_DELIVERED]


def plan_holdings(terminal: Terminal, held: list[tuple[int, int]]) -> list[tuple[int, int, NoticeAck | None]]:
    """(notice id, version, its ack row or None) for every held notice whose ack must be written.

    Only reads, so a heartbeat can do all its reading before it starts writing."""
    versions = dict(held)
    if not versions:
        return []
    known = {
        ack.notice_id: ack
        for ack in db.session.scalars(
            select(NoticeAck).where(NoticeAck.terminal_id == terminal.id, NoticeAck.notice_id.in_(versions))
        )
    }
    existing = set(db.session.scalars(select(UrgentNotice.id).where(UrgentNotice.id.in_(versions))))
    return [
        (notice_id, version, known.get(notice_id))
        for notice_id, version in versions.items()
        if notice_id in existing and (notice_id not in known or known[notice_id].version != version)
    ]


def record_holdings(terminal: Terminal, plan: list[tuple[int, int, NoticeAck | None]], now: datetime) -> None:
    """Write what `plan_holdings` found: which version of which notice the terminal holds (caller commits)."""
    for notice_id, version, ack in plan:
        if ack is None:
            db.session.add(NoticeAck(notice_id=notice_id, terminal_id=terminal.id, version=version, acked_at=now))
        else:
            ack.version, ack.acked_at = version, now


@dataclass(frozen=True)
class Holding:
    """One targeted terminal and whether it holds the notice's current version."""

    terminal: Terminal
    version: int | None
    acked_at: datetime | None
    current: bool


def holdings(notice: UrgentNotice) -> list[Holding]:
    """Every active terminal the notice is meant for, with what it reported holding."""
    acks = {a.terminal_id: a for a in db.session.scalars(select(NoticeAck).where(NoticeAck.notice_id == notice.id))}
    active = select(Terminal).where(Terminal.token_hash.is_not(None), Terminal.revoked_at.is_(None))
    terminals = db.session.scalars(active.order_by(Terminal.name))
    out = []
    for terminal in terminals:
        if not targets(notice, terminal):
            continue
        ack = acks.get(terminal.id)
        version = ack.version if ack else None
        out.append(Holding(terminal, version, ack.acked_at if ack else None, version == notice.version))
    return out


# --- terminal side ---------------------------------------------------------------------------------

CONTROL_KEY = "notices"
CONTROL_HASH = "notices_hash"


def _aware(value) -> datetime | None:
    return state.parse_time(value)


def clean_delivered(raw) -> list[dict] | None:
    """Central's list as the terminal keeps it: well-formed entries only; None when it is not a list."""
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw[:MAX_DELIVERED]:
        if not isinstance(item, dict):
            continue
        ident, version = item.get("id"), item.get("version")
        starts, ends = _aware(item.get("starts_at")), _aware(item.get("ends_at"))
        texts = item.get("texts")
        if not (isinstance(ident, int) and isinstance(version, int) and starts and ends and isinstance(texts, dict)):
            continue
        clean = {}
        for lang in LANGUAGES:
            fields = texts.get(lang)
            text = fields.get("text") if isinstance(fields, dict) else None
            if isinstance(text, str) and text.strip():
                clean[lang] = {"text": clean_text(text)[: TEXT_MAX * 2]}
        if not clean:
            continue
        severity = item.get("severity") if item.get("severity") in NOTICE_SEVERITIES else "warning"
        out.append({"id": ident, "version": version, "severity": severity, "starts_at": starts.isoformat(),
                    "ends_at": ends.isoformat(), "texts": clean})  # fmt: skip
    return out


def store_delivered(control: dict, answer: dict) -> None:
    """Keep the notices of a heartbeat answer in the control dict (the caller writes the file)."""
    if "notices" not in answer:
        return  # unchanged since the hash the terminal sent (or a central without notices)
    items = clean_delivered(answer.get("notices"))
    if items is None:
        return
    control[CONTROL_KEY] = items
    given = answer.get("notices_hash")
    control[CONTROL_HASH] = given if isinstance(given, str) and len(given) <= 64 else list_hash(items)


def held(control: dict) -> tuple[list[list[int]], str | None]:
    """(id, version) of every notice this terminal keeps, and the hash of its list, for the heartbeat."""
    items = control.get(CONTROL_KEY)
    items = items if isinstance(items, list) else []
    pairs = [[i["id"], i["version"]] for i in items if isinstance(i, dict) and "id" in i and "version" in i]
    digest = control.get(CONTROL_HASH)
    return pairs, digest if isinstance(digest, str) else None


@dataclass(frozen=True)
class ShownNotice:
    """A notice the terminal holds, with its times parsed."""

    id: int
    version: int
    severity: str
    starts_at: datetime
    ends_at: datetime
    texts: dict


_parsed: dict = {"source": None, "items": ()}


def _held_notices(control: dict | None = None) -> tuple[ShownNotice, ...]:
    """The terminal's notices, parsed once per change of the control file (the warm path calls this,
    passing the control file it has read already)."""
    if control is None:
        if not state.is_terminal():
            return ()
        control = state.terminal_control()
    items = control.get(CONTROL_KEY)
    if not items:
        return ()
    if items is not _parsed["source"]:
        parsed = []
        for item in items if isinstance(items, list) else []:
            try:
                parsed.append(ShownNotice(item["id"], item["version"], item["severity"], _aware(item["starts_at"]),
                                          _aware(item["ends_at"]), item["texts"]))  # fmt: skip
            except (KeyError, TypeError):
                continue
        parsed = [n for n in parsed if n.starts_at and n.ends_at]
        parsed.sort(key=lambda n: (SEVERITY_RANK.get(n.severity, 9), -n.starts_at.timestamp(), n.id))
        _parsed.update(source=items, items=tuple(parsed))
    return _parsed["items"]


def in_force(now: datetime, control: dict | None = None) -> list[ShownNotice]:
    """The notices this terminal shows at `now` (its own clock: nothing here asks central). `control`:
    the terminal's control file when the caller has read it (empty on central and stand-alone kiosks)."""
    return [n for n in _held_notices(control) if n.starts_at <= now < n.ends_at]


def in_force_key(now: datetime, control: dict | None = None) -> tuple:
    """What a kiosk page depends on: which versions are in force (part of the page cache key)."""
    return tuple((n.id, n.version) for n in in_force(now, control))


def in_force_tag(now: datetime) -> str:
    """`in_force_key` as a short text: the kiosk page compares it with /kiosk-status to refresh itself."""
    return " ".join(f"{ident}.{version}" for ident, version in in_force_key(now))
