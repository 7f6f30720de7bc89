"""Kiosk pages: language screen, home, topics, articles, hotlines, office."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import segno
from flask import Response, abort, current_app, g, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.http import generate_etag

from core.extensions import DATABASE_DOWN, forget_failed_transaction
from core.fleet.notices import in_force, in_force_key, in_force_tag
from core.fleet.state import (
    is_terminal,
    offline_cache_enabled,
    ordered_first,
    sync_notice_since,
    terminal_control,
    terminal_settings,
)
from core.hours import TZ, Schedule
from core.i18n import LANGUAGE_NAMES, localize
from core.publishing import current_snapshot, stamped_snapshot
from core.reception import reception_now, schedule_for, status_line, upcoming_changes, week_table
from kiosk import bp

# Shown only if no release exists yet, so a traveller always sees where to call.
FALLBACK_HOTLINES = (("189", "tel:189"), ("0312 300423", "tel:0312300423"))


def qr_svg(data: str, label: str) -> Markup:
    """A regular QR code as inline SVG that scales to its box, drawn on the server (no external service).

    Never Micro QR (segno picks it for short data such as "tel:189"; phone cameras do not read it), a
    viewBox instead of a fixed size so CSS scales the whole symbol, and the 4-module quiet zone that
    the standard asks for so a camera finds the finder patterns against any background.
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, dark="#000", light="#fff", title=label)
    return Markup(svg.replace("<svg ", '<svg role="img" shape-rendering="crispEdges" ', 1))


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
        "idle_phrases": plural_phrases(
            "The screen returns to the start in %(num)d second.",
            "The screen returns to the start in %(num)d seconds.",
            current_app.config["IDLE_COUNTDOWN_SECONDS"],
        ),
        "take_with_you": _take_with_you_qr(),
        "urgent_notices": urgent_notices(g.get("lang"), reception_now()),
        "urgent_tag": in_force_tag(reception_now()),
        "urgent_region_label": _in_languages(g.get("lang"), URGENT_REGION),
    }


URGENT_REGION = _l("Urgent notices")


def _in_languages(lang: str | None, message) -> str:
    """A message in the page's language, or in every language (" · ") where none is chosen yet."""
    if lang:
        return str(message)
    words = []
    for code in current_app.config["LANGUAGES"]:
        with force_locale(code):
            words.append(str(message))
    return " · ".join(words)


# A word before each urgent notice, so its weight is read, not only seen in its colour.
SEVERITY_LABELS = {"info": _l("Notice"), "warning": _l("Important"), "critical": _l("Urgent")}


@dataclass(frozen=True)
class UrgentText:
    """One urgent notice in one language, as a kiosk page shows it."""

    severity: str
    label: str
    text: str
    lang: str


def urgent_notices(lang: str | None, now: datetime) -> list[list[UrgentText]]:
    """The notices in force on this terminal, each in the page's language (with the usual fallback), or in
    every language it was written in on the language screen, where nobody has chosen one yet."""
    shown = []
    for notice in in_force(now):
        versions = []
        for code in [lang] if lang else current_app.config["LANGUAGES"]:
            text = localize(notice.texts, code, _chain(), required="text")
            if not text.text or (not lang and text.is_fallback):
                continue
            with force_locale(text.lang):
                label = str(SEVERITY_LABELS.get(notice.severity, SEVERITY_LABELS["warning"]))
            versions.append(UrgentText(notice.severity, label, text.text, text.lang))
        if versions:
            shown.append(versions)
    return shown


def plural_phrases(singular: str, plural: str, upto: int) -> str:
    """The catalog's plural form for every count 0..upto, as JSON for kiosk.js, which has no plural rules."""
    return json.dumps([ngettext(singular, plural, n) for n in range(max(0, int(upto)) + 1)], ensure_ascii=False)


def _take_with_you_qr() -> Markup | None:
    base = terminal_settings().get("public_url") or current_app.config.get("PUBLIC_BASE_URL")
    if not base or request.url_rule is None or request.endpoint in (None, "kiosk.index"):
        return None
    return qr_svg(base + request.path, _("QR code with the address of this page"))


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
                    "KIOSK_ROLE", "KIOSK_OFFLINE_CACHE", "SPEECH_ENABLED", "SPEECH_HEADPHONES_ONLY")  # fmt: skip


@dataclass(frozen=True)
class PageRecipe:
    """What a warm page needs besides its cached HTML: the release it was built from, its language,
    the schedules behind its live fragments, and whether the date is part of its key."""

    release: str
    path: str
    lang: str
    live: tuple[tuple[str, Schedule], ...]
    by_day: bool


