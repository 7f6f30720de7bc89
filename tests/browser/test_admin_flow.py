"""Content staff in Chromium: an editor changes, previews and saves a Russian text; a publisher
publishes it; a rollback brings the old text back. The kiosk is checked at every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.models import Article
from tests.admin.conftest import PASSWORD, make_user
from tests.browser.conftest import artifact, kiosk_title, staff_page
from tests.conftest import make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DESKTOP = {"width": 1600, "height": 1100}


@pytest.fixture
def staff_site(databases, serve, tmp_path):
    """A real gunicorn central server on a seeded database with an editor and a publisher."""
    url = databases.copy("seeded")
    app = make_app(url, tmp_path / "setup.stamp")
    with app.app_context():
        make_user("erkin", "editor", language="en")
        make_user("perizat", "publisher", language="en")
        article = db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort)).first()
        info = {"id": article.id, "path": f"/ru/topics/{article.topic.slug}/{article.slug}",
                "title": article.text("ru", "title")}  # fmt: skip
        db.session.remove()
        db.engine.dispose()
    server = serve(db=url)
    yield server, info
    databases.drop(url)


def log_in(page, base: str, username: str) -> None:
    """Choose English on the login page (Russian is the default), then log in through the form."""
    page.goto(base + "/admin/login")
    page.locator("#admin-language").select_option("en")
    page.locator(".lang-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")


def test_edit_preview_save_publish_and_roll_back(browser, staff_site):
    server, article = staff_site
    kiosk_url = server.url + article["path"]
    new_title = "Проверьте паспорт до поездки"
    new_body = "## Что взять\n\n- **Паспорт**, действующий ещё полгода\n- Копии документов"

    # The editor changes the Russian text and previews it in the real kiosk template.
    context, page, problems = staff_page(browser, DESKTOP)
    log_in(page, server.url, "erkin")
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name="Articles").click()
    page.locator(f'a[href="/admin/content/article/{article["id"]}"]').first.click()
    page.locator("#title_ru").fill(new_title)
    page.locator("#body_ru").fill(new_body)
    preview = page.frame_locator(".kp-screen")
    expect(preview.get_by_role("heading", level=1)).to_have_text(new_title)  # live, while typing
    expect(preview.locator(".prose strong")).to_have_text("Паспорт")
    expect(preview.locator("html")).to_have_attribute("lang", "ru")
    page.get_by_role("button", name="Show preview").click()  # the same page, without reloading the editor
    expect(preview.get_by_role("heading", level=1)).to_have_text(new_title)
    expect(page.locator("#title_ru")).to_have_value(new_title)  # nothing typed was lost
    page.screenshot(path=str(artifact("admin-editor-preview.png")), full_page=True)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".flash-success")).to_contain_text("Draft saved")
    assert kiosk_title(browser, kiosk_url) == article["title"]  # kiosks keep the published text
    assert problems == []
    context.close()

    # A publisher reviews what will change and publishes.
    context, page, problems = staff_page(browser, DESKTOP)
    log_in(page, server.url, "perizat")
    page.get_by_role("navigation", name="Admin sections").get_by_role("link", name="Publish").click()
    expect(page.locator(".changes")).to_contain_text(new_title)
    page.get_by_label("Comment for the release").fill("Passport advice reworded")
    # Only Russian changed: Kyrgyz and English need an update, so publishing now needs a reason.
    page.get_by_label("Publish anyway, because:").fill("Translations follow tomorrow")
    page.screenshot(path=str(artifact("admin-publish.png")), full_page=True)
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".flash-success")).to_contain_text("is published")
    assert kiosk_title(browser, kiosk_url) == new_title

    # One action rolls back to the release before.
    rows = page.locator("table tbody tr")
    previous = rows.nth(1).locator("th").inner_text().split()[0]
    page.once("dialog", lambda dialog: dialog.accept())
    rows.nth(1).get_by_role("button").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Release {previous} is shown again")
    assert kiosk_title(browser, kiosk_url) == article["title"]
    assert problems == []
    context.close()


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def test_admin_pages_have_no_axe_violations(browser, staff_site):
    from axe_playwright_python.sync_playwright import Axe

    server, article = staff_site
    context, page, problems = staff_page(browser, DESKTOP)
    page.goto(server.url + "/admin/login")
    failures = []
    axe = Axe()
    paths = [
        "/admin/login", "LOGIN", "/admin/", "/admin/content/article/", f"/admin/content/article/{article['id']}",
        f"/admin/content/article/{article['id']}/history", "/admin/content/hotline/", "/admin/translations",
        "/admin/publish", "/admin/releases", "/admin/password",
    ]  # fmt: skip
    for path in paths:
        if path == "LOGIN":
            log_in(page, server.url, "perizat")
            continue
        page.goto(server.url + path)
        results = axe.run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10, "axe did not really check the page"
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert failures == []
    assert problems == []
