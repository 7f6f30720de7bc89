"""Forms of the reception-hours editor, and the conversion between them and core.hours rules.

Every message is translatable and is shown beside the field it is about; what was typed is kept.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from admin.forms import SelectField, WholeNumberField
from core.config import LANGUAGES
from core.hours import MAX_EXCEPTIONS, MAX_SPAN_YEARS, OsmSyntaxError, Rules, parse_osm
from core.hours.engine import MAX_SHORTEN_MINUTES, MAX_SPAN_DAYS, WEEKDAY_KEYS, date_is_possible

KIND_CHOICES = (
    ("closed", _l("Closed all day")),
    ("hours", _l("Special hours instead of the usual ones")),
    ("partial_closure", _l("Closed during these hours only")),
    ("working_day", _l("Working day (e.g. a transferred working day)")),
)
BLANK_EXCEPTION_ROWS = 2
BLANK_DECREE_ROWS = 1
MAX_OSM_LENGTH = 20_000
MAX_REASON_LENGTH = 200

_RANGE_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})$")
_FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_YEARLY_DATE_RE = re.compile(r"^(\d{1,2})-(\d{1,2})$")


def _too_long(length: int) -> Length:
    return Length(max=length, message=_l("Too long: at most %(max)d characters.", max=length))


# --- parsing what staff type ----------------------------------------------------------------------


def parse_ranges(text: str | None) -> list[list[str]]:
    """'09:10-13:00, 14:00-17:50' as [["09:10", "13:00"], ["14:00", "17:50"]]; ValueError says what is wrong."""
    out = []
    for part in (p.strip() for p in re.split(r"[,;]", text or "")):
        if not part:
            continue  # an empty field, or a trailing comma
        match = _RANGE_RE.match(part)
        if not match:
            raise ValueError(
                _("“%(part)s” is not a time range. Write ranges like 09:10-17:50 and separate them with commas.",
                  part=part)
            )  # fmt: skip
        sh, sm, eh, em = (int(x) for x in match.groups())
        for hours, minutes in ((sh, sm), (eh, em)):
            if minutes > 59 or hours > 24 or (hours == 24 and minutes):
                raise ValueError(_("“%(time)s” is not a time between 00:00 and 24:00.", time=f"{hours}:{minutes:02d}"))
        if sh * 60 + sm >= eh * 60 + em:
            raise ValueError(
                _("“%(part)s” ends before it starts. Hours across midnight are not supported: split them at 24:00.",
                  part=part)
            )  # fmt: skip
        out.append([f"{sh:02d}:{sm:02d}", f"{eh:02d}:{em:02d}"])
    return out


def format_ranges(ranges) -> str:
    """Minute ranges as the text of a grid field: '09:10-13:00, 14:00-17:50'."""
    return ", ".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}" for s, e in ranges)


def parse_date_key(text: str | None, *, yearly: bool = True) -> str:
    """'2026-03-10' (or '03-10' for every year when `yearly`) normalised; ValueError says what is wrong."""
    value = (text or "").strip()
    full, every_year = _FULL_DATE_RE.match(value), _YEARLY_DATE_RE.match(value) if yearly else None
    if full:
        year, month, day = (int(x) for x in full.groups())
    elif every_year:
        year = None
        month, day = (int(x) for x in every_year.groups())
    elif yearly:
        raise ValueError(_("Write the date as 2026-03-10, or as 03-10 for the same day every year."))
    else:
        raise ValueError(_("Write the date as 2026-01-08."))
    if (
        not (1 <= month <= 12 and 1 <= day <= 31)
        or (year is not None and year < 1)
        or not date_is_possible(year, month, day)
    ):
        raise ValueError(_("This date does not exist."))
    return f"{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"


def parse_date_span(text: str | None) -> tuple[str, str | None]:
    """'2026-07-01..2026-07-31' or '12-30..01-02' (several days) or one date; (start key, end key or None)."""
    first, sep, last = (text or "").partition("..")
    start = parse_date_key(first)
    if not sep:
        return start, None
    end = parse_date_key(last)
    if (len(start) == 5) != (len(end) == 5):
        raise ValueError(_("Give both dates of a range with a year, or both without (every year)."))
    if len(start) > 5:
        first_day, last_day = date.fromisoformat(start), date.fromisoformat(end)
        if last_day < first_day:
            raise ValueError(_("The range ends before it starts."))
        if (last_day - first_day).days >= MAX_SPAN_DAYS:
            raise ValueError(_("A date range can last at most %(years)d years.", years=MAX_SPAN_YEARS))
    return start, (None if end == start else end)


def parse_day(text: str | None) -> date | None:
    """An optional 'YYYY-MM-DD' (the preview's first day); ValueError if it is not a date."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(parse_date_key(value, yearly=False))
        if day > date.max - timedelta(days=366):  # the preview's days (and the holiday look-ahead) follow it
            raise ValueError(day)
        return day
    except ValueError:
        raise ValueError(_("Write the date as 2026-03-16.")) from None


# --- the grid -------------------------------------------------------------------------------------


class DecreeRow(Form):
    """One extra day off for state bodies (a government decree), with its name in ky, ru and en."""

    date = StringField(_l("Date"), validators=[_too_long(10)], render_kw={"placeholder": "2026-01-08"})
    name_ky = StringField(_l("Name in Kyrgyz"), validators=[_too_long(MAX_REASON_LENGTH)])
    name_ru = StringField(_l("Name in Russian"), validators=[_too_long(MAX_REASON_LENGTH)])
    name_en = StringField(_l("Name in English"), validators=[_too_long(MAX_REASON_LENGTH)])
    remove = BooleanField(_l("Remove this day"))

    def used(self) -> bool:
        """True when anything was typed into the row."""
        return any((self[name].data or "").strip() for name in ("date", "name_ky", "name_ru", "name_en"))


class ExceptionRow(Form):
    """One exception: a date, what happens that day, the hours, and the reason in ky, ru and en."""

    date = StringField(_l("Date"), validators=[_too_long(22)], render_kw={"placeholder": "2026-03-10"})
    date_to = StringField(_l("Until (last day)"), validators=[_too_long(10)])
    kind = SelectField(_l("What happens"), choices=[SelectChoice(k, label) for k, label in KIND_CHOICES],
                       default="closed")  # fmt: skip
    ranges = StringField(_l("Hours"), validators=[_too_long(200)], render_kw={"placeholder": "09:10-13:00"})
    reason_ky = StringField(_l("Reason in Kyrgyz"), validators=[_too_long(MAX_REASON_LENGTH)])
    reason_ru = StringField(_l("Reason in Russian"), validators=[_too_long(MAX_REASON_LENGTH)])
    reason_en = StringField(_l("Reason in English"), validators=[_too_long(MAX_REASON_LENGTH)])
    remove = BooleanField(_l("Remove this exception"))

    def used(self) -> bool:
        """True when anything but the kind was typed into the row."""
        names = ("date", "date_to", "ranges", "reason_ky", "reason_ru", "reason_en")
        return any((self[name].data or "").strip() for name in names)


class HoursForm(FlaskForm):
    """The office's reception rules as a grid: weekly hours, holidays, decree days off, exceptions."""

    version = HiddenField()
    day_mo = StringField(validators=[_too_long(200)])
    day_tu = StringField(validators=[_too_long(200)])
    day_we = StringField(validators=[_too_long(200)])
    day_th = StringField(validators=[_too_long(200)])
    day_fr = StringField(validators=[_too_long(200)])
    day_sa = StringField(validators=[_too_long(200)])
    day_su = StringField(validators=[_too_long(200)])
    holidays_enabled = BooleanField(_l("Closed on public holidays of the Kyrgyz Republic (official calendar)"))
    holiday_hours = StringField(_l("Hours on public holidays (empty: closed all day)"), validators=[_too_long(200)])
    shorten_minutes = WholeNumberField(
        _l("A working day before a public holiday is shorter by (minutes)"),
        validators=[
            InputRequired(_l("Please fill in this field.")),
            NumberRange(0, MAX_SHORTEN_MINUTES, _l("Use a number from 0 to %(max)d.", max=MAX_SHORTEN_MINUTES)),
        ],
    )
    # Rows past the bound are never even read (a hostile POST can name thousands); validate() refuses the excess.
    extra = FieldList(FormField(DecreeRow), max_entries=MAX_EXCEPTIONS + BLANK_DECREE_ROWS + 1)
    exceptions = FieldList(FormField(ExceptionRow), max_entries=MAX_EXCEPTIONS + BLANK_EXCEPTION_ROWS + 1)
    preview_from = StringField(_l("Preview starts on"), render_kw={"type": "date"})
    comment = StringField(_l("What did you change? (optional)"), validators=[Optional(), _too_long(200)])
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))

    rules: Rules | None = None
    preview_start: date | None = None

    def day_fields(self):
        """The seven weekday fields, Monday first."""
        return [self[f"day_{key}"] for key in WEEKDAY_KEYS]

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then every range, date and row; on success `self.rules` holds the new Rules."""
        ok = super().validate(extra_validators)
        weekly = {}
        for key, field in zip(WEEKDAY_KEYS, self.day_fields(), strict=True):
            try:
                weekly[key] = parse_ranges(field.data)
            except ValueError as exc:
                field.errors.append(str(exc))
                ok = False
        try:
            holiday_hours = parse_ranges(self.holiday_hours.data)
        except ValueError as exc:
            self.holiday_hours.errors.append(str(exc))
            ok = False
        extra = []
        for entry in self.extra:
            row = entry.form
            if row.remove.data or not row.used():
                continue
            try:
                day = parse_date_key(row.date.data, yearly=False) if (row.date.data or "").strip() else None
            except ValueError as exc:
                row.date.errors.append(str(exc))
                ok = False
                continue
            if day is None:
                row.date.errors.append(_("Enter the date of the day off."))
                ok = False
                continue
            extra.append({"date": day, "names": _texts(row, "name")})
        exceptions = []
        for entry in self.exceptions:
            item = _exception_from_row(entry.form)
            if item is False:
                ok = False
            elif item is not None:
                exceptions.append(item)
        if len(exceptions) > MAX_EXCEPTIONS or len(extra) > MAX_EXCEPTIONS:
            self.form_errors.append(too_many_message())
            ok = False
        try:
            self.preview_start = parse_day(self.preview_from.data)
        except ValueError as exc:
            self.preview_from.errors.append(str(exc))
            ok = False
        if not ok:
            return False
        data = {
            "weekly": weekly,
            "holidays_enabled": bool(self.holidays_enabled.data),
            "shorten_minutes": self.shorten_minutes.data,
            "extra_holidays": extra,
            "exceptions": exceptions,
            "holiday_hours": holiday_hours,
        }
        try:
            self.rules = Rules.from_dict(data)
        except ValueError as exc:  # the checks above should make this unreachable
            self.form_errors.append(_("These rules cannot be saved: %(detail)s", detail=str(exc)))
            return False
        return True


def too_many_message() -> str:
    """The refusal for rules past the bound on exceptions, in the admin's language."""
    return _("Too many dates: at most %(max)d exceptions (and as many days off). Write consecutive days as one "
             "range, e.g. 2026-07-01..2026-07-31 in the grid or 2026 Jul 01-2026 Jul 31 off as OSM text.",
             max=MAX_EXCEPTIONS)  # fmt: skip


