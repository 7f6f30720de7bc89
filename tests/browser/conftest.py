"""Browser fixtures: Debian's Chromium driven by Playwright for Python, against real gunicorn servers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.conftest import DatabaseFactory, Server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # As the terminals start it (deploy/kiosk-browser.sh): a page may speak on arrival, without a tap.
    "--autoplay-policy=no-user-gesture-required",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session (a missing browser is an error, never a skip)."""
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def module_server(databases: DatabaseFactory, tmp_path_factory, **env: str) -> Iterator[Server]:
    """A gunicorn kiosk on a fresh seeded database with extra settings; stopped and dropped after."""
    workdir = tmp_path_factory.mktemp("kiosk-server")
    url = databases.copy("seeded")
    base = {
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-not-for-production",
        "RELEASE_STAMP_PATH": str(workdir / "stamp"),
        "SPEECH_CACHE_DIR": str(workdir / "speech"),
    }
    server = Server({**base, **env}, workdir).start()
    yield server
    server.stop()
    databases.drop(url)


@pytest.fixture(scope="module")
def kiosk_server(databases: DatabaseFactory, tmp_path_factory) -> Iterator[Server]:
    """A gunicorn kiosk on a fresh seeded database, shared by the tests of one module."""
    yield from module_server(databases, tmp_path_factory)


@pytest.fixture
def touch_page(browser):
    """A portrait touch-screen page (1080x1920), like the kiosk terminals."""
    context = browser.new_context(viewport=PORTRAIT, has_touch=True, is_mobile=False)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def staff_page(browser, viewport: dict, *, javascript: bool = True):
    """A staff member's browser page: (context, page, problems), where problems collects JavaScript
    errors and Content Security Policy violations for the test to assert empty."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    return context, page, problems


def staff_log_in(page, base: str, username: str) -> None:
    """Log in through the form as it stands (in Russian until the user's own language applies)."""
    from tests.admin.conftest import PASSWORD

    page.goto(base + "/admin/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("nav.side")).to_be_visible()
    assert "/admin/login" not in page.url


def artifact(name: str) -> Path:
    """Path for a screenshot people can look at (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def kiosk_title(browser, url: str) -> str:
    """The article title a traveller sees right now."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    title = page.get_by_role("heading", level=1).inner_text()
    context.close()
    return title
