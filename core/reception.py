"""Reception-hours answers for the kiosk, computed per request from the release (works offline)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date, format_skeleton, format_time
from flask import current_app
from flask_babel import gettext as _

from core.hours import TZ, Rules, Schedule, default_rules

log = logging.getLogger(__name__)
_schedules: dict[str, Schedule] = {}


def schedule_for(rules_dict: dict | None, cache_key: str) -> Schedule:
    """One Schedule per release and rule set, kept for the life of the process."""
    sched = _schedules.get(cache_key)
    if sched is None:
        try:
            rules = Rules.from_dict(rules_dict) if rules_dict else default_rules()
        except ValueError as exc:
            # A release made before the engine's bounds (or by a broken central) may carry rules the
            # engine now refuses; the page still answers, with the Service's standard hours.
            log.warning("hours rules in %s refused, standard hours shown instead: %s", cache_key, exc)
            rules = default_rules()
        sched = _schedules[cache_key] = Schedule(rules)
        if len(_schedules) > 64:  # old releases are never asked again
            _schedules.pop(next(iter(_schedules)))
    return sched


def reception_now() -> datetime:
    """The moment the kiosk and the previews answer for: now, or KIOSK_FROZEN_NOW (previews, tests)."""
    frozen = current_app.config.get("KIOSK_FROZEN_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen)
        return moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    return datetime.now(UTC)


def hhmm(moment: datetime, lang: str) -> str:
    """24-hour clock time in Bishkek."""
    return format_time(moment.astimezone(TZ), "HH:mm", locale=lang)


def weekday(day: date, lang: str) -> str:
    """The weekday name in the page's language, capitalised for the start of a phrase."""
    name = format_date(day, "EEEE", locale=lang)
    return name[:1].upper() + name[1:]


def day_month(day: date, lang: str) -> str:
    """Day and month in the locale's own CLDR pattern (day before or after the month, genitive, suffix)."""
    return format_skeleton("MMMMd", day, locale=lang)


# Kyrgyz puts the dative ending on the last word a time is read with: 17:50 is "он жети элүү" and takes
# -гө (элүүгө), 17:30 "...отуз" takes -га, 09:10 "...он" takes -го, and 18:00 is read "...нөл": -гө.
# Written Kyrgyz attaches the ending to the digits: «17:50гө чейин», «17:30га чейин», «18:00гө чейин».
_KY_DATIVE_UNITS = {1: "ге", 2: "ге", 3: "кө", 4: "кө", 5: "ке", 6: "га", 7: "ге", 8: "ге", 9: "га"}
_KY_DATIVE_TENS = {1: "го", 2: "га", 3: "га", 4: "ка", 5: "гө"}


def until_time(text: str, lang: str) -> str:
    """A clock time ("17:50") as it stands before "until": in Kyrgyz with its dative ending ("17:50гө")."""
    if lang != "ky" or len(text) < 2 or not text[-2:].isdecimal():
        return text
    minutes = int(text[-2:])
    if minutes == 0:
        return text + "гө"  # нөлгө
    if minutes % 10:
        return text + _KY_DATIVE_UNITS[minutes % 10]
    return text + _KY_DATIVE_TENS[minutes // 10]


def clock(moment: time) -> str:
    """A day-table time as HH:MM; the engine gives time.max for the end of the day, shown as 24:00."""
    return "24:00" if moment == time.max else moment.strftime("%H:%M")


@dataclass(frozen=True)
class StatusLine:
    """What the kiosk says about reception right now."""

    open: bool
    headline: str
    reason: str | None
    # When this wording stops being true: the next opening or closing, or midnight in Bishkek (when
    # "today" and "tomorrow" shift), whichever comes first. None while the clock is frozen (previews,
    # tests), where the wording never expires.
    valid_until: datetime | None = None


def _day_and_time(moment: datetime, lang: str) -> str:
    """A later day with its date (weekday, day and month, time), so that a long closure is unambiguous."""
    return f"{weekday(moment.date(), lang)}, {day_month(moment.date(), lang)} {hhmm(moment, lang)}"


def status_line(sched: Schedule, now: datetime, lang: str) -> StatusLine:
    """Say "Open now, until 17:50" or "Closed, opens <weekday, date> 09:10", with the reason (holiday, short day)."""
    st = sched.status(now, lang=lang)
    line = _status_wording(st, now, lang)
    if current_app.config.get("KIOSK_FROZEN_NOW"):
        return line
    midnight = datetime.combine(now.astimezone(TZ).date(), time.min, tzinfo=TZ) + timedelta(days=1)
    boundary = st.closes_at if st.open else st.next_opens_at
    return replace(line, valid_until=min(midnight, boundary) if boundary is not None else midnight)


def _status_wording(st, now: datetime, lang: str) -> StatusLine:
    """The words for one engine answer, in the page's language."""
    today = now.astimezone(TZ).date()
    if st.open:
        if st.closes_at is None:  # open around the clock (e.g. a 24/7 hotline)
            return StatusLine(True, _("Open now"), st.reason)
        closes = st.closes_at.astimezone(TZ)
        until = hhmm(closes, lang) if closes.date() == today else _day_and_time(closes, lang)
        return StatusLine(True, _("Open now, until %(time)s", time=until_time(until, lang)), st.reason)
    # "Closed, opens today at 09:10" already says that reception has not started yet (or is over for
    # today); repeating it as a reason says the same thing twice. Holidays, breaks, closures stay.
    reason = None if st.reason_kind in ("before_hours", "after_hours") else st.reason
    if st.next_opens_at is None:
        return StatusLine(False, _("Closed"), reason)
    opens = st.next_opens_at.astimezone(TZ)
    if opens.date() == today:
        when = _("today at %(time)s", time=hhmm(opens, lang))
    elif (opens.date() - today).days == 1:
        when = _("tomorrow at %(time)s", time=hhmm(opens, lang))
    else:
        when = _day_and_time(opens, lang)
    return StatusLine(False, _("Closed, opens %(when)s", when=when), reason)


def week_table(sched: Schedule, start: date, lang: str, days: int = 7) -> list[dict]:
    """Rows for the 7-day table: weekday, date, hours text and reason."""
    rows = []
    for row in sched.days(start, days, lang=lang):
        hours = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in row.ranges)
        rows.append(
            {
                "weekday": weekday(row.date, lang),
                "date": day_month(row.date, lang),
                "iso": row.date.isoformat(),
                "open": row.open,
                "kind": row.kind,
                "hours": hours or _("Closed"),
                "reason": row.reason,
                "today": row.date == start,
            }
        )
    return rows


# Day kinds that differ from an ordinary week: a traveller planning a visit needs to hear about them.
CHANGED_KINDS = ("holiday", "preholiday", "exception")


def upcoming_changes(sched: Schedule, today: date, lang: str, days: int = 7) -> list[dict]:
    """Closures and changed hours in the `days` after today, worded from the hours engine's table."""
    return [row for row in week_table(sched, today + timedelta(days=1), lang, days) if row["kind"] in CHANGED_KINDS]
