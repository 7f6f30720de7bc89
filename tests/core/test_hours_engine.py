"""The hours engine: golden days of 2026-2027, precedence, reasons, API contracts, rules JSON, warnings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from core.hours import TZ, Rules, Schedule, default_rules, validate_rules
from core.hours.engine import ExtraHoliday, SpecialDay, cut_tail, kg_public_holidays

LUNCH = ((550, 780), (840, 1070))  # 09:10-13:00, 14:00-17:50


def at(text: str) -> datetime:
    """'2026-03-19 17:00' as an aware Asia/Bishkek datetime."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def hours(sched: Schedule, day: str) -> list[str]:
    row = sched.days(date.fromisoformat(day), 1)[0]
    return [f"{s:%H:%M}-{e:%H:%M}" for s, e in row.ranges]


def office_rules() -> Rules:
    """Default rules plus what staff typically add: decree days, a closed day, a working Saturday."""
    return replace(
        default_rules(),
        extra_holidays=(
            ExtraHoliday(date(2026, 1, 8), {"ru": "Дополнительный выходной (постановление)", "en": "Decree day off"}),
            ExtraHoliday(date(2026, 1, 9), {"ru": "Дополнительный выходной (постановление)", "en": "Decree day off"}),
        ),
        exceptions=(
            SpecialDay(
                2026, 4, 14, "closed", reason={"ky": "Санитардык күн", "ru": "Санитарный день", "en": "Cleaning day"}
            ),
            SpecialDay(2026, 4, 18, "working_day", reason={"ru": "Рабочая суббота"}),
        ),
    )


@pytest.fixture
def sched() -> Schedule:
    return Schedule(office_rules())


# --------------------------------------------------------------------------- golden days


@pytest.mark.parametrize(
    ("day", "expected", "kind"),
    [
        ("2026-03-19", ["09:10-16:50"], "preholiday"),  # Thu before Orozo Ait
        ("2026-03-20", [], "holiday"),  # Orozo Ait / Eid al-Fitr
        ("2026-03-21", [], "holiday"),  # Saturday and Nooruz
        ("2026-12-31", ["09:10-16:50"], "preholiday"),
        ("2027-01-01", [], "holiday"),
        ("2026-03-17", ["09:10-17:50"], "regular"),  # an ordinary Tuesday
        ("2026-04-14", [], "exception"),  # staff: closed
        ("2026-04-18", ["09:10-17:50"], "exception"),  # staff: working Saturday, Mon-Fri hours
        ("2026-01-08", [], "holiday"),  # staff decree day the package lacks
        ("2026-01-12", ["09:10-17:50"], "regular"),
        ("2026-03-22", [], "weekend"),
        ("2026-02-23", ["09:10-17:50"], "regular"),  # WORKDAY category: stays a working day
        ("2026-11-06", ["09:10-17:50"], "regular"),  # Fri before Nov 7-8 (WORKDAY category): not shortened
        ("2026-03-06", ["09:10-16:50"], "preholiday"),  # Fri before Sun Mar 8 (public): shortened (documented)
        ("2026-08-28", ["09:10-16:50"], "preholiday"),  # Fri before a weekend + Mon Aug 31 holiday
        ("2026-04-30", ["09:10-16:50"], "preholiday"),  # Thu before May 1
        ("2026-05-26", ["09:10-16:50"], "preholiday"),  # Tue before Kurman Ait
    ],
)
def test_golden_days(sched, day, expected, kind):
    assert hours(sched, day) == expected
    assert sched.days(date.fromisoformat(day), 1)[0].kind == kind


def test_golden_statuses(sched):
    st = sched.status(at("2026-03-19 12:00"))
    assert st.open and st.closes_at == at("2026-03-19 16:50") and st.next_opens_at is None
    assert (st.reason_kind, st.reason) == ("preholiday", "Сокращённый предпраздничный день")

    st = sched.status(at("2026-03-19 17:00"), lang="en")
    assert not st.open and st.next_opens_at == at("2026-03-23 09:10")
    assert (st.reason_kind, st.reason) == ("preholiday", "Shortened pre-holiday day")

    st = sched.status(at("2026-03-20 10:00"), lang="ru")
    assert (st.open, st.reason_kind, st.reason) == (False, "holiday", "Орозо айт")
    assert sched.status(at("2026-03-20 10:00"), lang="en").reason == "Eid al-Fitr"
    assert sched.status(at("2026-03-21 10:00"), lang="ky").reason == "Элдик Нооруз майрамы"

    st = sched.status(at("2026-03-17 10:00"))
    assert st.open and st.closes_at == at("2026-03-17 17:50") and st.reason is None and st.reason_kind is None

    st = sched.status(at("2026-04-14 10:00"), lang="ky")
    assert (st.open, st.reason_kind, st.reason) == (False, "exception", "Санитардык күн")
    assert st.next_opens_at == at("2026-04-15 09:10")

    st = sched.status(at("2026-04-18 10:00"), lang="en")
    assert st.open and st.reason_kind == "exception" and st.reason == "Рабочая суббота"  # falls back to ru
    assert st.closes_at == at("2026-04-18 17:50")

    st = sched.status(at("2026-12-31 17:00"))
    assert not st.open and st.next_opens_at == at("2027-01-08 09:10")  # New Year holidays are Jan 1-7


