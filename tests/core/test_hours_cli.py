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


def test_the_commands_live_outside_the_engine_package(app):
    """`flask hours` comes from core.hours_cli; core.hours has no cli module that imports the database."""
    import importlib.util

    assert importlib.util.find_spec("core.hours.cli") is None
    assert app.cli.get_command(None, "hours").name == "hours"


def test_shortening_follows_the_office_setting_or_the_option(app, runner):
    """A --rules text is never shortened by itself: the office's setting applies, or --shorten-minutes."""
    thursday = ["2026-03-19T09:10", "2026-03-19T16:50"]
    assert json.loads(run(runner, "intervals", "--rules", RULES, *WEEK).stdout)[-1] == thursday  # office: 60
    plain = json.loads(run(runner, "intervals", "--rules", RULES, "--shorten-minutes", "0", *WEEK).stdout)
    assert plain[-1] == ["2026-03-19T09:10", "2026-03-19T17:50"]
    no_shortening = {**default_rules().to_dict(), "shorten_minutes": 0}
    set_office_rules(no_shortening)
    assert json.loads(run(runner, "intervals", "--rules", RULES, *WEEK).stdout)[-1] == plain[-1]
    assert json.loads(run(runner, "intervals", "--shorten-minutes", "30", *WEEK).stdout)[-1] == [
        "2026-03-19T09:10",
        "2026-03-19T17:20",
    ]


def test_hostile_rules_are_refused_with_a_short_message(runner):
    """The issue-10 attack through the CLI: refused with the bound named, and the error does not echo 20 KB."""
    text = "Mo-Fr 09:00-18:00; " + "; ".join(f"{2026 + i % 40} Jan 01-{2030 + i % 40} Dec 31 off" for i in range(600))
    result = run(runner, "intervals", "--rules", text[:20_000], *WEEK)
    assert result.exit_code == 1
    assert "too many dated rules: at most 400" in result.stderr
    assert len(result.output) < 1_000 and result.stdout == ""
    result = run(runner, "status", "--rules", "2000 Jan 01-2999 Dec 31 off", "--at", "2026-03-19T12:00")
    assert result.exit_code == 1 and "at most 10 years" in result.stderr


def test_the_intervals_window_is_bounded(runner):
    """The output grows with the window, so a window of centuries is refused before any work."""
    result = run(runner, "intervals", "--rules", "24/7", "--from", "2026-01-01T00:00", "--to", "2999-01-01T00:00")
    assert result.exit_code == 2 and "at most 732 days" in result.stderr and result.stdout == ""
    ok = run(runner, "intervals", "--rules", "Mo 10:00-11:00", "--from", "2026-01-01T00:00", "--to", "2027-12-31T00:00")
    assert ok.exit_code == 0 and len(json.loads(ok.stdout)) == 104
