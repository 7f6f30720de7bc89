"""Search over one release: a small in-memory index per language, built once per release per process.

No database, no network and no search server at lookup time: `index_for(snapshot, lang, chain)` builds
the language's index from the release payload the process already holds (core/publishing.py caches
that per release stamp) and keeps it on the snapshot object, so a new release gets a new index and an
old one goes with its snapshot. Nothing here imports Flask.

Matching rules (issue 16), per query word against the words of the texts travellers see:
- case- and ё/е-insensitive (`normalize`); Kyrgyz letters ң ө ү are letters like any other;
- exact word, then the same stem (`stem`: a light suffix stripper for Kyrgyz and Russian endings,
  «каттоо»/«каттоодон», «регистрация»/«регистрации»), then prefix (while typing), then one typo
  (insertion, deletion, substitution or swap of two neighbours) for words of five letters or more;
- every item is ranked by how many query words it matches, then by how well and where (title above
  summary above body), weighted by how rare each word is in the release.
The result carries the matching sentence cut into (text, marked) pieces; templates escape each piece,
so staff HTML never reaches the page raw.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import ClassVar

WORD = re.compile(r"[^\W_]+")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
MAX_QUERY_WORDS = 8
MAX_QUERY_CHARS = 100
TYPO_MIN_LETTERS = 5
PREFIX_EXPANSION = 200  # words per query prefix, the most widespread first
SNIPPET_CHARS = 200

# Field weights: a word in a title says more about the item than one deep in its body.
W_TITLE, W_SUMMARY, W_CONTEXT, W_BODY = 4.0, 2.0, 1.0, 1.0
# How well a word of the text matches a word of the query.
Q_EXACT, Q_STEM, Q_PREFIX, Q_TYPO = 1.0, 0.9, 0.75, 0.6


def normalize(text: str) -> str:
    """Casefolded, ё → е (Russian writes both), everything else as it is (ң ө ү stay)."""
    return text.casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    """The normalized words (runs of letters or digits, in any script) of a text."""
    return WORD.findall(normalize(text))


def query_words(query: str) -> list[str]:
    """The words of a traveller's query, at most MAX_QUERY_WORDS, duplicates dropped."""
    seen: list[str] = []
    for word in words(query[:MAX_QUERY_CHARS]):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_WORDS]


def count_key(query: str) -> str:
    """What an anonymous search count keeps of a query: its words, lower-cased, without any word that
    holds a digit (a phone, passport or report number is nobody's business), at most 100 characters."""
    kept = [w for w in query_words(query) if not any(ch.isdigit() for ch in w)]
    return " ".join(kept)[:MAX_QUERY_CHARS].strip()


# ---- light stemmers --------------------------------------------------------------------------------

_KY_SUFFIXES = sorted(
    {
        # plural
        *"лар лер лор лөр дар дер дор дөр тар тер тор төр".split(),
        # genitive, accusative
        *"нын нин нун нүн дын дин дун дүн тын тин тун түн".split(),
        *"ны ни ну нү ды ди ду дү ты ти ту тү".split(),
        # dative, locative, ablative (also after a possessive: -ына, -ында, -ынан)
        *"га ге го гө ка ке ко кө на не но нө".split(),
        *"да де до дө та те то тө нда нде ндо ндө".split(),
        *"дан ден дон дөн тан тен тон төн нан нен нон нөн ндан нден ндон ндөн".split(),
        # "that is in/at": өлкөдөгү, шаардагы
        *"дагы деги догу дөгү тагы теги тогу төгү ндагы ндеги".split(),
        # possessive: my, your (polite), his/her/its
        *"ым им ум үм ың иң уң үң ңыз ңиз ңуз ңүз ыңыз иңиз уңуз үңүз".split(),
        *"сы си су сү ы и у ү".split(),
        # instrumental, comparative
        "менен",
        *"дай дей дой дөй тай тей той төй".split(),
    },
    key=len,
    reverse=True,
)

_RU_SUFFIXES = sorted(
    {
        # nouns
        *"а я о е ы и у ю ь й ой ей ом ем ам ям ах ях ами ями ов ев ью ия ие ии ию ий ией ием иям иях иями".split(),
        # adjectives and participles
        *"ая яя ое ее ые ие ый ий ого его ому ему ую юю ых их ым им ыми ими ою ею".split(),
        # verbs
        *"ть ать ять ить еть уть ешь ет ете ем ут ют ит ите ат ят ал ала али ало ил ила или ило ел ела ели".split(),
        # abstract nouns
        *"ость ости остью ение ения ению ением ении ений ениям ениях ание ания анию анием ании аний".split(),
    },
    key=len,
    reverse=True,
)

