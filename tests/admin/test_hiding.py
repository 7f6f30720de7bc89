"""Staff take a topic, an article or a department off the kiosks without deleting it, and bring it back."""

from __future__ import annotations

from sqlalchemy import func, select

from core.extensions import db
from core.models import Article, Department, Revision, Topic
from core.seed import seed_content
from tests.admin.conftest import save


def publish(c, comment: str = "Hiding test"):
    assert c.post("/admin/publish", {"comment": comment}).status_code == 302


def test_a_hidden_article_leaves_the_kiosk_at_the_next_publish_and_comes_back(app, as_role, client):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort)).first()
    page, topic_page = f"/en/topics/{article.topic.slug}/{article.slug}", f"/en/topics/{article.topic.slug}"
    title = article.texts["en"]["title"]
    assert client.get(page).status_code == 200

    assert save(editor, article, hidden="y").status_code == 302
    assert client.get(page).status_code == 200, "a draft must not change the kiosk"
    listing = publisher.get("/admin/publish").get_data(as_text=True)
    # The publish step says what goes away.
    assert f'badge-removed">removed</span> Article: {article.texts["ru"]["title"]}' in listing
    publish(publisher)
    assert client.get(page).status_code == 404
    assert title not in client.get(topic_page).get_data(as_text=True)
    items = editor.get("/admin/content/article/").get_data(as_text=True)
    assert "hidden from kiosks" in items  # staff still find it, marked

    assert save(editor, article, hidden=None).status_code == 302
    publish(publisher, "Back again")
    assert client.get(page).status_code == 200
    assert title in client.get(topic_page).get_data(as_text=True)
    # Both steps are revisions, so either can be compared and reverted like any edit.
    count = db.session.scalar(select(func.count(Revision.id)).where(Revision.item_id == article.id,
                                                                     Revision.item_type == "article"))  # fmt: skip
    assert count >= 3  # baseline, hidden, shown


def test_hiding_a_topic_hides_its_tile_and_all_its_articles(app, as_role, client):
    editor, publisher = as_role("editor"), as_role("publisher")
    topic = db.session.scalar(select(Topic).where(Topic.slug == "kayrylmans"))
    article = topic.articles[0]
    assert save(editor, topic, hidden="y").status_code == 302
    publish(publisher)
    assert "/en/topics/kayrylmans" not in client.get("/en/").get_data(as_text=True)
    assert client.get("/en/topics/kayrylmans").status_code == 404
    assert client.get(f"/en/topics/kayrylmans/{article.slug}").status_code == 404
    assert client.get("/en/topics/eaeu").status_code == 200  # the others stay


def test_a_hidden_department_leaves_the_office_page(app, as_role, client):
    editor, publisher = as_role("editor"), as_role("publisher")
    department = db.session.scalars(select(Department).order_by(Department.sort)).first()
    name = department.texts["ru"]["name"]
    assert name in client.get("/ru/office").get_data(as_text=True)
    assert save(editor, department, hidden="y").status_code == 302
    publish(publisher)
    assert name not in client.get("/ru/office").get_data(as_text=True)


def test_seeding_again_does_not_bring_a_hidden_starter_item_back(app, as_role, client):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    assert save(editor, article, hidden="y").status_code == 302
    publish(publisher)
    assert seed_content() == 0  # nothing inserted: the hidden item still exists
    db.session.expire_all()
    assert db.session.get(Article, article.id).hidden is True
