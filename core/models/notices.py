"""Urgent notices (issue 17): short texts central puts above every kiosk page of the targeted terminals.

Central keeps `urgent_notice` (the notices staff write) and `notice_ack` (which terminal holds which
version). A terminal keeps the notices it received in its control file (core/fleet/state.py), not in a
table: the kiosk's warm pages read that file already, so showing a notice costs no database read.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow

NOTICE_SEVERITIES = ("info", "warning", "critical")
NOTICE_TARGETS = ("all", "kinds", "terminals")


class UrgentNotice(db.Model):
    """One notice: its text per language, when it is in force, how serious, and which terminals show it."""

    __tablename__ = "urgent_notice"
    __table_args__ = (Index("ix_urgent_notice_ends_at", "ends_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # {lang: {"text": "..."}}: plain text, escaped when shown (no HTML, no Markdown).
    texts: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    severity: Mapped[str] = mapped_column(String(10), nullable=False, default="warning")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    # "all" terminals, the terminals of some `target_kinds`, or the `target_terminals` (terminal ids).
    target: Mapped[str] = mapped_column(String(10), nullable=False, default="all")
    target_kinds: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    target_terminals: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    # Raised by every change, so central can tell which terminals hold the text now in force.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    # Why it went out without every language (the publish gate's rule); "" when complete.
    override_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class NoticeAck(db.Model):
    """A terminal reported that it holds this version of a notice (the fleet page shows who has it)."""

    __tablename__ = "notice_ack"
    __table_args__ = (UniqueConstraint("notice_id", "terminal_id", name="uq_notice_ack_notice_terminal"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("urgent_notice.id", ondelete="CASCADE"), nullable=False)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    acked_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
