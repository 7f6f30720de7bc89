"""Per-key request limits kept in the shared rate-limit storage (RATELIMIT_STORAGE_URI).

With Redis there, every worker and every central server counts together. The views call
`wait_seconds` themselves, before any costly work (a database write, a speech synthesis).
"""

from __future__ import annotations

import math
import time

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter


def counter() -> FixedWindowRateLimiter:
    """This app's counter, over the storage the login limits use too."""
    found = current_app.extensions.get("rate_limiter")
    if found is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        found = current_app.extensions.setdefault("rate_limiter", FixedWindowRateLimiter(storage))
    return found


def wait_seconds(limit: str, namespace: str, key: str) -> int:
    """Count one request against `limit` (e.g. "10 per hour") for `key`: 0 while it is allowed, else the
    seconds until the window frees. If the storage cannot be reached the request passes (logged), so a
    broken Redis never takes the service down with it."""
    try:
        item = parse(limit)
        limiter = counter()
        if limiter.hit(item, namespace, key):
            return 0
        reset_at = limiter.get_window_stats(item, namespace, key).reset_time
    except Exception:
        current_app.logger.exception("the %s rate limit could not be checked", namespace)
        return 0
    return max(1, math.ceil(reset_at - time.time()))
