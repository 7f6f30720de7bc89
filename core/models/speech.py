"""The pronunciation list staff keep per language (issue 15): words the synthesizer says wrong."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow


class Pronunciation(db.Model):
    """One word (as written, any case) and how the kiosk should say it, in one language.

    Published with the release ("speech" part of the payload), so a terminal applies the same list
    when it synthesizes its own audio; a draft list is heard only in the admin's preview."""

    __tablename__ = "pronunciation"
    __table_args__ = (UniqueConstraint("lang", "word"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(2), nullable=False)
    word: Mapped[str] = mapped_column(String(80), nullable=False)
    spoken: Mapped[str] = mapped_column(String(200), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(80))
