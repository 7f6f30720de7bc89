"""The sentences of a page, marked in its HTML, so the browser can play, highlight and restart them.

`split_sentences` cuts a run of text where a sentence ends ("." "!" "?" "…" followed by a space and a
capital, a digit or a quote), never after an abbreviation («ул.», "e.g.") or an initial.

`mark_html` walks a rendered page and wraps every sentence of its readable parts (the page's <main>
and its hotline bar, or the whole fragment) in `<span class="say" data-s="ID" data-a="KEY">`: the
id groups the pieces of one sentence that crosses inline tags (<strong>, <a>), the key names its
audio. Nothing else in the page changes by a single byte: tags, comments and entities are copied
as they were, so the page cache, ETags and the other tests see the same markup around the spans.

A sentence never spans two blocks: every block element, <br>, a change of `lang` (another voice),
and the few inline elements the kiosk lays out as their own lines (a tile's title and summary, a
hotline's number and label: BREAK_CLASSES) end a run. The browser test compares the result with
what Chromium shows, line by line, on every page of the release.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from core.speech.text import has_words

# --- splitting ----------------------------------------------------------------------------------

# Words after which a full stop does not end a sentence (compared lower-case, without the dot).
NO_BREAK_AFTER = {
    "ky": {"ж", "б", "көч", "мис", "ж.б", "б.а", "ж.у.с", "т.б", "мүн"},
    "ru": {"ул", "г", "д", "т", "т.е", "т.д", "т.п", "др", "пр", "им", "стр", "см", "напр", "тел", "руб",
           "обл", "р-н", "кв", "пер", "просп", "н", "ст"},
    "en": {"e.g", "i.e", "etc", "no", "st", "mr", "mrs", "ms", "dr", "tel", "approx", "vs"},
}  # fmt: skip

_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s+(\S))")
_STARTS_SENTENCE = re.compile(r"[\w«\"“„(\[—–-]")


def _word_before(text: str, end: int) -> str:
    match = re.search(r"([\w.\-]+)$", text[:end])
    return match.group(1).lower() if match else ""


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in `text`, whitespace trimmed, in order."""
    bounds = []
    start = 0
    for match in _END.finditer(text):
        next_char = match.group(1)
        stop = match.start()
        terminal = text[stop : match.end()]
        if not _STARTS_SENTENCE.match(next_char):
            continue
        if terminal.startswith(".") and not terminal.startswith(".."):
            word = _word_before(text, stop)
            initial = len(word) == 1 and text[stop - 1].isupper()
            if word in NO_BREAK_AFTER.get(lang, ()) or initial:
                continue  # «ул. Раззакова», "e.g. a visa", the initial in "А. Иванов"
            if next_char.islower():
                continue  # "т. е. что-то": a lower-case word never starts a sentence
        bounds.append((start, match.end()))
        start = match.end()
    bounds.append((start, len(text)))
    out = []
    for a, b in bounds:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


# --- marking ------------------------------------------------------------------------------------

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "label", "legend", "li", "main", "nav", "ol", "p", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "button", "img",
}  # fmt: skip
# Inline elements the kiosk's CSS lays out as lines of their own (flex and grid items, display:block).
BREAK_CLASSES = {
    "tile-title", "tile-summary", "list-title", "list-summary", "status-text", "status-more", "hotbar-number",
    "hotbar-label", "hotbar-labels", "btn-label", "more-text", "attract-service", "attract-title",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "svg", "template", "noscript", "textarea", "select", "option", "head", "title",
             "input", "object", "iframe", "canvas", "audio", "video"}  # fmt: skip
