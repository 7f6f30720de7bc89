"""Browser-level resilience: the service worker keeps every page available while the kiosk's own
server is down or stalled, and the open page refreshes itself to a newer release when it returns."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from core.extensions import db
from tests.browser.conftest import PORTRAIT
from tests.conftest import Server, make_app
from tests.fleet.conftest import publish_title

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _children(pid: int) -> list[int]:
    """Direct child processes (gunicorn workers) of a process."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


@contextmanager
def stalled(server: Server):
    """Freeze gunicorn (master and workers): connections are accepted by the kernel but never answered."""
    pids = [server.proc.pid, *_children(server.proc.pid)]
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def _wait_for_complete_cache(page, expected: int) -> None:
    """Wait until a service worker controls the page and its cache holds every precached URL."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        count = page.evaluate(
            """async () => {
                if (!navigator.serviceWorker.controller) return -1;
                const names = (await caches.keys()).filter((n) => n.startsWith("kiosk-"));
                if (names.length !== 1) return -1;
                return (await (await caches.open(names[0])).keys()).length;
            }"""
        )
        if count >= expected:
            return
        page.wait_for_timeout(250)
    raise AssertionError("the service worker did not precache every page in time")


def test_pages_open_from_the_service_worker_while_the_server_is_down_then_refresh_to_the_new_release(
    browser, databases, tmp_path
):
    url = databases.copy("seeded")
    stamp = tmp_path / "stamp"
    server = Server(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-not-for-production",
            "RELEASE_STAMP_PATH": str(stamp),
            "KIOSK_OFFLINE_CACHE": "1",
            "KIOSK_STATUS_POLL_SECONDS": "1",
        },
        tmp_path,
    ).start()
    central = make_app(url, stamp)
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.goto(server.url + "/ru/")
        precache = requests.get(server.url + "/precache.json", timeout=10).json()
        pages = precache["pages"]
        assert len(pages) > 3 * 20 and {"/ky/", "/ru/hotlines", "/en/office"} <= set(pages)
        _wait_for_complete_cache(page, len(pages) + len(precache["assets"]))

        # A stalled server (accepts, never answers) is treated as down after a short timeout.
        with stalled(server):
            for path in ("/en/hotlines", "/ky/office"):
                response = page.goto(server.url + path)
                assert response.ok and response.from_service_worker, path
                assert "0312 300423" in page.content()

        server.stop()
        for path in pages:
            response = page.goto(server.url + path, wait_until="domcontentloaded")
            assert response is not None and response.ok, path
            assert response.from_service_worker, path
            html = page.content()
            assert "189" in html and "0312 300423" in html, path
            lang = path.strip("/").split("/")[0] or None
            if lang:
                assert f'<html lang="{lang}"' in html, path
        page.goto(server.url + "/ru/")
        assert "Работа за рубежом" in page.content()
        # Styles, scripts and icons the page uses are in the service worker's cache under the same names.
        missing = page.evaluate(
            """async () => {
                const urls = [...document.querySelectorAll("link[rel=stylesheet], script[src], use[href]")]
                    .map((el) => new URL(el.getAttribute("href") || el.getAttribute("src"), location.href))
                    .map((url) => url.origin + url.pathname);
                const out = [];
                for (const url of urls) { if (!(await caches.match(url))) out.push(url); }
                return out;
            }"""
        )
        assert missing == []
        # Chromium fetches the favicon outside the service worker, so only that one may fail offline.
        assets = [url for url in failed if ("/assets/" in url or "/static/" in url) and "/favicon." not in url]
        assert not assets, failed

        # A newer release is published while the kiosk's server is down; then the server returns.
        with central.app_context():
            publish_title("work-abroad", "Работа за рубежом — свежая версия")
            db.session.remove()
        assert "свежая версия" not in page.content()
        server.start()
        page.wait_for_function("() => document.body.textContent.includes('свежая версия')", timeout=60_000)
        assert page.url == server.url + "/ru/"
        assert not errors, errors
    finally:
        context.close()
        server.stop()
        with central.app_context():
            db.engine.dispose()
        databases.drop(url)


def _wait_until(check, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_terminal_page_reports_usage_and_errors_and_obeys_a_reload_command(browser, databases, tmp_path):
    from sqlalchemy import select

    from core.fleet.state import TERMINAL_FILE, write_json
    from core.models.fleet import BrowserError, UsageTally

    url = databases.copy("seeded")
    state_dir = tmp_path / "terminal"
    stamp = state_dir / "stamp"
    server = Server(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-not-for-production",
            "RELEASE_STAMP_PATH": str(stamp),
            "KIOSK_ROLE": "terminal",  # stand-alone terminal: no CENTRAL_URL needed for this test
            "TERMINAL_STATE_DIR": str(state_dir),
            "KIOSK_OFFLINE_CACHE": "0",
            "KIOSK_STATUS_POLL_SECONDS": "1",
        },
        tmp_path,
    ).start()
    local = make_app(url, stamp, KIOSK_ROLE="terminal", TERMINAL_STATE_DIR=str(state_dir))
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()

    def tally() -> dict:
        with local.app_context():
            rows = db.session.execute(select(UsageTally.lang, UsageTally.kind, UsageTally.key, UsageTally.count))
            found = {(lang, kind, key): n for lang, kind, key, n in rows}
            db.session.remove()
            return found

    try:
        page.goto(server.url + "/ru/topics/work-abroad")
        page.evaluate("window.kioskTestMarker = 1")
        _wait_until(lambda: tally().get(("ru", "page", "/topics/work-abroad")) == 1, "the page view to be counted")
        assert tally()[("ru", "session", "")] == 1 and tally()[("ru", "topic", "work-abroad")] == 1
        _wait_until((state_dir / "page-alive").exists, "the page to poll its server")

        # The heartbeat client writes this when central's answer carries a reload command.
        with local.app_context():
            write_json(state_dir / TERMINAL_FILE, {"reload": 1})
        page.wait_for_function("() => window.kioskTestMarker === undefined", timeout=30_000)
        assert page.url == server.url + "/ru/topics/work-abroad"
        page.wait_for_timeout(1500)
        assert tally()[("ru", "page", "/topics/work-abroad")] == 1  # a reload is not a traveller's visit

        page.evaluate("document.dispatchEvent(new CustomEvent('kiosk:idle-reset'))")
        _wait_until(lambda: tally().get(("ru", "idle_reset", "")) == 1, "the idle reset to be counted")
        page.evaluate("setTimeout(() => { throw new Error('boom from the test'); })")

        def error_stored():
            with local.app_context():
                message = db.session.scalar(select(BrowserError.message))
                db.session.remove()
                return message

        assert "boom from the test" in _wait_until(error_stored, "the browser error to be stored")
    finally:
        context.close()
        server.stop()
        with local.app_context():
            db.engine.dispose()
        databases.drop(url)
