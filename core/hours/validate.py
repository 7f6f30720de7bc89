"""Typed warnings about hours rules that load fine but are probably not what staff meant."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from core.hours.engine import WEEKDAY_KEYS, Range, Rules, Schedule, date_is_possible, format_hhmm

WARNING_CODES = ("end_before_start", "overlap", "impossible_date", "past_exception", "long_closure")
LONG_CLOSURE_DAYS = 14  # closed more than this many days in a row is flagged
LOOKAHEAD_DAYS = 366


@dataclass(frozen=True)
class RuleWarning:
    """One finding: ``code`` is one of WARNING_CODES, ``message`` is English, ``where`` points at the data."""

    code: str
    message: str
    where: str


def _range_warnings(ranges: tuple[Range, ...], where: str) -> list[RuleWarning]:
    out = []
    valid = []
    for i, (s, e) in enumerate(ranges):
        if e <= s:
            out.append(
                RuleWarning(
                    "end_before_start",
                    f"{format_hhmm(s)}-{format_hhmm(e)} ends before it starts; this range is ignored",
                    f"{where}[{i}]",
                )
            )
        else:
            valid.append((s, e, i))
    valid.sort()
    for (s1, e1, i1), (s2, e2, i2) in pairwise(valid):
        if s2 < e1:
            out.append(
                RuleWarning(
                    "overlap",
                    f"{format_hhmm(s1)}-{format_hhmm(e1)} and {format_hhmm(s2)}-{format_hhmm(e2)} overlap",
                    f"{where}[{i1}],[{i2}]",
                )
            )
    return out


def validate_rules(rules: Rules, today: date) -> list[RuleWarning]:
    """Warnings for `rules` as seen on `today` (past one-off dates, long closures in the next year, ...)."""
    warnings: list[RuleWarning] = []
    for i, key in enumerate(WEEKDAY_KEYS):
        warnings.extend(_range_warnings(rules.weekly[i], f"weekly.{key}"))

    counts = Counter(exc.date_key for exc in rules.exceptions)
    reported_duplicates: set[str] = set()
    for i, exc in enumerate(rules.exceptions):
        where = f"exceptions[{i}] ({exc.date_key})"
        if exc.ranges:
            warnings.extend(_range_warnings(exc.ranges, f"{where}.ranges"))
        if not date_is_possible(exc.year, exc.month, exc.day):
            warnings.append(RuleWarning("impossible_date", f"{exc.date_key} does not exist; it never applies", where))
        elif exc.year is not None and exc.last_date < today:  # a span is past once its last day is
            warnings.append(RuleWarning("past_exception", f"{exc.date_key} is in the past and can be removed", where))
        if counts[exc.date_key] > 1 and exc.date_key not in reported_duplicates:
            reported_duplicates.add(exc.date_key)
            warnings.append(
                RuleWarning(
                    "overlap",
                    f"{counts[exc.date_key]} exceptions for {exc.date_key}; they are applied in list order",
                    where,
                )
            )

    seen_extra: set[date] = set()
    for i, holiday in enumerate(rules.extra_holidays):
        where = f"extra_holidays[{i}] ({holiday.date.isoformat()})"
        if holiday.date < today:
            warnings.append(
                RuleWarning("past_exception", f"decree day off {holiday.date} is in the past and can be removed", where)
            )
        if holiday.date in seen_extra:
            warnings.append(RuleWarning("overlap", f"decree day off {holiday.date} is listed twice", where))
        seen_extra.add(holiday.date)

    warnings.extend(_long_closures(rules, today))
    return warnings


def _long_closures(rules: Rules, today: date) -> list[RuleWarning]:
    rows = Schedule(rules).days(today, LOOKAHEAD_DAYS, lang="en")
    out = []
    run_start = None
    for row in [*rows, None]:  # the sentinel closes a run that reaches the horizon
        if row is not None and not row.open:
            run_start = run_start or row.date
            continue
        if run_start is not None:
            last = (row.date if row else rows[-1].date + timedelta(days=1)) - timedelta(days=1)
            length = (last - run_start).days + 1
            if length > LONG_CLOSURE_DAYS:
                out.append(
                    RuleWarning(
                        "long_closure",
                        f"closed for {length} days in a row ({run_start} to {last})",
                        f"{run_start.isoformat()}..{last.isoformat()}",
                    )
                )
            run_start = None
    return out
