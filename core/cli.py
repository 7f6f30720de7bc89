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
@click.option(
    "--update", is_flag=True,
    help="Also bring starter items staff never edited up to the content files, as unpublished drafts.",
)  # fmt: skip
def seed_command(update: bool) -> None:
    """Load the starter content from content/ (never overwrites staff edits); --update refreshes unedited items."""
    from core.seed import seed_content, update_content

    if not update:
        added = seed_content()
        click.echo(f"Starter content: {added} item(s) added." if added else "Starter content already loaded.")
        return
    report = update_content()
    for title, labels in (
        ("Added as drafts", report.added),
        ("Updated to the content files as drafts", report.updated),
        ("Left alone because staff edited them", report.edited_by_staff),
    ):
        if labels:
            click.echo(f"{title} ({len(labels)}):")
            for label in labels:
                click.echo(f"  {label}")
    if report.added or report.updated:
        click.echo("Nothing was published: review the drafts in the admin panel, then publish.")
    else:
        click.echo("Starter content is up to date: nothing changed.")


def register_cli(app: Flask) -> None:
    """Attach every command group to the app."""
    from core.auth import users_cli

    app.cli.add_command(seed_command)
    app.cli.add_command(translate_cli)
    app.cli.add_command(users_cli)
    from core.reports import reports_cli

    app.cli.add_command(reports_cli)
    from core.fleet.cli import terminal_cli, terminals_cli

    app.cli.add_command(terminals_cli)
    app.cli.add_command(terminal_cli)
    from core.hours_cli import hours_cli

    app.cli.add_command(hours_cli)
    from core.speech.cli import speech_cli

    app.cli.add_command(speech_cli)
