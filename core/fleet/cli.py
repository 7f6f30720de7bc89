"""Command groups: `flask terminals ...` (central: the registry) and `flask terminal ...` (on a terminal)."""

from __future__ import annotations

import json
import sys
import time

import click
from flask import current_app
from flask.cli import AppGroup

from core.models.fleet import TERMINAL_KINDS

terminals_cli = AppGroup("terminals", help="Register terminals and manage their tokens (central).")
terminal_cli = AppGroup("terminal", help="Run on a terminal: sync the release, send heartbeats.")

CLI_ACTOR = "cli"


def _find(slug: str):
    from core.fleet.registry import terminal_by_slug

    terminal = terminal_by_slug(slug)
    if terminal is None:
        raise click.ClickException(f"no terminal {slug!r}")
    return terminal


def _print_token(slug: str, token: str) -> None:
    click.echo(f"Token for {slug} (shown only once; put it in TERMINAL_TOKEN on the terminal):")
    click.echo(token)


@terminals_cli.command("add")
@click.argument("slug")
@click.option("--kind", type=click.Choice(TERMINAL_KINDS), required=True, help="Kind of site.")
@click.option("--name", required=True, help="Name shown on the fleet dashboard.")
@click.option("--location", default="", help="Where it stands, e.g. 'Hall 2, by the exit'.")
@click.option("--idle-timeout", type=int, default=None, help="Seconds before the idle reset (default: app-wide).")
@click.option("--topics", default="", help="Topic slugs shown first on its home screen, comma-separated.")
@click.option("--public-url", default="", help="Public address used in 'take this page with you' QR codes.")
def terminals_add(slug, kind, name, location, idle_timeout, topics, public_url) -> None:
    """Register a terminal and print its token once."""
    from core.fleet.registry import RegistryError, TerminalSettings, register_terminal

    settings = TerminalSettings(name, kind, location, idle_timeout, topics, public_url)
    try:
        terminal, token = register_terminal(slug, settings, actor=CLI_ACTOR)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from None
    _print_token(terminal.slug, token)


@terminals_cli.command("list")
def terminals_list() -> None:
    """List terminals with their state and the release they show."""
    from core.fleet.monitor import fleet_rows
    from core.models.base import utcnow

    for row in fleet_rows(utcnow()):
        t = row.terminal
        token = "revoked" if t.revoked_at else t.token_hint + "…"
        release = f"#{t.release_number}" if t.release_number else "-"
        click.echo(f"{t.slug:30} {t.kind:16} {row.state:8} release {release:6} token {token}  {t.name}")


@terminals_cli.command("rotate")
@click.argument("slug")
def terminals_rotate(slug: str) -> None:
    """Issue a new token (the old one stops working at once) and print it once."""
    from core.fleet.registry import rotate_token

    _print_token(slug, rotate_token(_find(slug), actor=CLI_ACTOR))


@terminals_cli.command("revoke")
@click.argument("slug")
def terminals_revoke(slug: str) -> None:
    """Stop accepting a terminal's token."""
    from core.fleet.registry import revoke_token

    revoke_token(_find(slug), actor=CLI_ACTOR)
    click.echo(f"Token of {slug} revoked.")


@terminals_cli.command("reload")
@click.argument("slug")
def terminals_reload(slug: str) -> None:
    """Queue a "reload kiosk page" command (delivered with the terminal's next heartbeat)."""
    from core.fleet.registry import queue_command

    command = queue_command(_find(slug), "reload", actor=CLI_ACTOR)
    click.echo(f"Reload queued for {slug} (command {command.id}).")


@terminals_cli.command("prune")
def terminals_prune() -> None:
    """Drop old heartbeat history, terminal events and batch ids, fold old per-page usage into daily totals (central
    also does this by itself every few minutes; this runs it to the end at once)."""
    from core.fleet.monitor import prune_fleet
    from core.models.base import utcnow

    now = utcnow()
    total = {"heartbeats": 0, "events": 0, "batch_ids": 0, "usage_rows_folded": 0}
    while True:
        done = prune_fleet(now)
        for key, value in done.items():
            total[key] += value
        if not any(done.values()):
            break
    click.echo(
        f"pruned {total['heartbeats']} heartbeats, {total['events']} terminal events, "
        f"{total['batch_ids']} usage batch ids; "
        f"folded {total['usage_rows_folded']} usage rows into daily totals"
    )


def _require_terminal() -> None:
    if current_app.config["KIOSK_ROLE"] != "terminal":
        raise click.ClickException("this command runs on a terminal (KIOSK_ROLE=terminal)")


def _sync() -> bool:
    from core.fleet.client import sync_release

    result = sync_release()
    detail = f" ({result.error})" if result.error else ""
    if result.kind:  # what came over the link: a delta, the whole release (gzipped), or an old central's payload
        detail += f" ({result.kind}, {result.wire_bytes} bytes received)"
    release = f"release {result.release}" if result.release else "no release"
    click.echo(f"sync: {result.outcome}, showing {release}{detail}")
    return result.outcome != "failed"


def _heartbeat() -> bool:
    from core.fleet.client import send_heartbeat

    result = send_heartbeat()
    if result.ok:
        done = ", ".join(c["kind"] for c in result.commands) or "none"
        click.echo(
            f"heartbeat: ok, commands run: {done}, usage batches delivered: {len(result.accepted_batches)}, "
            f"reports delivered: {result.delivered_reports}"
        )
    else:
        click.echo(f"heartbeat: failed ({result.error})")
    return result.ok


@terminal_cli.command("sync")
def terminal_sync() -> None:
    """Pull the current release from central (conditional request) and apply it if new and intact."""
    _require_terminal()
    if not _sync():
        sys.exit(1)


@terminal_cli.command("heartbeat")
def terminal_heartbeat() -> None:
    """Report state, errors and usage counts to central; run the commands it sends back."""
    _require_terminal()
    if not _heartbeat():
        sys.exit(1)


@terminal_cli.command("status")
def terminal_status() -> None:
    """Print the release shown and the sync state as JSON."""
    from core.fleet.client import local_release_head
    from core.fleet.state import sync_health, terminal_control
    from core.models.base import utcnow

    head = local_release_head()
    body = {
        "release": head[0] if head else None,
        "content_hash": head[1] if head else None,
        "sync": sync_health(utcnow()),
        "settings": terminal_control().get("settings", {}),
    }
    click.echo(json.dumps(body, indent=2, ensure_ascii=False))


@terminal_cli.command("run")
@click.option("--interval", type=int, default=60, show_default=True, help="Seconds between rounds.")
def terminal_run(interval: int) -> None:
    """Sync and send a heartbeat every INTERVAL seconds, forever (when systemd timers are not used)."""
    from core.extensions import db

    _require_terminal()
    while True:
        started = time.monotonic()
        for step in (_sync, _heartbeat):
            try:
                step()
            except Exception as exc:  # one bad round must not stop the loop; the next one retries
                db.session.rollback()
                click.echo(f"{step.__name__.strip('_')}: error {exc!r}", err=True)
        db.session.remove()
        time.sleep(max(interval - (time.monotonic() - started), 1))
