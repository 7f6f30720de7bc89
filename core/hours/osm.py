"""OpenStreetMap ``opening_hours`` import/export for the subset the office needs.

Supported (anything else raises OsmSyntaxError pointing at the offending character):

* weekday lists and ranges, wrapping allowed: ``Mo-Fr``, ``Mo,We``, ``Sa-Mo``;
* one or more time ranges within a day: ``09:10-13:00,14:00-17:50``; ``24:00`` as an end;
  ``open`` / ``24/7`` for the whole day; a selector alone (``Mo,We``) also means the whole day;
* ``off`` / ``closed``; with time ranges they subtract only those ranges from what earlier
  rules said (on a date this becomes a ``partial_closure`` exception);
* public holidays ``PH`` on their own or in a weekday list: ``PH off``, ``PH``, ``PH open``,
  ``PH 10:00-14:00``, ``Mo-Su,PH 09:00-18:00``, ``Sa,PH off``, ``Tu-Su,PH 12:00-13:00 off``,
  and holidays on some weekdays: ``PH We,Fr 10:00-12:00``. As in OSM, a holiday is still a
  weekday: a weekday rule written after a PH rule applies to the holidays on its weekdays too;
* dates: ``2026 Dec 31``, ``Dec 31`` (every year), lists and ranges such as
  ``Jan 01,Dec 24-25``, ``Jan 23-Feb 12``, ``Dec 31-Jan 01``, ``2013 Dec 31-2014 Jan 02``;
  a range stays one exception with an end date (never expanded day by day);
* rules separated by ``;`` - a later rule replaces earlier ones for the days it names;
  an optional ``:`` after the selector.

Because the engine ranks exceptions above holidays above the weekly template, the
order of rules must agree with that ranking: weekday and PH rules first (in any
order), then dated rules. Other orders would need "holiday beats exception" semantics and
are rejected with an explanation rather than silently reinterpreted.

Bounds against hostile text: at most MAX_EXCEPTIONS dated items (a range counts once),
ranges of at most MAX_SPAN_YEARS years; the work is linear in the text's length.

The pre-holiday shortening is the office schedule's setting, not part of any text:
``parse_osm`` takes it as ``shorten_minutes`` (default 0, none). Exception reasons and
the names of staff-added decree days are not exported (OSM comments are out of scope);
decree days are exported as dated ``off`` rules, so after a round trip they are
exceptions and no longer shorten the day before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from core.hours.engine import (
    DAY_MINUTES,
    DEFAULT_HOURS,
    MAX_EXCEPTIONS,
    MAX_SPAN_DAYS,
    MAX_SPAN_YEARS,
    Range,
    Rules,
    SpecialDay,
    date_is_possible,
    format_hhmm,
    normalize,
    subtract,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
FULL_DAY: tuple[Range, ...] = ((0, DAY_MINUTES),)
# A dated item: (year or None, month, day, end or None); the end is (year or None, month, day).
DateItem = tuple[int | None, int, int, tuple[int | None, int, int] | None]

_TOKEN_RE = re.compile(
    r"(?P<ws>\s+)|(?P<always>24/7)|(?P<time>\d{2}:\d{2})|(?P<num>\d+)|(?P<word>[A-Za-z]+)|(?P<punct>[-,;:])"
)

# Friendly explanations for syntax outside the subset.
_UNSUPPORTED_CHARS = {
    '"': "comments are not supported",
    "|": "fallback rules ('||') are not supported",
    "[": "weekday constraints such as We[1] are not supported",
    "+": "open end and day offsets ('+') are not supported",
    "/": "periods ('/') are not supported",
    "(": "variable times are not supported",
    ".": "use HH:MM with a colon for times and plain day numbers for dates",
}
_UNSUPPORTED_WORDS = {
    "SH": "school holidays (SH) are not supported",
    "week": "week numbers are not supported",
    "sunrise": "variable times (sunrise, sunset, dawn, dusk) are not supported",
    "sunset": "variable times (sunrise, sunset, dawn, dusk) are not supported",
    "dawn": "variable times (sunrise, sunset, dawn, dusk) are not supported",
    "dusk": "variable times (sunrise, sunset, dawn, dusk) are not supported",
    "unknown": "the 'unknown' state is not supported",
    "easter": "movable dates (easter) are not supported",
}


class OsmSyntaxError(ValueError):
    """An opening_hours value outside the supported subset; ``position`` is a 0-based index.

    ``limit`` names a bound the text went past ("too_many_dates", "span_too_long"), so that the
    editor and the CLI can explain it in the staff member's language; None for plain syntax errors.
    """

    def __init__(self, message: str, position: int, limit: str | None = None):
        super().__init__(message, position)
        self.message = message
        self.position = position
        self.limit = limit

    def __str__(self) -> str:
        return f"{self.message} (at position {self.position})"


@dataclass(frozen=True)
class _Token:
    kind: str  # always, time, num, word, punct
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            char = text[pos]
            raise OsmSyntaxError(_UNSUPPORTED_CHARS.get(char, f"unexpected character {char!r}"), pos)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(_Token(kind, match.group(), pos))
        pos = match.end()
    return tokens


def _is(tok: _Token | None, kind: str, *texts: str) -> bool:
    return tok is not None and tok.kind == kind and (not texts or tok.text in texts)


def _unexpected(tok: _Token | None, end_pos: int, expected: str = "") -> OsmSyntaxError:
    if tok is None:
        return OsmSyntaxError(f"unexpected end of rule{'; expected ' + expected if expected else ''}", end_pos)
    if tok.kind == "word" and tok.text in _UNSUPPORTED_WORDS:
        return OsmSyntaxError(_UNSUPPORTED_WORDS[tok.text], tok.pos)
    if tok.kind == "word" and tok.text not in (*WEEKDAYS, *MONTHS, "PH", "off", "closed", "open"):
        return OsmSyntaxError(f"unknown word {tok.text!r}", tok.pos)
    if tok.kind == "num" and len(tok.text) <= 2 and expected.startswith("a time"):
        return OsmSyntaxError("times must be written as HH:MM", tok.pos)
    what = f"; expected {expected}" if expected else ""
    return OsmSyntaxError(f"unexpected {tok.text!r}{what}", tok.pos)


@dataclass
class _Rule:
    pos: int
    ph: bool = False
    weekdays: tuple[int, ...] | None = None
    ph_days: tuple[int, ...] | None = None  # "PH We,Fr": only holidays that fall on these weekdays
    dates: list[DateItem] | None = None
    ranges: tuple[Range, ...] | None = None
    off: bool = False


class _RuleParser:
    def __init__(self, tokens: list[_Token], end_pos: int, year_hint: int | None):
        self.tokens = tokens
        self.i = 0
        self.end_pos = end_pos
        self.year_hint = year_hint

    def peek(self, ahead: int = 0) -> _Token | None:
        j = self.i + ahead
        return self.tokens[j] if j < len(self.tokens) else None

    def take(self) -> _Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def fail(self, expected: str = "") -> OsmSyntaxError:
        return _unexpected(self.peek(), self.end_pos, expected)

    def parse(self) -> _Rule:
        rule = _Rule(pos=self.tokens[0].pos)
        first = self.peek()
        if _is(first, "word", *MONTHS) or (_is(first, "num") and len(first.text) == 4):
            rule.dates = self.dates()
        if _is(self.peek(), "word", *WEEKDAYS, "PH"):
            if rule.dates is not None:
                raise OsmSyntaxError("dates combined with weekdays are not supported", self.peek().pos)
            list_pos = self.peek().pos
            rule.weekdays, rule.ph = self.weekdays()
            if _is(self.peek(), "word", *WEEKDAYS, "PH"):
                if rule.weekdays is not None or not rule.ph:
                    raise OsmSyntaxError(
                        "write 'PH We,Fr' (holidays on those weekdays) or 'We,Fr,PH' (those weekdays and holidays)",
                        list_pos,
                    )
                inner_pos = self.peek().pos
                rule.ph_days, inner_ph = self.weekdays()
                if inner_ph or rule.ph_days is None:
                    raise OsmSyntaxError("PH is named twice", inner_pos)
        if (rule.dates is not None or rule.weekdays is not None or rule.ph) and _is(self.peek(), "punct", ":"):
            self.take()
        tok = self.peek()
        if _is(tok, "time"):
            rule.ranges = self.times()
        elif _is(tok, "always") or _is(tok, "word", "open"):
            self.take()
            rule.ranges = FULL_DAY
        if _is(self.peek(), "word", "off", "closed"):
            self.take()
            rule.off = True
        elif _is(self.peek(), "word", "open") and rule.ranges is not None:
            self.take()  # "10:00-12:00 open" says the same as "10:00-12:00"
        if self.peek() is not None:
            tok = self.peek()
            if _is(tok, "punct", ","):
                raise OsmSyntaxError("additional rules after ',' are not supported; separate rules with ';'", tok.pos)
            nothing_yet = (
                rule.dates is None and rule.weekdays is None and not rule.ph and rule.ranges is None and not rule.off
            )
            raise self.fail("a time as HH:MM" if nothing_yet or rule.ranges is None else "';'")
        return rule

    def weekdays(self) -> tuple[tuple[int, ...] | None, bool]:
        """A list of weekdays, ranges and PH ('Mo-Fr,Su,PH'): (weekdays or None, PH named)."""
        days: list[int] = []
        ph = False
        while True:
            tok = self.take()
            if tok.text == "PH":
                ph = True
                if _is(self.peek(), "punct", "-"):
                    raise OsmSyntaxError("PH cannot start a range", self.peek().pos)
            else:
                start = WEEKDAYS.index(tok.text)
                end = start
                if _is(self.peek(), "punct", "-"):
                    self.take()
                    if not _is(self.peek(), "word", *WEEKDAYS):
                        raise self.fail("a weekday")
                    end = WEEKDAYS.index(self.take().text)
                span = (end - start) % 7  # wrapping ranges like Sa-Mo are fine
                days.extend((start + k) % 7 for k in range(span + 1))
            if not (_is(self.peek(), "punct", ",") and self.peek(1) is not None):
                break
            if not _is(self.peek(1), "word", *WEEKDAYS, "PH"):
                if _is(self.peek(1), "word"):
                    self.take()
                    raise self.fail("a weekday or PH")
                break
            self.take()
        return (tuple(sorted(set(days))) if days else None), ph

    def times(self) -> tuple[Range, ...]:
        ranges: list[Range] = []
        while True:
            start_tok = self.take()
            start = self._minutes(start_tok, end=False)
            if not _is(self.peek(), "punct", "-"):
                raise self.fail("'-' and an end time")
            self.take()
            if not _is(self.peek(), "time"):
                raise self.fail("an end time as HH:MM")
            end = self._minutes(self.take(), end=True)
            if end < start:
                raise OsmSyntaxError("time ranges across midnight are not supported", start_tok.pos)
            if end == start:
                raise OsmSyntaxError("empty time range", start_tok.pos)
            ranges.append((start, end))
            if not _is(self.peek(), "punct", ","):
                break
            nxt = self.peek(1)
            if nxt is None:
                raise OsmSyntaxError("trailing ','", self.peek().pos)
            if not _is(nxt, "time"):
                return tuple(ranges)  # parse() reports the ',' as an unsupported additional rule
            self.take()
        return tuple(ranges)

    @staticmethod
    def _minutes(tok: _Token, *, end: bool) -> int:
        hours, minutes = int(tok.text[:2]), int(tok.text[3:])
        if minutes > 59:
            raise OsmSyntaxError(f"invalid time {tok.text!r}", tok.pos)
        if hours > 24 or (hours == 24 and minutes):
            raise OsmSyntaxError("times after 24:00 (past midnight) are not supported", tok.pos)
        if hours == 24 and not end:
            raise OsmSyntaxError("a time range cannot start at 24:00", tok.pos)
        return hours * 60 + minutes

    def dates(self) -> list[DateItem]:
        items: list[DateItem] = []
        while True:
            item_pos = self.peek().pos
            year, month, day = self._date_point()
            if _is(self.peek(), "punct", "-"):
                self.take()
                if _is(self.peek(), "num") and len(self.peek().text) <= 2:
                    end = (year, month, self._day(self.take()))
                    explicit_end_year = False
                else:
                    end = self._date_point()
                    explicit_end_year = end[0] is not None
                    if end[0] is None:
                        end = (year, end[1], end[2])
                items.append(self._span((year, month, day), end, explicit_end_year, item_pos))
            else:
                items.append(self._span((year, month, day), None, False, item_pos))
            if len(items) > MAX_EXCEPTIONS:
                raise OsmSyntaxError(
                    f"too many dates: at most {MAX_EXCEPTIONS} dates or date ranges", item_pos, "too_many_dates"
                )
            if not _is(self.peek(), "punct", ","):
                return items
            nxt = self.peek(1)
            if _is(nxt, "word", *MONTHS) or (_is(nxt, "num") and len(nxt.text) == 4):
                self.take()
                continue
            if _is(nxt, "num"):
                raise OsmSyntaxError("write the month before every day, e.g. 'Dec 24,Dec 25'", nxt.pos)
            return items  # parse() reports what follows the ','

    def _date_point(self) -> tuple[int | None, int, int]:
        year = None
        tok = self.peek()
        if _is(tok, "num") and len(tok.text) == 4:
            year = int(self.take().text)
            if year == 0:
                raise OsmSyntaxError("invalid year", tok.pos)
            tok = self.peek()
        if not _is(tok, "word", *MONTHS):
            if year is not None:
                raise self.fail("a month after the year (e.g. '2026 Dec 31'); a bare year is not supported")
            raise self.fail("a month")
        month = MONTHS.index(self.take().text) + 1
        tok = self.peek()
        if not (_is(tok, "num") and len(tok.text) <= 2):
            raise OsmSyntaxError(
                "a month without a day is not supported; name the days, e.g. 'Dec 31'", tok.pos if tok else self.end_pos
            )
        return year, month, self._day(self.take())

    @staticmethod
    def _day(tok: _Token) -> int:
        day = int(tok.text)
        if not 1 <= day <= 31:
            raise OsmSyntaxError(f"invalid day {tok.text!r}", tok.pos)
        return day

    def _span(self, start, end, explicit_end_year: bool, pos: int) -> DateItem:
        """One date or one date range as an item with an end; a range is never expanded day by day."""
        year, month, day = start
        if year is None and self.year_hint is not None:
            year = self.year_hint
            if end is not None and end[0] is None:
                end = (year, end[1], end[2])
        if end is None:
            # A single impossible date (2015 Feb 29) is kept: it simply never matches.
            return (year, month, day, None)
        if year is None:
            if end[0] is not None:
                raise OsmSyntaxError("a yearly date range cannot end in a specific year", pos)
            if not (date_is_possible(None, month, day) and date_is_possible(None, end[1], end[2])):
                raise OsmSyntaxError("a date range with an impossible start or end date", pos)
            same = (end[1], end[2]) == (month, day)
            return (None, month, day, None if same else (None, end[1], end[2]))
        end_year = end[0] if end[0] is not None else year
        try:
            first = date(year, month, day)
            last = date(end_year, end[1], end[2])
            if last < first and not explicit_end_year:
                last = date(end_year + 1, end[1], end[2])  # "2012 Dec 31-Jan 01" runs into the next year
        except ValueError:
            raise OsmSyntaxError("a date range with an impossible start or end date", pos) from None
        if last < first:
            raise OsmSyntaxError("the date range ends before it starts", pos)
        if (last - first).days >= MAX_SPAN_DAYS:
            raise OsmSyntaxError(f"a date range can span at most {MAX_SPAN_YEARS} years", pos, "span_too_long")
        return (year, month, day, None if last == first else (last.year, last.month, last.day))


def _split_rules(tokens: list[_Token], text: str) -> list[tuple[list[_Token], int]]:
    rules: list[tuple[list[_Token], int]] = []
    current: list[_Token] = []
    for tok in tokens:
        if _is(tok, "punct", ";"):
            if not current:
                raise OsmSyntaxError("empty rule", tok.pos)
            rules.append((current, tok.pos))
            current = []
        else:
            current.append(tok)
    if current:
        rules.append((current, len(text)))
    # A trailing ';' is accepted (common in the wild); an empty value is not.
    if not rules:
        raise OsmSyntaxError("empty opening_hours value", 0)
    return rules


def parse_osm(text: str, year_hint: int | None = None, *, shorten_minutes: int = 0) -> Rules:
    """Parse an OSM opening_hours value (supported subset) into Rules; OsmSyntaxError otherwise.

    ``year_hint`` pins dates written without a year to that year instead of every year.
    ``shorten_minutes`` is the office schedule's pre-holiday shortening (0: none); the text
    itself never shortens a day, whatever it says about PH.
    """
    if not isinstance(text, str):
        raise TypeError("opening_hours must be a string")
    weekly: list[tuple[Range, ...]] = [() for _ in WEEKDAYS]
    # Hours of a holiday falling on each weekday; None until a PH rule names holidays (until then a
    # holiday is an ordinary day). A weekday rule matches holidays on its weekdays too, as in OSM.
    holiday: list[tuple[Range, ...]] | None = None
    dated_from: int | None = None
    exceptions: list[SpecialDay] = []
    for tokens, end_pos in _split_rules(_tokenize(text), text):
        rule = _RuleParser(tokens, end_pos, year_hint).parse()
        if rule.dates is None:
            if dated_from is not None:
                what = "PH rules" if rule.weekdays is None and rule.ph else "weekday rules"
                raise OsmSyntaxError(f"{what} must come before dated rules (dates outrank holidays and weekdays)",
                                     rule.pos)  # fmt: skip
            if rule.ph:
                holiday = list(weekly) if holiday is None else holiday  # so far, holidays were ordinary days
                days = rule.ph_days if rule.ph_days is not None else range(7)
            else:
                days = rule.weekdays if rule.weekdays is not None else range(7)
            if holiday is not None:
                for wd in days:
                    holiday[wd] = _apply(holiday[wd], rule)
            for wd in rule.weekdays if rule.weekdays is not None else (() if rule.ph else range(7)):
                weekly[wd] = _apply(weekly[wd], rule)
            continue
        dated_from = rule.pos if dated_from is None else dated_from
        if rule.off and rule.ranges:
            kind, ranges = "partial_closure", rule.ranges
        elif rule.off:
            kind, ranges = "closed", None
        else:
            kind, ranges = "hours", normalize(rule.ranges or FULL_DAY)
        one_off_before = [exc for exc in exceptions if exc.year is not None]
        for year, month, day, until in rule.dates:
            exc = SpecialDay(year, month, day, kind, ranges, until=until)
            _append(exceptions, exc, rule.pos)
            if year is None:
                # The engine applies yearly exceptions before one-off ones; a yearly rule
                # written later must still win over an earlier one-off rule on their common days.
                for other in one_off_before:
                    for first, last in _yearly_overlaps(exc, other):
                        end = None if last == first else (last.year, last.month, last.day)
                        _append(exceptions, replace(exc, year=first.year, month=first.month, day=first.day,
                                                    until=end), rule.pos)  # fmt: skip
    return Rules(
        weekly=tuple(weekly),
        exceptions=tuple(exceptions),
        holidays_enabled=holiday is not None,
        shorten_minutes=shorten_minutes,
        holiday_hours=tuple(holiday or ((),) * 7),
    )


def _apply(before: tuple[Range, ...], rule: _Rule) -> tuple[Range, ...]:
    """What a weekday or PH rule leaves of one day's hours: new hours, closed, or the hours minus some times."""
    if rule.off and not rule.ranges:
        return ()
    if not rule.off:
        return normalize(rule.ranges or FULL_DAY)
    return subtract(before, rule.ranges)


