"""Terminal side: pull releases from central, apply them atomically, send heartbeats.

Run by `flask terminal sync` and `flask terminal heartbeat` (systemd timers, every minute).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
from flask import current_app
from sqlalchemy import delete, select

from core.extensions import db
from core.fleet import state, transfer
from core.fleet.notices import held as held_notices
from core.fleet.notices import store_delivered
from core.fleet.settings import central_url_problem
from core.fleet.usage import BATCH_ROWS, drop_batches, pending_batches, seal_tally, split_oversized_batches
from core.models import Release
from core.models.base import utcnow
from core.models.fleet import BrowserError, KioskActivity
from core.publishing import SNAPSHOT_FORMAT, write_release_stamp
from core.rendering import sanitize_html

USER_AGENT = "kiosk-terminal"
MAX_RELEASE_BYTES = 64 * 1024 * 1024
# Usage rows per heartbeat: central refuses more (core/fleet/api.py MAX_HEARTBEAT_ROWS).
HEARTBEAT_ROWS = BATCH_ROWS
# The longest pause a 429's Retry-After can impose: a broken central must not silence a terminal.
MAX_BACKOFF = timedelta(hours=1)
BACKOFF_UNTIL = "heartbeat_not_before"


class SyncError(Exception):
    """A sync that must not change what the terminal shows."""


@dataclass
class SyncResult:
    """What one sync attempt did: "updated", "unchanged" or "failed" (and, when updated, whether from a
    delta, the whole release or an old central's payload, and the bytes the last answer took)."""

    outcome: str
    release: int | None = None
    error: str = ""
    kind: str = ""
    wire_bytes: int = 0


@dataclass
class HeartbeatResult:
    """What one heartbeat did."""

    ok: bool
    error: str = ""
    commands: list[dict] = field(default_factory=list)
    accepted_batches: list[str] = field(default_factory=list)
    delivered_reports: int = 0


def _central(path: str) -> str:
    base = current_app.config.get("CENTRAL_URL", "")
    token = current_app.config.get("TERMINAL_TOKEN", "")
    if not base or not token:
        raise SyncError("CENTRAL_URL and TERMINAL_TOKEN must be set on a terminal")
    problem = central_url_problem(current_app.config)
    if problem:
        raise SyncError(problem)
    return base + path


def _headers() -> dict:
    from core.version import APP_VERSION

    return {
        "Authorization": f"Bearer {current_app.config['TERMINAL_TOKEN']}",
        "User-Agent": f"{USER_AGENT}/{APP_VERSION}",
    }


def _timeout() -> tuple[int, int]:
    return current_app.config["SYNC_CONNECT_TIMEOUT_SECONDS"], current_app.config["SYNC_READ_TIMEOUT_SECONDS"]


def local_release_head() -> tuple[int, str] | None:
    """(number, hash) of the release this terminal shows, read without its payload."""
    row = db.session.execute(
        select(Release.number, Release.content_hash).order_by(Release.number.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def verify_release(body: bytes, headers) -> dict:
    """Check a downloaded release: complete, hash as announced, known format. Returns its fields."""
    announced = (headers.get("X-Content-Hash") or "").strip().lower()
    if len(announced) != 64:
        raise SyncError("central sent no content hash")
    actual = hashlib.sha256(body).hexdigest()
    if actual != announced:
        raise SyncError(f"content hash mismatch (got {actual[:12]}…, expected {announced[:12]}…)")
    try:
        number = int(headers.get("X-Release-Number", ""))
        created = datetime.fromisoformat(headers.get("X-Release-Created", ""))
    except ValueError:
        raise SyncError("release number or date missing") from None
    if number < 1 or created.tzinfo is None:
        raise SyncError("release number or date invalid")
    try:
        text = body.decode("utf-8")
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise SyncError("release is not valid JSON") from None
    if not isinstance(payload, dict) or payload.get("format") != SNAPSHOT_FORMAT:
        raise SyncError(f"unsupported release format {payload.get('format') if isinstance(payload, dict) else '?'}")
    unsafe = unsafe_html_fields(payload)
    if unsafe:
        more = f" and {len(unsafe) - 1} more" if len(unsafe) > 1 else ""
        raise SyncError(
            f"release {number} refused: its HTML at {unsafe[0]}{more} is not what the kiosk allows "
            "(it changes when sanitized: scripts, frames, forms or outside links)"
        )
    return {"number": number, "created_at": created, "content_hash": announced, "payload": text}


def unsafe_html_fields(payload: dict) -> list[str]:
    """Where a release carries HTML the kiosk's sanitizer would change (or an `*_html` that is no text).

    Central renders and sanitizes every `*_html` text at publish time, so a clean release passes
    unchanged; a difference means a fake or compromised central (or a bug), and the whole release is
    refused rather than shown half-cleaned. The hash check cannot catch this: the sender makes the hash.
    """
    found = []
    pending: list[tuple[str, object]] = [("", payload)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                where = f"{path}/{key}"
                if str(key).endswith("_html"):
                    if not isinstance(value, str) or sanitize_html(value) != value:
                        found.append(where)
                elif isinstance(value, dict | list):
                    pending.append((where, value))
        elif isinstance(item, list):
            pending.extend((f"{path}/{index}", value) for index, value in enumerate(item))
    return sorted(found)


def apply_release(fields: dict) -> Release:
    """Replace the local release with a verified one in a single transaction, then stamp it."""
    try:
        # Only central's current release matters here; older local rows would only confuse
        # "newest by number" if central's numbering ever restarted.
        db.session.execute(delete(Release))
        release = Release(author="central", comment="synced from central", **fields)
        db.session.add(release)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    write_release_stamp(release)
    return release


def sync_release(now: datetime | None = None, session: requests.Session | None = None) -> SyncResult:
    """Pull what changed on central (sync protocol 2: a delta, or the whole release gzipped and resumable);
    apply it only if it gives a complete, verified release."""
    now = now or utcnow()
    session = session or requests.Session()
    try:
        url = _central("/api/terminal/release")
        local = local_release_head()
        try:
            got, fields = _receive(session, url, allow_delta=True)
        except transfer.DeltaRefused as exc:
            # Keep the release shown, say why, and take the whole release instead (checked the same way).
            current_app.logger.warning("sync: %s; fetching the whole release instead", exc)
            try:
                got, fields = _receive(session, url, allow_delta=False)
            except transfer.DeltaRefused as again:
                raise SyncError(str(again)) from None
        if fields is None or (local and local[1] == fields["content_hash"]):
            state.record_sync(now, ok=True, result="unchanged", release=local[0] if local else None)
            return SyncResult("unchanged", local[0] if local else None)
        release = apply_release(fields)
    except SyncError as exc:
        current_app.logger.warning("sync: %s", exc)
        state.record_sync(now, ok=False, error=str(exc))
        head = _safe_head()
        return SyncResult("failed", head[0] if head else None, str(exc))
    state.record_sync(now, ok=True, result="updated", release=release.number)
    return SyncResult("updated", release.number, kind=got.kind, wire_bytes=got.wire_bytes)


def _receive(session: requests.Session, url: str, allow_delta: bool) -> tuple[transfer.Received, dict | None]:
    """One request to central and the verified release fields it gives (None: nothing new)."""
    try:
        got = transfer.fetch(session, url, _headers(), _timeout(), MAX_RELEASE_BYTES, allow_delta)
    except transfer.DeltaRefused:
        raise
    except transfer.TransferError as exc:
        raise SyncError(str(exc)) from None
    if got.unchanged:
        return got, None
    try:
        return got, verify_release(got.body, got.headers)
    except SyncError as exc:
        if got.kind == "delta":
            raise transfer.DeltaRefused(f"delta refused: {exc}") from None
        raise


def _safe_head() -> tuple[int, str] | None:
    try:
        return local_release_head()
    except Exception:  # the status must still be written when the local database is broken
        db.session.rollback()
        return None


def _uptime_seconds() -> int | None:
    try:
        with open("/proc/uptime", encoding="ascii") as handle:
            return int(float(handle.read().split()[0]))
    except (OSError, ValueError, IndexError):
        return None


def _disk_free() -> int | None:
    try:
        return shutil.disk_usage(state.state_dir()).free
    except OSError:
        return None


def build_report(now: datetime) -> tuple[dict, list[int], list[str]]:
    """The heartbeat body, plus the ids of browser errors and usage batches it carries."""
    from core.version import APP_VERSION

    seal_tally(now)
    split_oversized_batches()
    batches, rows = [], 0
    for batch in pending_batches():
        if batches and rows + len(batch.counts) > HEARTBEAT_ROWS:
            break  # the rest goes with the next heartbeat
        batches.append(batch)
        rows += len(batch.counts)
    errors = list(db.session.scalars(select(BrowserError).order_by(BrowserError.id).limit(20)))
    activity = db.session.get(KioskActivity, 1)
    head = local_release_head()
    sync = state.sync_status()
    control = state.terminal_control()
    notices, notices_hash = held_notices(control)
    report = {
        "sent_at": now.isoformat(),
        "app_version": APP_VERSION,
        "release": {"number": head[0], "content_hash": head[1]} if head else None,
        "uptime_seconds": _uptime_seconds(),
        "disk_free_bytes": _disk_free(),
        "last_interaction_at": activity.last_interaction_at.isoformat()
        if activity and activity.last_interaction_at
        else None,
        "idle_resets_total": activity.idle_resets_total if activity else 0,
        "sync": {"last_success": sync.get("last_success"), "last_error": sync.get("last_error") or None},
        "errors": [
            {"at": e.at.isoformat(), "message": e.message, "source": e.source, "line": e.line, "page": e.page}
            for e in errors
        ],
        "acks": list(control.get("pending_acks") or []),
        "notices": notices,
        "notices_hash": notices_hash,
        "usage_batches": [{"id": b.batch_id, "counts": b.counts} for b in batches],
    }
    return report, [e.id for e in errors], [b.batch_id for b in batches]


def apply_answer(answer: dict, sent_acks: list[int]) -> list[dict]:
    """Carry out the commands in central's answer (each once) and keep the new settings."""
    control = dict(state.terminal_control())
    done = [i for i in control.get("done_commands", []) if isinstance(i, int)]
    pending = [i for i in control.get("pending_acks", []) if isinstance(i, int) and i not in sent_acks]
    executed = []
    for command in answer.get("commands") or []:
        if not isinstance(command, dict) or not isinstance(command.get("id"), int):
            continue
        if command["id"] not in done:
            if command.get("kind") == "reload":
                control["reload"] = int(control.get("reload", 0)) + 1
            executed.append(command)
            done.append(command["id"])
        if command["id"] not in pending:
            # Acknowledge even a repeat: the previous acknowledgement may have been lost.
            pending.append(command["id"])
    control.pop(BACKOFF_UNTIL, None)  # central answered: any earlier "slow down" is over
    control["done_commands"] = done[-100:]
    control["pending_acks"] = pending
    if isinstance(answer.get("settings"), dict):
        control["settings"] = answer["settings"]
    store_delivered(control, answer)
    if control != state.terminal_control():
        state.write_terminal_control(control)
    return executed


def retry_after(header: str | None, now: datetime) -> timedelta:
    """The pause a 429 asks for (seconds or an HTTP date), between 1 s and MAX_BACKOFF; 60 s if unreadable."""
    delay = timedelta(seconds=60)
    value = (header or "").strip()
    if value.isdecimal():
        delay = timedelta(seconds=int(value[:7]))
    elif value:
        try:
            delay = parsedate_to_datetime(value) - now
        except (TypeError, ValueError, IndexError):
            pass
    return min(max(delay, timedelta(seconds=1)), MAX_BACKOFF)


def send_heartbeat(now: datetime | None = None, session: requests.Session | None = None) -> HeartbeatResult:
    """Report this terminal's state to central; on success drop what central has stored."""
    now = now or utcnow()
    session = session or requests.Session()
    try:
        url = _central("/api/terminal/heartbeat")
    except SyncError as exc:
        return HeartbeatResult(False, str(exc))
    wait_until = state.parse_time(state.terminal_control().get(BACKOFF_UNTIL))
    if wait_until and now < wait_until:
        # Nothing is sealed or dropped: the counts wait in the tally and the outbox.
        return HeartbeatResult(False, f"central asked this terminal to wait until {wait_until.isoformat()} (HTTP 429)")
    delivered = deliver_reports(session)
    report, error_ids, batch_ids = build_report(now)
    try:
        response = session.post(url, json=report, headers=_headers(), timeout=_timeout(), allow_redirects=False)
    except requests.RequestException as exc:
        return HeartbeatResult(False, f"central unreachable: {type(exc).__name__}")
    if response.status_code == 429:
        delay = retry_after(response.headers.get("Retry-After"), now)
        state.write_terminal_control({**state.terminal_control(), BACKOFF_UNTIL: (now + delay).isoformat()})
        wait = int(delay.total_seconds())
        return HeartbeatResult(False, f"central answered HTTP 429 (too many heartbeats): next try in {wait} s")
    if response.status_code != 200:
        return HeartbeatResult(False, f"central answered HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        return HeartbeatResult(False, "central answered with invalid JSON")
    accepted = [b for b in answer.get("accepted_batches") or [] if b in batch_ids]
    drop_batches(accepted)
    if error_ids:
        db.session.execute(delete(BrowserError).where(BrowserError.id.in_(error_ids)))
        db.session.commit()
    executed = apply_answer(answer, report["acks"])
    return HeartbeatResult(True, commands=executed, accepted_batches=accepted, delivered_reports=delivered)


def deliver_reports(session: requests.Session) -> int:
    """Send the traveller reports filed here to central, in their own request (never in the heartbeat),
    and delete each one central acknowledges; returns how many left the terminal. A failure keeps
    them all for the next run; a report central already holds is acknowledged again, never doubled."""
    from core.reports import drop_delivered, outgoing

    done = 0
    for _round in range(20):  # a long time offline is delivered batch by batch
        batch = outgoing()
        if not batch:
            break
        try:
            response = session.post(_central("/api/terminal/reports"), json={"reports": batch}, headers=_headers(),
                                    timeout=_timeout(), allow_redirects=False)  # fmt: skip
            accepted = response.json().get("accepted") if response.status_code == 200 else None
        except (requests.RequestException, ValueError, SyncError, AttributeError):
            accepted = None
        if not isinstance(accepted, list):
            # Numbers only: a report's words, name and contact never go into a log.
            current_app.logger.warning("reports: %d waiting for central (not delivered this time)", len(batch))
            break
        sent = {item["uid"] for item in batch}
        dropped = drop_delivered([uid for uid in accepted if uid in sent])
        done += dropped
        if not dropped:
            break
    return done


def report_status_from_central(number: str, session: requests.Session | None = None) -> dict | None:
    """Status and due date of a report as central has it; {} when central does not know the number;
    None when central cannot be asked right now (a short timeout: a traveller is waiting)."""
    session = session or requests.Session()
    try:
        response = session.get(_central(f"/api/terminal/reports/{number}"), headers=_headers(), timeout=(2, 4),
                               allow_redirects=False)  # fmt: skip
    except (requests.RequestException, SyncError):
        return None
    if response.status_code == 404:
        return {}
    if response.status_code != 200:
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