READ_REGIONS = {"main", "footer"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Sentence:
    """One marked sentence: its id on the page, language, visible text and the key of its audio."""

    id: str
    lang: str
    text: str
    key: str


KeyFor = Callable[[str, str], str]  # (visible text, lang) → audio key


@dataclass
class _Frame:
    tag: str
    lang: str
    skip: bool
    read: bool
    breaks: bool


class _Marker(HTMLParser):
    def __init__(self, lang: str, key_for: KeyFor, prefix: str, whole: bool):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.stack = [_Frame("#root", lang, False, whole, False)]
        self.key_for = key_for
        self.prefix = prefix
        self.count = 0
        self.sentences: list[Sentence] = []
        self.run: list[tuple[int, str, str]] = []  # (index in out, raw, text) of the current run
        self.run_lang = lang

    # -- structure ---------------------------------------------------------------------------------

    def _attrs(self, attrs) -> dict:
        return {name: (value or "") for name, value in attrs}

    def _open(self, tag: str, attrs, raw: str, void: bool) -> None:
        top = self.stack[-1]
        found = self._attrs(attrs)
        classes = set(found.get("class", "").split())
        lang = found.get("lang") or top.lang
        skip = (
            top.skip
            or tag in SKIP_TAGS
            # Hidden for good, unless the page's script shows it (js-only: the report flow's Next button);
            # the player itself leaves out whatever is not visible when it reads.
            or ("hidden" in found and "js-only" not in classes)
            or found.get("aria-hidden") == "true"
            or "data-say-skip" in found
        )
        breaks = tag in BLOCK_TAGS or bool(classes & BREAK_CLASSES) or lang != top.lang
        if breaks or skip != top.skip:
            self._flush()
        self.out.append(raw)
        if not void:
            self.stack.append(_Frame(tag, lang, skip, top.read or tag in READ_REGIONS, breaks))

    def handle_starttag(self, tag, attrs):
        self._open(tag, attrs, self.get_starttag_text() or "", tag in VOID_TAGS)

    def handle_startendtag(self, tag, attrs):
        self._open(tag, attrs, self.get_starttag_text() or "", True)

    def handle_endtag(self, tag):
        if any(frame.tag == tag for frame in self.stack[1:]):
            while True:
                frame = self.stack.pop()
                if frame.breaks or frame.skip != self.stack[-1].skip:
                    self._flush()
                if frame.tag == tag:
                    break
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self._text(data, data)

    def handle_entityref(self, name):
        raw = f"&{name};"
        self._text(raw, unescape(raw))

    def handle_charref(self, name):
        raw = f"&#{name};"
        self._text(raw, unescape(raw))

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")

    def _text(self, raw: str, text: str) -> None:
        top = self.stack[-1]
        self.out.append(raw)
        if top.read and not top.skip:
            if not self.run:
                self.run_lang = top.lang
            self.run.append((len(self.out) - 1, raw, text))

    # -- sentences ---------------------------------------------------------------------------------

    def _flush(self) -> None:
        run, self.run = self.run, []
        if not run:
            return
        text = "".join(piece[2] for piece in run)
        ranges = [(a, b) for a, b in split_sentences(text, self.run_lang) if has_words(text[a:b])]
        if not ranges:
            return
        ids = []
        for a, b in ranges:
            self.count += 1
            sentence_id = f"{self.prefix}{self.count}"
            visible = " ".join(text[a:b].split())
            key = self.key_for(visible, self.run_lang)
            self.sentences.append(Sentence(sentence_id, self.run_lang, visible, key))
            ids.append((a, b, sentence_id, key))
        offset = 0
        segment: list[tuple[int, str, str]] = []
        for piece in run:
            if segment and piece[0] != segment[-1][0] + 1:
                offset = self._wrap_segment(segment, offset, ids)
                segment = []
            segment.append(piece)
        self._wrap_segment(segment, offset, ids)

    def _wrap_segment(self, segment: list[tuple[int, str, str]], offset: int, ids) -> int:
        """Rewrite pieces that follow each other in the output (no tag between them) as one string
        with a span around each sentence's part; an entity is never cut. Returns the offset after."""
        parts: list[str] = []
        current = None  # (id, key) of the span open in `parts`

        def switch(target) -> None:
            nonlocal current
            if target == current:
                return
            if current is not None:
                parts.append("</span>")
            if target is not None:
                parts.append(f'<span class="say" data-s="{target[0]}" data-a="{target[1]}">')
            current = target

        starts = [a for a, _b, _id, _key in ids]

        def owner(at: int):
            n = bisect_right(starts, at) - 1
            if n >= 0 and at < ids[n][1]:
                return (ids[n][2], ids[n][3])
            return None

        def next_edge(at: int) -> int:
            # The first offset after `at` where the owner can change: a sentence's start or end.
            n = bisect_right(starts, at)
            edge = starts[n] if n < len(starts) else 1 << 62
            m = n - 1
            if m >= 0 and at < ids[m][1]:
                edge = min(edge, ids[m][1])
            return edge

        for _index, raw, piece in segment:
            end = offset + len(piece)
            if raw != piece:
                switch(owner(offset))
                parts.append(raw)
            else:
                at = offset
                while at < end:
                    stop = min(end, next_edge(at))
                    switch(owner(at))
                    parts.append(piece[at - offset : stop - offset])
                    at = stop
            offset = end
        switch(None)
        self.out[segment[0][0]] = "".join(parts)
        for index, _raw, _piece in segment[1:]:
            self.out[index] = ""
        return offset

    def finish(self) -> str:
        self.close()
        self._flush()
        return "".join(self.out)


def mark_html(
    html: str, lang: str, key_for: KeyFor, *, prefix: str = "s", whole: bool = False
) -> tuple[str, list[Sentence]]:
    """Wrap every sentence of the readable parts of `html` (all of it with `whole`) in a span.

    Returns the marked HTML and the sentences in reading order."""
    marker = _Marker(lang, key_for, prefix, whole)
    marker.feed(html)
    marked = marker.finish()
    return marked, marker.sentences


def fragment_prefix(html: str) -> str:
    """Sentence ids for a fragment filled in after the page was cached ("open now"): unique per
    wording, so they never collide with the page's own "s1", "s2"…"""
    return "f" + hashlib.sha1(html.encode("utf-8")).hexdigest()[:6] + "-"
