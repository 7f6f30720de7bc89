"""`flask seed`: idempotent, and never overwrites what staff changed."""

from __future__ import annotations

import json
import runpy
from pathlib import Path

from sqlalchemy import select

from core.editing import save_item, serialize
from core.extensions import db
from core.models import Article, Department, Hotline, Office, Release, Revision, Topic
from core.publishing import latest_release
from core.seed import seed_content
from core.starter_content import load_starter_content

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


# --- seed --update: an installation seeded from the previous starter content --------------------

OLD_CONTENT = runpy.run_path(str(Path(__file__).parent.parent / "fixtures" / "starter_content_68fcbdc.py"))[
    "STARTER_CONTENT"
]


def revision_count() -> int:
    return len(db.session.scalars(select(Revision)).all())


def draft_texts() -> dict[str, dict]:
    """{label: texts} of every item in the database, labelled as the seed labels them."""
    out = {}
    for topic in db.session.scalars(select(Topic)):
        out[f"topic {topic.slug}"] = topic.texts
        out.update({f"article {topic.slug}/{a.slug}": a.texts for a in topic.articles})
    out.update({f"hotline {h.key}": h.texts for h in db.session.scalars(select(Hotline))})
    out.update({f"department {d.key}": d.texts for d in db.session.scalars(select(Department))})
    out["office"] = db.session.scalar(select(Office)).texts
    return out


def file_texts() -> dict[str, dict]:
    """{label: texts} of the new content files."""
    content = load_starter_content()
    out = {}
    for topic in content["topics"]:
        out[f"topic {topic['slug']}"] = topic["texts"]
        out.update({f"article {topic['slug']}/{a['slug']}": a["texts"] for a in topic["articles"]})
    out.update({f"hotline {h['key']}": h["texts"] for h in content["hotlines"]})
    out.update({f"department {d['key']}": d["texts"] for d in content["departments"]})
    out["office"] = content["office"]["texts"]
    return out


def test_update_brings_unedited_items_to_the_new_files_as_drafts_and_leaves_edits_alone(empty_app):
    seed_content(OLD_CONTENT)
    edited = db.session.scalar(select(Article).where(Article.slug == "before-you-go"))
    staff_texts = {**edited.texts, "ru": {**edited.texts["ru"], "title": "Наша редакция"}}
    save_item(edited, {"texts": staff_texts}, expected_version=edited.version_id, author="aigul")
    staff_version = serialize(edited)
    published = latest_release().number
    assert "ышкын" in empty_app.test_client().get("/ky/hotlines").get_data(as_text=True)

    result = empty_app.test_cli_runner().invoke(args=["seed", "--update"])
    assert result.exit_code == 0, result.output
    assert "Left alone because staff edited them (1):\n  article work-abroad/before-you-go\n" in result.output
    assert "Nothing was published" in result.output

    db.session.expire_all()
    drafts, files = draft_texts(), file_texts()
    assert set(drafts) == set(files)
    assert {label for label in files if drafts[label] != files[label]} == {"article work-abroad/before-you-go"}
    edited = db.session.get(Article, edited.id)
    assert serialize(edited) == staff_version and edited.updated_by == "aigul"
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    assert hotline.needs_review is True and hotline.updated_by == "seed"
    update = db.session.scalars(
        select(Revision).where(Revision.item_type == "hotline", Revision.item_id == hotline.id)
    ).all()
    assert [(r.action, r.author) for r in update] == [("baseline", "seed"), ("save", "seed")]
    assert "ышкын" in json.dumps(update[0].data, ensure_ascii=False)  # the old text stays in the history

    # Drafts only: kiosks show the old release until someone publishes.
    assert latest_release().number == published
    assert "ышкын" in empty_app.test_client().get("/ky/hotlines").get_data(as_text=True)

    before, revisions = dump(), revision_count()
    again = empty_app.test_cli_runner().invoke(args=["seed", "--update"])
    assert again.exit_code == 0, again.output
    assert "Starter content is up to date: nothing changed." in again.output
    assert "article work-abroad/before-you-go" in again.output  # still reported, still untouched
    db.session.expire_all()
    assert dump() == before and revision_count() == revisions


def test_update_adds_new_starter_items_as_drafts(empty_app):
    trimmed = {**OLD_CONTENT, "departments": OLD_CONTENT["departments"][:-1]}
    seed_content(trimmed)
    published = latest_release().number
    result = empty_app.test_cli_runner().invoke(args=["seed", "--update"])
    assert "Added as drafts (1):\n  department refugees\n" in result.output
    assert db.session.scalar(select(Department).where(Department.key == "refugees")) is not None
    assert latest_release().number == published
