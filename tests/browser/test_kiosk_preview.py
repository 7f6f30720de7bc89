"""The kiosk preview beside the editors, on the laptops staff use (1366×768 and 1440×900): every page
type, in the chosen language and orientation, shows the draft text at kiosk size and fills its frame;
it works before anything is published; after publishing, the kiosk shows exactly what the preview
showed; the language tabs keep unsaved text with and without JavaScript; the hours editor previews
the office page with the typed hours."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from core.extensions import db
from core.models import Article, Office, Release
from tests.admin.conftest import make_user
from tests.browser.conftest import staff_log_in, staff_page
from tests.conftest import make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOPS = [{"width": 1366, "height": 768}, {"width": 1440, "height": 900}]
NEW_TITLE = "Проверьте паспорт до поездки"
NEW_KY_TITLE = "Жолго чейин паспортту текшериңиз"


def _site(databases, serve, tmp_path, *, published: bool):
    url = databases.copy("seeded")
    app = make_app(url, tmp_path / "setup.stamp")
    with app.app_context():
        make_user("erkin", "editor", language="ru")
        make_user("perizat", "publisher", language="ru")
        if not published:
            db.session.execute(delete(Release))
        db.session.commit()
        article = db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort)).first()
        office = db.session.scalars(select(Office)).first()
        info = {
            "id": article.id,
            "path": f"/ru/topics/{article.topic.slug}/{article.slug}",
            "topic_ru": article.topic.text("ru", "title"),
            "title_ky": article.text("ky", "title"),
            "office_ru": office.text("ru", "name"),
        }
        db.session.remove()
        db.engine.dispose()
    return url, serve(db=url), info


@pytest.fixture
def unpublished_site(databases, serve, tmp_path):
    """Starter content saved as drafts, nothing published yet: kiosks have nothing to show."""
    url, server, info = _site(databases, serve, tmp_path, published=False)
    yield server, info
    databases.drop(url)


@pytest.fixture
def site(databases, serve, tmp_path):
    """The starter content published as release 1."""
    url, server, info = _site(databases, serve, tmp_path, published=True)
    yield server, info
    databases.drop(url)


def visible_share(page) -> float:
    """The part of the scaled kiosk screen staff can see (inside the frame and the window), as a share of
    the frame's area and of the whole kiosk screen, whichever is smaller: a clipped kiosk fails as
    surely as a frame left half empty."""
    return page.evaluate(
        """() => {
          const frame = document.querySelector('.kp-frame').getBoundingClientRect();
          const screen = document.querySelector('.kp-screen').getBoundingClientRect();
          const left = Math.max(frame.left, screen.left, 0), top = Math.max(frame.top, screen.top, 0);
          const right = Math.min(frame.right, screen.right, window.innerWidth);
          const bottom = Math.min(frame.bottom, screen.bottom, window.innerHeight);
          const seen = Math.max(0, right - left) * Math.max(0, bottom - top);
          return Math.min(seen / (frame.width * frame.height), seen / (screen.width * screen.height));
        }"""
    )


def kiosk_viewport(page) -> list[int]:
    return page.locator(".kp-screen").evaluate("f => [f.contentWindow.innerWidth, f.contentWindow.innerHeight]")


def show(page, *, page_type: str | None = None, lang: str | None = None, orientation: str | None = None):
    """Choose in the preview's pickers (each choice refreshes the preview)."""
    if page_type:
        page.locator('select[name="preview_page"]').select_option(page_type)
    if lang:
        page.locator('select[name="preview_lang"]').select_option(lang)
    if orientation:
        page.locator('select[name="preview_orientation"]').select_option(orientation)


