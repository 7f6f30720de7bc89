"""Publishing rules: missing languages, the override with a reason, rollback, and the audit trail."""

from __future__ import annotations

import json

from sqlalchemy import select

from core.extensions import db
from core.models import Article, AuditEvent, Release
from core.publishing import build_snapshot, canonical_json
from tests.admin.conftest import edit_url, field_errors, read_form


def latest() -> Release:
    """The newest release."""
    return db.session.scalars(select(Release).order_by(Release.number.desc())).first()


def drop_kyrgyz(editor, article: Article):
    """An editor saves the article with its Kyrgyz texts emptied and a new Russian title."""
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ky="", summary_ky="", body_ky="", title_ru="Без киргизского текста", save="Save")
    assert editor.post(edit_url(article), form).status_code == 302


def test_missing_kyrgyz_is_refused_then_published_with_a_reason(app, as_role):
    editor, publisher, admin = as_role("editor"), as_role("publisher"), as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    drop_kyrgyz(editor, article)
    number = latest().number

    page = publisher.get("/admin/publish").get_data(as_text=True)
    assert "Missing languages" in page and "Без киргизского текста" in page

    refused = publisher.post("/admin/publish", {"comment": "Fix", "override_reason": "   "})
    assert refused.status_code == 422
    assert "Some items miss a language" in field_errors(refused.get_data(as_text=True), "override_reason")
    assert latest().number == number

    reason = "Срочное изменение правил, перевод будет завтра"
    assert publisher.post("/admin/publish", {"comment": "Fix", "override_reason": reason}).status_code == 302
    assert latest().number == number + 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "publish")).all()[-1]
    assert event.actor == "perizat" and event.detail["override_reason"] == reason
    assert list(event.detail["missing"].values()) == [["ky"]]

    log = admin.get("/admin/audit?event=publish&actor=perizat").get_data(as_text=True)
    assert reason in log and "perizat" in log
    assert app.test_client().get(f"/ky/topics/{article.topic.slug}/{article.slug}").status_code == 200


def test_complete_changes_publish_without_override(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Полный перевод", title_ky="Толук котормо", title_en="A full translation", save="Save")
    assert editor.post(edit_url(article), form).status_code == 302
    assert "Missing languages" not in publisher.get("/admin/publish").get_data(as_text=True)
    assert publisher.post("/admin/publish", {"comment": "ok"}).status_code == 302
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "publish")).all()[-1]
    assert "override_reason" not in event.detail and event.actor == "perizat"


def test_publish_needs_a_comment(app, as_role):
    publisher = as_role("publisher")
    response = publisher.post("/admin/publish", {"comment": ""})
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "comment") == "Please fill in this field."


def test_rollback_is_one_action_and_numbers_only_grow(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    kiosk = app.test_client()
    url = f"/ru/topics/{article.topic.slug}/{article.slug}"
    old = latest()
    old_title = article.text("ru", "title")
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Ошибочный заголовок", save="Save")
    assert editor.post(edit_url(article), form).status_code == 302
    assert publisher.post("/admin/publish", {"comment": "mistake", "override_reason": "urgent"}).status_code == 302
    assert "Ошибочный заголовок" in kiosk.get(url).get_data(as_text=True)

    assert publisher.post(f"/admin/releases/{old.number}/rollback").status_code == 302
    restored = latest()
    assert restored.number == old.number + 2
    assert restored.content_hash == old.content_hash and restored.payload == old.payload
    assert restored.comment == f"Rollback to release {old.number}"
    page = kiosk.get(url).get_data(as_text=True)
    assert old_title in page and "Ошибочный заголовок" not in page
    db.session.expire_all()
    assert article.text("ru", "title") == "Ошибочный заголовок"  # drafts are left as they are
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "rollback")).one()
    assert event.actor == "perizat" and event.detail["restored"] == old.number
    assert "Drafts are not changed" in publisher.get("/admin/releases").get_data(as_text=True)


def test_what_will_change_lists_each_changed_item(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    assert "Nothing: the drafts equal the current release." in publisher.get("/admin/publish").get_data(as_text=True)
    assert json.loads(latest().payload) == json.loads(canonical_json(build_snapshot()))
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(summary_en="A new summary.", save="Save")
    editor.post(edit_url(article), form)
    page = publisher.get("/admin/publish").get_data(as_text=True)
    assert f"{article.topic.slug}/{article.slug}" in page
    assert page.count('<span class="badge badge-changed">') == 1
    dashboard = editor.get("/admin/").get_data(as_text=True)
    assert "Drafts waiting to be published" in dashboard and article.text("ru", "title") in dashboard
