"""Load the starter content from content/: `seed` adds what is missing and never touches what staff
edited; `seed --update` also brings items staff never edited up to the files, as unpublished drafts.

An item counts as edited by staff once anyone but the seed saved it (its `updated_by`, or any
revision by another author): hiding it, changing a text, reverting. Those are left alone and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from core.extensions import db
from core.models import Article, Department, Hotline, Office, Revision, Topic
from core.models.base import utcnow
from core.publishing import latest_release, publish
from core.starter_content import load_starter_content

SEED_AUTHOR = "seed"

# The attributes the content files set, per item type (the rest is staff's: hidden, effective dates...).
FILE_FIELDS = {
    "topic": ("icon", "sort", "needs_review"),
    "article": ("sort", "needs_review"),
    "hotline": ("number", "number_abroad", "sort", "needs_review"),
    "department": ("sort", "phone", "needs_review"),
    "office": ("windows", "needs_review"),
}


def _stamped(texts: dict) -> dict:
    """Per-language edit times for freshly seeded texts."""
    now = utcnow().isoformat()
    return {lang: now for lang in texts}


def _review_fields(raw: dict) -> dict:
    """needs_review, and checked_on/checked_by when a content file records a check."""
    fields = {"needs_review": bool(raw.get("needs_review", False))}
    if raw.get("checked_on"):
        fields["checked_on"] = raw["checked_on"]
        fields["checked_by"] = str(raw.get("checked_by") or SEED_AUTHOR)[:80]
    return fields


def _new(model, texts: dict, **fields):
    item = model(texts=texts, text_updated=_stamped(texts), updated_by=SEED_AUTHOR, **fields)
    db.session.add(item)
    return item


@dataclass
class SeedReport:
    """What a seed run did, by item label ("article work-abroad/before-you-go")."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    edited_by_staff: list[str] = field(default_factory=list)


def _add_missing(content: dict, report: SeedReport) -> None:
    """Insert the items of `content` that the database lacks (never changes existing rows)."""
    for raw_topic in content["topics"]:
        topic = db.session.scalar(select(Topic).where(Topic.slug == raw_topic["slug"]))
        if topic is None:
            topic = _new(
                Topic, raw_topic["texts"], slug=raw_topic["slug"], icon=raw_topic["icon"],
                sort=raw_topic["sort"], **_review_fields(raw_topic),
            )  # fmt: skip
            report.added.append(f"topic {raw_topic['slug']}")
        existing = {a.slug for a in topic.articles}
        for raw in raw_topic["articles"]:
            if raw["slug"] in existing:
                continue
            article = _new(Article, raw["texts"], slug=raw["slug"], sort=raw["sort"], **_review_fields(raw))
            topic.articles.append(article)
            report.added.append(f"article {raw_topic['slug']}/{raw['slug']}")
    for raw in content["hotlines"]:
        if db.session.scalar(select(Hotline).where(Hotline.key == raw["key"])) is None:
            _new(
                Hotline, raw["texts"], key=raw["key"], number=raw["number"],
                number_abroad=raw.get("number_abroad", ""), sort=raw["sort"], hours=raw.get("hours"),
                **_review_fields(raw),
            )  # fmt: skip
            report.added.append(f"hotline {raw['key']}")
    for raw in content["departments"]:
        if db.session.scalar(select(Department).where(Department.key == raw["key"])) is None:
            _new(
                Department, raw["texts"], key=raw["key"], sort=raw["sort"], phone=raw.get("phone", ""),
                **_review_fields(raw),
            )  # fmt: skip
            report.added.append(f"department {raw['key']}")
    if db.session.scalar(select(Office)) is None:
        from core.hours import default_rules

        raw = content["office"]
        _new(Office, raw["texts"], windows=raw["windows"], hours_rules=default_rules().to_dict(), **_review_fields(raw))
        report.added.append("office")
    db.session.commit()


def seed_content(content: dict | None = None) -> int:
    """Insert missing starter items and publish them; returns how many items were added."""
    content = load_starter_content() if content is None else content
    report = SeedReport()
    _add_missing(content, report)
    if report.added or latest_release() is None:
        publish(author=SEED_AUTHOR, comment="Starter content")
    return len(report.added)


def edited_by_staff(kind: str, item) -> bool:
    """True once anyone but the seed saved the item (a text, a field, hiding it, a revert)."""
    if (item.updated_by or SEED_AUTHOR) != SEED_AUTHOR:
        return True
    other = select(Revision.id).where(
        Revision.item_type == kind, Revision.item_id == item.id, Revision.author != SEED_AUTHOR
    )
    return db.session.scalar(other.limit(1)) is not None


def _pairs(content: dict):
    """(kind, label, database row, file entry) for every file item that exists in the database."""
    for raw_topic in content["topics"]:
        topic = db.session.scalar(select(Topic).where(Topic.slug == raw_topic["slug"]))
        if topic is None:
            continue
        yield "topic", f"topic {topic.slug}", topic, raw_topic
        by_slug = {a.slug: a for a in topic.articles}
        for raw in raw_topic["articles"]:
            if raw["slug"] in by_slug:
                yield "article", f"article {topic.slug}/{raw['slug']}", by_slug[raw["slug"]], raw
    for raw in content["hotlines"]:
        row = db.session.scalar(select(Hotline).where(Hotline.key == raw["key"]))
        if row is not None:
            yield "hotline", f"hotline {raw['key']}", row, raw
    for raw in content["departments"]:
        row = db.session.scalar(select(Department).where(Department.key == raw["key"]))
        if row is not None:
            yield "department", f"department {raw['key']}", row, raw
    office = db.session.scalar(select(Office).order_by(Office.id))
    if office is not None:
        yield "office", "office", office, content["office"]


def update_content(content: dict | None = None) -> SeedReport:
    """Bring starter items staff never edited up to `content` as new draft revisions (nothing is
    published); add missing items as drafts; list, and leave alone, the items staff edited.

    Running it again changes nothing: a draft that already equals the files is not saved again."""
    from core.editing import save_item

    content = load_starter_content() if content is None else content
    report = SeedReport()
    _add_missing(content, report)
    for kind, label, item, raw in list(_pairs(content)):
        if label in report.added:
            continue
        if edited_by_staff(kind, item):
            report.edited_by_staff.append(label)
            continue
        fields = {name: raw.get(name, "" if name in ("phone", "number_abroad") else None) for name in FILE_FIELDS[kind]}
        fields = {name: value for name, value in fields.items() if value is not None}
        result = save_item(
            item, {"fields": fields, "texts": raw["texts"]}, expected_version=item.version_id,
            author=SEED_AUTHOR, comment="Starter content update",
        )  # fmt: skip
        if result.changed:
            report.updated.append(label)
    return report
