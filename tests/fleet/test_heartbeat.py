"""Heartbeats, fleet states, queued commands and anonymous usage counts between a terminal and central."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlalchemy import func, inspect, select

from core.extensions import db
from core.fleet.client import apply_answer, send_heartbeat, sync_release
from core.fleet.monitor import (
    NEVER,
    OFFLINE,
    ONLINE,
    STALE,
    connection_state,
    fleet_rows,
    latest_release_head,
    record_heartbeat,
)
from core.fleet.registry import queue_command
from core.fleet.state import ordered_first, terminal_control
from core.models.fleet import (
    BrowserError,
    Terminal,
    TerminalCommand,
    TerminalEvent,
    TerminalHeartbeat,
    UsageCount,
    UsageOutbox,
    UsageTally,
)
from tests.fleet.conftest import publish_title

T0 = datetime.fromisoformat("2026-11-26T06:00:00+00:00")


def post_events(client, *events, **headers):
    """POST events to the terminal's /kiosk-events like the kiosk page does."""
    return client.post(
        "/kiosk-events", data=json.dumps({"events": list(events)}), content_type="application/json", headers=headers
    )


def beat(terminal, http, now=None):
    """One heartbeat from the terminal."""
    with terminal.app_context():
        return send_heartbeat(now=now, session=http)


def central_counts(terminal_row) -> dict:
    """Usage counts stored on central for a terminal: {(lang, kind, key): count}."""
    rows = db.session.execute(
        select(UsageCount.lang, UsageCount.kind, UsageCount.key, func.sum(UsageCount.count))
        .where(UsageCount.terminal_id == terminal_row.id)
        .group_by(UsageCount.lang, UsageCount.kind, UsageCount.key)
    )
    return {(lang, kind, key): int(n) for lang, kind, key, n in rows}


def test_connection_state_thresholds():
    stale, offline = timedelta(minutes=3), timedelta(minutes=15)
    assert connection_state(None, T0, stale, offline) == NEVER
    assert connection_state(T0, T0 + timedelta(minutes=2), stale, offline) == ONLINE
    assert connection_state(T0, T0 + timedelta(minutes=3), stale, offline) == STALE
    assert connection_state(T0, T0 + timedelta(minutes=15), stale, offline) == OFFLINE


def test_heartbeat_reports_state_and_central_keeps_it_with_history(central, terminal, http, registered):
    with terminal.app_context():
        sync_release(session=http)
    client = terminal.test_client()
    assert post_events(client, {"type": "view", "path": "/ru/"}).status_code == 204
    result = beat(terminal, http)
    assert result.ok, result.error
    row = db.session.get(Terminal, registered[0].id)
    db.session.refresh(row)
    assert row.last_seen_at is not None
    assert row.release_number == 1 and row.app_version
    report = row.last_report
    assert report["last_interaction_at"] and report["idle_resets_total"] == 0
    assert report["disk_free_bytes"] > 0 and report["uptime_seconds"] is not None
    assert report["sync_last_success"]
    assert db.session.scalar(select(func.count()).select_from(TerminalHeartbeat)) == 1
    kinds = set(db.session.scalars(select(TerminalEvent.kind)))
    assert {"registered", "first_heartbeat", "release_applied"} <= kinds


def test_dashboard_marks_stale_then_offline_and_back_online(central, registered):
    term = registered[0]
    report = {"release_number": 1, "app_version": "0.1.0"}
    record_heartbeat(term, report, T0)
    db.session.commit()

    def state_at(minutes):
        (row,) = fleet_rows(T0 + timedelta(minutes=minutes))
        return row

    assert state_at(1).state == ONLINE
    assert state_at(4).state == STALE
    assert state_at(20).state == OFFLINE
    assert not state_at(20).back_online

    record_heartbeat(term, report, T0 + timedelta(minutes=30))
    db.session.commit()
    back = state_at(31)
    assert back.state == ONLINE and back.back_online
    event = db.session.scalar(select(TerminalEvent).where(TerminalEvent.kind == "back_online"))
    assert event.detail == "offline for 30 min"
    assert state_at(31 + 15).state == OFFLINE  # quiet again


def test_release_lag_shows_which_terminals_are_outdated(central, registered):
    term = registered[0]
    number, digest = latest_release_head()
    record_heartbeat(term, {"release_number": number, "release_hash": digest}, T0)
    db.session.commit()
    (row,) = fleet_rows(T0)
    assert (row.release_lag, row.outdated) == (0, False)
    publish_title("eaeu", "ЕАЭС")
    publish_title("eaeu", "ЕАЭС!")
    (row,) = fleet_rows(T0)
    assert (row.release_lag, row.outdated) == (2, True)


