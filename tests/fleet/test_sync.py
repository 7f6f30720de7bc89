"""Terminal sync: conditional pull, verified and atomic apply, refusals that keep the last good release."""

from __future__ import annotations

import hashlib
import socket
import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, func, select

from core.extensions import db
from core.fleet import state
from core.fleet.client import sync_release
from core.fleet.registry import revoke_token, rotate_token
from core.models import Release
from tests.fleet.conftest import publish_title

WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "REPLACE")


def sync(terminal, http):
    """One sync on the terminal."""
    with terminal.app_context():
        return sync_release(session=http)


def shown_release(terminal) -> tuple[int, int]:
    """(number, how many release rows) on the terminal."""
    with terminal.app_context():
        rows = db.session.execute(select(func.max(Release.number), func.count(Release.id))).one()
        return rows[0], rows[1]


def test_sync_applies_the_release_and_the_terminal_shows_new_text_after_one_sync(central, terminal, http):
    client = terminal.test_client()
    assert client.get("/ru/").status_code == 503  # nothing synced yet
    assert sync(terminal, http).outcome == "updated"
    assert "Работа за рубежом" in client.get("/ru/").get_data(as_text=True)

    release = publish_title("work-abroad", "Работа за рубежом: новые правила")
    result = sync(terminal, http)
    assert (result.outcome, result.release) == ("updated", release.number)
    page = client.get("/ru/").get_data(as_text=True)
    assert "Работа за рубежом: новые правила" in page
    assert shown_release(terminal) == (release.number, 1)
    with terminal.app_context():
        kept = db.session.scalar(select(Release))
        assert kept.content_hash == release.content_hash
        assert kept.created_at == release.created_at  # "Information as of" shows central's date