def page_cache(app) -> dict:
    """This process's kiosk page cache (pages, live fragments, finished bodies, recipes per path)."""
    return app.extensions.setdefault("kiosk_pages", {"release": None})


def _bounded_put(store: dict, key, value):
    if len(store) >= PAGE_CACHE_LIMIT:
        store.clear()
    store[key] = value
    return value


def _page_key(app, snapshot, path: str, now: datetime, by_day: bool) -> tuple:
    # One read of the terminal's control file for its settings and its urgent notices (the warm path).
    control = terminal_control() if is_terminal() else {}
    settings = control.get("settings")
    settings = settings if isinstance(settings, dict) else {}
    return (
        snapshot.content_hash,  # never serve a page built from another release, even in a race
        path,
        snapshot.visibility_key(now),
        json.dumps(settings, sort_keys=True, default=str) if settings else "",
        sync_notice_since(now),
        in_force_key(now, control),  # urgent notices start and end by the clock, central reachable or not
        tuple(app.config.get(name) for name in PAGE_CONFIG_KEYS),
        now.astimezone(TZ).date() if by_day else None,
    )


def _fragment_key(recipe: PageRecipe, path: str, name: str, sched: Schedule, now: datetime) -> tuple:
    # A frozen clock (previews, tests) words the line without an expiry moment: another fragment.
    frozen = bool(current_app.config.get("KIOSK_FROZEN_NOW"))
    return (recipe.release, path, name, sched.status(now, lang=recipe.lang), now.astimezone(TZ).date(), frozen)


def _body(cache: dict, key: tuple, html: str, fragments: tuple[tuple[str, str], ...]) -> tuple[bytes, str]:
    """The finished page and its ETag, made once per (page, fragment wording)."""
    found = cache["bodies"].get((key, fragments))
    if found is None:
        for name, text in fragments:
            html = html.replace(f"<!--live:{name}-->", text, 1)
        body = html.encode("utf-8")
        found = _bounded_put(cache["bodies"], (key, fragments), (body, generate_etag(body)))
    return found


def warm_page(app, path_info: str) -> tuple[bytes, str] | None:
    """A page answered entirely from this process's cache, or None when anything must be (re)built.

    Called by the fast path in an app context but outside any request: no database, no template.
    """
    cache = app.extensions.get("kiosk_pages")
    recipe = cache.get("recipes", {}).get(path_info) if cache else None
    if recipe is None:
        return None
    path = recipe.path
    snapshot = stamped_snapshot()
    if snapshot is None or snapshot.content_hash != recipe.release or cache["release"] != recipe.release:
        return None
    now = reception_now()
    key = _page_key(app, snapshot, path, now, recipe.by_day)
    html = cache["pages"].get(key)
    if html is None:
        return None
    fragments = []
    for name, sched in recipe.live:
        text = cache["fragments"].get(_fragment_key(recipe, path, name, sched, now))
        if text is None:
            return None
        fragments.append((name, text))
    return _body(cache, key, html, tuple(fragments))