def _append(exceptions: list[SpecialDay], exc: SpecialDay, pos: int) -> None:
    if len(exceptions) >= MAX_EXCEPTIONS:
        raise OsmSyntaxError(
            f"too many dated rules: at most {MAX_EXCEPTIONS} dates or date ranges (a range counts once)",
            pos,
            "too_many_dates",
        )
    exceptions.append(exc)


def _occurrence(year: int, month: int, day: int, *, start: bool) -> date | None:
    """A yearly month-day in `year`; Feb 29 of a common year is Mar 1 as a start and Feb 28 as an end."""
    if not 1 <= year <= 9999:
        return None
    if date_is_possible(year, month, day):
        return date(year, month, day)
    return date(year, 3, 1) if start else date(year, 2, 28)


def _yearly_overlaps(yearly: SpecialDay, one_off: SpecialDay) -> list[tuple[date, date]]:
    """The spans of days that a yearly exception shares with a one-off one (at most MAX_SPAN_YEARS + 2)."""
    first, last = one_off.first_date, one_off.last_date
    if first is None or last is None:
        return []  # an impossible one-off date never applies
    out = []
    for year in range(first.year - 1, last.year + 1):
        if yearly.until is None:
            if not date_is_possible(year, yearly.month, yearly.day):
                continue
            start = end = date(year, yearly.month, yearly.day)
        else:
            end_md = yearly.until[1:]
            start = _occurrence(year, yearly.month, yearly.day, start=True)
            end = _occurrence(year + (end_md < (yearly.month, yearly.day)), *end_md, start=False)
            if start is None or end is None:
                continue
        lo, hi = max(start, first), min(end, last)
        if lo <= hi:
            out.append((lo, hi))
    return out


