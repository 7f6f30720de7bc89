"""Reception-hours answers for the kiosk, computed per request from the release (works offline)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date, format_time
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
    """A later day with its date ("Monday, 23 March 09:10"), so that a long closure is unambiguous."""
    return f"{weekday(moment.date(), lang)}, {format_date(moment.date(), 'd MMMM', locale=lang)} {hhmm(moment, lang)}"


def status_line(sched: Schedule, now: datetime, lang: str) -> StatusLine:
    """Say "Open now, until 17:50" or "Closed, opens Monday, 23 March 09:10", with the reason (holiday, short day)."""
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
        return StatusLine(True, _("Open now, until %(time)s", time=until), st.reason)
    if st.next_opens_at is None:
        return StatusLine(False, _("Closed"), st.reason)
    opens = st.next_opens_at.astimezone(TZ)
    if opens.date() == today:
        when = _("today at %(time)s", time=hhmm(opens, lang))
    elif (opens.date() - today).days == 1:
        when = _("tomorrow at %(time)s", time=hhmm(opens, lang))
    else:
        when = _day_and_time(opens, lang)
    return StatusLine(False, _("Closed, opens %(when)s", when=when), st.reason)


def week_table(sched: Schedule, start: date, lang: str, days: int = 7) -> list[dict]:
    """Rows for the 7-day table: weekday, date, hours text and reason."""
    rows = []
    for row in sched.days(start, days, lang=lang):
        hours = ", ".join(f"{clock(a)}–{clock(b)}" for a, b in row.ranges)
        rows.append(
            {
                "weekday": weekday(row.date, lang),
                "date": format_date(row.date, "d MMMM", locale=lang),
                "iso": row.date.isoformat(),
                "open": row.open,
                "hours": hours or _("Closed"),
                "reason": row.reason,
                "today": row.date == start,
            }
        )
    return rows
