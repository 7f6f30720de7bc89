"""A terminal makes the audio of its release itself and plays every page with central stopped (issue 15).

Central and a terminal as real gunicorn processes; the terminal syncs with the real CLI and then runs
`flask speech build`, as deploy/systemd/kiosk-speech.path does after each new release.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import requests

from core.config import ROOT
from core.fleet.registry import TerminalSettings, register_terminal
from core.speech.synth import clip_seconds
from tests.conftest import make_app

pytestmark = pytest.mark.slow
SECRET = "test-secret-not-for-production"
KEY = re.compile(r'data-a="([0-9a-f]{32})"')
BUILT = re.compile(r"speech: (\d+) pages, (\d+) clips \((\d+) sentences\), (\d+) synthesized now")


def test_a_terminal_with_central_stopped_plays_every_page_in_every_language(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    central = serve(db=central_db, RELEASE_STAMP_PATH=str(tmp_path / "central.stamp"))
    central_app = make_app(central_db, tmp_path / "central-app.stamp")
    with central_app.app_context():
        _terminal, token = register_terminal("osh-border", TerminalSettings("Osh border post", "border_post"))

    terminal_db = databases.copy("migrated")
    state = tmp_path / "terminal"
    speech_dir = state / "speech"
    env = {
        "KIOSK_ROLE": "terminal", "CENTRAL_URL": central.url, "ALLOW_INSECURE_CENTRAL": "1", "TERMINAL_TOKEN": token,
        "TERMINAL_STATE_DIR": str(state), "RELEASE_STAMP_PATH": str(state / "release.stamp"),
        "SPEECH_CACHE_DIR": str(speech_dir),
    }  # fmt: skip

    def flask(*args: str) -> subprocess.CompletedProcess:
        cli_env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": terminal_db, "SECRET_KEY": SECRET, **env}
        return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=cli_env,
                              capture_output=True, text=True, timeout=1800)  # fmt: skip

    terminal = None
    try:
        synced = flask("terminal", "sync")
        assert synced.returncode == 0 and "updated" in synced.stdout, synced.stdout + synced.stderr
        built = flask("speech", "build")
        assert built.returncode == 0, built.stdout + built.stderr
        pages, clips, _sentences, made = map(int, BUILT.search(built.stdout).groups())
        assert pages > 90 and made == clips > 1000  # every sentence of every page, made here

        central.stop()
        terminal = serve(db=terminal_db, **env)
        made_files = sorted(p.name for p in speech_dir.rglob("*.ogg"))
        paths = _every_page(terminal.url, ["/", "/ky/", "/ru/", "/en/"])
        seen_pages, heard = 0, set()
        for path in paths:
            page = requests.get(terminal.url + path, timeout=10)
            assert page.status_code == 200, path
            keys = KEY.findall(page.text)
            assert keys and 'id="speech-listen"' in page.text, path
            seen_pages += 1
            for key in set(keys) - heard:
                clip = requests.get(f"{terminal.url}/speech/{key}", timeout=30)
                assert clip.status_code == 200 and clip.headers["Content-Type"] == "audio/ogg", (path, key)
                assert clip_seconds(clip.content) > 0.1, (path, key)
                heard.add(key)
        assert seen_pages > 90 and len(heard) > 1000
        # Nothing was synthesized while serving: every clip existed already, made from the release text.
        assert sorted(p.name for p in speech_dir.rglob("*.ogg")) == made_files

        again = flask("speech", "build")
        assert BUILT.search(again.stdout).group(4) == "0", again.stdout  # an unchanged release: nothing
    finally:
        central.stop()
        if terminal is not None:
            terminal.stop()
        with central_app.app_context():
            from core.extensions import db

            db.session.remove()
            db.engine.dispose()
        databases.drop(central_db)
        databases.drop(terminal_db)


def _every_page(base: str, start: list[str]) -> list[str]:
    """Every kiosk page reachable from the home pages by links (topics, articles, hotlines, office)."""
    seen, queue = set(), list(start)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if path != "/":
            html = requests.get(base + path, timeout=10).text
            queue.extend(link for link in re.findall(r'href="(/(?:ky|ru|en)/[^"#?]*)"', html) if link not in seen)
    return sorted(seen)
