"""Preview: any kiosk page rendered by the kiosk's own views and templates from the drafts (and, for an
editor, the text typed but not saved), before anything is published.

The kiosk reads its release from `request.environ["kiosk.snapshot"]`; a preview puts a snapshot of the
drafts there and dispatches the kiosk URL inside the running app, in an application context of its own
(its own `g` and database session), so nothing of the staff member's request leaks into the page and
nothing of the preview reaches the kiosk's page cache or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from flask import current_app, request
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from core.extensions import db
from core.models import Office, Topic
from core.publishing import (
    article_entry,
    build_snapshot,
    canonical_json,
    content_hash,
    department_entry,
    hotline_entry,
    office_entry,
    topic_entry,
)
from core.shortcodes import shortcode_values
from core.snapshot import Snapshot

# The page types a preview can show, in the order the picker lists them.
PAGE_TYPES = ("index", "home", "topic", "article", "hotlines", "office")
# Kiosk screens (CSS px), as terminals run them.
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
# The page a preview opens on for each content type.
DEFAULT_PAGE = {"topic": "topic", "article": "article", "hotline": "hotlines", "office": "office",
                "department": "office"}  # fmt: skip
ENVIRON_FLAG = "kiosk.preview"


@dataclass
class Focus:
    """Which topic and article the "topic" and "article" pages of a preview show."""

    topic: str | None = None
    article: str | None = None


def _replace(entries: list[dict], key: str, old, new: dict | None, order: tuple[str, str]) -> None:
    """Take out the entry whose `key` was `old`, put `new` in (if any) and keep the kiosk's order."""
    entries[:] = [e for e in entries if old is None or e.get(key) != old]
    if new is not None:
        entries[:] = [e for e in entries if e.get(key) != new.get(key)]
        entries.append(new)
    entries.sort(key=lambda e: tuple(e.get(name) or 0 if name == "sort" else e.get(name) or "" for name in order))


def _typed_object(kind_key: str, item, typed: dict) -> SimpleNamespace:
    """The item as typed: its saved attributes, then every typed field and text over them."""
    saved = {}
    if item is not None:
        for name in ("slug", "icon", "sort", "key", "number", "number_abroad", "phone", "windows", "hours",
                     "hours_rules", "checked_on", "hidden", "topic_id"):  # fmt: skip
            if hasattr(item, name):
                saved[name] = getattr(item, name)
    fields = {k: v for k, v in (typed.get("fields") or {}).items() if v is not None and v != ""}
    defaults = {"sort": 100, "checked_on": None, "hidden": False, "icon": "document", "number": "",
                "number_abroad": "", "phone": "", "hours": None, "windows": 0, "slug": "", "key": ""}  # fmt: skip
    obj = SimpleNamespace(**{**defaults, **saved, **fields})
    # A date in the future would hide the article on the kiosk now; the preview shows it as it will look.
    obj.effective_from = None
    obj.texts = typed.get("texts") or {}
    if kind_key in ("topic", "article") and not getattr(obj, "slug", ""):
        obj.slug = "preview"
    if kind_key in ("hotline", "department") and not getattr(obj, "key", ""):
        obj.key = "preview"
    return obj


def draft_payload(kind_key: str | None = None, item=None, typed: dict | None = None,
                  office_hours: dict | None = None) -> tuple[dict, Focus]:  # fmt: skip
    """The release that publishing now would make, with the typed (unsaved) item in place of its
    saved self; and which topic and article that item is about."""
    payload = build_snapshot(office_hours)
    topics = payload["topics"]
    focus = Focus(topics[0]["slug"] if topics else None)
    if topics and topics[0]["articles"]:
        focus.article = topics[0]["articles"][0]["slug"]
    if kind_key is None or typed is None:
        return payload, focus
    office = db.session.scalar(select(Office).order_by(Office.id))
    hours = office_hours if office_hours is not None else (office.hours_rules if office else None)
    values = shortcode_values(hours)
    obj = _typed_object(kind_key, item, typed)
    if kind_key == "topic":
        old = next((t for t in topics if item is not None and t["slug"] == item.slug), None)
        entry = None if obj.hidden else {**topic_entry(obj, values), "articles": old["articles"] if old else []}
        _replace(topics, "slug", item.slug if item is not None else None, entry, ("sort", "slug"))
        focus = Focus(obj.slug, entry["articles"][0]["slug"] if entry and entry["articles"] else None)
    elif kind_key == "article":
        topic_id = getattr(obj, "topic_id", None)
        # Matched among the topics, not looked up: a typed id may be beyond what the database can compare.
        parent = next((t for t in db.session.scalars(select(Topic)) if t.id == topic_id), None)
        for topic in topics:  # the article may have moved to another topic
            if item is not None and item.topic is not None and topic["slug"] == item.topic.slug:
                _replace(topic["articles"], "slug", item.slug, None, ("sort", "slug"))
        target = next((t for t in topics if parent is not None and t["slug"] == parent.slug), None)
        if target is not None and not obj.hidden:
            _replace(target["articles"], "slug", None, article_entry(obj, values), ("sort", "slug"))
        focus = Focus(parent.slug if parent is not None else None, obj.slug)
    elif kind_key == "hotline":
        _replace(payload["hotlines"], "key", item.key if item is not None else None, hotline_entry(obj, values),
                 ("sort", "key"))  # fmt: skip
    elif kind_key == "department":
        entry = None if obj.hidden else department_entry(obj, values)
        _replace(payload["departments"], "key", item.key if item is not None else None, entry, ("sort", "key"))
    elif kind_key == "office":
        obj.hours_rules = hours
        payload["office"] = office_entry(obj, values, hours)
    return payload, focus


def page_path(page: str, lang: str, focus: Focus) -> str:
    """The kiosk address of a page type in one language (a missing topic or article: its parent page)."""
    if page == "index":
        return "/"
    if page == "hotlines":
        return f"/{lang}/hotlines"
    if page == "office":
        return f"/{lang}/office"
    if page == "article" and focus.topic and focus.article:
        return f"/{lang}/topics/{focus.topic}/{focus.article}"
    if page in ("topic", "article") and focus.topic:
        return f"/{lang}/topics/{focus.topic}"
    return f"/{lang}/"


def render_kiosk_page(payload: dict, path: str) -> tuple[str, int]:
    """The kiosk's answer for `path` with `payload` as the current release: (HTML, status code)."""
    app = current_app._get_current_object()
    text = canonical_json(payload)
    snapshot = Snapshot(payload, 0, "preview-" + content_hash(text), datetime.now(UTC))
    base_url = request.host_url if request else None
    # A context of its own: a fresh `g` and database session; the staff member's request is untouched.
    with app.app_context(), app.test_request_context(path, base_url=base_url):
        request.environ["kiosk.snapshot"] = snapshot
        request.environ[ENVIRON_FLAG] = True
        try:
            answer = app.preprocess_request()
            if answer is None:
                answer = app.dispatch_request()
        except HTTPException as error:
            answer = app.handle_user_exception(error)
        response = app.make_response(answer)
        return response.get_data(as_text=True), response.status_code
