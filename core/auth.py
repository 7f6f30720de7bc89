"""Staff authentication: password hashing, the session user loader and the one role check.

Roles are ordered editor < publisher < admin; `role_required("publisher")` lets publishers and
admins in. The commissioner stands outside that ladder: `role_required("commissioner")` lets
commissioners and admins in (the report register), and a commissioner may open nothing else but the
pages every account has (`role_required()`: log out, change password). Every admin view (including
fleet and hours) uses `role_required`.
"""

from __future__ import annotations

import sys
from functools import wraps

import click
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import abort, current_app, has_app_context
from flask.cli import AppGroup
from flask_login import current_user
from sqlalchemy import select

from core.extensions import db, login
from core.models.base import utcnow
from core.models.users import ADMIN_LANGUAGES, ALL_ROLES, COMMISSIONER, ROLES, User, new_session_token
from core.passwords import COMMON, CONTEXT, MAX_LENGTH, MIN_LENGTH, PATTERN, SHORT, password_problem

_HASHERS: dict[tuple, tuple[PasswordHasher, str]] = {}


def _hasher() -> tuple[PasswordHasher, str]:
    """The argon2id hasher for the configured cost (ARGON2_TIME_COST, ARGON2_MEMORY_COST in KiB,
    ARGON2_PARALLELISM; argon2-cffi's defaults otherwise), and a dummy hash made with it that is
    verified when the user name is unknown, so both kinds of failure take the same time."""
    config = current_app.config if has_app_context() else {}
    names = ("time_cost", "memory_cost", "parallelism")
    params = tuple((name, config[f"ARGON2_{name.upper()}"]) for name in names if config.get(f"ARGON2_{name.upper()}"))
    if params not in _HASHERS:
        hasher = PasswordHasher(**dict(params))
        _HASHERS[params] = (hasher, hasher.hash("not-a-real-password"))
    return _HASHERS[params]


def role_rank(role: str) -> int:
    """Position of a role in ROLES; unknown roles rank below every real one."""
    return ROLES.index(role) if role in ROLES else -1


# What `role_required()` without a role asks for: any active account, the commissioner included.
ANY_STAFF = "staff"
REQUIRED_ROLES = (*ALL_ROLES, ANY_STAFF)


def role_allows(role: str, needed: str) -> bool:
    """Whether an account with `role` may open a page that requires `needed`."""
    if needed == ANY_STAFF:
        return role in ALL_ROLES
    if needed == COMMISSIONER:
        return role in (COMMISSIONER, "admin")
    return role_rank(role) >= role_rank(needed) >= 0


def has_role(user, role: str) -> bool:
    """True when `user` is logged in, active and holds `role` or a higher one (see role_allows)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return role_allows(user.role, role)


def role_required(*roles: str):
    """Decorator: anonymous users go to the login page; users whose role does not allow the page get 403.

    With no roles any logged-in staff member (the commissioner too) may enter.
    """
    unknown = [r for r in roles if r not in ALL_ROLES]
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    if COMMISSIONER in roles and len(roles) > 1:
        raise ValueError("the commissioner role stands alone")
    needed = min(roles, key=role_rank) if roles else ANY_STAFF

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if not has_role(current_user, needed):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_role = needed
        return wrapped

    return decorator


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher()[0].hash(password)


def check_password(user: User | None, password: str) -> bool:
    """True when the password matches; spends the same work whether or not the user exists."""
    hasher, dummy = _hasher()
    if user is None:
        try:
            hasher.verify(dummy, password)
        except VerificationError:
            pass
        return False
    try:
        hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if hasher.check_needs_rehash(user.password_hash):
        # The configured cost went up since this hash was made: upgrade it while we know the password.
        user.password_hash = hasher.hash(password)
    return True


def authenticate(username: str, password: str) -> User | None:
    """The active user with this name and password, or None (never says which part was wrong)."""
    user = db.session.scalar(select(User).where(User.username == username.strip()))
    ok = check_password(user, password)
    if not ok or user is None or not user.active:
        return None
    return user


@login.user_loader
def load_user(session_id: str) -> User | None:
    """Find the session's user; a changed session token (new password, disabled) ends the session."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdecimal() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token or not user.active:
        return None
    return user


# --- command line: `flask --app wsgi users create NAME --role admin` ----------------------------

users_cli = AppGroup("users", help="Create and manage staff accounts.")


def _read_password(confirm: bool = True) -> str:
    """Read a password from a prompt (terminal) or from the first line of standard input (scripts)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\r\n")


CLI_PASSWORD_PROBLEMS = {
    SHORT: f"The password needs {MIN_LENGTH} to {MAX_LENGTH} characters.",
    COMMON: "This password is one of the most common passwords, which attackers try first.",
    PATTERN: "This password is a repetition or a sequence (such as aaaa, 1234 or qwerty), which attackers try first.",
    CONTEXT: "This password is built from the user name or from words everyone here knows (kiosk, migration, "
    "the Service's name).",
}


def _valid_password(password: str, username: str) -> str:
    """The password, or a refusal that says why (the same rules as the admin forms)."""
    problem = SHORT if len(password) > MAX_LENGTH else password_problem(password, username)
    if problem:
        advice = "" if problem == SHORT else " Choose another: a few unrelated words make a good password."
        raise click.ClickException(CLI_PASSWORD_PROBLEMS[problem] + advice)
    return password


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ALL_ROLES), default="editor", show_default=True)
@click.option("--language", type=click.Choice(ADMIN_LANGUAGES), default="ru", show_default=True)
def users_create(username: str, role: str, language: str) -> None:
    """Create a staff account; the password is read from a prompt or standard input, never an argument."""
    from core import audit

    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise click.ClickException(f"User {username!r} already exists.")
    password = _valid_password(_read_password(), username)
    user = User(username=username, role=role, language=language, password_hash=hash_password(password),
                password_changed_at=utcnow())  # fmt: skip
    db.session.add(user)
    audit.record(audit.USER_CREATE, "cli", {"user": username, "role": role}, commit=False)
    db.session.commit()
    click.echo(f"Created {role} {username}.")


@users_cli.command("set-password")
@click.argument("username")
def users_set_password(username: str) -> None:
    """Set a new password (from a prompt or standard input) and end the user's sessions."""
    from core import audit

    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"No user {username!r}.")
    user.password_hash = hash_password(_valid_password(_read_password(), username))
    user.password_changed_at = utcnow()
    user.session_token = new_session_token()
    audit.record(audit.PASSWORD_CHANGE, "cli", {"user": username}, commit=False)
    db.session.commit()
    click.echo(f"Password of {username} changed.")


@users_cli.command("list")
def users_list() -> None:
    """List staff accounts with their roles."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}")