def _texts(row: Form, prefix: str) -> dict[str, str]:
    typed = {lang: (row[f"{prefix}_{lang}"].data or "").strip() for lang in LANGUAGES}
    return {lang: text for lang, text in typed.items() if text}


def _exception_from_row(row: ExceptionRow) -> dict | bool | None:
    """The row as a core.hours exception dict; None for a blank or removed row, False when invalid."""
    if row.remove.data or not row.used():
        return None
    ok = True
    key = until = None
    last = (row.date_to.data or "").strip()
    if not (row.date.data or "").strip():
        row.date.errors.append(_("Enter the date."))
        ok = False
    else:
        try:
            key, until = parse_date_span(row.date.data)
        except ValueError as exc:
            row.date.errors.append(str(exc))
            ok = False
    if ok and last:
        # The last day from the date picker: the same as typing "first..last" (one date then, not a range).
        try:
            if until is not None or len(key) != len("2026-01-01"):
                raise ValueError(_("A last day goes with one first day that has a year, such as 2026-07-01."))
            key, until = parse_date_span(f"{key}..{parse_date_key(last, yearly=False)}")
        except ValueError as exc:
            row.date_to.errors.append(str(exc))
            ok = False
    ranges = None
    try:
        ranges = parse_ranges(row.ranges.data)
    except ValueError as exc:
        row.ranges.errors.append(str(exc))
        ok = False
    kind = row.kind.data
    if ranges is not None:
        if kind == "closed" and ranges:
            row.ranges.errors.append(
                _("A day that is closed all day has no hours. Clear the hours or choose another kind.")
            )
            ok = False
        elif kind in ("hours", "partial_closure") and not ranges:
            row.ranges.errors.append(_("Enter the hours, for example 09:10-13:00."))
            ok = False
    if not ok:
        return False
    item = {"date": key, "kind": kind, "reason": _texts(row, "reason")}
    if until:
        item["until"] = until
    if ranges:
        item["ranges"] = ranges
    return item


