"""Migration 0008_stale keeps what the old rule called stale: translations edited before the Russian text."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import bindparam, text
from sqlalchemy.types import JSON

from core.extensions import db
from core.models import Topic


def test_existing_stale_translations_stay_stale_after_the_upgrade(empty_app):
    downgrade(revision="0007_review")
    insert = text(
        "INSERT INTO topic (slug, icon, sort, hidden, texts, text_updated, needs_review, created_at, updated_at, "
        "version_id) VALUES (:slug, 'document', 1, false, :texts, :stamps, false, :now, :now, 1)"
    ).bindparams(bindparam("texts", type_=JSON), bindparam("stamps", type_=JSON))
    texts = {lang: {"title": f"T {lang}"} for lang in ("ky", "ru", "en")}
    day = "2026-01-0{}T00:00:00+00:00".format
    rows = {
        # Russian changed on the 3rd; Kyrgyz was last edited on the 1st, English on the 5th.
        "old": {"ky": day(1), "ru": day(3), "en": day(5)},
        "even": {"ky": day(1), "ru": day(1), "en": day(1)},
    }
    with db.engine.begin() as conn:
        for slug, stamps in rows.items():
            conn.execute(insert, {"slug": slug, "texts": texts, "stamps": stamps, "now": "2026-01-05 00:00:00"})
    upgrade()
    stale = {t.slug: t.stale_languages for t in db.session.query(Topic)}
    assert stale == {"old": ["ky"], "even": []}
