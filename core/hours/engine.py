"""Visitor-reception hours: the rules model and the schedule that evaluates it.

Pure Python (stdlib + ``holidays``): no Flask, no database. Every datetime going
in or out is timezone-aware; wall-clock evaluation happens in Asia/Bishkek.

Precedence for one calendar day, highest first:

1. staff exceptions (one-off ``YYYY-MM-DD`` or yearly ``MM-DD``); several
   exceptions for a day are applied in order, yearly ones before one-off ones;
2. public holidays: ``holidays.KG`` PUBLIC category (when ``holidays_enabled``)
   plus the decree days off added by staff (always applied); closed, or open
   during ``holiday_hours`` when those are given (OSM ``PH 10:00-14:00``);
3. pre-holiday shortening by ``shorten_minutes`` (0 = none): the office
   schedule's setting (the Kyrgyz labour rule), not a property of any text;
4. the weekly template.

An exception covers one date or a span of dates (``until``); spans are stored
and evaluated as spans, never expanded day by day. Hostile input is bounded:
at most MAX_EXCEPTIONS exceptions and decree days, spans of at most
MAX_SPAN_YEARS years, years between MIN_YEAR and MAX_YEAR.

Pre-holiday rule (a documented decision): a day is shortened when it is an
ordinary template working day and the run of non-working days right after it
contains a public holiday. So the Thursday before a Friday holiday is
shortened, and so is a Friday followed by a weekend that holds (or ends in) a
public holiday, e.g. Fri 2026-03-06 before Sun 2026-03-08. Days of the WORKDAY
category (Feb 23, Apr 7, Nov 7-8) are not days off, so they never close the
office and never shorten the day before. Days whose hours come from a staff
exception are never shortened: the exception states the exact hours.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

TZ = ZoneInfo("Asia/Bishkek")
LANGS = ("ky", "ru", "en")
WEEKDAY_KEYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
EXCEPTION_KINDS = ("closed", "hours", "partial_closure", "working_day")
DAY_MINUTES = 24 * 60
SEARCH_DAYS = 400  # how far status()/next_change() look for the next boundary
MAX_SHORTEN_MINUTES = 12 * 60
# Bounds on what a rule set may hold, so that hostile text or JSON cannot make the engine, the
# editor's preview or a release big or slow: every per-day evaluation scans the span lists once.
MAX_EXCEPTIONS = 400
MAX_SPAN_YEARS = 10
MAX_SPAN_DAYS = MAX_SPAN_YEARS * 366
DEFAULT_HOURS: tuple[tuple[int, int], ...] = ((9 * 60 + 10, 17 * 60 + 50),)

# holidays.KG language codes for our ky/ru/en.
_HOLIDAY_LANGS = {"ky": "ky", "ru": "ru_KG", "en": "en_US"}
# A non-working run longer than this is not "the days right after" any more.
_PREHOLIDAY_LOOKAHEAD = 31
# The per-day caches are tiny, but a long-lived Schedule should not grow forever.
_CACHE_LIMIT = 20_000

Range = tuple[int, int]  # minutes since local midnight, end exclusive, 0..1440

TEXTS: dict[str, dict[str, str]] = {
    "weekend": {"ky": "Дем алыш күнү", "ru": "Выходной день", "en": "Day off"},
    "holiday": {"ky": "Майрам күнү", "ru": "Праздничный день", "en": "Public holiday"},
    "preholiday": {
        "ky": "Майрам алдындагы кыскартылган күн",
        "ru": "Сокращённый предпраздничный день",
        "en": "Shortened pre-holiday day",
    },
    "before_hours": {
        "ky": "Кабыл алуу али башталган жок",
        "ru": "Приём ещё не начался",
        "en": "Reception has not started yet",
    },
    "after_hours": {
        "ky": "Бүгүнкү кабыл алуу аяктады",
        "ru": "Приём на сегодня окончен",
        "en": "Reception is over for today",
    },
    "break": {"ky": "Тыныгуу", "ru": "Перерыв", "en": "Break"},
    # Default reasons for staff exceptions that were saved without one.
    "closed": {"ky": "Кабыл алуу жүргүзүлбөйт", "ru": "Приём не ведётся", "en": "No reception"},
    "hours": {"ky": "Өзгөчө кабыл алуу убактысы", "ru": "Особые часы приёма", "en": "Special reception hours"},
    "partial_closure": {
        "ky": "Кабыл алуу убактылуу токтотулду",
        "ru": "Приём временно приостановлен",
        "en": "Reception temporarily suspended",
    },
    "working_day": {"ky": "Которулган иш күнү", "ru": "Рабочий день (перенос)", "en": "Transferred working day"},
}

_TIME_RE = re.compile(r"^(\d{2}):(\d{2})$")
_FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEARLY_DATE_RE = re.compile(r"^(\d{2})-(\d{2})$")


# --------------------------------------------------------------------------- helpers


def normalize_lang(lang: str) -> str:
    """Map 'ru', 'ru_KG', 'en-US' ... to one of ky/ru/en; ValueError otherwise."""
    code = str(lang).replace("-", "_").split("_")[0].lower()
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: use one of {', '.join(LANGS)}")
    return code


def localize(texts: Mapping[str, str] | None, lang: str) -> str | None:
    """Pick the text for `lang`, falling back to ru, ky, en (a reason may lack a language)."""
    if not texts:
        return None
    for code in (lang, "ru", "ky", "en"):
        text = texts.get(code)
        if text:
            return text
    return None


def parse_hhmm(text: str, *, where: str = "time") -> int:
    """Parse 'HH:MM' (00:00..24:00) into minutes since midnight."""
    match = _TIME_RE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{where}: expected a time as 'HH:MM', got {text!r}")
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{where}: {text!r} is not a time between 00:00 and 24:00")
    return hours * 60 + minutes


def format_hhmm(minutes: int) -> str:
    """Minutes since midnight as 'HH:MM' (1440 gives '24:00')."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_to_time(minutes: int) -> time:
    """Minutes as a datetime.time; 24:00 becomes time.max because time() stops at 23:59:59."""
    return time.max if minutes >= DAY_MINUTES else time(minutes // 60, minutes % 60)


def normalize(ranges: Iterable[Range]) -> tuple[Range, ...]:
    """Sorted, merged ranges; empty or inverted ranges are dropped (validate_rules reports them)."""
    items = sorted((max(0, s), min(DAY_MINUTES, e)) for s, e in ranges)
    out: list[list[int]] = []
    for s, e in items:
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def subtract(ranges: Iterable[Range], cuts: Iterable[Range]) -> tuple[Range, ...]:
    """Normalized `ranges` minus every range in `cuts`."""
    result = list(normalize(ranges))
    for cs, ce in normalize(cuts):
        nxt: list[Range] = []
        for s, e in result:
            if ce <= s or cs >= e:
                nxt.append((s, e))
                continue
            if s < cs:
                nxt.append((s, cs))
            if ce < e:
                nxt.append((ce, e))
        result = nxt
    return tuple(result)


def cut_tail(ranges: tuple[Range, ...], minutes: int) -> tuple[tuple[Range, ...], tuple[Range, ...]]:
    """Remove the last `minutes` of open time; returns (kept, removed)."""
    kept = list(ranges)
    removed: list[Range] = []
    left = minutes
    while left > 0 and kept:
        s, e = kept[-1]
        if e - s <= left:
            kept.pop()
            removed.append((s, e))
            left -= e - s
        else:
            kept[-1] = (s, e - left)
            removed.append((e - left, e))
            left = 0
    return tuple(kept), tuple(reversed(removed))


def as_local(value: datetime, name: str = "datetime") -> datetime:
    """Check that `value` is timezone-aware and convert it to Asia/Bishkek."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} is naive ({value.isoformat()}); pass a timezone-aware datetime")
    return value.astimezone(TZ)


def local_midnight(day: date) -> datetime:
    """00:00 of `day` in Asia/Bishkek."""
    return datetime(day.year, day.month, day.day, tzinfo=TZ)


def date_is_possible(year: int | None, month: int, day: int) -> bool:
    """True if the date exists (a yearly date only has to exist in some year, so 02-29 is fine)."""
    if year is None:
        return day <= calendar.monthrange(2000, month)[1]  # 2000 is a leap year
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=64)
def kg_public_holidays(year: int) -> Mapping[date, Mapping[str, str]]:
    """PUBLIC-category Kyrgyz holidays of `year`: date -> {ky, ru, en} names (cached per year)."""
    out: dict[date, dict[str, str]] = {}
    for code, hl_lang in _HOLIDAY_LANGS.items():
        for day, name in holidays.KG(years=year, language=hl_lang, categories=("public",)).items():
            out.setdefault(day, {})[code] = name
    return out


# --------------------------------------------------------------------------- rules model


def _check_texts(value: object, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected an object of texts by language (ky/ru/en)")
    out: dict[str, str] = {}
    for key, text in value.items():
        if key not in LANGS:
            raise ValueError(f"{where}: unknown language {key!r} (use ky, ru, en)")
        if not isinstance(text, str):
            raise ValueError(f"{where}.{key}: expected a string")
        if text.strip():
            out[key] = text.strip()
    return out


def _ranges_from_json(value: object, where: str) -> tuple[Range, ...]:
    if not isinstance(value, list | tuple):
        raise ValueError(f'{where}: expected a list of ["HH:MM", "HH:MM"] pairs')
    out = []
    for i, pair in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError(f'{here}: expected a ["HH:MM", "HH:MM"] pair')
        start, end = parse_hhmm(pair[0], where=here), parse_hhmm(pair[1], where=here)
        if start == DAY_MINUTES:
            raise ValueError(f"{here}: a range cannot start at 24:00")
        out.append((start, end))
    return tuple(out)


def _ranges_to_json(ranges: Iterable[Range]) -> list[list[str]]:
    return [[format_hhmm(s), format_hhmm(e)] for s, e in ranges]


def _check_ranges(ranges: object, where: str) -> tuple[Range, ...]:
    if not isinstance(ranges, Iterable):
        raise ValueError(f"{where}: expected a sequence of (start, end) minute pairs")
    out = []
    for pair in ranges:
        if (
            not isinstance(pair, tuple | list)
            or len(pair) != 2
            or not all(isinstance(m, int) and not isinstance(m, bool) and 0 <= m <= DAY_MINUTES for m in pair)
        ):
            raise ValueError(f"{where}: bad range {pair!r}; use minutes 0..1440")
        out.append((pair[0], pair[1]))
    return tuple(out)


@dataclass(frozen=True)
class SpecialDay:
    """A staff exception for one date or a span up to ``until`` (inclusive); ``year=None`` repeats it yearly."""

    year: int | None
    month: int
    day: int
    kind: str
    ranges: tuple[Range, ...] | None = None
    reason: Mapping[str, str] = field(default_factory=dict)
    until: tuple[int | None, int, int] | None = None

    def __post_init__(self) -> None:
        where = f"exception {self.year or '*'}-{self.month}-{self.day}"
        if self.year is not None and not (isinstance(self.year, int) and 1 <= self.year <= 9999):
            raise ValueError(f"{where}: bad year {self.year!r}")
        if self.until is not None:
            object.__setattr__(self, "until", _check_until(self.year, self.month, self.day, self.until, where))
        if not (isinstance(self.month, int) and 1 <= self.month <= 12):
            raise ValueError(f"{where}: bad month {self.month!r}")
        if not (isinstance(self.day, int) and 1 <= self.day <= 31):
            raise ValueError(f"{where}: bad day {self.day!r}")
        if self.kind not in EXCEPTION_KINDS:
            raise ValueError(f"{where}: unknown kind {self.kind!r} (use {', '.join(EXCEPTION_KINDS)})")
        if self.kind == "closed" and self.ranges:
            raise ValueError(f"{where}: a 'closed' exception has no ranges")
        if self.kind in ("hours", "partial_closure") and self.ranges is None:
            raise ValueError(f"{where}: a {self.kind!r} exception needs ranges")
        ranges = None if self.ranges is None or self.kind == "closed" else _check_ranges(self.ranges, where)
        object.__setattr__(self, "ranges", ranges)
        object.__setattr__(self, "reason", _check_texts(self.reason, f"{where}.reason"))

    @property
    def start_key(self) -> str:
        """'YYYY-MM-DD' for a one-off exception, 'MM-DD' for a yearly one (the first day of a span)."""
        return _key(self.year, self.month, self.day)

    @property
    def date_key(self) -> str:
        """start_key, or 'start..until' for a span ('2026-07-01..2026-07-31', '12-30..01-02')."""
        return self.start_key if self.until is None else f"{self.start_key}..{_key(*self.until)}"

    @property
    def first_date(self) -> date | None:
        """The first day of a one-off exception (None for yearly ones and impossible dates)."""
        if self.year is None or not date_is_possible(self.year, self.month, self.day):
            return None
        return date(self.year, self.month, self.day)

    @property
    def last_date(self) -> date | None:
        """The last day of a one-off exception (None for yearly ones and impossible dates)."""
        if self.until is None:
            return self.first_date
        return date(*self.until) if self.year is not None else None

    def to_dict(self) -> dict:
        """JSON-serialisable form."""
        out: dict = {"date": self.start_key, "kind": self.kind, "reason": dict(self.reason)}
        if self.until is not None:
            out["until"] = _key(*self.until)
        if self.ranges is not None:
            out["ranges"] = _ranges_to_json(self.ranges)
        return out

    @classmethod
    def from_dict(cls, data: object, where: str = "exception") -> SpecialDay:
        """Build from to_dict() output; ValueError with a clear message on bad data."""
        if not isinstance(data, Mapping):
            raise ValueError(f"{where}: expected an object")
        unknown = set(data) - {"date", "until", "kind", "ranges", "reason"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        raw = data.get("date")
        year, month, day = _parse_date_key(raw, f"{where}.date")
        until = None if data.get("until") is None else _parse_date_key(data["until"], f"{where}.until")
        kind = data.get("kind")
        if kind not in EXCEPTION_KINDS:
            raise ValueError(f"{where}.kind: expected one of {', '.join(EXCEPTION_KINDS)}, got {kind!r}")
        ranges = None
        if data.get("ranges") is not None:
            ranges = _ranges_from_json(data["ranges"], f"{where}.ranges")
        return cls(year, month, day, kind, ranges, _check_texts(data.get("reason"), f"{where}.reason"), until)


def _key(year: int | None, month: int, day: int) -> str:
    md = f"{month:02d}-{day:02d}"
    return md if year is None else f"{year:04d}-{md}"


def _check_until(
    year: int | None, month: int, day: int, until: object, where: str
) -> tuple[int | None, int, int] | None:
    """The end of a span, checked: same yearly-ness as the start, both ends real days, at most MAX_SPAN_YEARS."""
    if not isinstance(until, tuple | list) or len(until) != 3:
        raise ValueError(f"{where}: 'until' must be a (year or None, month, day) triple")
    end_year, end_month, end_day = until
    if (end_year is None) != (year is None):
        raise ValueError(f"{where}: a span is either yearly at both ends or has a year at both ends")
    for y, m, d in ((year, month, day), (end_year, end_month, end_day)):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (m, d, *(() if y is None else (y,)))):
            raise ValueError(f"{where}: bad span end {until!r}")
        if not date_is_possible(y, m, d):
            raise ValueError(f"{where}: a span must start and end on days that exist")
    if year is None:
        return None if (end_month, end_day) == (month, day) else (None, end_month, end_day)
    first, last = date(year, month, day), date(end_year, end_month, end_day)
    if last < first:
        raise ValueError(f"{where}: the span ends before it starts")
    if (last - first).days >= MAX_SPAN_DAYS:
        raise ValueError(f"{where}: a span can last at most {MAX_SPAN_YEARS} years")
    return None if last == first else (end_year, end_month, end_day)


def _parse_date_key(raw: object, where: str) -> tuple[int | None, int, int]:
    if not isinstance(raw, str):
        raise ValueError(f"{where}: expected 'YYYY-MM-DD' or 'MM-DD' (every year), got {raw!r}")
    match = _FULL_DATE_RE.match(raw)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _YEARLY_DATE_RE.match(raw)
        if not match:
            raise ValueError(f"{where}: expected 'YYYY-MM-DD' or 'MM-DD' (every year), got {raw!r}")
        year, month, day = None, int(match[1]), int(match[2])
    # Existence (Feb 30, Feb 29 of 2027) is checked by validate_rules, not here: the
    # data stays loadable and the admin gets a typed warning instead.
    if not (1 <= month <= 12 and 1 <= day <= 31) or year == 0:
        raise ValueError(f"{where}: {raw!r} is not a calendar date")
    return year, month, day


@dataclass(frozen=True)
class ExtraHoliday:
    """A decree day off that the holidays package does not know (e.g. 2026-01-08)."""

    date: date
    names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.date, date) or isinstance(self.date, datetime):
            raise ValueError(f"extra holiday: expected a date, got {self.date!r}")
        object.__setattr__(self, "names", _check_texts(self.names, f"extra holiday {self.date}.names"))


@dataclass(frozen=True)
class Rules:
    """Everything that decides when the reception is open; immutable and JSON round-trippable."""

    weekly: tuple[tuple[Range, ...], ...]
    exceptions: tuple[SpecialDay, ...] = ()
    holidays_enabled: bool = True
    # The office's pre-holiday shortening (0 = none); default_rules() turns it on for the Service.
    shorten_minutes: int = 0
    extra_holidays: tuple[ExtraHoliday, ...] = ()
    # Hours on public holidays when holidays_enabled, per weekday, Monday first (a holiday is still a
    # Wednesday: "PH We 10:00-12:00", or a weekday rule after a PH rule). One tuple of ranges means the
    # same hours whatever the weekday. Empty = closed ("PH off").
    holiday_hours: tuple = ()

    def __post_init__(self) -> None:
        weekly = tuple(self.weekly)
        if len(weekly) != 7:
            raise ValueError("weekly: expected 7 days, Monday first")
        weekly = tuple(_check_ranges(day, f"weekly.{WEEKDAY_KEYS[i]}") for i, day in enumerate(weekly))
        object.__setattr__(self, "weekly", weekly)
        exceptions = tuple(self.exceptions)
        if not all(isinstance(e, SpecialDay) for e in exceptions):
            raise ValueError("exceptions: expected SpecialDay items")
        object.__setattr__(self, "exceptions", exceptions)
        extra = tuple(self.extra_holidays)
        if not all(isinstance(h, ExtraHoliday) for h in extra):
            raise ValueError("extra_holidays: expected ExtraHoliday items")
        object.__setattr__(self, "extra_holidays", extra)
        if len(exceptions) > MAX_EXCEPTIONS or len(extra) > MAX_EXCEPTIONS:
            raise ValueError(f"too many exceptions or decree days: at most {MAX_EXCEPTIONS} of each")
        object.__setattr__(self, "holiday_hours", _check_holiday_hours(self.holiday_hours))
        if not isinstance(self.holidays_enabled, bool):
            raise ValueError("holidays_enabled: expected true or false")
        minutes = self.shorten_minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_SHORTEN_MINUTES:
            raise ValueError(f"shorten_minutes: expected whole minutes 0..{MAX_SHORTEN_MINUTES}, got {minutes!r}")

    def to_dict(self) -> dict:
        """JSON-serialisable form (stored in the database and in release snapshots)."""
        return {
            "version": 1,
            "timezone": "Asia/Bishkek",
            "weekly": {key: _ranges_to_json(self.weekly[i]) for i, key in enumerate(WEEKDAY_KEYS)},
            "holidays_enabled": self.holidays_enabled,
            "shorten_minutes": self.shorten_minutes,
            "extra_holidays": [{"date": h.date.isoformat(), "names": dict(h.names)} for h in self.extra_holidays],
            "exceptions": [e.to_dict() for e in self.exceptions],
            # Written only when set, so that rules saved before holiday hours existed keep their JSON.
            **({"holiday_hours": self._holiday_hours_json()} if any(self.holiday_hours) else {}),
        }

    @property
    def uniform_holiday_hours(self) -> tuple[Range, ...] | None:
        """The holiday hours when they are the same whatever the weekday; None otherwise."""
        first = normalize(self.holiday_hours[0])
        return first if all(normalize(day) == first for day in self.holiday_hours) else None

    def _holiday_hours_json(self) -> list | dict:
        uniform = self.uniform_holiday_hours
        if uniform is not None:
            return _ranges_to_json(uniform)
        return {key: _ranges_to_json(self.holiday_hours[i]) for i, key in enumerate(WEEKDAY_KEYS)}

    @classmethod
    def from_dict(cls, data: object) -> Rules:
        """Inverse of to_dict(); raises ValueError naming the offending field."""
        if not isinstance(data, Mapping):
            raise ValueError("hours rules: expected a JSON object")
        known = {"version", "timezone", "weekly", "holidays_enabled", "shorten_minutes", "extra_holidays", "exceptions",
                 "holiday_hours"}  # fmt: skip
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"hours rules: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        if data.get("version", 1) != 1:
            raise ValueError(f"hours rules: unsupported version {data.get('version')!r}")
        if data.get("timezone", "Asia/Bishkek") != "Asia/Bishkek":
            raise ValueError("hours rules: only the Asia/Bishkek time zone is supported")
        weekly_raw = data.get("weekly")
        if not isinstance(weekly_raw, Mapping):
            raise ValueError("weekly: expected an object with keys mo..su")
        bad_days = set(weekly_raw) - set(WEEKDAY_KEYS)
        if bad_days:
            raise ValueError(f"weekly: unknown day key(s) {', '.join(sorted(map(str, bad_days)))}")
        weekly = tuple(_ranges_from_json(weekly_raw.get(key) or [], f"weekly.{key}") for key in WEEKDAY_KEYS)
        exceptions_raw = data.get("exceptions") or []
        if not isinstance(exceptions_raw, list | tuple):
            raise ValueError("exceptions: expected a list")
        if len(exceptions_raw) > MAX_EXCEPTIONS:  # refuse before building thousands of objects
            raise ValueError(f"too many exceptions or decree days: at most {MAX_EXCEPTIONS} of each")
        exceptions = tuple(SpecialDay.from_dict(item, f"exceptions[{i}]") for i, item in enumerate(exceptions_raw))
        extra_raw = data.get("extra_holidays") or []
        if not isinstance(extra_raw, list | tuple):
            raise ValueError("extra_holidays: expected a list")
        if len(extra_raw) > MAX_EXCEPTIONS:
            raise ValueError(f"too many exceptions or decree days: at most {MAX_EXCEPTIONS} of each")
        extra = []
        for i, item in enumerate(extra_raw):
            where = f"extra_holidays[{i}]"
            if not isinstance(item, Mapping) or set(item) - {"date", "names"}:
                raise ValueError(f"{where}: expected an object with 'date' and 'names'")
            try:
                day = date.fromisoformat(item.get("date")) if _FULL_DATE_RE.match(str(item.get("date"))) else None
            except ValueError:
                day = None
            if day is None:
                raise ValueError(f"{where}.date: expected an existing date 'YYYY-MM-DD', got {item.get('date')!r}")
            extra.append(ExtraHoliday(day, _check_texts(item.get("names"), f"{where}.names")))
        holidays_enabled = data.get("holidays_enabled", True)
        if not isinstance(holidays_enabled, bool):
            raise ValueError("holidays_enabled: expected true or false")
        return cls(
            weekly=weekly,
            exceptions=exceptions,
            holidays_enabled=holidays_enabled,
            shorten_minutes=data.get("shorten_minutes", 0),
            extra_holidays=tuple(extra),
            holiday_hours=_holiday_hours_from_json(data.get("holiday_hours")),
        )


def _check_holiday_hours(value: object) -> tuple[tuple[Range, ...], ...]:
    """Seven tuples of ranges, Monday first; one tuple of ranges means the same for every weekday."""
    items = tuple(value) if isinstance(value, Iterable) and not isinstance(value, str) else value
    # Per weekday when each of seven items is itself a sequence of ranges (not a pair of minutes).
    per_day = (
        isinstance(items, tuple)
        and len(items) == 7
        and all(isinstance(day, tuple | list) and all(isinstance(r, tuple | list) for r in day) for day in items)
    )
    if per_day:
        return tuple(_check_ranges(day, f"holiday_hours.{WEEKDAY_KEYS[i]}") for i, day in enumerate(items))
    return (_check_ranges(value, "holiday_hours"),) * 7


def _holiday_hours_from_json(raw: object) -> tuple[tuple[Range, ...], ...]:
    if raw is None:
        return ((),) * 7
    if isinstance(raw, Mapping):
        bad = set(raw) - set(WEEKDAY_KEYS)
        if bad:
            raise ValueError(f"holiday_hours: unknown day key(s) {', '.join(sorted(map(str, bad)))}")
        return tuple(_ranges_from_json(raw.get(key) or [], f"holiday_hours.{key}") for key in WEEKDAY_KEYS)
    return (_ranges_from_json(raw, "holiday_hours"),) * 7


def default_rules() -> Rules:
    """Mo-Fr 09:10-17:50, Kyrgyz public holidays on, pre-holiday days 60 minutes shorter."""
    return Rules(weekly=(DEFAULT_HOURS,) * 5 + ((), ()), holidays_enabled=True, shorten_minutes=60)


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class Status:
    """Open/closed at one moment, with the next boundary and a localized reason."""

    open: bool
    closes_at: datetime | None
    next_opens_at: datetime | None
    reason: str | None
    reason_kind: str | None


@dataclass(frozen=True)
class DayRow:
    """One row of a day table; ``ranges`` use time.max for 24:00."""

    date: date
    ranges: list[tuple[time, time]]
    open: bool
    kind: str  # 'regular', 'weekend', 'holiday', 'preholiday', 'exception'
    reason: str | None


@dataclass(frozen=True)
class _Base:
    ranges: tuple[Range, ...]  # before pre-holiday shortening and partial closures
    kind: str
    texts: Mapping[str, str] | None
    shortenable: bool
    closures: tuple[tuple[Range, Mapping[str, str]], ...]
    working: bool  # any open time left once partial closures are applied


@dataclass(frozen=True)
class _Day:
    ranges: tuple[Range, ...]
    kind: str
    texts: Mapping[str, str] | None
    cut: tuple[Range, ...]  # removed by pre-holiday shortening
    closures: tuple[tuple[Range, Mapping[str, str]], ...]
    # What to tell a visitor while it is open: special hours or a short day. A partial
    # closure is not mentioned then, because it is not the state of the office right now.
    open_note: tuple[str, Mapping[str, str]] | None


def _exception_texts(exc: SpecialDay) -> Mapping[str, str]:
    return exc.reason or TEXTS[exc.kind]


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Schedule:
    """Evaluates Rules; cheap to build, caches computed days (holidays are cached per year)."""

    def __init__(self, rules: Rules):
        if not isinstance(rules, Rules):
            raise TypeError(f"Schedule needs Rules, got {type(rules).__name__}")
        self.rules = rules
        self._weekly = tuple(normalize(day) for day in rules.weekly)
        # Single days are looked up; spans are scanned (their number is bounded by MAX_EXCEPTIONS).
        self._yearly: dict[tuple[int, int], list[tuple[int, SpecialDay]]] = {}
        self._one_off: dict[date, list[tuple[int, SpecialDay]]] = {}
        self._yearly_spans: list[tuple[int, tuple[int, int], tuple[int, int], SpecialDay]] = []
        self._one_off_spans: list[tuple[int, date, date, SpecialDay]] = []
        for i, exc in enumerate(rules.exceptions):
            if exc.year is None and exc.until is not None:
                self._yearly_spans.append((i, (exc.month, exc.day), exc.until[1:], exc))
            elif exc.year is None:
                self._yearly.setdefault((exc.month, exc.day), []).append((i, exc))
            elif exc.until is not None:
                self._one_off_spans.append((i, exc.first_date, exc.last_date, exc))
            elif date_is_possible(exc.year, exc.month, exc.day):  # impossible dates never apply
                self._one_off.setdefault(date(exc.year, exc.month, exc.day), []).append((i, exc))
        self._extra = {h.date: (h.names or TEXTS["holiday"]) for h in rules.extra_holidays}
        self._holiday_hours = tuple(normalize(day) for day in rules.holiday_hours)
        # "Working day" exceptions without hours get the usual Monday-to-Friday hours.
        self._default_hours = next((day for day in self._weekly[:5] if day), DEFAULT_HOURS)
        self._base_cache: dict[date, _Base] = {}
        self._day_cache: dict[date, _Day] = {}

    # -- per-day computation

    def holiday_names(self, day: date) -> Mapping[str, str] | None:
        """{ky, ru, en} names if `day` is a non-working public holiday (package or staff decree)."""
        if self.rules.holidays_enabled:
            names = kg_public_holidays(day.year).get(day)
            if names:
                return names
        return self._extra.get(day)

    def _ops(self, day: date) -> list[SpecialDay]:
        """The exceptions for `day`: yearly ones, then one-off ones, each group in list order."""
        md = (day.month, day.day)
        yearly = list(self._yearly.get(md, ()))
        for i, start, end, exc in self._yearly_spans:
            if (start <= md <= end) if start <= end else (md >= start or md <= end):
                yearly.append((i, exc))
        one_off = list(self._one_off.get(day, ()))
        for i, first, last, exc in self._one_off_spans:
            if first <= day <= last:
                one_off.append((i, exc))
        yearly.sort(key=lambda pair: pair[0])
        one_off.sort(key=lambda pair: pair[0])
        return [exc for _i, exc in yearly] + [exc for _i, exc in one_off]

    def _base(self, day: date) -> _Base:
        hit = self._base_cache.get(day)
        if hit is not None:
            return hit
        template = self._weekly[day.weekday()]
        public = kg_public_holidays(day.year).get(day) if self.rules.holidays_enabled else None
        texts: Mapping[str, str] | None
        if public is not None:  # open during the holiday hours, if the rules give any
            ranges, kind, texts = self._holiday_hours[day.weekday()], "holiday", public
        elif day in self._extra:  # a decree day off closes the office
            ranges, kind, texts = (), "holiday", self._extra[day]
        elif template:
            ranges, kind, texts = template, "regular", None
        else:
            ranges, kind, texts = (), "weekend", TEXTS["weekend"]
        shortenable = kind == "regular"
        partial: list[SpecialDay] = []
        for exc in self._ops(day):
            if exc.kind == "partial_closure":
                partial.append(exc)
                continue
            # A replacing exception wipes earlier partial closures and fixes the hours exactly.
            partial, shortenable = [], False
            kind, texts = "exception", _exception_texts(exc)
            if exc.kind == "closed":
                ranges = ()
            elif exc.kind == "working_day" and exc.ranges is None:
                ranges = self._default_hours
            else:
                ranges = normalize(exc.ranges or ())
        closures = tuple((r, _exception_texts(exc)) for exc in partial for r in normalize(exc.ranges or ()))
        working = bool(subtract(ranges, (r for r, _ in closures))) if closures else bool(ranges)
        base = _Base(ranges, kind, texts, shortenable, closures, working)
        if len(self._base_cache) > _CACHE_LIMIT:
            self._base_cache.clear()
        self._base_cache[day] = base
        return base

    def _precedes_holiday(self, day: date) -> bool:
        """True if the non-working run right after `day` contains a public holiday."""
        for offset in range(1, _PREHOLIDAY_LOOKAHEAD + 1):
            nxt = day + timedelta(days=offset)
            if self._base(nxt).working:
                return False
            if self.holiday_names(nxt) is not None:
                return True
        return False

    def _day(self, day: date) -> _Day:
        hit = self._day_cache.get(day)
        if hit is not None:
            return hit
        base = self._base(day)
        ranges, kind, texts, cut = base.ranges, base.kind, base.texts, ()
        open_note = (kind, base.texts) if kind in ("exception", "holiday") and base.texts else None
        shorten = self.rules.shorten_minutes
        if base.shortenable and shorten and self._precedes_holiday(day):
            ranges, cut = cut_tail(ranges, shorten)
            kind, texts = "preholiday", TEXTS["preholiday"]
            open_note = (kind, texts)
        if base.closures:
            ranges = subtract(ranges, (r for r, _ in base.closures))
            kind, texts = "exception", base.closures[-1][1]
        result = _Day(ranges, kind, texts, cut, base.closures, open_note)
        if len(self._day_cache) > _CACHE_LIMIT:
            self._day_cache.clear()
        self._day_cache[day] = result
        return result

    def _merged(self, first: date, n_days: int) -> Iterator[tuple[datetime, datetime, bool]]:
        """Merged open intervals of `n_days` days from `first`; flag = may continue past the horizon."""
        cur_start: datetime | None = None
        cur_end: datetime | None = None
        for offset in range(n_days):
            day = first + timedelta(days=offset)
            ranges = self._day(day).ranges
            if not ranges:
                if cur_start is not None:
                    yield cur_start, cur_end, False
                    cur_start = cur_end = None
                continue
            midnight = local_midnight(day)
            for s, e in ranges:
                start, end = midnight + timedelta(minutes=s), midnight + timedelta(minutes=e)
                if cur_end is not None and start <= cur_end:
                    cur_end = max(cur_end, end)
                    continue
                if cur_start is not None:
                    yield cur_start, cur_end, False
                cur_start, cur_end = start, end
            # Only a range ending at 24:00 can merge with the next day; emit the rest now.
            if cur_start is not None and ranges[-1][1] < DAY_MINUTES:
                yield cur_start, cur_end, False
                cur_start = cur_end = None
        if cur_start is not None:
            yield cur_start, cur_end, True

    # -- public API

    def status(self, at: datetime, lang: str = "ru") -> Status:
        """Open or closed at `at`, when that changes, and why (reason localized to `lang`)."""
        at = as_local(at, "at")
        lang = normalize_lang(lang)
        next_open = None
        for start, end, open_ended in self._merged(at.date() - timedelta(days=1), SEARCH_DAYS):
            if end <= at:
                continue
            if start <= at:
                note = self._day(at.date()).open_note
                kind, reason = (note[0], localize(note[1], lang)) if note else (None, None)
                return Status(True, None if open_ended else end, None, reason, kind)
            next_open = start
            break
        kind, texts = self._closed_reason(at)
        return Status(False, None, next_open, localize(texts, lang), kind)

    def _closed_reason(self, at: datetime) -> tuple[str, Mapping[str, str] | None]:
        day = self._day(at.date())
        if not day.ranges:
            if day.kind == "regular":  # a zero-length template, kept for completeness
                return "weekend", TEXTS["weekend"]
            return day.kind, day.texts
        minute = at.hour * 60 + at.minute + (at.second + at.microsecond / 1e6) / 60
        for (s, e), texts in day.closures:
            if s <= minute < e:
                return "exception", texts
        for s, e in day.cut:
            if s <= minute < e:
                return "preholiday", TEXTS["preholiday"]
        if day.kind == "holiday":  # outside a holiday's own hours: the holiday is the reason
            return "holiday", day.texts
        if minute < day.ranges[0][0]:
            return "before_hours", TEXTS["before_hours"]
        if minute >= day.ranges[-1][1]:
            return "after_hours", TEXTS["after_hours"]
        return "break", TEXTS["break"]

    def next_change(self, at: datetime) -> datetime | None:
        """The first opening or closing strictly after `at`; None if none within ~400 days."""
        at = as_local(at, "at")
        for start, end, open_ended in self._merged(at.date() - timedelta(days=1), SEARCH_DAYS):
            if start > at:
                return start
            if end > at:
                return None if open_ended else end
        return None

    def intervals(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Open intervals, merged across midnight, sorted and clipped to [start, end)."""
        start, end = as_local(start, "start"), as_local(end, "end")
        if end <= start:
            return []
        first = start.date() - timedelta(days=1)
        out = []
        for s, e, _ in self._merged(first, (end.date() - first).days + 1):
            if e <= start:
                continue
            if s >= end:
                break
            out.append((max(s, start), min(e, end)))
        return out

    def days(self, start_date: date, n: int, lang: str = "ru") -> list[DayRow]:
        """A table of `n` days from `start_date`: hours, kind and localized reason per day."""
        start_date = _as_date(start_date)
        lang = normalize_lang(lang)
        rows = []
        for offset in range(max(0, n)):
            day = start_date + timedelta(days=offset)
            info = self._day(day)
            rows.append(
                DayRow(
                    date=day,
                    ranges=[(minutes_to_time(s), minutes_to_time(e)) for s, e in info.ranges],
                    open=bool(info.ranges),
                    kind=info.kind,
                    reason=localize(info.texts, lang),
                )
            )
        return rows

    def schema_org(self, start_date: date, n_days: int = 60) -> dict:
        """schema.org openingHoursSpecification (weekly) + specialOpeningHoursSpecification (next days)."""
        start_date = _as_date(start_date)
        weekly = []
        seen: list[tuple[Range, ...]] = []
        for ranges in self._weekly:
            if not ranges or ranges in seen:
                continue
            seen.append(ranges)
            names = [_DAY_NAMES[i] for i, other in enumerate(self._weekly) if other == ranges]
            for s, e in ranges:
                weekly.append(_schema_spec(s, e, dayOfWeek=names))
        special = []
        for offset in range(max(0, n_days)):
            day = start_date + timedelta(days=offset)
            ranges = self._day(day).ranges
            if ranges == self._weekly[day.weekday()]:
                continue
            valid = {"validFrom": day.isoformat(), "validThrough": day.isoformat()}
            if not ranges:  # schema.org marks a closed day with opens == closes == 00:00
                special.append({"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", **valid})
            for s, e in ranges:
                special.append(_schema_spec(s, e, **valid))
        return {"openingHoursSpecification": weekly, "specialOpeningHoursSpecification": special}


def _schema_spec(start: int, end: int, **extra: object) -> dict:
    # schema.org has no 24:00; the usual convention for "until midnight" is 23:59.
    closes = "23:59" if end >= DAY_MINUTES else format_hhmm(end)
    return {"@type": "OpeningHoursSpecification", **extra, "opens": format_hhmm(start), "closes": closes}


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return as_local(value, "start_date").date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, got {type(value).__name__}")
    return value
