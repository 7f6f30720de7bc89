"""Central and a terminal as two real gunicorn processes on loopback, synced by the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
from sqlalchemy import select

from core.config import ROOT
from core.extensions import db
from core.fleet.registry import TerminalSettings, register_terminal
from core.models.fleet import Terminal
from core.publishing import current_snapshot
from tests.conftest import make_app
from tests.fleet.conftest import publish_title

pytestmark = pytest.mark.slow
SECRET = "test-secret-not-for-production"


def test_publish_sync_outage_and_catch_up_between_two_real_servers(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    central_stamp = tmp_path / "central.stamp"
    central = serve(db=central_db, RELEASE_STAMP_PATH=str(central_stamp))
    central_app = make_app(central_db, central_stamp)
    with central_app.app_context():
        _terminal, token = register_terminal("bishkek-station", TerminalSettings("Bishkek station", "railway_station"))

    terminal_db = databases.copy("migrated")
    state_dir = tmp_path / "terminal"
    env = {
        "KIOSK_ROLE": "terminal",
        "CENTRAL_URL": central.url,
        "ALLOW_INSECURE_CENTRAL": "1",  # two servers on loopback, no TLS: a lab
        "TERMINAL_TOKEN": token,
        "TERMINAL_STATE_DIR": str(state_dir),
        "RELEASE_STAMP_PATH": str(state_dir / "release.stamp"),
    }
    terminal = serve(db=terminal_db, **env)

    def flask(*args: str) -> subprocess.CompletedProcess:
        cli_env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": terminal_db, "SECRET_KEY": SECRET, **env}
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def page(path: str) -> requests.Response:
        return requests.get(terminal.url + path, timeout=10)

    try:
        assert page("/ru/").status_code == 503  # nothing synced yet
        first = flask("terminal", "sync")
        assert first.returncode == 0 and "updated" in first.stdout, first.stdout + first.stderr
        assert "Работа за рубежом" in page("/ru/").text

        # Publish on central: after one sync the terminal shows the new text.
        with central_app.app_context():
            publish_title("work-abroad", "Работа за рубежом — обновлено")
        assert "updated" in flask("terminal", "sync").stdout
        assert "Работа за рубежом — обновлено" in page("/ru/").text
        assert "unchanged" in flask("terminal", "sync").stdout

        beat = flask("terminal", "heartbeat")
        assert beat.returncode == 0, beat.stdout + beat.stderr
        with central_app.app_context():
            seen = db.session.scalar(select(Terminal).where(Terminal.slug == "bishkek-station"))
            assert seen.last_seen_at is not None and seen.release_number == 2
            snapshot = current_snapshot()
            now = snapshot.created_at
            paths = ["/"] + [p for lang in ("ky", "ru", "en") for p in snapshot.page_paths(lang, now)]
        synced_at = page("/healthz").json()["sync"]["last_success"]

        # Central stops: the terminal serves every page and says since when it is unsynced.
        central.stop()
        down = flask("terminal", "sync")
        assert down.returncode == 1 and "unreachable" in down.stdout
        for path in paths:
            response = page(path)
            assert response.status_code == 200, path
            assert "189" in response.text, path
        health = page("/healthz").json()
        assert health["status"] == "ok"
        assert health["sync"]["unsynced_since"] == synced_at
        assert "unreachable" in health["sync"]["last_error"]
        assert flask("terminal", "heartbeat").returncode == 1

        # Central returns with a release published meanwhile: the terminal catches up.
        with central_app.app_context():
            publish_title("work-abroad", "Работа за рубежом — после перерыва")
        central.start()
        back = flask("terminal", "sync")
        assert back.returncode == 0 and "updated" in back.stdout
        assert "Работа за рубежом — после перерыва" in page("/ru/").text
        assert page("/healthz").json()["sync"]["unsynced_since"] is None
    finally:
        central.stop()
        terminal.stop()
        with central_app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(central_db)
        databases.drop(terminal_db)
