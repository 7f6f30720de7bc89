"""The publish page on a 1366×768 laptop: the rendered before/after of a changed paragraph side by side,
the terminals that will receive it, no axe violations; and "Save and publish" from an editor."""

from __future__ import annotations

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from core.editing import publish_drafts, save_item, serialize
from core.extensions import db
from core.models import Article, Terminal
from tests.admin.conftest import make_user
from tests.browser.conftest import artifact, kiosk_title, staff_log_in, staff_page
from tests.conftest import make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOP = {"width": 1366, "height": 768}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
BEFORE = "Возьмите паспорт и копии."
AFTER = "Возьмите паспорт, копии и две фотографии."


def _save_russian_body(article: Article, body: str, checked: tuple[str, ...] = ()) -> None:
    texts = {"ru": {**serialize(article)["texts"]["ru"], "body": body}}
    save_item(article, {"texts": texts}, expected_version=article.version_id, author="setup", checked=checked)


@pytest.fixture
def staff_site(databases, serve, tmp_path):
    """A central server where an article's Russian paragraph was published, then changed in a draft."""
    url = databases.copy("seeded")
    app = make_app(url, tmp_path / "setup.stamp")
    with app.app_context():
        make_user("perizat", "publisher", language="ru")
        make_user("aigul", "publisher", language="en")
        db.session.add(Terminal(slug="lobby-1", name="Lobby", kind="office_lobby", token_hash="c" * 64))
        db.session.add(Terminal(slug="lobby-2", name="Lobby 2", kind="office_lobby", token_hash="d" * 64))
        db.session.commit()
        article = db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort)).first()
        _save_russian_body(article, f"## Документы\n\n{BEFORE}\n\n- Фото 3×4", checked=("ky", "en"))
        publish_drafts("setup", "base")
        _save_russian_body(article, f"## Документы\n\n{AFTER}\n\n- Фото 3×4")
        info = {"id": article.id, "path": f"/ru/topics/{article.topic.slug}/{article.slug}"}
        db.session.remove()
        db.engine.dispose()
    server = serve(db=url)
    yield server, info
    databases.drop(url)


def test_publish_page_shows_the_changed_paragraph_before_and_after(browser, staff_site):
    server, article = staff_site
    context, page, problems = staff_page(browser, LAPTOP)
    staff_log_in(page, server.url, "perizat")
    page.goto(server.url + "/admin/publish")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".terminals")).to_have_text("2 терминала получат его при следующей синхронизации.")

    pair = page.locator('.diff-pair[data-lang="ru"]')
    before = pair.locator(".diff-before .blk")
    after = pair.locator(".diff-after .blk")
    # Rendered text, as the kiosk shows it; the unchanged heading and list item are not repeated.
    expect(before).to_have_text([BEFORE])
    expect(after).to_have_text([AFTER])
    expect(after.locator("ins", has_text="две фотографии")).to_have_count(1)  # the new words are marked
    pair.scroll_into_view_if_needed()
    left, right = before.bounding_box(), after.bounding_box()
    assert left["x"] + left["width"] <= right["x"], "before and after are side by side"
    assert abs(left["y"] - right["y"]) < 2, "the same paragraph starts on the same line"
    assert right["x"] + right["width"] <= LAPTOP["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= LAPTOP["width"], "no sideways scrolling"
    expect(page.locator('[data-gate="stale"]')).to_be_visible()  # ky and en still say the old thing
    page.screenshot(path=str(artifact("admin-publish-diff-1366.png")), full_page=True)

    violations = []
    # The publish page, and the pages where the stale state and its "still says the same" buttons show.
    for path in ("/admin/publish", "/admin/translations?gaps=1", "/admin/", f"/admin/content/article/{article['id']}"):
        page.goto(server.url + path)
        results = Axe().run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10, "axe did not really check the page"
        violations += [(path, v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    expect(page.get_by_role("button", name="Кыргызский: текст по-прежнему верен")).to_be_visible()
    assert violations == []
    assert problems == []
    context.close()


def test_save_and_publish_keeps_the_edit_through_the_reason_gate(browser, staff_site):
    server, article = staff_site
    context, page, problems = staff_page(browser, LAPTOP)
    staff_log_in(page, server.url, "aigul")
    page.goto(f"{server.url}/admin/content/article/{article['id']}")
    page.locator("#title_ru").fill("Документы для поездки")
    page.get_by_role("button", name="Save and publish").click()

    # Kyrgyz and English are now behind: the publisher lands on the publish page, the edit saved.
    expect(page.locator(".flash").first).to_contain_text("Your edit is saved as a draft.")
    assert "/admin/publish" in page.url
    expect(page.locator(".changes")).to_contain_text("Документы для поездки")
    page.get_by_label("Publish anyway, because:").fill("The translators update ky and en tomorrow")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator(".flash-success")).to_contain_text("is published")
    assert kiosk_title(browser, server.url + article["path"]) == "Документы для поездки"
    assert problems == []
    context.close()


def test_a_preview_due_when_the_form_is_sent_is_dropped(browser, staff_site):
    """Typing, then "Save" before the preview's pause is over: no preview leaves after the save. One
    answered after the save would put back the session cookie from before it, and its message with it."""
    server, article = staff_site
    context, page, problems = staff_page(browser, LAPTOP)
    staff_log_in(page, server.url, "aigul")
    editor = f"{server.url}/admin/content/article/{article['id']}"
    page.goto(editor)
    sent = []
    page.on("request", lambda request: sent.append((request.method, request.url)))

    def slow_save(route):
        if route.request.method == "POST":
            time.sleep(1.5)  # the save is slow to answer; the preview's half-second pause runs out meanwhile
        route.continue_()

    page.route(editor, slow_save)
    page.locator("#title_ru").fill("Документы для поездки")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".flash").first).to_contain_text("Draft saved.")
    save = sent.index(("POST", editor))
    assert [url for method, url in sent[save:] if url.endswith("/preview")] == []
    assert problems == []
    context.close()
