"""`flask seed`: idempotent, and never overwrites what staff changed."""

from __future__ import annotations

from sqlalchemy import select

from core.extensions import db
from core.models import Article, Department, Hotline, Office, Release, Topic

MODELS = (Topic, Article, Hotline, Office, Department, Release)


def dump() -> dict:
    """Every row of every content table, as plain data."""
    out = {}
    for model in MODELS:
        rows = db.session.scalars(select(model).order_by(model.id)).all()
        out[model.__tablename__] = [{c.name: getattr(row, c.key) for c in model.__table__.columns} for row in rows]
    return out


def test_seed_twice_changes_nothing(empty_app):
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    assert "added" in first.output
    before = dump()
    assert len(before["topic"]) >= 8
    assert len(before["release"]) == 1
    db.session.expire_all()
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    assert dump() == before


def test_seed_keeps_staff_edits_and_adds_only_what_is_missing(empty_app):
    runner = empty_app.test_cli_runner()
    runner.invoke(args=["seed"])
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    hotline.texts = {**hotline.texts, "ru": {**hotline.texts["ru"], "label": "Изменено сотрудником"}}
    removed = db.session.scalars(select(Department).order_by(Department.id)).first()
    removed_key = removed.key
    db.session.delete(removed)
    db.session.commit()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    assert hotline.texts["ru"]["label"] == "Изменено сотрудником"
    assert db.session.scalar(select(Department).where(Department.key == removed_key)) is not None


def test_starter_content_is_complete_in_three_languages(app):
    for model, fields in ((Topic, ("title", "summary")), (Article, ("title", "summary", "body"))):
        for item in db.session.scalars(select(model)):
            for lang in ("ky", "ru", "en"):
                for field in fields:
                    assert item.text(lang, field).strip(), (model.__name__, item.id, lang, field)
    numbers = {h.number for h in db.session.scalars(select(Hotline))}
    assert {"189", "0312 300423"} <= numbers
