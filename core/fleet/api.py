"""Central JSON API for terminals: pull the current release (whole or as a delta), send heartbeats.

Both endpoints authenticate with `Authorization: Bearer <terminal token>` and are exempt from CSRF:
CSRF protects cookie-authenticated browser sessions, and these requests carry no cookies (a forged
cross-site request would have no token), so a CSRF token would add nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, Response, abort, current_app, g, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.extensions import csrf, db
from core.fleet.monitor import prune_now_and_then, record_heartbeat
from core.fleet.registry import terminal_for_token
from core.fleet.usage import BATCH_ROWS, KINDS
from core.models import Release
from core.models.base import utcnow
from core.publishing import canonical_json
from core.rate_limits import wait_seconds
from core.release_delta import DeltaError, make_delta
from core.security import holds_lone_surrogate, holds_nul

bp = Blueprint("fleet_api", __name__, url_prefix="/api/terminal")
csrf.exempt(bp)

# What one heartbeat may carry. The terminal sends at most BATCH_ROWS usage rows per heartbeat
# (a week offline is delivered over several heartbeats), well within these.
MAX_HEARTBEAT_BYTES = 512 * 1024
MAX_BATCHES = 5
MAX_HEARTBEAT_ROWS = BATCH_ROWS
MAX_ERRORS = 20
MAX_ID = 2**31 - 1  # ids and release numbers are INTEGER columns


class BadReport(ValueError):
    """A heartbeat that does not have the documented shape."""


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"ok": False, "error": message})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="terminal"'
    return response


def _json_body_refused(max_bytes: int, what: str) -> Response | None:
    """The refusal for a body that is unsized, too large or not JSON; None when it may be read."""
    length = request.content_length
    if length is None:
        return _json_error(411, "Content-Length is required")
    if length > max_bytes:
        return _json_error(413, f"{what} too large")
    if not request.is_json:
        return _json_error(415, "send application/json")
    return None


@bp.before_request
def _authenticate():
    """Every request needs the token of an active terminal."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    terminal = terminal_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if terminal is None:
        return _json_error(401, "unknown or revoked terminal token")
    g.terminal = terminal
    return None


@bp.get("/release")
def release():
    """The current release: 304 when the terminal already has it; else, for a terminal that speaks sync
    protocol 2 (`X-Sync-Protocol: 2`), the items changed since its release (`X-Base-Release`) or the
    whole release gzipped, resumable with Range/If-Range; for an older terminal the payload as stored."""
    head = db.session.execute(
        select(Release.id, Release.number, Release.content_hash, Release.created_at)
        .order_by(Release.number.desc())
        .limit(1)
    ).first()
    if head is None:
        return _json_error(404, "no release has been published yet")
    etag = f'"{head.content_hash}"'
    common = {
        "ETag": etag,
        "X-Release-Number": str(head.number),
        "X-Release-Created": head.created_at.isoformat(),
        "X-Content-Hash": head.content_hash,
        "Cache-Control": "no-cache",
    }
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return Response(status=304, headers=common)
    if request.headers.get("X-Sync-Protocol") == SYNC_PROTOCOL:
        return _release_v2(head, common)
    payload = db.session.scalar(select(Release.payload).where(Release.id == head.id))
    return Response(payload.encode("utf-8"), status=200, headers=common, content_type="application/json; charset=utf-8")


# Sync protocol 2 (issue 17): compressed, item-level deltas, resumable whole releases.
SYNC_PROTOCOL = "2"
DELTA_TYPE = "application/vnd.kiosk.release-delta+json"
# A delta is sent only from a release at most this many releases old, and only while it is at most this
# share of the whole release; otherwise the whole release (gzipped) is cheaper to check and apply.
DELTA_MAX_BEHIND = 100
DELTA_MAX_SHARE = 0.5
_cache_lock = threading.Lock()
_whole: OrderedDict[str, tuple[bytes, str]] = OrderedDict()  # content hash -> (gzip bytes, their ETag)
_deltas: OrderedDict[tuple[str, str], bytes | None] = OrderedDict()  # (base, target) -> delta JSON or None


