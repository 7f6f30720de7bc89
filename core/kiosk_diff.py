"""What travellers will read differently: a before/after of rendered kiosk text, word by word.

The inputs are release payload texts: plain fields as typed (short-codes filled) and Markdown fields
already rendered to sanitized HTML (`body_html`). Both are reduced to the paragraphs a kiosk shows
(a heading, a paragraph, a list item, a table cell), so staff compare what travellers read, never
Markdown source. The output is HTML built here from escaped text: only <p>, <ins>, <del> and <span>
are ever produced, so nothing staff typed can inject markup into the admin page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup

# Elements whose text a kiosk shows as one block (a paragraph of the comparison).
BLOCKS = {"p", "h2", "h3", "h4", "li", "th", "td", "blockquote"}
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


class _Blocks(HTMLParser):
    """Collects (tag, text) per block element of sanitized kiosk HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            if self._stack:  # a paragraph inside a list item: end the text gathered so far
                self._flush(keep_open=True)
            self._stack.append((tag, []))
        elif tag == "br" and self._stack:
            self._stack[-1][1].append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCKS and self._stack and self._stack[-1][0] == tag:
            self._flush()

    def handle_data(self, data):
        if self._stack:
            self._stack[-1][1].append(data)
        elif data.strip():
            self.blocks.append(("p", data))

    def _flush(self, keep_open: bool = False):
        tag, parts = self._stack[-1]
        text = " ".join("".join(parts).split())
        if text:
            self.blocks.append((tag, text))
        if keep_open:
            self._stack[-1] = (tag, [])
        else:
            self._stack.pop()


def html_blocks(html: str) -> list[tuple[str, str]]:
    """The blocks of text a kiosk shows for sanitized HTML, as (tag, text)."""
    parser = _Blocks()
    parser.feed(html or "")
    parser.close()
    while parser._stack:
        parser._flush()
    return parser.blocks


def text_blocks(text: str) -> list[tuple[str, str]]:
    """The paragraphs of a plain text field (blank lines separate them)."""
    paragraphs = re.split(r"\n\s*\n", (text or "").strip())
    return [("p", " ".join(p.split())) for p in paragraphs if p.strip()]


@dataclass(frozen=True)
class BlockChange:
    """One paragraph as it reads now and as it will read, changed words marked."""

    tag: str
    before: Markup  # empty when the paragraph is new
    after: Markup  # empty when the paragraph goes away


def _words(old: str, new: str) -> tuple[Markup, Markup]:
    """Both sides of a changed paragraph: removed words in <del> on the left, added in <ins> on the right."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(gone)
            right.append(came)
            continue
        if gone:
            left.append(f"<del>{gone}</del>")
        if came:
            right.append(f"<ins>{came}</ins>")
    return Markup("".join(left)), Markup("".join(right))


def block_changes(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[BlockChange]:
    """The paragraphs that differ between two versions, in reading order (unchanged ones left out)."""
    out = []
    matcher = SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        gone, came = old[i1:i2], new[j1:j2]
        for index in range(max(len(gone), len(came))):
            if index < len(gone) and index < len(came):
                before, after = _words(gone[index][1], came[index][1])
                out.append(BlockChange(came[index][0], before, after))
            elif index < len(gone):
                out.append(BlockChange(gone[index][0], Markup("<del>%s</del>") % gone[index][1], Markup("")))
            else:
                out.append(BlockChange(came[index][0], Markup(""), Markup("<ins>%s</ins>") % came[index][1]))
    return out


def field_blocks(name: str, value: str) -> list[tuple[str, str]]:
    """The blocks of one payload field: rendered HTML fields (`*_html`) or plain text."""
    return html_blocks(value) if name.endswith("_html") else text_blocks(value)
