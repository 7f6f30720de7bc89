"""Staff accounts for the admin panel."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.models.base import UTCDateTime, utcnow

# Ordered from least to most rights: each role may do everything the roles before it may.
ROLES = ("editor", "publisher", "admin")
# Outside that ladder: the commissioner for corruption prevention works the report register and
# nothing else; administrators may open the register too, editors and publishers never.
COMMISSIONER = "commissioner"
ALL_ROLES = (*ROLES, COMMISSIONER)
ADMIN_LANGUAGES = ("ky", "ru", "en")


def new_session_token() -> str:
    """A random token tying sessions to the current password and status of an account."""
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    """A member of staff: editor, publisher, admin or commissioner."""

    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "staff_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="editor")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Language of the admin interface chosen by this person.
    language: Mapped[str] = mapped_column(String(2), nullable=False, default="ru")
    # Part of the session id: changing it (new password, disabled account) ends every other session.
    session_token: Mapped[str] = mapped_column(String(64), nullable=False, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot log in and lose their sessions."""
        return bool(self.active)

    def get_id(self) -> str:
        """Session identifier: the id plus the session token, so old sessions stop working."""
        return f"{self.id}:{self.session_token}"

    @property
    def rank(self) -> int:
        """Position of the role in ROLES (higher means more rights)."""
        return ROLES.index(self.role) if self.role in ROLES else -1
