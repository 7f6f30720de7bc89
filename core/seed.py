"""Load the starter content: only adds what is missing, never touches what staff edited."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import Article, Department, Hotline, Office, Topic
from core.models.base import utcnow
from core.publishing import latest_release, publish
from core.starter_content import STARTER_CONTENT


def _stamped(texts: dict) -> dict:
    """Per-language edit times for freshly seeded texts."""
    now = utcnow().isoformat()
    return {lang: now for lang in texts}


def _new(model, texts: dict, **fields):
    item = model(texts=texts, text_updated=_stamped(texts), updated_by="seed", **fields)
    db.session.add(item)
    return item


def seed_content(content: dict = STARTER_CONTENT) -> int:
    """Insert missing starter items and publish them; returns how many items were added."""
    added = 0
    for raw_topic in content["topics"]:
        topic = db.session.scalar(select(Topic).where(Topic.slug == raw_topic["slug"]))
        if topic is None:
            topic = _new(
                Topic, raw_topic["texts"], slug=raw_topic["slug"], icon=raw_topic["icon"],
                sort=raw_topic["sort"], needs_review=raw_topic.get("needs_review", False),
            )  # fmt: skip
            added += 1
        existing = {a.slug for a in topic.articles}
        for raw in raw_topic["articles"]:
            if raw["slug"] in existing:
                continue
            article = _new(
                Article, raw["texts"], slug=raw["slug"], sort=raw["sort"],
                needs_review=raw.get("needs_review", False),
            )  # fmt: skip
            topic.articles.append(article)
            added += 1
    for raw in content["hotlines"]:
        if db.session.scalar(select(Hotline).where(Hotline.key == raw["key"])) is None:
            _new(
                Hotline, raw["texts"], key=raw["key"], number=raw["number"],
                number_abroad=raw.get("number_abroad", ""), sort=raw["sort"], hours=raw.get("hours"),
            )  # fmt: skip
            added += 1
    for raw in content["departments"]:
        if db.session.scalar(select(Department).where(Department.key == raw["key"])) is None:
            _new(Department, raw["texts"], key=raw["key"], sort=raw["sort"], phone=raw.get("phone", ""))
            added += 1
    if db.session.scalar(select(Office)) is None:
        from core.hours import default_rules

        raw = content["office"]
        _new(Office, raw["texts"], windows=raw["windows"], hours_rules=default_rules().to_dict())
        added += 1
    db.session.commit()
    if added or latest_release() is None:
        publish(author="seed", comment="Starter content")
    return added
