"""Kiosk search (issue 16): `/<lang>/search?q=…` over the current release, in the page's language.

Works without JavaScript (a GET form, the whole page answered); with it, search.js asks for the results
part only (`&part=results`) as the traveller types, and replaces it in place. The lookup uses the index
core/search.py built when this process loaded the release: no database, no network. The page is
`no-store`, so a traveller's words stay neither in the browser's cache nor in the offline cache.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _

from core.fleet.state import is_terminal, ordered_first, terminal_settings
from core.reception import reception_now
from core.search import MAX_QUERY_CHARS, index_for, query_words
from kiosk import bp
from kiosk.views import _chain, _require_snapshot

MAX_RESULTS = 20
SUGGESTED_TOPICS = 4
POPULAR_SECONDS = 600


def _result_link(lang: str, item) -> str:
    if item.kind == "article":
        return url_for("kiosk.article", lang=lang, topic_slug=item.topic_slug, slug=item.key)
    if item.kind == "topic":
        return url_for("kiosk.topic", lang=lang, slug=item.key)
    if item.kind == "hotline":
        return url_for("kiosk.hotlines", lang=lang)
    return url_for("kiosk.office", lang=lang)


def _where(item) -> str:
    """What a result is, shown above its title: the article's topic, or the kind of page."""
    if item.kind == "article":
        return item.topic_title
    return {
        "topic": _("Topic"),
        "hotline": _("Hotlines"),
        "office": _("Office and reception hours"),
        "department": _("Departments"),
    }[item.kind]


def _popular_slugs(lang: str) -> list[str]:
    """The most-read topics in this language: on central, from the fleet's usage counts of the last
    30 days (read at most every ten minutes per process); on a terminal, the order its operators set
    for Home (it keeps no counts of its own once they are sent)."""
    if is_terminal():
        return list(terminal_settings().get("topic_order") or [])
    cache = current_app.extensions.setdefault("search_popular", {})
    now = reception_now()
    found = cache.get(lang)
    if found and now - found[0] < timedelta(seconds=POPULAR_SECONDS):
        return found[1]
    from core.fleet.usage import top_topics

    try:
        slugs = top_topics(lang, now.date() - timedelta(days=30), now.date(), SUGGESTED_TOPICS)
    except Exception:  # the suggestions are a courtesy: never a reason for the page to fail
        current_app.logger.exception("could not read the most-read topics")
        slugs = []
    cache[lang] = (now, slugs)
    return slugs


def _suggestions(snapshot, lang: str, now) -> dict:
    topics = ordered_first(snapshot.topics(lang, _chain(), now), _popular_slugs(lang))[:SUGGESTED_TOPICS]
    return {"hotlines": snapshot.hotlines(lang, _chain()), "topics": topics}


@bp.get("/<lang>/search")
def search(lang: str):
    """Search the current release; results as one types, suggestions when nothing is found."""
    snapshot = _require_snapshot()
    now = reception_now()
    q = " ".join(request.args.get("q", "").split())[:MAX_QUERY_CHARS]
    hits, others, suggestions = [], [], None
    if q:
        hits = index_for(snapshot, lang, _chain()).search(q, now, limit=MAX_RESULTS)
        if not hits:
            suggestions = _suggestions(snapshot, lang, now)
            for code in current_app.config["LANGUAGES"]:
                if code != lang:
                    count = index_for(snapshot, code, _chain()).count(q, now)
                    others.append({"lang": code, "count": count, "url": url_for("kiosk.search", lang=code, q=q)})
    # Nothing has every word, but some pages have some of them: say so above those.
    partial = bool(hits) and hits[0].matched < len(query_words(q))
    results = [{"hit": hit, "url": _result_link(lang, hit.item), "where": _where(hit.item)} for hit in hits]
    context = {"q": q, "results": results, "partial": partial, "others": others, "suggestions": suggestions}
    if q:  # the language buttons keep the words (the same search in that language)
        languages = current_app.config["LANGUAGES"]
        context["lang_switch"] = {code: url_for("kiosk.search", lang=code, q=q) for code in languages}
    template = "kiosk/_search_results.html" if request.args.get("part") == "results" else "kiosk/search.html"
    response = current_app.make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    return response
