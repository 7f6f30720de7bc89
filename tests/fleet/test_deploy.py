"""The deployment kit: units, browser flags, policy and the watchdog's decisions."""

from __future__ import annotations

import configparser
import importlib.util
import json
import runpy

from core.config import ROOT

DEPLOY = ROOT / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit file parsed (repeated keys allowed, as systemd does)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_units_run_the_app_sync_heartbeat_browser_and_watchdog():
    app = unit("kiosk-app.service")
    assert "gunicorn.terminal.conf.py" in app["Service"]["ExecStart"]
    assert app["Service"]["Restart"] == "always"
    for name, command in (("kiosk-sync", "terminal sync"), ("kiosk-heartbeat", "terminal heartbeat")):
        assert command in unit(f"{name}.service")["Service"]["ExecStart"]
        assert unit(f"{name}.timer")["Timer"]["OnUnitActiveSec"] == "60s"
    assert unit("kiosk-watchdog.timer")["Timer"]["OnUnitActiveSec"] == "60s"
    browser = unit("kiosk-browser.service")
    assert browser["Service"]["User"] == "kiosk-screen" and "kiosk-browser.sh" in browser["Service"]["ExecStart"]


def test_terminal_gunicorn_listens_on_loopback_only_and_keeps_no_access_log():
    settings = runpy.run_path(str(DEPLOY / "gunicorn.terminal.conf.py"))
    assert settings["bind"].startswith("127.0.0.1:")
    assert settings["accesslog"] is None and settings["workers"] >= 2


def test_browser_flags_block_zoom_swipes_dialogs_and_translation():
    script = (DEPLOY / "kiosk-browser.sh").read_text()
    for flag in (
        "--kiosk",
        "--disable-pinch",
        "--overscroll-history-navigation=0",
        "--noerrdialogs",
        "TranslateUI",
        "--no-first-run",
        "OverscrollHistoryNavigation",
    ):
        assert flag in script, flag


def test_policy_allows_only_the_local_app():
    policy = json.loads((DEPLOY / "chromium" / "kiosk-policy.json").read_text())
    assert policy["URLBlocklist"] == ["*"]
    assert policy["URLAllowlist"] == ["http://127.0.0.1:8000"]
    assert policy["TranslateEnabled"] is False and policy["DeveloperToolsAvailability"] == 2


def test_watchdog_restarts_the_browser_only_when_the_page_stops_answering():
    spec = importlib.util.spec_from_file_location("kiosk_watchdog", DEPLOY / "kiosk-watchdog.py")
    watchdog = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(watchdog)
    env = {"WATCHDOG_PAGE_SECONDS": "180", "WATCHDOG_GRACE_SECONDS": "300", "WATCHDOG_APP_FAILURES": "3"}
    assert watchdog.decide(True, 0, 20, 1000, env) == []
    assert watchdog.decide(True, 0, 600, 1000, env) == ["kiosk-browser.service"]
    assert watchdog.decide(True, 0, None, 1000, env) == ["kiosk-browser.service"]
    assert watchdog.decide(True, 0, 600, 60, env) == []  # just restarted: give it time
    assert watchdog.decide(False, 1, 600, 1000, env) == []  # the app is down: not the browser's fault
    assert watchdog.decide(False, 3, 600, 1000, env) == ["kiosk-app.service"]


def test_the_terminal_env_example_talks_to_central_over_https_only():
    from core.fleet.settings import central_url_problem

    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "terminal.env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert values["CENTRAL_URL"].startswith("https://")
    assert values["ALLOW_INSECURE_CENTRAL"] == "0"
    assert central_url_problem({"CENTRAL_URL": values["CENTRAL_URL"], "ALLOW_INSECURE_CENTRAL": False}) is None
