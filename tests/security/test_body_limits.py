"""Request body limits: a huge form is refused with 413 before the app reads it (issue 10, item 5),
while the largest legitimate bodies (an article in three languages, a terminal heartbeat) still pass."""

from __future__ import annotations

import io
import socket

import pytest

from tests.admin.conftest import edit_url, save, tr

HALF_GIGABYTE = 500 * 1024 * 1024
FORM = "application/x-www-form-urlencoded"
TOO_LARGE = (
    "The form is larger than this site accepts (%(megabytes)d MB), so nothing was saved. "
    "Go back, shorten the text and save again."
)


class CountingBody(io.RawIOBase):
    """An endless form body that counts what the app reads, and stops the test if the app reads more
    than a few megabytes (the attack: the whole body read into memory)."""

    def __init__(self, give_up_after: int = 8 * 1024 * 1024):
        self.consumed = 0
        self.give_up_after = give_up_after

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.consumed > self.give_up_after:
            raise AssertionError(f"the app read {self.consumed} bytes of a body it should have refused")
        chunk = min(len(buffer), 64 * 1024)
        buffer[:chunk] = b"a" * chunk
        self.consumed += chunk
        return chunk


def post_stream(client, url: str, body: CountingBody, length: int | None, content_type: str, token: str = ""):
    """POST an endless body as a server hands it over: with a declared length, or chunked (no length,
    and the server marks the stream as terminated, as gunicorn does)."""
    environ = {"wsgi.input": body}
    if length is None:
        environ.update({"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True})
    else:
        environ["CONTENT_LENGTH"] = str(length)
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(url, content_type=content_type, headers=headers, environ_overrides=environ)


def test_a_half_gigabyte_login_form_gets_413_without_being_read(app, admin_client):
    body = CountingBody()
    response = post_stream(admin_client.client, "/admin/login", body, HALF_GIGABYTE, FORM, admin_client.csrf())
    assert response.status_code == 413
    assert body.consumed == 0
    megabytes = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    # The login page speaks Russian until someone chooses: so does its 413 page.
    assert tr("ru", TOO_LARGE, megabytes=megabytes) in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/admin/login", "/api/terminal/heartbeat", "/kiosk-events"])
def test_a_streamed_body_without_length_is_refused_unread(app, admin_client, url):
    """Chunked upload (no Content-Length): nothing to check up front, and Werkzeug would cut the stream
    at the limit and parse what it got (a truncated text saved as if whole): refused, unread."""
    body = CountingBody()
    response = post_stream(admin_client.client, url, body, None, FORM, admin_client.csrf())
    assert response.status_code == 411
    assert body.consumed == 0


@pytest.mark.parametrize("url", ["/api/terminal/heartbeat", "/api/terminal/reports"])
def test_a_terminal_body_over_the_limit_is_refused_unread(app, terminal, url):
    body = CountingBody()
    environ = {"wsgi.input": body, "CONTENT_LENGTH": str(HALF_GIGABYTE)}
    headers = {"Authorization": f"Bearer {terminal.token}"}
    response = app.test_client().post(url, content_type="application/json", headers=headers, environ_overrides=environ)
    assert response.status_code == 413 and body.consumed == 0


@pytest.mark.parametrize("url", ["/api/terminal/heartbeat", "/api/terminal/reports"])
def test_a_terminal_body_that_is_not_json_is_refused(app, terminal, url):
    headers = {"Authorization": f"Bearer {terminal.token}"}
    response = app.test_client().post(url, data="reports=1", content_type=FORM, headers=headers)
    assert response.status_code == 415 and response.get_json() == {"ok": False, "error": "send application/json"}
    assert response.is_json


def test_the_largest_legitimate_article_still_saves(app, as_role):
    """20,000 characters of body (Kyrgyz letters, two bytes each) plus the longest title and summary,
    in all three languages: well over a megabyte of form once encoded, still under the limit."""
    from sqlalchemy import select

    from core.extensions import db
    from core.models import Article

    editor = as_role("editor")
    article = db.session.scalar(select(Article).order_by(Article.id).limit(1))
    long_texts = {}
    for lang in ("ky", "ru", "en"):
        long_texts[f"title_{lang}"] = "ө" * 200
        long_texts[f"summary_{lang}"] = "ң" * 500
        long_texts[f"body_{lang}"] = ("Үй " * 7000)[:20000]
    response = save(editor, article, **long_texts)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    db.session.expire_all()
    assert db.session.get(Article, article.id).texts["ky"]["body"] == long_texts["body_ky"]
    assert editor.get(edit_url(article)).status_code == 200


def test_a_heartbeat_of_the_largest_allowed_size_is_not_refused_by_the_body_limit(app, terminal):
    from core.fleet.api import MAX_HEARTBEAT_BYTES

    body = b'{"padding": "' + b"x" * (MAX_HEARTBEAT_BYTES - 20) + b'"}'
    assert len(body) <= MAX_HEARTBEAT_BYTES
    response = app.test_client().post("/api/terminal/heartbeat", data=body, content_type="application/json",
                                      headers={"Authorization": f"Bearer {terminal.token}"})  # fmt: skip
    assert response.status_code != 413, response.get_data(as_text=True)


@pytest.mark.slow
def test_gunicorn_answers_413_before_the_body_is_sent(serve):
    """Against a real server: declare 500 MB, send 64 KB, and the answer is already there."""
    server = serve()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        head = (
            "POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {HALF_GIGABYTE}\r\n\r\n"
        )
        sock.sendall(head.encode() + b"a" * 65536)
        answer = sock.recv(65536).decode("latin-1")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
