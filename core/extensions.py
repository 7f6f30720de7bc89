"""Flask extensions, created unbound and initialised by the app factory."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# Named constraints so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login = LoginManager()
# Storage for the login limits (RATELIMIT_STORAGE_URI: Redis when several workers run). The login view
# checks its limits itself (core/login_limits.py); Flask-Limiter 4 has no `auto_check=False` switch any
# more, so its per-request hook is turned off with its public request filter instead of being patched.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@limiter.request_filter
def _limits_are_checked_by_the_views() -> bool:
    """Exempt every request from Flask-Limiter's automatic check: no route relies on it."""
    return True


# Errors meaning "the database is not answering" (a restart, the network, SQLite locked for too long),
# as opposed to a constraint or data error, which is a bug and must stay a logged 500.
DATABASE_DOWN = (OperationalError, InterfaceError)


def forget_failed_transaction(app, error: DBAPIError) -> None:
    """After the database dropped out mid-request: log one line (not the statement or its values,
    which may hold staff texts) and roll back, so nothing of the request is kept."""
    cause = error.orig or error
    lines = str(cause).strip().splitlines()
    app.logger.warning("database unavailable: %s: %s", type(cause).__name__, lines[0] if lines else "")
    try:
        db.session.rollback()
    except DBAPIError:
        pass  # the connection is gone; the pool replaces it (pre-ping) once the database is back
