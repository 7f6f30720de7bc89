"""Accounts: login, sessions, cookies, password change, disabling, the users CLI, login rate limit."""

from __future__ import annotations

import re
import secrets
import time

import limits.storage.memory
import pytest
import requests
from sqlalchemy import select

from core.extensions import db
from core.models import Article, AuditEvent, User
from tests.admin.conftest import PASSWORD, TOKEN_RE, AdminClient, edit_url, make_user, read_form, tr

WRONG = "The user name or the password is wrong."


def events(name: str) -> list[AuditEvent]:
    """Audit events of one kind, oldest first."""
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == name).order_by(AuditEvent.id)))


def test_login_logout_and_audit(app, admin_client, staff):
    assert admin_client.get("/admin/").status_code == 302
    response = admin_client.login("erkin")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    assert admin_client.get("/admin/").status_code == 200
    assert [e.actor for e in events("login")] == ["erkin"]
    assert admin_client.post("/admin/logout").status_code == 302
    assert admin_client.get("/admin/").status_code == 302
    assert [e.actor for e in events("logout")] == ["erkin"]


def test_a_cookie_copied_before_logout_is_refused_afterwards(app, admin_client, staff):
    """The attack: copy the session cookie, let the person log out, replay the copy."""
    assert admin_client.login("erkin").status_code == 302
    cookie = admin_client.client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    assert thief.get("/admin/").status_code == 200  # the copy works while the person is logged in
    assert admin_client.post("/admin/logout").status_code == 302
    replay = thief.get("/admin/content/article/")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/admin/login")
    assert thief.get("/admin/").status_code == 302  # and stays logged out
    assert AdminClient(app.test_client()).login("erkin").status_code == 302  # the person can log in again


def _without_token(page: str) -> str:
    return re.sub(r'(csrf_token" type="hidden" value|csrf-token" content|name="csrf_token" value)="[^"]+"', "", page)


def test_failed_login_does_not_say_which_part_was_wrong(app, staff):
    unknown = AdminClient(app.test_client()).login("nobody", PASSWORD)
    wrong = AdminClient(app.test_client()).login("erkin", "not the password!")
    assert unknown.status_code == wrong.status_code == 401
    pages = [_without_token(r.get_data(as_text=True)).replace("nobody", "NAME").replace("erkin", "NAME")
             for r in (unknown, wrong)]  # fmt: skip
    assert tr("ru", WRONG) in pages[0]  # the login page speaks Russian until someone chooses
    assert pages[0] == pages[1]
    assert [e.actor for e in events("login.failed")] == ["nobody", "erkin"]
    assert events("login") == []


def test_disabled_account_cannot_log_in_and_loses_its_session(app, as_role, staff):
    editor = as_role("editor")
    admin = as_role("admin")
    form = {"username": "erkin", "role": "editor", "language": "ru", "password": ""}  # "active" left unticked
    assert admin.post(f"/admin/users/{staff['editor'].id}", form).status_code == 302
    assert editor.get("/admin/").status_code == 302  # the open session ended
    again = AdminClient(app.test_client()).login("erkin")
    assert again.status_code == 401 and tr("ru", WRONG) in again.get_data(as_text=True)
    change = events("user.change")[-1]
    assert change.actor == "aibek" and change.detail["changes"]["active"] == [True, False]


def test_last_admin_cannot_be_disabled(app, as_role, staff):
    admin = as_role("admin")
    form = {"username": "aibek", "role": "admin", "language": "ru"}
    response = admin.post(f"/admin/users/{staff['admin'].id}", form)
    assert response.status_code == 422 and "last active administrator" in response.get_data(as_text=True)
    db.session.expire_all()
    assert staff["admin"].active


def test_password_change_ends_other_sessions(app, as_role, staff):
    first, second = as_role("editor"), as_role("editor")
    new = "a new long password 42"
    bad = first.post("/admin/password", {"current": "wrong wrong wrong", "new": new, "repeat": new})
    assert bad.status_code == 422
    ok = first.post("/admin/password", {"current": PASSWORD, "new": new, "repeat": new})
    assert ok.status_code == 302
    assert first.get("/admin/").status_code == 200  # this session goes on
    assert second.get("/admin/").status_code == 302  # the other one ended
    assert AdminClient(app.test_client()).login("erkin", PASSWORD).status_code == 401
    assert AdminClient(app.test_client()).login("erkin", new).status_code == 302
    assert [e.actor for e in events("user.password")] == ["erkin"]


def test_admin_creates_account_with_hashed_password(app, as_role):
    admin = as_role("admin")
    form = {"username": "nurlan", "role": "publisher", "language": "ky", "active": "y", "password": "long enough pass"}
    assert admin.post("/admin/users/new", form).status_code == 302
    user = db.session.scalar(select(User).where(User.username == "nurlan"))
    assert user.role == "publisher" and user.password_hash.startswith("$argon2id$")
    assert "long enough pass" not in user.password_hash
    assert AdminClient(app.test_client()).login("nurlan", "long enough pass").status_code == 302


def test_session_ends_after_inactivity(app, as_role):
    editor = as_role("editor")
    assert editor.get("/admin/").status_code == 200
    idle = app.permanent_session_lifetime.total_seconds()
    with editor.client.session_transaction() as session:
        session["seen"] = time.time() - idle + 60  # still inside the window
    assert editor.get("/admin/").status_code == 200
    with editor.client.session_transaction() as session:
        session["seen"] = time.time() - idle - 1
    response = editor.get("/admin/content/article/")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert editor.get("/admin/").status_code == 302  # logged out, not only redirected once


# What a browser sends with fetch(): the editor's live preview, a pronunciation sample.
BACKGROUND = {"Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}


def test_a_preview_answered_after_the_save_leaves_the_saves_message_in_place(app, as_role):
    """An editor types and presses "Save" at once: the live preview, sent with the page's cookie, is
    answered after the save. Replayed in that order, the browser must still show the save's message."""
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    url = edit_url(article)
    typed = {**read_form(editor.get(url).get_data(as_text=True)), "title_ru": "Документы для поездки"}
    page_cookie = editor.client.get_cookie("session").value
    saved = editor.post(url, {**typed, "save": "Save"})
    assert saved.status_code == 302
    saved_cookie = editor.client.get_cookie("session").value
    editor.client.set_cookie("session", page_cookie)  # the preview left before the save
    preview = editor.client.post(f"{url}/preview", data=typed, headers={"X-CSRFToken": editor.csrf(), **BACKGROUND})
    assert preview.status_code == 200 and "Документы для поездки" in preview.get_data(as_text=True)
    if "Set-Cookie" not in preview.headers:
        editor.client.set_cookie("session", saved_cookie)  # what the browser keeps when no cookie comes back
    page = editor.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Draft saved. Kiosks keep showing the published text until someone publishes." in page


def test_someone_typing_for_long_stays_logged_in_through_the_previews(app, as_role):
    """Previews write the session only when the activity time is half way to the idle limit; then they
    do, so typing for longer than the limit without saving does not end the session."""
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    url = edit_url(article)
    typed = read_form(editor.get(url).get_data(as_text=True))
    idle = app.permanent_session_lifetime.total_seconds()
    headers = {"X-CSRFToken": editor.csrf(), **BACKGROUND}
    refreshed = []
    for _step in range(4):  # a preview every 0.35 of the limit: 1.4 times the limit of typing in all
        with editor.client.session_transaction() as session:
            session["seen"] -= idle * 0.35
        before = time.time()
        assert editor.client.post(f"{url}/preview", data=typed, headers=headers).status_code == 200
        with editor.client.session_transaction() as session:
            refreshed.append(session["seen"] >= before)
    assert refreshed == [False, True, False, True]
    assert editor.get(url).status_code == 200  # still logged in after more than the limit of typing


def test_session_cookie_flags(app, admin_client, staff):
    cookie = admin_client.login("erkin").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_central_is_configured_for_https(databases, tmp_path, monkeypatch):
    """CENTRAL_HTTPS=1 (central behind the TLS proxy) alone makes the session cookie Secure."""
    from tests.conftest import make_app

    monkeypatch.setenv("CENTRAL_HTTPS", "1")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    url = databases.copy("seeded")
    try:
        app = make_app(url, tmp_path / "stamp")
        with app.app_context():
            make_user("erkin", "editor")
            client = AdminClient(app.test_client())
            page = client.get("/admin/login", base_url="https://localhost").get_data(as_text=True)
            token = TOKEN_RE.search(page).group(1)
            response = client.client.post(
                "/admin/login",
                data={"username": "erkin", "password": PASSWORD, "csrf_token": token},
                base_url="https://localhost",
                headers={"Referer": "https://localhost/admin/login"},  # Flask-WTF checks it over https
            )
            assert response.status_code == 302, response.get_data(as_text=True)
            cookie = response.headers["Set-Cookie"]
            db.session.remove()
            db.engine.dispose()
        assert "Secure" in cookie and "HttpOnly" in cookie
    finally:
        databases.drop(url)


def test_cli_creates_first_admin_reading_password_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "zarina", "--role", "admin"], input="a long admin password\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "zarina"))
    assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
    assert AdminClient(app.test_client()).login("zarina", "a long admin password").status_code == 302
    assert events("user.create")[-1].actor == "cli"


def test_cli_never_takes_the_password_as_an_argument(app, runner):
    result = runner.invoke(args=["users", "create", "zarina", "--password", "a long admin password"])
    assert result.exit_code != 0 and "No such option" in result.output
    short = runner.invoke(args=["users", "create", "zarina"], input="short\n")
    assert short.exit_code != 0
    assert db.session.scalar(select(User).where(User.username == "zarina")) is None


class Clock:
    """A movable clock for the in-memory rate-limit storage."""

    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        """The clock's current time."""
        return self.now


def test_eleventh_wrong_password_in_a_minute_gets_429(app, admin_client, staff, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    for n in range(10):  # ten names, so that only the limit per address is reached
        assert admin_client.login(f"guess{n}", "wrong password!").status_code == 401
    blocked = admin_client.login("erkin", "wrong password!")
    assert blocked.status_code == 429
    assert tr("ru", "Too many login attempts. Wait a minute and try again.") in blocked.get_data(as_text=True)
    assert admin_client.login("erkin").status_code == 429  # even the right password waits
    other_page = admin_client.get("/admin/login")
    assert other_page.status_code == 200  # only login attempts are limited
    clock.now += 61
    assert admin_client.login("erkin").status_code == 302


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per 10 seconds"}], indirect=True)
def test_login_limit_and_window_are_configurable(app, admin_client, staff, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(limits.storage.memory, "time", clock)
    for _ in range(3):
        assert admin_client.login("erkin", "wrong password!").status_code == 401
    assert admin_client.login("erkin").status_code == 429
    clock.now += 11
    assert admin_client.login("erkin").status_code == 302


@pytest.mark.slow
def test_several_workers_share_the_limit_through_redis(serve, databases, redis_server):
    store = redis_server.client()
    # A window length used by no other run, so parallel test runs never share counters.
    window = 1000 + secrets.randbelow(8000)
    server = serve(workers=3, RATELIMIT_STORAGE_URI=redis_server.storage_uri,
                   LOGIN_RATE_LIMIT=f"10 per {window} seconds")  # fmt: skip
    statuses = [_post_login(server.url, f"x{window}-{n}", "wrong") for n in range(11)]  # one name each
    assert statuses == [401] * 10 + [429]
    keys = [k for k in store.scan_iter(match=f"*admin.login*{window}*")]
    assert keys, "the counter is not in Redis"
    store.delete(*keys)


def _post_login(url: str, username: str, password: str) -> int:
    """One login attempt over a new connection (so the workers take turns); its status."""
    session = requests.Session()
    page = session.get(url + "/admin/login", timeout=10).text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "username": username, "password": password}
    return session.post(url + "/admin/login", data=form, timeout=10).status_code


@pytest.mark.slow
def test_the_account_limit_holds_across_two_workers_through_redis(serve, redis_server):
    """Two workers, one Redis: the sixth wrong password at one account is refused whichever worker takes
    it (with memory:// each worker would count on its own and let more through)."""
    store = redis_server.client()
    name = f"acct-{secrets.token_hex(6)}"  # a name no other run uses: the counters live for a day
    server = serve(workers=2, RATELIMIT_STORAGE_URI=redis_server.storage_uri, LOGIN_RATE_LIMIT="1000 per minute")
    try:
        statuses = [_post_login(server.url, name, "wrong password!") for _ in range(12)]
    finally:
        from core.login_limits import _keys

        store.delete(*(f"LIMITS:{key}" for key in _keys(name)))
    assert statuses == [401] * 5 + [429] * 7


def test_anonymous_visitor_is_asked_to_log_in_and_comes_back(app, admin_client, staff):
    page = admin_client.get("/admin/translations", follow_redirects=True).get_data(as_text=True)
    assert tr("ru", "Please log in to open this page.") in page
    response = admin_client.post("/admin/login?next=/admin/translations", {"username": "erkin", "password": PASSWORD})
    assert response.headers["Location"] == "/admin/translations"
    outside = AdminClient(app.test_client())
    response = outside.post("/admin/login?next=//elsewhere.example/x", {"username": "erkin", "password": PASSWORD})
    assert response.headers["Location"] == "/admin/"
