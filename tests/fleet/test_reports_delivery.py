"""Reports filed on a terminal reach central exactly once: kept while central is away, sent with the
next heartbeat run in their own request (never inside the heartbeat), acknowledged, then deleted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
import requests
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from core import reports
from core.config import ROOT
from core.extensions import db
from core.fleet.client import send_heartbeat, sync_release
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import Report
from tests.conftest import make_app
from tests.fleet.conftest import CENTRAL

SECRET = "test-secret-not-for-production"
NAME = "Нурлан Өмүрзаков"
PHONE = "+996 700 111 222"


def _file_on(app, name=NAME) -> SimpleNamespace:
    with app.app_context():
        draft, errors = reports.check_draft({"kind": "money", "place": "border", "happened": "today",
                                             "text": "ңөү", "answer": "contact", "name": name, "contact": PHONE},
                                            "ky")  # fmt: skip
        assert not errors
        report = reports.file_report(draft)
        return SimpleNamespace(number=report.number, due_on=report.due_on)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Report))


def test_a_lost_acknowledgement_never_doubles_a_report_and_no_heartbeat_carries_it(
    central, registered, terminal, bridge, http
):
    bodies: list[tuple[str, bytes]] = []
    send = bridge.send

    def recording(request, **kwargs):
        bodies.append((request.url, request.body or b""))
        return send(request, **kwargs)

    bridge.send = recording
    with terminal.app_context():
        sync_release(session=http)
        send_heartbeat(session=http)  # the terminal learns its number prefix
    filed = _file_on(terminal)
    assert filed.number == f"{registered[0].id}-0001"

    bridge.lose_answer = True  # central stores it, but the answer never comes back
    with terminal.app_context():
        assert not send_heartbeat(session=http).ok
    assert _count(terminal) == 1  # kept on the terminal
    bridge.lose_answer = False
    with terminal.app_context():
        result = send_heartbeat(session=http)
    assert result.ok and result.delivered_reports == 1
    assert _count(terminal) == 0  # removed once acknowledged
    stored = db.session.scalars(select(Report)).all()  # central (the test's default context)
    assert [(r.number, r.source) for r in stored] == [(filed.number, "osh-border-1")]
    assert reports.unseal(stored[0].name_enc) == NAME

    heartbeats = [body for url, body in bodies if url.endswith("/heartbeat")]
    assert heartbeats and not [b for b in heartbeats if "Нурлан".encode() in b or b"700 111" in b
                                or "Нурлан" in json.loads(b).__repr__()]  # fmt: skip
    assert any(url.endswith("/api/terminal/reports") for url, _b in bodies)


def test_a_report_from_central_with_a_taken_number_is_kept_back(central, registered, terminal, bridge, http):
    with terminal.app_context():
        send_heartbeat(session=http)
    first = _file_on(terminal)
    # Central already holds that number from another report (a terminal id reused, say).
    other = Report(uid="0f0b6a3e-3f2b-4a53-9a47-3f7d2c1e0a11", number=first.number, due_on=first.due_on, lang="ru",
                   kind="other", place="other", happened="today", text_enc=reports.seal(""))  # fmt: skip
    db.session.add(other)
    db.session.commit()
    with terminal.app_context():
        assert send_heartbeat(session=http).delivered_reports == 0
    assert _count(terminal) == 1  # never lost: it waits for staff to sort the numbers out


@pytest.mark.slow
def test_a_report_filed_while_central_is_stopped_reaches_it_once_with_the_same_number(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    keys = {"central": Fernet.generate_key().decode(), "terminal": Fernet.generate_key().decode()}
    central = serve(db=central_db, RELEASE_STAMP_PATH=str(tmp_path / "central.stamp"), REPORT_KEYS=keys["central"])
    central_app = make_app(central_db, tmp_path / "central.stamp", REPORT_KEYS=(keys["central"],))
    with central_app.app_context():
        terminal_row, token = register_terminal("manas-1", TerminalSettings("Manas airport, hall 1", "airport"))
        prefix = str(terminal_row.id)

    terminal_db = databases.copy("migrated")
    state_dir = tmp_path / "terminal"
    env = {"KIOSK_ROLE": "terminal", "CENTRAL_URL": central.url, "ALLOW_INSECURE_CENTRAL": "1",
           "TERMINAL_TOKEN": token, "TERMINAL_STATE_DIR": str(state_dir),
           "RELEASE_STAMP_PATH": str(state_dir / "release.stamp"), "REPORT_KEYS": keys["terminal"]}  # fmt: skip
    terminal = serve(db=terminal_db, **env)
    terminal_app = make_app(terminal_db, state_dir / "release.stamp", REPORT_KEYS=(keys["terminal"],))

    def flask(*args: str) -> subprocess.CompletedProcess:
        cli_env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": terminal_db, "SECRET_KEY": SECRET, **env}
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=cli_env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    assert "updated" in flask("terminal", "sync").stdout
    assert flask("terminal", "heartbeat").returncode == 0  # settings, with the number prefix

    central.stop()
    traveller = requests.Session()
    form = traveller.get(terminal.url + "/ru/report", timeout=10)
    assert "Здесь: Manas airport, hall 1" in form.text  # the terminal's own place, offered first
    token_field = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    sent = traveller.post(terminal.url + "/ru/report", timeout=10, allow_redirects=False, data={
        "csrf_token": token_field, "kind": "delay", "place": "here", "happened": "today", "text": "Очередь 3 часа",
        "answer": "contact", "name": NAME, "contact": PHONE})  # fmt: skip
    assert sent.status_code == 303, sent.text[:500]
    number = re.search(r"/ru/report/([^?]+)\?new=1$", sent.headers["Location"]).group(1)
    assert number == f"{prefix}-0001"
    receipt = traveller.get(terminal.url + sent.headers["Location"], timeout=10)
    assert number in receipt.text and "Зарегистрировано" in receipt.text

    beat = flask("terminal", "heartbeat")
    assert beat.returncode != 0  # central is away
    assert _count(terminal_app) == 1  # the report waits on the terminal

    central.start()
    beat = flask("terminal", "heartbeat")
    assert beat.returncode == 0 and "reports delivered: 1" in beat.stdout, beat.stdout + beat.stderr
    assert _count(terminal_app) == 0
    again = flask("terminal", "heartbeat")
    assert "reports delivered: 0" in again.stdout
    with central_app.app_context():
        rows = db.session.scalars(select(Report)).all()
        assert [(r.number, r.kind, r.source) for r in rows] == [(number, "delay", "manas-1")]
        assert reports.unseal(rows[0].contact_enc) == PHONE  # re-sealed with central's own key
        assert reports.unseal(rows[0].text_enc) == "Очередь 3 часа"
        reports.set_status(rows[0], "review")
        db.session.commit()
    # The terminal no longer holds it: its status screen asks central.
    status = requests.get(f"{terminal.url}/ru/report/{number}", timeout=10)
    assert status.status_code == 200 and "На рассмотрении" in status.text
    assert NAME not in status.text and "Очередь" not in status.text
    for log in (terminal.log, central.log):
        text = log.read_text(errors="replace")
        assert "Нурлан" not in text and "700 111" not in text, log  # never in a log
    assert CENTRAL  # (the in-process tests above use the bridge's address)