_EN_SUFFIXES = ("ies", "ing", "ed", "es", "s")
_MIN_STEM = 3


def _by_length(suffixes) -> tuple[tuple[int, frozenset[str]], ...]:
    """Suffixes grouped by length, longest first: a word's ending is looked up, not compared with each."""
    lengths = sorted({len(s) for s in suffixes}, reverse=True)
    return tuple((n, frozenset(s for s in suffixes if len(s) == n)) for n in lengths)


_KY_ENDINGS, _RU_ENDINGS, _EN_ENDINGS = _by_length(_KY_SUFFIXES), _by_length(_RU_SUFFIXES), _by_length(_EN_SUFFIXES)


def _strip(word: str, endings, passes: int) -> str:
    """Take off the longest known ending, up to `passes` times, leaving at least _MIN_STEM letters."""
    for _ in range(passes):
        for n, group in endings:
            if len(word) - n >= _MIN_STEM and word[-n:] in group:
                word = word[:-n]
                break
        else:
            break
    return word


def stem(word: str, lang: str) -> str:
    """A light stem: Kyrgyz case, possessive and plural endings (up to three, outermost first),
    Russian noun, adjective and verb endings (one, with a reflexive -ся/-сь before it), English -s,
    -es, -ies, -ed, -ing. Digits are kept whole. Both the texts and the query go through it."""
    if len(word) <= _MIN_STEM or word.isdigit():
        return word
    if lang == "ky":
        return _strip(word, _KY_ENDINGS, 3)
    if lang == "ru":
        if word.endswith(("ся", "сь")) and len(word) > 5:
            word = word[:-2]
        return _strip(word, _RU_ENDINGS, 1)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ss"):
        return word
    return _strip(word, _EN_ENDINGS, 1)


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    # b is one longer: skip one letter of b
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


# ---- the texts of a release ------------------------------------------------------------------------


