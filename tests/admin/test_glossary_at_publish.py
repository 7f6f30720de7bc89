"""Publishing a text with a word the term glossary rules out needs a reason, like a missing language."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEvent, Hotline, Release
from tests.admin.conftest import field_errors, save


def latest_number() -> int:
    """The newest release number."""
    return db.session.scalars(select(Release.number).order_by(Release.number.desc())).first()


def test_a_forbidden_variant_is_refused_then_published_with_a_reason(app, as_role, staff):
    for user in staff.values():
        user.language = "en"
    db.session.commit()
    editor, publisher = as_role("editor"), as_role("publisher")
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    assert save(editor, hotline, label_ky="Миграция боюнча ышкын линия").status_code == 302
    number = latest_number()

    page = publisher.get("/admin/publish").get_data(as_text=True)
    assert "Words the glossary rules out" in page and "«ышкын»" in page and "«ысык линия»" in page

    refused = publisher.post("/admin/publish", {"comment": "Label", "override_reason": " "})
    assert refused.status_code == 422
    assert "use words the term glossary rules out" in field_errors(refused.get_data(as_text=True), "override_reason")
    assert latest_number() == number
    assert "ышкын" not in app.test_client().get("/ky/hotlines").get_data(as_text=True)

    reason = "Quoting the old label on purpose"
    assert publisher.post("/admin/publish", {"comment": "Label", "override_reason": reason}).status_code == 302
    assert latest_number() == number + 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "publish")).all()[-1]
    assert event.detail["override_reason"] == reason
    assert event.detail["forbidden_terms"] == {"hotline migration": ["ky: ышкын"]}


def test_clean_changes_publish_without_a_reason(app, as_role):
    editor, publisher = as_role("editor"), as_role("publisher")
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    # The translator ticks "checked" for Russian and English: they still say the same, so nothing is stale.
    assert save(editor, hotline, label_ky="Миграция маселелери боюнча ысык линия", checked_ru="y",
                checked_en="y").status_code == 302  # fmt: skip
    assert "Words the glossary rules out" not in publisher.get("/admin/publish").get_data(as_text=True)
    assert publisher.post("/admin/publish", {"comment": "ok"}).status_code == 302


def test_a_short_code_publishing_cannot_fill_needs_a_reason(app, as_role, staff):
    for user in staff.values():
        user.language = "en"
    db.session.commit()
    editor, publisher = as_role("editor"), as_role("publisher")
    hotline = db.session.scalar(select(Hotline).where(Hotline.key == "migration"))
    assert save(editor, hotline, description_en="Answers during {{ reception_hour }}.").status_code == 302
    page = re.sub(r"<[^>]+>", "", publisher.get("/admin/publish").get_data(as_text=True))
    assert "«{{ reception_hour }}» → «{{ reception_hours }}» (English)" in page
    assert publisher.post("/admin/publish", {"comment": "Typo"}).status_code == 422
