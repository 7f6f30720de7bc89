"""Settings, read from environment variables (documented in .env.example)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ky", "ru", "en")
MAX_CONTENT_LENGTH = 2 * 1024 * 1024


def _env_list(name: str, default: str) -> tuple[str, ...]:
    """Split a comma-separated environment variable into a tuple."""
    raw = os.environ.get(name, default)
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _env_int(name: str, default: int) -> int:
    """Read an integer setting, failing loudly on garbage instead of guessing."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise RuntimeError(f"{name} must be an integer, got {raw!r}") from exc


def _env_flag(name: str, default: bool) -> bool:
    """Read a yes/no setting (1/0, true/false, yes/no); empty or unset gives the default."""
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise RuntimeError(f"{name} must be 1 or 0, got {raw!r}")


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY from the environment; a development run keeps a generated one in instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _report_keys(instance_path: Path) -> tuple[str, ...]:
    """REPORT_KEYS from the environment (Fernet keys, comma-separated, the newest first); a development
    run keeps a generated one in instance/report_key. Rotation: put a new key first, run
    `flask reports rotate-key`, then drop the old one."""
    keys = _env_list("REPORT_KEYS", "")
    if keys:
        return keys
    key_file = instance_path / "report_key"
    if key_file.exists():
        return (key_file.read_text().strip(),)
    import base64

    instance_path.mkdir(parents=True, exist_ok=True)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return (key,)


def _release_signal() -> str:
    value = os.environ.get("RELEASE_SIGNAL", "file").strip().lower() or "file"
    if value not in ("file", "database"):
        raise RuntimeError(f"RELEASE_SIGNAL must be 'file' or 'database', got {value!r}")
    return value


def _env_seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0.05 <= value <= 60:
        raise RuntimeError(f"{name} must be between 0.05 and 60 seconds")
    return value


