"""Fleet pages in the admin panel and the `flask terminals` commands."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fleet.monitor import latest_release_head, record_heartbeat
from core.fleet.registry import TerminalSettings, hash_token, register_terminal
from core.models.base import utcnow
from core.models.fleet import Terminal, TerminalCommand
from tests.admin.conftest import ROLE_USERS, AdminClient, make_user

TOKEN_RE = re.compile(r'<code class="token" id="terminal-token">([^<]+)</code>')


@pytest.fixture
def as_role(app):
    """Factory: a logged-in AdminClient for a role."""

    def make(role: str) -> AdminClient:
        make_user(ROLE_USERS[role], role, language="en")  # pages compared with English source strings
        client = AdminClient(app.test_client())
        client.login_role(role)
        return client

    return make


def _terminal(slug: str, minutes_ago: int | None, release: int | None = None, earlier: int | None = None):
    """A registered terminal whose heartbeats arrived that many minutes ago."""
    terminal, _token = register_terminal(slug, TerminalSettings(slug.title(), "railway_station"))
    now = utcnow()
    number, digest = latest_release_head()
    report = {"release_number": release or number, "release_hash": digest if release is None else "0" * 64}
    if earlier is not None:
        record_heartbeat(terminal, report, now - timedelta(minutes=earlier))
    if minutes_ago is not None:
        record_heartbeat(terminal, report, now - timedelta(minutes=minutes_ago))
    db.session.commit()
    return terminal


def test_only_admins_see_the_fleet(as_role):
    assert as_role("editor").get("/admin/fleet/").status_code == 403
    assert as_role("admin").get("/admin/fleet/").status_code == 200


def test_dashboard_shows_online_stale_offline_back_online_and_outdated(as_role):
    _terminal("bishkek-station", 1)
    _terminal("naryn-border", 5)
    _terminal("manas-airport", 40)
    _terminal("osh-border", 1, earlier=90)
    _terminal("lobby-old", 1, release=1)
    admin = as_role("admin")
    page = admin.get("/admin/fleet/").get_data(as_text=True)
    states = dict(re.findall(r'data-terminal="([^"]+)" data-state="([^"]+)"', page))
    assert states == {
        "bishkek-station": "online",
        "naryn-border": "stale",
        "manas-airport": "offline",
        "osh-border": "online",
        "lobby-old": "online",
    }
    assert 'data-terminal="osh-border" data-state="online" data-back-online="1"' in page
    assert re.search(r'data-terminal="lobby-old"[^>]*data-outdated="1"', page)
    assert 'data-event="back_online"' in page and 'data-event="went_offline"' in page
    assert "No usage yet" in page and "<svg" not in page  # no empty chart before any usage is reported

    again = admin.get("/admin/fleet/").get_data(as_text=True)  # events are "since the last visit"
    assert 'data-event="back_online"' not in again

    start = admin.get("/admin/").get_data(as_text=True)  # the admin start page lists who needs attention
    assert "Naryn-Border" in start and "Manas-Airport" in start and "Bishkek-Station" not in start


def test_registering_shows_the_token_once_and_stores_only_its_hash(as_role, app):
    admin = as_role("admin")
    form = {
        "slug": "kara-suu-border",
        "name": "Kara-Suu border post",
        "kind": "border_post",
        "location": "Passport control",
        "idle_timeout": "60",
        "topic_order": "eaeu, work-abroad",
        "public_url": "https://kiosk.example.kg",
    }
    response = admin.post("/admin/fleet/new", form)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = TOKEN_RE.search(response.get_data(as_text=True)).group(1)
    terminal = db.session.scalar(select(Terminal).where(Terminal.slug == "kara-suu-border"))
    assert terminal.token_hash == hash_token(token) and token not in str(terminal.__dict__)
    assert terminal.topic_order == ["eaeu", "work-abroad"] and terminal.idle_timeout == 60
    detail = admin.get("/admin/fleet/kara-suu-border").get_data(as_text=True)
    assert token not in detail
    api = app.test_client()
    assert api.get("/api/terminal/release", headers={"Authorization": f"Bearer {token}"}).status_code == 200

    again = admin.post("/admin/fleet/new", form)
    assert again.status_code == 422  # the short name is taken
    bad = admin.post("/admin/fleet/new", {**form, "slug": "Bad Slug!", "public_url": "ftp://x"})
    assert bad.status_code == 422
    assert db.session.scalar(select(Terminal).where(Terminal.slug == "Bad Slug!")) is None

    rotated = admin.post("/admin/fleet/kara-suu-border/rotate")
    new_token = TOKEN_RE.search(rotated.get_data(as_text=True)).group(1)
    assert api.get("/api/terminal/release", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert api.get("/api/terminal/release", headers={"Authorization": f"Bearer {new_token}"}).status_code == 200
    admin.post("/admin/fleet/kara-suu-border/revoke")
    assert api.get("/api/terminal/release", headers={"Authorization": f"Bearer {new_token}"}).status_code == 401


def test_reload_is_queued_from_the_dashboard_with_csrf(as_role):
    terminal = _terminal("issyk-kul-station", 600)  # offline for ten hours
    admin = as_role("admin")
    assert admin.post("/admin/fleet/issyk-kul-station/reload", csrf=False).status_code == 400
    assert admin.post("/admin/fleet/issyk-kul-station/reload").status_code == 302
    command = db.session.scalar(select(TerminalCommand).where(TerminalCommand.terminal_id == terminal.id))
    assert command.kind == "reload" and command.delivered_at is None and command.created_by == "aibek"
    page = admin.get("/admin/fleet/").get_data(as_text=True)
    assert "1 command waiting" in page


def test_detail_page_has_history_chart_and_editable_settings(as_role):
    _terminal("talas-office", 2, earlier=4)
    admin = as_role("admin")
    page = admin.get("/admin/fleet/talas-office").get_data(as_text=True)
    assert page.count('<tr><th scope="row">') >= 2  # heartbeat history rows
    assert "No usage yet" in page  # the chart is drawn once usage arrives (tests/admin/test_fleet_page.py)
    response = admin.post(
        "/admin/fleet/talas-office",
        {
            "name": "Talas office lobby",
            "kind": "office_lobby",
            "location": "",
            "idle_timeout": "",
            "topic_order": "hotlines-and-help",
            "public_url": "",
        },
    )
    assert response.status_code == 302
    terminal = db.session.scalar(select(Terminal).where(Terminal.slug == "talas-office"))
    assert (terminal.name, terminal.kind, terminal.topic_order) == (
        "Talas office lobby",
        "office_lobby",
        ["hotlines-and-help"],
    )
    bad = admin.post("/admin/fleet/talas-office", {"name": "", "kind": "office_lobby", "idle_timeout": "5"})
    assert bad.status_code == 422


def test_cli_registers_a_terminal_and_prints_the_token_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "terminals",
            "add",
            "jalal-abad-station",
            "--kind",
            "railway_station",
            "--name",
            "Jalal-Abad railway station",
        ]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("kt_")
    terminal = db.session.scalar(select(Terminal).where(Terminal.slug == "jalal-abad-station"))
    assert terminal.token_hash == hash_token(token)
    listed = runner.invoke(args=["terminals", "list"]).output
    assert "jalal-abad-station" in listed and token not in listed
    assert runner.invoke(args=["terminals", "add", "jalal-abad-station", "--kind", "airport", "--name", "x"]).exit_code
    rotated = runner.invoke(args=["terminals", "rotate", "jalal-abad-station"]).output.strip().splitlines()[-1]
    assert rotated != token and rotated.startswith("kt_")
    assert "revoked" in runner.invoke(args=["terminals", "revoke", "jalal-abad-station"]).output
    assert "queued" in runner.invoke(args=["terminals", "reload", "jalal-abad-station"]).output
