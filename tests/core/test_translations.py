"""Interface catalogs: complete in ky, ru and en, and extraction sees every template folder."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core.config import LANGUAGES, ROOT

CATALOGS = {lang: ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po" for lang in LANGUAGES}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def extracted() -> dict[str, set[str]]:
    """msgid → set of top-level folders it was found in, using babel.cfg's mapping."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: dict[str, set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, set()).add(str(Path(filename).parent))
    return found


def load(lang: str):
    with open(CATALOGS[lang], "rb") as fh:
        return read_po(io.BytesIO(fh.read()), locale=lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(lang):
    catalog = load(lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_string_is_in_the_catalog(lang):
    catalog = load(lang)
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = sorted(set(extracted()) - known)
    assert not missing, f"run `flask --app wsgi translate update` and translate: {missing}"


def test_extraction_covers_every_template_folder():
    folders = {folder for places in extracted().values() for folder in places}
    for expected in ("kiosk/templates/kiosk", "kiosk", "core"):
        assert any(f == expected or f.startswith(expected + "/") for f in folders), expected
    for template_dir in ROOT.glob("*/templates/*"):
        if any(template_dir.glob("*.html")):
            rel = str(template_dir.relative_to(ROOT))
            assert any(f.startswith(rel) for f in folders), f"babel.cfg misses {rel}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_kiosk_speaks_each_catalog_under_its_code(client, lang):
    """/ky/ (never kg) is served in Kyrgyz from the ky catalog; likewise ru and en."""
    catalog = load(lang)
    assert str(catalog.locale) == lang, f"the {lang} catalog says it is {catalog.locale}"
    # A page below Home: it has Back and Home in its top bar (Home itself has neither).
    page = client.get(f"/{lang}/hotlines").get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    others = [load(other) for other in LANGUAGES if other != lang]
    for msgid in ("Home", "Back", "Larger text", "High contrast", "Hotlines"):
        shown = catalog[msgid].string
        assert shown and all(other[msgid].string != shown for other in others), msgid
        assert f">{shown}<" in page or f"{shown}</" in page, f"{lang}: {msgid!r} is not shown as {shown!r}"
    assert not (ROOT / "translations" / "kg").exists()
    assert client.get("/kg/").status_code == 404
