"""Every admin page speaks the staff member's language: no English left in the ru and ky panels.

The test logs in with each role, walks the admin URL map (every GET page, with a real id for each
placeholder) plus the error pages a person meets, and reads each page as a person would: visible text,
the tooltips, labels and confirmation questions. What staff typed themselves (content texts, names,
slugs, codes) is taken out; whatever Latin word is left is an untranslated interface string.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from flask import current_app, url_for
from sqlalchemy import select

from core import audit
from core.editing import ITEM_TYPES, all_items, item_type_of, rollback_to
from core.extensions import db
from core.fleet.monitor import latest_release_head, record_heartbeat
from core.fleet.registry import TerminalSettings, queue_command, register_terminal
from core.models import Hotline, Report, User
from core.models.base import utcnow
from tests.admin.conftest import ROLE_USERS, AdminClient, edit_url, read_form

# Codes and names that read the same in every language (not English words to translate); Ctrl is
# printed on the key.
ALLOWED = {"OSM", "CSV", "QR", "URL", "HTTP", "HTTPS", "HTML", "API", "opening_hours", "OpenStreetMap", "PostgreSQL",
           "SQLite", "Redis", "Ctrl"}  # fmt: skip
# What _refused_forms() types, and sample input the messages give (a slug, weak passwords): not words.
TYPED_IN_FORMS = ["Not a slug!", "tomorrow", "many", "Bad Slug", "nobody", "nonsense", "soon"]
EXAMPLES = ["work-permit", "osh-border-1", "aaaa", "qwerty"]
# Attributes a person reads: tooltips, names read by screen readers, placeholders, confirmation questions.
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-confirm", "data-ok", "data-failed",
                   "data-copied", "data-copy-failed")  # fmt: skip
# Elements whose text is what staff typed or what a program reads, never interface text.
USER_CONTENT_TAGS = {"textarea", "code", "pre", "script", "style", "iframe", "kbd", "samp"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_'’]*[A-Za-z]")
# The name of an environment variable (IDLE_TIMEOUT_SECONDS) is a code operators type, not a word.
SETTING_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
URL = re.compile(r"\b(?:https?|redis|postgresql|sqlite|memory)(?:\+\w+)?://\S*|\b[\w.-]+@[\w.-]+\b")


class _PageReader(HTMLParser):
    """The text a person reads on a page in the page's language, without what staff typed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang = None
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped) for every open element
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.page_lang = a.get("lang")
        other_lang = a.get("lang") not in (None, self.page_lang)
        # aria-hidden marks decoration (the kiosk's "Aa" text-size icon), never words to read.
        skipped = tag in USER_CONTENT_TAGS or other_lang or a.get("aria-hidden") == "true"
        if not (skipped or self.skipping):
            for name in READ_ATTRIBUTES:
                if a.get(name):
                    self.texts.append(a[name])
            if tag == "input" and (a.get("type") or "").lower() in ("submit", "button") and a.get("value"):
                self.texts.append(a["value"])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.skipping:
            self.texts.append(data)


def english_words(html: str, user_texts: list[str], plain: bool = False) -> set[str]:
    """Latin words on the page (or in a plain-text download) outside staff-typed content, URLs and the
    allowed codes."""
    if plain:
        text = html
    else:
        reader = _PageReader()
        reader.feed(html)
        text = "\n".join(reader.texts)
    for typed in user_texts:  # longest first, so a name is not cut by a shorter one inside it
        text = text.replace(typed, " ")
    text = SETTING_NAME.sub(" ", URL.sub(" ", text))
    return {word for word in LATIN_WORD.findall(text) if word not in ALLOWED}


def _user_texts() -> list[str]:
    """Everything staff (or this test) typed that pages may show: content texts, names, slugs, keys."""
    found = set()
    for item in all_items():
        for fields in (item.texts or {}).values():
            found.update(str(v) for v in (fields or {}).values() if v)
        for name in ("slug", "key", "number", "number_abroad", "phone"):
            value = getattr(item, name, None)
            if value:
                found.add(str(value))
    found.update(db.session.scalars(select(User.username)))
    from core.models.fleet import Terminal

    for terminal in db.session.scalars(select(Terminal)):
        found.update(v for v in (terminal.slug, terminal.name, terminal.location, terminal.app_version) if v)
    from core.models.notices import UrgentNotice

    for notice in db.session.scalars(select(UrgentNotice)):
        found.update(fields.get("text", "") for fields in notice.texts.values())
    return sorted((t for t in found if t.strip()), key=len, reverse=True)


