"""Password rules after NIST SP 800-63B (issue 10, item 7): the passwords the attack got accepted, common,
repetitive, sequential and context-specific ones are refused everywhere a password is set (own change,
people admin, CLI), with a message in the staff member's language; good passphrases pass."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import User
from core.passwords import COMMON, CONTEXT, PATTERN, SHORT, common_passwords, password_problem
from tests.admin.conftest import PASSWORD, AdminClient, field_errors, tr

# What the attack got accepted, and longer passwords of the same kinds.
WEAK = {
    "aaaaaaaaaa": SHORT,
    "1234567890": SHORT,
    "weak3weak3": SHORT,
    "aaaaaaaaaaaaaaaa": PATTERN,
    "123456789012345678": PATTERN,
    "weak3weak3weak3weak3": PATTERN,
    "qwertyuiopasdfghjkl": PATTERN,
    "йцукенгшщзхъ12345": PATTERN,
    "9876543210987654": PATTERN,
    "password12345678": COMMON,
    "ILoveYou2024!!!!": COMMON,
    "Superman 123456789": COMMON,
    "kiosk migration 2026": CONTEXT,
    "State Migration Service!": CONTEXT,
    "Kiosk-Kiosk-Migration": CONTEXT,
    "Бишкек Манас 2026!!!": CONTEXT,
}
GOOD = ["correct horse battery staple", "тёплый чай у окна вокзала", "жашыл алма жана кызыл чай", "a new password 42"]
ADVICE = "Choose another: a few unrelated words make a good password."
MESSAGES = {
    COMMON: "This password is one of the most common passwords, which attackers try first.",
    PATTERN: "This password is a repetition or a sequence (such as aaaa, 1234 or qwerty), which attackers try first.",
    CONTEXT: "This password is built from the user name or from words everyone here knows (kiosk, migration, "
    "the Service's name).",
}


@pytest.mark.parametrize("password, problem", WEAK.items())
def test_weak_passwords_are_named_for_what_is_wrong(password, problem):
    assert password_problem(password, "erkin") == problem


@pytest.mark.parametrize("password", GOOD)
def test_passphrases_pass(password):
    assert password_problem(password, "erkin") is None


def test_the_user_name_is_context():
    assert password_problem("zarina.begimkulova2026", "zarina.begimkulova") == CONTEXT
    assert password_problem("Begimkulova 1234567", "zarina.begimkulova") == CONTEXT
    assert password_problem("zarina.begimkulova2026", "erkin") is None


def test_the_bundled_list_holds_thousands_of_common_passwords():
    common = common_passwords()
    assert len(common) >= 5000
    assert {"123456", "password", "qwerty", "iloveyou", "dragon"} <= common


def _change_own(client, new: str):
    return client.post("/admin/password", {"current": PASSWORD, "new": new, "repeat": new})


@pytest.mark.parametrize("password, problem", [(p, k) for p, k in WEAK.items() if k != SHORT])
def test_own_password_change_refuses_weak_passwords_and_keeps_the_old_one(app, as_role, password, problem):
    editor = as_role("editor")
    response = _change_own(editor, password)
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "new") == f"{MESSAGES[problem]} {ADVICE}"
    assert AdminClient(app.test_client()).login("erkin", PASSWORD).status_code == 302


def test_own_user_name_is_refused_in_the_password(app, as_role):
    response = _change_own(as_role("editor"), "Erkin 2026 in Osh!")
    assert field_errors(response.get_data(as_text=True), "new") == f"{MESSAGES[CONTEXT]} {ADVICE}"


def test_the_attack_passwords_are_refused_as_too_short(app, as_role):
    editor = as_role("editor")
    for password in ("aaaaaaaaaa", "1234567890", "weak3weak3"):
        response = _change_own(editor, password)
        assert response.status_code == 422
        assert field_errors(response.get_data(as_text=True), "new") == "Use 15 to 200 characters."


def test_the_message_speaks_the_staff_members_language(app, as_role, staff):
    staff["editor"].language = "ky"
    db.session.commit()
    response = _change_own(as_role("editor"), "password12345678")
    expected = f"{tr('ky', MESSAGES[COMMON])} {tr('ky', ADVICE)}"
    assert "сырсөз" in expected  # the Kyrgyz catalog really has it
    assert field_errors(response.get_data(as_text=True), "new") == expected


def test_a_good_passphrase_is_taken(app, as_role):
    editor = as_role("editor")
    assert _change_own(editor, "тёплый чай у окна вокзала").status_code == 302
    assert AdminClient(app.test_client()).login("erkin", "тёплый чай у окна вокзала").status_code == 302


def test_people_admin_refuses_weak_passwords_for_new_and_existing_accounts(app, as_role, staff):
    admin = as_role("admin")
    form = {"username": "nurlan", "role": "editor", "language": "ru", "active": "y", "password": "Nurlan 2026 in Osh!"}
    response = admin.post("/admin/users/new", form)
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "password") == f"{MESSAGES[CONTEXT]} {ADVICE}"
    assert db.session.scalar(select(User).where(User.username == "nurlan")) is None
    edit = {"username": "erkin", "role": "editor", "language": "en", "active": "y", "password": "1111111111111111"}
    response = admin.post(f"/admin/users/{staff['editor'].id}", edit)
    assert response.status_code == 422
    assert field_errors(response.get_data(as_text=True), "password") == f"{MESSAGES[PATTERN]} {ADVICE}"
    assert AdminClient(app.test_client()).login("erkin", PASSWORD).status_code == 302  # unchanged


CLI_COMMANDS = [["users", "create", "zarina", "--role", "admin"], ["users", "set-password", "erkin"]]


@pytest.mark.parametrize("command", CLI_COMMANDS)
def test_the_cli_refuses_weak_passwords(app, runner, staff, command):
    for weak in ("aaaaaaaaaa", "kiosk migration 2026", "password12345678", "zarina erkin 2026!"):
        result = runner.invoke(args=command, input=weak + "\n")
        assert result.exit_code != 0, (weak, result.output)
    assert db.session.scalar(select(User).where(User.username == "zarina")) is None
    assert AdminClient(app.test_client()).login("erkin", PASSWORD).status_code == 302
    result = runner.invoke(args=command, input="жашыл алма жана кызыл чай\n")
    assert result.exit_code == 0, result.output
