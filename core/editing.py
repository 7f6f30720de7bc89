"""Editing content: saves with revisions and optimistic locking, revert, diffs, translation status,
and the publishing workflow built on core.publishing (what will change, the missing-language check,
rollback).

Policy for the missing-language check: only items whose draft differs from the current release
(added or changed) are checked, so an old gap never blocks an unrelated fix; the dashboard and the
translation grid still show every gap.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from core import audit
from core.config import LANGUAGES
from core.extensions import db
from core.glossary import TermProblem, item_term_problems
from core.kiosk_diff import BlockChange, block_changes, field_blocks
from core.models import Article, Department, Hotline, Office, Release, Revision, Terminal, Topic
from core.models.base import utcnow
from core.publishing import build_snapshot, latest_release, publish
from core.shortcodes import unknown_shortcodes, weekly_hours_text


@dataclass(frozen=True)
class TextField:
    """One per-language text of an item."""

    name: str
    label: object
    max_length: int
    markdown: bool = False
    multiline: bool = False
    # A language counts as present only when every required field has text.
    required: bool = True


@dataclass(frozen=True)
class ItemType:
    """How one kind of content is edited."""

    key: str
    model: type
    label: object
    plural: object
    text_fields: tuple[TextField, ...]
    # Non-text attributes kept in revisions and restored by revert.
    fields: tuple[str, ...]
    title_field: str
    creatable: bool = True
    # Attributes edited on their own pages (reception hours): kept in revisions, diffed, restored by revert.
    managed_fields: tuple[str, ...] = ()

    def text_field(self, name: str) -> TextField:
        """A text field by name."""
        return next(f for f in self.text_fields if f.name == name)


ITEM_TYPES: dict[str, ItemType] = {
    "topic": ItemType(
        "topic", Topic, _l("Topic"), _l("Topics"),
        (
            TextField("title", _l("Title"), 120),
            TextField("summary", _l("Summary"), 300, multiline=True, required=False),
        ),
        ("slug", "icon", "sort", "hidden", "needs_review"), "title",
    ),
    "article": ItemType(
        "article", Article, _l("Article"), _l("Articles"),
        (
            TextField("title", _l("Title"), 200),
            TextField("summary", _l("Summary"), 500, multiline=True, required=False),
            TextField("body", _l("Text"), 20000, markdown=True, multiline=True),
        ),
        ("topic_id", "slug", "sort", "effective_from", "hidden", "needs_review"), "title",
    ),
    "hotline": ItemType(
        "hotline", Hotline, _l("Hotline"), _l("Hotlines"),
        (
            TextField("label", _l("Name"), 120),
            TextField("description", _l("Description"), 1000, multiline=True, required=False),
        ),
        ("key", "number", "number_abroad", "sort", "needs_review"), "label", managed_fields=("hours",),
    ),
    "office": ItemType(
        "office", Office, _l("Office"), _l("Office information"),
        (
            TextField("name", _l("Name"), 200),
            TextField("address", _l("Address"), 500, multiline=True),
            TextField("reception_note", _l("Reception note"), 5000, markdown=True, multiline=True, required=False),
        ),
        ("windows", "needs_review"), "name", creatable=False, managed_fields=("hours_rules",),
    ),
    "department": ItemType(
        "department", Department, _l("Department"), _l("Departments"),
        (TextField("name", _l("Name"), 300),),
        ("key", "sort", "phone", "note", "hidden", "needs_review"), "name",
    ),
}  # fmt: skip


FIELD_LABELS = {
    "slug": _l("Address (slug)"), "icon": _l("Icon"), "sort": _l("Order"), "needs_review": _l("Needs review"),
    "hidden": _l("Hidden from kiosks"),
    "topic_id": _l("Topic"), "effective_from": _l("Takes effect"), "key": _l("Key"), "number": _l("Number"),
    "number_abroad": _l("Number from abroad"), "windows": _l("Windows for documents"), "phone": _l("Phone"),
    "note": _l("Internal note"), "hours_rules": _l("Reception hours"), "hours": _l("Hours"),
}  # fmt: skip


def item_type_of(item) -> ItemType:
    """The ItemType describing a model instance."""
    for kind in ITEM_TYPES.values():
        if isinstance(item, kind.model):
            return kind
    raise TypeError(f"not editable: {item!r}")


def source_language() -> str:
    """The language translations are made from (stale means: older than this language's text)."""
    return current_app.config.get("SOURCE_LANGUAGE", "ru")


def display_title(item, lang: str) -> str:
    """A short name for an item in lists: its title in `lang`, else in any language, else its key."""
    kind = item_type_of(item)
    for candidate in (lang, *LANGUAGES):
        value = item.text(candidate, kind.title_field).strip()
        if value:
            return value
    return getattr(item, "slug", None) or getattr(item, "key", None) or f"#{item.id}"


# --- serializing, revisions ---------------------------------------------------------------------


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def serialize(item) -> dict:
    """The editable state of an item as JSON-ready data (what a revision stores)."""
    kind = item_type_of(item)
    texts = {
        lang: {f.name: (item.texts or {}).get(lang, {}).get(f.name, "") or "" for f in kind.text_fields}
        for lang in LANGUAGES
    }
    names = (*kind.fields, *kind.managed_fields)
    return {"fields": {name: _plain(getattr(item, name)) for name in names}, "texts": texts}


def revisions_of(item) -> list[Revision]:
    """All revisions of an item, newest first."""
    kind = item_type_of(item)
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.item_type == kind.key, Revision.item_id == item.id)
            .order_by(Revision.number.desc())
        )
    )


