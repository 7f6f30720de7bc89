"""Urgent notices with real servers: central and two terminals as gunicorn processes, synced and
heartbeating with the real CLI. A publisher writes the notice in central's admin panel; the targeted
terminal shows it after one heartbeat, the other never does, and it goes at its end time although
central has been stopped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import requests

from core.config import ROOT
from core.extensions import db
from core.fleet.notices import NoticeDraft, save_notice
from core.fleet.registry import TerminalSettings, register_terminal
from core.hours import TZ
from core.models.base import utcnow
from tests.admin.conftest import FAST_ARGON2, PASSWORD, make_user
from tests.conftest import make_app

pytestmark = pytest.mark.slow
SECRET = "test-secret-not-for-production"
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
FAST = {key: str(value) for key, value in FAST_ARGON2.items()}
CLOSED_RU = "Пункт пропуска Дыйкан-Бекет закрыт до 18:00."
CLOSED = {"text_ky": "Дыйкан-Бекет өткөрүү пункту саат 18:00гө чейин жабык.", "text_ru": CLOSED_RU,
          "text_en": "The Dyikan-Beket crossing is closed until 18:00."}  # fmt: skip
SHORT = {"ky": "Кезек узун: 2 саат.", "ru": "Очередь на выезд: около 2 часов.", "en": "Queue to leave: about 2 hours."}


def login(base: str, username: str) -> tuple[requests.Session, str]:
    """A browser-like session logged in to central's admin panel, and its CSRF token."""
    session = requests.Session()
    token = CSRF.search(session.get(base + "/admin/login", timeout=10).text).group(1)
    form = {"csrf_token": token, "username": username, "password": PASSWORD}
    answer = session.post(base + "/admin/login", data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[-500:]
    return session, CSRF.search(session.get(base + "/admin/", timeout=10).text).group(1)


def urgent(html: str) -> str:
    return html.split('class="urgent-list"', 1)[1].split("</aside>", 1)[0] if 'class="urgent-list"' in html else ""


def test_a_notice_reaches_only_the_targeted_terminal_and_ends_there_with_central_stopped(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    central_stamp = tmp_path / "central.stamp"
    central = serve(db=central_db, RELEASE_STAMP_PATH=str(central_stamp), **FAST)
    central_app = make_app(central_db, central_stamp, **FAST_ARGON2)
    with central_app.app_context():
        make_user("perizat", "publisher", language="en")
        make_user("aibek", "admin", language="en")
        _row, border_token = register_terminal("osh-border-1", TerminalSettings("Osh border", "border_post"))
        _row, station_token = register_terminal("bishkek-station", TerminalSettings("Station", "railway_station"))

    terminals = {}
    for name, token in (("border", border_token), ("station", station_token)):
        state_dir = tmp_path / name
        env = {"KIOSK_ROLE": "terminal", "CENTRAL_URL": central.url, "ALLOW_INSECURE_CENTRAL": "1",
               "TERMINAL_TOKEN": token, "TERMINAL_STATE_DIR": str(state_dir),
               "RELEASE_STAMP_PATH": str(state_dir / "release.stamp")}  # fmt: skip
        database = databases.copy("migrated")
        terminals[name] = {"db": database, "env": env, "server": serve(db=database, **env)}

    def flask(name: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        t = terminals[name]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": t["db"], "SECRET_KEY": SECRET, **t["env"]}
        done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert (done.returncode == 0) == ok, done.stdout + done.stderr
        return done

    def page(name: str, path: str) -> str:
        response = requests.get(terminals[name]["server"].url + path, timeout=10)
        assert response.status_code == 200, (name, path)
        return response.text

    try:
        for name in terminals:
            flask(name, "terminal", "sync")
            flask(name, "terminal", "heartbeat")
            assert urgent(page(name, "/ru/")) == ""
            page(name, "/ru/")  # warm: from now on the page comes from the cache

        # A publisher writes the notice in central's admin panel, for border posts only.
        publisher, token = login(central.url, "perizat")
        ends = (utcnow() + timedelta(hours=3)).astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
        form = {"csrf_token": token, **CLOSED, "severity": "critical", "ends_at": ends, "target": "kinds",
                "kinds": "border_post"}  # fmt: skip
        saved = publisher.post(central.url + "/admin/notices/new", data=form, allow_redirects=False, timeout=10)
        assert saved.status_code == 302, saved.text[-800:]
        # A second one, written to end in a few seconds (the form has minutes; the end time is what is tested).
        with central_app.app_context():
            now = utcnow()
            draft = NoticeDraft(SHORT, "warning", now, now + timedelta(seconds=25), "kinds", ["border_post"])
            short = save_notice(draft, "perizat", now)
            short_end = short.ends_at

        # One heartbeat: the border post shows both, on warm pages too; the station shows neither.
        for name in terminals:
            flask(name, "terminal", "heartbeat")
        for path in ("/ru/", "/ru/topics/work-abroad", "/en/hotlines"):
            lang = path.split("/")[1]
            block = urgent(page("border", path))
            assert CLOSED[f"text_{lang}"] in block and SHORT[lang] in block, path
            assert urgent(page("station", path)) == "", path
        start = urgent(page("border", "/"))
        assert all(text in start for text in CLOSED.values())  # the language screen: every language

        # The next heartbeat acknowledges it: the fleet page says which terminal has it.
        flask("border", "terminal", "heartbeat")
        admin, _token = login(central.url, "aibek")
        fleet = admin.get(central.url + "/admin/fleet/", timeout=10).text
        section = fleet.split('class="fleet-notices"', 1)[1].split("</section>", 1)[0]
        assert 'data-terminal="osh-border-1" data-acknowledged="1"' in section
        assert "bishkek-station" not in section

        # Central stops; the short notice ends by the terminal's own clock, the other stays.
        central.stop()
        assert "unreachable" in flask("border", "terminal", "heartbeat", ok=False).stdout
        while utcnow() <= short_end:
            time.sleep(0.5)
        for path in ("/", "/ru/", "/ru/topics/work-abroad", "/en/hotlines"):
            block = urgent(page("border", path))
            assert CLOSED_RU in block or path != "/ru/", path
            assert all(text not in block for text in SHORT.values()), path
        status = requests.get(terminals["border"]["server"].url + "/kiosk-status", timeout=10).json()
        assert status["urgent"] and " " not in status["urgent"]  # one notice in force now
    finally:
        central.stop()
        for t in terminals.values():
            t["server"].stop()
            databases.drop(t["db"])
        with central_app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(central_db)
