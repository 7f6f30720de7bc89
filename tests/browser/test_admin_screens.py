"""Staff screens on the laptops staff use (1366×768 and 1440×900), in Russian: the side menu shows
where one is, the fleet page never paints a lagging terminal green, the token is copied with a visible
confirmation (and selected for Ctrl+C where copying is refused), and axe finds no WCAG 2.2 AA violation
on the admin pages this issue changed."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from core import audit
from core.editing import rollback_to, save_item, serialize
from core.extensions import db
from core.fleet.monitor import latest_release_head, record_heartbeat
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import Article
from core.models.base import utcnow
from tests.admin.conftest import FAST_ARGON2, PASSWORD, make_user
from tests.conftest import Server, make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOPS = [{"width": 1366, "height": 768}, {"width": 1440, "height": 900}]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# The admin pages issue 13 changed (items 5-8), each with what must be on it.
CHANGED_PAGES = [
    "/admin/",
    "/admin/fleet/",
    "/admin/fleet/naryn-border",
    "/admin/settings",
    "/admin/releases",
    "/admin/audit",
    "/admin/content/topic/",
    "/admin/content/article/",
    "/admin/translations",
    "/admin/hours/",
    "/admin/hours/osm",
]
AMBER = "rgb(255, 244, 214)"  # --warn-bg in admin.css
GREEN = "rgb(227, 243, 232)"  # --ok-bg


@pytest.fixture(scope="module")
def central(databases, tmp_path_factory) -> Iterator[Server]:
    """A gunicorn central: an admin who reads Russian, three releases, a terminal two releases behind,
    one up to date and one that never connected."""
    workdir = tmp_path_factory.mktemp("admin-screens")
    url = databases.copy("seeded")
    app = make_app(url, workdir / "setup.stamp", **FAST_ARGON2)
    with app.app_context():
        make_user("aibek", "admin", language="ru")
        rollback_to(1, "aibek")
        rollback_to(1, "aibek")
        number, digest = latest_release_head()
        now = utcnow()
        lagging, _ = register_terminal("naryn-border", TerminalSettings("Нарын, чек ара", "border_post"))
        record_heartbeat(lagging, {"release_number": number - 2, "release_hash": "0" * 64}, now - timedelta(minutes=1))
        current, _ = register_terminal("bishkek-station", TerminalSettings("Бишкек, вокзал", "railway_station"))
        record_heartbeat(current, {"release_number": number, "release_hash": digest}, now - timedelta(minutes=1))
        register_terminal("manas-airport", TerminalSettings("Манас, аэропорт", "airport"))
        audit.record(audit.SETTINGS_CHANGE, "aibek", {"key": "IDLE_TIMEOUT_SECONDS", "old": 90, "new": 60})
        article = db.session.scalars(select(Article).order_by(Article.id)).first()
        data = serialize(article)
        data["texts"]["ru"]["title"] = "Паспорт: что проверить до поездки"
        save_item(article, data, expected_version=article.version_id, author="aibek", comment="уточнение")
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    env = {"DATABASE_URL": url, "SECRET_KEY": "test-secret-not-for-production",
           "RELEASE_STAMP_PATH": str(workdir / "stamp"), "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024",
           "ARGON2_PARALLELISM": "1"}  # fmt: skip
    server = Server(env, workdir).start()
    yield server
    server.stop()
    databases.drop(url)


def staff_page(browser, viewport, **options):
    """A laptop-sized page that records JavaScript errors and CSP violations."""
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)
    return context, page, problems


def log_in(page, base: str) -> None:
    """Log in as the Russian-speaking admin through the form."""
    page.goto(base + "/admin/login")
    page.locator("#username").fill("aibek")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Обзор")


@pytest.fixture(scope="module")
def signed_in(browser, central) -> dict:
    """The admin's signed-in browser state, logged in once through the form (logging in before every
    test would meet the login throttle)."""
    context = browser.new_context(viewport=LAPTOPS[0])
    page = context.new_page()
    log_in(page, central.url)
    state = context.storage_state()
    context.close()
    return state


def _background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


@pytest.mark.parametrize("viewport", LAPTOPS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_side_menu_shows_where_one_is(browser, central, signed_in, viewport):
    context, page, problems = staff_page(browser, viewport, storage_state=signed_in)
    menu = page.get_by_role("navigation", name="Разделы управления")
    for url, label in (("/admin/content/article/", "Статьи"), ("/admin/fleet/naryn-border", "Терминалы")):
        page.goto(central.url + url)
        current = menu.locator("a[aria-current]")
        expect(current).to_have_count(1)
        expect(current).to_have_text(label)
        other = menu.locator("a:not([aria-current])").first
        # Seen, not only announced: bold, on a tinted background, with a bar on the left.
        assert current.evaluate("el => getComputedStyle(el).fontWeight") == "700"
        assert _background(current) != _background(other)
        assert current.evaluate("el => parseFloat(getComputedStyle(el).borderLeftWidth)") >= 4
        box = current.bounding_box()
        assert box and box["y"] + box["height"] <= viewport["height"], "the marked entry is below the first screen"
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("viewport", LAPTOPS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_fleet_page_paints_lagging_and_silent_terminals_amber(browser, central, signed_in, viewport):
    context, page, problems = staff_page(browser, viewport, storage_state=signed_in)
    page.goto(central.url + "/admin/fleet/")
    attention = page.locator("section.fleet-attention")
    lagging = attention.locator('tr[data-terminal="naryn-border"]')
    expect(lagging).to_be_visible()
    state = lagging.locator("td").first.locator(".badge").first
    expect(state).to_have_text("отстаёт на 2 выпуска")
    assert _background(state) == AMBER
    for badge in lagging.locator(".badge").all():
        assert _background(badge) != GREEN, badge.inner_text()
    never = attention.locator('tr[data-terminal="manas-airport"]')
    expect(never.locator(".badge").first).to_have_text("ни разу не выходил на связь")
    assert _background(never.locator(".badge").first) == AMBER
    healthy = page.locator('tr[data-terminal="bishkek-station"] .badge').first
    assert _background(healthy) == GREEN  # green still means something: the terminal that is fine
    expect(page.locator("svg[role=img]")).to_have_count(0)
    expect(page.locator(".no-usage")).to_be_visible()
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("clipboard", ["clipboard-api", "copy-command-fallback"])
def test_token_is_copied_with_a_visible_confirmation(browser, central, signed_in, clipboard):
    options = {"permissions": ["clipboard-read", "clipboard-write"]} if clipboard == "clipboard-api" else {}
    context, page, problems = staff_page(browser, LAPTOPS[0], **options, storage_state=signed_in)
    if clipboard != "clipboard-api":  # as on central reached over plain HTTP: no Clipboard API
        context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    slug = f"talas-{clipboard}"
    page.goto(central.url + "/admin/fleet/new")
    page.locator("#slug").fill(slug)
    page.locator("#name").fill("Талас")
    page.locator("#kind").select_option("office_lobby")
    page.locator("form.narrow button[type=submit]").click()
    token = page.locator("#terminal-token").inner_text().strip()
    assert re.fullmatch(r"[A-Za-z0-9_\-]{32,}", token), token
    button = page.get_by_role("button", name="Скопировать токен")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#copy-status")).to_have_text("Скопировано. Вставьте его в настройки терминала.")
    assert page.evaluate("() => window.getSelection().toString().trim()") == token
    if clipboard == "clipboard-api":
        assert page.evaluate("() => navigator.clipboard.readText()") == token
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("viewport", LAPTOPS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_no_axe_violations_on_the_changed_admin_pages(browser, central, signed_in, viewport):
    context, page, problems = staff_page(browser, viewport, storage_state=signed_in)
    axe = Axe()
    failures = []
    for path in CHANGED_PAGES:
        response = page.goto(central.url + path)
        assert response and response.status == 200, path
        results = axe.run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10, f"axe did not really check {path}"
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert not failures, "\n".join(failures)
    assert not problems, problems


def _table_rows(page) -> list[list[str]]:
    """The audit table's cells as shown (the diff link left out of the details)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("table.audit tbody tr[data-event]")].map(tr =>
            [...tr.querySelectorAll("td")].map(td => {
                const copy = td.cloneNode(true);
                copy.querySelectorAll("a.diff-link").forEach(a => a.remove());
                return copy.textContent.replace(/\\s+/g, " ").trim();
            }))"""
    )


def test_audit_row_links_to_its_item_and_diff_and_the_csv_matches(browser, central, signed_in, tmp_path):
    context, page, problems = staff_page(browser, LAPTOPS[0], accept_downloads=True, storage_state=signed_in)
    page.goto(central.url + "/admin/audit")
    row = page.locator('tr[data-event="item.save"]').first
    expect(row.locator("td.what")).to_have_text("Сохранил черновик")
    expect(row.locator("td.who")).to_have_text("aibek")
    row.locator("td.item a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Паспорт: что проверить до поездки")
    page.go_back()
    page.locator('tr[data-event="item.save"]').first.get_by_role("link", name="Посмотреть изменение").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text("Изменения от редакции 1 к редакции 2")
    expect(page.locator("table.diff")).to_contain_text("Паспорт: что проверить до поездки")

    page.goto(central.url + "/admin/audit?actor=aibek")
    shown = _table_rows(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать эти строки в CSV").click()
    path = tmp_path / "audit.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == ["Когда", "Кто", "Что сделано", "Запись", "Подробности"]
    assert [[" ".join(cell.split()) for cell in r] for r in rows] == shown
    assert len(shown) >= 3
    context.close()
    assert not problems, problems


@pytest.mark.parametrize("viewport", LAPTOPS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_a_closure_picked_in_the_calendar_is_marked_in_the_preview(browser, central, signed_in, viewport):
    context, page, problems = staff_page(browser, viewport, storage_state=signed_in)
    page.goto(central.url + "/admin/hours/")
    first = page.locator("#exceptions-0-date")
    assert first.get_attribute("type") == "date"
    assert page.locator("#exceptions-0-date_to").get_attribute("type") == "date"
    # A weekday within the preview's 30 days (the server answers for today's date in Bishkek).
    today = date.fromisoformat(page.locator("tr[data-date]").first.get_attribute("data-date"))
    day = today + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    first.fill(day.isoformat())
    page.locator("#exceptions-0-kind").select_option("closed")
    page.locator("#exceptions-0-reason_ru").fill("Учёба сотрудников")
    page.get_by_role("button", name="Предпросмотр").first.click()
    marked = page.locator('tr[data-changed="1"]')
    expect(marked).to_have_count(1)
    assert marked.get_attribute("data-date") == day.isoformat()
    expect(marked.locator("th .badge")).to_have_text("меняется")
    expect(marked).to_contain_text("сейчас на киосках: 09:10–17:50")
    # The preview is a new page: its rows are there before its stylesheet is (seen under load), so
    # wait for the colour as a person would see it once the page is drawn.
    expect(marked.locator("td").first).to_have_css("background-color", AMBER)
    expect(page.locator("#changed-days-note")).to_contain_text("1 день отличается")
    assert page.locator("#exceptions-0-date").input_value() == day.isoformat()  # the form keeps its place
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not problems, problems