@pytest.mark.parametrize(
    ("moment", "kind", "reason_en"),
    [
        ("2026-03-17 08:00", "before_hours", "Reception has not started yet"),
        ("2026-03-17 17:50", "after_hours", "Reception is over for today"),
        ("2026-03-17 13:30", "break", "Break"),
        ("2026-03-22 12:00", "weekend", "Day off"),
        ("2026-03-19 16:50", "preholiday", "Shortened pre-holiday day"),
        ("2026-03-19 20:00", "after_hours", "Reception is over for today"),
    ],
)
def test_closed_reasons(moment, kind, reason_en):
    sched = Schedule(replace(default_rules(), weekly=(LUNCH,) * 5 + ((), ())))
    st = sched.status(at(moment), lang="en")
    assert (st.open, st.reason_kind, st.reason) == (False, kind, reason_en)


def test_lunch_break_status_and_next_change():
    sched = Schedule(replace(default_rules(), weekly=(LUNCH,) * 5 + ((), ())))
    st = sched.status(at("2026-03-17 13:30"))
    assert st.next_opens_at == at("2026-03-17 14:00")
    assert sched.next_change(at("2026-03-17 10:00")) == at("2026-03-17 13:00")
    assert sched.next_change(at("2026-03-17 13:00")) == at("2026-03-17 14:00")
    assert sched.next_change(at("2026-03-17 17:50")) == at("2026-03-18 09:10")


def test_shortening_takes_the_last_open_minutes():
    assert cut_tail(LUNCH, 60) == (((550, 780), (840, 1010)), ((1010, 1070),))
    assert cut_tail(LUNCH, 240) == (((550, 770),), ((770, 780), (840, 1070)))
    assert cut_tail(LUNCH, 0) == (LUNCH, ())
    sched = Schedule(replace(default_rules(), weekly=(LUNCH,) * 5 + ((), ()), shorten_minutes=90))
    assert hours(sched, "2026-03-19") == ["09:10-13:00", "14:00-16:20"]


def test_holidays_can_be_switched_off():
    sched = Schedule(replace(default_rules(), holidays_enabled=False))
    assert hours(sched, "2026-03-20") == ["09:10-17:50"]
    assert hours(sched, "2026-03-19") == ["09:10-17:50"]
    assert hours(sched, "2027-01-01") == ["09:10-17:50"]


def test_staff_decree_days_apply_even_with_package_holidays_off():
    rules = replace(default_rules(), holidays_enabled=False, extra_holidays=(ExtraHoliday(date(2026, 6, 15)),))
    sched = Schedule(rules)
    assert hours(sched, "2026-06-15") == []
    assert hours(sched, "2026-06-12") == ["09:10-16:50"]  # Friday before the Monday decree day
    assert sched.status(at("2026-06-15 10:00"), lang="en").reason == "Public holiday"


def test_exception_outranks_holiday_and_is_not_shortened():
    rules = replace(
        default_rules(),
        exceptions=(
            SpecialDay(2026, 3, 20, "working_day"),
            SpecialDay(2026, 12, 31, "hours", ((600, 1000),)),
        ),
    )
    sched = Schedule(rules)
    assert hours(sched, "2026-03-20") == ["09:10-17:50"]
    assert hours(sched, "2026-03-19") == ["09:10-17:50"]  # no longer the day before a day off
    assert hours(sched, "2026-12-31") == ["10:00-16:40"]  # exact hours, no extra shortening


