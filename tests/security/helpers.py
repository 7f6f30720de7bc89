"""Tools shared by the security tests: a sample URL for every route, the forms of a page as a browser
sees them, and before/after snapshots of the whole database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask import Flask, current_app, g
from sqlalchemy import select
from werkzeug.routing import Rule

from core.extensions import db
from core.models import Article, Hotline, Release, Topic

# --- routes ---------------------------------------------------------------------------------------


def rule_methods(rule: Rule) -> list[str]:
    """The methods a rule was written for (HEAD and OPTIONS are added by Flask)."""
    return sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))


def all_rules(app: Flask) -> list[Rule]:
    """Every rule of the app, in a stable order."""
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))


# Routes that answer only with a query: what a kiosk page sends them.
SAMPLE_QUERIES = {"kiosk.speech_phrase": {"lang": "ru", "text": "Горячие линии, кнопка, 3 из 11"}}


@dataclass
class Samples:
    """Real values from the seeded database for URL arguments, so pages answer as in real use."""

    topic_slug: str
    article_slug: str
    article_id: int
    hotline_id: int
    user_id: int
    terminal_slug: str
    release_number: int
    report_id: int = 1
    report_number: str = "0-0001"
    clip_key: str = "x"  # a sentence of the home page, whose clip the speech route can make
    notice_id: int = 1

    @classmethod
    def load(cls, user_id: int, terminal_slug: str) -> Samples:
        """Take a published topic with a visible article, the first hotline and the newest release."""
        release = db.session.scalar(select(Release).order_by(Release.number.desc()).limit(1))
        payload = json.loads(release.payload)
        topic = next(t for t in payload["topics"] if any(not a.get("effective_from") for a in t["articles"]))
        article = next(a for a in topic["articles"] if not a.get("effective_from"))
        topic_row = db.session.scalar(select(Topic).where(Topic.slug == topic["slug"]))
        article_id = db.session.scalar(
            select(Article.id).where(Article.topic_id == topic_row.id, Article.slug == article["slug"])
        )
        hotline_id = db.session.scalar(select(Hotline.id).order_by(Hotline.id).limit(1))
        home = current_app.test_client().get("/ru/").get_data(as_text=True)
        clip = re.search(r'data-a="([0-9a-f]{32})"', home)
        return cls(
            topic["slug"], article["slug"], article_id, hotline_id, user_id, terminal_slug, release.number,
            clip_key=clip.group(1) if clip else "x",
        )  # fmt: skip

    def value(self, endpoint: str, name: str, converter: str):
        """A plausible value for one argument of one endpoint (unknown arguments get a neutral value)."""
        known = {
            "lang": "ru",
            "topic_slug": self.topic_slug,
            "kind": "article",
            "item_id": self.article_id,
            "hotline_id": self.hotline_id,
            "user_id": self.user_id,
            "number": 1,
            "filename": "css/kiosk.css",
            "key": self.clip_key,
            "entry_id": 1,
        }
        if name == "slug":
            if endpoint == "kiosk.topic":
                return self.topic_slug
            if endpoint.startswith("kiosk."):
                return self.article_slug
            return self.terminal_slug
        if name == "report_id":
            return self.report_id
        if name == "notice_id":
            return self.notice_id
        if name == "number" and endpoint.startswith("kiosk."):
            return self.report_number
        if name in known:
            return known[name]
        return 1 if converter in ("IntegerConverter", "NumberConverter") else "x"

    def url(self, app: Flask, rule: Rule, method: str) -> str:
        """The rule's URL filled with sample values."""
        values = {name: self.value(rule.endpoint, name, type(conv).__name__) for name, conv in rule._converters.items()}
        values.update(SAMPLE_QUERIES.get(rule.endpoint, {}))  # built into the query string
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=method)


# --- forms ----------------------------------------------------------------------------------------


@dataclass
class FormSpec:
    """One <form method="post"> as a browser sees it."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # what a browser sends without a click
    names: list[str] = field(default_factory=list)  # every named control, unticked boxes included
    options: dict[str, list[str]] = field(default_factory=dict)  # <select> name -> option values
    checkboxes: dict[str, str] = field(default_factory=dict)  # name -> value sent when ticked
    submits: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons

    @property
    def csrf_token(self) -> str:
        """The form's CSRF token."""
        return dict(self.fields)["csrf_token"]

    def defaults(self) -> dict[str, str]:
        """The fields a browser would send (first value of each name)."""
        out: dict[str, str] = {}
        for name, value in self.fields:
            out.setdefault(name, value)
        return out


