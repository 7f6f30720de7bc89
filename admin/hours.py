"""Reception hours in the admin panel: the office's weekly grid, holidays, decree days off and
exceptions (or the same rules as OSM text), and each hotline's optional hours, with a preview of the
next 30 days and the rule warnings, rendered on the server.

Roles follow the rest of the panel (editors read history, publishers revert and publish): editors
may open every hours page read-only; publishers and admins preview and save. A save makes a draft
through core.editing (a revision, optimistic locking, an audit entry); kiosks change only when
someone publishes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from datetime import date

from babel.dates import format_date, get_day_names
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin import bp
from admin.forms import whole_number
from admin.hours_forms import HoursForm, OsmForm, grid_form, parse_date_key, parse_day
from admin.preview import build_panel, preview_response
from core.auth import has_role, role_required
from core.config import LANGUAGES
from core.editing import EditConflict, diff_data, display_title, item_type_of, release_payload, save_item
from core.extensions import db
from core.hours import TZ, Rules, Schedule, default_rules, to_osm, validate_rules
from core.hours.engine import WEEKDAY_KEYS, normalize
from core.hours.validate import LONG_CLOSURE_DAYS
from core.models import Hotline, Office
from core.publishing import latest_release
from core.reception import clock, reception_now, status_line

PREVIEW_DAYS = 30

WARNING_TEXTS = {
    "end_before_start": _l("A time range ends before it starts, so it is ignored."),
    "overlap": _l("Hours overlap, or one date is listed more than once. Check that this is what you meant."),
    "impossible_date": _l("This date does not exist, so the rule never applies."),
    "past_exception": _l("This date is in the past; the row can be removed."),
    "long_closure": _l("Closed for more than %(days)s days in a row. Check that no opening hours are missing.",
                       days=LONG_CLOSURE_DAYS),
    "missing_reason": _l("The reason is missing in some languages; kiosks in those languages show it in another."),
}  # fmt: skip
KIND_LABELS = {
    "regular": _l("Usual hours"),
    "weekend": _l("Day off"),
    "holiday": _l("Public holiday"),
    "preholiday": _l("Shortened before a holiday"),
    "exception": _l("Exception"),
}


# --- helpers ------------------------------------------------------------------------------------


def _office() -> Office:
    office = db.session.scalar(select(Office).order_by(Office.id).limit(1))
    if office is None:
        abort(404)
    return office


def _hotline(hotline_id: int) -> Hotline:
    hotline = db.session.get(Hotline, hotline_id)
    if hotline is None:
        abort(404)
    return hotline


def _load_rules(raw: dict | None, fallback: Rules | None) -> tuple[Rules | None, str | None]:
    """Rules from stored JSON; a broken value gives the fallback and the reason (shown, never overwritten silently)."""
    if not raw:
        return fallback, None
    try:
        return Rules.from_dict(raw), None
    except ValueError as exc:
        return fallback, str(exc)


def _version(text: str | None) -> int | None:
    return whole_number(text)


def _day_names() -> list[str]:
    """Weekday names in the admin's language, Monday first, capitalised for labels."""
    names = get_day_names("wide", locale=g.lang)
    return [names[i][:1].upper() + names[i][1:] for i in range(7)]


def _published(item) -> tuple[bool, dict | None]:
    """(is there a release, the hours that release shows for this item)."""
    payload = release_payload(latest_release())
    if payload is None:
        return False, None
    if isinstance(item, Office):
        return True, (payload.get("office") or {}).get("hours")
    found = next((h for h in payload.get("hotlines", []) if h.get("key") == item.key), None)
    return True, (found or {}).get("hours")


def _osm_or_none(raw: dict | None) -> str | None:
    try:
        return to_osm(Rules.from_dict(raw)) if raw else None
    except ValueError:
        return None


@dataclass
class Preview:
    """What the preview shows: the next days, the warnings, and what kiosks would say at this moment."""

    start: date
    rows: list[dict]
    warnings: list[dict]
    kiosk_says: dict
    rules: Rules | None = None
    changed: int | None = None  # days that differ from the published rules (None: nothing to compare)