def _next_revision_number(kind: ItemType, item_id: int) -> int:
    current = db.session.scalar(
        select(func.max(Revision.number)).where(Revision.item_type == kind.key, Revision.item_id == item_id)
    )
    return (current or 0) + 1


class EditConflict(Exception):
    """Someone else saved the item after this editor opened it; nothing was written."""

    def __init__(self, current: dict, version: int):
        super().__init__("edit conflict")
        self.current = current
        self.version = version


class DuplicateKey(Exception):
    """The slug or key is already used by another item; nothing was written."""


@dataclass
class SaveResult:
    """What a save did."""

    item: object
    revision: Revision | None
    changed: bool


def _apply(item, kind: ItemType, data: dict, checked: tuple[str, ...]) -> bool:
    """Write `data` onto the item; returns True when anything changed."""
    before = serialize(item)
    for name in (*kind.fields, *kind.managed_fields):
        if name in data.get("fields", {}):
            value = data["fields"][name]
            if name == "effective_from" and isinstance(value, str):
                value = datetime.fromisoformat(value)
            setattr(item, name, value)
    states_before = language_status(item) if item.id is not None else {}
    new_texts = {lang: dict(fields) for lang, fields in (item.texts or {}).items()}
    stamps = dict(item.text_updated or {})
    now = utcnow().isoformat()
    edited = set()
    for lang in LANGUAGES:
        incoming = data.get("texts", {}).get(lang)
        if incoming is None:
            continue
        merged = dict(new_texts.get(lang, {}))
        for f in kind.text_fields:
            merged[f.name] = (incoming.get(f.name) or "").replace("\r\n", "\n")
        if merged != new_texts.get(lang, {}):
            if any(before["texts"][lang].get(f.name, "") != merged[f.name] for f in kind.text_fields):
                stamps[lang] = now
                edited.add(lang)
            new_texts[lang] = merged
    for lang in checked:
        if lang in LANGUAGES:
            stamps[lang] = now
    item.texts = new_texts
    item.text_updated = stamps
    stale_before = list(item.stale_languages or [])
    stale = next_stale(stale_before, states_before, edited, checked)
    if stale != stale_before:
        item.stale_languages = stale
    return serialize(item) != before or bool(checked)


def next_stale(stale: list[str], states_before: dict[str, str], edited: set[str], confirmed=()) -> list[str]:
    """The stale languages after a save.

    A language edited now is up to date. An edit to a text that was up to date ("ok") is new content:
    every language not edited with it falls behind. An edit to a stale or missing text is a
    translation catching up (or appearing), which puts nobody else behind. A language confirmed
    unchanged ("the translation still says the same") is up to date.
    """
    result = set(stale) - set(edited)
    if any(states_before.get(lang) == OK for lang in edited):
        result |= set(LANGUAGES) - set(edited)
    result -= set(confirmed)
    return [lang for lang in LANGUAGES if lang in result]


