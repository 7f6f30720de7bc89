"""Back means the previous screen, and after the idle reset nothing of the previous traveller is reachable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import module_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def idle_server(databases, tmp_path_factory):
    """A kiosk with a short idle timeout (8 s, of which 2 s countdown): time to read, then watch the reset."""
    yield from module_server(databases, tmp_path_factory, IDLE_TIMEOUT_SECONDS="8", IDLE_COUNTDOWN_SECONDS="2")


def read_an_article(page, base: str) -> list[str]:
    """Language, a topic, an article: the pages a traveller passes from the start screen, in order."""
    if page.url != base + "/":
        page.goto(base + "/")
    page.get_by_role("link", name="Русский").tap()
    expect(page).to_have_url(base + "/ru/")
    page.locator(".tile:not(.tile-alt)").first.tap()
    expect(page).to_have_url(re.compile(r"/ru/topics/[a-z-]+$"))
    topic = page.url
    page.locator(".list-item").first.tap()
    expect(page).to_have_url(re.compile(r"/ru/topics/[a-z-]+/[a-z0-9-]+$"))
    return [base + "/ru/", topic, page.url]


def test_back_after_the_footer_hotlines_returns_to_the_article(kiosk_server, touch_page):
    page = touch_page
    visited = read_an_article(page, kiosk_server.url)
    article = visited[-1]
    page.locator(".hotbar-line").first.tap()
    expect(page).to_have_url(kiosk_server.url + "/ru/hotlines")
    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(article)
    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(visited[1])  # and on, screen by screen
    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(visited[0])
    expect(page.locator('[data-nav="back"]')).to_have_count(0)  # Home has no Back


def test_back_without_history_goes_to_the_parent_page(kiosk_server, touch_page):
    page = touch_page
    page.goto(kiosk_server.url + "/en/topics/work-abroad")
    href = page.locator(".list-item").first.get_attribute("href")
    page.goto(kiosk_server.url + href)  # opened directly, as from a QR code: nothing before it
    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(kiosk_server.url + "/en/topics/work-abroad")


def test_after_the_idle_reset_nothing_leads_back_to_the_previous_traveller(idle_server, touch_page):
    page = touch_page
    page.goto(idle_server.url + "/")
    entries = page.evaluate("() => history.length")  # the kiosk's start page (and the test's blank tab)
    visited = read_an_article(page, idle_server.url)
    page.locator(".hotbar-line").first.tap()
    expect(page).to_have_url(re.compile(r"/ru/hotlines$"))  # else the article would be listed twice
    visited.append(page.url)
    page.wait_for_url(idle_server.url + "/", timeout=20000)  # the idle reset

    # The browser's own history: no entry of the previous traveller behind or ahead of the start screen.
    assert page.evaluate("() => history.length") == entries
    for _ in range(entries):
        page.go_back()
        assert page.url not in visited
    for _ in range(entries):
        page.go_forward()
        assert page.url not in visited
    if page.url != idle_server.url + "/":
        page.goto(idle_server.url + "/")

    # The next traveller's Back follows only their own screens.
    page.get_by_role("link", name="Русский").tap()
    page.locator(".tile:not(.tile-alt)").last.tap()
    page.locator('[data-nav="back"]').tap()
    expect(page).to_have_url(idle_server.url + "/ru/")
