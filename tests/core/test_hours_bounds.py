"""Hostile opening_hours text and rules JSON: the engine answers (refuses or accepts) with small output.

Reproduces the attack of issue 10: dated ranges expanded day by day without a cap, and yearly rules
after one-off rules going quadratic, so 11.6 KB of text made a 176 MB preview and 1.4 KB a 4.7 MB
release. Every assertion is on sizes and counts, never on time (bench/hours.py prints the timings).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from core.hours import MAX_EXCEPTIONS, MAX_SPAN_YEARS, OsmSyntaxError, Rules, Schedule, parse_osm, validate_rules
from core.hours.engine import SpecialDay

MAX_TEXT = 20_000  # the editor's limit on OSM text
SMALL_JSON = 64_000  # what a release may carry for one rule set at the very most


def _size(rules: Rules) -> int:
    return len(json.dumps(rules.to_dict(), ensure_ascii=False))


def _many(rule: str, count: int) -> str:
    return "Mo-Fr 09:00-18:00; " + "; ".join(rule.format(i=i, y=2026 + i % 50) for i in range(count))


# --- the attack inputs ------------------------------------------------------------------------------------------


def test_many_wide_dated_ranges_are_refused_before_any_expansion():
    """400+ five-year ranges (the 11.6 KB attack, scaled to the 20,000 character limit) are refused by count."""
    text = _many("{y} Jan 01-{y} Dec 31 off", 600)[:MAX_TEXT].rsplit(";", 1)[0]
    assert len(text) <= MAX_TEXT and text.count("-") > MAX_EXCEPTIONS
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm(text)
    assert caught.value.limit == "too_many_dates"
    assert f"at most {MAX_EXCEPTIONS}" in caught.value.message


def test_ranges_under_the_bound_stay_one_exception_each_and_small():
    """Each range is one exception with an end date, so the stored rules grow with the text, not with the days."""
    text = _many("{y} Jan 01-{y} Dec 31 10:00-12:00", 300)
    rules = parse_osm(text)
    assert len(rules.exceptions) == 300
    assert all(exc.until is not None for exc in rules.exceptions)
    assert _size(rules) < SMALL_JSON
    # The same rules answer for a day inside a range, a year ahead of the first one.
    row = Schedule(rules).days(date(2027, 7, 14), 1, lang="en")[0]
    assert [(a.strftime("%H:%M"), b.strftime("%H:%M")) for a, b in row.ranges] == [("10:00", "12:00")]


def test_a_range_spanning_centuries_is_refused():
    """Years spanned are bounded: a 1,000-year range is refused with the bound in the message."""
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm("Mo-Fr 09:00-18:00; 2000 Jan 01-2999 Dec 31 off")
    assert caught.value.limit == "span_too_long"
    assert f"at most {MAX_SPAN_YEARS} years" in caught.value.message
    with pytest.raises(ValueError, match="at most 10 years"):
        SpecialDay(2000, 1, 1, "closed", until=(2999, 12, 31))


def test_a_range_of_exactly_the_bound_is_accepted_as_one_exception():
    rules = parse_osm("Mo-Fr 09:00-18:00; 2026 Jan 01-2035 Dec 31 off")
    (exc,) = rules.exceptions
    assert exc.date_key == "2026-01-01..2035-12-31"


def test_yearly_rules_after_one_off_ranges_are_bounded():
    """Nested yearly rules: every yearly date after a 10-year one-off range needs per-year copies; capped, refused."""
    dates = "; ".join(f"Jan {d:02d} 10:00-11:00" for d in range(1, 32))
    text = "Mo-Fr 09:00-18:00; " + "; ".join(["2026 Jan 01-2035 Dec 30 off"] * 20) + "; " + dates
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm(text)
    assert caught.value.limit == "too_many_dates"


def test_yearly_rules_after_a_one_off_range_still_win_on_their_days():
    """The copies that keep OSM order are spans too: one per year of the one-off range, not one per day."""
    rules = parse_osm("Mo-Su 09:00-18:00; 2026 Jun 01-2028 Aug 31 off; Jul 01-Jul 31 10:00-12:00")
    assert [exc.date_key for exc in rules.exceptions] == [
        "2026-06-01..2028-08-31",
        "07-01..07-31",
        "2026-07-01..2026-07-31",
        "2027-07-01..2027-07-31",
        "2028-07-01..2028-07-31",
    ]
    sched = Schedule(rules)
    assert sched.days(date(2027, 7, 15), 1)[0].open and not sched.days(date(2027, 8, 15), 1)[0].open


def test_many_yearly_single_dates_are_not_quadratic_in_output():
    """366 yearly dates after 30 one-off days: the result is bounded by MAX_EXCEPTIONS, or refused."""
    one_off = "; ".join(f"2026 Mar {d:02d} off" for d in range(1, 31))
    yearly = "; ".join(f"Mar {d:02d} 10:00-12:00" for d in range(1, 31))
    rules = parse_osm(f"Mo-Fr 09:00-18:00; {one_off}; {yearly}")
    assert len(rules.exceptions) == 90  # 30 + 30 yearly + one copy per shared day
    with pytest.raises(OsmSyntaxError):
        parse_osm(f"Mo-Fr 09:00-18:00; {one_off}; {yearly}; " + "; ".join([yearly] * 10))


def test_a_text_of_many_weekday_rules_is_accepted_and_small():
    """20,000 characters of weekday rules carry no dates; the rules stay seven days of ranges."""
    text = "; ".join(["Mo-Fr 09:00-12:00,13:00-18:00"] * 700)[:MAX_TEXT].rsplit(";", 1)[0]
    rules = parse_osm(text)
    assert rules.exceptions == () and _size(rules) < 2_000


def test_a_single_dated_rule_listing_too_many_dates_is_refused():
    text = "Mo-Fr 09:00-18:00; " + ",".join(f"{2026 + i // 300} Jan {1 + i % 28:02d}" for i in range(1500)) + " off"
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm(text[:MAX_TEXT])
    assert caught.value.limit == "too_many_dates"


def test_rules_json_with_too_many_exceptions_is_refused_before_building_them():
    """A release or a stored value carrying thousands of exceptions is refused (the kiosk keeps its fallback)."""
    day = {"date": "2026-03-10", "kind": "closed"}
    data = {"weekly": {}, "exceptions": [day] * (MAX_EXCEPTIONS + 1)}
    with pytest.raises(ValueError, match=f"at most {MAX_EXCEPTIONS}"):
        Rules.from_dict(data)
    data["exceptions"] = [day] * MAX_EXCEPTIONS
    assert len(Rules.from_dict(data).exceptions) == MAX_EXCEPTIONS
    data = {"weekly": {}, "extra_holidays": [{"date": "2026-03-10"}] * (MAX_EXCEPTIONS + 1)}
    with pytest.raises(ValueError, match=f"at most {MAX_EXCEPTIONS}"):
        Rules.from_dict(data)


def test_warnings_for_the_largest_accepted_rules_stay_few():
    """The preview's warnings are per exception at most, so the page stays small for accepted input."""
    text = _many("{y} Feb 01-{y} Feb 03 off", MAX_EXCEPTIONS)
    rules = parse_osm(text)
    warnings = validate_rules(rules, date(2026, 3, 1))
    assert len(warnings) <= 3 * MAX_EXCEPTIONS
    assert sum(len(w.message) + len(w.where) for w in warnings) < 100_000