def save_item(
    item,
    data: dict,
    *,
    expected_version: int | None,
    author: str,
    comment: str = "",
    checked: tuple[str, ...] = (),
    action: str = "save",
) -> SaveResult:
    """Save an edit as a new draft revision; refuses (EditConflict) if the item changed meanwhile.

    `item` is a new, unsaved instance (action "create") or a loaded one; `expected_version` is the
    version the editor started from. Kiosks are unaffected until someone publishes.
    """  # fmt: skip
    kind = item_type_of(item)
    is_new = item.id is None
    if not is_new and expected_version != item.version_id:
        current = serialize(item)
        raise EditConflict(current, item.version_id)
    try:
        if not is_new and not _has_revisions(kind, item.id):
            # The first edit after seeding: keep the starting state so it can be compared and restored.
            _add_revision(kind, item, author=item.updated_by or "seed", action="baseline", comment="")
        stale_before = set(item.stale_languages or [])
        changed = _apply(item, kind, data, checked)
        if not changed and not is_new:
            db.session.rollback()
            return SaveResult(item, None, False)
        item.updated_by = author
        if is_new:
            db.session.add(item)
        db.session.flush()
        revision = _add_revision(kind, item, author=author, action="create" if is_new else action, comment=comment)
        detail = {"type": kind.key, "id": item.id, "revision": revision.number, "comment": comment}
        now_stale = [lang for lang in (item.stale_languages or []) if lang not in stale_before]
        if now_stale:
            detail["now_stale"] = now_stale  # the languages this change put behind
        confirmed = [lang for lang in checked if lang in stale_before]
        if confirmed:
            detail["confirmed_unchanged"] = confirmed
        audit.record(
            audit.ITEM_CREATE if is_new else (audit.ITEM_REVERT if action == "revert" else audit.ITEM_SAVE),
            author, detail, commit=False,
        )  # fmt: skip
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        fresh = db.session.get(kind.model, item.id)
        raise EditConflict(serialize(fresh), fresh.version_id) from None
    except IntegrityError as exc:
        db.session.rollback()
        raise DuplicateKey(str(exc.orig)) from None
    return SaveResult(item, revision, True)


def _has_revisions(kind: ItemType, item_id: int) -> bool:
    return (
        db.session.scalar(
            select(Revision.id).where(Revision.item_type == kind.key, Revision.item_id == item_id).limit(1)
        )
        is not None
    )


