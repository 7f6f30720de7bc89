"""Search speed, printed as figures (nothing here asserts):

1. how long building the three search indexes of a release of N articles × 3 languages takes (what a
   process adds when it loads a new release: core.publishing.current_snapshot → core.search.build_all);
2. lookup time per query (p50, p99, max) in each language, for queries as a traveller types them:
   every prefix of real words letter by letter, whole words with other endings, one-typo words,
   two-word queries and words that are nowhere.

The release is synthetic but not repetitive: the starter content's sentences (content/*.yaml) mixed
with made-up words from each language's alphabet, so the vocabulary is about as large as a real
release of that size (tens of thousands of distinct words per language). The lookup is the same code
on every role (the terminal serves the kiosk from the same in-process index), so it is timed in-process.

Run: .venv/bin/python bench/search.py [--articles 500] [--queries 3000] [--seed 16]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.publishing import canonical_json  # noqa: E402
from core.rendering import render_markdown  # noqa: E402
from core.search import SearchIndex, release_items  # noqa: E402
from core.starter_content import load_starter_content  # noqa: E402

LANGS = ("ky", "ru", "en")
CHAIN = ("ru", "ky", "en")
ALPHABET = {
    "ky": ("бвгджзклмнпрстчш", "аеиоуыөүэ", ("лар", "дын", "га", "да", "дан", "ны", "ңыз", "сы", "")),
    "ru": ("бвгджзклмнпрстфхцчш", "аеиоуыэюя", ("ами", "ов", "ой", "ем", "ия", "ии", "а", "ы", "")),
    "en": ("bcdfghjklmnprstvwz", "aeiou", ("s", "ing", "ed", "er", "tion", "")),
}

# The README's budget for building the three indexes of a 500 × 3 release (seconds).
BUILD_BUDGET_S = 3.0


def made_up_word(rng: random.Random, lang: str) -> str:
    """A pronounceable word of 2–4 syllables, sometimes with an ending of the language."""
    consonants, vowels, endings = ALPHABET[lang]
    stem = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
    return stem + rng.choice(endings)


def starter_sentences() -> dict[str, list[str]]:
    """Every sentence of the starter content, per language."""
    content = load_starter_content()
    found = {lang: [] for lang in LANGS}
    items = [*content["topics"], *content.get("hotlines", []), *content.get("departments", [])]
    items += [a for t in content["topics"] for a in t.get("articles", [])]
    for item in items:
        for lang in LANGS:
            for text in (item.get("texts") or {}).get(lang, {}).values():
                found[lang].extend(s.strip() for s in text.replace("\n", " ").split(". ") if len(s.strip()) > 20)
    return found


def synthetic_payload(articles: int, rng: random.Random) -> dict:
    """A release payload of `articles` articles in 3 languages, about 2 KB of body each."""
    sentences = starter_sentences()
    vocab = {lang: [made_up_word(rng, lang) for _ in range(40000)] for lang in LANGS}

    def paragraph(lang: str, n: int) -> str:
        out = []
        for _ in range(n):
            sentence = rng.choice(sentences[lang]).split()
            for _ in range(rng.randint(1, 4)):
                sentence.insert(rng.randrange(len(sentence) + 1), rng.choice(vocab[lang]))
            out.append(" ".join(sentence).rstrip(".") + ".")
        return " ".join(out)

    topics = []
    per_topic = 20
    for t in range((articles + per_topic - 1) // per_topic):
        topic = {
            "slug": f"topic-{t}",
            "texts": {lang: {"title": paragraph(lang, 1)[:40], "summary": paragraph(lang, 1)} for lang in LANGS},
            "articles": [],
        }
        for a in range(min(per_topic, articles - t * per_topic)):
            texts = {}
            for lang in LANGS:
                body = "\n\n".join(["## " + paragraph(lang, 1)[:50], paragraph(lang, 6), "- " + paragraph(lang, 1),
                                    "- **" + paragraph(lang, 1) + "**", paragraph(lang, 6)])  # fmt: skip
                texts[lang] = {"title": paragraph(lang, 1)[:60], "summary": paragraph(lang, 1),
                               "body_html": render_markdown(body)}  # fmt: skip
            topic["articles"].append({"slug": f"article-{a}", "texts": texts})
        topics.append(topic)
    hotlines = [{"key": "migration", "number": "189", "texts": {lang: {"label": "189"} for lang in LANGS}}]
    return {"format": 1, "topics": topics, "hotlines": hotlines, "office": None, "departments": []}


def traveller_queries(index: SearchIndex, rng: random.Random, count: int) -> list[str]:
    """Queries as typed: prefixes letter by letter, endings, typos, two words, and words that are nowhere."""
    vocab = [w for w in index.vocab if len(w) >= 4 and not w.isdigit()]
    queries: list[str] = []
    while len(queries) < count:
        word = rng.choice(vocab)
        kind = rng.random()
        if kind < 0.4:  # typing it, one letter at a time
            queries.extend(word[:n] for n in range(1, len(word) + 1))
        elif kind < 0.55:  # another ending
            queries.append(word[:-2] + rng.choice(["ов", "дан", "ing", "ой", "ны"]))
        elif kind < 0.75:  # one typo
            i = rng.randrange(len(word))
            queries.append(word[:i] + rng.choice("аеоиуыөүaeiou") + word[i + 1 :])
        elif kind < 0.9:  # two words
            queries.append(f"{word} {rng.choice(vocab)[: rng.randint(2, 8)]}")
        else:  # nowhere
            queries.append("щщ" + word[::-1])
    return queries[:count]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--queries", type=int, default=3000, help="per language")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    started = time.perf_counter()
    payload = json.loads(canonical_json(synthetic_payload(args.articles, rng)))
    made = time.perf_counter() - started
    size = len(canonical_json(payload).encode())
    print(f"Synthetic release: {args.articles} articles × 3 languages, {size / 1024 / 1024:.1f} MB payload "
          f"(made in {made:.1f} s)")  # fmt: skip

    builds = []
    for _ in range(3):
        t0 = time.perf_counter()
        indexes = {lang: SearchIndex(release_items(payload, lang, CHAIN), lang) for lang in LANGS}
        builds.append(time.perf_counter() - t0)
    vocab = ", ".join(f"{lang} {len(indexes[lang].vocab):,} words" for lang in LANGS)
    print(f"1. Index build, three languages: median {statistics.median(builds) * 1000:.0f} ms "
          f"of 3 (min {min(builds) * 1000:.0f} ms); vocabulary: {vocab}")  # fmt: skip
    verdict = "within" if statistics.median(builds) <= BUILD_BUDGET_S else "OVER"
    print(f"   budget (README, 500 × 3 on a 2-core terminal): {BUILD_BUDGET_S:.0f} s: {verdict}")

    tracemalloc.start()
    kept = {lang: SearchIndex(release_items(payload, lang, CHAIN), lang) for lang in LANGS}
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    print(f"   memory held by the three indexes: about {held / 1024 / 1024:.0f} MB per process")

    print(f"2. Lookup, {args.queries} traveller-style queries per language:")
    for lang in LANGS:
        index = indexes[lang]
        queries = traveller_queries(index, rng, args.queries)
        for q in queries[:50]:  # warm-up
            index.search(q)
        times, empty = [], 0
        for q in queries:
            t0 = time.perf_counter()
            hits = index.search(q)
            times.append((time.perf_counter() - t0) * 1000)
            empty += not hits
        print(f"   {lang}: p50 {percentile(times, 50):.2f} ms, p99 {percentile(times, 99):.2f} ms, "
              f"max {max(times):.2f} ms; {empty} of {len(queries)} found nothing")  # fmt: skip


if __name__ == "__main__":
    main()
