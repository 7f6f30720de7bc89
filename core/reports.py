"""Traveller reports (issue 14): numbers, due dates, encryption at rest, retention and delivery.

- **Number**: terminal prefix + sequence ("7-0042"). A terminal's prefix is its id on central (sent with
  every heartbeat answer), central's own kiosk pages use "0"; each prefix counts on its own, so numbers
  are unique across the fleet while a terminal is offline, and short enough to dictate.
- **Due date**: REPORT_ANSWER_WORKING_DAYS working days after the day of filing, on the Kyrgyz
  calendar of the reception-hours engine (weekends, public holidays, decree days off, transferred
  working days), read from the office rules of the release the kiosk shows.
- **Privacy**: the name, the contact and the free text are Fernet tokens (MultiFernet over REPORT_KEYS,
  newest key first, so keys rotate without losing a report); they never go into logs, heartbeats or
  usage counts. Personal data is erased REPORT_RETENTION_DAYS after a report is closed; the record stays.
- **Delivery** (terminal): reports wait in the local `report` table, go to central with the next
  heartbeat run (their own request, never inside the heartbeat), and are deleted once central answers
  with their uid. Central keeps one row per uid, so a resent report is stored once.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.hours import TZ, Rules, Schedule, default_rules
from core.models.base import utcnow
from core.models.reports import (
    FINAL_STATUSES,
    REPORT_KINDS,
    REPORT_PLACES,
    REPORT_STATUSES,
    REPORT_WHEN,
    Report,
    ReportSequence,
)

TEXT_MAX = 1000
NAME_MAX = 100
CONTACT_MAX = 100
PLACE_DETAIL_MAX = 200
CENTRAL_PREFIX = "0"
NUMBER_RE = re.compile(r"^[0-9A-Za-z]{1,12}-[0-9]{4,9}$")
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,180}\.[^@\s.]{2,}$")
_PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{4,24}$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Reports sent to central per request (a week offline is delivered over several heartbeat runs).
DELIVERY_BATCH = 50

# Words for the codes stored on a report, shared by the kiosk's status page and the register.
# The kiosk words "what happened" and "when" for the traveller, so those two stay with its form.
STATUS_LABELS = {
    "registered": _l("Registered"),
    "review": _l("Under review"),
    "answered": _l("Answered"),
    "closed": _l("Case closed"),
    "passed": _l("Passed to another body to review"),
}
PLACE_LABELS = {
    "office": _l("The Service's building in Bishkek"),
    "railway": _l("Railway station"),
    "border": _l("Border crossing point"),
    "airport": _l("Manas airport"),
    "other": _l("Somewhere else"),
}


# --------------------------------------------------------------------------- encryption


def cipher(keys: tuple[str, ...] | list[str] | None = None) -> MultiFernet:
    """The cipher over REPORT_KEYS: encrypts with the first key, decrypts with any of them."""
    keys = keys or current_app.config["REPORT_KEYS"]
    if not keys:
        raise RuntimeError("REPORT_KEYS is empty: reports cannot be stored")
    try:
        return MultiFernet([Fernet(key.encode() if isinstance(key, str) else key) for key in keys])
    except ValueError as exc:
        raise RuntimeError("REPORT_KEYS must hold Fernet keys (32 url-safe base64-encoded bytes each)") from exc


def seal(text: str | None) -> str | None:
    """A Fernet token of the text (None stays None)."""
    if text is None:
        return None
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def unseal(token: str | None) -> str | None:
    """The text of a token; None for None; raises RuntimeError when no configured key opens it."""
    if not token:
        return None if token is None else ""
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise RuntimeError("a report field cannot be decrypted with REPORT_KEYS (a key dropped too early?)") from None


def rotate_keys() -> int:
    """Re-encrypt every sealed field with the newest key; returns the number of reports rewritten."""
    fernet = cipher()
    count = 0
    for report in db.session.scalars(select(Report)):
        for column in ("text_enc", "name_enc", "contact_enc"):
            value = getattr(report, column)
            if value:
                setattr(report, column, fernet.rotate(value.encode("ascii")).decode("ascii"))
        count += 1
    db.session.commit()
    return count


def generate_key() -> str:
    """A new Fernet key for REPORT_KEYS."""
    return Fernet.generate_key().decode("ascii")


# --------------------------------------------------------------------------- calendar


def working_calendar(rules: Rules) -> Schedule:
    """The office's calendar without its hours: a day is a working day unless it is a weekend of the
    weekly template, a public holiday or a decree day off; a transferred working day counts. One-off
    closures, holiday hours and short days do not change the legal count of working days."""
    return Schedule(
        Rules(
            weekly=rules.weekly,
            exceptions=tuple(e for e in rules.exceptions if e.kind == "working_day"),
            holidays_enabled=rules.holidays_enabled,
            shorten_minutes=0,
            extra_holidays=rules.extra_holidays,
        )
    )


def add_working_days(start: date, days: int, calendar: Schedule) -> date:
    """The `days`-th working day after `start` (the day of filing itself never counts)."""
    found, day = 0, start
    for _ in range(days * 7 + 400):  # bounded even for a calendar without working days
        day += timedelta(days=1)
        if calendar.days(day, 1)[0].open:
            found += 1
            if found >= days:
                return day
    raise ValueError("no working days in the calendar")


def office_rules(snapshot) -> Rules:
    """The reception rules of the release (the Service's standard ones when it has none or bad ones)."""
    raw = ((snapshot.payload.get("office") or {}).get("hours")) if snapshot else None
    if raw:
        try:
            return Rules.from_dict(raw)
        except ValueError:
            pass
    return default_rules()


_calendars: dict[str, Schedule] = {}


def due_date(filed_at: datetime, snapshot=None, days: int | None = None) -> date:
    """The date by which an answer is due for a report filed at `filed_at` (Bishkek calendar)."""
    days = current_app.config["REPORT_ANSWER_WORKING_DAYS"] if days is None else days
    key = snapshot.content_hash if snapshot else "default"
    calendar = _calendars.get(key)
    if calendar is None:
        calendar = _calendars[key] = working_calendar(office_rules(snapshot))
        if len(_calendars) > 16:
            _calendars.pop(next(iter(_calendars)))
    return add_working_days(filed_at.astimezone(TZ).date(), days, calendar)


# --------------------------------------------------------------------------- numbers


def number_prefix() -> str | None:
    """This kiosk's number prefix: REPORT_NUMBER_PREFIX, else central's "0", else the terminal's id from
    central's last heartbeat answer; None on a terminal that has never reached central."""
    configured = current_app.config.get("REPORT_NUMBER_PREFIX")
    if configured:
        return configured
    if current_app.config["KIOSK_ROLE"] == "central":
        return CENTRAL_PREFIX
    from core.fleet.state import terminal_settings

    prefix = terminal_settings().get("report_prefix")
    return str(prefix) if prefix and re.fullmatch(r"[0-9A-Za-z]{1,12}", str(prefix)) else None


def next_number(prefix: str) -> str:
    """Take the next sequence number of `prefix` (in the caller's transaction)."""
    for _attempt in range(3):
        taken = db.session.execute(
            update(ReportSequence)
            .where(ReportSequence.prefix == prefix)
            .values(last=ReportSequence.last + 1)
            .returning(ReportSequence.last)
        ).scalar()
        if taken is None:
            try:
                with db.session.begin_nested():
                    db.session.add(ReportSequence(prefix=prefix, last=1))
                taken = 1
            except IntegrityError:
                continue  # another worker made the row first: count on it
        return f"{prefix}-{taken:04d}"
    raise RuntimeError("could not take a report number")


def normalize_number(raw: str) -> str | None:
    """A typed number in its stored form ("7 - 0042" -> "7-0042"), or None when it cannot be one."""
    text = re.sub(r"\s", "", raw or "")
    for dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"):
        text = text.replace(dash, "-")
    return text if NUMBER_RE.match(text) else None


# --------------------------------------------------------------------------- filing


@dataclass
class Draft:
    """A report as the traveller gave it, checked."""

    lang: str
    kind: str
    place: str
    happened: str
    text: str
    anonymous: bool
    name: str = ""
    contact: str = ""
    place_detail: str = ""


def clean_text(value: str | None, limit: int) -> str:
    """Text without control characters (newlines and tabs kept), trimmed; over-long text is refused."""
    text = _CONTROL_RE.sub("", (value or "").replace("\r\n", "\n")).strip()
    return text if len(text) <= limit else text[: limit + 1]


def check_draft(form, lang: str, place_detail: str = "") -> tuple[Draft | None, dict[str, str]]:
    """Check the report form; returns (draft, {}) or (None, {field: error code})."""
    errors: dict[str, str] = {}
    kind = form.get("kind", "")
    if kind not in REPORT_KINDS:
        errors["kind"] = "choose"
    place = form.get("place", "")
    if place not in REPORT_PLACES or (place == "here" and not place_detail):
        errors["place"] = "choose"
    happened = form.get("happened", "")
    if happened not in REPORT_WHEN:
        errors["happened"] = "choose"
    text = clean_text(form.get("text"), TEXT_MAX)
    if len(text) > TEXT_MAX:
        errors["text"] = "long"
    anonymous = form.get("answer", "") != "contact"
    if form.get("answer", "") not in ("anonymous", "contact"):
        errors["answer"] = "choose"
    name = contact = ""
    if not anonymous:
        name = clean_text(form.get("name"), NAME_MAX)
        contact = clean_text(form.get("contact"), CONTACT_MAX)
        if not name:
            errors["name"] = "missing"
        elif len(name) > NAME_MAX:
            errors["name"] = "long"
        if not contact:
            errors["contact"] = "missing"
        elif len(contact) > CONTACT_MAX:
            errors["contact"] = "long"
        elif not (_EMAIL_RE.match(contact) or (_PHONE_RE.match(contact) and sum(c.isdigit() for c in contact) >= 6)):
            errors["contact"] = "format"
    if errors:
        return None, errors
    detail = place_detail[:PLACE_DETAIL_MAX] if place == "here" else ""
    return Draft(lang, kind, place, happened, text, anonymous, name, contact, detail), {}


def file_report(draft: Draft, now: datetime | None = None, snapshot=None, source: str = "") -> Report:
    """Register a checked report: a number, the due date, sealed personal data; commits."""
    now = now or utcnow()
    prefix = number_prefix()
    if prefix is None:
        raise RuntimeError("this terminal has no report number prefix yet (it has not reached central)")
    report = Report(
        uid=str(uuid.uuid4()),
        number=next_number(prefix),
        filed_at=now,
        due_on=due_date(now, snapshot),
        lang=draft.lang,
        kind=draft.kind,
        place=draft.place,
        place_detail=draft.place_detail,
        happened=draft.happened,
        text_enc=seal(draft.text),
        name_enc=None if draft.anonymous else seal(draft.name),
        contact_enc=None if draft.anonymous else seal(draft.contact),
        anonymous=draft.anonymous,
        source=source,
        status="registered",
        received_at=now if current_app.config["KIOSK_ROLE"] == "central" else None,
    )
    db.session.add(report)
    db.session.commit()
    return report


def find(number: str) -> Report | None:
    """The report with this number, if this database holds it."""
    return db.session.scalar(select(Report).where(Report.number == number))


# --------------------------------------------------------------------------- register


def set_status(report: Report, status: str, now: datetime | None = None) -> None:
    """Move a report to a status; a final status starts the retention clock (the caller commits)."""
    if status not in REPORT_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    now = now or utcnow()
    report.status = status
    report.updated_at = now
    report.closed_at = (report.closed_at or now) if status in FINAL_STATUSES else None


def erase_expired(now: datetime | None = None) -> list[str]:
    """Erase the name and contact of reports closed longer than REPORT_RETENTION_DAYS ago; returns
    their numbers. The record (what, where, when, status, answer) stays for the register."""
    now = now or utcnow()
    limit = now - timedelta(days=current_app.config["REPORT_RETENTION_DAYS"])
    due = db.session.scalars(
        select(Report).where(
            Report.closed_at.is_not(None),
            Report.closed_at <= limit,
            Report.erased_at.is_(None),
            Report.status.in_(FINAL_STATUSES),
        )
    ).all()
    for report in due:
        report.name_enc = None
        report.contact_enc = None
        report.erased_at = now
    if due:
        from core import audit

        audit.record("report.erase", "retention", {"numbers": [r.number for r in due]}, commit=False)
    db.session.commit()
    return [r.number for r in due]


def is_overdue(report: Report, today: date) -> bool:
    """True while a report is still open after its due date."""
    return report.status not in FINAL_STATUSES and report.due_on < today


# --------------------------------------------------------------------------- delivery (terminal -> central)


def outgoing(limit: int = DELIVERY_BATCH) -> list[dict]:
    """Terminal: the reports waiting for central, decrypted for the (HTTPS) request that carries them."""
    rows = db.session.scalars(select(Report).order_by(Report.id).limit(limit)).all()
    return [
        {
            "uid": r.uid,
            "number": r.number,
            "filed_at": r.filed_at.isoformat(),
            "due_on": r.due_on.isoformat(),
            "lang": r.lang,
            "kind": r.kind,
            "place": r.place,
            "place_detail": r.place_detail,
            "happened": r.happened,
            "text": unseal(r.text_enc) or "",
            "name": unseal(r.name_enc),
            "contact": unseal(r.contact_enc),
        }
        for r in rows
    ]


def drop_delivered(uids: list[str]) -> int:
    """Terminal: delete the reports central has acknowledged."""
    if not uids:
        return 0
    rows = db.session.scalars(select(Report).where(Report.uid.in_(uids))).all()
    for row in rows:
        db.session.delete(row)
    db.session.commit()
    return len(rows)


class BadDelivery(ValueError):
    """A delivered report that does not have the documented shape."""


def _opt(raw: dict, key: str, limit: int) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadDelivery(f"{key} must be a string")
    return value[:limit]


def parse_delivery(item, now: datetime) -> dict:
    """Check one delivered report (central); raises BadDelivery."""
    if not isinstance(item, dict):
        raise BadDelivery("each report must be an object")
    uid = item.get("uid")
    try:
        uid = str(uuid.UUID(uid)) if isinstance(uid, str) and len(uid) == 36 else None
    except ValueError:
        uid = None
    if uid is None:
        raise BadDelivery("uid must be a UUID")
    number = item.get("number")
    if not isinstance(number, str) or not NUMBER_RE.match(number):
        raise BadDelivery("number is malformed")
    try:
        filed_at = datetime.fromisoformat(item.get("filed_at", ""))
        due_on = date.fromisoformat(item.get("due_on", ""))
    except (TypeError, ValueError):
        raise BadDelivery("filed_at and due_on must be ISO values") from None
    if filed_at.tzinfo is None or not now - timedelta(days=400) <= filed_at <= now + timedelta(days=1):
        raise BadDelivery("filed_at is out of range")
    if not filed_at.date() <= due_on <= filed_at.date() + timedelta(days=120):
        raise BadDelivery("due_on is out of range")
    if item.get("lang") not in current_app.config["LANGUAGES"] or item.get("kind") not in REPORT_KINDS:
        raise BadDelivery("lang or kind is unknown")
    if item.get("place") not in REPORT_PLACES or item.get("happened") not in REPORT_WHEN:
        raise BadDelivery("place or happened is unknown")
    name = item.get("name")
    contact = item.get("contact")
    anonymous = not name and not contact
    return {
        "uid": uid,
        "number": number,
        "filed_at": filed_at,
        "due_on": due_on,
        "lang": item["lang"],
        "kind": item["kind"],
        "place": item["place"],
        "place_detail": _opt(item, "place_detail", PLACE_DETAIL_MAX),
        "happened": item["happened"],
        "text": clean_text(_opt(item, "text", TEXT_MAX + 1), TEXT_MAX)[:TEXT_MAX],
        "name": None if anonymous else clean_text(_opt(item, "name", NAME_MAX), NAME_MAX)[:NAME_MAX],
        "contact": None if anonymous else clean_text(_opt(item, "contact", CONTACT_MAX), CONTACT_MAX)[:CONTACT_MAX],
    }


def receive(items: list[dict], source: str, now: datetime | None = None) -> list[str]:
    """Central: store delivered reports once each; returns the uids the terminal may now delete
    (new ones and ones already stored). A number taken by another report is refused and kept back."""
    now = now or utcnow()
    accepted = []
    for item in items:
        if db.session.scalar(select(Report.id).where(Report.uid == item["uid"])) is not None:
            accepted.append(item["uid"])
            continue
        if find(item["number"]) is not None:
            current_app.logger.warning("report %s from %s refused: the number is taken", item["number"], source)
            continue
        report = Report(
            uid=item["uid"],
            number=item["number"],
            filed_at=item["filed_at"],
            due_on=item["due_on"],
            lang=item["lang"],
            kind=item["kind"],
            place=item["place"],
            place_detail=item["place_detail"],
            happened=item["happened"],
            text_enc=seal(item["text"]),
            name_enc=seal(item["name"]) if item["name"] else None,
            contact_enc=seal(item["contact"]) if item["contact"] else None,
            anonymous=not (item["name"] or item["contact"]),
            source=source,
            status="registered",
            received_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(report)
        except IntegrityError:
            # The same report arrived twice at once: the other request stored it.
            if db.session.scalar(select(Report.id).where(Report.uid == item["uid"])) is not None:
                accepted.append(item["uid"])
            continue
        accepted.append(item["uid"])
    db.session.commit()
    return accepted


# --------------------------------------------------------------------------- command line

reports_cli = AppGroup("reports", help="Traveller reports: keys and retention.")


@reports_cli.command("new-key")
def reports_new_key() -> None:
    """Print a new key to put first in REPORT_KEYS."""
    click.echo(generate_key())


@reports_cli.command("rotate-key")
def reports_rotate_key() -> None:
    """Re-encrypt every report with the first key of REPORT_KEYS (then the old keys can be dropped)."""
    click.echo(f"re-encrypted {rotate_keys()} reports with the newest key")


@reports_cli.command("erase")
def reports_erase() -> None:
    """Erase names and contacts of reports closed more than REPORT_RETENTION_DAYS ago."""
    numbers = erase_expired()
    click.echo(f"erased the personal data of {len(numbers)} reports")
