"""Writing to the audit log (append-only: events are added, never changed or removed)."""

from __future__ import annotations

from flask import has_request_context, request

from core.extensions import db
from core.models.audit import AuditEvent

# Event names used across the app; other parts may add their own (e.g. "terminal.update").
LOGIN = "login"
LOGIN_FAILED = "login.failed"
LOGOUT = "logout"
ITEM_CREATE = "item.create"
ITEM_SAVE = "item.save"
ITEM_REVERT = "item.revert"
PUBLISH = "publish"
ROLLBACK = "rollback"
USER_CREATE = "user.create"
USER_CHANGE = "user.change"
PASSWORD_CHANGE = "user.password"
SETTINGS_CHANGE = "settings.change"


def _actor_name(actor) -> str:
    """A user name from a User, a string or nothing."""
    if actor is None:
        return ""
    if isinstance(actor, str):
        return actor[:80]
    return (getattr(actor, "username", "") or "")[:80]


def record(event: str, actor, detail: dict | None = None, *, commit: bool = True) -> AuditEvent:
    """Append one event; `commit=False` lets a caller save it in the same transaction as the change."""
    entry = AuditEvent(
        event=event,
        actor=_actor_name(actor),
        ip=(request.remote_addr or "")[:64] if has_request_context() else "",
        detail=detail or {},
    )
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry
