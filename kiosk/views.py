"""Kiosk pages: language screen, home, topics, articles, hotlines, office."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import segno
from flask import Response, abort, current_app, g, make_response, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from core.fleet.state import is_terminal, offline_cache_enabled, ordered_first, sync_notice_since, terminal_settings
from core.hours import TZ, Schedule
from core.i18n import LANGUAGE_NAMES
from core.publishing import current_snapshot
from core.reception import reception_now, schedule_for, status_line, week_table
from kiosk import bp

# Shown only if no release exists yet, so a traveller always sees where to call.
FALLBACK_HOTLINES = (("189", "tel:189"), ("0312 300423", "tel:0312300423"))


def qr_svg(data: str, label: str) -> Markup:
    """A QR code as inline SVG, drawn on the server (no external service)."""
    svg = segno.make(data, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff", title=label)
    return Markup(svg)


@bp.url_value_preprocessor
def _pull_lang(endpoint, values):
    """Every kiosk URL but `/` starts with a supported language; anything else is a 404."""
    if values and "lang" in values:
        lang = values["lang"]
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang


def _chain() -> tuple[str, ...]:
    return current_app.config["FALLBACK_LANGUAGES"]


def _snapshot_or_none():
    # Kept per request (not on `g`, which lives as long as the app context and can span requests).
    if "kiosk.snapshot" not in request.environ:
        request.environ["kiosk.snapshot"] = current_snapshot()
    return request.environ["kiosk.snapshot"]


@bp.app_context_processor
def _kiosk_globals():
    """Values every kiosk template uses: language, hotlines bar, switcher links, QR."""
    lang = g.get("lang") or current_app.config["DEFAULT_LANGUAGE"]
    snapshot = None
    try:
        snapshot = _snapshot_or_none()
    except Exception:  # a broken database must still let the error page render
        current_app.logger.exception("could not read the current release")
    hotlines = snapshot.hotlines(lang, _chain()) if snapshot else []
    switch = {}
    if request.url_rule is not None and request.view_args and "lang" in request.view_args:
        for code in current_app.config["LANGUAGES"]:
            switch[code] = url_for(request.endpoint, **{**request.view_args, "lang": code})
    else:
        switch = {code: url_for("kiosk.home", lang=code) for code in current_app.config["LANGUAGES"]}
    return {
        "lang": lang,
        "languages": LANGUAGE_NAMES,
        "lang_switch": switch,
        "bar_hotlines": hotlines,
        "fallback_hotlines": FALLBACK_HOTLINES,
        "release": snapshot,
        "idle_timeout": terminal_settings().get("idle_timeout") or current_app.config["IDLE_TIMEOUT_SECONDS"],
        "sync_notice_since": sync_notice_since(reception_now()) if snapshot else None,
        "offline_cache": offline_cache_enabled(),
        "kiosk_reporting": is_terminal(),
        "idle_countdown": current_app.config["IDLE_COUNTDOWN_SECONDS"],
        "take_with_you": _take_with_you_qr(),
    }


def _take_with_you_qr() -> Markup | None:
    base = terminal_settings().get("public_url") or current_app.config.get("PUBLIC_BASE_URL")
    if not base or request.url_rule is None or request.endpoint in (None, "kiosk.index"):
        return None
    return qr_svg(base + request.path, "QR")


def _require_snapshot():
    snapshot = _snapshot_or_none()
    if snapshot is None:
        abort(503)
    return snapshot


def _office_schedule(snapshot):
    office = snapshot.payload.get("office") or {}
    return schedule_for(office.get("hours"), f"office:{snapshot.content_hash}")


PAGE_CACHE_LIMIT = 4000
# Settings that change what a page looks like; part of the cache key so a change never shows stale pages.
PAGE_CONFIG_KEYS = ("PUBLIC_BASE_URL", "IDLE_TIMEOUT_SECONDS", "IDLE_COUNTDOWN_SECONDS", "FALLBACK_LANGUAGES",
                    "KIOSK_ROLE", "KIOSK_OFFLINE_CACHE")  # fmt: skip


def _cached_page(
    snapshot,
    now: datetime,
    build: Callable[[dict], str],
    live: dict[str, tuple[Schedule, Callable[[], str]]] | None = None,
    extra_key: tuple = (),
) -> Response:
    """Render a kiosk page once per (release, page, language, terminal settings) and reuse it.

    Time-dependent fragments ("open now") are left as markers in the cached HTML and filled per
    request from the release in memory, so a warm page costs no database work and no template
    rendering. The engine's answer is computed on every request (microseconds); its wording is
    rendered again only when that answer or the day changes. A new release empties the cache;
    time alone never does.
    """
    live = live or {}
    cache = current_app.extensions.setdefault("kiosk_pages", {"release": None, "pages": {}})
    if cache["release"] != snapshot.content_hash:
        cache["release"], cache["pages"], cache["fragments"] = snapshot.content_hash, {}, {}
    settings = terminal_settings()
    key = (
        request.path,
        snapshot.visibility_key(now),
        json.dumps(settings, sort_keys=True, default=str) if settings else "",
        sync_notice_since(now),
        tuple(current_app.config.get(name) for name in PAGE_CONFIG_KEYS),
        *extra_key,
    )
    html = cache["pages"].get(key)
    if html is None:
        html = build({name: Markup(f"<!--live:{name}-->") for name in live})
        if len(cache["pages"]) >= PAGE_CACHE_LIMIT:
            cache["pages"].clear()
        cache["pages"][key] = html
    lang = g.get("lang")
    for name, (sched, fill) in live.items():
        answer = sched.status(now, lang=lang)
        fragment_key = (request.path, name, answer, now.astimezone(TZ).date())
        text = cache["fragments"].get(fragment_key)
        if text is None:
            if len(cache["fragments"]) >= PAGE_CACHE_LIMIT:
                cache["fragments"].clear()
            text = cache["fragments"][fragment_key] = fill()
        html = html.replace(f"<!--live:{name}-->", text, 1)
    response = make_response(html)
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


def _fragment(name: str, **context) -> str:
    """Render a small template without the page-wide context processors (cheap, per request)."""
    return current_app.jinja_env.get_template(name).render(lang=g.get("lang"), **context)


@bp.get("/")
def index():
    """Attract screen: pick a language. Also where the idle timeout returns to."""
    return render_template("kiosk/index.html")


@bp.get("/<lang>/")
def home(lang: str):
    """Home: large topic tiles and the short reception status line."""
    snapshot = _require_snapshot()
    now = reception_now()

    def build(live: dict) -> str:
        topics = ordered_first(snapshot.topics(lang, _chain(), now), terminal_settings().get("topic_order"))
        return render_template("kiosk/home.html", topics=topics, live=live)

    sched = _office_schedule(snapshot)

    def status() -> str:
        return _fragment("kiosk/_status_home.html", status=status_line(sched, now, lang))

    return _cached_page(snapshot, now, build, {"status": (sched, status)})


@bp.get("/<lang>/topics/<slug>")
def topic(lang: str, slug: str):
    """A topic with the list of its articles."""
    snapshot = _require_snapshot()
    now = reception_now()
    item = snapshot.topic(slug, lang, _chain(), now)
    if item is None:
        abort(404)
    return _cached_page(snapshot, now, lambda live: render_template("kiosk/topic.html", topic=item))


@bp.get("/<lang>/topics/<topic_slug>/<slug>")
def article(lang: str, topic_slug: str, slug: str):
    """One article."""
    snapshot = _require_snapshot()
    now = reception_now()
    parent = snapshot.topic(topic_slug, lang, _chain(), now)
    found = next((a for a in parent.articles if a.slug == slug), None) if parent else None
    if found is None:
        abort(404)
    return _cached_page(
        snapshot, now, lambda live: render_template("kiosk/article.html", topic=parent, article=found)
    )


@bp.get("/<lang>/hotlines")
def hotlines(lang: str):
    """Hotline numbers with tel: QR codes and whether each line is answered now."""
    snapshot = _require_snapshot()
    now = reception_now()
    lines = snapshot.hotlines(lang, _chain())

    def build(live: dict) -> str:
        rows = [
            {
                "line": line,
                "qr": qr_svg(line.tel, line.number),
                "qr_abroad": qr_svg(line.tel_abroad, line.number_abroad) if line.number_abroad else None,
                "answered": live.get(f"answered-{line.key}"),
            }
            for line in lines
        ]
        return render_template("kiosk/hotlines.html", rows=rows)

    def answered(line) -> tuple[Schedule, Callable[[], str]]:
        sched = schedule_for(line.hours, f"hotline:{line.key}:{snapshot.content_hash}")

        def fill() -> str:
            return _fragment("kiosk/_answered.html", answered=status_line(sched, now, lang))

        return sched, fill

    return _cached_page(snapshot, now, build, {f"answered-{line.key}": answered(line) for line in lines if line.hours})


@bp.get("/<lang>/office")
def office(lang: str):
    """Address, windows, reception hours with "open now", the week ahead, departments."""
    snapshot = _require_snapshot()
    found = snapshot.office(lang, _chain())
    if found is None:
        abort(404)
    raw, text = found
    now = reception_now()
    sched = _office_schedule(snapshot)
    today = now.astimezone(TZ).date()

    def build(live: dict) -> str:
        json_ld = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": text.name,
            "address": text.address,
            **sched.schema_org(today, 60),
        }
        return render_template(
            "kiosk/office.html",
            office=raw,
            text=text,
            live=live,
            week=week_table(sched, today, lang),
            departments=snapshot.departments(lang, _chain()),
            json_ld=Markup(json.dumps(json_ld, ensure_ascii=False).replace("<", "\\u003c")),
        )

    def status() -> str:
        return _fragment("kiosk/_status_office.html", status=status_line(sched, now, lang))

    # The week table changes with the date, so the day is part of the key.
    return _cached_page(snapshot, now, build, {"status": (sched, status)}, extra_key=(today,))


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
@bp.app_errorhandler(503)
def kiosk_error(error: HTTPException):
    """Friendly error page in the kiosk style, in the URL's language where known."""
    first = request.path.strip("/").split("/", 1)[0]
    if first in current_app.config["LANGUAGES"]:
        g.lang = first
    return render_template("kiosk/error.html", code=error.code), error.code


@bp.app_template_filter("kiosk_date")
def kiosk_date(moment: datetime) -> str:
    """A date such as "26 November 2026" in the page's language, Bishkek time."""
    from babel.dates import format_date

    lang = g.get("lang") or current_app.config["DEFAULT_LANGUAGE"]
    return format_date(moment.astimezone(TZ).date(), "d MMMM y", locale=lang)
