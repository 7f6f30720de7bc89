"""Fill msgstr entries of the ky/ru/en catalogs from a Python file of translations.

Usage: python scripts/po_fill.py translations.py
The file defines TRANSLATIONS = {msgid: {"ky": "...", "ru": "..."}}; English copies the msgid
unless an "en" entry is given. Plural entries are keyed by the singular msgid and give a list of
forms per language, e.g. {"ru": ["%(num)s команда", "%(num)s команды", "%(num)s команд"]}.
Existing translations are kept unless --force is passed.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Merge the given translations into the catalogs and report what is still missing."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    force = "--force" in sys.argv
    table = {}
    for path in args:
        table.update(runpy.run_path(path)["TRANSLATIONS"])
    missing_total = 0
    for lang in ("ky", "ru", "en"):
        po_path = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            plural = isinstance(message.id, tuple)
            entry = table.get(message.id[0] if plural else message.id, {})
            value = entry.get(lang) or (message.id if lang == "en" else None)
            if plural and value:
                # Plural entries take one form per plural rule of the language (ru: 3, ky/en: 2).
                forms = list(value) + [value[-1]] * (catalog.num_plurals - len(value))
                value = tuple(forms[: catalog.num_plurals])
            current = message.string if plural else (message.string,)
            if value and (force or not all(current)):
                message.string = value
            message.flags.discard("fuzzy")
            strings = message.string if plural else (message.string,)
            if not all(strings):
                missing_total += 1
                print(f"{lang}: missing {message.id!r}")
        with po_path.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=True, omit_header=False)
    print(f"missing: {missing_total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
