"""Fixtures of the security tests: staff accounts per role (shared with the admin tests), a registered
terminal with its bearer token, and real sample values for every URL argument."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.fleet.registry import TerminalSettings, register_terminal
from tests.admin import conftest as admin_fixtures
from tests.security.helpers import Samples

# The admin tests' accounts per role and their logged-in clients, reused here.
staff = admin_fixtures.staff
as_role = admin_fixtures.as_role
admin_client = admin_fixtures.admin_client


@pytest.fixture
def app_config() -> dict:
    """Cheap password hashing, and login limits (per address, per account) that the many logins of
    these tests never reach."""
    return {
        **admin_fixtures.FAST_ARGON2,
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "LOGIN_ACCOUNT_FREE_ATTEMPTS": 100000,
    }


@dataclass(frozen=True)
class RegisteredTerminal:
    """A terminal known to central and the token it authenticates with."""

    id: int
    slug: str
    token: str


@pytest.fixture
def terminal(app) -> RegisteredTerminal:
    """A border-post terminal registered on central."""
    row, token = register_terminal("osh-border-1", TerminalSettings("Osh border post", "border_post", "Gate 2"))
    return RegisteredTerminal(row.id, row.slug, token)


@pytest.fixture
def samples(app, staff, terminal) -> Samples:
    """Values for URL arguments taken from the seeded database (and one traveller report)."""
    from core import reports

    draft, _errors = reports.check_draft({"kind": "money", "place": "border", "happened": "today", "text": "",
                                          "answer": "anonymous"}, "ru")  # fmt: skip
    report = reports.file_report(draft)
    found = Samples.load(staff["editor"].id, terminal.slug)
    found.report_id, found.report_number = report.id, report.number
    found.notice_id = _urgent_notice().id
    return found


def _urgent_notice():
    """An urgent notice in force for an hour (the notice pages need one to open)."""
    from datetime import timedelta

    from core.fleet.notices import NoticeDraft, save_notice
    from core.models.base import utcnow

    now = utcnow()
    texts = {"ky": "Эскертүү", "ru": "Объявление", "en": "Notice"}
    return save_notice(NoticeDraft(texts, "warning", now, now + timedelta(hours=1)), "tester", now)
