"""The term glossary (content/glossary.yaml): one word for one thing per language.

`forbidden_terms(text, lang)` finds the variants a text must not use; publishing lists them for the
changed items and asks the publisher for a reason before it goes ahead, and the glossary test runs
the same check over the starter content and the interface catalogs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from core.config import LANGUAGES, ROOT

GLOSSARY_PATH = ROOT / "content" / "glossary.yaml"


@dataclass(frozen=True)
class Term:
    """The word to use for one thing in one language, and the variants that must not appear."""

    lang: str
    term: str
    forbidden: tuple[str, ...]
    means: str = ""


@dataclass(frozen=True)
class TermProblem:
    """A forbidden variant found in a text."""

    lang: str
    found: str
    term: str


@cache
def _load(path: Path) -> dict[str, tuple[Term, ...]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for lang in LANGUAGES:
        out[lang] = tuple(
            Term(
                lang,
                str(entry["term"]),
                tuple(str(v) for v in entry.get("forbidden") or ()),
                str(entry.get("means", "")),
            )
            for entry in data.get(lang) or ()
        )
    return out


def glossary(path: Path = GLOSSARY_PATH) -> dict[str, tuple[Term, ...]]:
    """{lang: terms} from the glossary file (read once per process)."""
    return _load(path)


def forbidden_terms(text: str, lang: str, terms: dict[str, tuple[Term, ...]] | None = None) -> list[TermProblem]:
    """Every forbidden variant of `lang`'s glossary found in `text` (case-insensitive)."""
    folded = (text or "").casefold()
    found = []
    for term in (terms or glossary()).get(lang, ()):
        for variant in term.forbidden:
            if variant.casefold() in folded:
                found.append(TermProblem(lang, variant, term.term))
    return found


def item_term_problems(texts: dict) -> list[TermProblem]:
    """Forbidden variants in an item's {lang: {field: text}}, one entry per language and variant."""
    problems: list[TermProblem] = []
    for lang, fields in (texts or {}).items():
        joined = "\n".join(v for v in (fields or {}).values() if isinstance(v, str))
        for problem in forbidden_terms(joined, lang):
            if problem not in problems:
                problems.append(problem)
    return problems
