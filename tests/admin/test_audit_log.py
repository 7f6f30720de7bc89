"""The audit log reads as sentences: who, what in words, which item (linked to its editor and to the
change's diff), when in the staff member's language; filters by person, item and action; the CSV
download has exactly the rows and words the page shows. Settings show no secret, releases no hash column."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest
from sqlalchemy import select

from core import audit
from core.editing import rollback_to
from core.extensions import db
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import Article, Hotline, User
from tests.admin.conftest import edit_url, read_form


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_rows(html: str) -> list[dict]:
    """The audit table as a person reads it: per row the cells' text and the links in the row."""
    rows = []
    for body in re.findall(r"<tr data-event=[^>]*>(.*?)</tr>", html, re.S):
        cells = dict(re.findall(r'<td class="(\w+)">(.*?)</td>', body, re.S))
        anchors = re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', body, re.S)
        links = {_text(label): unescape(href) for href, label in anchors}
        details = re.sub(r'<a class="diff-link".*?</a>', "", cells["details"], flags=re.S)
        rows.append({
            "cells": [_text(cells["when"]), _text(cells["who"]), _text(cells["what"]), _text(cells["item"]),
                      _text(details)],
            "links": links,
        })  # fmt: skip
    return rows


def csv_rows(response) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV download, each cell with its spaces normalised like the page's text."""
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff"), "spreadsheet programs need the byte-order mark to read UTF-8"
    header, *rows = list(csv.reader(io.StringIO(text[1:])))
    return header, [[" ".join(cell.split()) for cell in row] for row in rows]


def _save_article(editor, article, **changes):
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(save="Save", **changes)
    assert editor.post(edit_url(article), form).status_code == 302


def test_a_row_says_who_did_what_to_which_item_and_links_to_it_and_its_diff(app, as_role):
    editor, admin = as_role("editor"), as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    _save_article(editor, article, title_en="Passport rules, checked", comment="after the call with the office")
    html = admin.get("/admin/audit?event=item.save").get_data(as_text=True)
    assert "item.save" not in _text(html)  # the code never shows as words
    (row,) = page_rows(html)
    when, who, what, item, details = row["cells"]
    assert who == "erkin" and what == "Saved a draft"
    assert item == "Article: Passport rules, checked"
    assert "revision 2" in details and "comment: after the call with the office" in details
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s?[AP]M", when), when  # Babel, English
    assert row["links"][item] == edit_url(article)
    diff_url = row["links"]["See the change"]
    assert diff_url == f"{edit_url(article)}/history?b=2&a=1"
    diff = _text(editor.get(diff_url).get_data(as_text=True))
    assert "Changes from revision 1 to revision 2" in diff and "Passport rules, checked" in diff


def test_the_log_speaks_the_admin_language_with_a_localised_date(app, as_role):
    editor, admin = as_role("editor"), as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    _save_article(editor, article, title_en="Passport rules")
    user = db.session.scalar(select(User).where(User.username == "aibek"))
    user.language = "ru"
    db.session.commit()
    (row,) = page_rows(admin.get("/admin/audit?event=item.save").get_data(as_text=True))
    when, _who, what, item, _details = row["cells"]
    assert what == "Сохранил черновик" and item.startswith("Статья: ")
    assert re.fullmatch(r"\d{1,2} [а-я]{3,4}\.? \d{4}\s?г\., \d{1,2}:\d{2}:\d{2}", when), when


def test_filters_by_person_item_and_action(app, as_role):
    editor, publisher, admin = as_role("editor"), as_role("publisher"), as_role("admin")
    first, second = db.session.scalars(select(Article).order_by(Article.id)).all()[:2]
    _save_article(editor, first, title_en="First, edited")
    _save_article(publisher, second, title_en="Second, edited")
    register_terminal("naryn-border", TerminalSettings("Naryn border post", "border_post"), actor="aibek")

    def shown(query: str) -> list[list[str]]:
        return [row["cells"][1:4] for row in page_rows(admin.get("/admin/audit?" + query).get_data(as_text=True))]

    by_person = shown("actor=perizat")
    assert by_person and all(who == "perizat" for who, _what, _item in by_person)
    assert ["perizat", "Saved a draft", "Article: Second, edited"] in by_person
    assert shown(f"item=article:{first.id}") == [["erkin", "Saved a draft", "Article: First, edited"]]
    assert shown("item=terminal:naryn-border") == [["aibek", "Registered a terminal", "Terminal: Naryn border post"]]
    assert shown("event=item.save&actor=erkin") == [["erkin", "Saved a draft", "Article: First, edited"]]
    # A hand-edited address whose id is no number (a superscript one) shows the log, not a server error.
    response = admin.get("/admin/audit?item=article:%C2%B9")
    assert response.status_code == 200 and page_rows(response.get_data(as_text=True))
    page = admin.get("/admin/audit").get_data(as_text=True)
    # The filters offer people, items and actions by name, never by code.
    assert '<option value="item.save">Saved a draft</option>' in page
    assert f'<option value="article:{first.id}">Article: First, edited</option>' in page


