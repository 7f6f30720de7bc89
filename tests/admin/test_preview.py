"""The kiosk preview behind every editor: for each content type, what is typed (not saved) appears on
the kiosk page that shows it, rendered by the kiosk itself, in the language asked for; nothing is
saved and the kiosk's own pages are untouched."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from core.editing import ITEM_TYPES
from core.extensions import db
from core.models import Department, Hotline, Office, Release, Topic
from tests.admin.conftest import edit_url, read_form

# Content type → (model, the Russian field typed, the kiosk page expected to show it).
CASES = {
    "topic": (Topic, "title_ru", "/ru/topics/"),
    "article": (None, "title_ru", "/ru/topics/"),
    "hotline": (Hotline, "label_ru", "/ru/hotlines"),
    "office": (Office, "address_ru", "/ru/office"),
    "department": (Department, "name_ru", "/ru/office"),
}


def _first(kind: str):
    model = ITEM_TYPES[kind].model
    return db.session.scalars(select(model).order_by(model.id)).first()


def _preview(c, url: str, form: dict, **choices):
    return c.client.post(url, data={**form, **choices}, headers={"X-CSRFToken": c.csrf()})


@pytest.mark.parametrize("kind", sorted(CASES))
def test_typed_text_shows_on_its_kiosk_page_and_nothing_is_saved(app, as_role, kind):
    editor = as_role("editor")
    item = _first(kind)
    _model, field, _page = CASES[kind]
    typed = f"Предпросмотр: {kind} «пока не сохранён»"
    form = read_form(editor.get(edit_url(item)).get_data(as_text=True))
    releases = db.session.scalar(select(db.func.count(Release.id)))
    kiosk_before = app.test_client().get("/ru/office").get_data()
    response = _preview(editor, f"{edit_url(item)}/preview", {**form, field: typed})
    assert response.status_code == 200 and response.headers["X-Preview-Status"] == "200"
    html = unescape(response.get_data(as_text=True))
    assert typed in html
    assert '<html lang="ru"' in html
    # Nothing saved, nothing published, the kiosk unchanged.
    db.session.expire_all()
    assert read_form(editor.get(edit_url(item)).get_data(as_text=True))[field] != typed
    assert db.session.scalar(select(db.func.count(Release.id))) == releases
    assert app.test_client().get("/ru/office").get_data() == kiosk_before


def test_each_page_type_and_language_is_rendered_by_the_kiosk(app, as_role):
    editor = as_role("editor")
    item = _first("article")
    url = f"{edit_url(item)}/preview"
    form = read_form(editor.get(edit_url(item)).get_data(as_text=True))
    marks = {
        "index": 'class="attract-langs"',
        "home": 'class="tiles',
        "topic": item.text("ky", "title"),
        "article": item.text("ky", "body").split("\n")[0][:20],
        "hotlines": "0312 300423",
        "office": 'class="week"',
    }
    for page, mark in marks.items():
        html = unescape(_preview(editor, url, form, preview_page=page, preview_lang="ky").get_data(as_text=True))
        assert mark in html, page
        if page != "index":
            assert '<html lang="ky"' in html, page


def test_a_new_topic_is_previewed_before_it_exists(app, as_role):
    editor = as_role("editor")
    form = read_form(editor.get("/admin/content/topic/new").get_data(as_text=True))
    form.update({"slug": "new-topic", "title_ru": "Новая тема для проверки", "title_en": "A new topic"})
    home = _preview(editor, "/admin/content/topic/new/preview", form, preview_page="home", preview_lang="ru")
    assert "Новая тема для проверки" in unescape(home.get_data(as_text=True))
    own = _preview(editor, "/admin/content/topic/new/preview", form, preview_lang="en")
    assert "A new topic" in unescape(own.get_data(as_text=True))
    assert db.session.scalar(select(Topic).where(Topic.slug == "new-topic")) is None
