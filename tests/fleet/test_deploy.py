"""The deployment kit: units, browser flags, policy and the watchdog's decisions."""

from __future__ import annotations

import configparser
import importlib.util
import json
import mmap
import re
import runpy
import subprocess
from pathlib import Path

from core.config import ROOT

DEPLOY = ROOT / "deploy"


def unit(name: str) -> configparser.ConfigParser:
    """A systemd unit file parsed (repeated keys allowed, as systemd does)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def _verifiable_units(tmp_path: Path) -> Path:
    """Copies of the units whose programs point into tmp_path, where stand-ins exist: verify checks that
    every ExecStart program is executable, and /opt/kiosk and cage exist only on a terminal."""
    for program in ("opt/kiosk/.venv/bin/gunicorn", "opt/kiosk/.venv/bin/flask", "usr/bin/cage"):
        stand_in = tmp_path / program
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text("#!/bin/sh\n")
        stand_in.chmod(0o755)
    units = tmp_path / "units"
    units.mkdir()
    for path in (DEPLOY / "systemd").iterdir():
        text = path.read_text().replace("/opt/kiosk/", f"{tmp_path}/opt/kiosk/")
        (units / path.name).write_text(text.replace("/usr/bin/cage", f"{tmp_path}/usr/bin/cage"))
    return units


def test_units_pass_systemd_analyze_verify(tmp_path):
    units = _verifiable_units(tmp_path)
    names = sorted(p.name for p in units.iterdir())
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *names], cwd=units, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    # systemd ignores an unknown key or a bad value with a warning only: any message is a failure.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), result.stdout + result.stderr


def test_each_timer_starts_its_service_every_minute():
    for timer in sorted((DEPLOY / "systemd").glob("*.timer")):
        settings = unit(timer.name)
        service = settings["Timer"].get("Unit", timer.stem + ".service")
        assert (DEPLOY / "systemd" / service).exists(), timer.name
        span = subprocess.run(["systemd-analyze", "timespan", settings["Timer"]["OnUnitActiveSec"]],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert re.search(r"μs: 60000000\b", span), (timer.name, span)


def test_terminal_gunicorn_settings_are_gunicorn_settings_on_loopback_without_access_log():
    from gunicorn.config import Config

    path = DEPLOY / "gunicorn.terminal.conf.py"
    names = {k for k, v in runpy.run_path(str(path)).items() if not k.startswith("_") and not callable(v)}
    names -= {"os"}
    config = Config()
    unknown = names - set(config.settings)
    assert not unknown, f"not gunicorn settings (ignored): {unknown}"
    for name, value in runpy.run_path(str(path)).items():
        if name in names:
            config.set(name, value)  # gunicorn's own validation of each value
    assert config.address and all(host == "127.0.0.1" for host, _port in config.address)
    assert config.accesslog is None and config.workers >= 2


def _browser_address() -> str:
    """Where the terminal's browser goes: KIOSK_LOCAL_URL as the browser unit sets it."""
    browser = unit("kiosk-browser.service")
    env = dict(item.split("=", 1) for item in browser["Service"]["Environment"].split())
    return env["KIOSK_LOCAL_URL"]


def test_the_browser_may_open_only_the_app_it_is_pointed_at():
    policy = json.loads((DEPLOY / "chromium" / "kiosk-policy.json").read_text())
    app_address = "http://" + runpy.run_path(str(DEPLOY / "gunicorn.terminal.conf.py"))["bind"]
    assert _browser_address() == app_address
    # The browser runs as a user of its own, which can read neither the database nor the token.
    assert unit("kiosk-browser.service")["Service"]["User"] != unit("kiosk-app.service")["Service"]["User"]
    assert policy["URLBlocklist"] == ["*"], "everything not allowed must be blocked"
    assert policy["URLAllowlist"] == [app_address]
    for url in (policy["HomepageLocation"], *policy["RestoreOnStartupURLs"]):
        assert url.rstrip("/") == app_address, url


# The policies the kiosk sets, with their types and values as Chromium's policy list defines them
# (chromium/src/components/policy/resources/templates/policy_definitions). None: any value of the type.
CHROMIUM_POLICIES: dict[str, tuple[type, set | None]] = {
    "URLBlocklist": (list, None), "URLAllowlist": (list, None), "HomepageLocation": (str, None),
    "RestoreOnStartup": (int, {1, 4, 5}), "RestoreOnStartupURLs": (list, None),
    "TranslateEnabled": (bool, None), "SpellcheckEnabled": (bool, None), "SearchSuggestEnabled": (bool, None),
    "AlternateErrorPagesEnabled": (bool, None), "PasswordManagerEnabled": (bool, None),
    "AutofillAddressEnabled": (bool, None), "AutofillCreditCardEnabled": (bool, None),
    "BrowserSignin": (int, {0, 1, 2}), "SyncDisabled": (bool, None), "IncognitoModeAvailability": (int, {0, 1, 2}),
    "DeveloperToolsAvailability": (int, {0, 1, 2, 3}), "DownloadRestrictions": (int, {0, 1, 2, 3, 4}),
    "AllowFileSelectionDialogs": (bool, None), "PrintingEnabled": (bool, None), "BookmarkBarEnabled": (bool, None),
    "ShowHomeButton": (bool, None), "DefaultNotificationsSetting": (int, {1, 2, 3}),
    "DefaultGeolocationSetting": (int, {1, 2, 3}), "DefaultPopupsSetting": (int, {1, 2}),
    "BackgroundModeEnabled": (bool, None), "MetricsReportingEnabled": (bool, None),
    "ComponentUpdatesEnabled": (bool, None), "PromotionalTabsEnabled": (bool, None),
}  # fmt: skip
CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")


def test_policy_keys_and_values_are_ones_chromium_knows():
    policy = json.loads((DEPLOY / "chromium" / "kiosk-policy.json").read_text())
    # Chromium ignores a misspelt policy or a value of the wrong type without a word.
    unknown = sorted(set(policy) - set(CHROMIUM_POLICIES))
    assert not unknown, f"add them to CHROMIUM_POLICIES from Chromium's policy list, or fix the name: {unknown}"
    for name, value in policy.items():
        kind, allowed = CHROMIUM_POLICIES[name]
        assert type(value) is kind, (name, value)
        assert allowed is None or value in allowed, (name, value)
        if kind is list:
            assert value and all(isinstance(entry, str) and entry for entry in value), (name, value)
    # The browser that is installed knows each name: its policy table holds them as plain strings, side
    # by side, so the search starts near the first one found (a full scan of 300 MB per name is slow).
    if CHROMIUM_BINARY.exists():
        with CHROMIUM_BINARY.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as binary:
            anchor = binary.find(b"\0URLAllowlist\0")
            window = binary[max(anchor - 4_000_000, 0) : anchor + 4_000_000] if anchor >= 0 else b""
            unknown = [k for k in policy if f"\0{k}\0".encode() not in window
                       and binary.find(f"\0{k}\0".encode()) < 0]  # fmt: skip
        assert not unknown, f"unknown to {CHROMIUM_BINARY}: {unknown}"


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
        "--autoplay-policy=no-user-gesture-required",  # a page speaks on arrival to a traveller moving by keys
    ):
        assert flag in script, flag


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
