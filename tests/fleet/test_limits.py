"""What one terminal token may cost central: heartbeats per minute, rows per heartbeat, keys per day,
and how long detail is kept. The terminal backs off when told to and loses no count."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core import reports
from core.extensions import db
from core.fleet.api import MAX_HEARTBEAT_BYTES, MAX_HEARTBEAT_ROWS
from core.fleet.client import retry_after, send_heartbeat
from core.fleet.monitor import _last_prune, prune_fleet
from core.fleet.registry import TerminalSettings, register_terminal
from core.fleet.usage import OTHER, daily_usage, top_keys
from core.models import Report
from core.models.base import utcnow
from core.models.fleet import TerminalEvent, TerminalHeartbeat, UsageBatch, UsageCount, UsageOutbox
from tests.fleet.test_heartbeat import central_counts, post_events


def beat_json(client, token: str, report: dict):
    """POST a heartbeat body as a terminal would."""
    return client.post(
        "/api/terminal/heartbeat",
        data=json.dumps(report),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def batch(rows: list[tuple[str, str, str, str, int]]) -> dict:
    """A usage batch with a fresh id from (day, lang, kind, key, count) rows."""
    return {
        "id": str(uuid.uuid4()),
        "counts": [{"day": d, "lang": lang, "kind": k, "key": key, "count": n} for d, lang, k, key, n in rows],
    }


def rows_of(terminal_id: int, model=UsageCount) -> int:
    """Rows a terminal has in a central table."""
    return db.session.scalar(select(func.count()).select_from(model).where(model.terminal_id == terminal_id))


# --- rate -------------------------------------------------------------------------------------------


def test_heartbeats_beyond_the_limit_get_429_with_retry_after_and_store_nothing(central, registered):
    central.config["FLEET_HEARTBEAT_LIMIT"] = "3 per minute"
    other, other_token = register_terminal("bishkek-1", TerminalSettings("Bishkek", "railway_station"))
    client = central.test_client()
    token = registered[1]
    today = date.today().isoformat()
    for _ in range(3):
        assert beat_json(client, token, {"app_version": "0.1.0"}).status_code == 200
    stored = rows_of(registered[0].id, TerminalHeartbeat)
    flood = [beat_json(client, token, {"usage_batches": [batch([(today, "ru", "page", "/", 1)])]}) for _ in range(20)]
    assert {r.status_code for r in flood} == {429}
    assert all(1 <= int(r.headers["Retry-After"]) <= 60 for r in flood)
    assert flood[0].get_json()["ok"] is False and "too many heartbeats" in flood[0].get_json()["error"]
    assert rows_of(registered[0].id, TerminalHeartbeat) == stored
    assert rows_of(registered[0].id) == 0 and rows_of(registered[0].id, UsageBatch) == 0
    # Another terminal is not affected by the first one's flood.
    assert beat_json(client, other_token, {"app_version": "0.1.0"}).status_code == 200
    assert rows_of(other.id, TerminalHeartbeat) == 1


def test_the_terminal_backs_off_on_429_and_delivers_its_counts_later(central, terminal, http, bridge, registered):
    central.config["FLEET_HEARTBEAT_LIMIT"] = "1 per minute"
    now = utcnow()
    client = terminal.test_client()
    with terminal.app_context():
        assert send_heartbeat(now=now, session=http).ok
    assert post_events(client, {"type": "view", "path": "/ru/hotlines"}).status_code == 204

    with terminal.app_context():
        refused = send_heartbeat(now=now + timedelta(seconds=5), session=http)
        assert not refused.ok and "429" in refused.error
        assert db.session.scalar(select(func.count()).select_from(UsageOutbox)) == 1  # kept for later
        sent = len(bridge.log)
        # Until Retry-After has passed the terminal does not even ask.
        waiting = send_heartbeat(now=now + timedelta(seconds=6), session=http)
        assert not waiting.ok and "wait until" in waiting.error
        assert len(bridge.log) == sent
    assert post_events(client, {"type": "view", "path": "/en/office"}).status_code == 204

    central.extensions["rate_limiter"].storage.reset()  # central's minute is over
    with terminal.app_context():
        assert 429 in [exchange.status for exchange in bridge.log]
        later = now + timedelta(seconds=5 + 61)  # Retry-After is at most the 60 s window
        assert send_heartbeat(now=later, session=http).ok
        central.extensions["rate_limiter"].storage.reset()
        assert send_heartbeat(now=later + timedelta(minutes=1), session=http).ok
        assert db.session.scalar(select(func.count()).select_from(UsageOutbox)) == 0
    assert central_counts(registered[0]) == {("ru", "page", "/hotlines"): 1, ("en", "page", "/office"): 1}


def test_retry_after_is_read_and_bounded():
    now = datetime.fromisoformat("2026-12-01T12:00:00+00:00")
    assert retry_after("17", now) == timedelta(seconds=17)
    assert retry_after("Tue, 01 Dec 2026 12:02:00 GMT", now) == timedelta(minutes=2)
    assert retry_after("999999999", now) == timedelta(hours=1)  # a broken central cannot silence a terminal
    assert retry_after("0", now) == timedelta(seconds=1)
    assert retry_after("soon", now) == timedelta(seconds=60)
    assert retry_after("¹²", now) == timedelta(seconds=60)  # superscripts pass str.isdigit(), not int()
    assert retry_after(None, now) == timedelta(seconds=60)


# --- size and rows ---------------------------------------------------------------------------------


def test_a_heartbeat_carries_a_bounded_body_and_number_of_rows(central, registered):
    client = central.test_client()
    today = date.today().isoformat()
    too_many = [(today, "ru", "page", f"/topics/t{i}", 1) for i in range(MAX_HEARTBEAT_ROWS + 1)]
    split = {"usage_batches": [batch(too_many[:600]), batch(too_many[600:])]}  # the cap is per heartbeat
    response = beat_json(client, registered[1], split)
    assert response.status_code == 400 and str(MAX_HEARTBEAT_ROWS) in response.get_json()["error"]
    big = {"sync": {"last_error": "x" * MAX_HEARTBEAT_BYTES}}
    assert beat_json(client, registered[1], big).status_code == 413
    assert rows_of(registered[0].id) == 0 and rows_of(registered[0].id, TerminalHeartbeat) == 0


@pytest.mark.parametrize("app_config", [{"FLEET_USAGE_KEYS_PER_DAY": 5}])
def test_keys_beyond_the_daily_cap_are_counted_in_the_days_total_not_itemized(central, registered):
    client = central.test_client()
    today = date.today()
    day = today.isoformat()
    first = [(day, "ru", "page", f"/topics/t{i}", i + 1) for i in range(8)]  # the busiest keep detail
    assert beat_json(client, registered[1], {"usage_batches": [batch(first)]}).status_code == 200
    central.extensions["rate_limiter"].storage.reset()
    again = [(day, "ru", "page", "/topics/t7", 10), (day, "en", "page", "/topics/new", 4)]
    assert beat_json(client, registered[1], {"usage_batches": [batch(again)]}).status_code == 200

    itemized = dict(
        db.session.execute(
            select(UsageCount.key, UsageCount.count).where(UsageCount.key != OTHER, UsageCount.lang == "ru")
        ).all()
    )
    assert itemized == {"/topics/t7": 18, "/topics/t6": 7, "/topics/t5": 6, "/topics/t4": 5, "/topics/t3": 4}
    others = dict(db.session.execute(select(UsageCount.lang, UsageCount.count).where(UsageCount.key == OTHER)).all())
    assert others == {"ru": 1 + 2 + 3, "en": 4}
    assert rows_of(registered[0].id) == 5 + 2
    # Nothing is lost from the day's totals; "other" never shows as a page of its own.
    (bar,) = daily_usage(registered[0].id, today, 1, ("ky", "ru", "en"))
    assert bar.by_lang == {"ky": 0, "ru": sum(range(1, 9)) + 10, "en": 4}
    assert OTHER not in [key for key, _n in top_keys(registered[0].id, "page", today, today)]


# --- pruning --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "app_config", [{"FLEET_USAGE_DETAIL_DAYS": 30, "FLEET_HISTORY_HOURS": 24, "FLEET_EVENT_DAYS": 60}]
)
def test_old_detail_is_folded_into_daily_totals_and_old_history_dropped(central, registered):
    client = central.test_client()
    now = utcnow()
    old, recent = (now.date() - timedelta(days=40)).isoformat(), now.date().isoformat()
    rows = [(old, "ru", "page", "/", 3), (old, "ru", "page", "/hotlines", 2), (old, "ky", "topic", "eaeu", 1)]
    rows += [(recent, "ru", "page", "/", 5)]
    assert beat_json(client, registered[1], {"usage_batches": [batch(rows)]}).status_code == 200
    # Arrived already folded: days older than the detail period are not itemized.
    assert set(db.session.execute(select(UsageCount.day, UsageCount.key)).all()) == {
        (date.fromisoformat(old), OTHER),
        (date.fromisoformat(recent), "/"),
    }
    # Detail stored earlier and now past the period, and old history, go at the next pruning.
    earlier = date.fromisoformat(recent) - timedelta(days=31)
    db.session.add_all(
        [
            UsageCount(terminal_id=registered[0].id, day=earlier, lang="en", kind="page", key="/office", count=4),
            UsageCount(terminal_id=registered[0].id, day=earlier, lang="en", kind="page", key="/", count=1),
            TerminalHeartbeat(terminal_id=registered[0].id, received_at=now - timedelta(hours=25)),
            UsageBatch(terminal_id=registered[0].id, batch_id="old-batch-0001", received_at=now - timedelta(days=31)),
            TerminalEvent(terminal_id=registered[0].id, kind="online", at=now - timedelta(days=61)),
            TerminalEvent(terminal_id=registered[0].id, kind="applied", at=now - timedelta(days=59)),
        ]
    )
    db.session.commit()
    done = prune_fleet(now, limit=1)  # bounded steps...
    assert done == {"heartbeats": 1, "events": 1, "batch_ids": 1, "usage_rows_folded": 1}
    while any(prune_fleet(now).values()):  # ...repeated until nothing is left
        pass
    cells = {(d, lang, key): n for d, lang, key, n in db.session.execute(
        select(UsageCount.day, UsageCount.lang, UsageCount.key, UsageCount.count))}  # fmt: skip
    assert cells == {
        (date.fromisoformat(old), "ru", OTHER): 5,
        (date.fromisoformat(old), "ky", OTHER): 1,
        (earlier, "en", OTHER): 5,
        (date.fromisoformat(recent), "ru", "/"): 5,
    }
    assert rows_of(registered[0].id, TerminalHeartbeat) == 1  # the fresh one stays
    assert db.session.scalar(select(UsageBatch.batch_id).where(UsageBatch.batch_id == "old-batch-0001")) is None
    ages = [(now - at).days for at in db.session.scalars(select(TerminalEvent.at))]
    assert 59 in ages and max(ages) < 60  # the event past FLEET_EVENT_DAYS went, the younger one stayed


def test_heartbeats_erase_expired_personal_data_of_reports_without_anyone_opening_the_register(
    central, registered, monkeypatch
):
    from tests.core.test_reports import NAME, draft

    monkeypatch.setitem(_last_prune, "at", float("-inf"))  # this process has not pruned yet
    central.config["REPORT_RETENTION_DAYS"] = 30
    old, recent = reports.file_report(draft()), reports.file_report(draft())
    reports.set_status(old, "closed", utcnow() - timedelta(days=31))
    reports.set_status(recent, "closed", utcnow() - timedelta(days=29))
    db.session.commit()
    assert beat_json(central.test_client(), registered[1], {}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Report, old.id).name_enc is None and db.session.get(Report, old.id).erased_at
    assert reports.unseal(db.session.get(Report, recent.id).name_enc) == NAME


def test_flask_terminals_prune_runs_to_the_end(central, registered, runner, monkeypatch):
    monkeypatch.setattr("core.fleet.monitor.PRUNE_BATCH", 2)  # so it takes several bounded steps
    now = utcnow()
    old = [TerminalHeartbeat(terminal_id=registered[0].id, received_at=now - timedelta(days=3)) for _ in range(5)]
    old += [TerminalEvent(terminal_id=registered[0].id, kind="online", at=now - timedelta(days=400)) for _ in range(3)]
    db.session.add_all(old)
    db.session.commit()
    result = runner.invoke(args=["terminals", "prune"])
    assert result.exit_code == 0 and "pruned 5 heartbeats, 3 terminal events" in result.output, result.output
    assert rows_of(registered[0].id, TerminalHeartbeat) == 0


def test_a_batch_sealed_larger_by_an_older_version_is_delivered_in_parts_counted_once(
    central, terminal, http, bridge, registered
):
    central.config["FLEET_HEARTBEAT_LIMIT"] = "100 per minute"
    day = date.today().isoformat()
    legacy = [{"day": day, "lang": "ru", "kind": "page", "key": f"/topics/t{i}", "count": 2} for i in range(2500)]
    with terminal.app_context():
        db.session.add(UsageOutbox(batch_id=str(uuid.uuid4()), counts=legacy))
        db.session.commit()
        bridge.lose_answer = True  # central stores the first part, the terminal never hears it
        assert not send_heartbeat(session=http).ok
        bridge.lose_answer = False
        for _ in range(4):
            assert send_heartbeat(session=http).ok
        assert db.session.scalar(select(func.count()).select_from(UsageOutbox)) == 0
    total = db.session.scalar(select(func.sum(UsageCount.count)).where(UsageCount.terminal_id == registered[0].id))
    assert total == 2 * 2500
    assert rows_of(registered[0].id, UsageBatch) == 3