def _remember(cache: OrderedDict, key, value, size: int):
    with _cache_lock:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > size:
            cache.popitem(last=False)
    return value


def _gzip(data: bytes) -> bytes:
    # mtime=0: the same release gives the same bytes on every request and every server, so a download
    # resumed with Range (even from another central server) continues the same file.
    return gzip.compress(data, compresslevel=6, mtime=0)


def _whole_release(head) -> tuple[bytes, str]:
    """The release's payload gzipped, and a strong ETag of exactly those bytes (cached per process)."""
    with _cache_lock:
        found = _whole.get(head.content_hash)
    if found is None:
        payload = db.session.scalar(select(Release.payload).where(Release.id == head.id))
        data = _gzip(payload.encode("utf-8"))
        found = _remember(_whole, head.content_hash, (data, f"gz-{hashlib.sha256(data).hexdigest()[:40]}"), 2)
    return found


def _delta_from(base_hash: str, head) -> bytes | None:
    """The delta JSON from the terminal's release to the head, or None when the whole release is better."""
    key = (base_hash, head.content_hash)
    with _cache_lock:
        if key in _deltas:
            return _deltas[key]
    base = db.session.execute(
        select(Release.number, Release.payload).where(Release.content_hash == base_hash).order_by(Release.number.desc())
    ).first()
    delta = None
    if base is not None and 0 <= head.number - base.number <= DELTA_MAX_BEHIND:
        target = db.session.scalar(select(Release.payload).where(Release.id == head.id))
        try:
            text = canonical_json(make_delta(base.payload, target)).encode("utf-8")
        except (DeltaError, ValueError):
            current_app.logger.warning("sync: no delta from %s to release %s", base_hash[:12], head.number)
        else:
            delta = text if len(text) <= DELTA_MAX_SHARE * len(target.encode("utf-8")) else None
    return _remember(_deltas, key, delta, 8)  # a delta may be half a release: keep few


