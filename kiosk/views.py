"""Kiosk pages: language screen, home, topics, articles, hotlines, office."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import segno
from flask import abort, current_app, g, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from core.hours import TZ
from core.i18n import LANGUAGE_NAMES
from core.publishing import current_snapshot
from core.reception import schedule_for, status_line, week_table
from kiosk import bp

# Shown only if no release exists yet, so a traveller always sees where to call.
FALLBACK_HOTLINES = (("189", "tel:189"), ("0312 300423", "tel:0312300423"))


def kiosk_now() -> datetime:
    """The time the kiosk answers for (settable for previews and tests via KIOSK_FROZEN_NOW)."""
    frozen = current_app.config.get("KIOSK_FROZEN_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen)
        return moment if moment.tzinfo else moment.replace(tzinfo=TZ)
    return datetime.now(timezone.utc)


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
    if "snapshot" not in g:
        g.snapshot = current_snapshot()
    return g.snapshot


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
        "idle_timeout": current_app.config["IDLE_TIMEOUT_SECONDS"],
        "idle_countdown": current_app.config["IDLE_COUNTDOWN_SECONDS"],
        "take_with_you": _take_with_you_qr(),
    }


def _take_with_you_qr() -> Markup | None:
    base = current_app.config.get("PUBLIC_BASE_URL")
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


@bp.get("/")
def index():
    """Attract screen: pick a language. Also where the idle timeout returns to."""
    return render_template("kiosk/index.html")


@bp.get("/<lang>/")
def home(lang: str):
    """Home: large topic tiles and the short reception status line."""
    snapshot = _require_snapshot()
    now = kiosk_now()
    topics = snapshot.topics(lang, _chain(), now)
    status = status_line(_office_schedule(snapshot), now, lang)
    return render_template("kiosk/home.html", topics=topics, status=status)


@bp.get("/<lang>/topics/<slug>")
def topic(lang: str, slug: str):
    """A topic with the list of its articles."""
    snapshot = _require_snapshot()
    item = snapshot.topic(slug, lang, _chain(), kiosk_now())
    if item is None:
        abort(404)
    return render_template("kiosk/topic.html", topic=item)


@bp.get("/<lang>/topics/<topic_slug>/<slug>")
def article(lang: str, topic_slug: str, slug: str):
    """One article."""
    snapshot = _require_snapshot()
    parent = snapshot.topic(topic_slug, lang, _chain(), kiosk_now())
    found = next((a for a in parent.articles if a.slug == slug), None) if parent else None
    if found is None:
        abort(404)
    return render_template("kiosk/article.html", topic=parent, article=found)


@bp.get("/<lang>/hotlines")
def hotlines(lang: str):
    """Hotline numbers with tel: QR codes and whether each line is answered now."""
    snapshot = _require_snapshot()
    now = kiosk_now()
    rows = []
    for line in snapshot.hotlines(lang, _chain()):
        answered = None
        if line.hours:
            answered = status_line(schedule_for(line.hours, f"hotline:{line.key}:{snapshot.content_hash}"), now, lang)
        rows.append(
            {
                "line": line,
                "qr": qr_svg(line.tel, line.number),
                "qr_abroad": qr_svg(line.tel_abroad, line.number_abroad) if line.number_abroad else None,
                "answered": answered,
            }
        )
    return render_template("kiosk/hotlines.html", rows=rows)


@bp.get("/<lang>/office")
def office(lang: str):
    """Address, windows, reception hours with "open now", the week ahead, departments."""
    snapshot = _require_snapshot()
    found = snapshot.office(lang, _chain())
    if found is None:
        abort(404)
    raw, text = found
    now = kiosk_now()
    sched = _office_schedule(snapshot)
    today = now.astimezone(TZ).date()
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
        status=status_line(sched, now, lang),
        week=week_table(sched, today, lang),
        departments=snapshot.departments(lang, _chain()),
        json_ld=Markup(json.dumps(json_ld, ensure_ascii=False).replace("<", "\\u003c")),
    )


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
