"""No lost updates: two people editing the same item."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from core.editing import EditConflict, save_item, serialize
from core.extensions import db
from core.models import Article, Revision
from tests.admin.conftest import edit_url, make_user, read_form


@pytest.fixture
def two_editors(app, as_role, staff):
    """Two editors with their own sessions."""
    make_user("sezim", "editor", language="en")
    from tests.admin.conftest import AdminClient

    second = AdminClient(app.test_client())
    second.login("sezim")
    return as_role("editor"), second


def test_second_save_is_refused_and_both_texts_survive(app, two_editors):
    first, second = two_editors
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    url = edit_url(article)
    form_a = read_form(first.get(url).get_data(as_text=True))
    form_b = read_form(second.get(url).get_data(as_text=True))
    assert form_a["version"] == form_b["version"]

    form_a.update(body_ru="Текст первого редактора.", save="Save")
    assert first.post(url, form_a).status_code == 302

    form_b.update(body_ru="Текст второго редактора.", save="Save")
    refused = second.post(url, form_b)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Not saved: someone else saved this item" in page
    shown = read_form(page)
    assert shown["body_ru"] == "Текст второго редактора."  # the second text is shown back to its author
    assert "− Текст первого редактора." in page and "+ Текст второго редактора." in page  # the diff
    db.session.expire_all()
    assert article.text("ru", "body") == "Текст первого редактора."  # nothing overwritten
    assert shown["version"] == str(article.version_id)

    # After reading the differences, saving again deliberately replaces the text; history keeps both.
    assert second.post(url, {**shown, "save": "Save"}).status_code == 302
    db.session.expire_all()
    assert article.text("ru", "body") == "Текст второго редактора."
    query = select(Revision).where(Revision.item_id == article.id, Revision.item_type == "article")
    bodies = [r.data["texts"]["ru"]["body"] for r in db.session.scalars(query.order_by(Revision.number))]
    assert bodies[-2:] == ["Текст первого редактора.", "Текст второго редактора."]


def test_race_between_check_and_write_is_caught_by_the_database(app, db_url):
    """Both saves pass the version check at the same moment: the row version in the UPDATE refuses one."""
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    started_from = article.version_id
    data = serialize(article)
    # Another worker saves this row after we loaded it (its own connection and transaction).
    other = create_engine(db.engine.url)
    with other.begin() as conn:
        conn.execute(text("UPDATE article SET version_id = version_id + 1, updated_by = 'other' WHERE id = :id"),
                     {"id": article.id})  # fmt: skip
    other.dispose()
    data["texts"]["ru"]["title"] = "Мой заголовок"
    with pytest.raises(EditConflict) as refused:
        save_item(article, data, expected_version=started_from, author="erkin")
    assert refused.value.version == started_from + 1
    db.session.expire_all()
    fresh = db.session.get(Article, article.id)
    assert fresh.updated_by == "other" and fresh.text("ru", "title") != "Мой заголовок"
    assert db.session.scalar(select(Revision.id).where(Revision.item_id == article.id)) is None
