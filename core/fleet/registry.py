"""Terminal registry: register, edit, issue/rotate/revoke tokens, queue commands (central role)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from core.models.base import utcnow
from core.models.fleet import TERMINAL_KINDS, Terminal, TerminalCommand, TerminalEvent

TOKEN_PREFIX = "kt_"
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$")
COMMANDS = ("reload",)


class RegistryError(ValueError):
    """A registry change that cannot be made (the message is safe to show)."""


@dataclass(frozen=True)
class TerminalSettings:
    """The editable settings of a terminal, validated."""

    name: str
    kind: str
    location: str = ""
    idle_timeout: int | None = None
    topic_order: tuple[str, ...] = ()
    public_url: str = ""


def hash_token(token: str) -> str:
    """sha256 of a token: tokens are long random strings, so a plain hash is enough to store."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh bearer token (256 random bits)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def parse_topic_order(raw: str | list | tuple) -> tuple[str, ...]:
    """Topic slugs from a comma- or space-separated string (or a list), without duplicates."""
    parts = raw.replace(",", " ").split() if isinstance(raw, str) else [str(p).strip() for p in raw]
    seen: list[str] = []
    for part in parts:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", part):
            raise RegistryError(f"not a topic slug: {part!r}")
        if part not in seen:
            seen.append(part)
    return tuple(seen)


def validate_settings(settings: TerminalSettings) -> TerminalSettings:
    """Check a terminal's settings; raises RegistryError with a clear message."""
    if not settings.name.strip() or len(settings.name) > 120:
        raise RegistryError("the name must have 1 to 120 characters")
    if settings.kind not in TERMINAL_KINDS:
        raise RegistryError(f"kind must be one of: {', '.join(TERMINAL_KINDS)}")
    if len(settings.location) > 200:
        raise RegistryError("the location is longer than 200 characters")
    if settings.idle_timeout is not None and not 20 <= settings.idle_timeout <= 3600:
        raise RegistryError("the idle timeout must be between 20 and 3600 seconds")
    url = settings.public_url.strip()
    if url and (not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url) or len(url) > 300):
        raise RegistryError("the public URL must start with http:// or https://")
    return TerminalSettings(
        name=settings.name.strip(),
        kind=settings.kind,
        location=settings.location.strip(),
        idle_timeout=settings.idle_timeout,
        topic_order=parse_topic_order(settings.topic_order),
        public_url=url.rstrip("/"),
    )


def _audit(event: str, actor, terminal: Terminal, **detail) -> None:
    """Add an audit entry in the same transaction as the change (the caller commits)."""
    from core.audit import record

    record(event, actor, {"terminal": terminal.slug, **detail}, commit=False)


def add_event(terminal: Terminal, kind: str, now: datetime, detail: str = "") -> TerminalEvent:
    """Append an event for the dashboard (the caller commits)."""
    event = TerminalEvent(terminal=terminal, kind=kind, at=now, detail=detail[:1000])
    db.session.add(event)
    return event


def _issue_token(terminal: Terminal, now: datetime) -> str:
    token = new_token()
    terminal.token_hash = hash_token(token)
    terminal.token_hint = token[: len(TOKEN_PREFIX) + 4]
    terminal.token_issued_at = now
    terminal.revoked_at = None
    return token


def register_terminal(
    slug: str, settings: TerminalSettings, now: datetime | None = None, actor=None
) -> tuple[Terminal, str]:
    """Create a terminal and its first token; returns both (the token is never retrievable later)."""
    now = now or utcnow()
    slug = slug.strip().lower()
    if not SLUG_RE.fullmatch(slug):
        raise RegistryError("the slug must be 3 to 60 characters: lower-case letters, digits, hyphens")
    if db.session.scalar(select(Terminal.id).where(Terminal.slug == slug)) is not None:
        raise RegistryError(f"a terminal named {slug!r} already exists")
    terminal = Terminal(slug=slug)
    apply_settings(terminal, settings)
    token = _issue_token(terminal, now)
    db.session.add(terminal)
    add_event(terminal, "registered", now)
    _audit("terminal.create", actor, terminal, kind=terminal.kind)
    db.session.commit()
    return terminal, token


def apply_settings(terminal: Terminal, settings: TerminalSettings) -> None:
    """Copy validated settings onto a terminal (the caller commits)."""
    clean = validate_settings(settings)
    terminal.name = clean.name
    terminal.kind = clean.kind
    terminal.location = clean.location
    terminal.idle_timeout = clean.idle_timeout
    terminal.topic_order = list(clean.topic_order)
    terminal.public_url = clean.public_url


def update_terminal(terminal: Terminal, settings: TerminalSettings, actor=None) -> None:
    """Save edited settings; the terminal receives them with its next heartbeat answer."""
    apply_settings(terminal, settings)
    _audit("terminal.update", actor, terminal)
    db.session.commit()


def rotate_token(terminal: Terminal, now: datetime | None = None, actor=None) -> str:
    """Replace a terminal's token (the old one stops working at once); returns the new one."""
    now = now or utcnow()
    token = _issue_token(terminal, now)
    add_event(terminal, "token_rotated", now)
    _audit("terminal.token_rotate", actor, terminal)
    db.session.commit()
    return token


def revoke_token(terminal: Terminal, now: datetime | None = None, actor=None) -> None:
    """Stop accepting a terminal's token; rotating issues a new one."""
    now = now or utcnow()
    terminal.revoked_at = now
    add_event(terminal, "token_revoked", now)
    _audit("terminal.token_revoke", actor, terminal)
    db.session.commit()


def terminal_for_token(token: str) -> Terminal | None:
    """The active terminal holding this token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    terminal = db.session.scalar(select(Terminal).where(Terminal.token_hash == hash_token(token)))
    if terminal is None or terminal.revoked_at is not None:
        return None
    return terminal


def terminal_by_slug(slug: str) -> Terminal | None:
    """A terminal by its slug, or None."""
    return db.session.scalar(select(Terminal).where(Terminal.slug == slug))


def queue_command(terminal: Terminal, kind: str, actor=None, now: datetime | None = None) -> TerminalCommand:
    """Queue a command; it is delivered with the terminal's next heartbeat, however late that is."""
    if kind not in COMMANDS:
        raise RegistryError(f"unknown command {kind!r}")
    now = now or utcnow()
    author = actor if isinstance(actor, str) else getattr(actor, "username", "") or ""
    command = TerminalCommand(terminal=terminal, kind=kind, created_at=now, created_by=author[:80])
    db.session.add(command)
    add_event(terminal, "command_queued", now, kind)
    _audit("terminal.command", actor, terminal, command=kind)
    db.session.commit()
    return command


def terminal_settings_for(terminal: Terminal) -> dict:
    """The settings a terminal receives with each heartbeat answer."""
    return {
        "slug": terminal.slug,
        "name": terminal.name,
        "kind": terminal.kind,
        "idle_timeout": terminal.idle_timeout,
        "topic_order": list(terminal.topic_order or []),
        "public_url": terminal.public_url,
        # Traveller reports filed on this terminal are numbered "<report_prefix>-<sequence>".
        "report_prefix": str(terminal.id),
    }
