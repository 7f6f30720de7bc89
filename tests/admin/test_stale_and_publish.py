"""Stale translations, the publish page's rendered before/after, and "Save and publish" on the editors."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from sqlalchemy import func, select

from core.editing import language_status
from core.extensions import db
from core.models import Article, AuditEvent, Hotline, Release, Terminal
from tests.admin.conftest import edit_url, field_errors, read_form, save


def first_article() -> Article:
    """The first seeded article."""
    return db.session.scalars(select(Article).order_by(Article.id)).first()


def release_number() -> int:
    """The newest release's number."""
    return db.session.scalar(select(func.max(Release.number)))


def events(name: str) -> list[AuditEvent]:
    """Audit events of one kind, oldest first."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


def confirm(c, article: Article, lang: str, back: str = ""):
    """Press "the text still says the same" for one language."""
    db.session.expire_all()
    data = {"version": str(article.version_id), **({"back": back} if back else {})}
    return c.post(f"/admin/content/article/{article.id}/confirm/{lang}", data)


def test_editing_russian_marks_the_others_stale_until_confirmed(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    number = release_number()
    assert save(editor, article, body_ru="Правило изменилось с 1 марта.").status_code == 302
    db.session.expire_all()
    assert language_status(article) == {"ky": "stale", "ru": "ok", "en": "stale"}
    assert events("item.save")[-1].detail["now_stale"] == ["ky", "en"]
    title = article.text("ru", "title")

    grid = editor.get("/admin/translations?gaps=1").get_data(as_text=True)
    assert grid.count('class="state-stale"') == 2 and f"/admin/content/article/{article.id}/confirm/ky" in grid
    dashboard = editor.get("/admin/").get_data(as_text=True)
    block = dashboard[dashboard.index('data-slot="stale"') :]
    assert article.text("en", "title") in block[: block.index("</section>")]  # in the staff member's language

    page = publisher.get("/admin/publish").get_data(as_text=True)
    assert 'data-gate="stale"' in page and title in page
    refused = publisher.post("/admin/publish", {"comment": "Rule change"})
    assert refused.status_code == 422
    assert "Some translations were not updated" in field_errors(refused.get_data(as_text=True), "override_reason")
    assert release_number() == number

    # The translator reads both: Kyrgyz still says the same (from the grid), English too (from the editor).
    response = confirm(editor, article, "ky", back="grid")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/translations")
    db.session.expire_all()
    assert language_status(article) == {"ky": "ok", "ru": "ok", "en": "stale"}
    assert [(e.actor, e.detail["lang"]) for e in events("item.translation_confirmed")] == [("erkin", "ky")]
    editor_page = editor.get(edit_url(article)).get_data(as_text=True)
    assert "/confirm/en" in editor_page and "/confirm/ky" not in editor_page
    assert confirm(editor, article, "en").status_code == 302
    db.session.expire_all()
    assert language_status(article) == {"ky": "ok", "ru": "ok", "en": "ok"}
    assert len(events("item.translation_confirmed")) == 2

    assert publisher.post("/admin/publish", {"comment": "Rule change"}).status_code == 302
    assert release_number() == number + 1
    assert "override_reason" not in events("publish")[-1].detail


def test_publishing_stale_needs_a_reason_and_a_catch_up_edit_stales_nobody(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    assert save(editor, article, title_ru="Новый заголовок").status_code == 302
    # The Kyrgyz translator catches up: Kyrgyz is current again, and Russian does not become stale.
    assert save(editor, article, title_ky="Жаңы аталыш").status_code == 302
    db.session.expire_all()
    assert language_status(article) == {"ky": "ok", "ru": "ok", "en": "stale"}
    reason = "The English translator is away until Monday"
    assert publisher.post("/admin/publish", {"comment": "Title", "override_reason": reason}).status_code == 302
    detail = events("publish")[-1].detail
    assert detail["override_reason"] == reason and list(detail["stale"].values()) == [["en"]]


def sides(page: str, lang: str) -> tuple[str, str]:
    """The before and after columns of the first changed text in `lang` on the publish page (HTML)."""
    start = page.index(f'<div class="diff-pair" data-lang="{lang}">')
    pair = page[start:]
    before = re.search(r'<div class="diff-side diff-before"[^>]*>(.*?)</div>', pair, re.S).group(1)
    after = re.search(r'<div class="diff-side diff-after"[^>]*>(.*?)</div>', pair, re.S).group(1)
    return before, after


def blocks(side: str) -> list[str]:
    """The paragraphs of a column as read (tags dropped), without the column title."""
    found = re.findall(r'<p class="blk blk-\w+">(.*?)</p>', side, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", p)) for p in found]


def test_publish_page_shows_the_rendered_paragraph_before_and_after(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    body = "## Что взять\n\nВозьмите **паспорт** и копии.\n\n- Фото 3×4"
    assert save(editor, article, body_ru=body, checked_ky="y", checked_en="y").status_code == 302
    assert publisher.post("/admin/publish", {"comment": "base"}).status_code == 302
    changed = body.replace("и копии.", "и копии всех страниц.")
    assert save(editor, article, body_ru=changed, checked_ky="y", checked_en="y").status_code == 302
    db.session.add(Terminal(slug="bishkek-1", name="Lobby", kind="office_lobby", token_hash="a" * 64))
    db.session.add(Terminal(slug="osh-1", name="Osh", kind="border_post", token_hash="b" * 64,
                            revoked_at=datetime.now(UTC)))  # fmt: skip
    db.session.add(Terminal(slug="never", name="Never", kind="airport"))
    db.session.commit()

    page = publisher.get("/admin/publish").get_data(as_text=True)
    before, after = sides(page, "ru")
    # The changed paragraph as travellers read it: rendered (no ** or ##), the new words marked.
    assert blocks(before) == ["Возьмите паспорт и копии."]
    assert blocks(after) == ["Возьмите паспорт и копии всех страниц."]
    assert re.search(r"<ins>[^<]*всех страниц[^<]*</ins>", after) and "<del>" not in after
    assert "**" not in page and "Что взять" not in before + after  # unchanged heading left out
    assert 'data-terminals="1"' in page and "1 terminal will receive it at its next sync." in page


def test_save_and_publish_for_publishers_only(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    kiosk = app.test_client()
    number = release_number()

    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    assert 'name="save_publish"' not in editor.get(edit_url(article)).get_data(as_text=True)
    form.update(title_ru="Попытка редактора", save_publish="Save and publish")
    assert editor.post(edit_url(article), form).status_code == 403
    db.session.expire_all()
    assert article.text("ru", "title") != "Попытка редактора" and release_number() == number

    page = publisher.get(edit_url(article)).get_data(as_text=True)
    assert 'name="save_publish"' in page
    form = read_form(page)
    titles = {"title_ru": "Паспорт и виза", "title_ky": "Паспорт жана виза", "title_en": "Passport and visa"}
    form.update(titles, save_publish="Save and publish")
    response = publisher.post(edit_url(article), form)
    assert response.status_code == 302 and response.headers["Location"] == edit_url(article)
    assert release_number() == number + 1
    assert "Паспорт и виза" in kiosk.get(f"/ru/topics/{article.topic.slug}/{article.slug}").get_data(as_text=True)

    # A Russian-only change needs a reason: the edit is saved, and the publisher lands on the publish page.
    form = read_form(publisher.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Паспорт, виза и разрешение", comment="Title", save_publish="Save and publish")
    response = publisher.post(edit_url(article), form)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/publish?comment=Title")
    db.session.expire_all()
    assert article.text("ru", "title") == "Паспорт, виза и разрешение" and release_number() == number + 1
    landing = publisher.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-gate="stale"' in landing and 'value="Title"' in landing


def test_save_and_publish_never_publishes_someone_elses_draft_unseen(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    hotline = db.session.scalar(select(Hotline).order_by(Hotline.id))
    assert save(editor, hotline, number="0312 300424").status_code == 302  # another person's draft waits
    article = first_article()
    number = release_number()
    form = read_form(publisher.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Паспорт", title_ky="Паспорт", title_en="Passport", save_publish="Save and publish")
    response = publisher.post(edit_url(article), form)
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/publish")
    assert release_number() == number
    db.session.expire_all()
    assert article.text("en", "title") == "Passport"  # the edit is saved as a draft
    landing = publisher.get(response.headers["Location"]).get_data(as_text=True)
    assert "0312 300424" in landing and "Passport" in landing  # both changes are shown before publishing


def test_the_before_after_never_carries_markup_staff_typed(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    hostile = '<img src=x onerror="alert(1)"> **<script>alert(2)</script>** & <b>bold</b>'
    assert save(editor, article, title_ru=hostile, body_ru=hostile).status_code == 302
    page = publisher.get("/admin/publish").get_data(as_text=True)
    _before, after = sides(page, "ru")
    assert "<img" not in after and "<script" not in after and "<b>" not in after
    assert blocks(after)[0] == hostile  # the typed title reads as typed: text, never markup


def test_a_stale_cell_in_the_grid_opens_the_editor_on_that_language(app, as_role):
    """The grid's link for a stale Kyrgyz text opens the editor with the Kyrgyz tab shown and the
    Russian source beside it (read-only), the other languages' fields still in the form."""
    editor = as_role("editor")
    article = first_article()
    assert save(editor, article, body_ru="Правило изменилось с 1 марта.").status_code == 302
    grid = unescape(editor.get("/admin/translations?gaps=1").get_data(as_text=True))
    link = f"/admin/content/article/{article.id}?lang=ky"
    assert link in grid
    page = editor.get(link).get_data(as_text=True)
    assert re.search(r'id="tab-ky" aria-controls="pane-ky" aria-selected="true"', page)
    assert re.search(r'id="pane-ky"[^>]*data-lang="ky">', page)  # shown
    assert re.search(r'id="pane-ru"[^>]*data-lang="ru" hidden>', page)  # kept in the form, hidden
    source = re.search(r'data-source-of="body_ru"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert unescape(source) == "Правило изменилось с 1 марта."
    assert read_form(page)["body_ru"] == "Правило изменилось с 1 марта."
