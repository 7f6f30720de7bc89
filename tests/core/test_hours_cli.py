"""`flask hours intervals|status` (uses the `app` and `runner` fixtures from tests/conftest.py)."""

from __future__ import annotations

import json

from core.extensions import db
from core.hours import default_rules
from core.models import Office

RULES = "Mo-Fr 09:10-17:50; PH off"
WEEK = ["--from", "2026-03-16T00:00", "--to", "2026-03-23T00:00"]


def run(runner, *args: str):
    return runner.invoke(args=["hours", *args])


def set_office_rules(value: dict | None) -> None:
    office = db.session.scalar(db.select(Office))
    office.hours_rules = value
    db.session.commit()


def test_intervals_for_given_rules(runner):
    result = run(runner, "intervals", "--rules", RULES, *WEEK)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        ["2026-03-16T09:10", "2026-03-16T17:50"],
        ["2026-03-17T09:10", "2026-03-17T17:50"],
        ["2026-03-18T09:10", "2026-03-18T17:50"],
        ["2026-03-19T09:10", "2026-03-19T16:50"],
    ]


def test_intervals_without_holidays_and_with_an_added_holiday(runner):
    result = run(runner, "intervals", "--rules", RULES, "--holidays", "none", *WEEK)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 5
    result = run(runner, "intervals", "--rules", RULES, "--holidays", "none", "--holiday", "2026-03-18", *WEEK)
    assert json.loads(result.stdout) == [
        ["2026-03-16T09:10", "2026-03-16T17:50"],
        ["2026-03-17T09:10", "2026-03-17T16:50"],
        ["2026-03-19T09:10", "2026-03-19T17:50"],
        ["2026-03-20T09:10", "2026-03-20T17:50"],
    ]


def test_status_closed_on_the_shortened_day(runner):
    result = run(runner, "status", "--rules", RULES, "--at", "2026-03-19T17:00", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "at": "2026-03-19T17:00",
        "open": False,
        "closes_at": None,
        "next_opens_at": "2026-03-23T09:10",
        "reason": "Сокращённый предпраздничный день",
        "reason_kind": "preholiday",
    }


def test_status_open_and_on_a_holiday(runner):
    out = json.loads(run(runner, "status", "--rules", RULES, "--at", "2026-03-19T12:00", "--lang", "en").stdout)
    assert out["open"] is True and out["closes_at"] == "2026-03-19T16:50" and out["next_opens_at"] is None
    out = json.loads(run(runner, "status", "--rules", RULES, "--at", "2026-03-20T12:00", "--lang", "en").stdout)
    assert (out["open"], out["reason"], out["reason_kind"]) == (False, "Eid al-Fitr", "holiday")


def test_explicit_offsets_are_converted(runner):
    out = json.loads(run(runner, "status", "--rules", RULES, "--at", "2026-03-19T06:00+00:00").stdout)
    assert out["at"] == "2026-03-19T12:00" and out["open"] is True


def test_bad_rules_exit_non_zero_with_the_position(runner):
    result = run(runner, "status", "--rules", "Mo-Fr 09:10-17:50; sunrise-sunset", "--at", "2026-03-19T12:00")
    assert result.exit_code != 0
    assert "position 19" in result.stderr
    assert "variable times" in result.stderr
    assert result.stdout == ""


def test_bad_arguments(runner):
    assert run(runner, "intervals", "--rules", RULES, "--from", "next week", "--to", "2026-03-23T00:00").exit_code == 2
    result = run(runner, "intervals", "--rules", RULES, "--from", "2026-03-23T00:00", "--to", "2026-03-16T00:00")
    assert result.exit_code == 2 and "--to" in result.stderr
    assert run(runner, "status", "--rules", RULES, "--lang", "de").exit_code == 2


def test_without_rules_the_office_rules_are_used(app, runner):
    assert db.session.scalar(db.select(Office)).hours_rules == default_rules().to_dict()  # the seed's default
    result = run(runner, "intervals", *WEEK)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[-1] == ["2026-03-19T09:10", "2026-03-19T16:50"]

    saturday = default_rules().to_dict()
    saturday["weekly"]["sa"] = [["10:00", "14:00"]]
    saturday["holidays_enabled"] = False
    set_office_rules(saturday)
    result = run(runner, "intervals", *WEEK)
    assert json.loads(result.stdout)[-2:] == [
        ["2026-03-20T09:10", "2026-03-20T17:50"],
        ["2026-03-21T10:00", "2026-03-21T14:00"],
    ]
    out = json.loads(run(runner, "status", "--at", "2026-03-21T15:00", "--lang", "en").stdout)
    assert (out["reason_kind"], out["next_opens_at"]) == ("after_hours", "2026-03-23T09:10")

    set_office_rules(None)  # nothing saved: default rules
    assert json.loads(run(runner, "intervals", *WEEK).stdout)[-1] == ["2026-03-19T09:10", "2026-03-19T16:50"]


def test_invalid_saved_rules_are_reported(app, runner):
    set_office_rules({"weekly": {"mo": [["9", "17"]]}})
    result = run(runner, "status", "--at", "2026-03-19T12:00")
    assert result.exit_code != 0
    assert "saved hours rules are invalid" in result.stderr and "weekly.mo[0]" in result.stderr
