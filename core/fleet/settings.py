"""Fleet settings, read from environment variables like the rest of the config."""

from __future__ import annotations

import os


def _positive_int(name: str, default: int) -> int:
    """A positive integer from the environment (minutes or seconds, as the name says)."""
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be an integer, got {raw!r}") from exc
    if value <= 0:
        raise RuntimeError(f"{name} must be positive")
    return value


def load_fleet_config() -> dict:
    """Fleet settings (thresholds in minutes; paths for the terminal's status files)."""
    offline_cache = os.environ.get("KIOSK_OFFLINE_CACHE", "auto").strip().lower()
    if offline_cache not in ("auto", "1", "0"):
        raise RuntimeError("KIOSK_OFFLINE_CACHE must be auto, 1 or 0")
    return {
        # A terminal without a heartbeat for this long is "stale", then "offline".
        "FLEET_STALE_MINUTES": _positive_int("FLEET_STALE_MINUTES", 3),
        "FLEET_OFFLINE_MINUTES": _positive_int("FLEET_OFFLINE_MINUTES", 15),
        # How long central keeps each terminal's heartbeat history.
        "FLEET_HISTORY_HOURS": _positive_int("FLEET_HISTORY_HOURS", 48),
        # A terminal that has not synced for this long shows a notice with the hotlines.
        "SYNC_NOTICE_MINUTES": _positive_int("SYNC_NOTICE_MINUTES", 24 * 60),
        # Where a terminal keeps sync-status.json and terminal.json (default: next to the release stamp).
        "TERMINAL_STATE_DIR": os.environ.get("TERMINAL_STATE_DIR", ""),
        # Service worker that precaches every page: "auto" turns it on for the terminal role only.
        "KIOSK_OFFLINE_CACHE": offline_cache,
        # How often the kiosk page asks its server for a new release or a reload command.
        "KIOSK_STATUS_POLL_SECONDS": _positive_int("KIOSK_STATUS_POLL_SECONDS", 30),
        "SYNC_CONNECT_TIMEOUT_SECONDS": _positive_int("SYNC_CONNECT_TIMEOUT_SECONDS", 10),
        "SYNC_READ_TIMEOUT_SECONDS": _positive_int("SYNC_READ_TIMEOUT_SECONDS", 120),
    }