def build_preview(rules: Rules, start: date | None = None) -> Preview:
    """The next PREVIEW_DAYS days of `rules` with reasons in ky, ru and en, plus the warnings."""
    now = reception_now()
    today = now.astimezone(TZ).date()
    start = start or today
    sched = Schedule(rules)
    by_lang = {lang: sched.days(start, PREVIEW_DAYS, lang=lang) for lang in LANGUAGES}
    rows = []
    for i, row in enumerate(by_lang[LANGUAGES[0]]):
        rows.append({
            "iso": row.date.isoformat(),
            "label": format_date(row.date, "EEE, d MMMM y", locale=g.lang),
            "open": row.open,
            "hours": ", ".join(f"{clock(a)}–{clock(b)}" for a, b in row.ranges),
            "kind": row.kind,
            "kind_label": KIND_LABELS.get(row.kind, row.kind),
            "reasons": {lang: by_lang[lang][i].reason for lang in LANGUAGES},
            "today": row.date == today,
        })  # fmt: skip
    kiosk_says = {}
    for lang in LANGUAGES:
        with force_locale(lang):
            kiosk_says[lang] = status_line(sched, now, lang)
    return Preview(start, rows, describe_warnings(rules, today), kiosk_says, rules)


@bp.app_template_global()
def date_input(value: str | None) -> str:
    """ "date" (the browser's date picker) for an empty or plain YYYY-MM-DD value; "text" for what a
    picker cannot show (a yearly date, a range, or a typing mistake, kept as typed beside its error)."""
    text = (value or "").strip()
    if not text:
        return "date"
    try:
        parse_date_key(text, yearly=False)
    except ValueError:
        return "text"
    return "date" if date.fromisoformat(text).isoformat() == text else "text"


def _day_view(schedule: Schedule, start: date, days: int) -> list[tuple]:
    """What travellers read for each day: open or not, the hours, the kind of day, the reasons."""
    by_lang = {lang: schedule.days(start, days, lang=lang) for lang in LANGUAGES}
    return [
        (row.open, tuple(row.ranges), row.kind, tuple(by_lang[lang][i].reason for lang in LANGUAGES))
        for i, row in enumerate(by_lang[LANGUAGES[0]])
    ]


def mark_changes(preview: Preview | None, item) -> None:
    """Mark the preview's days that differ from what kiosks show now (the published rules), with the
    published hours of each such day. Nothing is marked before the first release."""
    if preview is None or not preview.rows:
        return
    released, published = _published(item)
    if not released:
        return
    try:
        old_rules = Rules.from_dict(published) if published else None
    except ValueError:
        old_rules = None
    count = len(preview.rows)
    new = _day_view(Schedule(preview.rules), preview.start, count) if preview.rules else None
    old = _day_view(Schedule(old_rules), preview.start, count) if old_rules else [None] * count
    for i, row in enumerate(preview.rows):
        if new is None or new[i] == old[i]:
            continue
        row["changed"] = True
        if old[i] is None:
            row["was"] = _("no hours")
        elif old[i][0]:
            row["was"] = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in old[i][1])
        else:
            row["was"] = _("Closed")
    preview.changed = sum(1 for row in preview.rows if row.get("changed"))


def describe_warnings(rules: Rules, today: date) -> list[dict]:
    """validate_rules() findings in the admin's language, each with the place it is about."""
    out = []
    for warning in validate_rules(rules, today):
        text = WARNING_TEXTS.get(warning.code)
        out.append({"code": warning.code, "text": text or warning.code, "place": _place(warning.where),
                    "detail": warning.message})  # fmt: skip
    for i, exc in enumerate(rules.exceptions):
        missing = [lang for lang in LANGUAGES if exc.reason and lang not in exc.reason]
        if missing:
            out.append({"code": "missing_reason", "text": WARNING_TEXTS["missing_reason"],
                        "place": _("Exception %(n)s (%(date)s)", n=i + 1, date=exc.date_key),
                        "detail": ", ".join(missing)})  # fmt: skip
    return out


def _place(where: str) -> str:
    """A warning's `where` ("weekly.mo[0],[1]", "exceptions[2] (2026-03-10)", ...) in words."""
    if where.startswith("weekly."):
        key = where[len("weekly.") : len("weekly.") + 2]
        return _day_names()[WEEKDAY_KEYS.index(key)] if key in WEEKDAY_KEYS else where
    if where.startswith("exceptions["):
        number, _sep, rest = where[len("exceptions[") :].partition("]")
        if number.isdecimal():
            return _("Exception %(n)s (%(date)s)", n=int(number) + 1, date=rest.strip().split(")")[0].lstrip("("))
    if where.startswith("extra_holidays["):
        return _("Decree day off %(date)s", date=where.partition("(")[2].rstrip(")"))
    first, sep, last = where.partition("..")
    if sep:
        return _("%(first)s to %(last)s", first=first, last=last)
    return where