def test_partial_closure_applies_after_shortening():
    rules = replace(
        default_rules(),
        exceptions=(
            SpecialDay(2026, 3, 19, "partial_closure", ((960, 1070),), {"en": "Staff meeting"}),
            SpecialDay(2026, 3, 17, "partial_closure", ((720, 780),)),
        ),
    )
    sched = Schedule(rules)
    assert hours(sched, "2026-03-19") == ["09:10-16:00"]
    assert hours(sched, "2026-03-17") == ["09:10-12:00", "13:00-17:50"]
    st = sched.status(at("2026-03-17 12:30"), lang="en")
    assert (st.reason_kind, st.reason, st.next_opens_at) == (
        "exception",
        "Reception temporarily suspended",
        at("2026-03-17 13:00"),
    )
    assert sched.status(at("2026-03-19 16:30"), lang="en").reason == "Staff meeting"
    st = sched.status(at("2026-03-19 10:00"), lang="en")  # open: the short day matters, not the later closure
    assert (st.open, st.reason_kind, st.closes_at) == (True, "preholiday", at("2026-03-19 16:00"))
    st = sched.status(at("2026-03-17 10:00"))
    assert (st.open, st.reason_kind, st.reason) == (True, None, None)
    assert sched.days(date(2026, 3, 17), 1, lang="en")[0].reason == "Reception temporarily suspended"


def test_yearly_exceptions_and_one_off_override():
    rules = replace(
        default_rules(),
        exceptions=(
            SpecialDay(2026, 12, 30, "closed"),
            SpecialDay(None, 12, 30, "hours", ((600, 720),)),
        ),
    )
    sched = Schedule(rules)
    assert hours(sched, "2026-12-30") == []  # one-off applied after the yearly rule
    assert hours(sched, "2027-12-30") == ["10:00-12:00"]


def test_impossible_exception_dates_never_apply():
    rules = replace(default_rules(), exceptions=(SpecialDay(2027, 2, 29, "closed"), SpecialDay(None, 2, 30, "closed")))
    sched = Schedule(rules)
    assert hours(sched, "2027-03-01") == ["09:10-17:50"]


def test_precedence_replacing_exception_discards_earlier_partial_closure():
    rules = replace(
        default_rules(),
        exceptions=(
            SpecialDay(2026, 3, 17, "partial_closure", ((600, 660),)),
            SpecialDay(2026, 3, 17, "hours", ((540, 720),)),
        ),
    )
    assert hours(Schedule(rules), "2026-03-17") == ["09:00-12:00"]


# --------------------------------------------------------------------------- API contracts


def test_naive_datetimes_are_rejected(sched):
    naive = datetime(2026, 3, 19, 12, 0)
    for call in (
        lambda: sched.status(naive),
        lambda: sched.next_change(naive),
        lambda: sched.intervals(naive, at("2026-03-20 00:00")),
        lambda: sched.intervals(at("2026-03-19 00:00"), naive),
        lambda: sched.days(naive, 3),
    ):
        with pytest.raises(ValueError, match="naive"):
            call()
    with pytest.raises(TypeError):
        sched.status("2026-03-19T12:00")


def test_other_time_zones_are_converted(sched):
    st = sched.status(datetime(2026, 3, 19, 6, 0, tzinfo=UTC))  # 12:00 in Bishkek
    assert st.open and st.closes_at == at("2026-03-19 16:50")
    assert st.closes_at.tzinfo is TZ
    (first, *_) = sched.intervals(datetime(2026, 3, 19, 0, 0, tzinfo=UTC), datetime(2026, 3, 20, tzinfo=UTC))
    assert first == (at("2026-03-19 09:10"), at("2026-03-19 16:50"))


def test_intervals_are_merged_sorted_and_clipped():
    always = Rules(weekly=(((0, 1440),),) * 7, holidays_enabled=False)
    sched = Schedule(always)
    assert sched.intervals(at("2026-03-16 10:00"), at("2026-03-20 12:00")) == [
        (at("2026-03-16 10:00"), at("2026-03-20 12:00"))
    ]
    assert sched.status(at("2026-03-16 10:00")).closes_at is None  # never closes within the horizon
    assert sched.next_change(at("2026-03-16 10:00")) is None
    office = Schedule(default_rules())
    assert office.intervals(at("2026-03-17 12:00"), at("2026-03-17 12:00")) == []
    assert office.intervals(at("2026-03-17 12:00"), at("2026-03-18 10:00")) == [
        (at("2026-03-17 12:00"), at("2026-03-17 17:50")),
        (at("2026-03-18 09:10"), at("2026-03-18 10:00")),
    ]


