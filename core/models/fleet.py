"""The terminal fleet: registry, heartbeats, events, commands and anonymous usage counts.

Central keeps `terminal*` and `usage_count`/`usage_batch`; a terminal keeps its own buffers in
`usage_tally`, `usage_outbox` and `browser_error` until a heartbeat delivers them. Both roles run the
same migrations, so every database has every table (the unused ones simply stay empty).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime, utcnow

TERMINAL_KINDS = ("railway_station", "border_post", "airport", "office_lobby")


class Terminal(db.Model):
    """A registered kiosk terminal and the last state it reported."""

    __tablename__ = "terminal"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    location: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    # None: the app-wide IDLE_TIMEOUT_SECONDS applies.
    idle_timeout: Mapped[int | None] = mapped_column(Integer)
    # Topic slugs shown first on this terminal's home screen, in this order.
    topic_order: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    public_url: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    # sha256 of the bearer token: the token itself is shown once and never stored.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_hint: Mapped[str] = mapped_column(String(12), nullable=False, default="")
    token_issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Last reported state (the history is in terminal_heartbeat).
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    release_number: Mapped[int | None] = mapped_column(Integer)
    release_hash: Mapped[str | None] = mapped_column(String(64))
    app_version: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    last_report: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # When the terminal last came back after being offline (shown on the dashboard).
    back_online_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    heartbeats: Mapped[list[TerminalHeartbeat]] = relationship(
        back_populates="terminal", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def active(self) -> bool:
        """True while the terminal holds a token that is not revoked."""
        return self.token_hash is not None and self.revoked_at is None


class TerminalHeartbeat(db.Model):
    """One heartbeat as received: the short history behind a terminal's detail page."""

    __tablename__ = "terminal_heartbeat"
    __table_args__ = (
        Index("ix_terminal_heartbeat_terminal_received", "terminal_id", "received_at"),
        Index("ix_terminal_heartbeat_received", "received_at"),  # pruning by age
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    release_number: Mapped[int | None] = mapped_column(Integer)
    app_version: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    uptime_seconds: Mapped[int | None] = mapped_column(BigInteger)
    disk_free_bytes: Mapped[int | None] = mapped_column(BigInteger)
    last_interaction_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idle_resets_total: Mapped[int | None] = mapped_column(BigInteger)
    sync_last_success: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sync_error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    errors: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    terminal: Mapped[Terminal] = relationship(back_populates="heartbeats")


class TerminalEvent(db.Model):
    """Something the fleet dashboard should tell about: registered, back online, token revoked..."""

    __tablename__ = "terminal_event"
    __table_args__ = (Index("ix_terminal_event_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False, default="")
    terminal: Mapped[Terminal] = relationship()


class TerminalCommand(db.Model):
    """A command for one terminal, sent with every heartbeat answer until the terminal acknowledges it."""

    __tablename__ = "terminal_command"
    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terminal: Mapped[Terminal] = relationship()


class UsageCount(db.Model):
    """Central: anonymous counts per terminal, day, language, kind (page, topic, idle_reset) and key.

    key "" holds what is not itemized: sessions and idle resets, and for pages and topics the counts
    beyond FLEET_USAGE_KEYS_PER_DAY or older than FLEET_USAGE_DETAIL_DAYS (daily totals stay right).
    """

    __tablename__ = "usage_count"
    __table_args__ = (
        UniqueConstraint("terminal_id", "day", "lang", "kind", "key", name="uq_usage_count_cell"),
        Index("ix_usage_count_day", "day"),  # folding old detail into daily totals
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class UsageBatch(db.Model):
    """Central: ids of usage batches already counted, so a resent batch is never counted twice."""

    __tablename__ = "usage_batch"
    __table_args__ = (
        UniqueConstraint("terminal_id", "batch_id", name="uq_usage_batch_terminal_batch"),
        Index("ix_usage_batch_received", "received_at"),  # pruning by age
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminal.id", ondelete="CASCADE"), nullable=False)
    batch_id: Mapped[str] = mapped_column(String(36), nullable=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class UsageTally(db.Model):
    """Terminal: counts not yet sealed into a batch (incremented by the kiosk page's events)."""

    __tablename__ = "usage_tally"
    __table_args__ = (UniqueConstraint("day", "lang", "kind", "key", name="uq_usage_tally_cell"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    key: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class UsageOutbox(db.Model):
    """Terminal: a sealed, immutable batch of counts with its id, kept until central accepts it."""

    __tablename__ = "usage_outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    counts: Mapped[list] = mapped_column(JSON, nullable=False, default=list)


class BrowserError(db.Model):
    """Terminal: a JavaScript error reported by the kiosk page, kept until a heartbeat delivers it."""

    __tablename__ = "browser_error"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    message: Mapped[str] = mapped_column(String(300), nullable=False)
    source: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    line: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    page: Mapped[str] = mapped_column(String(200), nullable=False, default="")


class KioskActivity(db.Model):
    """Terminal: one row with the last traveller interaction and the running count of idle resets."""

    __tablename__ = "kiosk_activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    last_interaction_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idle_resets_total: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
