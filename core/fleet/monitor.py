"""Central side of heartbeats: record a terminal's state, and the fleet as the dashboard shows it."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from core.extensions import db
from core.fleet.notices import deliveries_for, list_hash, plan_holdings, record_holdings
from core.fleet.registry import add_event, terminal_settings_for
from core.fleet.usage import fold_old_detail, plan_batches, store_batches
from core.models import Release
from core.models.fleet import Terminal, TerminalCommand, TerminalEvent, TerminalHeartbeat, UsageBatch

ONLINE, STALE, OFFLINE, NEVER = "online", "stale", "offline", "never"
PRUNE_SECONDS = 600  # how often each central process prunes old fleet data
PRUNE_BATCH = 2000  # rows per pruning step: short transactions, SQLite's write lock is held briefly


def thresholds() -> tuple[timedelta, timedelta]:
    """(stale after, offline after) from the config."""
    stale = timedelta(minutes=current_app.config["FLEET_STALE_MINUTES"])
    offline = timedelta(minutes=current_app.config["FLEET_OFFLINE_MINUTES"])
    return stale, max(offline, stale)


def connection_state(last_seen: datetime | None, now: datetime, stale: timedelta, offline: timedelta) -> str:
    """online / stale / offline from the time of the last heartbeat; "never" before the first."""
    if last_seen is None:
        return NEVER
    quiet = now - last_seen
    if quiet >= offline:
        return OFFLINE
    if quiet >= stale:
        return STALE
    return ONLINE


def latest_release_head() -> tuple[int, str] | None:
    """(number, content hash) of central's newest release, without loading its payload."""
    row = db.session.execute(
        select(Release.number, Release.content_hash).order_by(Release.number.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _human_gap(gap: timedelta) -> str:
    """A duration such as "2 d 3 h" or "17 min" for event details."""
    minutes = int(gap.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def _note_changes(terminal: Terminal, report: dict, now: datetime) -> None:
    """Events for what changed since the previous heartbeat."""
    _stale, offline = thresholds()
    previous = terminal.last_seen_at
    if previous is None:
        add_event(terminal, "first_heartbeat", now)
    elif now - previous >= offline:
        terminal.back_online_at = now
        add_event(terminal, "back_online", now, f"offline for {_human_gap(now - previous)}")
    release = report.get("release_number")
    if release is not None and release != terminal.release_number:
        add_event(terminal, "release_applied", now, f"release {release}")
    error = report.get("sync_error") or ""
    if error and not (terminal.last_report or {}).get("sync_error"):
        add_event(terminal, "sync_failing", now, error)
    elif not error and (terminal.last_report or {}).get("sync_error"):
        add_event(terminal, "sync_recovered", now)
    if report.get("errors"):
        first = report["errors"][0]
        add_event(terminal, "browser_errors", now, f"{len(report['errors'])}: {first['message']}")


def record_heartbeat(terminal: Terminal, report: dict, now: datetime) -> dict:
    """Store one validated heartbeat and answer with commands, accepted usage batches and settings.

    Everything it needs to read is read first, so the write transaction (the caller commits) holds
    SQLite's write lock only for the writes themselves.
    """
    acks = report.get("acks") or []
    acked = []
    if acks:
        acked = list(
            db.session.scalars(
                select(TerminalCommand).where(
                    TerminalCommand.terminal_id == terminal.id,
                    TerminalCommand.id.in_(acks),
                    TerminalCommand.acked_at.is_(None),
                )
            )
        )
    commands = [
        command
        for command in db.session.scalars(
            select(TerminalCommand)
            .where(TerminalCommand.terminal_id == terminal.id, TerminalCommand.acked_at.is_(None))
            .order_by(TerminalCommand.id)
        )
        if command not in acked
    ]
    batches = report.get("usage_batches", [])
    fresh, cells = plan_batches(terminal, batches, now.date())
    head = latest_release_head()
    settings = terminal_settings_for(terminal)
    notices = deliveries_for(terminal, now)
    notices_hash = list_hash(notices)
    holdings = plan_holdings(terminal, report.get("notices") or [])

    with db.session.no_autoflush:
        _note_changes(terminal, report, now)
        db.session.add(
            TerminalHeartbeat(
                terminal=terminal,
                received_at=now,
                release_number=report.get("release_number"),
                app_version=report.get("app_version", ""),
                uptime_seconds=report.get("uptime_seconds"),
                disk_free_bytes=report.get("disk_free_bytes"),
                last_interaction_at=report.get("last_interaction_at"),
                idle_resets_total=report.get("idle_resets_total"),
                sync_last_success=report.get("sync_last_success"),
                sync_error=report.get("sync_error") or "",
                errors=report.get("errors", []),
            )
        )
        terminal.last_seen_at = now
        terminal.release_number = report.get("release_number")
        terminal.release_hash = report.get("release_hash")
        terminal.app_version = report.get("app_version", "")
        terminal.last_report = {
            key: (value.isoformat() if isinstance(value, datetime) else value)
            for key, value in report.items()
            if key not in ("usage_batches", "acks", "errors", "notices")
        }
        for command in acked:
            command.acked_at = now
            add_event(terminal, "command_done", now, command.kind)
        for command in commands:
            command.delivered_at = command.delivered_at or now
    store_batches(terminal, fresh, cells, now)
    record_holdings(terminal, holdings, now)
    answer = {
        "ok": True,
        "commands": [{"id": c.id, "kind": c.kind} for c in commands],
        "accepted_batches": [batch["id"] for batch in batches],
        "settings": settings,
        "release": {"number": head[0], "content_hash": head[1]} if head else None,
        "server_time": now.isoformat(),
        "notices_hash": notices_hash,
    }
    if report.get("notices_hash") != notices_hash:
        answer["notices"] = notices  # only when the terminal's list differs: most answers stay small
    return answer


def prune_fleet(now: datetime, limit: int | None = None) -> dict[str, int]:
    """Drop heartbeat history older than FLEET_HISTORY_HOURS, terminal events (came online, applied a
    release...) older than FLEET_EVENT_DAYS and usage batch ids older than FLEET_USAGE_DETAIL_DAYS,
    and fold older per-page counts into daily totals: at most `limit` rows of each, each step in its own
    short transaction. Returns the rows touched per step."""
    limit = limit or PRUNE_BATCH
    history = now - timedelta(hours=current_app.config["FLEET_HISTORY_HOURS"])
    detail = now - timedelta(days=current_app.config["FLEET_USAGE_DETAIL_DAYS"])
    events = now - timedelta(days=current_app.config["FLEET_EVENT_DAYS"])
    done = {}
    for name, model, column, cutoff in (
        ("heartbeats", TerminalHeartbeat, TerminalHeartbeat.received_at, history),
        ("events", TerminalEvent, TerminalEvent.at, events),
        ("batch_ids", UsageBatch, UsageBatch.received_at, detail),
    ):
        ids = list(db.session.scalars(select(model.id).where(column < cutoff).order_by(model.id).limit(limit)))
        if ids:
            db.session.execute(delete(model).where(model.id.in_(ids)))
            db.session.commit()
        done[name] = len(ids)
    done["usage_rows_folded"] = fold_old_detail(now, limit)
    return done


_last_prune = {"at": float("-inf")}
_prune_lock = threading.Lock()


def prune_now_and_then(now: datetime) -> None:
    """Central's housekeeping, at most once every PRUNE_SECONDS per process (after a heartbeat is stored):
    prune_fleet, and the erasure of reports' personal data past REPORT_RETENTION_DAYS (so it happens on
    time even when nobody opens the register)."""
    from core.reports import erase_expired

    moment = time.monotonic()
    with _prune_lock:
        if moment - _last_prune["at"] < PRUNE_SECONDS:
            return
        _last_prune["at"] = moment
    for step, what in ((prune_fleet, "pruning old heartbeats and usage detail"),
                       (erase_expired, "erasing expired personal data of reports")):  # fmt: skip
        try:
            step(now)
        except Exception:  # the heartbeat is already stored; the step retries next time
            db.session.rollback()
            current_app.logger.exception("fleet: %s failed", what)


@dataclass(frozen=True)
class FleetRow:
    """One terminal as the dashboard shows it."""

    terminal: Terminal
    state: str
    release_lag: int | None
    outdated: bool
    back_online: bool
    pending_commands: int


def fleet_rows(now: datetime) -> list[FleetRow]:
    """Every terminal with its connection state, release lag and pending commands."""
    stale, offline = thresholds()
    head = latest_release_head()
    pending = dict(
        db.session.execute(
            select(TerminalCommand.terminal_id, func.count())
            .where(TerminalCommand.acked_at.is_(None))
            .group_by(TerminalCommand.terminal_id)
        ).all()
    )
    rows = []
    for terminal in db.session.scalars(select(Terminal).order_by(Terminal.kind, Terminal.name)):
        state = connection_state(terminal.last_seen_at, now, stale, offline)
        lag = None
        outdated = False
        if head and terminal.release_number is not None:
            lag = max(head[0] - terminal.release_number, 0)
            outdated = terminal.release_hash != head[1]
        back = bool(terminal.back_online_at and state == ONLINE and now - terminal.back_online_at < offline)
        rows.append(FleetRow(terminal, state, lag, outdated, back, pending.get(terminal.id, 0)))
    return rows


def recent_events(since: datetime | None, limit: int = 100, terminal_id: int | None = None) -> list[TerminalEvent]:
    """Events newest first, after `since` when given."""
    query = select(TerminalEvent).order_by(TerminalEvent.at.desc(), TerminalEvent.id.desc()).limit(limit)
    if since is not None:
        query = query.where(TerminalEvent.at > since)
    if terminal_id is not None:
        query = query.where(TerminalEvent.terminal_id == terminal_id)
    return list(db.session.scalars(query))


def went_offline(rows: list[FleetRow], since: datetime | None) -> list[tuple[Terminal, datetime]]:
    """Terminals offline now, with the moment they crossed the offline threshold (after `since`)."""
    _stale, offline = thresholds()
    found = []
    for row in rows:
        if row.state == OFFLINE and row.terminal.last_seen_at:
            at = row.terminal.last_seen_at + offline
            if since is None or at > since:
                found.append((row.terminal, at))
    return found


def heartbeat_history(terminal: Terminal, limit: int = 60) -> list[TerminalHeartbeat]:
    """A terminal's most recent heartbeats, newest first."""
    return list(
        db.session.scalars(
            select(TerminalHeartbeat)
            .where(TerminalHeartbeat.terminal_id == terminal.id)
            .order_by(TerminalHeartbeat.received_at.desc(), TerminalHeartbeat.id.desc())
            .limit(limit)
        )
    )
