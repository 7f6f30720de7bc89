"""Visitor-reception hours engine (pure Python: stdlib + ``holidays``; no Flask, no database).

The kiosk uses::

    from core.hours import Rules, Schedule, default_rules, parse_osm, to_osm, validate_rules, OsmSyntaxError, TZ

No Flask, no SQLAlchemy: the ``flask hours`` commands live outside this package, in
``core.hours_cli`` (a test imports this package with those modules blocked).
"""

from core.hours.engine import (
    LANGS,
    MAX_EXCEPTIONS,
    MAX_SPAN_YEARS,
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
    "MAX_EXCEPTIONS",
    "MAX_SPAN_YEARS",
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
