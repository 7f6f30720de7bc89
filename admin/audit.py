"""The audit log as staff read it: who did what (in words), to which item (linked to its editor and to
the change's diff), and when; filtered by person, item, action and dates; exported as CSV with exactly
the rows and words the page shows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, g, render_template, request, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from admin import bp
from admin.forms import LANGUAGE_LABELS, ROLE_LABELS
from admin.labels import author, system_text
from core.auth import role_required
from core.editing import ITEM_TYPES, all_items, display_title, item_type_of
from core.extensions import db
from core.models import AuditEvent, User

BISHKEK = ZoneInfo("Asia/Bishkek")
AUDIT_PAGE_SIZE = 50
CSV_LIMIT = 20_000  # newest rows in one export; the filters narrow a bigger log

# Every action the app records, in words. Other parts may add codes: those show as "Other action".
EVENT_LABELS = {
    "login": _l("Logged in"),
    "login.failed": _l("Failed login"),
    "logout": _l("Logged out"),
    "item.create": _l("Created an item (draft)"),
    "item.save": _l("Saved a draft"),
    "item.revert": _l("Restored an earlier revision as a draft"),
    "item.check": _l("Checked against the Service's documents"),
    "publish": _l("Published a release"),
    "rollback": _l("Rolled back to an earlier release"),
    "user.create": _l("Created a staff account"),
    "user.change": _l("Changed a staff account"),
    "user.password": _l("Changed a password"),
    "settings.change": _l("Changed a setting"),
    "terminal.create": _l("Registered a terminal"),
    "terminal.update": _l("Changed a terminal's settings"),
    "terminal.token_rotate": _l("Issued a new terminal token"),
    "terminal.token_revoke": _l("Revoked a terminal token"),
    "terminal.command": _l("Sent a command to a terminal"),
}
FIELD_LABELS = {
    "username": _l("user name"),
    "role": _l("role"),
    "language": _l("interface language"),
    "active": _l("account enabled"),
    "password": _l("password"),
}


@dataclass(frozen=True)
class AuditRow:
    """One event as the page and the CSV show it."""

    event: AuditEvent
    when: str
    who: str
    what: str
    item: str
    item_url: str | None
    details: str
    diff_url: str | None

    def cells(self) -> list[str]:
        """The row's cells, in the order of the page's columns."""
        return [self.when, self.who, self.what, self.item, self.details]


def _day(value: str, end: bool = False) -> datetime | None:
    """The start (or the end) of a day typed as YYYY-MM-DD, in Bishkek time; None when unreadable."""
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    try:
        moment = datetime.combine(day, time.min, tzinfo=BISHKEK) + timedelta(days=1 if end else 0)
        moment.astimezone(UTC)  # as it is compared; the calendar's first and last days overflow
    except OverflowError:
        return None  # no limit: every event is after the first day and before the last
    return moment


def _filtered(args) -> tuple:
    """The query for the filters in `args` (event, actor, item, from, to), newest first."""
    query = select(AuditEvent)
    event = args.get("event", "")
    actor = args.get("actor", "").strip()
    item = args.get("item", "")
    start, end = _day(args.get("from", "")), _day(args.get("to", ""), end=True)
    if event:
        query = query.where(AuditEvent.event == event)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    kind, _sep, key = item.partition(":")
    if kind in ITEM_TYPES and key.isdecimal() and len(key) < 12:
        query = query.where(
            AuditEvent.event.startswith("item."),
            AuditEvent.detail["type"].as_string() == kind,
            AuditEvent.detail["id"].as_integer() == int(key),
        )
    elif kind == "terminal" and key:
        query = query.where(AuditEvent.detail["terminal"].as_string() == key)
    elif kind == "user" and key:
        query = query.where(AuditEvent.event.startswith("user."), AuditEvent.detail["user"].as_string() == key)
    if start:
        query = query.where(AuditEvent.at >= start)
    if end:
        query = query.where(AuditEvent.at < end)
    return query.order_by(AuditEvent.id.desc())


class _Lookup:
    """Titles and addresses of the items, terminals and accounts the shown events are about."""

    def __init__(self, events: list[AuditEvent]):
        wanted: dict[str, set[int]] = {}
        for e in events:
            detail = e.detail or {}
            if e.event.startswith("item.") and detail.get("type") in ITEM_TYPES and isinstance(detail.get("id"), int):
                wanted.setdefault(detail["type"], set()).add(detail["id"])
        self.items = {}
        for kind, ids in wanted.items():
            model = ITEM_TYPES[kind].model
            for item in db.session.scalars(select(model).where(model.id.in_(ids))):
                self.items[(kind, item.id)] = item
        names = {(e.detail or {}).get("user") for e in events if e.event.startswith("user.")}
        names.discard(None)
        self.users = dict(db.session.execute(select(User.username, User.id).where(User.username.in_(names))).all())
        from core.models.fleet import Terminal

        slugs = {(e.detail or {}).get("terminal") for e in events}
        slugs.discard(None)
        query = select(Terminal.slug, Terminal.name).where(Terminal.slug.in_(slugs))
        self.terminals = dict(db.session.execute(query).all())


def _item_cell(e: AuditEvent, lookup: _Lookup) -> tuple[str, str | None, str | None]:
    """(what the event is about, its address, the address of the change's diff) for one event."""
    detail = e.detail or {}
    if e.event.startswith("item.") and detail.get("type") in ITEM_TYPES:
        kind = ITEM_TYPES[detail["type"]]
        item = lookup.items.get((kind.key, detail.get("id")))
        if item is None:
            return _("%(kind)s no. %(id)s (deleted)", kind=kind.label, id=detail.get("id")), None, None
        title = f"{kind.label}: {display_title(item, g.lang)}"
        url = url_for("admin.item_edit", kind=kind.key, item_id=item.id)
        diff = None
        revision = detail.get("revision")
        if isinstance(revision, int) and e.event != "item.check":
            older = {"a": revision - 1} if revision > 1 else {}
            diff = url_for("admin.item_history", kind=kind.key, item_id=item.id, b=revision, **older)
        return title, url, diff
    if e.event in ("publish", "rollback") and isinstance(detail.get("release"), int):
        return _("Release no. %(number)s", number=detail["release"]), url_for("admin.releases"), None
    if detail.get("terminal"):
        slug = detail["terminal"]
        name = lookup.terminals.get(slug)
        if name is None:
            return slug, None, None
        return _("Terminal: %(name)s", name=name), url_for("admin.fleet_terminal", slug=slug), None
    if e.event.startswith("user.") and detail.get("user"):
        user_id = lookup.users.get(detail["user"])
        url = url_for("admin.user_edit", user_id=user_id) if user_id else None
        return _("Account: %(name)s", name=detail["user"]), url, None
    if e.event == "settings.change" and detail.get("key"):
        return str(detail["key"]), None, None
    return "", None, None


def _value(name: str, value) -> str:
    """A changed account value in words."""
    if name == "role":
        return str(ROLE_LABELS.get(value, value))
    if name == "language":
        return str(LANGUAGE_LABELS.get(value, value))
    if name == "active":
        return _("yes") if value else _("no")
    return str(value)


def _details(e: AuditEvent) -> str:
    """What else the event records, in words (comments stay as staff wrote them)."""
    detail = e.detail or {}
    parts = []
    if e.event in ("item.create", "item.save", "item.revert") and isinstance(detail.get("revision"), int):
        parts.append(_("revision %(number)s", number=detail["revision"]))
    if e.event == "item.check" and detail.get("checked_on"):
        parts.append(_("checked on %(date)s", date=detail["checked_on"]))
    if e.event == "publish" and isinstance(detail.get("changes"), list):
        count = len(detail["changes"])
        parts.append(ngettext("%(num)s item changed", "%(num)s items changed", count))
    if e.event == "rollback" and isinstance(detail.get("restored"), int):
        parts.append(_("shows release %(number)s again", number=detail["restored"]))
    if e.event == "user.create" and detail.get("role"):
        parts.append(_("role: %(role)s", role=_value("role", detail["role"])))
    if e.event == "user.change" and isinstance(detail.get("changes"), dict):
        for name, change in detail["changes"].items():
            label = str(FIELD_LABELS.get(name, name))
            if name == "password":
                parts.append(_("new password set"))
            elif isinstance(change, list) and len(change) == 2:
                parts.append(f"{label}: {_value(name, change[0])} → {_value(name, change[1])}")
    if e.event == "settings.change" and "new" in detail:
        parts.append(f"{detail.get('old', '—')} → {detail['new']}")
    if e.event == "terminal.command" and detail.get("command") == "reload":
        parts.append(_("reload the kiosk page"))
    if detail.get("comment"):
        parts.append(_("comment: %(text)s", text=system_text(detail["comment"])))
    if detail.get("override_reason"):
        parts.append(_("published despite warnings: %(reason)s", reason=detail["override_reason"]))
    return "; ".join(parts)


def audit_rows(events: list[AuditEvent]) -> list[AuditRow]:
    """The events as the page shows them, in the admin language."""
    lookup = _Lookup(events)
    rows = []
    for e in events:
        label = EVENT_LABELS.get(e.event)
        what = str(label) if label is not None else _("Other action (%(code)s)", code=e.event)
        item, item_url, diff_url = _item_cell(e, lookup)
        who = author(e.actor) if e.actor else "—"
        if e.event == "login.failed":
            who = _("%(name)s (name typed)", name=e.actor or "—")
        when = format_datetime(e.at, "medium")
        rows.append(AuditRow(e, when, who, what, item, item_url, _details(e), diff_url))
    return rows


def _filter_choices() -> dict:
    """The options of the person, action and item filters."""
    actors = [a for a in db.session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)) if a]
    codes = list(db.session.scalars(select(AuditEvent.event).distinct()))
    actions = sorted(
        ((code, str(EVENT_LABELS.get(code) or _("Other action (%(code)s)", code=code))) for code in codes),
        key=lambda pair: pair[1],
    )
    items = []
    for item in all_items():
        kind = item_type_of(item)
        items.append((f"{kind.key}:{item.id}", f"{kind.label}: {display_title(item, g.lang)}"))
    from core.models.fleet import Terminal

    for slug, name in db.session.execute(select(Terminal.slug, Terminal.name).order_by(Terminal.name)):
        items.append((f"terminal:{slug}", _("Terminal: %(name)s", name=name)))
    return {"actors": actors, "actions": actions, "items": items}