def database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    default_db = f"sqlite:///{instance_path / 'kiosk.db'}"
    fallback = _env_list("FALLBACK_LANGUAGES", "ru,ky,en")
    unknown = [code for code in fallback if code not in LANGUAGES]
    if unknown:
        raise RuntimeError(f"FALLBACK_LANGUAGES has unknown codes: {unknown}")
    role = os.environ.get("KIOSK_ROLE", "central")
    if role not in ("central", "terminal"):
        raise RuntimeError("KIOSK_ROLE must be 'central' or 'terminal'")
    https = _env_flag("CENTRAL_HTTPS", False)
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(os.environ.get("DATABASE_URL") or default_db),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "KIOSK_ROLE": role,
        "LANGUAGES": LANGUAGES,
        "FALLBACK_LANGUAGES": fallback,
        "DEFAULT_LANGUAGE": os.environ.get("DEFAULT_LANGUAGE", "ru"),
        "BABEL_DEFAULT_LOCALE": "ru",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Bishkek",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "IDLE_TIMEOUT_SECONDS": _env_int("IDLE_TIMEOUT_SECONDS", 90),
        "IDLE_COUNTDOWN_SECONDS": _env_int("IDLE_COUNTDOWN_SECONDS", 15),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "").rstrip("/"),
        "RELEASE_STAMP_PATH": os.environ.get("RELEASE_STAMP_PATH", str(instance_path / "release.stamp")),
        # How a process learns of a new release: "file" (the stamp above: one server, or a terminal) or
        # "database" (several central servers on one database: core/release_signal.py), and then how old
        # the database's answer a page relies on may be, in seconds.
        "RELEASE_SIGNAL": _release_signal(),
        "RELEASE_SIGNAL_SECONDS": _env_seconds("RELEASE_SIGNAL_SECONDS", 0.5),
        "CENTRAL_URL": os.environ.get("CENTRAL_URL", "").rstrip("/"),
        "TERMINAL_TOKEN": os.environ.get("TERMINAL_TOKEN", ""),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Per account name (core/login_limits.py): wrong passwords allowed in a day before a lock, the first
        # lock, doubled at each further wrong password, and its ceiling.
        "LOGIN_ACCOUNT_FREE_ATTEMPTS": _env_int("LOGIN_ACCOUNT_FREE_ATTEMPTS", 5),
        "LOGIN_ACCOUNT_DELAY_SECONDS": _env_int("LOGIN_ACCOUNT_DELAY_SECONDS", 30),
        "LOGIN_ACCOUNT_MAX_DELAY_SECONDS": _env_int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 900),
        # The language translators work from: a change to it marks the other languages stale.
        "SOURCE_LANGUAGE": os.environ.get("SOURCE_LANGUAGE", "ru"),
        # Days a content check stays valid: older ones are listed on the dashboard for review.
        "REVIEW_MAX_AGE_DAYS": _env_int("REVIEW_MAX_AGE_DAYS", 180),
        # Number of reverse proxies in front of gunicorn whose X-Forwarded-For is trusted (0: none).
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        # Optional argon2id cost overrides (argon2-cffi defaults when 0).
        "ARGON2_TIME_COST": _env_int("ARGON2_TIME_COST", 0),
        "ARGON2_MEMORY_COST": _env_int("ARGON2_MEMORY_COST", 0),
        "ARGON2_PARALLELISM": _env_int("ARGON2_PARALLELISM", 0),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Central is reached over HTTPS (TLS ends at the proxy, deploy/nginx/central.conf): cookies are
        # sent over HTTPS only and addresses built outside a request use https.
        "CENTRAL_HTTPS": https,
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "SESSION_COOKIE_SECURE": _env_flag("SESSION_COOKIE_SECURE", https),
        "PERMANENT_SESSION_LIFETIME": _env_int("ADMIN_SESSION_MINUTES", 30) * 60,
        # Send the session cookie only when a request changed the session. Refreshed on every response,
        # a style sheet or favicon request that left with the old cookie came back after a language
        # switch or a login and put the old session back (the admin pages refresh it anyway: "seen").
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": None,
        # Largest request body read (bytes): a bigger declared body is refused with 413 before it is read.
        # The largest legitimate ones: an article saved in three languages (20,700 characters each,
        # up to 12 bytes per character once form-encoded: about 0.75 MB) and a terminal heartbeat (1 MB).
        # Keep deploy/nginx/central.conf's client_max_body_size equal to it.
        "MAX_CONTENT_LENGTH": _env_int("MAX_CONTENT_LENGTH", MAX_CONTENT_LENGTH),
        # One text part of a multipart form held in memory (a 20,000-character field is at most 80 KB),
        # and the number of parts (urlencoded forms are bounded by MAX_CONTENT_LENGTH alone).
        "MAX_FORM_MEMORY_SIZE": 256 * 1024,
        "MAX_FORM_PARTS": 1000,
        "KIOSK_FROZEN_NOW": os.environ.get("KIOSK_FROZEN_NOW", ""),
        # Traveller reports (issue 14). Keys that encrypt names, contacts and texts at rest.
        "REPORT_KEYS": _report_keys(instance_path),
        # Working days to answer (Law No. 67 of 4 May 2007 on citizens' appeals: 14; a bill would make it 10).
        "REPORT_ANSWER_WORKING_DAYS": _env_int("REPORT_ANSWER_WORKING_DAYS", 14),
        # Days after a report is closed before its name and contact are erased (the record stays).
        "REPORT_RETENTION_DAYS": _env_int("REPORT_RETENTION_DAYS", 365),
        # Reports accepted per kiosk (client address) and per browser session.
        "REPORT_RATE_LIMIT": os.environ.get("REPORT_RATE_LIMIT", "10 per hour"),
        "REPORT_SESSION_LIMIT": _env_int("REPORT_SESSION_LIMIT", 3),
        # Number prefix: a terminal gets its own from central with each heartbeat; this overrides it.
        "REPORT_NUMBER_PREFIX": os.environ.get("REPORT_NUMBER_PREFIX", "").strip(),
        # Speech (core/speech): on when espeak-ng is installed; clips cached by content hash in
        # SPEECH_CACHE_DIR (instance/speech by default), pruned of unused clips above SPEECH_CACHE_MAX_MB.
        "SPEECH_ENABLED": _env_flag("SPEECH_ENABLED", True),
        "SPEECH_CACHE_DIR": os.environ.get("SPEECH_CACHE_DIR", str(instance_path / "speech")),
        "SPEECH_CACHE_MAX_MB": _env_int("SPEECH_CACHE_MAX_MB", 300),
        "SPEECH_RATE": _env_int("SPEECH_RATE", 150),
        "SPEECH_FORMAT": os.environ.get("SPEECH_FORMAT", "ogg"),
        "SPEECH_BITRATE": _env_int("SPEECH_BITRATE", 16),
        # A terminal whose speech goes only to a headphone socket: the Listen button says so.
        # New phrases of spoken navigation a client address may have synthesized (already made: free).
        "SPEECH_SAY_LIMIT": os.environ.get("SPEECH_SAY_LIMIT", "120 per minute"),
        "SPEECH_HEADPHONES_ONLY": _env_flag("SPEECH_HEADPHONES_ONLY", False),
    }
