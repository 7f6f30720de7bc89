"""Review dates: the dashboard lists content never checked or checked too long ago (with a frozen
clock), marking an item checked is audited, and kiosks show "Checked: <date>" in the page's language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from html import unescape

import pytest
from sqlalchemy import select

import core.review
from core.editing import all_items, display_title
from core.extensions import db
from core.models import Article, AuditEvent
from tests.admin.conftest import edit_url, read_form
from tests.conftest import unmarked

NOW = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)  # 10:00 in Bishkek


def text_of(html: str) -> str:
    """Visible text, whitespace collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def clock(monkeypatch):
    """Freeze the review clock; returns a setter for a later moment."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr(core.review, "_now", lambda: moment)

    set_now(NOW)
    return set_now


@pytest.fixture(autouse=True)
def english_staff(app, staff):
    """Staff read the panel in English here."""
    for user in staff.values():
        user.language = "en"
    db.session.commit()


def review_block(c) -> str:
    """The visible text of the dashboard's "Content to check" card."""
    page = c.get("/admin/").get_data(as_text=True)
    found = re.search(
        r'<section class="card" aria-labelledby="review-title" data-slot="review">(.*?)</section>', page, re.S
    )
    assert found, page[-500:]
    return text_of(found.group(1))


def articles() -> list[Article]:
    return list(db.session.scalars(select(Article).order_by(Article.id)))


def test_dashboard_lists_items_never_checked_or_checked_too_long_ago(app, as_role, clock):
    editor = as_role("editor")
    fresh, old, edge, never = articles()[:4]
    for item in all_items():  # everything checked recently, except the cases under test
        item.checked_on, item.checked_by, item.needs_review = date(2026, 11, 20), "aigul", False
    old.checked_on = date(2026, 6, 1)  # 183 days before 1 December: overdue with 180
    edge.checked_on = date(2026, 6, 4)  # exactly 180 days: still valid
    never.checked_on = never.checked_by = None
    db.session.commit()
    titles = {a: display_title(a, "en") for a in (fresh, old, edge, never)}

    block = review_block(editor)
    assert f"{titles[never]} — never checked" in block
    assert f"{titles[old]} — last checked June 1, 2026" in block
    assert titles[edge] not in block and titles[fresh] not in block
    assert "more than 180 days ago" in block and block.split()[3] == "2"

    clock(datetime(2026, 12, 2, 4, 0, tzinfo=UTC))  # one day later the edge case is overdue too
    block = review_block(editor)
    assert f"{titles[edge]} — last checked June 4, 2026" in block and titles[fresh] not in block

    app.config["REVIEW_MAX_AGE_DAYS"] = 10  # a stricter setting lists the fresh check as well
    block = review_block(editor)
    assert f"{titles[fresh]} — last checked November 20, 2026" in block and "more than 10 days ago" in block


def test_a_flagged_item_is_listed_until_someone_checks_it(app, as_role, clock):
    editor = as_role("editor")
    for item in all_items():
        item.checked_on, item.checked_by, item.needs_review = date(2026, 11, 20), "aigul", False
    article = articles()[0]
    article.needs_review = True
    db.session.commit()
    assert f"{display_title(article, 'en')} — needs review" in review_block(editor)

    form = read_form(editor.get(edit_url(article)).get_data(as_text=True), "review-check")
    assert editor.post(f"/admin/content/article/{article.id}/check", form).status_code == 302
    assert "Every item was checked within the last 180 days." in review_block(editor)


def test_marking_checked_is_audited_and_kiosks_show_the_date_after_publishing(app, as_role, clock):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = articles()[0]
    path = f"/topics/{article.topic.slug}/{article.slug}"
    assert "Checked:" not in app.test_client().get(f"/en{path}").get_data(as_text=True)

    page = editor.get(edit_url(article)).get_data(as_text=True)
    assert "Never checked against the Service's documents." in text_of(page)
    form = read_form(page, "review-check")
    response = editor.post(f"/admin/content/article/{article.id}/check", form, follow_redirects=True)
    assert "Marked as checked on December 1, 2026." in text_of(response.get_data(as_text=True))
    db.session.expire_all()
    article = db.session.get(Article, article.id)
    assert (article.checked_on, article.checked_by, article.needs_review) == (date(2026, 12, 1), "erkin", False)
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.event, event.actor, event.detail["id"]) == ("item.check", "erkin", article.id)
    assert "Checked against the Service's documents on December 1, 2026 by erkin." in text_of(
        editor.get(edit_url(article)).get_data(as_text=True)
    )

    assert "Checked:" not in app.test_client().get(f"/en{path}").get_data(as_text=True)  # a draft until published
    assert publisher.post("/admin/publish", {"comment": "Checked"}).status_code == 302
    expected = {
        "ky": "Текшерилди: 2026-ж., 1-декабрь",
        "ru": "Проверено: 1 декабря 2026 г.",
        "en": "Checked: December 1, 2026",
    }
    for lang, line in expected.items():
        page = unmarked(app.test_client().get(f"/{lang}{path}").get_data(as_text=True))
        found = re.search(r'<p class="checked">(.*?)</p>', page)
        assert found and text_of(found.group(1)) == line, (lang, found and found.group(1))


def test_a_check_of_a_text_changed_since_it_was_opened_is_refused(app, as_role, clock):
    editor = as_role("editor")
    article = articles()[0]
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True), "review-check")
    article.texts = {**article.texts, "en": {**article.texts["en"], "title": "Changed meanwhile"}}
    db.session.commit()  # someone else saved: the version moved on
    response = editor.post(f"/admin/content/article/{article.id}/check", form, follow_redirects=True)
    assert "Someone saved this item after you opened it." in text_of(response.get_data(as_text=True))
    db.session.expire_all()
    assert db.session.get(Article, article.id).checked_on is None
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.event == "item.check")).all()


def test_marking_checked_needs_the_csrf_token_and_a_staff_login(app, as_role, admin_client):
    article = articles()[0]
    url = f"/admin/content/article/{article.id}/check"
    assert admin_client.post(url, {"version": str(article.version_id)}).status_code in (302, 401, 403)
    editor = as_role("editor")
    assert editor.post(url, {"version": str(article.version_id)}, csrf=False).status_code == 400
    db.session.expire_all()
    assert db.session.get(Article, article.id).checked_on is None
