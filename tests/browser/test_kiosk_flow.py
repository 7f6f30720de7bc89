"""A traveller's path through the kiosk in Chromium: language, topic, article, Home, Back, idle reset."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LANDSCAPE, PORTRAIT, module_server

pytestmark = pytest.mark.browser


def test_pick_language_open_topic_read_article_home_and_back(kiosk_server, touch_page):
    page = touch_page
    page.goto(kiosk_server.url + "/")
    page.get_by_role("link", name="Русский").tap()
    expect(page).to_have_url(kiosk_server.url + "/ru/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    tile = page.locator(".tile:not(.tile-alt)").first  # a topic (Hotlines and Hours come first)
    topic_title = tile.locator(".tile-title").inner_text()
    tile.tap()
    expect(page).to_have_url(re.compile(r"/ru/topics/[a-z-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(topic_title)
    topic_url = page.url

    item = page.locator(".list-item").first
    article_title = item.locator(".list-title").inner_text()
    item.tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(article_title)
    expect(page.locator(".prose")).not_to_be_empty()
    expect(page.locator(".hotbar")).to_contain_text("189")
    expect(page.locator(".hotbar")).to_contain_text("0312 300423")

    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(topic_url)
    page.locator('[data-nav="home"]').tap()
    expect(page).to_have_url(kiosk_server.url + "/ru/")


# What is on top at an element's centre: the element itself (or its content), or something covering it.
UNCOVERED = """el => { const r = el.getBoundingClientRect();
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) return false;
    const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return top !== null && (el === top || el.contains(top)); }"""
CLIPPED = "el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1"


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_home_shows_the_hotlines_and_lets_every_tile_be_read(kiosk_server, browser, lang):
    """Portrait and landscape: both numbers on screen without scrolling; every tile can be brought
    into view uncovered by the sticky bars, with its title not cut off (Kyrgyz titles are the longest)."""
    for viewport in (PORTRAIT, LANDSCAPE):
        context = browser.new_context(viewport=viewport, has_touch=True)
        page = context.new_page()
        page.goto(f"{kiosk_server.url}/{lang}/")
        for number in ("189", "0312 300423"):
            shown = page.locator(".hotbar .hotbar-number", has_text=number).first
            assert shown.evaluate(UNCOVERED), f"{lang} {viewport}: {number} is not on screen"
        tiles = page.locator(".tile")
        assert tiles.count() >= 8
        for i in range(tiles.count()):
            tile = tiles.nth(i)
            tile.evaluate("el => el.scrollIntoView({block: 'center'})")  # as far as a traveller can scroll
            title = tile.locator(".tile-title")
            name = title.inner_text()
            assert title.evaluate(UNCOVERED), f"{lang} {viewport}: tile {name!r} stays covered"
            assert not title.evaluate(CLIPPED), f"{lang} {viewport}: tile title {name!r} is cut off"
        context.close()


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_touch_targets_and_text_size(kiosk_server, browser, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    for path in ("/", "/ky/", "/ky/hotlines", "/ky/office", "/ky/topics/work-abroad"):
        page.goto(kiosk_server.url + path)
        small = page.evaluate(
            """() => [...document.querySelectorAll('a, button')]
                .filter(el => el.offsetParent !== null && !el.closest('.prose') && !el.classList.contains('skip'))
                .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
                .filter(([, r]) => r.width < 48 || r.height < 48)
                .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
        )
        assert not small, f"{path}: touch targets under 48x48: {small}"
        body_px = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        assert body_px >= 18, path
        overflow = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{path} scrolls sideways at {viewport}"
    context.close()


def test_toggles_change_text_size_and_contrast(kiosk_server, touch_page):
    page = touch_page
    page.goto(kiosk_server.url + "/en/")
    before = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    page.locator("#display-button").tap()  # the options wait behind one labelled button
    page.locator('[data-toggle="large"]').tap()
    page.locator('[data-toggle="contrast"]').tap()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge\b.*\bcontrast\b|\bcontrast\b.*\blarge\b"))
    after = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert after > before
    page.locator(".tile").first.tap()  # the choice follows the traveller to the next page
    expect(page.locator("html")).to_have_class(re.compile(r"\bcontrast\b"))
    expect(page.locator('[data-toggle="contrast"]')).to_have_attribute("aria-pressed", "true")


def test_pages_read_without_javascript(kiosk_server, browser):
    context = browser.new_context(viewport=PORTRAIT, java_script_enabled=False)
    page = context.new_page()
    page.goto(kiosk_server.url + "/en/topics/report-corruption")
    page.locator(".list-item").first.click()
    expect(page.locator(".prose")).to_be_visible()
    expect(page.locator(".toggles")).to_be_hidden()  # toggles need JS, so they are not offered
    context.close()


@pytest.fixture(scope="module")
def idle_server(databases, tmp_path_factory):
    """A kiosk with a short idle timeout (4 s, of which 2 s countdown) so the reset can be watched."""
    yield from module_server(databases, tmp_path_factory, IDLE_TIMEOUT_SECONDS="4", IDLE_COUNTDOWN_SECONDS="2")


def test_idle_timeout_returns_to_language_screen_and_resets(idle_server, touch_page):
    page = touch_page
    page.goto(idle_server.url + "/en/topics/work-abroad")
    page.locator("#display-button").tap()
    page.locator('[data-toggle="contrast"]').tap()
    page.mouse.wheel(0, 600)
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=8000)
    expect(page.locator("#idle-count")).to_have_text(re.compile(r"^[0-2]$"))
    page.wait_for_url(idle_server.url + "/", timeout=8000)
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bcontrast\b"))
    assert page.evaluate("() => sessionStorage.length") == 0
    assert page.evaluate("() => window.scrollY") == 0
    page.get_by_role("link", name="English").tap()
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bcontrast\b"))


def test_a_tap_cancels_the_countdown(idle_server, touch_page):
    page = touch_page
    page.goto(idle_server.url + "/ky/hotlines")
    dialog = page.locator("#idle-dialog")
    expect(dialog).to_be_visible(timeout=8000)
    page.locator("#idle-continue").tap()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(2500)  # longer than the countdown that was cancelled
    assert page.url == idle_server.url + "/ky/hotlines"