def test_night_ranges_merge_across_midnight():
    rules = Rules(weekly=(((1320, 1440),), ((0, 120),), (), (), (), (), ()), holidays_enabled=False)
    sched = Schedule(rules)
    assert sched.intervals(at("2026-03-16 00:00"), at("2026-03-18 00:00")) == [
        (at("2026-03-16 22:00"), at("2026-03-17 02:00"))
    ]
    st = sched.status(at("2026-03-16 23:00"))
    assert st.open and st.closes_at == at("2026-03-17 02:00")
    assert sched.next_change(at("2026-03-16 23:59")) == at("2026-03-17 02:00")
    assert sched.status(at("2026-03-17 01:00")).open


def test_search_is_bounded():
    never = Schedule(Rules(weekly=((),) * 7, holidays_enabled=False))
    st = never.status(at("2026-03-17 10:00"))
    assert not st.open and st.next_opens_at is None and st.reason_kind == "weekend"
    assert never.next_change(at("2026-03-17 10:00")) is None
    far = Schedule(replace(Rules(weekly=((),) * 7), exceptions=(SpecialDay(2028, 1, 5, "hours", ((600, 660),)),)))
    assert far.status(at("2026-03-17 10:00")).next_opens_at is None  # more than 400 days away
    assert far.status(at("2027-12-01 10:00")).next_opens_at == at("2028-01-05 10:00")


def test_days_table(sched):
    rows = sched.days(date(2026, 3, 16), 7, lang="en")
    assert [r.date for r in rows] == [date(2026, 3, 16) + timedelta(days=i) for i in range(7)]
    assert [(r.kind, r.open) for r in rows] == [
        ("regular", True),
        ("regular", True),
        ("regular", True),
        ("preholiday", True),
        ("holiday", False),
        ("holiday", False),
        ("weekend", False),
    ]
    assert rows[3].ranges == [(time(9, 10), time(16, 50))]
    assert [r.reason for r in rows] == [
        None,
        None,
        None,
        "Shortened pre-holiday day",
        "Eid al-Fitr",
        "Nooruz Holiday",
        "Day off",
    ]
    assert sched.days(date(2026, 3, 22), 1, lang="ky")[0].reason == "Дем алыш күнү"
    assert sched.days(date(2026, 3, 22), 1, lang="ru_KG")[0].reason == "Выходной день"
    with pytest.raises(ValueError, match="language"):
        sched.days(date(2026, 3, 22), 1, lang="de")
    full = Schedule(Rules(weekly=(((0, 1440),),) * 7, holidays_enabled=False)).days(date(2026, 3, 22), 1)
    assert full[0].ranges == [(time(0, 0), time.max)]


def test_schema_org(sched):
    data = sched.schema_org(date(2026, 3, 16), n_days=7)
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "opens": "09:10",
            "closes": "17:50",
        }
    ]
    assert data["specialOpeningHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "validFrom": "2026-03-19",
            "validThrough": "2026-03-19",
            "opens": "09:10",
            "closes": "16:50",
        },
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": "2026-03-20",
            "validThrough": "2026-03-20",
        },
    ]
    json.dumps(data)


def test_holiday_lookups_are_cached_per_year():
    kg_public_holidays.cache_clear()
    for _ in range(3):
        Schedule(default_rules()).status(at("2026-05-05 10:00"))
    info = kg_public_holidays.cache_info()
    assert info.misses <= 2 and info.hits > 0


# --------------------------------------------------------------------------- rules JSON


def test_rules_dict_round_trip_through_json():
    rules = replace(
        office_rules(),
        weekly=(LUNCH,) * 4 + (((550, 1010),), ((600, 720),), ((0, 1440),)),
        exceptions=(
            *office_rules().exceptions,
            SpecialDay(None, 12, 31, "hours", ((550, 1010),), {"en": "New Year's Eve"}),
            SpecialDay(2026, 5, 4, "partial_closure", ((720, 780),)),
            SpecialDay(2026, 2, 30, "closed"),  # impossible but storable; validate_rules warns
        ),
        shorten_minutes=45,
    )
    data = json.loads(json.dumps(rules.to_dict()))
    assert data["weekly"]["su"] == [["00:00", "24:00"]]
    assert data["exceptions"][2] == {
        "date": "12-31",
        "kind": "hours",
        "ranges": [["09:10", "16:50"]],
        "reason": {"en": "New Year's Eve"},
    }
    assert Rules.from_dict(data) == rules


