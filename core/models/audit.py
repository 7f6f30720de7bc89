"""The audit log: an append-only record of what staff did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, event
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow


class AuditEvent(db.Model):
    """One event: a login, failed login, save, publish, rollback, user or settings change."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False, index=True)
    event: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    # User name of who did it (for a failed login: the name that was typed).
    actor: Mapped[str] = mapped_column(String(80), nullable=False, default="", index=True)
    ip: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    detail: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target) -> None:
    """The ORM never rewrites history (the database triggers refuse raw SQL too)."""
    raise AppendOnlyError("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target) -> None:
    """The ORM never deletes history."""
    raise AppendOnlyError("audit events cannot be deleted")