def grid_data(rules: Rules) -> dict:
    """The form data (for HoursForm(data=...)) that shows `rules` in the grid."""
    data: dict = {f"day_{key}": format_ranges(rules.weekly[i]) for i, key in enumerate(WEEKDAY_KEYS)}
    data["holidays_enabled"] = rules.holidays_enabled
    # Holiday hours that differ by weekday (from OSM text) cannot be shown in one field: grid_form()
    # disables it and the view keeps the stored value.
    data["holiday_hours"] = format_ranges(rules.uniform_holiday_hours or ())
    data["shorten_minutes"] = rules.shorten_minutes
    data["extra"] = [
        {"date": h.date.isoformat(), **{f"name_{lang}": h.names.get(lang, "") for lang in LANGUAGES}}
        for h in rules.extra_holidays
    ]
    data["exceptions"] = [
        {
            "date": e.date_key,
            "kind": e.kind,
            "ranges": format_ranges(e.ranges or ()),
            **{f"reason_{lang}": e.reason.get(lang, "") for lang in LANGUAGES},
        }
        for e in rules.exceptions
    ]
    return data


def grid_form(rules: Rules, **extra) -> HoursForm:
    """A grid form showing `rules` (not bound to the request), with blank rows for additions."""
    form = HoursForm(formdata=None, data={**grid_data(rules), **extra})
    if rules.uniform_holiday_hours is None:
        form.holiday_hours.render_kw = {"disabled": True}
        form.holiday_hours.description = _(
            "These hours differ by weekday; change them on the advanced page (opening_hours text)."
        )
    for _i in range(BLANK_DECREE_ROWS):
        form.extra.append_entry()
    for _i in range(BLANK_EXCEPTION_ROWS):
        form.exceptions.append_entry()
    return form


