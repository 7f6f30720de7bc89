"""Short-codes in staff texts, filled in at publish time from live data.

Articles never type the reception hours: they write `{{ reception_hours }}` and publishing puts in
the office's weekly hours from the hours engine, in the text's language. When staff change the hours
and publish, every page that mentions them changes with the office page; nothing can contradict it.
An unknown short-code is left as typed (the publish page and the glossary test point it out).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from babel.dates import get_day_names
from babel.lists import format_list

from core.hours import Rules, default_rules
from core.hours.engine import format_hhmm

PATTERN = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")

# Said when the weekly rules open on no day at all (every visit then depends on exceptions).
_NO_WEEKLY_HOURS = {"ky": "туруктуу убакыт жок", "ru": "постоянных часов нет", "en": "no regular hours"}


def weekly_hours_text(rules: dict | None, lang: str) -> str:
    """The weekly reception hours in words: "понедельник – пятница, 09:10–17:50" (days and times
    from the rules; day names and lists from CLDR via Babel)."""
    weekly = (Rules.from_dict(rules) if rules else default_rules()).weekly
    names = get_day_names("wide", context="stand-alone", locale=lang)
    groups: list[tuple[int, int, tuple]] = []
    for day, ranges in enumerate(weekly):
        if not ranges:
            continue
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == ranges:
            groups[-1] = (groups[-1][0], day, ranges)
        else:
            groups.append((day, day, ranges))
    if not groups:
        return _NO_WEEKLY_HOURS.get(lang, _NO_WEEKLY_HOURS["en"])
    parts = []
    for first, last, ranges in groups:
        days = names[first] if first == last else f"{names[first]} – {names[last]}"
        times = format_list([f"{format_hhmm(s)}–{format_hhmm(e)}" for s, e in ranges], locale=lang)
        parts.append(f"{days}, {times}")
    return "; ".join(parts)


def shortcode_values(hours_rules: dict | None) -> Callable[[str], dict[str, str]]:
    """A function lang → {short-code name: text}, computed once per language."""
    cache: dict[str, dict[str, str]] = {}

    def values(lang: str) -> dict[str, str]:
        if lang not in cache:
            cache[lang] = {"reception_hours": weekly_hours_text(hours_rules, lang)}
        return cache[lang]

    return values


KNOWN = ("reception_hours",)


def expand(text: str, values: dict[str, str]) -> str:
    """Replace every known `{{ name }}` with its value; unknown ones stay as typed."""
    if "{{" not in text:
        return text
    return PATTERN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_shortcodes(text: str) -> list[str]:
    """Short-code names in `text` that publishing cannot fill."""
    return [name for name in PATTERN.findall(text or "") if name not in KNOWN]
