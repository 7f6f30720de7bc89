"""Traveller reports, the domain: numbers, due dates on the Kyrgyz calendar, encryption at rest with
key rotation, retention, and the checks on what a traveller types."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from core import reports
from core.extensions import db
from core.hours import TZ, ExtraHoliday, Rules, SpecialDay, default_rules
from core.models import Report

NAME = "Айгүл Өмүрбекова"
PHONE = "+996 555 123 456"
EMAIL = "aigul.report@example.kg"
WORDS = "Чек арада 500 сом сурашты"


def draft(**overrides) -> reports.Draft:
    form = {"kind": "money", "place": "border", "happened": "today", "text": WORDS, "answer": "contact",
            "name": NAME, "contact": PHONE, **overrides}  # fmt: skip
    found, errors = reports.check_draft(form, "ky")
    assert not errors, errors
    return found


def at(text_time: str) -> datetime:
    return datetime.fromisoformat(text_time).replace(tzinfo=TZ)


def test_numbers_count_per_prefix_and_stay_short(app):
    first = reports.file_report(draft())
    second = reports.file_report(draft(answer="anonymous"))
    assert (first.number, second.number) == ("0-0001", "0-0002")  # central's own kiosk: prefix 0
    app.config["REPORT_NUMBER_PREFIX"] = "17"
    assert reports.file_report(draft()).number == "17-0001"  # another prefix counts on its own
    assert reports.normalize_number(" 17 – 0001 ") == "17-0001"
    assert reports.normalize_number("170001") is None


def test_a_terminal_without_a_prefix_from_central_cannot_number_a_report(app):
    app.config["KIOSK_ROLE"] = "terminal"
    assert reports.number_prefix() is None
    with pytest.raises(RuntimeError):
        reports.file_report(draft())


def calendar(rules: Rules | None = None):
    return reports.working_calendar(rules or default_rules())


def test_due_date_skips_the_may_holidays_and_weekends():
    # Filed Tuesday 28 April 2026. Working days after it: 29, 30 April (1, 2); 1-9 May are public
    # holidays and weekend days in Kyrgyzstan; 11-15 May (3-7), 18-22 May (8-12), 25, 26 May (13, 14).
    assert reports.add_working_days(date(2026, 4, 28), 14, calendar()) == date(2026, 5, 26)
    # The 2026 bill's 10 working days: 11-15 May (3-7), 18, 19, 20 May (8-10).
    assert reports.add_working_days(date(2026, 4, 28), 10, calendar()) == date(2026, 5, 20)


def test_due_date_follows_decree_days_off_and_transferred_working_days():
    # Filed Wednesday 31 December 2025: 1-7 January are holidays, 8-9 January 2026 are decree days
    # off for state bodies, 10-11 a weekend. Working days: 12-16 (1-5), 19-23 (6-10), 26-29 (11-14).
    decree = default_rules()
    decree = Rules(weekly=decree.weekly, holidays_enabled=True, shorten_minutes=60,
                   extra_holidays=(ExtraHoliday(date(2026, 1, 8)), ExtraHoliday(date(2026, 1, 9))))  # fmt: skip
    assert reports.add_working_days(date(2025, 12, 31), 14, calendar(decree)) == date(2026, 1, 29)
    # A Saturday made a working day moves the due date one day earlier; a one-off closure of the
    # office (renovation, say) does not change the legal count.
    moved = Rules(weekly=decree.weekly, holidays_enabled=True, extra_holidays=decree.extra_holidays,
                  exceptions=(SpecialDay(year=2026, month=1, day=17, kind="working_day"),
                              SpecialDay(year=2026, month=1, day=20, kind="closed")))  # fmt: skip
    assert reports.add_working_days(date(2025, 12, 31), 14, calendar(moved)) == date(2026, 1, 28)


def test_due_date_is_counted_from_the_day_in_bishkek(app):
    # 18:30 UTC on Thursday 23 April is already Friday 24 April in Bishkek (UTC+6). Working days after
    # the 24th: 27-30 April (1-4), 11-15 May (5-9), 18-22 May (10-14). Counted from the UTC date it
    # would be 21 May.
    filed = datetime(2026, 4, 23, 18, 30, tzinfo=UTC)
    assert reports.due_date(filed) == date(2026, 5, 22)
    app.config["REPORT_ANSWER_WORKING_DAYS"] = 10  # the setting, for the 2026 bill's shorter term
    assert reports.due_date(filed) == date(2026, 5, 18)


def _raw_database_text(url: str) -> str:
    """Everything the database holds about reports, as the database itself stores it."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        db.session.remove()
        db.engine.dispose()
        path = Path(parsed.database)
        blobs = [Path(str(path) + suffix) for suffix in ("", "-wal")]
        return b"".join(p.read_bytes() for p in blobs if p.exists()).decode("utf-8", "replace")
    rows = db.session.execute(text("SELECT * FROM report")).all()
    return "\n".join(str(tuple(row)) for row in rows)