@pytest.mark.parametrize("viewport", LAPTOPS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_every_page_type_previews_the_draft_at_kiosk_size_before_anything_is_published(
    browser, unpublished_site, viewport
):
    server, info = unpublished_site
    context, page, problems = staff_page(browser, viewport)
    assert page.request.get(server.url + "/ru/").status == 503  # the kiosk has nothing to show yet
    staff_log_in(page, server.url, "erkin")
    page.goto(f"{server.url}/admin/content/article/{info['id']}")
    preview = page.frame_locator(".kp-screen")
    # Shown at once, from the drafts, before anyone types.
    expect(preview.locator("h1")).not_to_have_text("")
    page.locator("#title_ru").fill(NEW_TITLE)
    expect(preview.locator("h1")).to_have_text(NEW_TITLE)  # live, while typing
    assert kiosk_viewport(page) == [1080, 1920]
    assert visible_share(page) >= 0.8
    assert page.locator("#title_ru").bounding_box()["y"] < viewport["height"]  # a text field on the first screen

    expected = {
        "index": ("ru", lambda: expect(preview.locator(".attract-langs a")).to_have_count(3)),
        "home": ("ru", lambda: expect(preview.locator("main")).to_contain_text(info["topic_ru"])),
        "topic": ("ru", lambda: expect(preview.locator("main")).to_contain_text(NEW_TITLE)),  # the typed title, listed
        "article": ("ru", lambda: expect(preview.locator("h1")).to_have_text(NEW_TITLE)),
        "hotlines": ("ru", lambda: expect(preview.locator("main")).to_contain_text("0312 300423")),
        "office": ("ru", lambda: expect(preview.locator("main")).to_contain_text(info["office_ru"])),
    }
    for page_type, (lang, check) in expected.items():
        show(page, page_type=page_type)
        check()
        if page_type != "index":
            expect(preview.locator("html")).to_have_attribute("lang", lang)
        assert visible_share(page) >= 0.8, page_type

    # Another language and the other orientation.
    show(page, page_type="article", lang="ky", orientation="landscape")
    expect(preview.locator("html")).to_have_attribute("lang", "ky")
    expect(preview.locator("h1")).to_have_text(info["title_ky"])
    assert kiosk_viewport(page) == [1920, 1080]
    assert visible_share(page) >= 0.8
    # Full screen on demand, and back.
    page.get_by_role("button", name="На весь экран").click()
    full = page.locator(".kp-frame").bounding_box()
    assert full["width"] > viewport["width"] * 0.6
    page.keyboard.press("Escape")
    expect(page.locator(".kiosk-preview")).not_to_have_class("kiosk-preview kp-fullscreen")
    # Nothing was saved by any of this.
    assert page.request.get(server.url + "/ru/").status == 503
    assert problems == []
    context.close()


def test_the_kiosk_shows_what_the_preview_showed_once_published(browser, site):
    server, info = site
    context, page, problems = staff_page(browser, LAPTOPS[0])
    staff_log_in(page, server.url, "perizat")
    page.goto(f"{server.url}/admin/content/article/{info['id']}")
    page.locator("#title_ru").fill(NEW_TITLE)
    page.locator("#body_ru").fill("## Что взять\n\n- **Паспорт**, действующий ещё полгода\n- Копии документов")
    preview = page.frame_locator(".kp-screen")
    expect(preview.locator(".prose")).to_contain_text("действующий ещё полгода")
    expect(preview.locator(".prose strong")).to_have_text("Паспорт")
    previewed = preview.locator("main").inner_text()
    page.get_by_role("button", name="Сохранить и опубликовать").click()
    # Kyrgyz and English now need an update: publishing asks for a reason first.
    page.get_by_label("Всё равно опубликовать, потому что:").fill("Переводы будут завтра")
    page.get_by_role("button", name="Опубликовать сейчас").click()
    expect(page.locator(".flash-success")).to_be_visible()
    kiosk = context.new_page()
    kiosk.set_viewport_size({"width": 1080, "height": 1920})
    kiosk.goto(server.url + info["path"])
    assert kiosk.locator("main").inner_text() == previewed
    assert problems == []
    context.close()


def test_language_tabs_keep_unsaved_text_with_and_without_javascript(browser, site):
    server, info = site
    for javascript in (True, False):
        ru_title, ky_title = f"{NEW_TITLE} ({javascript})", f"{NEW_KY_TITLE} ({javascript})"
        context, page, problems = staff_page(browser, LAPTOPS[0], javascript=javascript)
        staff_log_in(page, server.url, "erkin")
        page.goto(f"{server.url}/admin/content/article/{info['id']}")
        expect(page.locator("#pane-ru")).to_be_visible()
        expect(page.locator("#pane-ky")).to_be_hidden()
        page.locator("#title_ru").fill(ru_title)
        page.get_by_role("tab", name="Кыргызча").click()
        expect(page.locator("#pane-ky")).to_be_visible()
        expect(page.locator("#pane-ru")).to_be_hidden()
        # The Russian source, as typed, stands read-only above the Kyrgyz field.
        expect(page.locator('#pane-ky [data-source-of="title_ru"]')).to_have_text(ru_title)
        page.locator("#title_ky").fill(ky_title)
        page.get_by_role("tab", name="Русский").click()
        expect(page.locator("#title_ru")).to_have_value(ru_title)
        expect(page.locator("#title_ky")).to_have_value(ky_title)
        page.get_by_role("button", name="Сохранить черновик").click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("#title_ru")).to_have_value(ru_title)
        expect(page.locator("#title_ky")).to_have_value(ky_title)
        assert problems == []
        context.close()


def test_hours_editor_previews_the_office_page_with_the_typed_hours(browser, site):
    server, _info = site
    context, page, problems = staff_page(browser, LAPTOPS[1])
    staff_log_in(page, server.url, "perizat")
    page.goto(server.url + "/admin/hours/osm")
    preview = page.frame_locator(".kp-screen")
    expect(preview.locator("table.week")).to_contain_text("17:50")  # the saved hours to begin with
    page.locator("textarea[name=osm]").fill("Mo-Fr 10:00-12:30; PH off")
    expect(preview.locator("table.week")).to_contain_text("12:30")
    expect(preview.locator("table.week")).not_to_contain_text("17:50")
    assert visible_share(page) >= 0.8
    # Nothing was saved: the kiosk still says 17:50.
    assert "17:50" in page.request.get(server.url + "/ru/office").text()
    assert problems == []
    context.close()
