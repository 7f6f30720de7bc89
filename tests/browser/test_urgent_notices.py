"""Urgent notices as a traveller meets them: at the top of the screen without scrolling, readable (axe,
WCAG 2.2 AA) in every language and display mode, and gone from an open page once their end time passes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import LANDSCAPE, PORTRAIT
from tests.browser.screens import set_mode
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.conftest import Server

pytestmark = pytest.mark.browser
TEXTS = {
    "critical": {"ky": "Дыйкан-Бекет өткөрүү пункту жабык.", "ru": "Пункт пропуска Дыйкан-Бекет закрыт.",
                 "en": "The Dyikan-Beket crossing is closed."},
    "warning": {"ky": "Кезек узун: 2 саат.", "ru": "Очередь на выезд: около 2 часов.", "en": "Queue: about 2 hours."},
    "info": {"ky": "Кассалар 13:00дө ачылат.", "ru": "Кассы откроются в 13:00.", "en": "Ticket desks open at 13:00."},
}  # fmt: skip


def held(severity: str, ident: int, ends: datetime) -> dict:
    """A notice as the terminal keeps it after a heartbeat."""
    starts = datetime.now(UTC) - timedelta(hours=1)
    texts = {lang: {"text": text} for lang, text in TEXTS[severity].items()}
    return {"id": ident, "version": 1, "severity": severity, "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(), "texts": texts}  # fmt: skip


def terminal_server(databases, tmp_path, notices: list[dict], **env) -> tuple[Server, str]:
    """A stand-alone terminal on the seeded database holding these notices (as central delivered them)."""
    state = tmp_path / "state"
    state.mkdir()
    (state / "terminal.json").write_text(json.dumps({"notices": notices, "notices_hash": "x"}), encoding="utf-8")
    url = databases.copy("seeded")
    base = {"DATABASE_URL": url, "SECRET_KEY": "test-secret-not-for-production", "KIOSK_ROLE": "terminal",
            "TERMINAL_STATE_DIR": str(state), "RELEASE_STAMP_PATH": str(state / "release.stamp"),
            "KIOSK_OFFLINE_CACHE": "0"}  # fmt: skip
    return Server({**base, **env}, tmp_path).start(), url


@pytest.fixture(scope="module")
def three_notices(databases, tmp_path_factory):
    later = datetime.now(UTC) + timedelta(hours=6)
    notices = [held("info", 3, later), held("critical", 1, later), held("warning", 2, later)]
    server, url = terminal_server(databases, tmp_path_factory.mktemp("urgent"), notices)
    yield server
    server.stop()
    databases.drop(url)


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("mode", ["normal", "large", "contrast"])
def test_notices_stand_first_on_screen_and_pass_axe_in_every_language(three_notices, browser, mode, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    axe = Axe()
    failures = []
    for path in ("/", "/ky/", "/ru/topics/work-abroad", "/en/hotlines"):
        page.goto(three_notices.url + path)
        if mode != "normal":
            set_mode(page, mode)
        notices = page.locator("[data-urgent-notice]")
        assert notices.count() == 3, path
        # The critical one first, and all of it on screen before any scrolling, above the top bar.
        assert TEXTS["critical"]["en"] in notices.first.inner_text() or path != "/"
        box = page.locator(".urgent-list").bounding_box()
        assert box["y"] <= 1 and box["y"] + box["height"] <= viewport["height"], (path, box)
        topbar = page.locator(".topbar")
        if topbar.count():
            assert topbar.bounding_box()["y"] >= box["y"] + box["height"] - 1, path
        assert page.evaluate("() => window.scrollY") == 0
        results = axe.run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10
        for violation in results.response["violations"]:
            failures.append(f"{path}: {violation['id']}: {[n['target'] for n in violation['nodes']][:3]}")
    context.close()
    assert not failures, "\n".join(failures)


def test_an_open_page_drops_the_notice_when_it_ends(databases, tmp_path, browser):
    ends = datetime.now(UTC) + timedelta(seconds=12)
    server, url = terminal_server(databases, tmp_path, [held("critical", 1, ends)], KIOSK_STATUS_POLL_SECONDS="2")
    try:
        context = browser.new_context(viewport=PORTRAIT, has_touch=True)
        page = context.new_page()
        page.goto(server.url + "/ru/office")
        assert TEXTS["critical"]["ru"] in page.locator(".urgent-list").inner_text()
        # Nobody touches the screen: the page notices the end on its own and shows itself without the notice.
        page.locator(".urgent-list").wait_for(state="detached", timeout=40_000)
        assert page.url.endswith("/ru/office")
        assert TEXTS["critical"]["ru"] not in page.content()
        context.close()
    finally:
        server.stop()
        databases.drop(url)
