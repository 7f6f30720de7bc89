"""Editable (draft) content: what staff change before it is published in a release."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from core.extensions import db
from core.models.base import UTCDateTime, utcnow


class HideableMixin:
    """Items staff can take off the kiosks without deleting them (revisions and audit stay)."""

    # Left out of the next release: kiosks stop showing it once someone publishes.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false(), nullable=False)


class TranslatableMixin:
    """Per-language texts stored as {lang: {field: value}}, with per-language edit times."""

    texts: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # {lang: ISO time of the last change to that language}: lets staff see stale translations.
    text_updated: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # Languages whose text is behind another language's newer change ("needs update"), until someone
    # edits them or confirms they still say the same (core.editing keeps this list).
    stale_languages: Mapped[list] = mapped_column(JSON, default=list, server_default=sql_text("'[]'"), nullable=False)
    needs_review: Mapped[bool] = mapped_column(default=False, nullable=False)
    # When content staff last checked the item against the Service's documents, and who (an audited
    # action); the dashboard lists items never checked or checked too long ago.
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    updated_by: Mapped[str | None] = mapped_column(String(80))
    version_id: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        """Optimistic locking: a save based on an old version is refused, never overwrites."""
        return {"version_id_col": cls.__table__.c.version_id}

    def text(self, lang: str, field: str) -> str:
        """The raw text of one field in one language, or an empty string."""
        return (self.texts or {}).get(lang, {}).get(field, "") or ""


class Topic(TranslatableMixin, HideableMixin, db.Model):
    """A tile on the kiosk home screen grouping articles."""

    __tablename__ = "topic"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    icon: Mapped[str] = mapped_column(String(40), nullable=False, default="document")
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    articles: Mapped[list[Article]] = relationship(
        back_populates="topic", order_by="Article.sort", cascade="all, delete-orphan"
    )


class Article(TranslatableMixin, HideableMixin, db.Model):
    """A page of migration rules inside a topic; title, summary and Markdown body per language."""

    __tablename__ = "article"
    __table_args__ = (UniqueConstraint("topic_id", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), nullable=False, index=True)
    slug: Mapped[str] = mapped_column(String(80), nullable=False)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    # Published articles with a future date stay hidden until then (checked at read time).
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    topic: Mapped[Topic] = relationship(back_populates="articles")


class Hotline(TranslatableMixin, db.Model):
    """A phone line travellers can call, with its own optional hours."""

    __tablename__ = "hotline"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    number: Mapped[str] = mapped_column(String(40), nullable=False)
    number_abroad: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    # Reception-hours rules (core.hours format); None means the line is not described by hours.
    hours: Mapped[dict | None] = mapped_column(JSON)


class Office(TranslatableMixin, db.Model):
    """The Service's building: name, address, windows, reception note and hours rules."""

    __tablename__ = "office"
    id: Mapped[int] = mapped_column(primary_key=True)
    windows: Mapped[int] = mapped_column(Integer, nullable=False, default=4)
    hours_rules: Mapped[dict | None] = mapped_column(JSON)


class Department(TranslatableMixin, HideableMixin, db.Model):
    """A department of the Service, listed on the office page."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    sort: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
