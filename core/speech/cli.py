"""`flask --app wsgi speech build`: make the audio of every page of the current release."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

speech_cli = AppGroup("speech", help="Speech for the kiosk pages (espeak-ng).")


def report_line(report) -> str:
    """One line for logs and the terminal's sync output."""
    return (
        f"speech: {report.pages} pages, {report.clips} clips ({report.sentences} sentences), "
        f"{report.synthesized} synthesized now, {report.bytes / 1024:.0f} KB of audio"
    )


@speech_cli.command("build")
def speech_build() -> None:
    """Synthesize every sentence of every page of the current release that has no clip yet."""
    from core.speech import build_release_audio, synthesizer

    app = current_app._get_current_object()
    if synthesizer(app) is None:
        click.echo("speech: off (espeak-ng not installed or SPEECH_ENABLED=0): nothing to build", err=True)
        sys.exit(1)
    report = build_release_audio(app)
    click.echo(report_line(report))
    if report.missing:
        click.echo(f"speech: pages that did not answer: {', '.join(report.missing)}", err=True)
        sys.exit(1)
