"""Property tests over random rules and moments (hypothesis): the API views agree with each other."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.hours import TZ, Rules, Schedule, parse_osm, to_osm
from core.hours.engine import EXCEPTION_KINDS, ExtraHoliday, SpecialDay

# HOURS_EXAMPLES=2000 for a longer hunt; the default keeps the suite quick.
PROFILE = settings(
    max_examples=int(os.environ.get("HOURS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
REASON_KINDS = {"holiday", "exception", "weekend", "preholiday", "after_hours", "before_hours", "break"}

# Minutes on a 5-minute grid keep touching/overlapping ranges frequent; inverted ranges are allowed
# on purpose (the engine ignores them and validate_rules reports them).
minute = st.integers(0, 288).map(lambda k: k * 5)
a_range = st.tuples(minute.filter(lambda m: m < 1440), minute)
day_ranges = st.lists(a_range, max_size=3).map(tuple)


@st.composite
def special_days(draw) -> SpecialDay:
    kind = draw(st.sampled_from(EXCEPTION_KINDS))
    if kind == "closed":
        ranges = None
    elif kind == "working_day":
        ranges = draw(st.none() | day_ranges)
    else:
        ranges = draw(day_ranges)
    year = draw(st.sampled_from([None, 2026, 2027]))
    # Days up to 31 in every month: impossible dates must be harmless.
    return SpecialDay(year, draw(st.integers(1, 12)), draw(st.integers(1, 31)), kind, ranges)


extra_holidays = st.lists(
    st.dates(date(2026, 1, 1), date(2027, 12, 31)).map(ExtraHoliday), max_size=2, unique_by=lambda h: h.date
).map(tuple)

rules_strategy = st.builds(
    Rules,
    weekly=st.tuples(*[day_ranges] * 7),
    exceptions=st.lists(special_days(), max_size=6).map(tuple),
    holidays_enabled=st.booleans(),
    shorten_minutes=st.sampled_from([0, 30, 60, 120]),
    extra_holidays=extra_holidays,
)

moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31, 23, 59), timezones=st.sampled_from([TZ, UTC])
)


@PROFILE
@given(rules=rules_strategy, start=moments, span_minutes=st.integers(0, 20 * 1440))
def test_intervals_are_sorted_disjoint_and_inside_the_window(rules, start, span_minutes):
    end = start + timedelta(minutes=span_minutes)
    ivs = Schedule(rules).intervals(start, end)
    for s, e in ivs:
        assert start <= s < e <= end
        assert s.tzinfo is TZ and e.tzinfo is TZ
    for (_, e1), (s2, _) in pairwise(ivs):
        assert e1 < s2  # merged: touching intervals would have been joined


@PROFILE
@given(rules=rules_strategy, moment=moments)
def test_status_agrees_with_intervals(rules, moment):
    sched = Schedule(rules)
    window_start, window_end = moment - timedelta(days=1), moment + timedelta(days=30)
    ivs = sched.intervals(window_start, window_end)
    st_ = sched.status(moment, lang="en")
    containing = [(s, e) for s, e in ivs if s <= moment < e]
    assert st_.open == bool(containing)
    if st_.open:
        assert st_.next_opens_at is None
        (_, end), *_ = containing
        if end < window_end:
            assert st_.closes_at == end
        else:
            assert st_.closes_at is None or st_.closes_at >= window_end
    else:
        assert st_.closes_at is None
        assert st_.reason_kind in REASON_KINDS and isinstance(st_.reason, str)
        later = [s for s, _ in ivs if s > moment]
        if later:
            assert st_.next_opens_at == later[0]
        else:
            assert st_.next_opens_at is None or st_.next_opens_at >= window_end


@PROFILE
@given(rules=rules_strategy, moment=moments)
def test_next_change_is_the_first_boundary_after_the_moment(rules, moment):
    sched = Schedule(rules)
    window_start, window_end = moment - timedelta(days=1), moment + timedelta(days=30)
    ivs = sched.intervals(window_start, window_end)
    boundaries = {b for iv in ivs for b in iv} - {window_start, window_end}  # drop clipping artefacts
    after = sorted(b for b in boundaries if b > moment)
    change = sched.next_change(moment)
    if after:
        assert change == after[0]
    else:
        assert change is None or change >= window_end


@PROFILE
@given(rules=rules_strategy, first=st.dates(date(2026, 1, 1), date(2027, 12, 1)), n=st.integers(1, 14))
def test_day_rows_agree_with_intervals(rules, first, n):
    sched = Schedule(rules)
    rows = sched.days(first, n, lang="ky")
    assert [r.date for r in rows] == [first + timedelta(days=i) for i in range(n)]
    for row in rows:
        start = datetime(row.date.year, row.date.month, row.date.day, tzinfo=TZ)
        has_time = bool(sched.intervals(start, start + timedelta(days=1)))
        assert row.open == bool(row.ranges) == has_time
        assert row.kind in {"regular", "weekend", "holiday", "preholiday", "exception"}


@PROFILE
@given(rules=rules_strategy.map(lambda r: Rules(**{**r.__dict__, "extra_holidays": ()})))
def test_osm_export_then_import_keeps_a_year_of_intervals(rules):
    text = to_osm(rules)
    back = parse_osm(text, shorten_minutes=rules.shorten_minutes)
    start, end = datetime(2026, 1, 1, tzinfo=TZ), datetime(2027, 1, 1, tzinfo=TZ)
    assert Schedule(back).intervals(start, end) == Schedule(rules).intervals(start, end), text
    assert to_osm(back) == to_osm(parse_osm(to_osm(back), shorten_minutes=rules.shorten_minutes))


@PROFILE
@given(rules=rules_strategy)
def test_rules_dict_round_trip(rules):
    assert Rules.from_dict(rules.to_dict()) == rules