# --- OSM text -------------------------------------------------------------------------------------


class OsmForm(FlaskForm):
    """Rules as an OpenStreetMap opening_hours value."""

    version = HiddenField()
    osm = TextAreaField(_l("Advanced: opening_hours text"), validators=[_too_long(MAX_OSM_LENGTH)])
    preview_from = StringField(_l("Preview starts on"), render_kw={"type": "date"})
    comment = StringField(_l("What did you change? (optional)"), validators=[Optional(), _too_long(200)])
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save draft"))
    clear = SubmitField(_l("Remove the hours"))

    rules: Rules | None = None
    preview_start: date | None = None
    osm_error: dict | None = None

    def check(self, shorten_minutes: int, *, required: bool, parse: bool = True) -> bool:
        """Validate and parse the text; on success `self.rules` holds the Rules (None for an empty text)."""
        ok = self.validate()
        try:
            self.preview_start = parse_day(self.preview_from.data)
        except ValueError as exc:
            self.preview_from.errors.append(str(exc))
            ok = False
        text = (self.osm.data or "").replace("\r\n", "\n")
        self.osm.data = text
        if not ok or not parse:
            return ok
        if not text.strip():
            if required:
                self.osm.errors.append(_("Enter the hours, for example: Mo-Fr 09:00-18:00"))
                return False
            return True
        try:
            self.rules = parse_osm(text, shorten_minutes=shorten_minutes)
        except OsmSyntaxError as exc:
            self.osm_error = osm_error_details(text, exc)
            if exc.limit == "too_many_dates":
                self.osm.errors.append(too_many_message())
            elif exc.limit == "span_too_long":
                self.osm.errors.append(_("A date range can last at most %(years)d years.", years=MAX_SPAN_YEARS))
            self.osm.errors.append(
                _("This text could not be read at character %(pos)s (line %(line)s, column %(col)s).",
                  pos=self.osm_error["position"] + 1, line=self.osm_error["line"], col=self.osm_error["column"])
            )  # fmt: skip
            return False
        return True


def osm_error_details(text: str, exc: OsmSyntaxError) -> dict:
    """Where an OSM syntax error is (position, line, column) and the text split around it."""
    pos = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return {
        "position": pos,
        "line": line,
        "column": column,
        "detail": exc.message,
        "before": text[max(0, pos - 120) : pos],
        "at": text[pos : pos + 1] or " ",
        "after": text[pos + 1 : pos + 120],
    }