class _FormsReader(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[FormSpec] = []
        self.current: FormSpec | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            if (a.get("method") or "get").lower() == "post":
                parts = urlsplit(urljoin(self.page_url, a.get("action") or self.page_url))
                self.current = FormSpec(action=parts.path + (f"?{parts.query}" if parts.query else ""))
            return
        form, name = self.current, a.get("name")
        if form is not None and tag == "option" and self._select:
            form.options[self._select].append(a.get("value", ""))
            return
        if form is None or not name:
            return
        if name not in form.names:
            form.names.append(name)
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                form.submits.append((name, a.get("value", "")))
            elif kind == "checkbox":
                form.checkboxes[name] = a.get("value") or "on"
                if "checked" in a:
                    form.fields.append((name, form.checkboxes[name]))
            elif kind == "radio":
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind != "button" and "disabled" not in a:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button" and (a.get("type") or "submit").lower() == "submit":
            form.submits.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = name
            form.fields.append((name, ""))
        elif tag == "select":
            self._select = name
            form.options[name] = []

    def handle_endtag(self, tag):
        if tag == "form" and self.current is not None:
            form = self.current
            for name, values in form.options.items():
                if values and name not in dict(form.fields):
                    form.fields.append((name, values[0]))
            self.forms.append(form)
            self.current = None
        elif tag == "textarea" and self._textarea:
            # Browsers drop the one newline that follows <textarea> and send CR LF as LF.
            name, value = self.current.fields[-1]
            value = value.replace("\r\n", "\n")
            self.current.fields[-1] = (name, value[1:] if value.startswith("\n") else value)
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.current is not None:
            name, value = self.current.fields[-1]
            self.current.fields[-1] = (name, value + data)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def selected_options(html: str) -> dict[str, str]:
    """name -> the value of the <option selected> of each select (what the page preselects)."""

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.select = None
            self.found: dict[str, str] = {}

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                self.found[self.select] = a.get("value") or ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    reader = Reader()
    reader.feed(html)
    return reader.found


def post_forms(html: str, page_url: str) -> list[FormSpec]:
    """Every POST form of a page, with the values a browser would submit."""
    reader = _FormsReader(page_url)
    reader.feed(html)
    chosen = selected_options(html)
    for form in reader.forms:
        form.fields = [(n, chosen.get(n, v) if n in form.options else v) for n, v in form.fields]
    return reader.forms


def form_for(html: str, page_url: str, action_pattern: str) -> FormSpec:
    """The first POST form of a page sent to a path matching the regular expression (query ignored)."""
    forms = post_forms(html, page_url)
    for form in forms:
        if re.fullmatch(action_pattern, form.action.split("?", 1)[0]):
            return form
    raise AssertionError(f"no form posting to {action_pattern} on {page_url}: {[f.action for f in forms]}")


# --- database snapshots ---------------------------------------------------------------------------


def fresh_request_state() -> None:
    """Start the next request as production does, from a new app context: an empty `g` and no
    database session. (The tests' app context outlives requests, so both would carry over.)"""
    for name in list(g):
        g.pop(name)
    db.session.remove()


Snapshot = dict[str, dict[tuple, dict]]


def snapshot() -> Snapshot:
    """Every committed row of every table, keyed by primary key (read on a connection of its own, so
    anything a request left uncommitted in the session does not count)."""
    out: Snapshot = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            keys = [c.name for c in table.primary_key.columns]
            out[table.name] = {tuple(row[k] for k in keys): dict(row) for row in conn.execute(select(table)).mappings()}
    return out


@dataclass(repr=False)
class Diff:
    """What changed between two snapshots, per table."""

    added: dict[str, list[dict]]
    removed: dict[str, list[dict]]
    changed: dict[str, list[tuple[dict, dict]]]

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not (self.added or self.removed or self.changed)

    def shape(self) -> dict[str, tuple[int, int, int]]:
        """table -> (rows added, removed, changed), for messages and exact comparisons."""
        tables = set(self.added) | set(self.removed) | set(self.changed)
        return {
            t: (len(self.added.get(t, [])), len(self.removed.get(t, [])), len(self.changed.get(t, []))) for t in tables
        }

    def __repr__(self) -> str:
        return f"Diff{self.shape()}"


def diff(before: Snapshot, after: Snapshot) -> Diff:
    """Rows added, removed and changed in every table."""
    added, removed, changed = {}, {}, {}
    for table in before.keys() | after.keys():
        old, new = before.get(table, {}), after.get(table, {})
        if rows := [new[k] for k in new.keys() - old.keys()]:
            added[table] = rows
        if rows := [old[k] for k in old.keys() - new.keys()]:
            removed[table] = rows
        if rows := [(old[k], new[k]) for k in old.keys() & new.keys() if old[k] != new[k]]:
            changed[table] = rows
    return Diff(added, removed, changed)


# --- what a refusal must look like ----------------------------------------------------------------

ALLOWED_FORM_STATUSES = {200, 302, 400, 403, 404, 409, 413, 422}
# Markers of a message shown to the person: an error beside a field, a flash, a conflict notice.
FIELD_MESSAGE_MARKERS = ('class="field-error"', "flash flash-error", 'role="alert"')


def explains_itself(response) -> bool:
    """True when a refused request tells the person what happened (not an empty or bare page)."""
    if response.is_json:
        body = response.get_json(silent=True)
        return isinstance(body, dict) and bool(body.get("error"))
    text = response.get_data(as_text=True)
    if response.status_code in (401, 409, 422):
        return any(marker in text for marker in FIELD_MESSAGE_MARKERS)
    # Error pages (admin, kiosk or Werkzeug's own): a heading and a sentence.
    return "<h1" in text and "<p" in text
