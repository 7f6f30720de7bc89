"""Rendered kiosk pages are reused per release: no database work once warm, yet "open now" stays live."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

from sqlalchemy import event, select

from core.extensions import db
from core.models import Article, Topic
from core.publishing import publish


@contextlib.contextmanager
def count_queries():
    """Count SQL statements sent to the database while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_warm_page_costs_no_database_query(client):
    for path in ("/ru/", "/ky/office", "/en/hotlines", "/ru/topics/work-abroad"):
        assert client.get(path).status_code == 200
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        assert statements == [], path


def test_open_now_is_computed_per_request_on_a_cached_page(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T10:00"  # an ordinary Tuesday
    assert "17:50" in client.get("/en/").get_data(as_text=True)
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T19:00"  # the same day, after hours
    with count_queries() as statements:
        page = client.get("/en/").get_data(as_text=True)
    assert statements == []
    assert "Closed, opens tomorrow at 09:10" in page


def test_a_new_release_replaces_cached_pages(client):
    assert "Fresh title" not in client.get("/en/").get_data(as_text=True)
    topic = db.session.scalar(select(Topic).where(Topic.slug == "eaeu"))
    topic.texts = {**topic.texts, "en": {**topic.texts["en"], "title": "Fresh title"}}
    db.session.commit()
    assert "Fresh title" not in client.get("/en/").get_data(as_text=True)  # a draft changes nothing
    publish(author="test")
    assert "Fresh title" in client.get("/en/").get_data(as_text=True)


def test_pages_carry_etags(client):
    first = client.get("/ky/topics/eaeu")
    assert first.headers.get("ETag")
    again = client.get("/ky/topics/eaeu", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_dated_article_appears_at_its_moment_without_a_click(app, client):
    article = db.session.scalar(select(Article).where(Article.slug == "fake-job-offers"))
    article.effective_from = datetime(2026, 12, 1, 4, 0, tzinfo=UTC)  # 10:00 in Bishkek
    db.session.commit()
    publish(author="test", comment="dated article")
    path = "/en/topics/work-abroad"
    title = article.texts["en"]["title"]
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-01T09:59"
    assert title not in client.get(path).get_data(as_text=True)
    assert client.get(f"{path}/fake-job-offers").status_code == 404
    app.config["KIOSK_FROZEN_NOW"] = "2026-12-01T10:00"
    assert title in client.get(path).get_data(as_text=True)
    assert client.get(f"{path}/fake-job-offers").status_code == 200


def test_reused_status_line_always_equals_a_fresh_answer(app, client):
    """Walk a week (with a holiday and a shortened day) in 7-minute steps on one warm cache."""
    from datetime import timedelta

    from flask_babel import force_locale

    from core.hours import TZ
    from core.publishing import current_snapshot
    from core.reception import schedule_for, status_line

    moment = datetime(2026, 3, 18, 16, 30, tzinfo=TZ)  # Wednesday before Orozo Ait (Friday 20 March)
    end = moment + timedelta(days=6)
    checked = 0
    while moment < end:
        app.config["KIOSK_FROZEN_NOW"] = moment.isoformat()
        page = client.get("/en/").get_data(as_text=True)
        with app.test_request_context("/en/"), force_locale("en"):
            snapshot = current_snapshot()
            office = snapshot.payload["office"]
            expected = status_line(schedule_for(office["hours"], f"office:{snapshot.content_hash}"), moment, "en")
        assert expected.headline in page, moment
        if expected.reason:
            assert expected.reason in page, moment
        checked += 1
        moment += timedelta(minutes=7)
    assert checked > 1000
