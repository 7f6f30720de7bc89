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


def _flag(name: str) -> bool:
    """A 0/1 switch from the environment (empty means 0)."""
    raw = os.environ.get(name, "").strip()
    if raw not in ("", "0", "1"):
        raise RuntimeError(f"{name} must be 0 or 1, got {raw!r}")
    return raw == "1"


def _rate(name: str, default: str) -> str:
    """A rate such as "6 per minute" (the syntax of the login limit), checked at start-up."""
    from limits import parse

    raw = os.environ.get(name, "").strip() or default
    try:
        parse(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be a rate such as '6 per minute', got {raw!r}") from exc
    return raw


def load_fleet_config() -> dict:
    """Fleet settings (thresholds in minutes; paths for the terminal's status files)."""
    offline_cache = os.environ.get("KIOSK_OFFLINE_CACHE", "auto").strip().lower()
    if offline_cache not in ("auto", "1", "0"):
        raise RuntimeError("KIOSK_OFFLINE_CACHE must be auto, 1 or 0")
    return {
        # A terminal without a heartbeat for this long is "stale", then "offline".
        "FLEET_STALE_MINUTES": _positive_int("FLEET_STALE_MINUTES", 3),
        "FLEET_OFFLINE_MINUTES": _positive_int("FLEET_OFFLINE_MINUTES", 15),
        # How long central keeps each terminal's heartbeat history, and its events (online, release applied).
        "FLEET_HISTORY_HOURS": _positive_int("FLEET_HISTORY_HOURS", 48),
        "FLEET_EVENT_DAYS": _positive_int("FLEET_EVENT_DAYS", 180),
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
        # A terminal talks to central over https:// only; plain http:// (token in clear) is for a lab.
        "ALLOW_INSECURE_CENTRAL": _flag("ALLOW_INSECURE_CENTRAL"),
        # Central: heartbeats accepted per terminal (more get 429 with Retry-After; the terminal keeps
        # its counts and sends them later). Counted in RATELIMIT_STORAGE_URI, like the login limit.
        "FLEET_HEARTBEAT_LIMIT": _rate("FLEET_HEARTBEAT_LIMIT", "6 per minute"),
        # Central: distinct usage keys (pages, topics) itemized per terminal and day; the rest are
        # counted in one "other" cell per language and kind, so totals stay right.
        "FLEET_USAGE_KEYS_PER_DAY": _positive_int("FLEET_USAGE_KEYS_PER_DAY", 500),
        # Central: days of per-page detail kept; older counts are folded into daily totals.
        "FLEET_USAGE_DETAIL_DAYS": _positive_int("FLEET_USAGE_DETAIL_DAYS", 90),
    }


def central_url_problem(config) -> str | None:
    """Why a terminal must not talk to CENTRAL_URL (None when it may): https:// only, unless
    ALLOW_INSECURE_CENTRAL=1 allows plain http:// for a lab, because the bearer token travels with
    every request and a release decides what every kiosk shows."""
    url = config.get("CENTRAL_URL", "")
    if not url:
        return None
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme == "https":
        return None
    if scheme == "http" and config.get("ALLOW_INSECURE_CENTRAL"):
        return None
    if scheme == "http":
        return (
            f"CENTRAL_URL must start with https:// (got {url!r}): over http:// the terminal token would "
            "travel in clear. Set ALLOW_INSECURE_CENTRAL=1 only in a lab."
        )
    return f"CENTRAL_URL must start with https:// (got {url!r})"
