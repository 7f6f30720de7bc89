"""OSM opening_hours import/export.

Most cases are adapted from the opening_hours.js test suite (github repo
opening-hours/opening_hours.js, file test/test.js, read at commit 02045d4ecd03):
each case cites the line of the value it takes. Their expected intervals are
recomputed for our API: timezone-aware Asia/Bishkek wall-clock times, holidays
off, the same evaluation window as the original test. Values outside our
subset are kept as error cases: they must raise OsmSyntaxError at the
offending position instead of being misread.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.hours import TZ, OsmSyntaxError, Rules, Schedule, parse_osm, to_osm
from core.hours.engine import ExtraHoliday, SpecialDay, default_rules

OHJS = "opening_hours.js test/test.js"


def _dt(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def _intervals(rules: Rules, start: str, end: str) -> list[tuple[str, str]]:
    fmt = "%Y-%m-%d %H:%M"
    return [(s.strftime(fmt), e.strftime(fmt)) for s, e in Schedule(rules).intervals(_dt(start), _dt(end))]


def _daily(first_day: int, last_day: int, start: str, end: str, month: str = "2012-10") -> list[tuple[str, str]]:
    return [(f"{month}-{d:02d} {start}", f"{month}-{d:02d} {end}") for d in range(first_day, last_day + 1)]


WEEK = ("2012-10-01 00:00", "2012-10-08 00:00")  # Monday to Monday, as in test.js
TWO_DAYS = ("2012-10-01 00:00", "2012-10-03 00:00")
FULL_WEEK_2025 = ("2025-10-01 00:00", "2025-10-08 00:00")
YEAR_2012 = ("2012-01-01 00:00", "2013-01-01 00:00")
Y2011_2015 = ("2011-01-01 00:00", "2015-01-01 00:00")

DAILY_10_12 = _daily(1, 7, "10:00", "12:00")
MONDAY_BREAK = [("2012-10-01 00:00", "2012-10-01 15:00"), ("2012-10-01 16:00", "2012-10-08 00:00")]
MON_THU_SAT_SUN = [
    ("2012-10-01 10:00", "2012-10-01 12:00"),
    ("2012-10-04 10:00", "2012-10-04 12:00"),
    ("2012-10-06 10:00", "2012-10-06 12:00"),
    ("2012-10-07 10:00", "2012-10-07 12:00"),
]
MON_WED_FULL = [("2012-10-01 00:00", "2012-10-02 00:00"), ("2012-10-03 00:00", "2012-10-04 00:00")]
WHOLE_WINDOW_2025 = [FULL_WEEK_2025]
JAN23_FEB12 = [("2012-01-23 00:00", "2012-02-13 00:00")]
DEC24_JAN02 = [("2012-01-02 18:00", "2012-01-02 22:00"), ("2012-12-24 18:00", "2012-12-24 22:00")]
DEC31_2013_JAN05_2014 = [("2013-12-31 00:00", "2014-01-01 00:00"), ("2014-01-05 00:00", "2014-01-06 00:00")]

# (source line, value, window, expected intervals)
OHJS_CASES = [
    # opening_hours.js test/test.js:L174
    (174, "10:00-12:00", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L175
    (175, "08:00-09:00; 10:00-12:00", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L177
    (177, "10:00-12:00;", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L179
    (179, "10:00-11:00,11:00-12:00", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L180
    (180, "10:00-12:00,10:30-11:30", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L181
    (181, "10:00-14:00; 12:00-14:00 off", WEEK, DAILY_10_12),
    # opening_hours.js test/test.js:L193
    (193, "24/7; Mo 15:00-16:00 off", WEEK, MONDAY_BREAK),
    # opening_hours.js test/test.js:L194
    (194, "open; Mo 15:00-16:00 off", WEEK, MONDAY_BREAK),
    # opening_hours.js test/test.js:L195
    (195, "00:00-24:00; Mo 15:00-16:00 off", WEEK, MONDAY_BREAK),
    # opening_hours.js test/test.js:L202
    (202, "off", ("2012-10-01 00:00", "2025-10-08 00:00"), []),
    # opening_hours.js test/test.js:L203
    (203, "closed", ("2012-10-01 00:00", "2025-10-08 00:00"), []),
    # opening_hours.js test/test.js:L205
    (205, "off; closed", ("2012-10-01 00:00", "2025-10-08 00:00"), []),
    # opening_hours.js test/test.js:L212
    (212, "00:00-24:00 closed", ("2012-10-01 00:00", "2025-10-08 00:00"), []),
    # opening_hours.js test/test.js:L213
    (213, "24/7 closed", ("2012-10-01 00:00", "2025-10-08 00:00"), []),
    # opening_hours.js test/test.js:L255
    (255, "10:00-12:00,13:00-20:00", TWO_DAYS, sorted(_daily(1, 2, "10:00", "12:00") + _daily(1, 2, "13:00", "20:00"))),
    # opening_hours.js test/test.js:L275
    (275, "00:00-00:01", TWO_DAYS, _daily(1, 2, "00:00", "00:01")),
    # opening_hours.js test/test.js:L284
    (284, "01:00-11:00", TWO_DAYS, _daily(1, 2, "01:00", "11:00")),
    # opening_hours.js test/test.js:L293
    (293, "11:59-12:00", TWO_DAYS, _daily(1, 2, "11:59", "12:00")),
    # opening_hours.js test/test.js:L302
    (302, "12:01-12:59", TWO_DAYS, _daily(1, 2, "12:01", "12:59")),
    # opening_hours.js test/test.js:L311
    (311, "13:00-13:01", TWO_DAYS, _daily(1, 2, "13:00", "13:01")),
    # opening_hours.js test/test.js:L319
    (319, "23:00-23:59", TWO_DAYS, _daily(1, 2, "23:00", "23:59")),
    # opening_hours.js test/test.js:L329
    (329, "Mo 07:00-18:00", WEEK, [("2012-10-01 07:00", "2012-10-01 18:00")]),
    # opening_hours.js test/test.js:L337
    (337, "Mo 12:00-14:00", WEEK, [("2012-10-01 12:00", "2012-10-01 14:00")]),
    # opening_hours.js test/test.js:L338
    (338, "Mo12:00-14:00", WEEK, [("2012-10-01 12:00", "2012-10-01 14:00")]),
    # opening_hours.js test/test.js:L506
    (506, "17:00-19:00 off", ("2012-10-01 00:00", "2012-10-02 00:00"), []),
    # opening_hours.js test/test.js:L2759
    (2759, "Mo,Th,Sa,Su 10:00-12:00", WEEK, MON_THU_SAT_SUN),
    # opening_hours.js test/test.js:L2763
    (2763, "Mo,Th,Sa-Su 10:00-12:00", WEEK, MON_THU_SAT_SUN),
    # opening_hours.js test/test.js:L2764
    (2764, "Th,Sa-Mo 10:00-12:00", WEEK, MON_THU_SAT_SUN),
    # opening_hours.js test/test.js:L2765
    (2765, "10:00-12:00; Tu-We 00:00-24:00 off; Fr 00:00-24:00 off", WEEK, MON_THU_SAT_SUN),
    # opening_hours.js test/test.js:L2766
    (2766, "10:00-12:00; Tu-We off; Fr off", WEEK, MON_THU_SAT_SUN),
    # opening_hours.js test/test.js:L2775
    (2775, "Mo,We", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L2778
    (2778, "Mo-We; Tu off", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L2792
    (
        2792,
        "Mo-Fr 10:00-16:00; We 12:00-18:00",
        WEEK,
        [
            ("2012-10-01 10:00", "2012-10-01 16:00"),
            ("2012-10-02 10:00", "2012-10-02 16:00"),
            ("2012-10-03 12:00", "2012-10-03 18:00"),
            ("2012-10-04 10:00", "2012-10-04 16:00"),
            ("2012-10-05 10:00", "2012-10-05 16:00"),
        ],
    ),
    # opening_hours.js test/test.js:L2804
    (2804, "00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2807
    (2807, "Mo-Su 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2808
    (2808, "Tu-Mo 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2809
    (2809, "We-Tu 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2810
    (2810, "Th-We 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2811
    (2811, "Fr-Th 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2812
    (2812, "Sa-Fr 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2813
    (2813, "Su-Sa 00:00-24:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2814
    (2814, "24/7", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2815
    (2815, "24/7; 24/7", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2819
    (2819, "open", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2820
    (2820, "12:00-13:00; 24/7", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2821
    (2821, "00:00-24:00,12:00-13:00", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2822
    (2822, "Mo-Fr,Sa,Su", FULL_WEEK_2025, WHOLE_WINDOW_2025),
    # opening_hours.js test/test.js:L2832
    (
        2832,
        "Mo 00:00-24:00; Tu 00:00-24:00; We 00:00-24:00; Th 00:00-24:00; "
        "Fr 00:00-24:00; Sa 00:00-24:00; Su 00:00-24:00",
        FULL_WEEK_2025,
        WHOLE_WINDOW_2025,
    ),
    # opening_hours.js test/test.js:L2838
    (2838, "Mo,We 00:00-24:00", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L2839
    (2839, "Mo,We 24/7", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L2840
    (2840, "Mo,We open", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L2842
    (2842, "Mo,We", WEEK, MON_WED_FULL),
    # opening_hours.js test/test.js:L3509
    (3509, "Jan 23-31 00:00-24:00; Feb 01-12 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3510
    (3510, "Jan 23-Feb 12 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3511
    (3511, "Jan 23-Feb 12: 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3512
    (3512, "2012 Jan 23-2012 Feb 12 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3533
    (3533, "Dec 24,Jan 02: 18:00-22:00", YEAR_2012, DEC24_JAN02),
    # opening_hours.js test/test.js:L3534
    (3534, "Dec 24,Jan 02: 18:00-22:00; Jan 20: off", YEAR_2012, DEC24_JAN02),
    # opening_hours.js test/test.js:L3535
    (3535, "Dec 24,Jan 02 18:00-22:00", YEAR_2012, DEC24_JAN02),
    # opening_hours.js test/test.js:L3543
    (
        3543,
        "2012 Jan 23-31 00:00-24:00; 2012 Feb 01-12 00:00-24:00",
        ("2012-01-01 00:00", "2015-01-01 00:00"),
        JAN23_FEB12,
    ),
    # opening_hours.js test/test.js:L3549
    (
        3549,
        "Dec 31-Jan 01",
        ("2012-01-01 00:00", "2014-01-01 00:00"),
        [
            ("2012-01-01 00:00", "2012-01-02 00:00"),
            ("2012-12-31 00:00", "2013-01-02 00:00"),
            ("2013-12-31 00:00", "2014-01-01 00:00"),
        ],
    ),
    # opening_hours.js test/test.js:L3557
    (3557, "2013 Dec 31,2014 Jan 05", Y2011_2015, DEC31_2013_JAN05_2014),
    # opening_hours.js test/test.js:L3558
    (3558, "2013 Dec 31; 2014 Jan 05", Y2011_2015, DEC31_2013_JAN05_2014),
    # opening_hours.js test/test.js:L3566
    (3566, "2013 Dec 31", Y2011_2015, [("2013-12-31 00:00", "2014-01-01 00:00")]),
    # opening_hours.js test/test.js:L3573
    (3573, "2013 Dec 31-2014 Jan 02", Y2011_2015, [("2013-12-31 00:00", "2014-01-03 00:00")]),
    # opening_hours.js test/test.js:L3574
    (
        3574,
        "open; 2010 Jan 01-2013 Dec 30 off; 2014 Jan 03-2016 Jan 01 off",
        Y2011_2015,
        [("2013-12-31 00:00", "2014-01-03 00:00")],
    ),
    # opening_hours.js test/test.js:L3634
    (3634, "2012 Jan 10-15,Jan 11", YEAR_2012, [("2012-01-10 00:00", "2012-01-16 00:00")]),
    # opening_hours.js test/test.js:L3640
    (3640, "Jan 23-31,Feb 01-12 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3641
    (3641, "Jan 23-Feb 11,Feb 12 00:00-24:00", YEAR_2012, JAN23_FEB12),
    # opening_hours.js test/test.js:L3648
    (3648, "2016 Feb 29", ("2012-01-01 00:00", "2019-01-01 00:00"), [("2016-02-29 00:00", "2016-03-01 00:00")]),
    # opening_hours.js test/test.js:L3654
    (3654, "2015 Feb 29", ("2012-01-01 00:00", "2019-01-01 00:00"), []),
]

# (source line, value, the text at which the error must point, a word of the message)
OHJS_ERRORS = [
    # opening_hours.js test/test.js:L176
    (176, "10:00-12:00,", ",", "trailing"),  # opening_hours.js tolerates this; we are strict
    # opening_hours.js test/test.js:L178
    (178, "10-12", "10", "HH:MM"),
    # opening_hours.js test/test.js:L206
    (206, '24/7 closed "always closed"', '"', "comments"),
    # opening_hours.js test/test.js:L210
    (210, 'closed "always closed"', '"', "comments"),
    # opening_hours.js test/test.js:L211
    (211, 'off "always closed"', '"', "comments"),
    # opening_hours.js test/test.js:L228
    (228, "10.00-12.00", ".", "HH:MM"),
    # opening_hours.js test/test.js:L241
    (241, "10-14; 12-14 off", "10", "HH:MM"),
    # opening_hours.js test/test.js:L256
    (256, "10-12,13-20", "10", "HH:MM"),
    # opening_hours.js test/test.js:L257
    (257, "10am-12pm,1pm-8pm", "10", "HH:MM"),
    # opening_hours.js test/test.js:L276
    (276, "12:00am-12:01am", "am", "unknown word"),
    # opening_hours.js test/test.js:L320
    (320, "11:00pm-11:59pm", "pm", "unknown word"),
    # opening_hours.js test/test.js:L330
    (330, "Montags 07:00-18:00", "Montags", "unknown word"),
    # opening_hours.js test/test.js:L331
    (331, "Mo 7-18", "7", "HH:MM"),
    # opening_hours.js test/test.js:L339
    (339, "Mo 12:00→14:00", "→", "unexpected character"),
    # opening_hours.js test/test.js:L343
    (343, "Mo 12:00–14:00", "–", "unexpected character"),
    # opening_hours.js test/test.js:L348
    (348, "Mo 12:00 to 14:00", "to", "unknown word"),
    # opening_hours.js test/test.js:L386
    (386, "22:00-02:00", "22:00", "midnight"),
    # opening_hours.js test/test.js:L387
    (387, "22:00-26:00", "26:00", "midnight"),
    # opening_hours.js test/test.js:L388
    (388, "22-2", "22", "HH:MM"),
    # opening_hours.js test/test.js:L415
    (415, "We 22:00-22:00", "22:00", "empty"),
    # opening_hours.js test/test.js:L422
    (422, "22:00-02:00; Tu 12:00-14:00", "22:00", "midnight"),
    # opening_hours.js test/test.js:L476
    (476, "17:00+", "+", "open end"),
    # opening_hours.js test/test.js:L477
    (477, "17:00-late", "late", "unknown word"),
    # opening_hours.js test/test.js:L623
    (623, "Mo dawn-dusk", "dawn", "variable times"),
    # opening_hours.js test/test.js:L631
    (631, "sunrise-sunset", "sunrise", "variable times"),
    # opening_hours.js test/test.js:L940
    (940, "SH Mo-Fr", "SH", "school holidays"),
    # opening_hours.js test/test.js:L962
    (962, "PH +1 day", "+", "offsets"),
    # opening_hours.js test/test.js:L2760
    (2760, "Mo,Th,weekend 10:00-12:00", "weekend", "unknown word"),
    # opening_hours.js test/test.js:L2761
    (2761, "Mo & Th and weekends 10:00-12:00", "&", "unexpected character"),
    # opening_hours.js test/test.js:L2776
    (2776, "Mo&We", "&", "unexpected character"),
    # opening_hours.js test/test.js:L2777
    (2777, "Mo and We", "and", "unknown word"),
    # opening_hours.js test/test.js:L2785
    (2785, "We 22:00-02:00", "22:00", "midnight"),
    # opening_hours.js test/test.js:L2805
    (2805, "00:00-00:00", "00:00", "empty"),  # opening_hours.js reads this as 24 h; we refuse the ambiguity
    # opening_hours.js test/test.js:L2816
    (2816, "0-24", "0", "HH:MM"),
    # opening_hours.js test/test.js:L2817
    (2817, "midnight-24:00", "midnight", "unknown word"),
    # opening_hours.js test/test.js:L2818
    (2818, "24 hours", "24", "HH:MM"),
    # opening_hours.js test/test.js:L2827
    (2827, "Jan-Dec", "-", "month without a day"),
    # opening_hours.js test/test.js:L2831
    (2831, "week 01-53", "week", "week numbers"),
    # opening_hours.js test/test.js:L2851
    (2851, "We[4,5] 10:00-12:00", "[", "constraints"),
    # opening_hours.js test/test.js:L2959
    (2959, "Mo-Fr 10:00-16:00, We 12:00-18:00", ",", "additional rules"),
    # opening_hours.js test/test.js:L2983
    (2983, 'We-Fr 10:00-24:00 open "it is open" || "please call"', '"', "comments"),
    # opening_hours.js test/test.js:L3080
    (3080, "week 01,03 00:00-24:00", "week", "week numbers"),
    # opening_hours.js test/test.js:L3451
    (3451, "Apr 08:00-12:00", "08:00", "month without a day"),
    # opening_hours.js test/test.js:L3462
    (3462, "Nov-Feb 00:00-24:00", "-", "month without a day"),
    # opening_hours.js test/test.js:L3468
    (3468, "00:00-24:00; Mar-Oct off", "-Oct", "month without a day"),
    # opening_hours.js test/test.js:L3486
    (3486, "Jan 01,Dec 24-25; Nov Th[4]", "[", "constraints"),
    # opening_hours.js test/test.js:L3497
    (3497, "Jan 01,Dec 11,Dec 15-17,Dec 19-23/2,Dec 24-25", "/", "periods"),
    # opening_hours.js test/test.js:L3518
    (3518, "Jan 31-Feb 01,Aug 00:00-24:00", "00:00", "month without a day"),
    # opening_hours.js test/test.js:L3536
    (3536, "Dec 24.,Jan 02: 18:00-22:00", ".", "HH:MM"),
    # opening_hours.js test/test.js:L3559
    (3559, "2013/10 Dec 31; 2014/10 Jan 05", "/", "periods"),
    # opening_hours.js test/test.js:L3567
    (3567, "2013 Dec 31; 2014 Jan 05; 2014+ off", "+", "open end"),
    # opening_hours.js test/test.js:L3580
    (3580, "Jan Su[2]-Jan 15", "[", "constraints"),
]


@pytest.mark.parametrize(("line", "value", "window", "expected"), OHJS_CASES, ids=[f"L{c[0]}" for c in OHJS_CASES])
def test_opening_hours_js_cases(line, value, window, expected):
    """Each value from opening_hours.js test/test.js gives the same intervals as there (holidays off)."""
    rules = parse_osm(value)
    assert not rules.holidays_enabled
    assert _intervals(rules, *window) == expected, f"{OHJS}:L{line}"


@pytest.mark.parametrize(("line", "value", "window", "expected"), OHJS_CASES, ids=[f"L{c[0]}" for c in OHJS_CASES])
def test_opening_hours_js_cases_survive_export(line, value, window, expected):
    """to_osm() of each parsed value parses back to the same intervals."""
    exported = to_osm(parse_osm(value))
    assert _intervals(parse_osm(exported), *window) == expected, f"{OHJS}:L{line} exported as {exported!r}"


@pytest.mark.parametrize(("line", "value", "marker", "words"), OHJS_ERRORS, ids=[f"L{c[0]}" for c in OHJS_ERRORS])
def test_opening_hours_js_values_outside_the_subset(line, value, marker, words):
    """Unsupported syntax from opening_hours.js raises OsmSyntaxError at the offending character."""
    with pytest.raises(OsmSyntaxError) as info:
        parse_osm(value)
    assert info.value.position == value.index(marker), f"{OHJS}:L{line}: {info.value}"
    assert words in info.value.message, f"{OHJS}:L{line}: {info.value}"
    assert f"position {info.value.position}" in str(info.value)


def test_counts_of_adapted_cases():
    assert len(OHJS_CASES) >= 40
    assert len({line for line, *_ in OHJS_CASES + OHJS_ERRORS}) == len(OHJS_CASES) + len(OHJS_ERRORS)


# --------------------------------------------------------------------------- our own syntax needs


OFFICE = "Mo-Fr 09:10-13:00,14:00-17:50; PH off; 2026 Dec 31 off; Dec 30 09:10-16:50"


def test_office_value_parses_into_rules():
    rules = parse_osm(OFFICE)
    assert rules.weekly[0] == ((550, 780), (840, 1070))
    assert rules.weekly[5] == rules.weekly[6] == ()
    assert rules.holidays_enabled and rules.shorten_minutes == 0  # shortening is the office's setting
    assert [(e.date_key, e.kind, e.ranges) for e in rules.exceptions] == [
        ("2026-12-31", "closed", None),
        ("12-30", "hours", ((550, 1010),)),
    ]


def test_shorten_minutes_can_be_chosen_for_ph():
    assert parse_osm("Mo-Fr 09:00-18:00; PH off", shorten_minutes=0).shorten_minutes == 0


def test_year_hint_pins_dates_without_a_year():
    rules = parse_osm("Mo-Fr 09:10-17:50; Dec 31 off; Dec 30-Jan 02 10:00-12:00", year_hint=2026)
    assert [(e.date_key, e.kind) for e in rules.exceptions] == [
        ("2026-12-31", "closed"),
        ("2026-12-30..2027-01-02", "hours"),  # one span, applied after the earlier rule
    ]
    assert _intervals(rules, "2026-12-31 00:00", "2027-01-01 00:00") == [("2026-12-31 10:00", "2026-12-31 12:00")]


def test_dated_off_with_time_is_a_partial_closure():
    rules = parse_osm("Mo-Fr 09:10-17:50; 2026 Mar 17 12:00-13:00 off")
    (exc,) = rules.exceptions
    assert (exc.kind, exc.ranges) == ("partial_closure", ((720, 780),))
    assert _intervals(rules, "2026-03-17 00:00", "2026-03-18 00:00") == [
        ("2026-03-17 09:10", "2026-03-17 12:00"),
        ("2026-03-17 13:00", "2026-03-17 17:50"),
    ]


def test_weekday_off_with_time_subtracts_from_the_template():
    rules = parse_osm("Mo-Fr 09:00-18:00; We 13:00-14:00 off")
    assert rules.weekly[2] == ((540, 780), (840, 1080))
    assert rules.weekly[1] == ((540, 1080),)


def test_later_rules_replace_earlier_ones_for_their_days():
    rules = parse_osm("Mo-Fr 09:00-18:00; Fr 09:00-15:00; Sa 10:00-12:00")
    assert rules.weekly[4] == ((540, 900),)
    assert rules.weekly[5] == ((600, 720),)


def test_a_yearly_rule_after_a_one_off_rule_wins_like_in_osm():
    rules = parse_osm("Mo-Su 09:00-18:00; 2026 Dec 31 off; Dec 31 10:00-12:00")
    assert _intervals(rules, "2026-12-31 00:00", "2027-01-01 00:00") == [("2026-12-31 10:00", "2026-12-31 12:00")]
    rules = parse_osm("Mo-Su 09:00-18:00; Dec 31 10:00-12:00; 2026 Dec 31 off")
    assert _intervals(rules, "2026-12-31 00:00", "2027-01-01 00:00") == []
    assert _intervals(rules, "2027-12-31 00:00", "2028-01-01 00:00") == [("2027-12-31 10:00", "2027-12-31 12:00")]


@pytest.mark.parametrize(
    ("value", "marker", "words"),
    [
        ("Dec 25 off; Mo-Fr 09:00-18:00", "Mo", "before dated rules"),
        ("Dec 25 off; PH off", "PH", "PH rules must come before dated rules"),
        ("Mo-Fr 09:00-18:00; Dec 25 off; PH off", "PH", "before dated rules"),
        ("", "", "empty"),
        ("Mo-Fr 09:00-18:00;; Sa off", "; Sa", "empty rule"),
        ("Dec 24 Mo 10:00-12:00", "Mo", "dates combined with weekdays"),
        ("2026 off", "off", "bare year"),
        ("Dec 24,25", "25", "month before every day"),
        ("Feb 30-Mar 02 off", "Feb", "impossible"),
        ("2026 Feb 28-2026 Feb 01 off", "2026", "ends before it starts"),
        ("2010 Jan 01-2020 Jan 10 off", "2010", "at most 10 years"),
        ("Mo-Fr 24:00-24:00", "24:00", "cannot start at 24:00"),
        ("Mo-Fr 09:60-10:00", "09:60", "invalid time"),
        ("Mo-Fr 09:00-18:00 unknown", "unknown", "'unknown' state"),
        ("Jan 32 off", "32", "invalid day"),
        ("mo-fr 09:00-18:00", "mo", "unknown word"),
    ],
)
def test_syntax_errors_point_at_the_problem(value, marker, words):
    with pytest.raises(OsmSyntaxError) as info:
        parse_osm(value)
    assert info.value.position == value.index(marker)
    assert words in info.value.message
    assert isinstance(info.value, ValueError)


def test_error_str_shows_position():
    err = OsmSyntaxError("comments are not supported", 12)
    assert str(err) == "comments are not supported (at position 12)"
    assert err.position == 12


# --------------------------------------------------------------------------- export


def test_default_rules_export():
    assert to_osm(default_rules()) == "Mo-Fr 09:10-17:50; PH off"


def test_export_groups_weekdays_and_lists_exceptions_in_engine_order():
    rules = Rules(
        weekly=(((550, 780), (840, 1070)),) * 4 + (((550, 1010),), ((600, 720),), ()),
        holidays_enabled=True,
        exceptions=(
            SpecialDay(2026, 4, 14, "closed", reason={"ru": "Санитарный день"}),
            SpecialDay(None, 12, 31, "hours", ((550, 1010),)),
            SpecialDay(2026, 4, 18, "working_day"),
            SpecialDay(2026, 4, 20, "partial_closure", ((720, 780),)),
            SpecialDay(2026, 4, 21, "partial_closure", ((800, 700),)),  # inverted: ignored by the engine too
        ),
        extra_holidays=(ExtraHoliday(date(2026, 1, 9)), ExtraHoliday(date(2026, 1, 8))),
    )
    assert to_osm(rules) == (
        "Mo-Th 09:10-13:00,14:00-17:50; Fr 09:10-16:50; Sa 10:00-12:00; PH off; "
        "2026 Jan 08 off; 2026 Jan 09 off; Dec 31 09:10-16:50; 2026 Apr 14 off; "
        "2026 Apr 18 09:10-13:00,14:00-17:50; 2026 Apr 20 12:00-13:00 off"
    )


def test_all_closed_exports_as_off():
    rules = Rules(weekly=((),) * 7, holidays_enabled=False)
    assert to_osm(rules) == "off"
    assert parse_osm("off") == rules


def test_ph_off_uses_the_kyrgyz_calendar():
    """opening_hours.js test/test.js:L877 ('open; PH off'), re-evaluated with Kyrgyz holidays."""
    week = ("2026-03-16 00:00", "2026-03-23 00:00")
    plain = parse_osm("open; PH off", shorten_minutes=0)
    assert _intervals(plain, *week) == [
        ("2026-03-16 00:00", "2026-03-20 00:00"),
        ("2026-03-22 00:00", "2026-03-23 00:00"),
    ]
    plain_by_default = parse_osm("open; PH off")  # the text alone never shortens a day
    assert _intervals(plain_by_default, *week) == _intervals(plain, *week)
    shortened = parse_osm("open; PH off", shorten_minutes=60)  # the office's setting, passed by the caller
    assert _intervals(shortened, *week)[0] == ("2026-03-16 00:00", "2026-03-19 23:00")


def test_default_rules_survive_osm():
    assert parse_osm(to_osm(default_rules()), shorten_minutes=60) == default_rules()