def test_a_reload_queued_while_the_terminal_is_offline_reaches_it_on_its_next_heartbeat(
    central, terminal, http, bridge, registered
):
    assert beat(terminal, http, T0).ok
    bridge.down = True
    assert not beat(terminal, http, T0 + timedelta(minutes=1)).ok
    command = queue_command(registered[0], "reload", actor="ops")
    for day in range(1, 4):  # three days without network
        assert not beat(terminal, http, T0 + timedelta(days=day)).ok
    status = terminal.test_client().get("/kiosk-status").get_json()
    assert status["reload"] == 0

    bridge.down = False
    result = beat(terminal, http, T0 + timedelta(days=4))
    assert result.ok and [c["kind"] for c in result.commands] == ["reload"]
    assert terminal.test_client().get("/kiosk-status").get_json()["reload"] == 1
    db.session.refresh(command)
    assert command.delivered_at is not None and command.acked_at is None

    result = beat(terminal, http, T0 + timedelta(days=4, minutes=1))  # carries the acknowledgement
    assert result.ok and result.commands == []
    db.session.refresh(command)
    assert command.acked_at is not None
    assert terminal.test_client().get("/kiosk-status").get_json()["reload"] == 1
    with terminal.app_context():
        assert terminal_control()["pending_acks"] == []


def test_a_command_delivered_twice_runs_once(terminal):
    with terminal.app_context():
        answer = {"commands": [{"id": 7, "kind": "reload"}]}
        assert apply_answer(answer, []) == answer["commands"]
        assert apply_answer(answer, []) == []  # the acknowledgement was lost: delivered again
        assert terminal_control()["reload"] == 1
        assert terminal_control()["pending_acks"] == [7]


def test_usage_counts_reach_central_after_an_offline_period_nothing_lost_or_counted_twice(
    central, terminal, http, bridge, registered
):
    client = terminal.test_client()
    with terminal.app_context():
        sync_release(session=http)
    sent = [
        {"type": "session", "path": "/ru/"},
        {"type": "view", "path": "/ru/"},
        {"type": "view", "path": "/ru/topics/work-abroad"},
        {"type": "view", "path": "/ru/topics/work-abroad/before-you-go"},
        {"type": "idle_reset", "path": "/ru/topics/work-abroad/before-you-go"},
        {"type": "view", "path": "/ky/hotlines"},
    ]
    assert post_events(client, *sent).status_code == 204

    bridge.down = True
    assert not beat(terminal, http).ok  # seals the tally into one batch, which stays
    assert (
        post_events(client, {"type": "view", "path": "/en/office"}, {"type": "view", "path": "/ru/"}).status_code == 204
    )
    assert not beat(terminal, http).ok  # the first batch is still unsent: no new batch yet
    with terminal.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsageOutbox)) == 1
        assert db.session.scalar(select(func.count()).select_from(UsageTally)) == 2

    bridge.down = False
    bridge.lose_answer = True  # central stores the batch but the answer never arrives
    assert not beat(terminal, http).ok
    bridge.lose_answer = False
    for _ in range(3):  # resend (recognised by its id), then the rest of the tally
        assert beat(terminal, http).ok
    with terminal.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsageOutbox)) == 0
        assert db.session.scalar(select(func.count()).select_from(UsageTally)) == 0

    assert central_counts(registered[0]) == {
        ("ru", "session", ""): 1,
        ("ru", "page", "/"): 2,
        ("ru", "page", "/topics/work-abroad"): 1,
        ("ru", "page", "/topics/work-abroad/before-you-go"): 1,
        ("ru", "topic", "work-abroad"): 2,
        ("ru", "idle_reset", ""): 1,
        ("ky", "page", "/hotlines"): 1,
        ("en", "page", "/office"): 1,
    }
    # Counts only: no address, no user agent, nothing about a person.
    assert {c["name"] for c in inspect(db.engine).get_columns("usage_count")} == {
        "id",
        "terminal_id",
        "day",
        "lang",
        "kind",
        "key",
        "count",
    }
    row = db.session.get(Terminal, registered[0].id)
    db.session.refresh(row)
    assert row.last_report["idle_resets_total"] == 1


