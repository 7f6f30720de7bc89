"""The kiosk preview beside every editor: any page type, in any language and orientation, rendered by
the kiosk itself from the drafts plus what is typed but not saved (core/preview.py does the rendering).

The editors post their whole form here while staff type (JavaScript) and show the answer in a sandboxed
frame; without JavaScript the editor's "Show preview" button renders the same panel server-side, with
everything typed kept in the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, make_response, request

from core.config import LANGUAGES
from core.preview import DEFAULT_PAGE, ORIENTATIONS, PAGE_TYPES, draft_payload, page_path, render_kiosk_page


@dataclass
class PreviewPanel:
    """What the preview panel shows: the rendered page and the choices that made it."""

    html: str
    status: int
    page: str
    lang: str
    orientation: str
    url: str  # where the editor's JavaScript posts the form for a fresh preview
    pages: tuple[str, ...] = PAGE_TYPES

    @property
    def size(self) -> tuple[int, int]:
        """The kiosk screen in CSS px (width, height)."""
        return ORIENTATIONS[self.orientation]


def choices(default_page: str, default_lang: str | None = None) -> tuple[str, str, str]:
    """The page type, language and orientation asked for in the request (form or query), else defaults."""
    values = request.form if request.method == "POST" else request.args
    page = values.get("preview_page", "")
    lang = values.get("preview_lang", "")
    orientation = values.get("preview_orientation", "")
    if page not in PAGE_TYPES:
        page = default_page
    if lang not in LANGUAGES:
        lang = default_lang if default_lang in LANGUAGES else g.get("lang")
        if lang not in LANGUAGES:
            lang = current_app.config["DEFAULT_LANGUAGE"]
    if orientation not in ORIENTATIONS:
        orientation = current_app.config.get("PREVIEW_ORIENTATION", "portrait")
        if orientation not in ORIENTATIONS:
            orientation = "portrait"
    return page, lang, orientation


def build_panel(kind_key: str | None, item, typed: dict | None, url: str, *, office_hours: dict | None = None,
                default_page: str | None = None, default_lang: str | None = None) -> PreviewPanel:  # fmt: skip
    """Render the preview of the page asked for (or the item's own page) from the drafts plus `typed`."""
    page, lang, orientation = choices(default_page or DEFAULT_PAGE.get(kind_key or "", "home"), default_lang)
    payload, focus = draft_payload(kind_key, item, typed, office_hours)
    html, status = render_kiosk_page(payload, page_path(page, lang, focus))
    return PreviewPanel(html, status, page, lang, orientation, url)


def preview_response(panel: PreviewPanel):
    """The preview's HTML as the answer to the editor's background request."""
    response = make_response(panel.html, 200)
    response.mimetype = "text/html"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Preview-Status"] = str(panel.status)
    return response