def _setup_history(lang: str) -> dict[str, AdminClient]:
    """Staff in `lang`, a saved draft with a revision diff, a rollback, terminals in every state, audit events."""
    clients = {}
    for name in ROLE_USERS.values():
        user = db.session.scalar(select(User).where(User.username == name))
        user.language = lang
    db.session.commit()
    for role in ROLE_USERS:
        client = AdminClient(current_app.test_client())
        client.login_role(role)
        clients[role] = client
    anonymous = AdminClient(current_app.test_client())
    anonymous.post("/admin/language", {"language": lang, "next": "/admin/login"})
    clients["anonymous"] = anonymous
    article = next(i for i in all_items() if item_type_of(i).key == "article")
    form = read_form(clients["editor"].get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru=form["title_ru"] + " (черновик)", body_ru=form["body_ru"] + "\n\nНовый абзац.", save="1")
    clients["editor"].post(edit_url(article), form)
    history = clients["publisher"].get(edit_url(article) + "/history").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', history).group(1)
    clients["publisher"].post(edit_url(article) + "/revert/1", {"version": version})
    rollback_to(1, ROLE_USERS["publisher"])
    head = latest_release_head()
    now = utcnow()
    online, _ = register_terminal("bishkek-station", TerminalSettings("Бишкек вокзал", "railway_station"))
    record_heartbeat(online, {"release_number": head[0], "release_hash": head[1], "app_version": "1.0"},
                     now - timedelta(minutes=1))  # fmt: skip
    lagging, _ = register_terminal("osh-border", TerminalSettings("Ош чек ара", "border_post", "Дарбаза 2"))
    record_heartbeat(lagging, {"release_number": head[0] - 1, "release_hash": "0" * 64}, now - timedelta(minutes=90))
    record_heartbeat(lagging, {"release_number": head[0] - 1, "release_hash": "0" * 64, "sync_error": "timeout"},
                     now - timedelta(minutes=1))  # fmt: skip
    queue_command(lagging, "reload", actor=ROLE_USERS["admin"])
    register_terminal("manas-airport", TerminalSettings("Манас", "airport"))  # never connected
    audit.record(audit.SETTINGS_CHANGE, ROLE_USERS["admin"], {"key": "IDLE_TIMEOUT_SECONDS", "old": 90, "new": 60})
    db.session.commit()
    from core import reports

    draft, _errors = reports.check_draft({"kind": "money", "place": "border", "happened": "today", "text": "Акча",
                                          "answer": "anonymous"}, "ru")  # fmt: skip
    reports.file_report(draft)
    from core.fleet.notices import NoticeDraft, save_notice

    texts = {"ky": "Ош чек ара бекети жабык.", "ru": "Пункт пропуска в Оше закрыт.", "en": "The Osh crossing closed."}
    draft = NoticeDraft(texts, "critical", now, now + timedelta(hours=3), "terminals", terminal_ids=[lagging.id])
    notice = save_notice(draft, ROLE_USERS["publisher"], now)
    record_heartbeat(lagging, {"notices": [(notice.id, notice.version)]}, now)
    db.session.commit()
    return clients


def _placeholders() -> dict[str, str]:
    """A real value for every URL placeholder of the admin pages."""
    from core.models.fleet import Terminal
    from core.models.notices import UrgentNotice

    return {
        "hotline_id": str(db.session.scalar(select(Hotline.id).order_by(Hotline.id))),
        "user_id": str(db.session.scalar(select(User.id).where(User.username == ROLE_USERS["editor"]))),
        "slug": db.session.scalar(select(Terminal.slug).where(Terminal.slug == "osh-border")),
        "unknown": "no-such-page",  # the panel's own "not found" page
        "report_id": str(db.session.scalar(select(Report.id).order_by(Report.id))),
        "key": "0" * 32,  # a speech clip nobody asked for: the admin's "not found" page
        "notice_id": str(db.session.scalar(select(UrgentNotice.id).order_by(UrgentNotice.id))),
    }