class _TextOf(HTMLParser):
    """Plain text of sanitized HTML; block elements end a line (so a list item is a sentence)."""

    BLOCKS: ClassVar[set[str]] = {
        "p",
        "li",
        "br",
        "div",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "blockquote",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML fragment, one block per line."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.parts)


def sentences(text: str) -> list[str]:
    """Lines, then sentences; whitespace squeezed, empty ones dropped."""
    out = []
    for line in (text or "").splitlines():
        for part in SENTENCE_END.split(line):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


@dataclass
class Item:
    """One thing a search can find: an article, a topic, a hotline, the office or a department."""

    kind: str  # "article", "topic", "hotline", "office", "department"
    key: str  # article or topic slug, hotline or department key, "" for the office
    topic_slug: str
    title: str
    topic_title: str  # for an article its topic; for the others a label set by the caller's template
    summary: str
    lang: str  # the language the texts are in (another one when the page falls back)
    sentences: list[str]
    effective_from: datetime | None = None
    fields: list[tuple[float, str]] = field(default_factory=list)


def _localized(texts: dict, lang: str, chain: tuple[str, ...], required: str) -> tuple[dict, str]:
    """As core.i18n.localize (kept here so this module needs no Flask): the fields shown, and their language."""
    for candidate in (lang, *chain):
        fields = (texts or {}).get(candidate) or {}
        if (fields.get(required) or "").strip():
            return fields, candidate
    return {}, lang


def release_items(payload: dict, lang: str, chain: tuple[str, ...]) -> list[Item]:
    """Everything searchable in a release payload, in one language (with the pages' fallback)."""
    items: list[Item] = []
    for topic in payload.get("topics", []):
        t, t_lang = _localized(topic.get("texts"), lang, chain, "title")
        topic_title, topic_summary = t.get("title", ""), t.get("summary", "")
        items.append(
            Item(
                kind="topic", key=topic["slug"], topic_slug=topic["slug"], title=topic_title, topic_title="",
                summary=topic_summary, lang=t_lang, sentences=sentences(topic_summary),
                fields=[(W_TITLE, topic_title), (W_SUMMARY, topic_summary)],
            )
        )  # fmt: skip
        for article in topic.get("articles", []):
            a, a_lang = _localized(article.get("texts"), lang, chain, "title")
            title, summary = a.get("title", ""), a.get("summary", "")
            body = html_text(a.get("body_html", ""))
            starts = article.get("effective_from")
            items.append(
                Item(
                    kind="article", key=article["slug"], topic_slug=topic["slug"], title=title,
                    topic_title=topic_title, summary=summary, lang=a_lang,
                    sentences=sentences(summary) + sentences(body),
                    effective_from=datetime.fromisoformat(starts) if starts else None,
                    fields=[(W_TITLE, title), (W_SUMMARY, summary), (W_CONTEXT * 0.5, topic_title), (W_BODY, body)],
                )
            )  # fmt: skip
    for line in payload.get("hotlines", []):
        h, h_lang = _localized(line.get("texts"), lang, chain, "label")
        label, description = h.get("label", ""), h.get("description", "")
        nums = [n for n in (line.get("number"), line.get("number_abroad")) if n]
        numbers = " · ".join(nums)
        # "0312 300423" is also found as one number typed without the space.
        digits = " ".join(re.sub(r"\D", "", n) for n in nums)
        items.append(
            Item(
                kind="hotline", key=line["key"], topic_slug="", title=label, topic_title="", summary=description,
                lang=h_lang, sentences=[numbers, *sentences(description)],
                fields=[(W_TITLE, label), (W_TITLE, f"{numbers} {digits}"), (W_SUMMARY, description)],
            )
        )  # fmt: skip
    office = payload.get("office")
    if office:
        o, o_lang = _localized(office.get("texts"), lang, chain, "address")
        name, address = o.get("name", ""), o.get("address", "")
        note = html_text(o.get("reception_note_html", ""))
        items.append(
            Item(
                kind="office", key="", topic_slug="", title=name, topic_title="", summary=address, lang=o_lang,
                sentences=sentences(address) + sentences(note),
                fields=[(W_TITLE, name), (W_SUMMARY, address), (W_BODY, note)],
            )
        )  # fmt: skip
    for dep in payload.get("departments", []):
        d, d_lang = _localized(dep.get("texts"), lang, chain, "name")
        name, phone = d.get("name", ""), dep.get("phone") or ""
        items.append(
            Item(
                kind="department", key=dep["key"], topic_slug="", title=name, topic_title="", summary=phone,
                lang=d_lang, sentences=[name, phone] if phone else [name],
                fields=[(W_TITLE, name), (W_SUMMARY, phone)],
            )
        )  # fmt: skip
    return items


# ---- the index -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One result: the item, its score, and its title and best sentence cut into (text, marked) pieces."""

    item: Item
    score: float
    matched: int  # how many query words it matches
    title: tuple[tuple[str, bool], ...]
    snippet: tuple[tuple[str, bool], ...]


class SearchIndex:
    """An inverted index of one language's texts of one release."""

    def __init__(self, items: list[Item], lang: str):
        self.lang = lang
        self.items = items
        postings: dict[str, dict[int, float]] = defaultdict(dict)
        for doc, item in enumerate(items):
            for weight, text in item.fields:
                for word in words(text):
                    cell = postings[word]
                    # The best field counts, and a little more for each further mention.
                    cell[doc] = max(cell.get(doc, 0.0), weight) + 0.05
            item.fields = []  # indexed: the texts stay only as sentences, for the snippets
        self.postings = dict(postings)
        count = max(len(items), 1)
        self.idf = {w: math.log(1 + count / len(docs)) for w, docs in self.postings.items()}
        self.vocab = sorted(self.postings)
        by_stem: dict[str, list[str]] = defaultdict(list)
        for word in self.vocab:
            by_stem[stem(word, lang)].append(word)
        self.by_stem = dict(by_stem)
        # One-typo look-up without comparing against every word (the "symmetric delete" trick): two
        # stems within one edit of each other share a one-letter deletion or are one of the other's.
        near: dict[str, list[str]] = defaultdict(list)
        for s in self.by_stem:
            if len(s) >= TYPO_MIN_LETTERS - 1 and not s.isdigit():
                for d in _deletions(s):
                    near[d].append(s)
        # Most deletions lead to one stem: keep those as a 1-tuple (a list per key doubled the memory).
        self.near = {d: tuple(stems) for d, stems in near.items()}

    def _prefixed(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.vocab, prefix)
        end = bisect.bisect_left(self.vocab, prefix + "\U0010ffff")
        found = self.vocab[start:end]
        if len(found) > PREFIX_EXPANSION:
            found = sorted(found, key=lambda w: -len(self.postings[w]))[:PREFIX_EXPANSION]
        return found

    def candidates(self, q: str) -> dict[str, float]:
        """Words of the texts that a query word stands for, with how well each matches."""
        found: dict[str, float] = {}

        def add(word: str, quality: float) -> None:
            if quality > found.get(word, 0.0):
                found[word] = quality

        if q in self.postings:
            add(q, Q_EXACT)
        q_stem = stem(q, self.lang)
        for word in self.by_stem.get(q_stem, ()):
            add(word, Q_STEM)
        if len(q) >= 2 or q.isdigit():
            for word in self._prefixed(q):
                # A longer typed part is a surer sign (п… is a guess, патен… is not).
                add(word, Q_PREFIX * (0.6 + 0.4 * len(q) / len(word)))
        if len(q) >= TYPO_MIN_LETTERS and not q.isdigit():
            near = set(self.near.get(q_stem, ()))
            for d in _deletions(q_stem):
                near.update(self.near.get(d, ()))
                if d in self.by_stem:
                    near.add(d)
            for s in near:
                if s != q_stem and within_one_edit(q_stem, s):
                    for word in self.by_stem[s]:
                        add(word, Q_TYPO)
        return found

    def search(self, query: str, now: datetime | None = None, limit: int = 20) -> list[Hit]:
        """The items matching a query, best first (items not yet in effect at `now` left out)."""
        terms = query_words(query)
        if not terms:
            return []
        per_doc: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(terms))
        matched_words: dict[int, set[str]] = defaultdict(set)
        for n, q in enumerate(terms):
            for word, quality in self.candidates(q).items():
                weight = quality * self.idf[word]
                for doc, field_weight in self.postings[word].items():
                    score = weight * field_weight
                    row = per_doc[doc]
                    if score > row[n]:
                        row[n] = score
                    matched_words[doc].add(word)
        ranked = []
        for doc, row in per_doc.items():
            item = self.items[doc]
            if now is not None and item.effective_from is not None and item.effective_from > now:
                continue
            ranked.append((sum(1 for s in row if s > 0), sum(row), doc))
        if not ranked:
            return []
        best = max(r[0] for r in ranked)
        # Items that match fewer words than the best ones are noise once something matches them all.
        ranked = sorted((r for r in ranked if r[0] == best), key=lambda r: (-r[1], r[2]))[:limit]
        return [
            Hit(self.items[doc], score, cover, mark(self.items[doc].title, matched_words[doc]),
                snippet(self.items[doc], matched_words[doc]))
            for cover, score, doc in ranked
        ]  # fmt: skip

    def count(self, query: str, now: datetime | None = None) -> int:
        """How many items a query finds (for "in other languages")."""
        return len(self.search(query, now, limit=1000))


