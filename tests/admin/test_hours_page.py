"""The hours editor in plain use: closures are picked in the browser's calendar (checked again on the
server), a closure of several days is a first and a last day, and the preview marks the days that
change compared with what kiosks show now."""

from __future__ import annotations

import re

import pytest

from tests.admin.conftest import field_errors, read_form
from tests.admin.test_hours_editor import GRID, OSM, office_rules, publish, text_of

TUESDAY = "2026-03-24T10:00"  # the preview starts on this ordinary Tuesday


@pytest.fixture(autouse=True)
def tuesday(app, staff):
    """Staff in English; the kiosk and the previews answer as on an ordinary Tuesday morning."""
    for user in staff.values():
        user.language = "en"
    from core.extensions import db

    db.session.commit()
    app.config["KIOSK_FROZEN_NOW"] = TUESDAY


def _input(html: str, name: str) -> str:
    return re.search(r'<input[^>]*\bname="' + re.escape(name) + r'"[^>]*>', html).group(0)


def _rows(html: str) -> dict[str, str]:
    """Preview rows by date: the row's HTML."""
    return dict(re.findall(r'<tr data-date="([\d-]+)"(.*?)</tr>', html, re.S))


def test_closure_dates_use_the_browsers_date_picker(app, as_role):
    publisher = as_role("publisher")
    html = publisher.get(GRID).get_data(as_text=True)
    assert 'type="date"' in _input(html, "exceptions-0-date")
    assert 'type="date"' in _input(html, "exceptions-0-date_to")
    assert 'type="date"' in _input(html, "extra-0-date")


def test_a_first_and_last_day_close_every_day_between(app, as_role):
    publisher = as_role("publisher")
    form = read_form(publisher.get(GRID).get_data(as_text=True), "hours")
    form.update({"exceptions-0-date": "2026-03-30", "exceptions-0-date_to": "2026-04-01",
                 "exceptions-0-kind": "closed", "exceptions-0-reason_en": "Move", "save": "Save"})  # fmt: skip
    assert publisher.post(GRID, form).status_code == 302
    (exception,) = office_rules().exceptions
    assert exception.date_key == "2026-03-30..2026-04-01"
    # Shown again as it was saved: a range is text (a calendar cannot show it), nothing is lost.
    html = publisher.get(GRID).get_data(as_text=True)
    field = _input(html, "exceptions-0-date")
    assert 'value="2026-03-30..2026-04-01"' in field and 'type="date"' not in field


@pytest.mark.parametrize(
    ("first", "last", "field", "message"),
    [
        ("2026-04-03", "2026-04-01", "exceptions-0-date_to", "The range ends before it starts."),
        ("2026-02-30", "", "exceptions-0-date", "This date does not exist."),
        ("2026-04-01", "2026-13-01", "exceptions-0-date_to", "This date does not exist."),
        ("2026-04-01", "soon", "exceptions-0-date_to", "Write the date as 2026-01-08."),
        ("04-01", "04-03", "exceptions-0-date_to", "A last day goes with one first day that has a year"),
    ],
)
def test_impossible_dates_are_refused_beside_the_field_and_kept(app, as_role, first, last, field, message):
    """A date the picker would not produce (sent by another client) is checked on the server too."""
    publisher = as_role("publisher")
    before = office_rules()
    form = read_form(publisher.get(GRID).get_data(as_text=True), "hours")
    form.update({"exceptions-0-date": first, "exceptions-0-date_to": last, "exceptions-0-kind": "closed",
                 "save": "Save"})  # fmt: skip
    response = publisher.post(GRID, form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_errors(html, field).startswith(message)
    assert f'value="{first}"' in _input(html, "exceptions-0-date")  # what was typed stays
    if last:
        assert f'value="{last}"' in _input(html, "exceptions-0-date_to")
    assert office_rules() == before  # nothing saved


def test_the_preview_marks_the_days_that_change(app, as_role):
    publisher = as_role("publisher")
    publish(publisher)  # kiosks show the starter hours: weekdays 09:10-17:50
    form = read_form(publisher.get(GRID).get_data(as_text=True), "hours")
    form.update({"exceptions-0-date": "2026-03-26", "exceptions-0-kind": "closed",
                 "exceptions-0-reason_en": "Staff training", "preview": "Preview"})  # fmt: skip
    html = publisher.post(GRID, form).get_data(as_text=True)
    rows = _rows(html)
    changed = [day for day, row in rows.items() if 'data-changed="1"' in row]
    assert changed == ["2026-03-26"]
    assert "kiosks show now: 09:10–17:50" in text_of(rows["2026-03-26"])
    assert "1 day differs from what kiosks show now" in text_of(html)
    # The unchanged grid as it is published: nothing marked.
    html = publisher.get(GRID).get_data(as_text=True)
    assert 'data-changed="1"' not in html and "No day differs from what kiosks show now." in text_of(html)


def test_the_advanced_text_page_speaks_plainly(app, as_role):
    html = as_role("editor").get(OSM).get_data(as_text=True)
    text = text_of(html)
    assert "Advanced: opening_hours text" in text and "the weekly grid is easier for most changes" in text
    assert "OSM text" not in text
