"""``flask hours ...``: inspect the hours engine from the command line (JSON on stdout).

    flask --app wsgi hours intervals --rules "Mo-Fr 09:10-17:50; PH off" --from 2026-03-16T00:00 --to 2026-03-23T00:00
    flask --app wsgi hours status --at 2026-03-19T17:00 --lang ru

Without ``--rules`` the office's saved rules are used. A ``--rules`` text is read as the office's
schedule: the pre-holiday shortening is the office's setting (``--shorten-minutes`` overrides it; the
text itself never shortens a day). Times are wall-clock Asia/Bishkek.

This module sits beside the other CLI commands, outside ``core.hours``, because it reads the
database; the engine package stays importable without Flask or SQLAlchemy.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import click
from flask.cli import AppGroup

from core.extensions import db
from core.hours.engine import LANGS, MAX_SHORTEN_MINUTES, TEXTS, TZ, ExtraHoliday, Rules, Schedule, default_rules
from core.hours.osm import OsmSyntaxError, parse_osm
from core.models import Office

# The widest window `intervals` answers for: its output grows with the window, so bound it.
MAX_WINDOW_DAYS = 2 * 366

hours_cli = AppGroup("hours", help="Reception hours: print open intervals or the status at a moment.")


class _LocalDateTime(click.ParamType):
    """'YYYY-MM-DDTHH:MM' read as Asia/Bishkek wall-clock time (an explicit offset is honoured)."""

    name = "YYYY-MM-DDTHH:MM"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date-time like 2026-03-19T17:00", param, ctx)
        return parsed.replace(tzinfo=TZ) if parsed.tzinfo is None else parsed.astimezone(TZ)


class _Date(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-03-20", param, ctx)


def _rules_options(func):
    func = click.option(
        "--shorten-minutes",
        "shorten_minutes",
        type=click.IntRange(0, MAX_SHORTEN_MINUTES),
        default=None,
        help="Pre-holiday shortening in minutes (0: none); default: the office's setting.",
    )(func)
    func = click.option(
        "--holiday",
        "extra_holidays",
        type=_Date(),
        multiple=True,
        help="Add a public holiday on this date (repeatable).",
    )(func)
    func = click.option(
        "--holidays",
        "holidays_source",
        type=click.Choice(["kg", "none"]),
        default=None,
        help="Kyrgyz public holidays on (kg) or off (none); default: as the rules say.",
    )(func)
    return click.option(
        "--rules",
        "rules_text",
        default=None,
        help="An opening_hours value (OSM subset); default: the office's saved rules.",
    )(func)


def _saved_rules() -> Rules:
    office = db.session.scalar(db.select(Office).order_by(Office.id).limit(1))
    saved = office.hours_rules if office is not None else None
    try:
        return Rules.from_dict(saved) if saved is not None else default_rules()
    except ValueError as exc:
        raise click.ClickException(f"the office's saved hours rules are invalid: {exc}") from exc


def _load_rules(
    rules_text: str | None, holidays_source: str | None, extra_holidays: tuple[date, ...], shorten_minutes: int | None
) -> Rules:
    if rules_text is not None:
        if shorten_minutes is None:
            shorten_minutes = _saved_rules().shorten_minutes  # the office's setting, not the text's
        try:
            rules = parse_osm(rules_text, shorten_minutes=shorten_minutes)
        except OsmSyntaxError as exc:
            start = max(0, exc.position - 60)  # show where, without echoing a huge text back
            excerpt = rules_text[start : exc.position + 60].replace("\n", " ")
            raise click.ClickException(f"bad --rules: {exc}\n  {excerpt}\n  {' ' * (exc.position - start)}^") from exc
    else:
        rules = _saved_rules()
        if shorten_minutes is not None:
            rules = replace(rules, shorten_minutes=shorten_minutes)
    if holidays_source is not None:
        rules = replace(rules, holidays_enabled=holidays_source == "kg")
    if extra_holidays:
        added = tuple(ExtraHoliday(day, TEXTS["holiday"]) for day in extra_holidays)
        try:
            rules = replace(rules, extra_holidays=rules.extra_holidays + added)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    return rules


def _fmt(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


@hours_cli.command("intervals")
@_rules_options
@click.option("--from", "start", type=_LocalDateTime(), required=True, help="Window start (inclusive).")
@click.option("--to", "end", type=_LocalDateTime(), required=True, help="Window end (exclusive).")
def intervals_command(rules_text, holidays_source, extra_holidays, shorten_minutes, start, end):
    """Print the open intervals within [--from, --to) as a JSON list of [start, end] pairs."""
    if end <= start:
        raise click.BadParameter("must be later than --from", param_hint="--to")
    if (end - start).days > MAX_WINDOW_DAYS:
        raise click.BadParameter(f"the window can be at most {MAX_WINDOW_DAYS} days long", param_hint="--to")
    schedule = Schedule(_load_rules(rules_text, holidays_source, extra_holidays, shorten_minutes))
    pairs = [[_fmt(s), _fmt(e)] for s, e in schedule.intervals(start, end)]
    click.echo(json.dumps(pairs))


@hours_cli.command("status")
@_rules_options
@click.option("--at", "at", type=_LocalDateTime(), default=None, help="The moment to check (default: now).")
@click.option("--lang", type=click.Choice(LANGS), default="ru", show_default=True, help="Language of the reason.")
def status_command(rules_text, holidays_source, extra_holidays, shorten_minutes, at, lang):
    """Print whether the reception is open at --at, when that changes, and why, as JSON."""
    at = at or datetime.now(TZ)
    schedule = Schedule(_load_rules(rules_text, holidays_source, extra_holidays, shorten_minutes))
    status = schedule.status(at, lang=lang)
    out = {
        "at": _fmt(at),
        "open": status.open,
        "closes_at": _fmt(status.closes_at),
        "next_opens_at": _fmt(status.next_opens_at),
        "reason": status.reason,
        "reason_kind": status.reason_kind,
    }
    click.echo(json.dumps(out, ensure_ascii=False))
