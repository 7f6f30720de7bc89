"""The report form on the server side: what a refused or corrected report looks like, and the limits."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.models import Report

FORM = {"kind": "rude", "place": "airport", "happened": "earlier", "text": "Кезекте күттүк", "answer": "anonymous"}


def send(client, lang="ru", **fields):
    page = client.get(f"/{lang}/report").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(f"/{lang}/report", data={"csrf_token": token, **FORM, **fields})


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Report))


def test_a_mistake_keeps_what_was_typed_and_says_what_to_fix(client):
    response = send(client, "en", answer="contact", name="<b>Asel</b>", contact="not a phone")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and stored() == 0
    assert "Please write a phone number (digits) or an e-mail address." in page
    assert "Кезекте күттүк" in page and "&lt;b&gt;Asel&lt;/b&gt;" in page and "<b>Asel</b>" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_the_form_needs_csrf(client):
    response = client.post("/ru/report", data=FORM)
    assert response.status_code == 400 and stored() == 0


@pytest.fixture
def app_config():
    return {"REPORT_SESSION_LIMIT": 2, "REPORT_RATE_LIMIT": "3 per hour"}


def test_per_session_and_per_kiosk_limits_refuse_clearly(app):
    first = app.test_client()
    assert send(first).status_code == 303 and send(first).status_code == 303
    refused = send(first)
    assert refused.status_code == 429 and stored() == 2
    assert "0312 300423" in refused.get_data(as_text=True)  # where to report instead
    second = app.test_client()  # a new session, the same kiosk
    assert send(second).status_code == 303
    refused = send(second)
    assert refused.status_code == 429 and stored() == 3
    assert "Отсюда за короткое время отправлено слишком много сообщений" in refused.get_data(as_text=True)


def test_a_terminal_that_never_reached_central_refuses_with_the_hotline(app, client):
    app.config["KIOSK_ROLE"] = "terminal"
    refused = send(client, "ky")
    assert refused.status_code == 429 and stored() == 0
    assert "0312 300423" in refused.get_data(as_text=True)
