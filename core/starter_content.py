"""Starter content read from the plain files in the top-level `content/` folder.

Translators and lawyers review and diff those files; `core.seed` loads what they say. One YAML
file per item, every language side by side (see content/README.md for the format):

    content/topics/<topic>.yaml            topic: icon, sort, needs_review, ky/ru/en title and summary
    content/articles/<topic>/<slug>.yaml   article: sort, needs_review, ky/ru/en title, summary, body
    content/hotlines/<key>.yaml            hotline: number, number_abroad, sort, ky/ru/en label, description
    content/departments/<key>.yaml         department: sort, phone, ky/ru/en name
    content/office.yaml                    the office: windows, ky/ru/en name, address, reception_note

The result has the shape `core.seed.seed_content` takes (the shape the old Python dict had).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from core.config import LANGUAGES, ROOT

CONTENT_DIR = ROOT / "content"

# Keys of a file that are not per-language texts.
_TEXT_KEYS = set(LANGUAGES)


class ContentFileError(ValueError):
    """A content file is missing, unreadable or lacks a required key (named in the message)."""


def _read(path: Path) -> dict:
    """One YAML file as a dict, with a clear error naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ContentFileError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise ContentFileError(f"{path}: expected a mapping of keys to values")
    return data


def _item(path: Path, required: tuple[str, ...], text_fields: tuple[str, ...]) -> dict:
    """The item's fields plus `texts` = {lang: {field: text}}; every language must have every field."""
    data = _read(path)
    for key in required:
        if key not in data:
            raise ContentFileError(f"{path}: missing key {key!r}")
    texts = {}
    for lang in LANGUAGES:
        fields = data.get(lang) or {}
        if not isinstance(fields, dict):
            raise ContentFileError(f"{path}: {lang} must hold {', '.join(text_fields)}")
        texts[lang] = {name: str(fields.get(name) or "") for name in text_fields}
    item = {k: v for k, v in data.items() if k not in _TEXT_KEYS}
    item["texts"] = texts
    item.setdefault("needs_review", False)
    return item


def load_starter_content(root: Path = CONTENT_DIR) -> dict:
    """Read every content file under `root` into the seed's dict shape."""
    topics = []
    for path in sorted((root / "topics").glob("*.yaml")):
        topic = _item(path, ("icon", "sort"), ("title", "summary"))
        topic["slug"] = path.stem
        articles = []
        for article_path in sorted((root / "articles" / path.stem).glob("*.yaml")):
            article = _item(article_path, ("sort",), ("title", "summary", "body"))
            article["slug"] = article_path.stem
            articles.append(article)
        topic["articles"] = sorted(articles, key=lambda a: (a["sort"], a["slug"]))
        topics.append(topic)
    hotlines = []
    for path in sorted((root / "hotlines").glob("*.yaml")):
        hotline = _item(path, ("number", "sort"), ("label", "description"))
        hotline["key"] = path.stem
        hotline["number"] = str(hotline["number"])
        hotline["number_abroad"] = str(hotline.get("number_abroad") or "")
        hotlines.append(hotline)
    departments = []
    for path in sorted((root / "departments").glob("*.yaml")):
        department = _item(path, ("sort",), ("name",))
        department["key"] = path.stem
        departments.append(department)
    office = _item(root / "office.yaml", ("windows",), ("name", "address", "reception_note"))
    return {
        "topics": sorted(topics, key=lambda t: (t["sort"], t["slug"])),
        "hotlines": sorted(hotlines, key=lambda h: (h["sort"], h["key"])),
        "office": office,
        "departments": sorted(departments, key=lambda d: (d["sort"], d["key"])),
    }


def starter_files() -> list[Path]:
    """Every content file (for checks that read the texts, such as the glossary test)."""
    return sorted(p for p in CONTENT_DIR.rglob("*.yaml") if p.name != "glossary.yaml")