def _add_revision(kind: ItemType, item, *, author: str, action: str, comment: str) -> Revision:
    revision = Revision(
        item_type=kind.key,
        item_id=item.id,
        number=_next_revision_number(kind, item.id),
        author=author,
        action=action,
        comment=comment,
        data=serialize(item),
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def revert_item(item, revision: Revision, *, expected_version: int, author: str) -> SaveResult:
    """Make a new draft equal to an old revision (history is kept; nothing is published)."""
    return save_item(
        item, revision.data, expected_version=expected_version, author=author,
        comment=f"Revert to revision {revision.number}", action="revert",
    )  # fmt: skip


# --- diffs --------------------------------------------------------------------------------------


@dataclass
class FieldDiff:
    """The change of one field (optionally in one language) between two versions."""

    name: str
    label: object
    lang: str | None
    old: str
    new: str
    lines: list[tuple[str, str]] = field(default_factory=list)


def _line_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Lines tagged " " (same), "-" (removed) or "+" (added)."""
    out = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        tag = line[:1]
        if tag in (" ", "-", "+"):
            out.append((tag, line[2:]))
    return out


def diff_data(kind: ItemType, old: dict, new: dict) -> list[FieldDiff]:
    """The fields and texts that differ between two serialized versions of one item."""
    rows = []
    for name in kind.fields:
        # A revision saved before a field existed lacks it: no difference can be shown then.
        if name not in old.get("fields", {}) or name not in new.get("fields", {}):
            continue
        before, after = old["fields"][name], new["fields"][name]
        if before != after:
            rows.append(FieldDiff(name, FIELD_LABELS.get(name, name), None, _text(before), _text(after)))
    for name in kind.managed_fields:
        # Revisions saved before a managed field existed lack it: no difference can be shown then.
        if name not in old.get("fields", {}) or name not in new.get("fields", {}):
            continue
        before, after = _json_text(old["fields"][name]), _json_text(new["fields"][name])
        if before != after:
            rows.append(FieldDiff(name, FIELD_LABELS.get(name, name), None, before, after, _line_diff(before, after)))
    for lang in LANGUAGES:
        for f in kind.text_fields:
            before = old.get("texts", {}).get(lang, {}).get(f.name, "") or ""
            after = new.get("texts", {}).get(lang, {}).get(f.name, "") or ""
            if before != after:
                rows.append(FieldDiff(f.name, f.label, lang, before, after, _line_diff(before, after)))
    return rows


def _text(value) -> str:
    return "" if value is None else str(value)


def _json_text(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


# --- translation status -------------------------------------------------------------------------

MISSING = "missing"
STALE = "stale"
OK = "ok"


def language_status(item) -> dict[str, str]:
    """{lang: "ok" | "missing" | "stale"} for one item ("stale": another language changed since)."""
    kind = item_type_of(item)
    stale = set(item.stale_languages or [])
    status = {}
    for lang in LANGUAGES:
        present = all(item.text(lang, f.name).strip() for f in kind.text_fields if f.required)
        status[lang] = MISSING if not present else STALE if lang in stale else OK
    return status


def stale_items(items: list | None = None) -> list[tuple[object, list[str]]]:
    """Items with texts that need an update after another language changed, and those languages."""
    found = []
    for item in all_items() if items is None else items:
        langs = [lang for lang, state in language_status(item).items() if state == STALE]
        if langs:
            found.append((item, langs))
    return found


TRANSLATION_CONFIRM = "item.translation_confirmed"


class NotStale(Exception):
    """The language is not marked as needing an update (nothing was recorded)."""


def confirm_unchanged(item, lang: str, *, expected_version: int, author: str) -> None:
    """Record that `lang` still says the same as the changed language ("the translation still says the
    same"): it stops being stale. Audited; refuses (EditConflict) if the item changed meanwhile."""
    kind = item_type_of(item)
    if expected_version != item.version_id:
        raise EditConflict(serialize(item), item.version_id)
    if language_status(item).get(lang) != STALE:
        raise NotStale(lang)
    item.stale_languages = [code for code in (item.stale_languages or []) if code != lang]
    item.text_updated = {**(item.text_updated or {}), lang: utcnow().isoformat()}
    item.updated_by = author
    audit.record(TRANSLATION_CONFIRM, author, {"type": kind.key, "id": item.id, "lang": lang}, commit=False)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        fresh = db.session.get(kind.model, item.id)
        raise EditConflict(serialize(fresh), fresh.version_id) from None


def all_items() -> list:
    """Every editable item, grouped by type in list order."""
    items = []
    items += db.session.scalars(select(Topic).order_by(Topic.sort, Topic.slug)).all()
    items += db.session.scalars(select(Article).order_by(Article.topic_id, Article.sort, Article.slug)).all()
    items += db.session.scalars(select(Hotline).order_by(Hotline.sort, Hotline.key)).all()
    items += db.session.scalars(select(Office).order_by(Office.id)).all()
    items += db.session.scalars(select(Department).order_by(Department.sort, Department.key)).all()
    return items


# --- draft vs. release --------------------------------------------------------------------------


def flatten_payload(payload: dict | None) -> dict[tuple[str, str], dict]:
    """Index a snapshot payload by (item type, key) so drafts and releases can be compared per item."""
    flat: dict[tuple[str, str], dict] = {}
    if not payload:
        return flat
    for topic in payload.get("topics", []):
        flat[("topic", topic["slug"])] = {k: v for k, v in topic.items() if k != "articles"}
        for article in topic.get("articles", []):
            flat[("article", f"{topic['slug']}/{article['slug']}")] = article
    for hotline in payload.get("hotlines", []):
        flat[("hotline", hotline["key"])] = hotline
    if payload.get("office"):
        flat[("office", "office")] = payload["office"]
    for department in payload.get("departments", []):
        flat[("department", department["key"])] = department
    known = {"topics", "hotlines", "office", "departments"}
    for name, value in payload.items():
        if name not in known:
            flat[("other", name)] = {"value": value}
    return flat


def snapshot_key(item) -> tuple[str, str]:
    """The (type, key) of an item in a flattened payload."""
    kind = item_type_of(item)
    if kind.key == "topic":
        return ("topic", item.slug)
    if kind.key == "article":
        return ("article", f"{item.topic.slug}/{item.slug}")
    if kind.key == "office":
        return ("office", "office")
    return (kind.key, item.key)


def release_payload(release: Release | None) -> dict | None:
    """The parsed payload of a release."""
    return json.loads(release.payload) if release else None


@dataclass
class Change:
    """One item that differs between the drafts and the current release."""

    kind: str
    key: str
    change: str  # "added", "changed" or "removed"
    title: str


def pending_changes(draft: dict | None = None, published: dict | None = None) -> list[Change]:
    """What publishing now would change, per item, compared with the current release."""
    draft = draft if draft is not None else build_snapshot()
    if published is None:
        published = release_payload(latest_release())
    return _compare(flatten_payload(draft), flatten_payload(published))


def cached_changes() -> list[Change]:
    """Like pending_changes(), from the cached draft index (for the dashboard)."""
    return _compare(indexed_drafts(), indexed_release())


def _compare(new: dict, old: dict) -> list[Change]:
    changes = []
    for key, entry in new.items():
        if key not in old:
            changes.append(Change(key[0], key[1], "added", _entry_title(entry, key)))
        elif old[key] != entry:
            changes.append(Change(key[0], key[1], "changed", _entry_title(entry, key)))
    for key, entry in old.items():
        if key not in new:
            changes.append(Change(key[0], key[1], "removed", _entry_title(entry, key)))
    return changes


def _entry_title(entry: dict, key: tuple[str, str]) -> str:
    texts = entry.get("texts") or {}
    for lang in (source_language(), *LANGUAGES):
        fields = texts.get(lang) or {}
        for name in ("title", "label", "name"):
            if (fields.get(name) or "").strip():
                return fields[name]
    return key[1]


def _draft_fingerprint() -> tuple:
    """Changes whenever any draft row is added, removed or saved (every ORM save bumps version_id)."""
    parts = []
    for model in (Topic, Article, Hotline, Office, Department):
        parts.append(tuple(db.session.execute(
            select(func.count(model.id), func.coalesce(func.sum(model.version_id), 0), func.max(model.id))
        ).one()))  # fmt: skip
    return tuple(parts)


def indexed_drafts() -> dict[tuple[str, str], dict]:
    """The flattened draft snapshot, rebuilt only when the drafts changed (for lists and status badges).

    Rendering every Markdown text takes a while; publishing never uses this cache.
    """
    cache = current_app.extensions.setdefault("editing_drafts", {})
    fingerprint = _draft_fingerprint()
    if cache.get("fingerprint") != fingerprint:
        cache.update(fingerprint=fingerprint, flat=flatten_payload(build_snapshot()))
    return cache["flat"]


def indexed_release() -> dict[tuple[str, str], dict]:
    """The flattened payload of the current release (parsed once per release)."""
    release = latest_release()
    cache = current_app.extensions.setdefault("editing_release", {})
    key = (release.number, release.content_hash) if release else None
    if cache.get("key") != key or "flat" not in cache:
        cache.update(key=key, flat=flatten_payload(release_payload(release)))
    return cache["flat"]


def item_statuses(items: list) -> dict[tuple[str, int], str]:
    """{(type, id): "published" | "draft"} comparing each item's draft with the current release."""
    draft = indexed_drafts()
    published = indexed_release()
    out = {}
    for item in items:
        key = snapshot_key(item)
        out[(item_type_of(item).key, item.id)] = "published" if published.get(key) == draft.get(key) else "draft"
    return out


@dataclass
class Gap:
    """An item about to be published without one or more languages."""

    kind: str
    key: str
    title: str
    missing: list[str]


def publish_gaps(changes: list[Change] | None = None) -> list[Gap]:
    """Changed or added items that lack a language (what blocks a publish without an override)."""
    gaps = []
    for key, item in _changed_items(changes):
        missing = [lang for lang, state in language_status(item).items() if state == MISSING]
        if missing:
            gaps.append(Gap(key[0], key[1], display_title(item, source_language()), missing))
    return gaps


def _changed_items(changes: list[Change] | None):
    """(snapshot key, item) of each item a publish would add or change: what every publish gate checks."""
    changes = pending_changes() if changes is None else changes
    wanted = {(c.kind, c.key) for c in changes if c.change != "removed"}
    for item in all_items():
        key = snapshot_key(item)
        if key in wanted:
            yield key, item


@dataclass
class TermIssue:
    """A changed item whose texts use a variant the term glossary forbids."""

    kind: str
    key: str
    title: str
    problems: list[TermProblem]


def _unknown_shortcodes(texts: dict) -> list[TermProblem]:
    """Short-codes publishing cannot fill (a typo would show travellers the braces)."""
    found = []
    for lang, fields in (texts or {}).items():
        for value in (fields or {}).values():
            for name in unknown_shortcodes(value if isinstance(value, str) else ""):
                problem = TermProblem(lang, f"{{{{ {name} }}}}", "{{ reception_hours }}")
                if problem not in found:
                    found.append(problem)
    return found


def publish_term_issues(changes: list[Change] | None = None) -> list[TermIssue]:
    """Changed or added items that use a forbidden glossary variant (content/glossary.yaml) or a
    short-code publishing cannot fill."""
    issues = []
    for key, item in _changed_items(changes):
        problems = item_term_problems(item.texts) + _unknown_shortcodes(item.texts)
        if problems:
            issues.append(TermIssue(key[0], key[1], display_title(item, source_language()), problems))
    return issues


@dataclass
class StaleIssue:
    """A changed item with a language that still says what another language said before its change."""

    kind: str
    key: str
    title: str
    stale: list[str]


def publish_stale(changes: list[Change] | None = None) -> list[StaleIssue]:
    """Changed or added items with stale translations (publishing them needs a reason)."""
    issues = []
    for key, item in _changed_items(changes):
        stale = [lang for lang, state in language_status(item).items() if state == STALE]
        if stale:
            issues.append(StaleIssue(key[0], key[1], display_title(item, source_language()), stale))
    return issues


# --- what travellers will see differently ----------------------------------------------------------

# Attributes travellers see besides the texts, in the order the publish page lists them.
VISIBLE_DETAILS = ("number", "number_abroad", "phone", "windows", "effective_from", "hours", "icon", "sort",
                   "checked_on")  # fmt: skip
DETAIL_LABELS = {**FIELD_LABELS, "hours": _l("Reception hours"), "checked_on": _l("Checked against documents")}


@dataclass
class TextChange:
    """One text field of one language of an item: its changed paragraphs as kiosks render them."""

    lang: str
    label: object
    blocks: list[BlockChange]


@dataclass
class DetailChange:
    """A non-text attribute travellers see (a phone number, the hours), before and after."""

    label: object
    old: str
    new: str


@dataclass
class VisibleChange:
    """One added, changed or removed item with what its kiosk pages will show differently."""

    change: Change
    texts: list[TextChange]
    details: list[DetailChange]


def _detail_text(name: str, value, lang: str) -> str:
    if value in (None, "", [], {}):
        return "—"
    if name == "hours":
        try:
            return weekly_hours_text(value, lang)
        except (ValueError, TypeError, KeyError):
            return "—"
    if name in ("effective_from", "checked_on"):
        moment = datetime.fromisoformat(value)
        return format_datetime(moment, "yyyy-MM-dd HH:mm") if name == "effective_from" else format_date(moment)
    return str(value)


def visible_changes(
    changes: list[Change], draft: dict | None, published: dict | None, lang: str
) -> list[VisibleChange]:
    """Per changed item and language, the paragraphs travellers will read differently (rendered text,
    compared with the current release), and the changed details such as numbers and hours."""
    new_flat, old_flat = flatten_payload(draft), flatten_payload(published)
    out = []
    for change in changes:
        kind = ITEM_TYPES.get(change.kind)
        if kind is None:
            continue
        old = old_flat.get((change.kind, change.key)) or {}
        new = new_flat.get((change.kind, change.key)) or {}
        texts = []
        for code in LANGUAGES:
            old_fields = (old.get("texts") or {}).get(code) or {}
            new_fields = (new.get("texts") or {}).get(code) or {}
            for f in kind.text_fields:
                name = f"{f.name}_html" if f.markdown else f.name
                blocks = block_changes(
                    field_blocks(name, old_fields.get(name, "")), field_blocks(name, new_fields.get(name, ""))
                )
                if blocks:
                    texts.append(TextChange(code, f.label, blocks))
        details = []
        for name in VISIBLE_DETAILS:
            if (name in old or name in new) and old.get(name) != new.get(name):
                before, after = _detail_text(name, old.get(name), lang), _detail_text(name, new.get(name), lang)
                if name == "hours" and before == after:
                    after = str(_l("Same weekly hours; the dates with other hours changed."))
                details.append(DetailChange(DETAIL_LABELS.get(name, name), before, after))
        out.append(VisibleChange(change, texts, details))
    return out


def receiving_terminals() -> int:
    """How many registered terminals with a valid token will pull the next release."""
    return db.session.scalar(
        select(func.count(Terminal.id)).where(Terminal.token_hash.is_not(None), Terminal.revoked_at.is_(None))
    )


class PublishRefused(Exception):
    """Publishing would show travellers an item with a missing language, a forbidden term or a stale
    translation, and no override reason was given."""

    def __init__(self, gaps: list[Gap], terms: list[TermIssue] | None = None, stale: list[StaleIssue] | None = None):
        super().__init__("missing translations" if gaps else "forbidden terms" if terms else "stale translations")
        self.gaps = gaps
        self.terms = terms or []
        self.stale = stale or []


class NothingToPublish(Exception):
    """The drafts equal the current release."""


def publish_drafts(author: str, comment: str, override_reason: str = "") -> Release:
    """Publish every draft as the next release; refuses gaps, forbidden terms and stale translations
    unless an override reason is given."""
    draft = build_snapshot()
    changes = pending_changes(draft)
    if not changes and latest_release() is not None:
        raise NothingToPublish()
    gaps = publish_gaps(changes)
    terms = publish_term_issues(changes)
    stale = publish_stale(changes)
    override_reason = override_reason.strip()
    if (gaps or terms or stale) and not override_reason:
        raise PublishRefused(gaps, terms, stale)
    release = publish(author, comment, payload=draft)
    detail = {
        "release": release.number,
        "content_hash": release.content_hash,
        "comment": comment,
        "changes": [f"{c.change} {c.kind} {c.key}" for c in changes][:200],
    }
    if gaps or terms or stale:
        detail["override_reason"] = override_reason
    if gaps:
        detail["missing"] = {f"{g.kind} {g.key}": g.missing for g in gaps}
    if terms:
        detail["forbidden_terms"] = {f"{t.kind} {t.key}": [f"{p.lang}: {p.found}" for p in t.problems] for t in terms}
    if stale:
        detail["stale"] = {f"{t.kind} {t.key}": t.stale for t in stale}
    audit.record(audit.PUBLISH, author, detail)
    return release


def rollback_to(number: int, author: str) -> Release:
    """Publish an earlier release's payload again as a new, higher-numbered release (drafts untouched)."""
    old = db.session.scalar(select(Release).where(Release.number == number))
    if old is None:
        raise LookupError(number)
    release = publish(author, f"Rollback to release {number}", payload=json.loads(old.payload))
    audit.record(
        audit.ROLLBACK, author,
        {"release": release.number, "restored": number, "content_hash": release.content_hash},
    )  # fmt: skip
    return release