def test_default_rules_dict():
    data = default_rules().to_dict()
    assert data["weekly"]["mo"] == [["09:10", "17:50"]] and data["weekly"]["sa"] == []
    assert data["holidays_enabled"] is True and data["shorten_minutes"] == 60
    assert Rules.from_dict({"weekly": {"mo": [["09:10", "17:50"]]}}).weekly[1] == ()


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"weekly": {"mo": [["9:10", "17:50"]]}}, r"weekly\.mo\[0\].*HH:MM"),
        ({"weekly": {"mo": [["09:10", "24:30"]]}}, r"weekly\.mo\[0\].*between 00:00 and 24:00"),
        ({"weekly": {"mo": [["24:00", "24:00"]]}}, "cannot start at 24:00"),
        ({"weekly": {"xx": []}}, "unknown day"),
        ({"weekly": []}, "weekly"),
        ({"colour": "red"}, "unknown key"),
        ({"version": 2}, "version"),
        ({"timezone": "Europe/Moscow"}, "time zone"),
        ({"shorten_minutes": -5}, "shorten_minutes"),
        ({"shorten_minutes": True}, "shorten_minutes"),
        ({"holidays_enabled": "yes"}, "holidays_enabled"),
        ({"exceptions": [{"date": "2026-13-01", "kind": "closed"}]}, r"exceptions\[0\]\.date"),
        ({"exceptions": [{"date": "31.12.2026", "kind": "closed"}]}, r"exceptions\[0\]\.date"),
        ({"exceptions": [{"date": "2026-12-31", "kind": "holiday"}]}, r"exceptions\[0\]\.kind"),
        ({"exceptions": [{"date": "2026-12-31", "kind": "hours"}]}, "needs ranges"),
        ({"exceptions": [{"date": "2026-12-31", "kind": "closed", "reason": {"de": "x"}}]}, "unknown language"),
        ({"exceptions": [{"date": "2026-12-31", "kind": "closed", "note": 1}]}, "unknown key"),
        ({"extra_holidays": [{"date": "2026-02-30", "names": {}}]}, r"extra_holidays\[0\]\.date"),
        ({"exceptions": "none"}, "exceptions: expected a list"),
    ],
)
def test_from_dict_rejects_bad_data_clearly(patch, message):
    data = {**default_rules().to_dict(), **patch}
    with pytest.raises(ValueError, match=message):
        Rules.from_dict(data)


def test_from_dict_rejects_non_objects():
    with pytest.raises(ValueError, match="JSON object"):
        Rules.from_dict(["Mo-Fr"])


# --------------------------------------------------------------------------- validation


def codes(warnings) -> list[str]:
    return [w.code for w in warnings]


def test_default_rules_have_no_warnings():
    assert validate_rules(default_rules(), date(2026, 3, 1)) == []


def test_validation_warnings():
    rules = replace(
        default_rules(),
        weekly=(((600, 540),), ((540, 780), (720, 1080)), *default_rules().weekly[2:]),
        exceptions=(
            SpecialDay(2026, 2, 30, "closed"),
            SpecialDay(None, 4, 31, "closed"),
            SpecialDay(2025, 12, 1, "closed"),
            SpecialDay(2026, 5, 4, "hours", ((600, 660),)),
            SpecialDay(2026, 5, 4, "partial_closure", ((900, 800),)),
        ),
        extra_holidays=(ExtraHoliday(date(2026, 1, 8)),),
    )
    warnings = validate_rules(rules, date(2026, 3, 1))
    assert codes(warnings) == [
        "end_before_start",
        "overlap",
        "impossible_date",
        "impossible_date",
        "past_exception",
        "overlap",
        "end_before_start",
        "past_exception",
    ]
    assert warnings[0].where == "weekly.mo[0]" and "10:00-09:00" in warnings[0].message
    assert warnings[1].where == "weekly.tu[0],[1]"
    assert warnings[2].where.startswith("exceptions[0]")
    assert all(w.message and w.where for w in warnings)


def test_long_closure_warning():
    rules = replace(
        default_rules(),
        exceptions=tuple(SpecialDay(2026, 7, d, "closed") for d in range(1, 32)),
    )
    (warning,) = validate_rules(rules, date(2026, 3, 1))
    assert warning.code == "long_closure"
    assert warning.where == "2026-07-01..2026-08-02"  # Wed Jul 1 to the weekend after Jul 31
    # The New Year break (Jan 1-11 with decree days) is long but not over 14 days.
    assert validate_rules(office_rules(), date(2025, 12, 1)) == []
    never = Rules(weekly=((),) * 7)
    (warning,) = validate_rules(never, date(2026, 3, 1))
    assert warning.code == "long_closure" and "366 days" in warning.message