def mark(text: str, matched: set[str]) -> tuple[tuple[str, bool], ...]:
    """A text cut into pieces, the words that matched marked."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in WORD.finditer(text):
        if normalize(m.group()) in matched:
            if m.start() > at:
                pieces.append((text[at : m.start()], False))
            pieces.append((m.group(), True))
            at = m.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return tuple(pieces)


def _shorten(text: str, matched: set[str]) -> str:
    """A long sentence cut around its first matching word, so the snippet stays a few lines."""
    if len(text) <= SNIPPET_CHARS:
        return text
    first = next((m.start() for m in WORD.finditer(text) if normalize(m.group()) in matched), 0)
    start = max(0, min(first - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = start + SNIPPET_CHARS
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def snippet(item: Item, matched: set[str]) -> tuple[tuple[str, bool], ...]:
    """The sentence with the most matching words (the first such), marked; the summary when none."""
    best, best_count = None, 0
    for sentence in item.sentences:
        count = len({w for w in words(sentence) if w in matched})
        if count > best_count:
            best, best_count = sentence, count
    if best is None:  # only the title matched: the item's first sentence says what it is
        return mark(_shorten(item.sentences[0], matched), matched) if item.sentences else ()
    return mark(_shorten(best, matched), matched)


# ---- one index per release and language, per process ------------------------------------------------

_lock = threading.Lock()


def index_for(snapshot, lang: str, chain: tuple[str, ...]) -> SearchIndex:
    """The search index of a release in one language, built on first use and kept with the snapshot."""
    cache = snapshot.__dict__.setdefault("_search_indexes", {})
    key = (lang, tuple(chain))
    found = cache.get(key)
    if found is None:
        with _lock:
            found = cache.get(key)
            if found is None:
                found = cache[key] = SearchIndex(release_items(snapshot.payload, lang, chain), lang)
    return found


def build_all(snapshot, langs, chain: tuple[str, ...]) -> None:
    """Build every language's index of a release now (at load), so no traveller waits for it."""
    for lang in langs:
        index_for(snapshot, lang, chain)
