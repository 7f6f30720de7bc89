"""Login limits per account (issue 10, item 6): guesses at one account from many addresses stop being
checked after a few, with a growing delay; administrators see it on the dashboard."""

from __future__ import annotations

import time

import limits.storage.memory
import pytest
from sqlalchemy import select

import core.auth
from core.extensions import db
from core.models import AuditEvent
from tests.admin.conftest import AdminClient, tr

LOCKED = "Too many wrong passwords for this account. Try again after %(time)s."


@pytest.fixture
def app_config() -> dict:
    """The shipped limits: 10 attempts a minute per address, 5 free wrong passwords per account."""
    from tests.admin.conftest import FAST_ARGON2

    return {**FAST_ARGON2, "LOGIN_RATE_LIMIT": "10 per minute"}


class Clock:
    """A movable clock for the in-memory limit storage."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        """The clock's current time."""
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    return clock


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The passwords the app really verified (the argon2 work an attacker gets done for them)."""
    calls: list[str] = []
    real = core.auth.check_password

    def counting(user, password):
        calls.append(password)
        return real(user, password)

    monkeypatch.setattr(core.auth, "check_password", counting)
    return calls


def from_address(app, address: str) -> AdminClient:
    """A client whose requests come from one address."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return AdminClient(client)


def is_locked_page(response) -> bool:
    """The login page says the account is locked (in Russian: nobody chose a language)."""
    prefix = tr("ru", LOCKED, time="HH:MM").split("HH:MM")[0]
    return response.status_code == 429 and prefix in response.get_data(as_text=True)


def test_45_guesses_at_one_account_from_5_addresses_are_not_all_checked(app, staff, clock, checked):
    """The attack: 9 guesses from each of 5 addresses stays under the per-address limit (10 a minute)."""
    statuses = []
    for n in range(5):
        client = from_address(app, f"10.0.0.{n + 1}")
        for guess in range(9):
            response = client.login("erkin", f"guess number {n}-{guess}")
            statuses.append(response.status_code)
            assert response.status_code == 401 or is_locked_page(response)
    assert statuses.count(401) == 5
    assert statuses.count(429) == 40
    assert len(checked) == 5  # only five passwords were ever verified
    # The right password waits too, from yet another address, until the lock ends.
    assert is_locked_page(from_address(app, "10.0.0.99").login("erkin"))
    assert len(checked) == 5


def test_the_delay_grows_with_each_wrong_password_and_a_success_clears_it(app, staff, clock):
    client = from_address(app, "10.1.0.1")
    for _ in range(5):
        assert client.login("erkin", "wrong password!").status_code == 401
    assert is_locked_page(client.login("erkin"))  # locked for 30 s
    clock.now += 31
    assert client.login("erkin", "wrong again!").status_code == 401  # checked, and now locked for 60 s
    clock.now += 31
    other = from_address(app, "10.1.0.2")  # a fresh address: only the account limit can refuse
    assert is_locked_page(other.login("erkin"))
    clock.now += 30
    assert other.login("erkin").status_code == 302  # right password after the lock: in
    # The success forgot the wrong ones: five free attempts again.
    third = from_address(app, "10.1.0.3")
    for _ in range(4):
        assert third.login("erkin", "wrong password!").status_code == 401
    assert third.login("erkin").status_code == 302


def test_unknown_names_are_locked_the_same_way(app, staff, clock):
    """A lock says nothing about whether an account exists."""
    pages = {}
    for name in ("erkin", "nobody-here"):
        client = from_address(app, f"10.2.0.{len(pages) + 1}")
        for _ in range(5):
            assert client.login(name, "wrong password!").status_code == 401
        pages[name] = client.login(name, "wrong password!")
    assert all(is_locked_page(page) for page in pages.values())


def test_lock_is_audited_and_shown_to_administrators(app, as_role, staff, clock):
    client = from_address(app, "10.3.0.1")
    for _ in range(6):
        client.login("perizat", "wrong password!")
    locks = list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == "login.locked")))
    assert [(e.actor, e.detail["seconds"]) for e in locks] == [("perizat", 30)]
    page = as_role("admin").get("/admin/").get_data(as_text=True)
    card = page.split('data-slot="logins"', 1)[1].split("</section>", 1)[0]
    assert "Failed logins, last 24 hours" in card
    row = card.split("<td>perizat</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>5</td>" in row  # five wrong passwords were checked; the sixth attempt was not
    assert "not locked" not in row  # it shows until when the name is locked
    editor_page = as_role("editor").get("/admin/").get_data(as_text=True)
    assert 'data-slot="logins"' not in editor_page  # administrators only


def test_dashboard_says_when_there_is_nothing_to_watch(app, as_role):
    page = as_role("admin").get("/admin/").get_data(as_text=True)
    assert "No bursts of failed logins" in page


@pytest.mark.slow
@pytest.mark.parametrize("how", [{"GUNICORN_WORKERS": "2"}, {"args": ["--workers", "3"]}], ids=["env", "command-line"])
def test_the_shipped_central_refuses_several_workers_counting_apart(tmp_path, how):
    """deploy/gunicorn.conf.py with memory:// storage and more than one worker does not start, and says why."""
    import os
    import subprocess
    import sys

    from core.config import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "SECRET_KEY": "test-only", "RATELIMIT_STORAGE_URI": "memory://",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}", "KIOSK_ROLE": "central"}  # fmt: skip
    env.pop("GUNICORN_WORKERS", None)
    env.update({k: v for k, v in how.items() if k != "args"})
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
               "--bind", "127.0.0.1:0", *how.get("args", []), "wsgi:app"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.terminate()
        output, _ = proc.communicate(timeout=15)
        pytest.fail("gunicorn started several workers that count login attempts apart:\n" + output[-2000:])
    assert proc.returncode != 0
    assert "RATELIMIT_STORAGE_URI" in output and "redis://" in output and "GUNICORN_WORKERS=1" in output