def test_unchanged_release_costs_one_conditional_request_and_no_database_write(terminal, http, bridge):
    sync(terminal, http)
    bridge.log.clear()
    writes: list[str] = []
    with terminal.app_context():
        engine = db.engine

        def spy(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().split(" ", 1)[0].upper() in WRITES:
                writes.append(statement)

        event.listen(engine, "before_cursor_execute", spy)
        try:
            result = sync_release(session=http)
        finally:
            event.remove(engine, "before_cursor_execute", spy)
    assert result.outcome == "unchanged"
    assert len(bridge.log) == 1
    assert bridge.log[0].status == 304
    with terminal.app_context():
        local_hash = db.session.scalar(select(Release.content_hash))
    assert bridge.log[0].headers["If-None-Match"] == f'"{local_hash}"'
    assert writes == []


def _wrong_hash(status, headers, body):
    headers["X-Content-Hash"] = hashlib.sha256(b"something else").hexdigest()
    return status, headers, body


def _truncated_same_length_header(status, headers, body):
    return status, headers, body[: len(body) // 2]


def _truncated_consistent_length(status, headers, body):
    body = body[: len(body) // 2]
    headers["Content-Length"] = str(len(body))
    return status, headers, body


def _not_json_but_hash_matches(status, headers, body):
    body = b"<html>captive portal</html>"
    headers.update({"Content-Length": str(len(body)), "X-Content-Hash": hashlib.sha256(body).hexdigest()})
    return status, headers, body


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (_wrong_hash, "hash mismatch"),
        (_truncated_same_length_header, "incomplete"),
        (_truncated_consistent_length, "hash mismatch"),
        (_not_json_but_hash_matches, "not valid JSON"),
    ],
)
def test_a_corrupt_release_is_refused_and_the_previous_one_kept(central, terminal, http, bridge, tamper, reason):
    sync(terminal, http)
    before = shown_release(terminal)
    publish_title("work-abroad", "Текст, который не должен появиться")
    bridge.tamper = tamper
    result = sync(terminal, http)
    assert result.outcome == "failed"
    assert reason in result.error
    assert shown_release(terminal) == before
    page = terminal.test_client().get("/ru/").get_data(as_text=True)
    assert "Работа за рубежом" in page
    assert "не должен появиться" not in page
    with terminal.app_context():
        assert state.sync_status()["last_error"]


class _CutServer:
    """A one-shot HTTP server that announces a release and hangs up halfway through the body."""

    def __init__(self, body: bytes):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        digest = hashlib.sha256(body).hexdigest()
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Content-Hash: {digest}\r\nX-Release-Number: 9\r\n"
            "X-Release-Created: 2026-11-26T10:00:00+00:00\r\nConnection: close\r\n\r\n"
        )
        self.reply = head.encode() + body[: len(body) // 2]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.sock.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(self.reply)
        self.sock.close()


def test_a_download_cut_off_on_the_wire_is_refused(terminal, http):
    sync(terminal, http)
    before = shown_release(terminal)
    with terminal.app_context():
        body = db.session.scalar(select(Release.payload)).encode()
    cut = _CutServer(body)
    terminal.config["CENTRAL_URL"] = cut.url
    terminal.config["ALLOW_INSECURE_CENTRAL"] = True  # a plain socket on loopback: a lab
    result = sync(terminal, None)
    cut.thread.join(5)
    assert result.outcome == "failed"
    assert "interrupted" in result.error or "incomplete" in result.error
    assert shown_release(terminal) == before


def test_wrong_revoked_and_rotated_tokens(central, terminal, http, registered):
    sync(terminal, http)
    before = shown_release(terminal)
    publish_title("work-abroad", "Новый текст")

    good = terminal.config["TERMINAL_TOKEN"]
    terminal.config["TERMINAL_TOKEN"] = "kt_" + "x" * 43
    result = sync(terminal, http)
    assert result.outcome == "failed" and "token" in result.error
    assert shown_release(terminal) == before

    terminal.config["TERMINAL_TOKEN"] = good
    revoke_token(registered[0])
    result = sync(terminal, http)
    assert result.outcome == "failed" and "token" in result.error
    assert shown_release(terminal) == before

    new_token = rotate_token(registered[0])
    assert sync(terminal, http).outcome == "failed"  # the revoked token stays dead
    terminal.config["TERMINAL_TOKEN"] = new_token
    assert sync(terminal, http).outcome == "updated"
    assert "Новый текст" in terminal.test_client().get("/ru/").get_data(as_text=True)


def test_central_down_the_terminal_keeps_serving_and_says_since_when_it_is_unsynced(terminal, http, bridge):
    sync(terminal, http)
    with terminal.app_context():
        synced_at = state.sync_status()["last_success"]
    bridge.down = True
    result = sync(terminal, http)
    assert result.outcome == "failed" and "unreachable" in result.error
    client = terminal.test_client()
    for path in ("/", "/ru/", "/ky/hotlines", "/en/office", "/ru/topics/work-abroad"):
        assert client.get(path).status_code == 200, path
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok"
    assert health["sync"]["unsynced_since"] == synced_at
    assert "unreachable" in health["sync"]["last_error"]
    assert health["sync"]["notice"] is False


def test_the_notice_with_hotlines_appears_only_after_the_threshold(terminal, http, bridge):
    last_good = datetime.fromisoformat("2026-11-20T08:00:00+00:00")
    with terminal.app_context():
        sync_release(now=last_good, session=http)
        bridge.down = True
        sync_release(now=last_good + timedelta(hours=1), session=http)
    client = terminal.test_client()
    notice = "This terminal has not received updates since"

    terminal.config["KIOSK_FROZEN_NOW"] = (last_good + timedelta(hours=23)).isoformat()
    page = client.get("/en/hotlines").get_data(as_text=True)
    assert notice not in page
    assert client.get("/kiosk-status").get_json()["notice"] is False

    terminal.config["KIOSK_FROZEN_NOW"] = (last_good + timedelta(days=3)).isoformat()
    page = client.get("/en/topics/work-abroad").get_data(as_text=True)
    assert notice in page
    assert "November 20, 2026" in page  # CLDR en long date
    notice_block = page.split('class="card sync-notice"', 1)[1].split("</div>", 1)[0]
    assert "189" in notice_block and "0312 300423" in notice_block
    assert 'data-notice="1"' in page
    assert client.get("/kiosk-status").get_json()["notice"] is True
