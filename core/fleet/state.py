"""Small status files a terminal keeps beside its release stamp.

They are files, not tables, so that an unchanged sync (a 304 from central) writes nothing to the
database, and so that every gunicorn worker can read them cheaply (cached by modification time).

- `sync-status.json`, written by `flask terminal sync`: last attempt, last success, last error.
- `terminal.json`, written by `flask terminal heartbeat`: settings from central (idle timeout, topic
  order, public URL), the reload counter the kiosk page watches, and command ids to acknowledge.
- `page-alive`, touched whenever the kiosk page polls its server: the watchdog reads its age.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

SYNC_STATUS = "sync-status.json"
TERMINAL_FILE = "terminal.json"
PAGE_ALIVE = "page-alive"

_cache: dict[str, tuple[tuple[int, int], dict]] = {}


def state_dir() -> Path:
    """Directory of the status files: TERMINAL_STATE_DIR, else the release stamp's directory."""
    configured = current_app.config.get("TERMINAL_STATE_DIR")
    if configured:
        return Path(configured)
    return Path(current_app.config["RELEASE_STAMP_PATH"]).parent


def read_json(path: Path) -> dict:
    """A JSON object from a file, re-read only when the file changed; {} when missing or broken."""
    try:
        info = path.stat()
    except OSError:
        return {}
    key = (info.st_mtime_ns, info.st_size)
    cached = _cache.get(str(path))
    if cached and cached[0] == key:
        return cached[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        data = {}
    _cache[str(path)] = (key, data)
    return data


def write_json(path: Path, data: dict) -> None:
    """Replace a JSON file atomically, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def parse_time(value) -> datetime | None:
    """An aware datetime from an ISO string, or None for anything else."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def is_terminal() -> bool:
    """True when this app runs as a terminal synced from central."""
    return current_app.config["KIOSK_ROLE"] == "terminal"


def sync_status() -> dict:
    """The last sync outcome as written by `record_sync` ({} before the first attempt)."""
    return read_json(state_dir() / SYNC_STATUS)


def record_sync(now: datetime, *, ok: bool, result: str = "", error: str = "", release: int | None = None) -> dict:
    """Remember the outcome of one sync attempt; a failure keeps the time of the last success."""
    status = dict(sync_status())
    status["last_attempt"] = now.isoformat()
    status["result"] = result if ok else "failed"
    if ok:
        status.update(last_success=now.isoformat(), last_error="", failing_since=None)
        if release is not None:
            status["release"] = release
    else:
        status["last_error"] = error[:500]
        status["failing_since"] = status.get("failing_since") or now.isoformat()
    write_json(state_dir() / SYNC_STATUS, status)
    return status


def _reference(status: dict) -> datetime | None:
    """Since when the terminal has not heard from central: last success, else first failure."""
    return parse_time(status.get("last_success")) or parse_time(status.get("failing_since"))


def sync_health(now: datetime) -> dict:
    """Sync state for /healthz and `flask terminal status`."""
    status = sync_status()
    failing = bool(status.get("last_error"))
    reference = _reference(status)
    limit = timedelta(minutes=current_app.config["SYNC_NOTICE_MINUTES"])
    return {
        "last_attempt": status.get("last_attempt"),
        "last_success": status.get("last_success"),
        "last_error": status.get("last_error") or None,
        "unsynced_since": reference.isoformat() if failing and reference else None,
        "notice": bool(reference and now - reference > limit),
    }


def sync_notice_since(now: datetime) -> datetime | None:
    """On a terminal that has not synced for longer than SYNC_NOTICE_MINUTES: since when; else None."""
    if not is_terminal() or not current_app.config.get("CENTRAL_URL"):
        return None
    reference = _reference(sync_status())
    if reference and now - reference > timedelta(minutes=current_app.config["SYNC_NOTICE_MINUTES"]):
        return reference
    return None


def terminal_control() -> dict:
    """What the last heartbeat answer told this terminal (settings, reload counter, pending acks)."""
    return read_json(state_dir() / TERMINAL_FILE)


def write_terminal_control(data: dict) -> None:
    """Save the terminal's control file."""
    write_json(state_dir() / TERMINAL_FILE, data)


def terminal_settings() -> dict:
    """Per-terminal settings from central ({} on central and before the first heartbeat)."""
    if not is_terminal():
        return {}
    settings = terminal_control().get("settings")
    return settings if isinstance(settings, dict) else {}


def offline_cache_enabled() -> bool:
    """Whether kiosk pages register the precaching service worker."""
    mode = current_app.config.get("KIOSK_OFFLINE_CACHE", "auto")
    return mode == "1" or (mode == "auto" and is_terminal())


def touch_page_alive() -> None:
    """Mark that the kiosk page is running (the watchdog restarts the browser when this gets old)."""
    path = state_dir() / PAGE_ALIVE
    try:
        path.touch()
    except OSError:
        current_app.logger.warning("could not touch %s", path)


def ordered_first(items: list, order: list | tuple, key=lambda item: item.slug) -> list:
    """Items whose key is listed in `order` first, in that order; then the others as they came."""
    rank = {slug: index for index, slug in enumerate(order or ())}
    return sorted(items, key=lambda item: rank.get(key(item), len(rank)))
