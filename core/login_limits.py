"""Login limits, checked by the login view itself: per client address, and per account with a growing delay.

Both live in the rate-limit storage Flask-Limiter was configured with (RATELIMIT_STORAGE_URI: Redis in
production, so every worker counts together). The login view calls them explicitly instead of relying on
Flask-Limiter's automatic per-request hook, which never applies here (see core/extensions.py).

Per account: the first LOGIN_ACCOUNT_FREE_ATTEMPTS wrong passwords in a day cost nothing; from then on
each wrong password locks the account name for LOGIN_ACCOUNT_DELAY_SECONDS, doubled at every further
one, up to LOGIN_ACCOUNT_MAX_DELAY_SECONDS. While locked, no password for that name is checked, even
the right one, whatever address it comes from. Names that do not exist are counted the same way, so a
lock tells nothing about which accounts exist. A successful login clears the count.
"""

from __future__ import annotations

import hashlib
import math
import time
from datetime import datetime, timedelta

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse
from sqlalchemy import func, select

from core.extensions import db, limiter

ACCOUNT_LOCKED = "login.locked"  # audit event: an account name was locked after wrong passwords
FAILURE_WINDOW_SECONDS = 24 * 3600
BURST_MIN_FAILURES = 3  # failed logins at one name within the window that the dashboard shows
_NAMESPACE = "kiosk-login"


def address_limit() -> str:
    """Login attempts allowed per client address (LOGIN_RATE_LIMIT, default "10 per minute")."""
    return current_app.config.get("LOGIN_RATE_LIMIT") or "10 per minute"


def address_wait() -> int:
    """Count one login attempt from this request's address; seconds to wait when over the limit, else 0."""
    item = parse(address_limit())
    address = get_remote_address() or "unknown"
    if limiter.limiter.hit(item, "admin.login", address):
        return 0
    reset_at = limiter.limiter.get_window_stats(item, "admin.login", address).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def _keys(username: str) -> tuple[str, str]:
    # Hashed: any text typed as a name becomes a short, safe storage key.
    digest = hashlib.sha256(username.strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"{_NAMESPACE}/account/{digest}/failures", f"{_NAMESPACE}/account/{digest}/locked"


def _setting(name: str, default: int) -> int:
    value = current_app.config.get(name)
    return default if value in (None, "") else int(value)


def account_wait(username: str) -> int:
    """Seconds this account name stays locked (0: a password may be checked)."""
    _failures, locked = _keys(username)
    storage = limiter.storage
    if storage.get(locked) <= 0:
        return 0
    return max(1, math.ceil(storage.get_expiry(locked) - time.time()))


def account_failed(username: str) -> int:
    """Count a wrong password for this name; returns the seconds of the lock it starts (0: none yet)."""
    failures, locked = _keys(username)
    storage = limiter.storage
    count = storage.incr(failures, FAILURE_WINDOW_SECONDS)
    free = _setting("LOGIN_ACCOUNT_FREE_ATTEMPTS", 5)
    if count < free:
        return 0
    base = _setting("LOGIN_ACCOUNT_DELAY_SECONDS", 30)
    ceiling = _setting("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 900)
    delay = min(ceiling, base * 2 ** min(count - free, 20))
    storage.clear(locked)
    storage.incr(locked, delay)
    return delay


def account_succeeded(username: str) -> None:
    """A right password: forget the name's wrong ones."""
    for key in _keys(username):
        limiter.storage.clear(key)


def failed_login_report(now: datetime) -> list[dict]:
    """For administrators: names with a burst of failed logins in the last 24 hours (most first), with
    the number, the last attempt and how long each stays locked."""
    from core import audit
    from core.models.audit import AuditEvent

    since = now - timedelta(seconds=FAILURE_WINDOW_SECONDS)
    failed = func.count(AuditEvent.id)
    rows = db.session.execute(
        select(AuditEvent.actor, failed, func.max(AuditEvent.at))
        .where(AuditEvent.event == audit.LOGIN_FAILED, AuditEvent.at >= since)
        .group_by(AuditEvent.actor)
        .having(failed >= BURST_MIN_FAILURES)
        .order_by(failed.desc(), AuditEvent.actor)
        .limit(20)
    ).all()
    report = []
    for name, count, last in rows:
        wait = account_wait(name)
        report.append({"name": name, "failures": count, "last": last,
                       "locked_until": now + timedelta(seconds=wait) if wait else None})  # fmt: skip
    return report