def admin_pages() -> list[str]:
    """Every admin page a GET opens, with real ids (one per content type for /content/<kind>/...)."""
    values = _placeholders()
    first_of = {}
    for item in all_items():
        first_of.setdefault(item_type_of(item).key, item.id)
    urls = set()
    for rule in current_app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or "GET" not in (rule.methods or ()):
            continue
        kinds = ITEM_TYPES if "kind" in rule.arguments else [None]
        for kind in kinds:
            args = {name: values[name] for name in rule.arguments if name in values}
            if kind:
                args["kind"] = kind
            if "item_id" in rule.arguments:
                if kind not in first_of:
                    continue
                args["item_id"] = first_of[kind]
            missing = set(rule.arguments) - set(args)
            assert not missing, f"no example value for {missing} in {rule.rule}: add one to _placeholders()"
            if kind and rule.endpoint == "admin.item_new" and not ITEM_TYPES[kind].creatable:
                continue
            with current_app.test_request_context():
                urls.add(url_for(rule.endpoint, **args))
    # Filtered views and pages with more on them than the bare address shows.
    urls |= {"/admin/translations?gaps=1", "/admin/audit?event=item.save", "/admin/no-such-page",
             "/admin/audit?item=terminal:osh-border"}  # fmt: skip
    return sorted(urls)


def _refused_forms(clients: dict[str, AdminClient]) -> dict[str, str]:
    """Pages a person sees after a mistake or an action: field errors, a refused publish, a new token."""
    admin, editor, publisher = clients["admin"], clients["editor"], clients["publisher"]
    article = next(i for i in all_items() if item_type_of(i).key == "article")
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="", slug="Not a slug!", effective_from="tomorrow", sort="many", save="1")
    pages = {
        "editor: article with errors": editor.post(edit_url(article), form),
        "editor: new topic, empty": editor.post("/admin/content/topic/new", {"save": "1"}),
        "editor: wrong current password": editor.post(
            "/admin/password", {"current": "wrong", "new": "aaaaaaaaaaaaaaaa", "repeat": "b"}
        ),
        "publisher: publish without a comment": publisher.post("/admin/publish", {"comment": ""}),
        "publisher: hours with errors": publisher.post(
            "/admin/hours/",
            {
                "mon": "25:00-26:00",
                "extra-0-date": "2026-02-30",
                "exceptions-0-date": "soon",
                "shorten_minutes": "x",
                "preview": "1",
            },
        ),
        "publisher: opening_hours text with errors": publisher.post(
            "/admin/hours/osm", {"osm": "Mo-Fr 09:00-25:00; nonsense", "preview": "1"}
        ),
        "admin: new user with errors": admin.post(
            "/admin/users/new", {"username": "ж ж", "role": "editor", "language": "ru", "password": "1234"}
        ),
        "admin: terminal with errors": admin.post(
            "/admin/fleet/new",
            {"slug": "Bad Slug", "name": "", "kind": "airport", "idle_timeout": "5", "public_url": "ftp://x"},
        ),
        "publisher: notice with errors": publisher.post(
            "/admin/notices/new", {"text_ru": "Закрыто", "ends_at": "soon", "target": "kinds", "severity": "warning"}
        ),
        "publisher: notice without English": publisher.post(
            "/admin/notices/new",
            {
                "text_ru": "Закрыто",
                "text_ky": "Жабык",
                "ends_at": "2099-01-01T10:00",
                "starts_at": "2098-12-31T10:00",
                "target": "all",
                "severity": "warning",
            },
        ),
        "admin: new terminal token": admin.post(
            "/admin/fleet/new", {"slug": "talas-office", "name": "Талас", "kind": "office_lobby"}
        ),
    }
    anonymous = clients["anonymous"]
    pages["anonymous: failed login"] = anonymous.post("/admin/login", {"username": "nobody", "password": "x"})
    return {label: response.get_data(as_text=True) for label, response in pages.items()}


@pytest.mark.parametrize("lang", ["ru", "ky"])
def test_no_english_on_admin_pages(app, staff, lang):
    clients = _setup_history(lang)
    typed = _user_texts()
    pages = admin_pages()
    assert len(pages) > 25
    found: dict[str, set[str]] = {}
    for role, client in clients.items():
        for url in pages:
            response = client.get(url)
            if response.status_code == 302:  # the login page once logged in; the others before
                assert (url == "/admin/login") != (role == "anonymous"), (role, url)
                continue
            assert response.status_code in (200, 403, 404), (role, url, response.status_code)
            html = response.get_data(as_text=True)
            if response.mimetype == "text/csv":  # the audit log's download speaks the same language
                words = english_words(html, typed, plain=True)
            else:
                assert f'<html lang="{lang}"' in html, (role, url)
                words = english_words(html, typed)
            if words:
                found[f"{role} {url}"] = words
    typed = _user_texts()
    for label, html in _refused_forms(clients).items():
        words = english_words(html, typed + TYPED_IN_FORMS + EXAMPLES)
        if words:
            found[label] = words
    assert not found, (
        "English on the "
        + lang
        + " admin pages:\n"
        + "\n".join(f"{page}: {sorted(words)}" for page, words in sorted(found.items()))
    )
