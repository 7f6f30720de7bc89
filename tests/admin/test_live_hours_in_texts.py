"""Texts mention the reception hours through {{ reception_hours }}: when staff change the hours in
the editor and publish, every kiosk page that mentions them says the new hours, in ky, ru and en."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from core.extensions import db
from core.models import Article, Office
from tests.admin.conftest import read_form

GRID = "/admin/hours/"
OLD = "09:10–17:50"
NEW = "08:30–17:00"
# Day names as a traveller reads them (CLDR), so a hand-made list would not pass either.
NEW_WORDS = {
    "ky": f"дүйшөмбү – бейшемби, {NEW}; жума, 08:30–16:00",
    "ru": f"понедельник – четверг, {NEW}; пятница, 08:30–16:00",
    "en": f"Monday – Thursday, {NEW}; Friday, 08:30–16:00",
}


def text_of(html: str) -> str:
    """Visible text of a page, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def pages_mentioning_hours() -> list[str]:
    """Kiosk paths (without language) of every text whose draft says {{ reception_hours }}."""
    paths = []
    for article in db.session.scalars(select(Article)):
        if any("{{ reception_hours }}" in (fields or {}).get("body", "") for fields in article.texts.values()):
            paths.append(f"topics/{article.topic.slug}/{article.slug}")
    office = db.session.scalar(select(Office))
    if any("{{ reception_hours }}" in (f or {}).get("reception_note", "") for f in office.texts.values()):
        paths.append("office")
    return paths


def prose(app, path: str) -> str:
    """The visible text of the page's article or office note (the week table is left out)."""
    page = app.test_client().get(path).get_data(as_text=True)
    found = re.findall(r'<div class="prose">(.*?)</div>', page, re.S)
    assert found, (path, page[-300:])
    return text_of(" ".join(found))


def test_changing_the_hours_and_publishing_changes_every_page_that_mentions_them(app, as_role):
    publisher = as_role("publisher")
    paths = pages_mentioning_hours()
    assert len(paths) >= 8, paths  # the starter content refers to the hours in many places
    for path in paths:
        for lang in ("ky", "ru", "en"):
            text = prose(app, f"/{lang}/{path}")
            assert OLD in text and "{{" not in text, (lang, path)

    form = read_form(publisher.get(GRID).get_data(as_text=True))
    form.update(day_mo=NEW.replace("–", "-"), day_tu="08:30-17:00", day_we="08:30-17:00", day_th="08:30-17:00")
    form.update(day_fr="08:30-16:00", comment="Earlier hours", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    for path in paths:  # a draft: kiosks still say the published hours
        assert OLD in prose(app, f"/en/{path}")

    assert publisher.post("/admin/publish", {"comment": "New hours"}).status_code == 302
    for path in paths:
        for lang in ("ky", "ru", "en"):
            text = prose(app, f"/{lang}/{path}")
            assert NEW_WORDS[lang] in text, (lang, path, text[:400])
            assert OLD not in text, (lang, path)