def test_the_raw_database_holds_no_plaintext_name_phone_email_or_words(app, db_url):
    reports.file_report(draft())
    reports.file_report(draft(contact=EMAIL))
    raw = _raw_database_text(db_url)
    assert "-0002" in raw  # the control: the rows are really in what was read
    for secret in (NAME, PHONE, EMAIL, "Өмүрбекова", "555 123", "aigul.report", "500 сом"):
        assert secret not in raw, secret


def test_keys_rotate_without_losing_a_report(app):
    old = app.config["REPORT_KEYS"]
    filed = reports.file_report(draft())
    new_key = Fernet.generate_key().decode()
    app.config["REPORT_KEYS"] = (new_key, *old)  # the new key first, the old one still readable
    assert reports.rotate_keys() == 1
    app.config["REPORT_KEYS"] = (new_key,)  # the old key is gone
    db.session.expire_all()
    report = db.session.get(Report, filed.id)
    assert reports.unseal(report.name_enc) == NAME
    assert reports.unseal(report.contact_enc) == PHONE
    assert reports.unseal(report.text_enc) == WORDS
    app.config["REPORT_KEYS"] = (Fernet.generate_key().decode(),)  # a wrong key cannot read it
    with pytest.raises(RuntimeError):
        reports.unseal(report.name_enc)


def test_retention_erases_name_and_contact_of_closed_reports_and_keeps_the_record(app):
    app.config["REPORT_RETENTION_DAYS"] = 30
    now = datetime(2026, 6, 1, 12, tzinfo=TZ)
    old, recent, still_open = (reports.file_report(draft()) for _ in range(3))
    reports.set_status(old, "closed", now - timedelta(days=31))
    reports.set_status(recent, "answered", now - timedelta(days=29))
    reports.set_status(still_open, "review", now - timedelta(days=300))
    db.session.commit()
    assert reports.erase_expired(now) == [old.number]
    db.session.expire_all()
    erased = db.session.get(Report, old.id)
    assert erased.name_enc is None and erased.contact_enc is None and erased.erased_at is not None
    assert erased.number == old.number and erased.kind == "money" and reports.unseal(erased.text_enc) == WORDS
    kept = db.session.scalars(select(Report).where(Report.id.in_([recent.id, still_open.id]))).all()
    assert all(reports.unseal(r.name_enc) == NAME for r in kept)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"kind": "bribe"}, "kind", "choose"),
        ({"place": ""}, "place", "choose"),
        ({"happened": "tomorrow"}, "happened", "choose"),
        ({"text": "ы" * 1001}, "text", "long"),
        ({"name": "  "}, "name", "missing"),
        ({"contact": "call me"}, "contact", "format"),
        ({"contact": "12-34"}, "contact", "format"),
        ({"answer": ""}, "answer", "choose"),
    ],
)
def test_what_a_traveller_types_is_checked(app, overrides, field, code):
    form = {"kind": "money", "place": "border", "happened": "today", "text": WORDS, "answer": "contact",
            "name": NAME, "contact": PHONE, **overrides}  # fmt: skip
    found, errors = reports.check_draft(form, "ru")
    assert found is None and errors[field] == code


def test_anonymous_reports_keep_no_name_or_contact_even_if_typed(app):
    found = draft(answer="anonymous")
    assert found.anonymous and found.name == "" and found.contact == ""
    assert reports.check_draft({"kind": "other", "place": "here", "happened": "today", "answer": "anonymous"},
                               "en")[1] == {"place": "choose"}  # "here" only where the terminal has a name  # fmt: skip
    kept, _ = reports.check_draft({"kind": "other", "place": "here", "happened": "today", "answer": "anonymous",
                                   "text": "a\x00b\x07c"}, "en", place_detail="Osh border post")  # fmt: skip
    assert kept.place_detail == "Osh border post" and kept.text == "abc"
