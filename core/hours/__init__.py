"""Visitor-reception hours engine (pure Python: stdlib + ``holidays``; no Flask, no database).

The kiosk uses::

    from core.hours import Rules, Schedule, default_rules, parse_osm, to_osm, validate_rules, OsmSyntaxError, TZ

The Flask CLI lives in ``core.hours.cli`` and is deliberately not imported here.
"""

from core.hours.engine import (
    LANGS,
    TEXTS,
    TZ,
    DayRow,
    ExtraHoliday,
    Rules,
    Schedule,
    SpecialDay,
    Status,
    default_rules,
    kg_public_holidays,
)
from core.hours.osm import OsmSyntaxError, parse_osm, to_osm
from core.hours.validate import WARNING_CODES, RuleWarning, validate_rules

__all__ = [
    "LANGS",
    "TEXTS",
    "TZ",
    "WARNING_CODES",
    "DayRow",
    "ExtraHoliday",
    "OsmSyntaxError",
    "RuleWarning",
    "Rules",
    "Schedule",
    "SpecialDay",
    "Status",
    "default_rules",
    "kg_public_holidays",
    "parse_osm",
    "to_osm",
    "validate_rules",
]