def _conflict(item, field: str, value, exc: EditConflict) -> dict:
    """What to show when someone else saved first: the differences between their draft and this one."""
    mine = copy.deepcopy(exc.current)
    mine["fields"][field] = value
    return {"version": exc.version, "diff": diff_data(item_type_of(item), exc.current, mine)}


def _save(item, field: str, value, form, default_comment: str):
    """Save one hours field as a draft; returns a redirect response, or a conflict dict to show."""
    comment = (form.comment.data or "").strip() or default_comment
    try:
        result = save_item(item, {"fields": {field: value}}, expected_version=_version(form.version.data),
                           author=current_user.username, comment=comment)  # fmt: skip
    except EditConflict as exc:
        # Saving again after reading the differences deliberately replaces the other draft.
        form.version.data = str(exc.version)
        return _conflict(item, field, value, exc)
    if result.changed:
        flash(_("Draft saved. Kiosks keep showing the published hours until someone publishes."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return None


def _make_readonly(form) -> None:
    """Disable every input of a form (what editors see)."""
    for field in form:
        if field.type == "FieldList":
            for entry in field:
                _make_readonly(entry.form)
        elif field.type not in ("CSRFTokenField", "HiddenField"):
            field.render_kw = {**(field.render_kw or {}), "disabled": True}


def _common(item, raw_hours) -> dict:
    """Template values both hours pages use: draft vs published, and the item's history."""
    released, published = _published(item)
    kind = item_type_of(item)
    return {
        "readonly": not has_role(current_user, "publisher"),
        "released": released,
        "published_osm": _osm_or_none(published),
        "draft_differs": released and published != raw_hours,
        "history_url": url_for("admin.item_history", kind=kind.key, item_id=item.id),
        "day_names": _day_names(),
    }


def _kiosk_panel(item, rules: Rules | None, url: str):
    """The kiosk preview beside an hours editor: the office or hotlines page with these rules in place."""
    value = rules.to_dict() if rules is not None else None
    if isinstance(item, Hotline):
        typed = {"fields": {"hours": value} if value is not None else {}, "texts": item.texts or {}}
        return build_panel("hotline", item, typed, url, default_page="hotlines")
    return build_panel(None, None, None, url, office_hours=value, default_page="office")


# --- the office: grid ---------------------------------------------------------------------------


def _render_grid(office: Office, form: HoursForm, preview: Preview | None, *, broken: str | None = None,
                 conflict: dict | None = None, status: int = 200):  # fmt: skip
    readonly = not has_role(current_user, "publisher")
    if readonly:
        _make_readonly(form)
    for name, field in zip(_day_names(), form.day_fields(), strict=True):
        field.label.text = name
    mark_changes(preview, office)
    panel = _kiosk_panel(office, preview.rules if preview else None, url_for("admin.hours_preview"))
    return render_template(
        "admin/hours/office.html", office=office, form=form, preview=preview, broken=broken, conflict=conflict,
        panel=panel, **_common(office, office.hours_rules),
    ), status  # fmt: skip


@bp.get("/hours/")
@role_required("editor")
def hours():
    """The office's reception rules in a grid, with the next 30 days and the warnings (read-only for editors)."""
    office = _office()
    rules, broken = _load_rules(office.hours_rules, default_rules())
    try:
        start = parse_day(request.args.get("from"))
    except ValueError:
        start = None
    form = grid_form(rules, version=str(office.version_id), preview_from=(start.isoformat() if start else ""))
    return _render_grid(office, form, build_preview(rules, start), broken=broken)


def _grid_rules(office: Office, form: HoursForm) -> Rules:
    """The grid's rules as typed; when the holiday-hours field was disabled (they differ by weekday),
    the saved holiday hours stay."""
    current, _broken = _load_rules(office.hours_rules, None)
    if current is not None and current.uniform_holiday_hours is None and "holiday_hours" not in request.form:
        return replace(form.rules, holiday_hours=current.holiday_hours)
    return form.rules


@bp.post("/hours/")
@role_required("publisher")
def hours_post():
    """Preview or save the grid (a save makes a draft; a conflicting save is refused and explained)."""
    office = _office()
    form = HoursForm()
    if not form.validate_on_submit():
        return _render_grid(office, form, None, status=422)
    form.rules = _grid_rules(office, form)
    if form.save.data:
        conflict = _save(office, "hours_rules", form.rules.to_dict(), form, "Reception hours (grid)")
        if conflict is None:
            return redirect(url_for("admin.hours"))
        return _render_grid(office, form, build_preview(form.rules, form.preview_start), conflict=conflict,
                            status=409)  # fmt: skip
    # Preview: show the rules as understood, with removed rows gone and fresh blank rows to fill in.
    fresh = grid_form(form.rules, version=form.version.data, comment=form.comment.data,
                      preview_from=form.preview_from.data)  # fmt: skip
    fresh.preview_start = form.preview_start
    return _render_grid(office, fresh, build_preview(form.rules, form.preview_start))


# --- OSM text (office and hotlines) -------------------------------------------------------------


def keep_details(parsed: Rules, current: Rules | None) -> Rules:
    """OSM text cannot hold reasons or decree-day names: keep them for rules the text still says the same way."""
    if current is None:
        return parsed
    reasons = {}
    for exc in current.exceptions:
        reasons.setdefault((exc.date_key, exc.kind, normalize(exc.ranges or ())), exc.reason)
    decree = {h.date: h for h in current.extra_holidays}
    exceptions, extra = [], []
    for exc in parsed.exceptions:
        one_day = exc.year is not None and exc.kind == "closed" and exc.until is None
        day = date(exc.year, exc.month, exc.day) if one_day else None
        if day in decree:
            extra.append(decree.pop(day))  # a decree day exported by to_osm() comes back as one
            continue
        reason = reasons.get((exc.date_key, exc.kind, normalize(exc.ranges or ())))
        exceptions.append(replace(exc, reason=reason or exc.reason))
    return replace(parsed, exceptions=tuple(exceptions), extra_holidays=tuple(extra))


@dataclass
class OsmTarget:
    """The item whose hours an OSM page edits: the office (required hours) or a hotline (optional)."""

    item: object
    field: str
    title: str
    action: str
    optional: bool
    preview_url: str

    @property
    def raw(self) -> dict | None:
        """The stored rules JSON."""
        return getattr(self.item, self.field)


def _office_target() -> OsmTarget:
    office = _office()
    return OsmTarget(office, "hours_rules", display_title(office, g.lang), url_for("admin.hours_osm_post"), False,
                     url_for("admin.hours_osm_preview"))  # fmt: skip


def _hotline_target(hotline_id: int) -> OsmTarget:
    hotline = _hotline(hotline_id)
    return OsmTarget(hotline, "hours", f"{display_title(hotline, g.lang)} ({hotline.number})",
                     url_for("admin.hours_hotline_post", hotline_id=hotline.id), True,
                     url_for("admin.hours_hotline_preview", hotline_id=hotline.id))  # fmt: skip


def _render_osm(target: OsmTarget, form: OsmForm, preview: Preview | None, *, broken: str | None = None,
                conflict: dict | None = None, status: int = 200):  # fmt: skip
    if not has_role(current_user, "publisher"):
        _make_readonly(form)
    mark_changes(preview, target.item)
    panel = _kiosk_panel(target.item, preview.rules if preview else None, target.preview_url)
    return render_template(
        "admin/hours/osm.html", target=target, form=form, preview=preview, broken=broken, conflict=conflict,
        panel=panel, **_common(target.item, target.raw),
    ), status  # fmt: skip


def _osm_get(target: OsmTarget):
    fallback = None if target.optional else default_rules()
    rules, broken = _load_rules(target.raw, fallback)
    form = OsmForm(formdata=None, data={"version": str(target.item.version_id), "osm": to_osm(rules) if rules else ""})
    return _render_osm(target, form, build_preview(rules) if rules else None, broken=broken)


def _osm_post(target: OsmTarget, redirect_to: str):
    current, _broken = _load_rules(target.raw, None if target.optional else default_rules())
    # The pre-holiday shortening is the office schedule's setting (kept from its rules, changed in the
    # grid); a hotline's text means what it says, so it is never shortened.
    shorten = 0 if target.optional else current.shorten_minutes
    form = OsmForm()
    clearing = target.optional and bool(form.clear.data)
    # The office always has hours; a hotline's text may be empty until it is saved. Clearing ignores the text.
    required = not target.optional or bool(form.save.data)
    if not form.check(shorten, required=required, parse=not clearing):
        return _render_osm(target, form, None, status=422)
    rules = keep_details(form.rules, current) if form.rules else None
    preview = build_preview(rules, form.preview_start) if rules else None
    if clearing or form.save.data:
        value = None if clearing else rules.to_dict()
        conflict = _save(target.item, target.field, value, form, "Reception hours (OSM text)")
        if conflict is None:
            return redirect(redirect_to)
        return _render_osm(target, form, preview, conflict=conflict, status=409)
    return _render_osm(target, form, preview)


@bp.get("/hours/osm")
@role_required("editor")
def hours_osm():
    """The office's rules as OSM text (read-only for editors)."""
    return _osm_get(_office_target())


@bp.post("/hours/osm")
@role_required("publisher")
def hours_osm_post():
    """Preview or save the office's rules typed as OSM text; a syntax error is shown with its position."""
    return _osm_post(_office_target(), url_for("admin.hours_osm"))


# --- hotlines -----------------------------------------------------------------------------------


@bp.get("/hours/hotlines/")
@role_required("editor")
def hours_hotlines():
    """Every hotline with its hours (or none: then the kiosk does not say whether it is answered)."""
    rows = []
    payload = release_payload(latest_release()) or {}
    published = {h.get("key"): h.get("hours") for h in payload.get("hotlines", [])}
    for hotline in db.session.scalars(select(Hotline).order_by(Hotline.sort, Hotline.key)):
        rows.append({
            "hotline": hotline,
            "title": display_title(hotline, g.lang),
            "osm": _osm_or_none(hotline.hours),
            "broken": bool(hotline.hours) and _osm_or_none(hotline.hours) is None,
            "draft": bool(payload) and published.get(hotline.key) != hotline.hours,
        })  # fmt: skip
    return render_template("admin/hours/hotlines.html", rows=rows)


@bp.get("/hours/hotlines/<int:hotline_id>")
@role_required("editor")
def hours_hotline(hotline_id: int):
    """One hotline's hours as OSM text (read-only for editors)."""
    return _osm_get(_hotline_target(hotline_id))


@bp.post("/hours/hotlines/<int:hotline_id>")
@role_required("publisher")
def hours_hotline_post(hotline_id: int):
    """Preview, save or remove one hotline's hours (a draft until published)."""
    return _osm_post(_hotline_target(hotline_id), url_for("admin.hours_hotline", hotline_id=hotline_id))


# --- kiosk preview of typed hours ---------------------------------------------------------------


def _unreadable(item, url: str):
    if not has_role(current_user, "publisher"):  # a read-only form sends nothing: show the saved hours
        return preview_response(_kiosk_panel(item, None, url))
    return _("The preview needs hours it can read: correct the marked fields, then press “Show preview”."), 422


@bp.post("/hours/preview")
@role_required("editor")
def hours_preview():
    """The kiosk's office page with the grid's typed rules (HTML for the preview frame; nothing is saved)."""
    office = _office()
    form = HoursForm()
    if not form.validate_on_submit():
        return _unreadable(office, url_for("admin.hours_preview"))
    return preview_response(_kiosk_panel(office, _grid_rules(office, form), url_for("admin.hours_preview")))


def _osm_preview(target: OsmTarget):
    current, _broken = _load_rules(target.raw, None if target.optional else default_rules())
    form = OsmForm()
    if not form.check(0 if target.optional else current.shorten_minutes, required=False):
        return _unreadable(target.item, target.preview_url)
    rules = keep_details(form.rules, current) if form.rules else None
    return preview_response(_kiosk_panel(target.item, rules, target.preview_url))


@bp.post("/hours/osm/preview")
@role_required("editor")
def hours_osm_preview():
    """The kiosk's office page with the typed opening_hours text (HTML for the preview frame)."""
    return _osm_preview(_office_target())


@bp.post("/hours/hotlines/<int:hotline_id>/preview")
@role_required("editor")
def hours_hotline_preview(hotline_id: int):
    """The kiosk's hotlines page with this hotline's typed hours (HTML for the preview frame)."""
    return _osm_preview(_hotline_target(hotline_id))
