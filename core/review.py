"""Review dates: when content staff last checked each item against the Service's documents.

The dashboard lists items never checked, checked more than REVIEW_MAX_AGE_DAYS ago, or flagged
"needs review"; kiosks show "Checked: <date>" under an article once it has been checked and
published. Marking an item checked is recorded in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app

from core import audit
from core.extensions import db
from core.hours import TZ

ITEM_CHECK = "item.check"

NEVER = "never"
OVERDUE = "overdue"
FLAGGED = "flagged"


def _now() -> datetime:
    """The current moment (a seam for tests with a frozen clock)."""
    return datetime.now(UTC)


def review_today() -> date:
    """Today's date in Bishkek, where content staff work."""
    return _now().astimezone(TZ).date()


def max_age_days() -> int:
    """How many days a check stays valid (REVIEW_MAX_AGE_DAYS, default 180)."""
    return int(current_app.config.get("REVIEW_MAX_AGE_DAYS", 180))


@dataclass(frozen=True)
class ReviewRow:
    """One item that needs a look: why, and since when."""

    item: object
    reason: str  # NEVER, OVERDUE or FLAGGED
    checked_on: date | None
    age_days: int | None


def review_state(item, today: date, max_age: int) -> str | None:
    """NEVER, OVERDUE or FLAGGED for an item that needs a look, else None."""
    if item.checked_on is None:
        return NEVER
    if (today - item.checked_on).days > max_age:
        return OVERDUE
    if item.needs_review:
        return FLAGGED
    return None


def review_due(items, today: date | None = None, max_age: int | None = None) -> list[ReviewRow]:
    """The items (hidden ones left out) that were never checked, are overdue or flagged, oldest first."""
    today = review_today() if today is None else today
    max_age = max_age_days() if max_age is None else max_age
    rows = []
    for item in items:
        if getattr(item, "hidden", False):
            continue
        reason = review_state(item, today, max_age)
        if reason is not None:
            age = (today - item.checked_on).days if item.checked_on else None
            rows.append(ReviewRow(item, reason, item.checked_on, age))
    order = {NEVER: 0, OVERDUE: 1, FLAGGED: 2}
    rows.sort(key=lambda r: (order[r.reason], r.checked_on or date.min))
    return rows


def mark_checked(item, kind: str, actor: str) -> date:
    """Record that `actor` checked the item today (clears "needs review"); audited. Not published."""
    today = review_today()
    item.checked_on = today
    item.checked_by = actor[:80]
    item.needs_review = False
    audit.record(ITEM_CHECK, actor, {"type": kind, "id": item.id, "checked_on": today.isoformat()}, commit=False)
    db.session.commit()
    return today
