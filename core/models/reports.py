"""Traveller reports (issue 14): bribe requests and service complaints filed at a kiosk.

Both roles hold the same tables. On a terminal a `report` row waits until central acknowledges it and
is then deleted; on central it is the register the commissioner works. Names, contacts and the free
text are stored only as Fernet tokens (core/reports.py); the columns ending in `_enc` never hold
plaintext.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime, utcnow

REPORT_KINDS = ("money", "delay", "rude", "other")
REPORT_PLACES = ("here", "office", "railway", "border", "airport", "other")
REPORT_WHEN = ("today", "earlier")
# registered -> review -> answered / closed / passed (to another body)
REPORT_STATUSES = ("registered", "review", "answered", "closed", "passed")
FINAL_STATUSES = ("answered", "closed", "passed")


class Report(db.Model):
    """One report: what, where, when, the traveller's words and (optionally) who to answer."""

    __tablename__ = "report"
    __table_args__ = (Index("ix_report_status_due", "status", "due_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # Made where the report was filed; central refuses a second row with the same uid (exactly once).
    uid: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    # Terminal prefix + sequence, e.g. "7-0042": the number the traveller dictates on the phone.
    number: Mapped[str] = mapped_column(String(24), unique=True, nullable=False)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    place: Mapped[str] = mapped_column(String(20), nullable=False)
    # The terminal's own name when the traveller kept "here" (not personal).
    place_detail: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    happened: Mapped[str] = mapped_column(String(10), nullable=False)
    text_enc: Mapped[str] = mapped_column(Text, nullable=False, default="")
    name_enc: Mapped[str | None] = mapped_column(Text)
    contact_enc: Mapped[str | None] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Terminal slug, or "" for central's own kiosk pages.
    source: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="registered")
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    passed_to: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    notes: Mapped[list[ReportNote]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportNote.id"
    )


class ReportNote(db.Model):
    """A commissioner's working note on a report (never shown to the traveller)."""

    __tablename__ = "report_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    author: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    text: Mapped[str] = mapped_column(Text, nullable=False)
    report: Mapped[Report] = relationship(back_populates="notes")


class ReportSequence(db.Model):
    """The last sequence number given out per prefix (a terminal counts on its own, offline too)."""

    __tablename__ = "report_sequence"
    prefix: Mapped[str] = mapped_column(String(12), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
