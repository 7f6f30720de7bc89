"""The term glossary holds over the starter content and the ky/ru/en interface catalogs, and the
content files say no reception time of their own (they use the {{ reception_hours }} short-code)."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po

from core.config import LANGUAGES, ROOT
from core.glossary import GLOSSARY_PATH, forbidden_terms, glossary
from core.shortcodes import unknown_shortcodes
from core.starter_content import CONTENT_DIR, load_starter_content

CATALOGS = {lang: ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po" for lang in LANGUAGES}


def content_items(content: dict) -> list[tuple[str, dict]]:
    """(label, {lang: {field: text}}) for every item of a loaded content folder."""
    items = []
    for topic in content["topics"]:
        items.append((f"topic {topic['slug']}", topic["texts"]))
        items += [(f"article {topic['slug']}/{a['slug']}", a["texts"]) for a in topic["articles"]]
    items += [(f"hotline {h['key']}", h["texts"]) for h in content["hotlines"]]
    items += [(f"department {d['key']}", d["texts"]) for d in content["departments"]]
    items.append(("office", content["office"]["texts"]))
    return items


def content_problems(root: Path) -> list[str]:
    """Every forbidden glossary variant in the content folder at `root`, per item and language."""
    problems = []
    for label, texts in content_items(load_starter_content(root)):
        for lang, fields in texts.items():
            for problem in forbidden_terms("\n".join(fields.values()), lang):
                problems.append(f"{label} [{lang}]: «{problem.found}» → «{problem.term}»")
    return problems


def catalog_problems(paths: dict[str, Path]) -> list[str]:
    """Every forbidden glossary variant in the translations of the given catalogs."""
    problems = []
    for lang, path in paths.items():
        catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for problem in forbidden_terms("\n".join(strings), lang):
                problems.append(f"{lang} {message.id!r}: «{problem.found}» → «{problem.term}»")
    return problems


def test_glossary_requires_ysyk_liniya_and_forbids_yshkyn():
    terms = {t.term: t.forbidden for t in glossary()["ky"]}
    assert "ышкын" in terms["ысык линия"] and "ишеним телефон" in terms["ысык линия"]
    assert all(glossary()[lang] for lang in LANGUAGES)


def test_starter_content_uses_no_forbidden_variant():
    assert content_problems(CONTENT_DIR) == []


def test_catalogs_use_no_forbidden_variant():
    assert catalog_problems(CATALOGS) == []


def test_one_kyrgyz_term_for_hotline_in_kiosk_and_admin():
    catalog = read_po(io.BytesIO(CATALOGS["ky"].read_bytes()), locale="ky")
    by_id = {m.id: m.string for m in catalog if isinstance(m.id, str)}
    assert by_id["Hotlines"] == "Ысык линиялар" and by_id["Hotline"] == "Ысык линия"
    hotline_ids = [i for i in by_id if "hotline" in i.lower() and "work-abroad, hotlines" not in i]
    assert hotline_ids and all("ысык линия" in by_id[i].casefold() for i in hotline_ids), hotline_ids
    labels = [texts["ky"]["label"] for _label, texts in content_items(load_starter_content()) if "label" in texts["ky"]]
    assert labels and all("ысык линия" in label.casefold() for label in labels)


def test_the_check_fails_when_a_forbidden_variant_is_added(tmp_path):
    """The same checks, over copies with one forbidden word slipped in: both must report it."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    hotline = copy / "hotlines" / "migration.yaml"
    hotline.write_text(hotline.read_text(encoding="utf-8").replace("ысык линия", "ышкын линия"), encoding="utf-8")
    assert any("hotline migration [ky]: «ышкын»" in p for p in content_problems(copy))

    po = tmp_path / "ky.po"
    text = CATALOGS["ky"].read_text(encoding="utf-8").replace('msgstr "Ысык линиялар"', 'msgstr "Ишеним телефондору"')
    po.write_text(text, encoding="utf-8")
    assert any("'Hotlines'" in p and "ишеним телефондору" in p.casefold() for p in catalog_problems({"ky": po}))


TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")


def test_no_content_text_types_a_reception_time():
    """Times come from the hours engine through {{ reception_hours }}, never typed into a text."""
    typed = []
    for label, texts in content_items(load_starter_content()):
        for lang, fields in texts.items():
            for name, text in fields.items():
                if TIME.search(text):
                    typed.append(f"{label} [{lang}] {name}: {TIME.search(text).group(0)}")
    assert typed == []


def test_content_uses_only_short_codes_publishing_can_fill():
    used, unknown = 0, []
    for label, texts in content_items(load_starter_content()):
        for fields in texts.values():
            for text in fields.values():
                used += text.count("{{")
                unknown += [f"{label}: {name}" for name in unknown_shortcodes(text)]
    assert used > 0 and unknown == []


def test_glossary_file_sits_beside_the_content():
    assert GLOSSARY_PATH.parent == CONTENT_DIR and GLOSSARY_PATH.is_file()