def test_spans_round_trip_through_json_and_osm():
    from core.hours import to_osm

    rules = parse_osm("Mo-Fr 09:00-18:00; PH off; Dec 30-Jan 02 off; 2026 Jul 01-2026 Jul 31 10:00-12:00")
    assert Rules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules
    assert parse_osm(to_osm(rules)) == rules
    assert rules.to_dict()["exceptions"][0] == {"date": "12-30", "until": "01-02", "kind": "closed", "reason": {}}


# --- the engine package needs no app ---------------------------------------------------------------------------


def test_the_engine_imports_without_flask_or_sqlalchemy():
    """`core.hours` is pure: importing it with Flask and SQLAlchemy blocked works and evaluates rules."""
    code = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "werkzeug"}:
                    raise ImportError(f"blocked: {name}")
                return None

        sys.meta_path.insert(0, Block())
        import core.hours
        from datetime import datetime
        rules = core.hours.parse_osm("Mo-Fr 09:00-18:00; PH off")
        print(core.hours.Schedule(rules).status(datetime(2026, 3, 17, 10, tzinfo=core.hours.TZ)).open)
        print(sorted(m for m in sys.modules if m.split(".")[0] in {"flask", "sqlalchemy"}))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_root(), check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["True", "[]"]


def _root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[2])


def test_a_release_carrying_oversized_rules_still_gives_the_kiosk_an_answer(app):
    """Rules from an older, unbounded release are refused by the engine; the kiosk falls back, never a 500."""
    from core.hours import default_rules
    from core.reception import schedule_for

    oversized = {"weekly": {}, "exceptions": [{"date": "2026-03-10", "kind": "closed"}] * (MAX_EXCEPTIONS + 1)}
    sched = schedule_for(oversized, "test:oversized")
    assert sched.rules == default_rules()
