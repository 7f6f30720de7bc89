"""Public holidays (PH) read the way OpenStreetMap's opening_hours defines them, and the pre-holiday
shortening as the office schedule's setting, with fixed dates around Kyrgyz holidays.

Cases are written from the meanings given on the OSM wiki page Key:opening_hours and in the test
corpus of opening_hours.js (test/test.js: "PH" is open all day on holidays only, "PH 12:00-13:00"
is open 12:00-13:00 on holidays only, "open; PH off" is open except on holidays, and the README's
"Sa,PH 12:00-17:00", "Tu-Su,PH 14:00-14:30 off", "We,PH off"), re-evaluated with the Kyrgyz calendar:
Wed 2026-05-27 Eid al-Adha, Sat 2026-05-09 Victory Day, Mon 2026-08-31 Independence Day.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.hours import TZ, OsmSyntaxError, Rules, Schedule, default_rules, parse_osm, to_osm


def _hours(rules: Rules, day: str) -> list[str]:
    row = Schedule(rules).days(date.fromisoformat(day), 1, lang="en")[0]
    return [f"{a.strftime('%H:%M')}-{'24:00' if b.hour == 23 and b.minute == 59 else b.strftime('%H:%M')}"
            for a, b in row.ranges]  # fmt: skip


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


EID = "2026-05-27"  # Wednesday, a public holiday
EVE = "2026-05-26"  # Tuesday, the working day before it
ORDINARY_WED = "2026-05-20"
README = "open; Tu-Su 08:30-09:00 off; Tu-Su,PH 14:00-14:30 off; Mo 08:00-13:00 off"


@pytest.mark.parametrize(
    ("value", "day", "expected"),
    [
        # "PH" alone: open all day on holidays, closed on other days.
        ("PH", EID, ["00:00-24:00"]),
        ("PH", ORDINARY_WED, []),
        ("PH open", EID, ["00:00-24:00"]),
        # "PH 12:00-13:00": holidays only, 12:00-13:00.
        ("PH 12:00-13:00", EID, ["12:00-13:00"]),
        ("PH 12:00-13:00", ORDINARY_WED, []),
        ("Mo-Fr 09:00-18:00; PH 12:00-13:00", EID, ["12:00-13:00"]),
        ("Mo-Fr 09:00-18:00; PH 12:00-13:00", ORDINARY_WED, ["09:00-18:00"]),
        # PH in a weekday list, with times and alone.
        ("Mo-Su,PH", EID, ["00:00-24:00"]),
        ("Mo-Su,PH 10:00-14:00", EID, ["10:00-14:00"]),
        ("Mo-Fr 09:00-18:00; Sa,PH 10:00-14:00", "2026-05-09", ["10:00-14:00"]),  # a Saturday holiday
        ("Mo-Fr 09:00-18:00; Sa,PH 10:00-14:00", "2026-08-31", ["10:00-14:00"]),  # a Monday holiday
        ("Mo-Fr 09:00-18:00; Sa,PH 10:00-14:00", "2026-05-16", ["10:00-14:00"]),  # an ordinary Saturday
        ("PH,Sa 10:00-14:00", EID, ["10:00-14:00"]),
        ("Mo-Su 22:00-23:00; We,PH off", EID, []),
        ("Mo-Su 22:00-23:00; We,PH off", "2026-08-31", []),
        ("Mo-Su 22:00-23:00; We,PH off", "2026-05-28", ["22:00-23:00"]),
        # "off" with times for PH cuts into what holidays had before.
        ("open; Tu-Su,PH 14:00-14:30 off", "2026-08-31", ["00:00-14:00", "14:30-24:00"]),  # a Monday holiday
        ("open; Tu-Su,PH 14:00-14:30 off", "2026-08-24", ["00:00-24:00"]),  # an ordinary Monday
        ("open; Tu-Su,PH 14:00-14:30 off", "2026-05-28", ["00:00-14:00", "14:30-24:00"]),
        ("PH 10:00-16:00; PH 12:00-13:00 off", EID, ["10:00-12:00", "13:00-16:00"]),
        ("Mo-Fr 09:00-18:00; PH 10:00-16:00; PH 12:00-13:00 off", EID, ["10:00-12:00", "13:00-16:00"]),
        # "open; PH off": open except on holidays (and no day is shortened by the text).
        ("open; PH off", EID, []),
        ("open; PH off", EVE, ["00:00-24:00"]),
        # Without any PH rule a holiday is an ordinary day.
        ("Mo-Fr 09:00-18:00", EID, ["09:00-18:00"]),
        # "PH We,Fr": only holidays that fall on those weekdays (opening_hours.js test/test.js, "PH: Only if
        # PH is Wednesday").
        ("PH We,Fr", EID, ["00:00-24:00"]),
        ("PH We,Fr", "2026-08-31", []),
        ("PH We,Fr", ORDINARY_WED, []),
        ("PH Mo-Fr 10:00-12:00", EID, ["10:00-12:00"]),
        ("PH Mo-Fr 10:00-12:00", "2026-05-09", []),
        # A holiday is still a weekday: a weekday rule after a PH rule applies to it (the later rule wins).
        ("PH off; Mo-Fr 09:00-18:00", EID, ["09:00-18:00"]),
        ("PH off; Mo-Fr 09:00-18:00", "2026-05-09", []),
        ("PH off; Sa,PH 10:00-12:00", "2026-08-31", ["10:00-12:00"]),
        ("Mo-Fr 09:00-18:00; PH 12:00-13:00 off", EID, ["09:00-12:00", "13:00-18:00"]),
        ("Mo-Fr 09:00-18:00; PH 12:00-13:00 off", "2026-05-09", []),
        # The values the opening_hours.js README calls perfectly valid (without the Th[3] part).
        ("Mo-Fr 12:00-18:00; We off; Sa,PH 12:00-17:00", EID, ["12:00-17:00"]),
        ("Mo-Fr 12:00-18:00; We off; Sa,PH 12:00-17:00", ORDINARY_WED, []),
        (README, "2026-08-31", ["00:00-08:00", "13:00-14:00", "14:30-24:00"]),  # a Monday holiday
        (README, EID, ["00:00-08:30", "09:00-14:00", "14:30-24:00"]),  # a Wednesday holiday
        (README, "2026-08-24", ["00:00-08:00", "13:00-24:00"]),  # an ordinary Monday
        # Dated rules still outrank PH rules.
        ("Mo-Fr 09:00-18:00; PH off; 2026 May 27 10:00-12:00", EID, ["10:00-12:00"]),
    ],
)
def test_ph_forms_mean_what_opening_hours_says(value, day, expected):
    assert _hours(parse_osm(value), day) == expected, value


def test_ph_forms_survive_export():
    values = ("PH", "Mo-Fr 09:00-18:00; PH 12:00-13:00", "Mo-Su,PH 10:00-14:00", "open; PH off", "PH We,Fr",
              README, "PH off; Sa,PH 10:00-12:00", "Mo-Fr 09:00-18:00; PH 12:00-13:00 off")  # fmt: skip
    for value in values:
        rules = parse_osm(value)
        assert parse_osm(to_osm(rules)) == rules, value


def test_open_holiday_status_names_the_holiday():
    """On a holiday with its own hours the kiosk says it is open and why the hours differ."""
    sched = Schedule(parse_osm("Mo-Fr 09:00-18:00; PH 12:00-13:00"))
    status = sched.status(_at(f"{EID}T12:30"), lang="en")
    assert status.open and status.reason_kind == "holiday" and status.reason == "Eid al-Adha"
    assert status.closes_at == _at(f"{EID}T13:00")
    before = sched.status(_at(f"{EID}T10:00"), lang="en")
    assert not before.open and before.reason_kind == "holiday" and before.next_opens_at == _at(f"{EID}T12:00")


@pytest.mark.parametrize(
    ("value", "marker", "words"),
    [
        ("PH-Sa", "-", "cannot start a range"),
        ("Dec 25,PH off", ",PH", "additional rules"),
        ("Sa,PH Mo 10:00-12:00", "Sa", "write 'PH We,Fr'"),
        ("Mo PH 10:00-12:00", "Mo", "write 'PH We,Fr'"),
        ("PH Mo,PH 10:00-12:00", "Mo", "PH is named twice"),
        ("Mo-Fr 09:00-18:00; PH off; 2026 May 27 off; PH 10:00-12:00", "PH 10", "before dated rules"),
    ],
)
def test_ph_forms_outside_the_subset_are_refused_where_they_are(value, marker, words):
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm(value)
    assert caught.value.position == value.index(marker, 1 if marker == "-" else 0)
    assert words in caught.value.message


# --- the pre-holiday shortening is the office's setting ---------------------------------------------------------


def test_plain_text_never_ends_a_day_early():
    """'open; PH off' (issue 11): the eve of Eid al-Adha is open until midnight, whatever the text says."""
    rules = parse_osm("open; PH off")
    assert rules.shorten_minutes == 0
    assert _hours(rules, EVE) == ["00:00-24:00"]
    assert Schedule(rules).status(_at(f"{EVE}T23:30"), lang="en").open


def test_the_office_setting_shortens_the_eve_by_an_hour():
    """With the office's setting on (the Service's default) the eve ends an hour early, and says why."""
    rules = parse_osm("Mo-Fr 09:10-17:50; PH off", shorten_minutes=default_rules().shorten_minutes)
    assert default_rules().shorten_minutes == 60
    assert _hours(rules, EVE) == ["09:10-16:50"]
    assert _hours(rules, ORDINARY_WED) == ["09:10-17:50"]
    status = Schedule(rules).status(_at(f"{EVE}T17:00"), lang="en")
    assert not status.open and status.reason_kind == "preholiday"


def test_the_setting_off_keeps_the_usual_hours_on_the_eve():
    rules = parse_osm("Mo-Fr 09:10-17:50; PH off", shorten_minutes=0)
    assert _hours(rules, EVE) == ["09:10-17:50"]


def test_rules_without_the_setting_do_not_shorten():
    """Rules built or stored without the setting mean no shortening; only default_rules() turns it on."""
    weekly = (((550, 1070),),) * 5 + ((), ())
    assert _hours(Rules(weekly=weekly), EVE) == ["09:10-17:50"]
    stored = {"weekly": {"mo": [["09:10", "17:50"]], "tu": [["09:10", "17:50"]]}, "holidays_enabled": True}
    assert _hours(Rules.from_dict(stored), EVE) == ["09:10-17:50"]
    assert _hours(default_rules(), EVE) == ["09:10-16:50"]


def test_an_open_holiday_does_not_shorten_the_day_before():
    """The eve is shortened only before a day without reception."""
    rules = parse_osm("Mo-Fr 09:10-17:50; PH 10:00-12:00", shorten_minutes=60)
    assert _hours(rules, EVE) == ["09:10-17:50"]
