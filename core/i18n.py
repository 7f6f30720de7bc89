"""Language handling: the kiosk takes the language from the URL, never from Accept-Language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, request

LANGUAGE_NAMES = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """Locale for flask-babel: the URL's language on kiosk pages, else what the view chose."""
    languages = current_app.config["LANGUAGES"]
    lang = (request.view_args or {}).get("lang") if request else None
    if lang in languages:
        return lang
    chosen = g.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["DEFAULT_LANGUAGE"]


@dataclass(frozen=True)
class Localized:
    """One item's texts in the language shown, and whether that is a fallback."""

    fields: dict
    lang: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        """True when the requested language was missing and another one is shown."""
        return self.lang != self.requested

    def __getattr__(self, name: str) -> str:
        """Field access for templates: `item.title`."""
        try:
            return self.fields.get(name, "") or ""
        except AttributeError:  # during unpickling, fields may not exist yet
            raise AttributeError(name) from None


def localize(texts: dict, lang: str, chain: tuple[str, ...], required: str = "title") -> Localized:
    """Pick the requested language, else the first in the fallback chain that has `required`."""
    for candidate in (lang, *chain):
        fields = (texts or {}).get(candidate) or {}
        if (fields.get(required) or "").strip():
            return Localized(fields, candidate, lang)
    return Localized({}, lang, lang)
