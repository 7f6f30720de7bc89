"""Endpoints the kiosk page calls on its own server: events, status, service worker, precache list.

POST /kiosk-events is exempt from CSRF: the kiosk has no login and no session, so there is nothing
a forged request could act on behalf of; it only adds anonymous counts. It accepts small, strictly
shaped same-origin JSON (a cross-site form cannot send application/json without a preflight, which
this app never answers) and stores nothing but counts, times and error texts, never an address.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from core.assets import asset_urls
from core.extensions import csrf, db
from core.fleet import state
from core.fleet.notices import in_force_tag
from core.fleet.usage import tally
from core.models.base import utcnow
from core.models.fleet import BrowserError, KioskActivity
from core.publishing import current_snapshot
from core.search import MAX_QUERY_CHARS, count_key, index_for, query_words
from core.security import holds_lone_surrogate, holds_nul

bp = Blueprint("fleet_local", __name__)


@bp.record_once
def _refuse_insecure_central(setup_state) -> None:
    """A terminal does not start with a CENTRAL_URL it must not send its token to (every role
    registers this blueprint, so this runs at start-up after every config override)."""
    config = setup_state.app.config
    if config["KIOSK_ROLE"] == "terminal":
        from core.fleet.settings import central_url_problem

        problem = central_url_problem(config)
        if problem:
            raise RuntimeError(problem)


MAX_EVENT_BYTES = 16 * 1024
MAX_EVENTS = 50
MAX_STORED_ERRORS = 200
EVENT_FIELDS = {
    "view": {"type", "path", "t"},
    "session": {"type", "path", "t"},
    "idle_reset": {"type", "path", "t"},
    "interaction": {"type", "t"},
    "error": {"type", "path", "t", "message", "source", "line"},
    "search": {"type", "path", "t", "q"},
}
PRECACHE_FOLDERS = ("css", "js", "fonts", "icons")
PRECACHE_SUFFIXES = (".css", ".js", ".woff2", ".svg")


class BadEvents(ValueError):
    """A /kiosk-events body that does not have the documented shape."""


def _page_pattern() -> re.Pattern:
    langs = "|".join(current_app.config["LANGUAGES"])
    return re.compile(rf"^/({langs})/(?:hotlines|office|topics/([a-z0-9-]{{1,80}})(?:/[a-z0-9-]{{1,80}})?)?$")


def _moment(raw, now: datetime) -> datetime:
    """The event's time (ms since epoch, from the page) when plausible, else now."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        try:
            moment = datetime.fromtimestamp(raw / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            return now
        if now - timedelta(days=7) <= moment <= now + timedelta(minutes=5):
            return moment
    return now


def _short(value, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadEvents("text fields must be strings")
    return value[:limit]


def parse_events(raw, now: datetime) -> list[dict]:
    """Validate the page's events; returns them with lang, page key and topic worked out."""
    if not isinstance(raw, dict) or set(raw) != {"events"} or not isinstance(raw["events"], list):
        raise BadEvents('expected {"events": [...]}')
    if len(raw["events"]) > MAX_EVENTS:
        raise BadEvents("too many events")
    if holds_nul(raw):
        raise BadEvents("texts must not contain NUL characters")
    if holds_lone_surrogate(raw):
        raise BadEvents("texts must be valid Unicode (no lone surrogates)")
    pattern = _page_pattern()
    out = []
    for event in raw["events"]:
        if not isinstance(event, dict) or not isinstance(event.get("type"), str) or event["type"] not in EVENT_FIELDS:
            raise BadEvents("unknown event type")
        kind = event["type"]
        if not set(event) <= EVENT_FIELDS[kind]:
            raise BadEvents(f"unexpected fields in a {kind} event")
        item = {"type": kind, "at": _moment(event.get("t"), now)}
        if kind in ("view", "session", "idle_reset"):
            path = event.get("path")
            match = pattern.match(path) if isinstance(path, str) else None
            if not match:
                raise BadEvents("path is not a kiosk page")
            lang = match.group(1)
            item.update(lang=lang, key=event["path"][len(lang) + 1 :], topic=match.group(2))
        if kind == "search":
            item.update(_search_event(event))
        if kind == "error":
            line = event.get("line", 0)
            item.update(
                message=_short(event.get("message"), 300) or "(no message)",
                source=_short(event.get("source"), 200),
                line=line if isinstance(line, int) and not isinstance(line, bool) and 0 <= line < 10**7 else 0,
                page=_short(event.get("path"), 200),
            )
        out.append(item)
    return out


def _search_event(event: dict) -> dict:
    """A finished search: its language, the words kept for counting, and whether the release finds them.

    Worked out here from the release this process holds (no trust in what the page says it found)."""
    langs = current_app.config["LANGUAGES"]
    path = event.get("path")
    match = re.fullmatch(rf"/({'|'.join(langs)})/search", path) if isinstance(path, str) else None
    if not match or not isinstance(event.get("q"), str) or len(event["q"]) > MAX_QUERY_CHARS:
        raise BadEvents("a search event needs a search page path and q of at most 100 characters")
    lang, key = match.group(1), count_key(event["q"])
    snapshot = current_snapshot()
    chain = current_app.config["FALLBACK_LANGUAGES"]
    hits = index_for(snapshot, lang, chain).search(key, limit=1) if key and snapshot else []
    # Found means found for every word: «патент алуу» finds pages about «алуу» but not the patent.
    found = bool(hits) and hits[0].matched == len(query_words(key))
    return {"lang": lang, "key": key, "found": found}


def _local_day(moment: datetime):
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def store_events(events: list[dict]) -> None:
    """Add the events to the terminal's buffers in one transaction."""
    counts: dict[tuple, int] = defaultdict(int)
    last_seen = None
    idle_resets = 0
    for event in events:
        if event["type"] == "error":
            db.session.add(
                BrowserError(
                    at=event["at"],
                    message=event["message"],
                    source=event["source"],
                    line=event["line"],
                    page=event["page"],
                )
            )
            continue
        last_seen = max(last_seen, event["at"]) if last_seen else event["at"]
        if event["type"] == "interaction":
            continue
        day = _local_day(event["at"])
        if event["type"] == "view":
            counts[(day, event["lang"], "page", event["key"])] += 1
            if event["topic"]:
                counts[(day, event["lang"], "topic", event["topic"])] += 1
        elif event["type"] == "search":
            if event["key"]:
                counts[(day, event["lang"], "search", event["key"])] += 1
                if not event["found"]:
                    counts[(day, event["lang"], "search_none", event["key"])] += 1
        elif event["type"] == "session":
            counts[(day, event["lang"], "session", "")] += 1
        else:
            counts[(day, event["lang"], "idle_reset", "")] += 1
            idle_resets += 1
    if counts:
        tally(counts)
    if last_seen or idle_resets:
        activity = db.session.get(KioskActivity, 1) or KioskActivity(id=1, idle_resets_total=0)
        db.session.add(activity)
        if last_seen and (activity.last_interaction_at is None or last_seen > activity.last_interaction_at):
            activity.last_interaction_at = last_seen
        activity.idle_resets_total = (activity.idle_resets_total or 0) + idle_resets
    db.session.flush()
    stored = db.session.scalar(select(func.count()).select_from(BrowserError))
    if stored > MAX_STORED_ERRORS:
        keep = select(BrowserError.id).order_by(BrowserError.id.desc()).limit(MAX_STORED_ERRORS).scalar_subquery()
        db.session.execute(delete(BrowserError).where(BrowserError.id.not_in(keep)))
    db.session.commit()


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        return False
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


@bp.post("/kiosk-events")
@csrf.exempt
def kiosk_events():
    """Take the kiosk page's anonymous events (page opens, idle resets, JS errors) on a terminal."""
    length = request.content_length
    if length is None or length > MAX_EVENT_BYTES:
        return jsonify({"ok": False, "error": f"send at most {MAX_EVENT_BYTES} bytes, with Content-Length"}), 413
    if not request.is_json or not _same_origin():
        return jsonify({"ok": False, "error": "only same-origin application/json is accepted"}), 403
    now = utcnow()
    try:
        events = parse_events(request.get_json(silent=True), now)
    except BadEvents as exc:
        return jsonify({"ok": False, "error": str(exc)}), 400
    if not state.is_terminal():
        # Central and stand-alone kiosks have no fleet to report to: accept and forget.
        return Response(status=204)
    for attempt in range(2):
        try:
            store_events(events)
            break
        except IntegrityError:
            db.session.rollback()  # two workers created the activity row at once: add to it instead
            if attempt:
                raise
    return Response(status=204)


@bp.get("/kiosk-status")
def kiosk_status():
    """What the kiosk page polls: current release, reload counter, whether to show the sync notice."""
    try:
        snapshot = current_snapshot()
    except Exception:  # a broken database must not look like "no release" to the page
        db.session.rollback()
        current_app.logger.exception("kiosk-status: cannot read the release")
        return jsonify({"error": "unavailable"}), 503
    if state.is_terminal():
        state.touch_page_alive()
    body = {
        "release": snapshot.number if snapshot else None,
        "content_hash": snapshot.content_hash if snapshot else None,
        "reload": int(state.terminal_control().get("reload", 0)) if state.is_terminal() else 0,
        "notice": bool(snapshot) and state.sync_notice_since(_page_now()) is not None,
        "urgent": in_force_tag(_page_now()),
        "poll": current_app.config["KIOSK_STATUS_POLL_SECONDS"],
    }
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _sw_version() -> str:
    """Changes whenever the release or any precached static file changes (a new worker then installs)."""
    from core.version import APP_VERSION

    snapshot = current_snapshot()
    assets = hashlib.sha256("\n".join(_static_assets()).encode()).hexdigest()[:8]
    return f"{APP_VERSION}-{snapshot.content_hash[:16] if snapshot else 'none'}-{assets}"


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from the root so it controls every kiosk page.

    Its text carries the release, so the browser sees a changed worker when a new release arrives.
    """
    if not state.offline_cache_enabled():
        return Response("/* offline cache disabled */\n", status=404, content_type="application/javascript")
    source = Path(current_app.static_folder, "sw.js").read_text(encoding="utf-8")
    response = Response(source.replace("__KIOSK_VERSION__", _sw_version()), content_type="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


def _static_assets() -> list[str]:
    """URLs of the kiosk's static files, under the content-hashed names the pages use."""
    root = Path(current_app.static_folder)
    names = []
    for folder in PRECACHE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            # Admin assets are never used by a kiosk page; the service worker file is not cached.
            if path.is_file() and path.suffix in PRECACHE_SUFFIXES and not path.name.startswith("admin"):
                names.append(path.relative_to(root).as_posix())
    return asset_urls(names)


def _page_now() -> datetime:
    """The time pages are listed for (KIOSK_FROZEN_NOW in previews and tests, like the kiosk)."""
    frozen = current_app.config.get("KIOSK_FROZEN_NOW")
    if frozen:
        moment = datetime.fromisoformat(frozen)
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return utcnow()


@bp.get("/precache.json")
def precache():
    """Every page of the current release in every language plus the static assets, for the service worker."""
    snapshot = current_snapshot()
    pages = ["/"]
    if snapshot:
        now = _page_now()
        for lang in current_app.config["LANGUAGES"]:
            pages.extend(snapshot.page_paths(lang, now))
    response = jsonify({"version": _sw_version(), "pages": pages, "assets": _static_assets()})
    response.headers["Cache-Control"] = "no-store"
    return response
