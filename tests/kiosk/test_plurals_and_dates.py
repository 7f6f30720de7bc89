"""Counts, dates and times on kiosk screens come from CLDR and the catalogs' plural forms, never by hand."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from core.reception import until_time

ROOT = Path(__file__).resolve().parents[2]
# Everything that words a kiosk screen.
KIOSK_SOURCES = [
    *sorted((ROOT / "kiosk").rglob("*.py")),
    *sorted((ROOT / "kiosk" / "templates").rglob("*.html")),
    *sorted((ROOT / "static" / "js").glob("*.js")),
    ROOT / "core" / "reception.py",
    ROOT / "core" / "i18n.py",
]
GETTEXT_PLACEHOLDER_FOR_A_COUNT = re.compile(
    r"""\b(?:_|_l|gettext|lazy_gettext)\(\s*(["'])(?:(?!\1).)*%\((?:num|count|n|seconds|minutes|hours|days)\)""", re.S
)
BARE_UNIT = re.compile(r"""\b(?:_|_l|gettext)\(\s*["'](?:seconds?|minutes?|hours?|days?|windows?|topics?)["']\s*\)""")
# Hand-made month names in any of the three languages (stems), or strftime's month directives.
MONTH_NAMES = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december"
    r"|январ|феврал|апрел|июн[ья]|июл[ья]|август|сентябр|октябр|ноябр|декабр)",
    re.I,
)
STRFTIME_MONTH = re.compile(r"%[bBh]\b")
PLURAL_FORMS = {"ky": 2, "ru": 3, "en": 2}  # gettext forms for the CLDR categories of integers


def catalog(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


@pytest.mark.parametrize("lang", PLURAL_FORMS)
def test_every_count_in_the_catalogs_has_all_its_plural_forms(lang):
    found = catalog(lang)
    assert found.num_plurals == PLURAL_FORMS[lang]
    kiosk_text = "\n".join(path.read_text(encoding="utf-8") for path in KIOSK_SOURCES)
    problems = []
    for message in found:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        counted = re.search(r"%\((?:num|count)\)", msgid) and f'"{msgid}"' in kiosk_text
        if message.pluralizable and (len(message.string) != found.num_plurals or not all(message.string)):
            problems.append(f"missing plural forms: {msgid!r} -> {message.string!r}")
        if not counted:
            continue
        if not message.pluralizable:
            problems.append(f"count without plural forms: {msgid!r}")
    assert not problems, "\n".join(problems)


def test_no_count_and_no_month_is_worded_by_hand_in_the_kiosk():
    problems = []
    for path in KIOSK_SOURCES:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        problems += [
            f"{name}: count without ngettext: {m.group(0)[:60]!r}"
            for m in GETTEXT_PLACEHOLDER_FOR_A_COUNT.finditer(text)
        ]
        problems += [f"{name}: unit word beside a number: {m.group(0)!r}" for m in BARE_UNIT.finditer(text)]
        problems += [f"{name}: hand-made month name {m.group(0)!r}" for m in MONTH_NAMES.finditer(text)]
        problems += [f"{name}: strftime month {m.group(0)!r}" for m in STRFTIME_MONTH.finditer(text)]
    assert not problems, "\n".join(problems)


def idle_phrases(page: str) -> list[str]:
    found = re.search(r'id="idle-text"[^>]*data-phrases="([^"]*)"', page)
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ru", {1: "через 1 секунду.", 2: "через 2 секунды.", 4: "через 4 секунды.", 5: "через 5 секунд.",
                11: "через 11 секунд.", 12: "через 12 секунд."}),
        ("en", {1: "in 1 second.", 2: "in 2 seconds.", 11: "in 11 seconds."}),
        ("ky", {1: "1 секунддан кийин", 4: "4 секунддан кийин"}),
    ],
)  # fmt: skip
def test_idle_countdown_says_each_count_in_its_plural_form(client, lang, expected):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    phrases = idle_phrases(page)
    assert len(phrases) == 15 + 1  # every second of the default countdown, for kiosk.js
    for count, words in expected.items():
        assert words in phrases[count], (count, phrases[count])
    # The text shown before the countdown starts is the whole countdown, in the same words.
    assert idle_phrases(page)[15] in page.split('id="idle-text"', 1)[1]


def test_windows_are_counted_with_plural_forms(client):
    assert "4 окна принимают документы" in client.get("/ru/office").get_data(as_text=True)
    assert "4 windows accept documents" in client.get("/en/office").get_data(as_text=True)


def test_dates_use_the_cldr_long_form_of_each_language(client):
    ky = client.get("/ky/").get_data(as_text=True)
    assert re.search(r"Маалымат \d{4}-ж\., \d{1,2}-[а-яөүң]+ абалында", ky), "Kyrgyz long date"
    ru = client.get("/ru/").get_data(as_text=True)
    assert re.search(r"\d{1,2} [а-я]+я \d{4}\s?г\.", ru), "Russian long date, genitive month"
    en = client.get("/en/").get_data(as_text=True)
    assert re.search(r"[A-Z][a-z]+ \d{1,2}, \d{4}", en)


def test_week_table_dates_in_kyrgyz_follow_cldr(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-02T10:00"
    page = client.get("/ky/office").get_data(as_text=True)
    assert "Шаршемби, 2-декабрь" in page
    assert "2 декабрь" not in page


@pytest.mark.parametrize(
    "clock, spoken",
    [("17:50", "17:50гө"), ("17:30", "17:30га"), ("18:00", "18:00гө"), ("09:10", "09:10го"),
     ("12:45", "12:45ке"), ("13:20", "13:20га"), ("16:40", "16:40ка"), ("14:03", "14:03кө"),
     ("11:06", "11:06га"), ("10:01", "10:01ге")],
)  # fmt: skip
def test_kyrgyz_until_puts_the_dative_on_the_time(clock, spoken):
    assert until_time(clock, "ky") == spoken
    assert until_time(clock, "ru") == clock


def test_open_until_reads_in_kyrgyz_with_the_dative(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-02T10:00"  # an ordinary Wednesday, open until 17:50
    assert "17:50гө чейин" in client.get("/ky/").get_data(as_text=True)


def test_closed_before_opening_does_not_say_it_twice(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-02T08:00"
    page = client.get("/en/").get_data(as_text=True)
    assert "Closed, opens today at 09:10" in page
    assert "Reception has not started yet" not in page
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-05T12:00"  # Saturday: the reason says why, once
    assert "(Day off)" in client.get("/en/").get_data(as_text=True)


def test_upcoming_change_within_a_week_on_home_and_office(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-18T10:00"  # a short day and two holidays ahead
    for path in ("/en/", "/en/office"):
        page = client.get(path).get_data(as_text=True)
        notice = page.split('class="upcoming"', 1)[1].split("</div>", 1)[0]
        assert "Reception hours change in the next 7 days" in notice
        for words in ("Thursday, March 19", "Shortened pre-holiday day", "Friday, March 20", "Eid al-Fitr"):
            assert words in notice, (path, words)
    ru = client.get("/ru/").get_data(as_text=True).split('class="upcoming"', 1)[1]
    assert "Четверг, 19 марта" in ru
    app.config["KIOSK_FROZEN_NOW"] = "2026-02-04T10:00"  # an ordinary week
    assert 'class="upcoming"' not in client.get("/en/").get_data(as_text=True)
