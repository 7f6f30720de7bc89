"""Markdown to safe HTML: everything staff write passes through here before a kiosk shows it."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

# Raw HTML in Markdown is switched off at the parser, and nh3 cleans the output anyway,
# so a <script>, an onerror= or a javascript: URL can never reach a kiosk.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "br", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "hr", "code",
}  # fmt: skip


def _only_internal_links(tag: str, attr: str, value: str) -> str | None:
    """Keep hrefs that stay inside the app: a kiosk must never lead a traveller away."""
    if tag == "a" and attr == "href":
        if value.startswith("/") and not value.startswith("//"):
            return value
        return None
    return value


def render_markdown(text: str) -> str:
    """Render staff Markdown to sanitized HTML."""
    html = _md.render(text or "")
    return sanitize_html(html)


def sanitize_html(html: str) -> str:
    """Clean any HTML down to the small set of tags the kiosk styles."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        attribute_filter=_only_internal_links,
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
