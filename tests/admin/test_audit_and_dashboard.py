"""The append-only audit log, its browser for admins, the dashboard and the navigation slots."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from core import audit
from core.extensions import db
from core.models import Article, AuditEvent
from core.models.audit import AppendOnlyError
from tests.admin.conftest import edit_url, read_form


def test_audit_events_cannot_be_changed_or_deleted(app):
    entry = audit.record("settings.change", "aibek", {"key": "IDLE_TIMEOUT_SECONDS", "old": 90, "new": 60})
    entry.actor = "someone else"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, entry.id))
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    # Not even with plain SQL: the database itself refuses.
    for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError):
            db.session.execute(text(statement))
            db.session.commit()
        db.session.rollback()
    assert db.session.get(AuditEvent, entry.id).actor == "aibek"


def test_admin_browses_and_filters_the_audit_log(app, as_role):
    editor, admin = as_role("editor"), as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_en="Audited title", comment="for the audit test", save="Save")
    assert editor.post(edit_url(article), form).status_code == 302

    saves = admin.get("/admin/audit?event=item.save").get_data(as_text=True)
    assert "for the audit test" in saves and 'data-event="login"' not in saves
    by_actor = admin.get("/admin/audit?actor=aibek").get_data(as_text=True)
    assert 'data-event="login"' in by_actor and 'data-event="item.save"' not in by_actor
    tomorrow = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%d")
    assert "No events match" in admin.get(f"/admin/audit?from={tomorrow}").get_data(as_text=True)
    assert "for the audit test" in admin.get(f"/admin/audit?to={tomorrow}").get_data(as_text=True)


def test_audit_log_pages(app, as_role):
    admin = as_role("admin")
    for number in range(60):
        audit.record("settings.change", "aibek", {"n": number}, commit=False)
    db.session.commit()
    first = admin.get("/admin/audit?event=settings.change").get_data(as_text=True)
    assert "Page 1 of 2" in first and "/admin/audit?page=2&amp;event=settings.change" in first
    second = admin.get("/admin/audit?event=settings.change&page=2").get_data(as_text=True)
    assert second.count('data-event="settings.change"') == 10


def test_dashboard_shows_drafts_gaps_and_last_release(app, as_role):
    editor = as_role("editor")
    page = editor.get("/admin/").get_data(as_text=True)
    assert "Nothing waiting" in page and "Missing texts: 0" in page and "Starter content" in page
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ky="", summary_ky="", body_ky="", title_ru="Черновик для панели", save="Save")
    assert editor.post(edit_url(article), form).status_code == 302
    page = editor.get("/admin/").get_data(as_text=True)
    assert "Черновик для панели" in page and "Missing texts: 1" in page
    assert "Out-of-date translations: 1" in page  # English is now older than the Russian source


# What an administrator finds in the side navigation, and the heading of the page each entry opens.
ADMIN_SECTIONS = {
    "Dashboard": "Dashboard",
    "Translations": "Translations",
    "Publish": "Publish",
    "Releases": "Releases",
    "Terminals": "Terminals",
    "Reception hours": "Reception hours of the office",
    "Users": "Users",
    "Audit log": "Audit log",
    "Settings": "Settings",
}


def _side_navigation(page: str) -> dict[str, str]:
    """Label -> address of every link in the side navigation, as a browser would read them."""
    nav = page.split('<nav class="side"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)"(?: aria-current="\w+")?>([^<]+)</a>', nav)
    return {unescape(label).strip(): href for href, label in links}


def _current_sections(page: str) -> dict[str, str]:
    """Label -> aria-current value of the side-navigation links marked as where one is."""
    nav = page.split('<nav class="side"', 1)[1].split("</nav>", 1)[0]
    return {unescape(label).strip(): value for value, label in re.findall(r'aria-current="(\w+)">([^<]+)</a>', nav)}


def test_side_menu_marks_where_one_is(app, as_role):
    """Exactly one section is marked: "page" on the section's own page, "true" on a page inside it."""
    admin = as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    for url, expected in (
        ("/admin/", {"Dashboard": "page"}),
        ("/admin/content/article/", {"Articles": "page"}),
        (edit_url(article), {"Articles": "true"}),
        (edit_url(article) + "/history", {"Articles": "true"}),
        ("/admin/content/topic/", {"Topics": "page"}),
        ("/admin/publish", {"Publish": "page"}),
        ("/admin/fleet/new", {"Terminals": "true"}),
        ("/admin/hours/osm", {"Reception hours": "true"}),
        ("/admin/users/new", {"Users": "true"}),
        ("/admin/settings", {"Settings": "page"}),
        ("/admin/password", {}),
    ):
        assert _current_sections(admin.get(url).get_data(as_text=True)) == expected, url


def test_every_navigation_entry_opens_its_page(app, as_role):
    admin = as_role("admin")
    page = admin.get("/admin/").get_data(as_text=True)
    links = _side_navigation(page)
    assert "coming soon" not in page
    for label, heading in ADMIN_SECTIONS.items():
        assert label in links, f"no {label!r} in the navigation: {sorted(links)}"
        response = admin.get(links[label])
        assert response.status_code == 200, (label, links[label])
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.S).group(1)
        assert unescape(h1).strip() == heading, (label, links[label])