def _release_v2(head, common: dict) -> Response:
    whole, whole_tag = _whole_release(head)
    resuming = request.range is not None and request.headers.get("If-Range", "").strip() == f'"{whole_tag}"'
    base = (request.headers.get("X-Base-Release") or "").strip().lower()
    delta = _delta_from(base, head) if base and not resuming and len(base) == 64 else None
    if delta is not None:
        headers = {**common, "X-Sync-Kind": "delta", "X-Release-Base": base, "Vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            delta = _gzip(delta)
            headers["Content-Encoding"] = "gzip"
        return Response(delta, status=200, headers=headers, content_type=DELTA_TYPE)
    response = Response(whole, status=200, headers={**common, "X-Sync-Kind": "full"}, content_type="application/gzip")
    response.set_etag(whole_tag)
    return response.make_conditional(request, accept_ranges=True, complete_length=len(whole))


def _opt_int(raw: dict, key: str, low: int = 0, high: int = 2**62) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BadReport(f"{key} must be an integer between {low} and {high}")
    return value


def _opt_str(raw: dict, key: str, limit: int) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadReport(f"{key} must be a string")
    return value[:limit]


def _opt_time(raw: dict, key: str) -> datetime | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadReport(f"{key} must be an ISO time with a UTC offset")
    try:
        moment.astimezone(UTC)  # how it is stored; the first and last days of the calendar overflow
    except OverflowError:
        raise BadReport(f"{key} is out of range") from None
    return moment


def _errors(raw) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_ERRORS:
        raise BadReport(f"errors must be a list of at most {MAX_ERRORS}")
    out = []
    for item in raw:
        if not isinstance(item, dict):
            raise BadReport("each error must be an object")
        out.append(
            {
                "at": _opt_str(item, "at", 40),
                "message": _opt_str(item, "message", 300),
                "source": _opt_str(item, "source", 200),
                "line": _opt_int(item, "line", 0, 10**7) or 0,
                "page": _opt_str(item, "page", 200),
            }
        )
    return out


def _batches(raw, today: date) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > MAX_BATCHES:
        raise BadReport(f"usage_batches must be a list of at most {MAX_BATCHES}")
    languages = current_app.config["LANGUAGES"]
    out = []
    total = 0
    for batch in raw:
        if not isinstance(batch, dict) or not isinstance(batch.get("id"), str) or not 8 <= len(batch["id"]) <= 36:
            raise BadReport("each usage batch needs an id of 8 to 36 characters")
        counts = batch.get("counts")
        if not isinstance(counts, list):
            raise BadReport("usage batch counts must be a list")
        total += len(counts)
        if total > MAX_HEARTBEAT_ROWS:
            raise BadReport(f"a heartbeat may carry at most {MAX_HEARTBEAT_ROWS} usage counts")
        rows = []
        for row in counts:
            if not isinstance(row, dict):
                raise BadReport("each usage count must be an object")
            try:
                day = date.fromisoformat(row.get("day", ""))
            except (TypeError, ValueError):
                raise BadReport("usage day must be an ISO date") from None
            if not today - timedelta(days=400) <= day <= today + timedelta(days=1):
                raise BadReport("usage day is out of range")
            if row.get("lang") not in languages or row.get("kind") not in KINDS:
                raise BadReport("usage lang or kind is unknown")
            key = row.get("key", "")
            if not isinstance(key, str) or len(key) > 200:
                raise BadReport("usage key must be a string of at most 200 characters")
            count = _opt_int(row, "count", 1, 10**7)
            if count is None:
                raise BadReport("usage count is missing")
            rows.append({"day": day, "lang": row["lang"], "kind": row["kind"], "key": key, "count": count})
        out.append({"id": batch["id"], "counts": rows})
    return out


def _id_pair(value) -> bool:
    """[id, version]: two positive integers that fit an INTEGER column."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(type(v) is int and 0 < v <= MAX_ID for v in value)  # not bool, a subclass of int
    )


def parse_report(raw, today: date) -> dict:
    """Check a heartbeat body and return it with typed values; raises BadReport."""
    if not isinstance(raw, dict):
        raise BadReport("the heartbeat must be a JSON object")
    if holds_nul(raw):
        raise BadReport("texts must not contain NUL characters")
    if holds_lone_surrogate(raw):
        raise BadReport("texts must be valid Unicode (no lone surrogates)")
    release = raw.get("release") or {}
    if not isinstance(release, dict):
        raise BadReport("release must be an object")
    sync = raw.get("sync") or {}
    if not isinstance(sync, dict):
        raise BadReport("sync must be an object")
    acks = raw.get("acks") or []
    # `type(a) is int`: a JSON true is a Python bool, an int subclass, and PostgreSQL refuses it as an id.
    if not isinstance(acks, list) or len(acks) > 100 or not all(type(a) is int and 0 < a <= MAX_ID for a in acks):
        raise BadReport("acks must be a list of command ids")
    release_hash = _opt_str(release, "content_hash", 64) or None
    notices = raw.get("notices") or []
    if not isinstance(notices, list) or len(notices) > 100 or not all(map(_id_pair, notices)):
        raise BadReport("notices must be a list of [notice id, version] pairs")
    return {
        "release_number": _opt_int(release, "number", 1, MAX_ID),
        "release_hash": release_hash,
        "app_version": _opt_str(raw, "app_version", 40),
        "uptime_seconds": _opt_int(raw, "uptime_seconds"),
        "disk_free_bytes": _opt_int(raw, "disk_free_bytes"),
        "last_interaction_at": _opt_time(raw, "last_interaction_at"),
        "idle_resets_total": _opt_int(raw, "idle_resets_total"),
        "sync_last_success": _opt_time(sync, "last_success"),
        "sync_error": _opt_str(sync, "last_error", 500),
        "errors": _errors(raw.get("errors")),
        "acks": acks,
        # Urgent notices the terminal holds, and the hash of its list (unchanged: not sent again).
        "notices": [tuple(pair) for pair in notices],
        "notices_hash": _opt_str(raw, "notices_hash", 64) or None,
        "usage_batches": _batches(raw.get("usage_batches"), today),
    }


def _too_many_heartbeats(terminal_id: int) -> Response | None:
    """A 429 with Retry-After once a terminal has used up FLEET_HEARTBEAT_LIMIT; None while it may send.

    Checked before the body is read, so a flood costs central one counter update per request and no
    database write. If the counter's storage is unreachable, heartbeats pass (the row caps still hold).
    """
    limit = current_app.config["FLEET_HEARTBEAT_LIMIT"]
    wait = wait_seconds(limit, "fleet-heartbeat", str(terminal_id))
    if not wait:
        return None
    response = _json_error(429, f"too many heartbeats from this terminal (limit {limit}); retry later")
    response.headers["Retry-After"] = str(wait)
    return response


@bp.post("/heartbeat")
def heartbeat():
    """Record a terminal's state; answer with queued commands, accepted usage batches and settings."""
    length = request.content_length
    refused = _too_many_heartbeats(g.terminal.id)
    if refused is not None:
        if length is not None and length <= MAX_HEARTBEAT_BYTES:
            # Read (and drop) a body of allowed size, so the server does not hang up mid-upload and
            # the terminal sees the 429 and its Retry-After instead of a broken connection.
            while request.stream.read(64 * 1024):
                pass
        return refused
    refused = _json_body_refused(MAX_HEARTBEAT_BYTES, "heartbeat")
    if refused is not None:
        return refused
    now = utcnow()
    try:
        report = parse_report(request.get_json(silent=True), now.date())
    except BadReport as exc:
        return _json_error(400, str(exc))
    terminal_id = g.terminal.id
    for attempt in range(2):
        try:
            answer = record_heartbeat(g.terminal, report, now)
            db.session.commit()
            prune_now_and_then(now)
            return jsonify(answer)
        except IntegrityError:
            # The same usage batch arrived twice at once: the second attempt sees it and skips it.
            db.session.rollback()
            if attempt:
                raise
            g.terminal = db.session.get(type(g.terminal), terminal_id)
    abort(500)


# Reports (issue 14): their own request, so that names and contacts never travel inside a heartbeat.
MAX_REPORTS_BYTES = 512 * 1024


@bp.post("/reports")
def reports():
    """Store the reports a terminal filed while it could not reach central; answer with the uids
    stored (new or already here), which the terminal then deletes."""
    from core.reports import DELIVERY_BATCH, BadDelivery, parse_delivery, receive

    refused = _json_body_refused(MAX_REPORTS_BYTES, "reports batch")
    if refused is not None:
        return refused
    raw = request.get_json(silent=True)
    now = utcnow()
    if not isinstance(raw, dict) or not isinstance(raw.get("reports"), list) or len(raw["reports"]) > DELIVERY_BATCH:
        return _json_error(400, f'expected {{"reports": [...]}} with at most {DELIVERY_BATCH} reports')
    if holds_nul(raw) or holds_lone_surrogate(raw):
        return _json_error(400, "texts must be valid Unicode without NUL characters")
    try:
        items = [parse_delivery(item, now) for item in raw["reports"]]
    except BadDelivery as exc:
        return _json_error(400, str(exc))
    return jsonify({"ok": True, "accepted": receive(items, g.terminal.slug, now)})


@bp.get("/reports/<number>")
def report_status(number: str):
    """Status and due date of one report, for the status screen of a terminal (never its content)."""
    from core.reports import find, normalize_number

    found = find(normalize_number(number) or "")
    if found is None:
        return _json_error(404, "no such report")
    return jsonify({"number": found.number, "status": found.status, "due_on": found.due_on.isoformat()})
