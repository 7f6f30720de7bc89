"""Reception hours as a traveller sees them in Chromium, on a real gunicorn with the clock set."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import artifact

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGS = ("ky", "ru", "en")
HOLIDAY = {"ky": "Орозо айт", "ru": "Орозо айт", "en": "Eid al-Fitr"}
NEXT_HOLIDAY = {"ky": "Элдик Нооруз майрамы", "ru": "Народный праздник Нооруз", "en": "Nooruz Holiday"}
CLOSED_OPENS = {"ky": "Жабык, ачылат:", "ru": "Закрыто, откроется:", "en": "Closed, opens"}
# Day and month in each locale's CLDR form (issue 12); Kyrgyz puts the dative on the time («17:50гө»).
NEXT_OPENING = {"ky": "Дүйшөмбү, 23-март 09:10", "ru": "Понедельник, 23 марта 09:10", "en": "Monday, March 23 09:10"}
# Written out here, as a reader of each language expects it (not looked up from the app's own tables).
PRE_HOLIDAY = {
    "ky": "Майрам алдындагы кыскартылган күн",
    "ru": "Сокращённый предпраздничный день",
    "en": "Shortened pre-holiday day",
}
OPEN_UNTIL = {
    "ky": "Азыр ачык, {time}гө чейин",
    "ru": "Сейчас открыто, до {time}",
    "en": "Open now, until {time}",
}


def test_holiday_says_closed_names_the_holiday_and_the_next_opening(serve, touch_page):
    """Orozo Ait (Friday 20 March 2026, 11:00): closed in ky, ru and en, with the holiday and Monday 09:10."""
    server = serve(KIOSK_FROZEN_NOW="2026-03-20T11:00")
    page = touch_page
    for lang in LANGS:
        page.goto(f"{server.url}/{lang}/office")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        status = page.locator(".status")
        expect(status).to_have_class(re.compile(r"\bstatus-closed\b"))
        expect(status).to_contain_text(f"{CLOSED_OPENS[lang]} {NEXT_OPENING[lang]}")
        expect(status.locator(".status-reason")).to_contain_text(HOLIDAY[lang])

        rows = page.locator("table.week tbody tr")
        expect(rows).to_have_count(7)
        expect(rows.nth(0)).to_have_class(re.compile(r"\bis-closed\b.*\bis-today\b"))
        expect(rows.nth(0)).to_contain_text(HOLIDAY[lang])
        expect(rows.nth(1)).to_contain_text(NEXT_HOLIDAY[lang])  # Saturday is Nooruz
        expect(rows.nth(3)).to_have_class(re.compile(r"\bis-open\b"))  # Monday 23 March
        expect(rows.nth(3)).to_contain_text("09:10–17:50")
        page.screenshot(path=str(artifact(f"office-holiday-{lang}.png")), full_page=True)

        page.goto(f"{server.url}/{lang}/")
        home_status = page.locator("a.status")
        expect(home_status).to_have_class(re.compile(r"\bstatus-closed\b"))
        expect(home_status).to_contain_text(f"{CLOSED_OPENS[lang]} {NEXT_OPENING[lang]}")
        expect(home_status).to_contain_text(HOLIDAY[lang])


@pytest.mark.parametrize(
    ("moment", "until", "reason"),
    [
        ("2026-03-24T10:00", "17:50", None),  # an ordinary Tuesday
        ("2026-03-19T10:00", "16:50", PRE_HOLIDAY),  # the day before Orozo Ait
    ],
    ids=["ordinary-tuesday", "pre-holiday-thursday"],
)
def test_open_days_say_until_when(serve, touch_page, moment, until, reason):
    """An ordinary working day says open until 17:50; the day before a holiday until 16:50, and why."""
    server = serve(KIOSK_FROZEN_NOW=moment)
    page = touch_page
    for lang in LANGS:
        for path, selector in ((f"/{lang}/office", ".status"), (f"/{lang}/", "a.status")):
            page.goto(server.url + path)
            status = page.locator(selector)
            expect(status).to_have_class(re.compile(r"\bstatus-open\b"))
            expect(status).to_contain_text(OPEN_UNTIL[lang].format(time=until))
            if reason:
                expect(status.locator(".status-reason")).to_contain_text(reason[lang])
            else:
                expect(status.locator(".status-reason")).to_have_count(0)


EXPIRED_OFFICE = {
    "ky": "Кабыл алуу убактысын төмөнкү таблицадан караңыз.",
    "ru": "Часы приёма смотрите в таблице ниже.",
    "en": "See the reception hours in the table below.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_an_open_now_line_left_on_screen_past_its_moment_points_to_the_hours(serve, touch_page, lang):
    """The real clock: the line carries the moment its wording expires; once the browser's clock passes
    it (a page left open, or served from the offline cache long after), a neutral pointer replaces it."""
    server = serve(IDLE_TIMEOUT_SECONDS="600")
    page = touch_page
    page.clock.install()
    page.goto(f"{server.url}/{lang}/office")
    status = page.locator(".status")
    expect(status).to_have_class(re.compile(r"\bstatus-(open|closed)\b"))
    until = status.get_attribute("data-valid-until")
    assert until, "a live line must say until when it is true"
    expect(status).not_to_contain_text(EXPIRED_OFFICE[lang])
    # Just before the moment nothing changes; just after it, within the 15 s check, the line yields.
    moment = datetime.fromisoformat(until)
    page.clock.set_system_time(moment - timedelta(minutes=1))
    page.clock.run_for(16_000)
    expect(status).to_have_class(re.compile(r"\bstatus-(open|closed)\b"))
    page.clock.set_system_time(moment + timedelta(seconds=1))
    page.clock.run_for(16_000)
    expect(status).to_have_class(re.compile(r"\bstatus-unknown\b"))
    expect(status).to_have_text(EXPIRED_OFFICE[lang])
    expect(page.locator("table.week tbody tr")).to_have_count(7)  # the hours it points to are there
    page.screenshot(path=str(artifact(f"office-status-expired-{lang}.png")), full_page=True)
