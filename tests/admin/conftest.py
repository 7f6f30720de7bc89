"""Admin test helpers: staff accounts per role and a client that logs in and sends CSRF tokens."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest

from core.auth import hash_password
from core.extensions import db
from core.models import User

PASSWORD = "correct horse battery staple"
ROLE_USERS = {"editor": "erkin", "publisher": "perizat", "admin": "aibek", "commissioner": "kanykei"}
_HASH: dict[str, str] = {}
TOKEN_RE = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def password_hash() -> str:
    """One argon2 hash of PASSWORD per test session (hashing is slow on purpose)."""
    if "h" not in _HASH:
        from flask import Flask

        with Flask(__name__).app_context() as ctx:
            ctx.app.config.update(FAST_ARGON2)
            _HASH["h"] = hash_password(PASSWORD)
    return _HASH["h"]


def make_user(username: str, role: str, **fields) -> User:
    """Add a staff account with PASSWORD."""
    user = User(username=username, role=role, password_hash=password_hash(), **fields)
    db.session.add(user)
    db.session.commit()
    return user


# Cheap argon2 for tests only: hashing stays argon2id, but logins do not cost 0.1 s each.
FAST_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1}


@pytest.fixture
def app_config(request) -> dict:
    """Settings for the admin tests' app (a test may add its own with indirect parametrization)."""
    return {**FAST_ARGON2, **getattr(request, "param", {})}


@pytest.fixture
def staff(app) -> dict[str, User]:
    """One account per role: editor, publisher, admin. They read the panel in English, so tests compare
    messages with their source text whatever the catalogs hold (tests of other languages say so)."""
    return {role: make_user(name, role, language="en") for role, name in ROLE_USERS.items()}


def tr(lang: str, message: str, **values) -> str:
    """A message as the admin interface shows it in `lang` (for pages seen before logging in)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with force_locale(lang):
        return _(message, **values)


class AdminClient:
    """A test client that knows its CSRF token and can log in."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def csrf(self) -> str:
        """The session's CSRF token, read from an admin page (the meta tag every admin page has)."""
        if self.token is None:
            page = self.client.get("/admin/login", follow_redirects=True).get_data(as_text=True)
            self.token = TOKEN_RE.search(page).group(1)
        return self.token

    def get(self, url: str, **kwargs):
        """GET a page."""
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):
        """POST a form, with the CSRF token unless told not to."""
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self.client.post(url, data=data, **kwargs)

    def login(self, username: str, password: str = PASSWORD):
        """Log in through the form."""
        response = self.post("/admin/login", {"username": username, "password": password})
        self.token = None  # the session was renewed at login
        return response

    def login_role(self, role: str):
        """Log in as the test account of a role."""
        response = self.login(ROLE_USERS[role])
        assert response.status_code == 302, response.get_data(as_text=True)
        return response


@pytest.fixture
def admin_client(client) -> AdminClient:
    """An anonymous AdminClient."""
    return AdminClient(client)


@pytest.fixture
def as_role(app, staff):
    """Factory: a fresh logged-in AdminClient for a role."""

    def make(role: str) -> AdminClient:
        c = AdminClient(app.test_client())
        c.login_role(role)
        return c

    return make


class _FormReader(HTMLParser):
    """Collects the fields of one form as a browser would submit them (submit buttons left out)."""

    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.done = False
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.form_class in (a.get("class") or "").split():
            self.inside = True
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "radio"):
                return
            if kind == "checkbox":
                if "checked" in a:
                    self.fields[name] = a.get("value") or "y"
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._first_option = None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.fields.setdefault(self._select, value)
            if "selected" in a:
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def read_form(html: str, form_class: str = "editor") -> dict[str, str]:
    """The fields of the first form with this class, as a browser would send them."""
    reader = _FormReader(form_class)
    reader.feed(html)
    assert reader.done, f"no form.{form_class} on the page"
    # Browsers normalise CR LF to LF and drop the single newline that follows <textarea>.
    fields = {k: v.replace("\r\n", "\n") for k, v in reader.fields.items()}
    return {k: v[1:] if v.startswith("\n") else v for k, v in fields.items()}


def save(c, item, **changes):
    """Open the editor, change fields as a person would, press "Save draft". A value of None unticks
    a checkbox (a browser then sends nothing for it)."""
    form = read_form(c.get(edit_url(item)).get_data(as_text=True))
    form.update(changes)
    form["save"] = "Save"
    for name, value in changes.items():
        if value is None:
            form.pop(name)
    return c.post(edit_url(item), form)


def edit_url(item) -> str:
    """The editor URL of a content item."""
    from core.editing import item_type_of

    return f"/admin/content/{item_type_of(item).key}/{item.id}"


def field_errors(html: str, field_id: str) -> str:
    """The error text shown beside one field (its -error block, which the input points to)."""
    found = re.search(r'<div class="field-error" id="' + re.escape(field_id) + r'-error">(.*?)</div>', html, re.S)
    if not found:
        return ""
    control = re.search(r'<(?:input|textarea|select)[^>]*\bid="' + re.escape(field_id) + r'"[^>]*>', html)
    assert control and f"{field_id}-error" in control.group(0), "the field does not point to its error"
    return unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip()
