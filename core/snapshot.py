"""Read-only view of one release's payload, shaped for the kiosk templates."""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime

from core.i18n import Localized, localize


@dataclass(frozen=True)
class TopicView:
    """A topic in one language."""

    slug: str
    icon: str
    text: Localized
    articles: list[ArticleView] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleView:
    """An article in one language; `text.body_html` is sanitized HTML."""

    slug: str
    topic_slug: str
    text: Localized
    # When content staff last checked it (shown under the article as "Checked: <date>").
    checked_on: date | None = None


@dataclass(frozen=True)
class HotlineView:
    """A hotline in one language."""

    key: str
    number: str
    number_abroad: str
    hours: dict | None
    text: Localized

    @property
    def tel(self) -> str:
        """The number as a tel: URI target (digits and a leading +)."""
        return tel_uri(self.number)

    @property
    def tel_abroad(self) -> str:
        """The from-abroad number as a tel: URI target, or empty."""
        return tel_uri(self.number_abroad) if self.number_abroad else ""


def tel_uri(number: str) -> str:
    """`tel:` URI for a number as written on the kiosk ("0312 300423" → "tel:0312300423")."""
    keep = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return f"tel:{keep}"


class Snapshot:
    """The parsed payload of a release plus its number, hash and date."""

    def __init__(self, payload: dict, number: int, content_hash: str, created_at: datetime):
        self.payload = payload
        self.number = number
        self.content_hash = content_hash
        self.created_at = created_at

    @classmethod
    def from_release(cls, release) -> Snapshot:
        """Build from a Release row (or anything with the same attributes)."""
        return cls(json.loads(release.payload), release.number, release.content_hash, release.created_at)

    def visibility_key(self, now: datetime) -> int:
        """How many dated articles have taken effect by `now`: pages change exactly when this does."""
        if not hasattr(self, "_effective_times"):
            self._effective_times = sorted(
                datetime.fromisoformat(a["effective_from"])
                for t in self.payload.get("topics", [])
                for a in t.get("articles", [])
                if a.get("effective_from")
            )
        return bisect_right(self._effective_times, now)

    @staticmethod
    def _visible(article: dict, now: datetime) -> bool:
        starts = article.get("effective_from")
        return not starts or datetime.fromisoformat(starts) <= now

    def topics(self, lang: str, chain: tuple[str, ...], now: datetime) -> list[TopicView]:
        """All topics with their articles that are in effect at `now`."""
        return [self._topic(t, lang, chain, now) for t in self.payload.get("topics", [])]

    def _topic(self, raw: dict, lang: str, chain: tuple[str, ...], now: datetime) -> TopicView:
        articles = [
            ArticleView(
                a["slug"],
                raw["slug"],
                localize(a["texts"], lang, chain),
                date.fromisoformat(a["checked_on"]) if a.get("checked_on") else None,
            )
            for a in raw.get("articles", [])
            if self._visible(a, now)
        ]
        return TopicView(raw["slug"], raw.get("icon", "document"), localize(raw["texts"], lang, chain), articles)

    def topic(self, slug: str, lang: str, chain: tuple[str, ...], now: datetime) -> TopicView | None:
        """One topic by slug, or None."""
        for raw in self.payload.get("topics", []):
            if raw["slug"] == slug:
                return self._topic(raw, lang, chain, now)
        return None

    def hotlines(self, lang: str, chain: tuple[str, ...]) -> list[HotlineView]:
        """Hotlines in display order."""
        return [
            HotlineView(
                h["key"], h["number"], h.get("number_abroad", ""), h.get("hours"),
                localize(h["texts"], lang, chain, required="label"),
            )
            for h in self.payload.get("hotlines", [])
        ]  # fmt: skip

    def office(self, lang: str, chain: tuple[str, ...]) -> tuple[dict, Localized] | None:
        """The office's data and its texts in one language."""
        raw = self.payload.get("office")
        if not raw:
            return None
        return raw, localize(raw["texts"], lang, chain, required="address")

    def departments(self, lang: str, chain: tuple[str, ...]) -> list[tuple[dict, Localized]]:
        """Departments in display order with their names in one language."""
        return [(d, localize(d["texts"], lang, chain, required="name")) for d in self.payload.get("departments", [])]

    def page_paths(self, lang: str, now: datetime) -> list[str]:
        """Every kiosk page path of this release in one language (for crawling and precaching)."""
        paths = [f"/{lang}/", f"/{lang}/hotlines", f"/{lang}/office"]
        for raw in self.payload.get("topics", []):
            paths.append(f"/{lang}/topics/{raw['slug']}")
            paths.extend(
                f"/{lang}/topics/{raw['slug']}/{a['slug']}" for a in raw.get("articles", []) if self._visible(a, now)
            )
        return paths
