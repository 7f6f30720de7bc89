"""``flask hours ...``: inspect the hours engine from the command line (JSON on stdout).

    flask --app wsgi hours intervals --rules "Mo-Fr 09:10-17:50; PH off" --from 2026-03-16T00:00 --to 2026-03-23T00:00
    flask --app wsgi hours status --at 2026-03-19T17:00 --lang ru

Without ``--rules`` the office's saved rules are used. Times are wall-clock Asia/Bishkek.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import click
from flask.cli import AppGroup

from core.hours.engine import LANGS, TEXTS, TZ, ExtraHoliday, Rules, Schedule, default_rules
from core.hours.osm import OsmSyntaxError, parse_osm

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


def _load_rules(rules_text: str | None, holidays_source: str | None, extra_holidays: tuple[date, ...]) -> Rules:
    if rules_text is not None:
        try:
            rules = parse_osm(rules_text)
        except OsmSyntaxError as exc:
            raise click.ClickException(f"bad --rules: {exc}\n  {rules_text}\n  {' ' * exc.position}^") from exc
    else:
        # Imported here so that `core.hours` stays free of Flask/database imports.
        from core.extensions import db
        from core.models import Office

        office = db.session.scalar(db.select(Office))
        saved = office.hours_rules if office is not None else None
        try:
            rules = Rules.from_dict(saved) if saved is not None else default_rules()
        except ValueError as exc:
            raise click.ClickException(f"the office's saved hours rules are invalid: {exc}") from exc
    if holidays_source is not None:
        rules = replace(rules, holidays_enabled=holidays_source == "kg")
    if extra_holidays:
        added = tuple(ExtraHoliday(day, TEXTS["holiday"]) for day in extra_holidays)
        rules = replace(rules, extra_holidays=rules.extra_holidays + added)
    return rules


def _fmt(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


@hours_cli.command("intervals")
@_rules_options
@click.option("--from", "start", type=_LocalDateTime(), required=True, help="Window start (inclusive).")
@click.option("--to", "end", type=_LocalDateTime(), required=True, help="Window end (exclusive).")
def intervals_command(rules_text, holidays_source, extra_holidays, start, end):
    """Print the open intervals within [--from, --to) as a JSON list of [start, end] pairs."""
    if end <= start:
        raise click.BadParameter("must be later than --from", param_hint="--to")
    schedule = Schedule(_load_rules(rules_text, holidays_source, extra_holidays))
    pairs = [[_fmt(s), _fmt(e)] for s, e in schedule.intervals(start, end)]
    click.echo(json.dumps(pairs))


@hours_cli.command("status")
@_rules_options
@click.option("--at", "at", type=_LocalDateTime(), default=None, help="The moment to check (default: now).")
@click.option("--lang", type=click.Choice(LANGS), default="ru", show_default=True, help="Language of the reason.")
def status_command(rules_text, holidays_source, extra_holidays, at, lang):
    """Print whether the reception is open at --at, when that changes, and why, as JSON."""
    at = at or datetime.now(TZ)
    schedule = Schedule(_load_rules(rules_text, holidays_source, extra_holidays))
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