def test_kiosk_events_are_validated_strictly(terminal, central):
    client = terminal.test_client()
    ok = {"type": "view", "path": "/ru/office"}
    assert post_events(client, ok).status_code == 204
    bad_bodies = [
        {"type": "view", "path": "/admin/"},
        {"type": "view", "path": "https://example.org/ru/"},
        {"type": "view", "path": "/ru/office", "ip": "10.0.0.1"},
        {"type": "shout"},
        "not an object",
    ]
    for body in bad_bodies:
        assert post_events(client, body).status_code == 400, body
    assert client.post("/kiosk-events", data="x=1", content_type="application/x-www-form-urlencoded").status_code == 403
    assert post_events(client, ok, Origin="http://evil.test").status_code == 403
    assert post_events(client, ok, **{"Sec-Fetch-Site": "cross-site"}).status_code == 403
    too_big = {"events": [{"type": "error", "message": "x" * 300, "path": "/ru/"}] * 60}
    assert client.post("/kiosk-events", json=too_big).status_code == 413
    # Central (and a stand-alone kiosk) accept and forget: nothing to report to.
    assert central.test_client().post("/kiosk-events", json={"events": [ok]}).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(UsageTally)) == 0


def test_browser_errors_travel_with_the_heartbeat(central, terminal, http, registered):
    client = terminal.test_client()
    error = {
        "type": "error",
        "message": "TypeError: x is undefined",
        "source": "/static/js/kiosk.js",
        "line": 12,
        "path": "/ru/office",
    }
    assert post_events(client, error).status_code == 204
    assert beat(terminal, http).ok
    with terminal.app_context():
        assert db.session.scalar(select(func.count()).select_from(BrowserError)) == 0  # delivered
    heartbeat = db.session.scalar(select(TerminalHeartbeat))
    assert heartbeat.errors[0]["message"] == "TypeError: x is undefined"
    assert db.session.scalar(select(TerminalEvent).where(TerminalEvent.kind == "browser_errors"))


def test_settings_from_central_reach_the_terminal(central, terminal, http, registered):
    from core.fleet.registry import TerminalSettings, update_terminal

    update_terminal(
        registered[0],
        TerminalSettings(
            "Osh border post",
            "border_post",
            idle_timeout=45,
            topic_order=("eaeu",),
            public_url="https://kiosk.example.kg",
        ),
    )
    with terminal.app_context():
        sync_release(session=http)
    assert beat(terminal, http).ok
    page = terminal.test_client().get("/ru/").get_data(as_text=True)
    assert 'data-idle="45"' in page
    assert page.index("/ru/topics/eaeu") < page.index("/ru/topics/work-abroad")


def test_ordered_first_keeps_the_rest_in_place():
    class Item:
        def __init__(self, slug):
            self.slug = slug

    items = [Item(s) for s in ("a", "b", "c", "d")]
    assert [i.slug for i in ordered_first(items, ["c", "x", "a"])] == ["c", "a", "b", "d"]
    assert [i.slug for i in ordered_first(items, None)] == ["a", "b", "c", "d"]


def test_heartbeat_api_refuses_bad_tokens_and_malformed_reports(central, registered):
    central.config["FLEET_HEARTBEAT_LIMIT"] = "100 per minute"  # many bodies in a row; the limit has its own test
    client = central.test_client()
    body = {"app_version": "0.1.0"}
    assert client.post("/api/terminal/heartbeat", json=body).status_code == 401
    bad = {"Authorization": "Bearer kt_nope"}
    assert client.post("/api/terminal/heartbeat", json=body, headers=bad).status_code == 401
    good = {"Authorization": f"Bearer {registered[1]}"}
    assert client.post("/api/terminal/heartbeat", json=body, headers=good).status_code == 200
    malformed = [
        {"uptime_seconds": "a lot"},
        {"usage_batches": [{"id": "short", "counts": []}]},
        {
            "usage_batches": [
                {
                    "id": "b" * 20,
                    "counts": [{"day": "2026-11-26", "lang": "de", "kind": "page", "key": "/", "count": 1}],
                }
            ]
        },
        {
            "usage_batches": [
                {
                    "id": "b" * 20,
                    "counts": [{"day": str(date.today()), "lang": "ru", "kind": "page", "key": "/", "count": -5}],
                }
            ]
        },
        {"last_interaction_at": "yesterday"},
        [1, 2, 3],
    ]
    for report in malformed:
        assert client.post("/api/terminal/heartbeat", json=report, headers=good).status_code == 400, report
    assert db.session.scalar(select(func.count()).select_from(TerminalCommand)) == 0
