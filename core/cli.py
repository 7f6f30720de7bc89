"""Command-line tools: `flask --app wsgi seed`, `flask --app wsgi translate ...`, `... hours ...` (core.hours_cli)."""

from __future__ import annotations

import subprocess
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from core.config import ROOT

translate_cli = AppGroup("translate", help="Extract, update and compile interface translations.")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate_cli.command("extract")
def translate_extract() -> None:
    """Extract interface strings into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
             "-o", "translations/messages.pot", ".")  # fmt: skip


@translate_cli.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into every catalog."""
    translate_extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching")


@translate_cli.command("compile")
def translate_compile() -> None:
    """Build the .mo files the app loads (they are not committed)."""
    _pybabel("compile", "-d", "translations", "--statistics")


@click.command("seed")
def seed_command() -> None:
    """Load the starter content (idempotent: adds only what is missing, never overwrites edits)."""
    from core.seed import seed_content

    added = seed_content()
    click.echo(f"Starter content: {added} item(s) added." if added else "Starter content already loaded.")


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from core.auth import users_cli

    app.cli.add_command(seed_command)
    app.cli.add_command(translate_cli)
    app.cli.add_command(users_cli)
    from core.fleet.cli import terminal_cli, terminals_cli

    app.cli.add_command(terminals_cli)
    app.cli.add_command(terminal_cli)
    from core.hours_cli import hours_cli

    app.cli.add_command(hours_cli)