def _cached_page(
    snapshot,
    now: datetime,
    build: Callable[[dict], str],
    live: dict[str, tuple[Schedule, Callable[[], str]]] | None = None,
    by_day: bool = False,
) -> Response:
    """Render a kiosk page once per (release, page, language, terminal settings) and reuse it.

    Time-dependent fragments ("open now") are left as markers in the cached HTML and filled per
    request from the release in memory, so a warm page costs no database work and no template
    rendering. The engine's answer is computed on every request (microseconds); its wording is
    rendered again only when that answer or the day changes. A new release empties the cache;
    time alone never does. Once a page is warm, kiosk/fastpath.py answers it without entering Flask,
    through `warm_page`, with the same keys.
    """
    live = live or {}
    if request.environ.get("kiosk.preview"):
        # Staff's preview of the drafts (core/preview.py): built afresh, never cached, never kept.
        filled = {name: Markup(fill()) for name, (_sched, fill) in live.items()}
        return current_app.response_class(build(filled), mimetype="text/html")
    app = current_app._get_current_object()
    cache = page_cache(app)
    if cache["release"] != snapshot.content_hash:
        cache.update(release=snapshot.content_hash, pages={}, fragments={}, bodies={}, recipes={})
    path = request.path
    recipe = PageRecipe(snapshot.content_hash, path, g.get("lang") or app.config["DEFAULT_LANGUAGE"],
                        tuple((name, sched) for name, (sched, _fill) in live.items()), by_day)  # fmt: skip
    key = _page_key(app, snapshot, path, now, by_day)
    html = cache["pages"].get(key)
    if html is None:
        html = _bounded_put(cache["pages"], key, build({name: Markup(f"<!--live:{name}-->") for name in live}))
    fragments = []
    for name, (sched, fill) in live.items():
        fragment_key = _fragment_key(recipe, path, name, sched, now)
        text = cache["fragments"].get(fragment_key)
        if text is None:
            text = _bounded_put(cache["fragments"], fragment_key, fill())
        fragments.append((name, text))
    body, etag = _body(cache, key, html, tuple(fragments))
    if len(cache["recipes"]) < PAGE_CACHE_LIMIT:
        cache["recipes"][request.environ.get("PATH_INFO", path)] = recipe
    response = app.response_class(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(etag)
    return response.make_conditional(request)


def _fragment(name: str, **context) -> str:
    """Render a small template without the page-wide context processors (cheap, per request)."""
    return current_app.jinja_env.get_template(name).render(lang=g.get("lang"), **context)


@bp.get("/")
def index():
    """Attract screen: pick a language. Also where the idle timeout returns to."""
    try:
        snapshot = _snapshot_or_none()
    except DATABASE_DOWN as error:  # the attract screen still shows the hotlines
        forget_failed_transaction(current_app, error)
        request.environ["kiosk.snapshot"] = None
        snapshot = None
    if snapshot is None:  # before the first release or while the database is away: never cached
        return render_template("kiosk/index.html")

    def build(live: dict) -> str:
        # Nobody has chosen a language yet: every hotline is labelled in all three.
        per_lang = [snapshot.hotlines(code, _chain()) for code in current_app.config["LANGUAGES"]]
        labelled = [(line, [lines[n].text for lines in per_lang]) for n, line in enumerate(per_lang[0])]
        return render_template("kiosk/index.html", labelled=labelled)

    return _cached_page(snapshot, reception_now(), build)


@bp.get("/<lang>/")
def home(lang: str):
    """Home: large topic tiles and the short reception status line."""
    snapshot = _require_snapshot()
    now = reception_now()

    def build(live: dict) -> str:
        topics = ordered_first(snapshot.topics(lang, _chain(), now), terminal_settings().get("topic_order"))
        more = plural_phrases("%(num)d more topic below", "%(num)d more topics below", len(topics) + 2)
        return render_template("kiosk/home.html", topics=topics, live=live, more_phrases=more)

    sched = _office_schedule(snapshot)

    def status() -> str:
        # Fragments are keyed by the engine's answer and the date, so the notice of the week ahead is fresh.
        today = now.astimezone(TZ).date()
        return _fragment("kiosk/_status_home.html", status=status_line(sched, now, lang),
                         upcoming=upcoming_changes(sched, today, lang))  # fmt: skip

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
    return _cached_page(snapshot, now, lambda live: render_template("kiosk/article.html", topic=parent, article=found))


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
        return _fragment("kiosk/_status_office.html", status=status_line(sched, now, lang),
                         upcoming=upcoming_changes(sched, today, lang))  # fmt: skip

    # The week table changes with the date, so the day is part of the key.
    return _cached_page(snapshot, now, build, {"status": (sched, status)}, by_day=True)


@bp.app_errorhandler(400)
@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
@bp.app_errorhandler(503)
def kiosk_error(error: HTTPException):
    """Friendly error page in the kiosk style, in the URL's language where known."""
    first = request.path.strip("/").split("/", 1)[0]
    if first in current_app.config["LANGUAGES"]:
        g.lang = first
    return render_template("kiosk/error.html", code=error.code), error.code


@bp.app_errorhandler(OperationalError)
@bp.app_errorhandler(InterfaceError)
def database_unavailable(error: DBAPIError):
    """The database dropped out while a page not yet cached was built: "try again in a minute".

    Only connection-level errors: a constraint or data error is a bug and stays a logged 500."""
    forget_failed_transaction(current_app, error)
    request.environ["kiosk.snapshot"] = None  # the error page must not wait for the database again
    response = kiosk_error(ServiceUnavailable())
    return response[0], 503, {"Retry-After": "30"}


@bp.app_template_filter("kiosk_date")
def kiosk_date(moment: datetime) -> str:
    """A date in the CLDR long form of the page's language (Babel, never a month list of our own), Bishkek time."""
    from babel.dates import format_date

    lang = g.get("lang") or current_app.config["DEFAULT_LANGUAGE"]
    return format_date(moment.astimezone(TZ).date(), "long", locale=lang)
