"""Each "open now" line says until when its wording is true, so a page left on screen can retire it."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from core.hours import TZ
from core.publishing import current_snapshot
from core.reception import schedule_for, status_line


def bishkek(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("moment", "valid_until"),
    [
        ("2026-03-24T10:00", "2026-03-24T17:50"),  # open: until closing
        ("2026-03-24T08:00", "2026-03-24T09:10"),  # closed, opens today: until opening
        ("2026-03-24T19:00", "2026-03-25T00:00"),  # "opens tomorrow" turns into "today" at midnight
        ("2026-03-20T11:00", "2026-03-21T00:00"),  # Orozo Ait: the long closure is re-worded daily
    ],
)
def test_a_status_line_expires_at_the_next_change_or_midnight(app, moment, valid_until):
    office = current_snapshot().payload["office"]
    sched = schedule_for(office["hours"], "office:expiry-test")
    assert status_line(sched, bishkek(moment), "en").valid_until == bishkek(valid_until)


def test_pages_carry_the_expiry_with_a_real_clock_and_not_with_a_frozen_one(app, client):
    page = client.get("/en/office").get_data(as_text=True)
    until = re.search(r'data-valid-until="([^"]+)"', page)
    assert until and datetime.fromisoformat(until.group(1)) > datetime.now(TZ)
    assert 'data-expired="See the reception hours in the table below."' in page
    assert "data-valid-until" in client.get("/en/").get_data(as_text=True)
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T10:00"  # previews and tests: the line never expires
    assert "data-valid-until" not in client.get("/en/office").get_data(as_text=True)
    assert "data-valid-until" not in client.get("/en/").get_data(as_text=True)