def test_csv_export_has_exactly_the_rows_and_words_shown(app, as_role):
    editor, admin = as_role("editor"), as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    _save_article(editor, article, title_en="Exported", comment='=HYPERLINK("http://x")')
    rollback_to(1, "perizat")
    for number in range(60):  # more than one page: the download holds every matching row
        audit.record(audit.SETTINGS_CHANGE, "aibek", {"key": "IDLE_TIMEOUT_SECONDS", "old": number, "new": 60})
    for query in ("", "actor=erkin", "event=settings.change"):
        shown = []
        page_number = 1
        while True:
            html = admin.get(f"/admin/audit?page={page_number}&{query}").get_data(as_text=True)
            shown += [row["cells"] for row in page_rows(html)]
            if ">Older</a>" not in html:
                break
            page_number += 1
        link = re.search(r'<a class="btn" href="([^"]+)" download>', html).group(1)
        response = admin.get(unescape(link))
        assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
        header, rows = csv_rows(response)
        assert header == ["When", "Who", "What", "Item", "Details"]
        exported = [[cell[1:] if cell.startswith("'=") else cell for cell in row] for row in rows]
        assert exported == shown, query
        assert len(rows) >= (60 if query == "event=settings.change" else 1)
    # A comment a spreadsheet would run as a formula is written as text.
    _header, rows = csv_rows(admin.get("/admin/audit.csv?event=item.save"))
    assert rows[0][4].startswith("revision") and "'=HYPERLINK" not in rows[0][4]  # inside: not at the start
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_a_formula_at_the_start_of_a_cell_is_neutralised_in_the_csv(app, as_role):
    admin = as_role("admin")
    audit.record(audit.LOGIN_FAILED, "=cmd|' /C calc'!A0", {})
    _header, rows = csv_rows(admin.get("/admin/audit.csv?event=login.failed"))
    assert rows[0][1].startswith("'=cmd")


SECRET_SETTINGS = {"SECRET_KEY": "s3cret-key-value-9f8e7d6c5b4a", "TERMINAL_TOKEN": "terminal-token-value-0a1b2c3d"}


@pytest.mark.parametrize("app_config", [SECRET_SETTINGS], indirect=True)
def test_settings_are_labelled_grouped_and_never_show_a_secret(app, as_role):
    admin = as_role("admin")
    # Addresses with passwords in them, as a real deployment has (set after the login: the test app
    # keeps its own database and counters, the settings page reads the configuration in force).
    app.config.update({
        "SQLALCHEMY_DATABASE_URI": "postgresql://kiosk:pg-password-771@db.internal:5432/kiosk",
        "RATELIMIT_STORAGE_URI": "redis://:redis-password-552@cache.internal:6379/0",
        "CENTRAL_URL": "https://sync:central-password-313@central.example.kg/base",
    })  # fmt: skip
    assert app.config["SECRET_KEY"] == SECRET_SETTINGS["SECRET_KEY"]
    html = admin.get("/admin/settings").get_data(as_text=True)
    for leaked in ("s3cret-key-value", "terminal-token-value", "pg-password-771", "redis-password-552",
                   "central-password-313", "sync:"):  # fmt: skip
        assert leaked not in html, leaked
    groups = [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
    assert groups[:3] == ["This server", "Languages", "Kiosk screens"] and "Staff sign-in" in groups
    text = _text(html)
    assert "Database PostgreSQL" in text and "Central server (for a terminal) https://central.example.kg/base" in text
    assert "Where login attempts are counted Redis server (shared by all processes)" in text
    assert "Return to the start screen after no touch for 90 seconds" in text
    assert "Staff are logged out after inactivity of 30 minutes" in text
    assert "Order of languages shown when a text is missing Russian, Kyrgyz, English" in text


def test_releases_show_no_content_hash_column(app, as_role):
    html = as_role("publisher").get("/admin/releases").get_data(as_text=True)
    headers = [_text(h) for h in re.findall(r'<th scope="col">(.*?)</th>', html)]
    assert headers == ["№", "When", "Who", "Comment", "Roll back"]
    assert "Content hash" not in html
    # Kept for technicians, folded away under the comment.
    assert re.search(r'<details class="tech"><summary>For technicians', html)


def test_an_hours_save_links_to_the_office_and_its_diff(app, as_role):
    """The hours editor saves through the same revisions: its audit row links to the office's history."""
    publisher, admin = as_role("publisher"), as_role("admin")
    line = db.session.scalars(select(Hotline).order_by(Hotline.id)).first()
    form = read_form(publisher.get(f"/admin/hours/hotlines/{line.id}").get_data(as_text=True), "hours")
    form.update(osm="Mo-Fr 09:00-18:00", save="Save")
    assert publisher.post(f"/admin/hours/hotlines/{line.id}", form).status_code == 302
    (row,) = page_rows(admin.get(f"/admin/audit?item=hotline:{line.id}").get_data(as_text=True))
    assert row["cells"][2] == "Saved a draft" and row["cells"][3].startswith("Hotline: ")
    assert row["links"][row["cells"][3]] == f"/admin/content/hotline/{line.id}"
    assert row["links"]["See the change"].startswith(f"/admin/content/hotline/{line.id}/history?b=")