FILTER_KEYS = ("event", "actor", "item", "from", "to")


@bp.get("/audit")
@role_required("admin")
def audit_log():
    """Browse the audit log, newest first, filtered by person, item, action and dates."""
    query = _filtered(request.args)
    # The page number comes from the address: past any offset the database accepts it just shows nothing.
    number = min(request.args.get("page", 1, type=int), 1_000_000)
    page = db.paginate(query, page=number, per_page=AUDIT_PAGE_SIZE, error_out=False)
    keep = {k: v for k, v in request.args.items() if k in FILTER_KEYS and v}
    prev_url = url_for("admin.audit_log", page=page.prev_num, **keep) if page.has_prev else None
    next_url = url_for("admin.audit_log", page=page.next_num, **keep) if page.has_next else None
    return render_template(
        "admin/audit.html", page=page, rows=audit_rows(list(page.items)), args=request.args, prev_url=prev_url,
        next_url=next_url, csv_url=url_for("admin.audit_csv", **keep), choices=_filter_choices(),
        filtered=bool(keep),
    )  # fmt: skip


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would make it a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/audit.csv")
@role_required("admin")
def audit_csv():
    """The filtered audit log as CSV: the same columns and words as the page, every matching row."""
    events = list(db.session.scalars(_filtered(request.args).limit(CSV_LIMIT)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When"), _("Who"), _("What"), _("Item"), _("Details")])
    for row in audit_rows(events):
        writer.writerow([_safe_cell(cell) for cell in row.cells()])
    stamp = datetime.now(BISHKEK).strftime("%Y-%m-%d")
    return Response(
        "\ufeff" + out.getvalue(),  # the byte-order mark makes spreadsheet programs read UTF-8 (Cyrillic)
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )
