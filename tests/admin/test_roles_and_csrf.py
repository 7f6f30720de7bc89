"""Route-by-role matrix for every admin URL, and CSRF refusal on every form and state-changing request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.auth import role_rank
from core.editing import save_item, serialize
from core.extensions import db
from core.models import Article, AuditEvent, Department, Hotline, Office, Release, Revision, Topic, User
from tests.admin.conftest import AdminClient, read_form

ROLES = ("anonymous", "editor", "publisher", "admin")
PUBLIC = "public"
KINDS = ("topic", "article", "hotline", "office", "department")


@dataclass(frozen=True)
class Case:
    """One admin URL: who may use it and what they get."""

    method: str
    url: str  # may contain {article}, {topic}, ... placeholders filled by `ids`
    role: str  # lowest role allowed, or "public"
    status: int  # what an allowed user gets
    data: dict = field(default_factory=dict)


CASES = [
    Case("GET", "/admin/", "editor", 200),
    Case("GET", "/admin/password", "editor", 200),
    Case("GET", "/admin/translations", "editor", 200),
    Case("GET", "/admin/releases", "editor", 200),
    Case("GET", "/admin/search", "editor", 200),
    Case("GET", "/admin/publish", "publisher", 200),
    Case("GET", "/admin/settings", "admin", 200),
    Case("GET", "/admin/users/", "admin", 200),
    Case("GET", "/admin/users/new", "admin", 200),
    Case("GET", "/admin/users/{editor_user}", "admin", 200),
    Case("GET", "/admin/audit", "admin", 200),
    Case("GET", "/admin/audit.csv", "admin", 200),
    *[Case("GET", f"/admin/content/{kind}/", "editor", 200) for kind in KINDS],
    *[Case("GET", f"/admin/content/{kind}/{{{kind}}}", "editor", 200) for kind in KINDS],
    *[Case("GET", f"/admin/content/{kind}/{{{kind}}}/history", "editor", 200) for kind in KINDS],
    *[Case("GET", f"/admin/content/{kind}/new", "editor", 200) for kind in KINDS if kind != "office"],
    Case("GET", "/admin/content/office/new", "editor", 404),  # there is only one office
    Case("POST", "/admin/content/article/{article}", "editor", 422),
    Case("POST", "/admin/content/topic/new", "editor", 422),
    Case("POST", "/admin/content/article/{article}/preview", "editor", 200),
    Case("POST", "/admin/content/article/new/preview", "editor", 200),
    Case("POST", "/admin/content/article/{article}/revert/1", "publisher", 302, {"version": "{article_version}"}),
    Case("POST", "/admin/content/article/{article}/check", "editor", 302, {"version": "{article_version}"}),
    Case("POST", "/admin/publish", "publisher", 302, {"comment": "matrix", "override_reason": "stale ky, en"}),
    Case("POST", "/admin/content/article/{article}/confirm/ky", "editor", 302, {"version": "{article_version}"}),
    Case("POST", "/admin/releases/1/rollback", "publisher", 302),
    Case("POST", "/admin/password", "editor", 422),
    Case("POST", "/admin/logout", "editor", 302),
    Case("POST", "/admin/users/new", "admin", 422),
    Case("POST", "/admin/users/{editor_user}", "admin", 422, {"username": ""}),
    Case("POST", "/admin/language", PUBLIC, 302, {"language": "ky"}),
    # Speech (issue 15): every staff member keeps the pronunciation list and listens to previews.
    Case("GET", "/admin/speech/", "editor", 200),
    Case("POST", "/admin/speech/", "editor", 422),
    Case("POST", "/admin/speech/preview", "editor", 200, {"lang": "ru", "text": "Проверка."}),
    Case("POST", "/admin/speech/999/remove", "editor", 404),
    Case("GET", "/admin/speech/clip/" + "0" * 32, "editor", 404),
    Case("GET", "/admin/notices/", "publisher", 200),
    Case("GET", "/admin/notices/new", "publisher", 200),
    Case("GET", "/admin/notices/{notice}", "publisher", 200),
    Case("POST", "/admin/notices/new", "publisher", 422),
    Case("POST", "/admin/notices/{notice}", "publisher", 422, {"ends_at": "not a time"}),
    Case("POST", "/admin/notices/{notice}/withdraw", "publisher", 302),
    Case("GET", "/admin/login", PUBLIC, 200),
    Case("GET", "/admin/too-large", PUBLIC, 200),
    Case("GET", "/admin/no-such-page", "editor", 404),  # the panel's own "not found", in the staff language
]


@pytest.fixture
def ids(app, staff) -> dict[str, str]:
    """Ids of real items for the URL placeholders; the article gets one revision so it can be reverted."""
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    save_item(article, {"texts": {"ru": {**serialize(article)["texts"]["ru"], "title": "Матрица"}}},
              expected_version=article.version_id, author="setup")  # fmt: skip
    first = {model: db.session.scalars(select(model).order_by(model.id)).first().id
             for model in (Topic, Hotline, Office, Department)}  # fmt: skip
    return {
        "article": str(article.id), "article_version": str(article.version_id),
        "topic": str(first[Topic]), "hotline": str(first[Hotline]), "office": str(first[Office]),
        "department": str(first[Department]), "editor_user": str(staff["editor"].id),
        "notice": str(_urgent_notice().id),
    }  # fmt: skip


def _urgent_notice():
    """An urgent notice in force for a day."""
    from core.fleet.notices import NoticeDraft, save_notice
    from core.models.base import utcnow

    now = utcnow()
    texts = {"ky": "Эскертүү", "ru": "Объявление", "en": "Notice"}
    return save_notice(NoticeDraft(texts, "warning", now, now + timedelta(days=1)), "setup", now)


def client_for(app, role: str) -> AdminClient:
    """A client logged in as `role` (or anonymous)."""
    c = AdminClient(app.test_client())
    if role != "anonymous":
        c.login_role(role)
    return c


def expected(case: Case, role: str) -> int:
    """The status a role should get."""
    if case.role == PUBLIC:
        return case.status
    if role == "anonymous":
        return 302
    return case.status if role_rank(role) >= role_rank(case.role) else 403


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.url}")
def test_route_by_role(app, ids, case):
    """Anonymous, editor, publisher and admin each get exactly what their role allows on this URL."""
    for role in ROLES:
        c = client_for(app, role)
        url = case.url.format(**ids)
        if case.method == "GET":
            response = c.get(url)
        else:
            response = c.post(url, {k: v.format(**ids) for k, v in case.data.items()})
        want = expected(case, role)
        if case.url == "/admin/login" and role != "anonymous":
            want = 302  # already logged in: on to the dashboard
        assert response.status_code == want, f"{role}: {response.get_data(as_text=True)[-300:]}"
        if want == 302 and case.role != PUBLIC and role == "anonymous":
            assert response.headers["Location"].startswith("/admin/login?next="), role


def _own_admin_rules(app):
    """(endpoint, method) of every admin route written by this issue (fleet and hours test their own)."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        # The fleet, hours and report-register pages have their own role tests (the register's roles are
        # not a ladder: tests/admin/test_reports.py).
        if rule.endpoint.startswith("admin.") and not view.__module__.startswith(
            ("admin.fleet", "admin.hours", "admin.reports")
        ):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                yield rule.endpoint, method


def test_matrix_covers_every_admin_url(app, ids):
    adapter = app.url_map.bind("localhost")
    covered = {(adapter.match(c.url.format(**ids), method=c.method)[0], c.method) for c in CASES}
    covered |= {("admin.login", "POST")}  # tested in test_auth and test_csrf_refused below
    missing = set(_own_admin_rules(app)) - covered
    assert not missing, f"admin URLs without a role test: {sorted(missing)}"


def test_every_admin_view_checks_a_role(app):
    public = {"admin.login", "admin.language", "admin.too_large_page", "admin.static"}
    unguarded = [
        endpoint for endpoint, view in app.view_functions.items()
        if endpoint.startswith("admin.") and endpoint not in public and not hasattr(view, "required_role")
    ]  # fmt: skip
    assert unguarded == []


@pytest.mark.parametrize("role", ["editor", "publisher", "admin"])
def test_the_side_menu_offers_only_pages_the_role_may_open(app, staff, role):
    c = client_for(app, role)
    menu = c.get("/admin/").get_data(as_text=True).split('<nav class="side"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"', menu)
    assert len(links) >= 9, links
    refused = {url: c.get(url).status_code for url in links}
    assert all(status == 200 for status in refused.values()), refused  # an editor once met "not allowed"


# --- CSRF ---------------------------------------------------------------------------------------


def _fingerprint() -> tuple:
    """Everything a state-changing admin request could change."""
    db.session.expire_all()
    models = (Release, Revision, User, AuditEvent)
    counts = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)
    texts = tuple(serialize(a)["texts"] for a in db.session.scalars(select(Article).order_by(Article.id)))
    users = tuple((u.username, u.role, u.active, u.language, u.password_hash, u.session_token)
                  for u in db.session.scalars(select(User).order_by(User.id)))  # fmt: skip
    return counts, texts, users


def _effective_posts(c: AdminClient, ids: dict) -> list[tuple[str, str, dict]]:
    """Every admin form and POST endpoint, with data that changes state when the token is valid."""
    article_form = read_form(c.get(f"/admin/content/article/{ids['article']}").get_data(as_text=True))
    article_form.update(title_ru="Изменено без токена", save="Save")
    topic_form = read_form(c.get("/admin/content/topic/new").get_data(as_text=True))
    topic_form.update(slug="csrf-topic", title_ru="Тема", save="Save")
    new_password = "another long password"
    return [
        ("editor", f"/admin/content/article/{ids['article']}", article_form),
        ("editor", "/admin/content/topic/new", topic_form),
        ("publisher", f"/admin/content/article/{ids['article']}/revert/1", {"version": ids["article_version"]}),
        ("publisher", "/admin/publish", {"comment": "publish without token", "override_reason": "test"}),
        ("publisher", "/admin/releases/1/rollback", {}),
        ("editor", "/admin/password", {"current": "correct horse battery staple", "new": new_password,
                                       "repeat": new_password}),
        # Before the logout, and to a language the account does not have, so that it changes the account.
        ("editor", "/admin/language", {"language": "ky"}),
        ("editor", "/admin/logout", {}),
        ("admin", "/admin/users/new", {"username": "mallory", "role": "admin", "language": "ru", "active": "y",
                                       "password": "a long password!!"}),
        ("admin", f"/admin/users/{ids['editor_user']}", {"username": "erkin", "role": "admin", "language": "ru",
                                                         "active": "y"}),
        ("publisher", "/admin/notices/new", {"text_ky": "Жабык", "text_ru": "Закрыто", "text_en": "Closed",
                                             "starts_at": "2098-12-30T12:00", "ends_at": "2099-01-01T12:00",
                                             "severity": "warning", "target": "all"}),
        ("publisher", f"/admin/notices/{ids['notice']}/withdraw", {}),
    ]  # fmt: skip


@pytest.mark.parametrize("token", ["missing", "invalid"])
def test_csrf_refused_on_every_form(app, ids, token):
    clients = {role: client_for(app, role) for role in ("editor", "publisher", "admin")}
    posts = _effective_posts(clients["editor"], ids)
    before = _fingerprint()
    for role, url, data in posts:
        data = {k: v for k, v in data.items() if k != "csrf_token"}
        if token == "invalid":
            data["csrf_token"] = "IjAxMjM0NTY3ODkwIg.invalid.token"
        response = clients[role].post(url, data, csrf=False)
        assert response.status_code == 400, url
        assert "The form could not be accepted" in response.get_data(as_text=True)
        assert _fingerprint() == before, url
    # The preview takes its token from a header; without one it is refused too.
    for url in ("/admin/content/article/new/preview", f"/admin/content/article/{ids['article']}/preview"):
        assert clients["editor"].client.post(url, data={"title_ru": "x"}).status_code == 400
    assert clients["editor"].get("/admin/").status_code == 200  # the logout above did not happen
    anonymous = AdminClient(app.test_client())
    form = {"username": "erkin", "password": "correct horse battery staple"}
    assert anonymous.post("/admin/login", form, csrf=False).status_code == 400
    assert anonymous.get("/admin/").status_code == 302  # not logged in
    assert _fingerprint() == before


def _current_revert_version(c: AdminClient, article_id: str) -> str:
    """The item version the history page's "Restore" form sends now, as the publisher's browser would."""
    page = c.get(f"/admin/content/article/{article_id}/history").get_data(as_text=True)
    return re.search(r'<form id="revert-1"[^>]*>\s*<input[^>]*><input type="hidden" name="version" value="(\d+)"',
                     page).group(1)  # fmt: skip


def test_same_posts_with_a_valid_token_do_change_state(app, ids):
    """Control for the CSRF test: its data really changes things when the token is valid."""
    clients = {role: client_for(app, role) for role in ("editor", "publisher", "admin")}
    for role, url, data in _effective_posts(clients["editor"], ids):
        data = {k: v for k, v in data.items() if k != "csrf_token"}
        if url.endswith("/revert/1"):
            # The editor's save just before made the fixture's version stale: use the page's own.
            data["version"] = _current_revert_version(clients[role], ids["article"])
        before = _fingerprint()
        clients[role].token = None
        response = clients[role].post(url, data)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[-400:])
        assert _fingerprint() != before, url
        if url.endswith("/revert/1"):
            article = db.session.get(Article, int(ids["article"]))
            first = db.session.scalar(select(Revision).where(
                Revision.item_type == "article", Revision.item_id == article.id, Revision.number == 1))  # fmt: skip
            assert serialize(article)["texts"] == first.data["texts"], "revert did not bring revision 1 back"


def test_preview_accepts_the_token_in_a_header(app, ids):
    c = client_for(app, "editor")
    response = c.client.post(
        "/admin/content/article/new/preview",
        data={"title_ru": "Заголовок", "body_ru": "Текст", "slug": "new-one", "topic_id": "1", "preview_lang": "ru"},
        headers={"X-CSRFToken": c.csrf()},
    )  # fmt: skip
    assert response.status_code == 200 and "Заголовок" in response.get_data(as_text=True)
