#!/usr/bin/env python3
"""Kiosk watchdog (run every minute by kiosk-watchdog.timer, as root; standard library only).

- The app: if /healthz does not answer for WATCHDOG_APP_FAILURES checks in a row, restart
  kiosk-app.service (systemd already restarts it when it exits; this catches a stalled one).
- The browser: the kiosk page polls /kiosk-status every KIOSK_STATUS_POLL_SECONDS and the app then
  touches TERMINAL_STATE_DIR/page-alive. If the app is healthy but that file is older than
  WATCHDOG_PAGE_SECONDS, the page has stopped answering (hung renderer, crashed tab, blank screen):
  restart kiosk-browser.service. A restart is not repeated within WATCHDOG_GRACE_SECONDS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

APP_UNIT = "kiosk-app.service"
BROWSER_UNIT = "kiosk-browser.service"


def decide(app_ok: bool, app_failures: int, page_age: float | None, since_browser_restart: float, env: dict) -> list:
    """Which units to restart, from what the checks saw (pure, so it can be tested)."""
    limit_failures = int(env.get("WATCHDOG_APP_FAILURES", "3"))
    limit_page = float(env.get("WATCHDOG_PAGE_SECONDS", "180"))
    grace = float(env.get("WATCHDOG_GRACE_SECONDS", "300"))
    if not app_ok:
        return [APP_UNIT] if app_failures >= limit_failures else []
    if since_browser_restart < grace:
        return []
    if page_age is None or page_age > limit_page:
        return [BROWSER_UNIT]
    return []


def app_healthy(base_url: str) -> bool:
    """True when the local app answers /healthz within a few seconds."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/healthz", timeout=5) as response:
            json.load(response)
            return response.status in (200, 503)  # 503: database trouble, but the process answers
    except (OSError, ValueError):
        return False


def main() -> int:
    """Run the checks once and restart what needs it."""
    env = os.environ
    state_dir = Path(env.get("TERMINAL_STATE_DIR", "/var/lib/kiosk"))
    memory_file = Path(env.get("WATCHDOG_STATE", "/run/kiosk-watchdog.json"))
    try:
        memory = json.loads(memory_file.read_text())
    except (OSError, ValueError):
        memory = {}
    now = time.time()
    app_ok = app_healthy(env.get("KIOSK_LOCAL_URL", "http://127.0.0.1:8000"))
    failures = 0 if app_ok else int(memory.get("app_failures", 0)) + 1
    try:
        page_age = now - (state_dir / "page-alive").stat().st_mtime
    except OSError:
        page_age = None
    # Count the grace period from the watchdog's own last restart, or from its first run after boot.
    last_restart = float(memory.setdefault("browser_restarted_at", now))
    restarts = decide(app_ok, failures, page_age, now - last_restart, env)
    for unit in restarts:
        print(f"kiosk-watchdog: restarting {unit} (app ok: {app_ok}, page age: {page_age})", flush=True)
        subprocess.run(["systemctl", "restart", unit], check=False)
        if unit == BROWSER_UNIT:
            memory["browser_restarted_at"] = now
        if unit == APP_UNIT:
            failures = 0
    memory["app_failures"] = failures
    try:
        memory_file.write_text(json.dumps(memory))
    except OSError as exc:
        print(f"kiosk-watchdog: cannot save state: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
