"""Published releases: immutable, numbered snapshots of everything travellers see."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow


class Release(db.Model):
    """One published snapshot; the kiosk reads only the newest one."""

    __tablename__ = "release"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    author: Mapped[str] = mapped_column(String(80), nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # sha256 of `payload` exactly as stored: terminals verify it before applying a release.
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
