"""A traveller files a report in Chromium, in each language, with the on-screen keyboard only; gets a
number, a due date and a QR code of the status link; checks the status; and after the idle reset
nothing of it is on the screen, in the history or in the form."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from playwright.sync_api import expect

from tests.browser.conftest import module_server
from tests.browser.screens import decode_qr

pytestmark = pytest.mark.browser
PUBLIC = "https://kiosk.example.kg"
AUTONYMS = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
# Filed on Tuesday 28 April 2026: the 14th working day after it, past the May holidays, is 26 May.
DUE = {"en": "May 26, 2026", "ru": "26 мая 2026", "ky": "26"}
REGISTERED = {"en": "Registered", "ru": "Зарегистрировано", "ky": "Катталды"}


@pytest.fixture(scope="module")
def report_server(databases, tmp_path_factory):
    """A kiosk with a public address (for the QR code), a frozen clock (for the due date) and a short
    idle timeout (10 s, of which 2 s countdown)."""
    settings = {"PUBLIC_BASE_URL": PUBLIC, "KIOSK_FROZEN_NOW": "2026-04-28T10:00:00",
                "IDLE_TIMEOUT_SECONDS": "10", "IDLE_COUNTDOWN_SECONDS": "2"}  # fmt: skip
    yield from module_server(databases, tmp_path_factory, **settings)


def step(page):
    """The screen of the form now shown."""
    return page.locator(".report-form .step:not([hidden])")


def keys(page, text: str, scope=None) -> None:
    """Type `text` by tapping the on-screen keyboard's keys (switching layers as a person would)."""
    board = (scope or step(page)).locator(".osk")
    for ch in text:
        if ch == " ":
            board.locator('.osk-key[data-key=" "]').tap()
            continue
        lower = ch.lower()
        key = board.locator(f'.osk-key[data-key="{lower}"]:visible')
        if key.count() == 0:
            for layer in ("ky", "ru", "en", "sym"):
                if board.locator(f'.osk-layer[data-layer="{layer}"] .osk-key[data-key="{lower}"]').count():
                    board.locator(f'[data-action="layer"][data-layer="{layer}"]').tap()
                    break
            key = board.locator(f'.osk-key[data-key="{lower}"]:visible')
        if ch != lower:
            board.locator('[data-action="shift"]').tap()
        key.first.tap()


def file_a_report(page, base: str, lang: str) -> str:
    """From the language screen to the registration number, by taps only; returns the number."""
    page.get_by_role("link", name=AUTONYMS[lang]).tap()
    page.locator(f'.tile[href="/{lang}/report"]').tap()
    expect(page).to_have_url(f"{base}/{lang}/report")

    step(page).locator('input[value="money"]').tap()
    page.locator('[data-step-go="1"]').tap()
    step(page).locator('input[value="border"]').tap()
    step(page).locator('input[value="today"]').tap()
    page.locator('[data-step-go="1"]').tap()

    text = step(page).locator("textarea")
    text.tap()
    keys(page, "ңөү Ыя")
    expect(text).to_have_value("ңөү Ыя")
    expect(step(page).locator(".counter")).to_contain_text("6")  # the limit, shown as the person types
    expect(step(page).locator(".counter")).to_contain_text("1000")
    page.locator('[data-step-go="1"]').tap()

    step(page).locator('input[value="contact"]').tap()
    step(page).locator("#report-name").tap()
    keys(page, "Өмүр")
    expect(step(page).locator("#report-name")).to_have_value("Өмүр")
    step(page).locator("#report-contact").tap()
    keys(page, "+996555123456")
    expect(step(page).locator("#report-contact")).to_have_value("+996555123456")
    step(page).locator(".btn-send").tap()

    expect(page).to_have_url(re.compile(rf"/{lang}/report/0-\d{{4}}\?new=1$"))
    number = page.locator("#report-number").inner_text()
    assert re.fullmatch(r"0-\d{4}", number)
    return number


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_file_a_report_with_the_on_screen_keyboard_and_check_its_status(report_server, touch_page, lang):
    page = touch_page
    base = report_server.url
    page.goto(base + "/")
    number = file_a_report(page, base, lang)
    receipt = page.locator(".report-receipt")
    expect(receipt).to_contain_text(REGISTERED[lang])
    expect(receipt).to_contain_text(DUE[lang])
    codes = decode_qr(page.locator(".report-qr").screenshot())
    assert [(c.format, c.text) for c in codes] == [(zxingcpp.BarcodeFormat.QRCode, f"{PUBLIC}/{lang}/report/{number}")]
    assert page.locator(".report-number").bounding_box()["height"] >= 60  # shown large

    # The status, looked up by typing the number on the kiosk: status and due date, never the content.
    page.locator("[data-finish]").tap()
    expect(page).to_have_url(base + "/")
    page.get_by_role("link", name=AUTONYMS[lang]).tap()
    page.locator(f'.tile[href="/{lang}/report"]').tap()
    page.locator(".report-find-link a").tap()
    field = page.locator("#report-number-input")
    field.tap()
    keys(page, number, scope=page.locator(".report-find"))
    expect(field).to_have_value(number)
    page.locator(".report-find button[type=submit]").tap()
    expect(page).to_have_url(f"{base}/{lang}/report/{number}")
    expect(page.locator(".report-status")).to_have_text(REGISTERED[lang])
    expect(page.locator(".report-due")).to_contain_text(DUE[lang])
    body = page.locator("body").inner_text()
    assert "ңөү" not in body and "Өмүр" not in body and "555123456" not in body


def test_idle_reset_leaves_no_trace_on_screen_in_history_or_in_the_form(report_server, touch_page):
    page = touch_page
    base = report_server.url
    page.goto(base + "/")
    entries = page.evaluate("() => history.length")
    number = file_a_report(page, base, "ru")
    shown = page.url
    page.wait_for_url(base + "/", timeout=30000)  # the idle reset

    assert number not in page.locator("body").inner_text()
    assert page.evaluate("() => history.length") == entries
    for _ in range(entries):
        page.go_back()
        assert "/report" not in page.url, page.url
    for _ in range(entries):
        page.go_forward()
        assert page.url != shown
    if page.url != base + "/":
        page.goto(base + "/")
    # The next traveller opens the form: nothing of the previous one is in it.
    page.get_by_role("link", name="Русский").tap()
    page.locator('.tile[href="/ru/report"]').tap()
    expect(page).to_have_url(re.compile(r"/ru/report$"))
    page.wait_for_load_state()  # the whole form is there: a count taken earlier would be 0 whatever it holds
    assert page.locator("input:checked").count() == 0
    form = page.locator(".report-form")
    assert form.locator("textarea").input_value() == ""
    assert form.locator("#report-name").input_value() == "" and form.locator("#report-contact").input_value() == ""
    assert page.evaluate("() => sessionStorage.length") == 0 or "report" not in page.evaluate(
        "() => JSON.stringify(Object.assign({}, sessionStorage))"
    )
