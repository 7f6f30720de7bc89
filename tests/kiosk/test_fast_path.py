"""Warm kiosk pages are answered below Flask (kiosk/fastpath.py), yet exactly as Flask answers them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fleet.state import write_terminal_control
from core.models import Topic
from core.publishing import publish

PAGES = ("/", "/ru/", "/ky/office", "/en/hotlines", "/ru/topics/work-abroad", "/en/topics/eaeu")


def headers_but_date(response) -> dict:
    # Date is added by Werkzeug's conditional handling on the Flask path and by gunicorn on both.
    return {name: value for name, value in response.headers.items() if name != "Date"}


def fast_hits(app) -> int:
    return app.wsgi_app.hits


@pytest.mark.parametrize("path", PAGES)
def test_a_warm_page_is_answered_below_flask_with_the_same_bytes_and_headers(app, client, path):
    cold = client.get(path)
    before = fast_hits(app)
    warm = client.get(path)
    assert fast_hits(app) == before + 1, "the second request should not have entered Flask"
    assert warm.status_code == cold.status_code == 200
    assert warm.get_data() == cold.get_data()
    assert headers_but_date(warm) == headers_but_date(cold)
    assert warm.headers["Content-Length"] == str(len(warm.get_data()))
    assert "unsafe-inline" not in warm.headers["Content-Security-Policy"]


def test_hsts_only_over_https_on_the_fast_path_too(app, client):
    client.get("/en/")
    assert "Strict-Transport-Security" not in client.get("/en/").headers
    secure = app.test_client()
    secure.get("/en/", base_url="https://kiosk.local")
    before = fast_hits(app)
    response = secure.get("/en/", base_url="https://kiosk.local")
    assert fast_hits(app) == before + 1
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_etag_and_head_on_the_fast_path(app, client):
    etag = client.get("/ru/office").headers["ETag"]
    before = fast_hits(app)
    assert client.get("/ru/office", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/ru/office", headers={"If-None-Match": '"something-else"'}).status_code == 200
    # A proxy that compresses marks the ETag weak; If-None-Match compares weakly (RFC 9110).
    assert client.get("/ru/office", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    head = client.head("/ru/office")
    assert head.status_code == 200 and head.get_data() == b""
    assert int(head.headers["Content-Length"]) > 1000
    assert fast_hits(app) == before + 4


def test_requests_the_fast_path_cannot_judge_go_to_flask(app, client):
    client.get("/en/")
    before = fast_hits(app)
    assert client.get("/en/?x=1").status_code == 200  # a query string: Flask checks it (NUL, etc.)
    assert client.post("/en/").status_code in (400, 405)  # not a page read
    assert client.get("/xx/").status_code == 404  # never warm
    assert fast_hits(app) == before


def test_a_new_release_is_shown_at_once_although_the_old_page_was_warm(app, client):
    client.get("/en/")
    client.get("/en/")
    topic = db.session.scalar(select(Topic).where(Topic.slug == "eaeu"))
    topic.texts = {**topic.texts, "en": {**topic.texts["en"], "title": "Brand-new EAEU title"}}
    db.session.commit()
    publish(author="test")
    assert "Brand-new EAEU title" in client.get("/en/").get_data(as_text=True)
    before = fast_hits(app)
    assert "Brand-new EAEU title" in client.get("/en/").get_data(as_text=True)
    assert fast_hits(app) == before + 1


def test_open_now_changes_on_the_fast_path_without_a_render(app, client):
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T10:00"  # an ordinary Tuesday, open
    client.get("/en/office")
    client.get("/en/")
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T19:00"  # closed: Flask renders the new wording once
    assert "Closed" in client.get("/en/").get_data(as_text=True)
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T11:00"  # open again: both wordings are warm now
    before = fast_hits(app)
    page = client.get("/en/").get_data(as_text=True)
    assert fast_hits(app) == before + 1
    assert "17:50" in page and "Closed" not in page


@pytest.mark.parametrize("path", ["/en/", "/en/office"])
def test_the_upcoming_change_notice_follows_the_date_on_the_fast_path(app, client, path):
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-18T10:00"  # a short day and two holidays within the week
    client.get(path)
    before = fast_hits(app)
    page = client.get(path).get_data(as_text=True)
    assert fast_hits(app) == before + 1 and "Eid al-Fitr" in page.split('class="upcoming"', 1)[1]
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-25T10:00"  # the holidays are past: the notice must go
    client.get(path)
    before = fast_hits(app)
    page = client.get(path).get_data(as_text=True)
    assert fast_hits(app) == before + 1
    assert 'class="upcoming"' not in page


@pytest.mark.parametrize("app_config", [{"KIOSK_ROLE": "terminal"}])
def test_new_terminal_settings_reach_a_warm_page(app, client):
    client.get("/en/")
    client.get("/en/")
    default_order = client.get("/en/").get_data(as_text=True)
    write_terminal_control({"settings": {"topic_order": ["report-corruption"]}})
    page = client.get("/en/").get_data(as_text=True)
    assert page != default_order
    assert page.index("/en/topics/report-corruption") < page.index("/en/topics/work-abroad")
