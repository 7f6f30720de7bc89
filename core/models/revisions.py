"""Revisions: every save of an editable item, so staff can compare and revert."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow


class Revision(db.Model):
    """The full editable state of one item after one save (who, when, what)."""

    __tablename__ = "revision"
    __table_args__ = (
        UniqueConstraint("item_type", "item_id", "number"),
        Index("ix_revision_item", "item_type", "item_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # "topic", "article", "hotline", "office" or "department".
    item_type: Mapped[str] = mapped_column(String(20), nullable=False)
    item_id: Mapped[int] = mapped_column(Integer, nullable=False)
    # 1, 2, 3... per item.
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    author: Mapped[str] = mapped_column(String(80), nullable=False)
    # "create", "save" or "revert".
    action: Mapped[str] = mapped_column(String(20), nullable=False, default="save")
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The item's fields and texts after the save, as a JSON object.
    data: Mapped[dict] = mapped_column(JSON, nullable=False)