def _times(ranges: tuple[Range, ...]) -> str:
    return ",".join(f"{format_hhmm(s)}-{format_hhmm(e)}" for s, e in ranges)


def _weekday_selector(days: list[int]) -> str:
    parts = []
    run = [days[0]]
    for wd in [*days[1:], None]:
        if wd is not None and wd == run[-1] + 1:
            run.append(wd)
            continue
        if len(run) >= 3:
            parts.append(f"{WEEKDAYS[run[0]]}-{WEEKDAYS[run[-1]]}")
        else:
            parts.extend(WEEKDAYS[d] for d in run)
        if wd is not None:
            run = [wd]
    return ",".join(parts)


def _date_selector(year: int | None, month: int, day: int) -> str:
    md = f"{MONTHS[month - 1]} {day:02d}"
    return md if year is None else f"{year:04d} {md}"


def to_osm(rules: Rules) -> str:
    """Export Rules as an opening_hours value that parse_osm() reads back to the same intervals.

    Lossy by design: reasons, holiday names and the pre-holiday shortening (an office setting)
    are not expressible; staff decree days become dated ``off`` rules.
    """
    weekly = [normalize(day) for day in rules.weekly]
    parts: list[str] = []
    seen: list[tuple[Range, ...]] = []
    for ranges in weekly:
        if not ranges or ranges in seen:
            continue
        seen.append(ranges)
        days = [i for i, other in enumerate(weekly) if other == ranges]
        parts.append(f"{_weekday_selector(days)} {_times(ranges)}")
    if not parts:
        parts.append("off")
    if rules.holidays_enabled:
        uniform = rules.uniform_holiday_hours
        if uniform is not None:
            parts.append(f"PH {_times(uniform)}" if uniform else "PH off")
        else:  # closed on holidays, then the weekdays whose holidays have hours ("PH We,Fr 10:00-12:00")
            parts.append("PH off")
            holiday = [normalize(day) for day in rules.holiday_hours]
            for ranges in dict.fromkeys(holiday):
                if ranges:
                    days = [wd for wd, other in enumerate(holiday) if other == ranges]
                    parts.append(f"PH {_weekday_selector(days)} {_times(ranges)}")
    for holiday in sorted(rules.extra_holidays, key=lambda h: h.date):
        parts.append(f"{_date_selector(holiday.date.year, holiday.date.month, holiday.date.day)} off")
    default_hours = next((day for day in weekly[:5] if day), DEFAULT_HOURS)
    # Yearly exceptions first: that is the order in which the engine applies them.
    ordered = [e for e in rules.exceptions if e.year is None] + [e for e in rules.exceptions if e.year is not None]
    for exc in ordered:
        selector = _date_selector(exc.year, exc.month, exc.day)
        if exc.until is not None:
            selector += "-" + _date_selector(*exc.until)
        if exc.kind == "partial_closure":
            ranges = normalize(exc.ranges or ())
            if ranges:  # an empty partial closure changes nothing (and "off" alone would close the day)
                parts.append(f"{selector} {_times(ranges)} off")
            continue
        if exc.kind == "closed":
            ranges = ()
        elif exc.kind == "working_day" and exc.ranges is None:
            ranges = default_hours
        else:
            ranges = normalize(exc.ranges or ())
        parts.append(f"{selector} {_times(ranges)}" if ranges else f"{selector} off")
    return "; ".join(parts)
