"""A traveller searches in Chromium, in each language, by tapping the on-screen keyboard only (ң ө ү
included), sees results appear while typing, taps one and reads the article; nothing found offers the
other languages; the idle reset leaves nothing of the search behind. The kiosk is a terminal whose
central is unreachable (nothing listens at its CENTRAL_URL): a search needs no central."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from tests.browser.conftest import PORTRAIT
from tests.browser.test_report import keys
from tests.conftest import Server, free_port, make_app

pytestmark = pytest.mark.browser
SEARCH = {"ky": "Издөө", "ru": "Поиск", "en": "Search"}
# (what is typed on the on-screen keyboard, the result's title to tap, where it leads, the words counted)
TRIPS = {
    "ky": ("төлөмдү", "Акысыз, же расмий төлөм гана", "/ky/topics/services-documents/official-fees", "төлөмдү"),
    "ru": ("платёж", "Бесплатно или только официальный платёж", "/ru/topics/services-documents/official-fees",
           "платеж"),  # counted with е for ё, like the search itself
    "en": ("Asylm", "How to ask for asylum", "/en/topics/refugees/asking-for-asylum", "asylm"),
}  # fmt: skip


@pytest.fixture(scope="module")
def terminal_server(databases, tmp_path_factory):
    """A terminal's gunicorn (the starter release already applied), its central switched off, a 10 s idle
    timeout; plus an app on the same database to read what the terminal counted."""
    workdir = tmp_path_factory.mktemp("search-terminal")
    url = databases.copy("seeded")
    state = workdir / "state"
    settings = {
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-not-for-production",
        "RELEASE_STAMP_PATH": str(state / "stamp"),
        "KIOSK_ROLE": "terminal",
        "CENTRAL_URL": f"http://127.0.0.1:{free_port()}",  # nothing listens there: central is down
        "ALLOW_INSECURE_CENTRAL": "1",
        "TERMINAL_TOKEN": "t" * 40,
        "TERMINAL_STATE_DIR": str(state),
        "KIOSK_OFFLINE_CACHE": "0",
        "IDLE_TIMEOUT_SECONDS": "10",
        "IDLE_COUNTDOWN_SECONDS": "2",
    }
    server = Server(settings, workdir).start()
    local = make_app(url, state / "stamp", KIOSK_ROLE="terminal", TERMINAL_STATE_DIR=str(state))
    yield server, local
    server.stop()
    with local.app_context():
        db.engine.dispose()
    databases.drop(url)


def counted(local) -> dict:
    from core.models.fleet import UsageTally

    with local.app_context():
        rows = db.session.execute(select(UsageTally.lang, UsageTally.kind, UsageTally.key, UsageTally.count))
        found = {(lang, kind, key): n for lang, kind, key, n in rows}
        db.session.remove()
    return found


def wait_for(check, what: str, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_result_tapped_before_typing_pauses_still_brings_back_the_whole_search(browser, terminal_server):
    """The last letters and the tap in one go, inside the 120 ms pause: Back returns to all that was typed,
    not to the shorter search whose results were on the screen. (Other words than the typing test's, whose
    counts this one must not touch.)"""
    server, _local = terminal_server
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/ru/search")
        page.locator("#search-q").fill("регист")
        expect(page.locator("#search-results .result").first).to_be_visible()
        expect(page).to_have_url(f"{server.url}/ru/search?q={quote('регист')}")
        target = page.evaluate(
            """() => {
                const field = document.getElementById("search-q");
                field.value = "регистрация";
                field.dispatchEvent(new Event("input", { bubbles: true }));
                const link = document.querySelector("#search-results a.result");
                setTimeout(() => link.click(), 0);  // the next task: well inside the 120 ms pause
                return link.href;
            }"""
        )
        expect(page).to_have_url(target)
        page.locator('[data-nav="back"]').tap()  # the kiosk's own Back
        expect(page).to_have_url(f"{server.url}/ru/search?q={quote('регистрация')}")
        expect(page.locator("#search-q")).to_have_value("регистрация")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_type_on_the_screen_keyboard_see_results_while_typing_and_open_one(browser, terminal_server, lang):
    server, local = terminal_server
    typed, title, target, key = TRIPS[lang]
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server.url}/{lang}/")
        page.locator(".topbar").get_by_role("link", name=SEARCH[lang]).tap()
        expect(page).to_have_url(f"{server.url}/{lang}/search")
        form = page.locator(".search-form")
        field = page.locator("#search-q")
        field.tap()
        # The keyboard opens on the page's language; the keys are big enough for a finger.
        board = form.locator(".osk")
        expect(board.locator(f'.osk-layer[data-layer="{lang}"]')).to_be_visible()
        box = board.locator(".osk-key:visible").first.bounding_box()
        assert box["width"] >= 64 and box["height"] >= 64

        if lang == "ky":  # ң on the main layer: a prefix of «укуктарыңыз» finds «Укуктарыңыз жана жардам»
            keys(page, "укуктарың", form)
            expect(page.locator(".result .list-title").first).to_have_text("Укуктарыңыз жана жардам")
            form.locator('[data-action="clear"]').tap()
            expect(field).to_have_value("")
            expect(page.locator("#search-results .result")).to_have_count(0)
        keys(page, typed, form)
        expect(field).to_have_value(typed)
        # Results came as the traveller typed: the Find button was never pressed.
        result = page.locator(".result", has=page.locator(".list-title", has_text=title))
        expect(result).to_be_visible()
        assert result.locator("mark").count() >= 1  # the words that matched are marked
        # The address follows the field once typing pauses (120 ms), with no history entry per letter.
        encoded = page.evaluate("(q) => encodeURIComponent(q)", typed)
        expect(page).to_have_url(f"{server.url}/{lang}/search?q={encoded}")
        result.tap()
        expect(page).to_have_url(server.url + target)
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        # The finished search is counted on the terminal: its words, in its language.
        wait_for(lambda: counted(local).get((lang, "search", key)) == 1, f"the search {key!r} to be counted")
        # Back returns to the same search.
        page.locator('[data-nav="back"]').tap()
        expect(page.locator("#search-q")).to_have_value(typed)
        expect(page.locator(".result", has=page.locator(".list-title", has_text=title))).to_be_visible()
        assert not errors, errors
    finally:
        context.close()


def test_nothing_found_offers_the_other_languages_and_the_idle_reset_forgets_the_search(browser, terminal_server):
    server, local = terminal_server
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/en/search")
        form = page.locator(".search-form")
        page.locator("#search-q").tap()
        form.locator('[data-action="layer"][data-layer="ky"]').tap()
        keys(page, "каттоо", form)
        none = page.locator(".search-none")
        expect(none).to_contain_text("Nothing found for «каттоо».")
        kyrgyz = none.locator('a[lang="ky"]')
        expect(kyrgyz).to_contain_text("Кыргызча:")
        expect(none).to_contain_text("Русский: 0 results")
        expect(page.locator("#search-results")).to_contain_text("Migration hotline")

        # Left alone: the countdown, then the language screen; the search is counted as a miss.
        expect(page.locator("#idle-dialog")).to_be_visible(timeout=15_000)
        expect(page).to_have_url(server.url + "/", timeout=10_000)
        wait_for(lambda: counted(local).get(("en", "search_none", "каттоо")) == 1, "the miss to be counted")
        # Nothing of it can be reached again: not by Back, not in the field of a fresh search page.
        page.go_back()
        assert "/search" not in page.url
        page.goto(f"{server.url}/en/search")
        expect(page.locator("#search-q")).to_have_value("")
        expect(page.locator("#search-results .result, #search-results .search-none")).to_have_count(0)
    finally:
        context.close()


def test_a_search_is_counted_once_when_the_page_leaves_before_the_server_answers(browser, terminal_server):
    """The count goes out as the traveller taps a result; the next page opens before the local server has
    answered. The browser still delivers that request, so the next page must not send the words again."""
    server, local = terminal_server
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()

    def late_answer(route):
        time.sleep(0.8)  # the article page opens meanwhile
        route.continue_()

    try:
        page.goto(f"{server.url}/en/search?q=asylum")
        result = page.locator("#search-results a.result").first
        href = result.get_attribute("href")
        page.route("**/kiosk-events", late_answer)
        result.tap()
        page.wait_for_url(f"**{href}", wait_until="load")
        page.unroute("**/kiosk-events")
        wait_for(lambda: counted(local).get(("en", "search", "asylum")) is not None, "the search to be counted")
        # Whatever the next page had left to send is sent when it opens and then on its status poll.
        page.wait_for_timeout(3000)
        assert page.evaluate("() => localStorage.getItem('kiosk.outbox')") in (None, "[]")
        assert counted(local).get(("en", "search", "asylum")) == 1
    finally:
        context.close()
