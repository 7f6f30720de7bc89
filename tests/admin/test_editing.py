"""Drafts, publishing, revisions, translation status and the takes-effect date, through the admin pages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.editing import language_status
from core.extensions import db
from core.models import Article, AuditEvent, Release, Revision
from tests.admin.conftest import edit_url, read_form, save
from tests.conftest import unmarked

BISHKEK = ZoneInfo("Asia/Bishkek")


def first_article() -> Article:
    """The first seeded article (sorted, so the choice is stable)."""
    return db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort)).first()


def kiosk_url(article: Article, lang: str = "ru") -> str:
    """The kiosk page of an article."""
    return f"/{lang}/topics/{article.topic.slug}/{article.slug}"


def test_draft_is_invisible_until_published(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    old_title = article.text("ru", "title")
    kiosk = app.test_client()

    response = save(
        editor, article, title_ru="Новый заголовок", body_ru="Новый **текст** статьи.", checked_ky="y", checked_en="y"
    )  # the translations still say the same
    assert response.status_code == 302
    db.session.expire_all()
    assert article.text("ru", "title") == "Новый заголовок"
    page = kiosk.get(kiosk_url(article)).get_data(as_text=True)
    assert old_title in page and "Новый заголовок" not in page

    releases_before = db.session.scalar(select(Release.number).order_by(Release.number.desc()).limit(1))
    publish_page = publisher.get("/admin/publish").get_data(as_text=True)
    assert "Новый заголовок" in publish_page  # listed under "what will change"
    assert publisher.post("/admin/publish", {"comment": "New wording"}).status_code == 302
    page = unmarked(kiosk.get(kiosk_url(article)).get_data(as_text=True))
    assert "Новый заголовок" in page and "<strong>текст</strong>" in page
    latest = db.session.scalars(select(Release).order_by(Release.number.desc())).first()
    assert latest.number == releases_before + 1 and latest.author == "perizat" and latest.comment == "New wording"
    assert len(latest.content_hash) == 64


def test_editor_cannot_publish_and_nothing_is_published(app, as_role):
    editor = as_role("editor")
    count = db.session.query(Release).count()
    assert editor.post("/admin/publish", {"comment": "try"}).status_code == 403
    assert db.session.query(Release).count() == count


def test_publish_with_nothing_changed_is_a_no_op(app, as_role):
    publisher = as_role("publisher")
    count = db.session.query(Release).count()
    response = publisher.post("/admin/publish", {"comment": "again"}, follow_redirects=True)
    assert "Nothing to publish" in response.get_data(as_text=True)
    assert db.session.query(Release).count() == count


def test_every_save_is_a_revision_with_diff_and_revert(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    original = article.text("ru", "body")
    assert save(editor, article, body_ru="Первая версия.", comment="first").status_code == 302
    assert save(editor, article, body_ru="Вторая версия.").status_code == 302
    query = select(Revision).where(Revision.item_type == "article", Revision.item_id == article.id)
    revisions = db.session.scalars(query.order_by(Revision.number)).all()
    assert [r.action for r in revisions] == ["baseline", "save", "save"]
    assert [r.author for r in revisions[1:]] == ["erkin", "erkin"]
    assert revisions[0].data["texts"]["ru"]["body"] == original
    assert revisions[1].comment == "first"

    history = editor.get(f"{edit_url(article)}/history?a=2&b=3").get_data(as_text=True)
    assert "Первая версия." in history and "Вторая версия." in history
    assert 'class="del">− Первая версия.' in history and 'class="ins">+ Вторая версия.' in history

    # Reverting is a publisher's right; it creates a new draft and publishes nothing.
    version = read_form(editor.get(edit_url(article)).get_data(as_text=True))["version"]
    releases = db.session.query(Release).count()
    assert editor.post(f"{edit_url(article)}/revert/1", {"version": version}).status_code == 403
    assert publisher.post(f"{edit_url(article)}/revert/1", {"version": version}).status_code == 302
    db.session.expire_all()
    assert article.text("ru", "body") == original
    last = db.session.scalars(select(Revision).where(Revision.item_id == article.id).order_by(Revision.number.desc()))
    assert last.first().action == "revert"
    assert db.session.query(Release).count() == releases
    events = [e.event for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events.count("item.save") == 2 and "item.revert" in events


def test_unchanged_save_makes_no_revision(app, as_role):
    editor = as_role("editor")
    article = first_article()
    response = save(editor, article)
    assert response.status_code == 302
    assert db.session.query(Revision).count() == 0


def test_translation_status_marks_stale_and_missing(app, as_role):
    editor = as_role("editor")
    article = first_article()
    assert language_status(article) == {"ky": "ok", "ru": "ok", "en": "ok"}
    assert save(editor, article, body_ru="Правило изменилось.").status_code == 302
    db.session.expire_all()
    assert language_status(article) == {"ky": "stale", "ru": "ok", "en": "stale"}
    grid = editor.get("/admin/translations?gaps=1").get_data(as_text=True)
    assert 'class="state-stale"' in grid

    # A translator confirms the English text; Kyrgyz is emptied (missing).
    assert save(editor, article, checked_en="y", title_ky="", summary_ky="", body_ky="").status_code == 302
    db.session.expire_all()
    assert language_status(article) == {"ky": "missing", "ru": "ok", "en": "ok"}
    listing = editor.get("/admin/content/article/?missing=ky").get_data(as_text=True)
    assert edit_url(article) in listing
    other = db.session.scalars(select(Article).where(Article.id != article.id)).first()
    assert edit_url(other) + '"' not in listing


def test_lists_filter_by_search_topic_and_status(app, as_role):
    editor = as_role("editor")
    article = first_article()
    other = db.session.scalars(select(Article).where(Article.topic_id != article.topic_id)).first()
    by_topic = editor.get(f"/admin/content/article/?topic={article.topic_id}").get_data(as_text=True)
    assert edit_url(article) + '"' in by_topic and edit_url(other) + '"' not in by_topic

    assert save(editor, article, title_ru="Уникальное слово Жетиген").status_code == 302
    found = editor.get("/admin/content/article/?q=жетиген").get_data(as_text=True)
    assert edit_url(article) + '"' in found and edit_url(other) + '"' not in found
    drafts = editor.get("/admin/content/article/?status=draft").get_data(as_text=True)
    assert edit_url(article) + '"' in drafts and edit_url(other) + '"' not in drafts
    published = editor.get("/admin/content/article/?status=published").get_data(as_text=True)
    assert edit_url(article) + '"' not in published and edit_url(other) + '"' in published
    for kind in ("topic", "hotline", "office", "department"):
        assert editor.get(f"/admin/content/{kind}/?q=&missing=ky&status=draft").status_code == 200


def test_takes_effect_date_goes_live_without_a_click(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = first_article()
    starts = datetime(2031, 3, 1, 9, 0, tzinfo=BISHKEK)
    assert save(editor, article, effective_from="2031-03-01T09:00").status_code == 302
    db.session.expire_all()
    assert article.effective_from == starts
    assert publisher.post("/admin/publish", {"comment": "scheduled"}).status_code == 302
    kiosk = app.test_client()
    app.config["KIOSK_FROZEN_NOW"] = (starts - timedelta(minutes=1)).isoformat()
    assert kiosk.get(kiosk_url(article)).status_code == 404
    app.config["KIOSK_FROZEN_NOW"] = starts.isoformat()
    assert kiosk.get(kiosk_url(article)).status_code == 200


def test_create_article_as_draft_then_publish(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    topic_id = first_article().topic_id
    form = read_form(editor.get(f"/admin/content/article/new?topic={topic_id}").get_data(as_text=True))
    form.update(
        slug="new-rules", title_ky="Жаңы эрежелер", body_ky="Текст.", title_ru="Новые правила", body_ru="Текст.",
        title_en="New rules", body_en="Text.", save="Save",
    )  # fmt: skip
    response = editor.post("/admin/content/article/new", form)
    assert response.status_code == 302
    created = db.session.scalar(select(Article).where(Article.slug == "new-rules"))
    assert created.topic_id == topic_id and created.updated_by == "erkin"
    kiosk = app.test_client()
    assert kiosk.get(kiosk_url(created)).status_code == 404
    assert publisher.post("/admin/publish", {"comment": "new article"}).status_code == 302
    assert "Новые правила" in kiosk.get(kiosk_url(created)).get_data(as_text=True)
    assert db.session.scalar(select(Revision.action).where(Revision.item_id == created.id)) == "create"


def test_duplicate_slug_is_refused_beside_the_field(app, as_role):
    editor = as_role("editor")
    article = first_article()
    sibling = db.session.scalars(
        select(Article).where(Article.topic_id == article.topic_id, Article.id != article.id)
    ).first()
    response = save(editor, article, slug=sibling.slug)
    assert response.status_code == 422
    assert "already used" in response.get_data(as_text=True)
