"""The application factory."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import flask_babel
from flask import Flask, g, jsonify
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import ROOT, load_config
from core.extensions import babel, csrf, db, limiter, login, migrate
from core.fleet.settings import load_fleet_config
from core.version import APP_VERSION


def create_app(config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, error handlers."""
    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
        template_folder="templates",
    )
    from core.security import init_input_checks

    init_input_checks(app)  # before any route exists: it sets the `int` URL converter
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(load_fleet_config())
    if config:
        app.config.update(config)
    _refuse_unshared_limits(app.config)
    from kiosk.fastpath import WarmPages

    app.wsgi_app = WarmPages(app, app.wsgi_app)  # inside ProxyFix, so it sees the client's scheme
    if app.config["TRUSTED_PROXIES"]:
        # Behind a proxy every request would share the proxy's address (and one login limit).
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    _init_extensions(app)
    _register_blueprints(app)
    _register_health(app)
    _register_error_handlers(app)
    from core.assets import init_assets
    from core.security import init_security_headers

    init_assets(app)
    init_security_headers(app)
    from core.speech import init_speech

    init_speech(app)
    from core.cli import register_cli

    register_cli(app)
    return app


def _refuse_unshared_limits(config) -> None:
    """Several central servers (RELEASE_SIGNAL=database) must count login attempts and heartbeats in one
    shared store: with memory:// each server would let the whole limit through on its own."""
    if (
        config["KIOSK_ROLE"] == "central"
        and config.get("RELEASE_SIGNAL") == "database"
        and str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://")
    ):
        raise RuntimeError(
            "RELEASE_SIGNAL=database means several central servers: set RATELIMIT_STORAGE_URI to the Redis they "
            "share (for example redis://10.0.0.5:6379/0), or each server would count login attempts on its own."
        )


def _init_extensions(app: Flask) -> None:
    from core.i18n import select_locale

    db.init_app(app)

    @app.teardown_appcontext
    def _end_session_even_if_the_database_is_gone(_exc):
        # Runs before Flask-SQLAlchemy's own teardown (teardowns run in reverse order). When the
        # database went away after the response was made, closing the session fails too; that must not
        # turn a finished answer into a 500. The dead connection is already invalidated by then.
        try:
            db.session.remove()
        except DBAPIError:
            db.session.registry.clear()

    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_locale)
    # flask-babel caches the locale on the app context, which can outlive one request (tests,
    # CLI-driven renders): pick it afresh for every request.
    app.before_request(flask_babel.refresh)
    csrf.init_app(app)
    _init_login(app)
    limiter.init_app(app)


def _init_login(app: Flask) -> None:
    import core.auth  # noqa: F401  (registers the user loader)

    login.init_app(app)
    login.login_view = "admin.login"

    @app.before_request
    def _forget_previous_request_user():
        # `g` lives as long as the app context, which can span several requests (tests, CLI renders):
        # never let one request see the user or CSRF token loaded for another.
        g.pop("_login_user", None)
        g.pop("csrf_token", None)


def _register_blueprints(app: Flask) -> None:
    from core.fleet.local import bp as fleet_local_bp
    from kiosk import bp as kiosk_bp

    app.register_blueprint(kiosk_bp)
    app.register_blueprint(fleet_local_bp)
    if app.config["KIOSK_ROLE"] == "central":
        from admin import bp as admin_bp
        from core.fleet.api import bp as fleet_api_bp

        app.register_blueprint(admin_bp, url_prefix="/admin")
        app.register_blueprint(fleet_api_bp)


def _register_error_handlers(app: Flask) -> None:
    from werkzeug.exceptions import RequestEntityTooLarge

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        """A body over MAX_CONTENT_LENGTH, refused before it was read. The staff panel answers with its
        own page in the staff member's language; terminals and scripts get JSON."""
        limit = app.config.get("MAX_CONTENT_LENGTH")
        return jsonify({"ok": False, "error": "request body too large", "max_bytes": limit}), 413


def _register_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """Liveness for ops and terminals: database reachable and the release shown."""
        from core.publishing import current_snapshot

        try:
            db.session.execute(text("SELECT 1"))
            snapshot = current_snapshot()
            database = True
        except Exception:  # any database failure means "not healthy", never a 500 page
            with contextlib.suppress(DBAPIError):
                db.session.rollback()
            snapshot, database = None, False
        body = {
            "status": "ok" if database and snapshot else "degraded",
            "database": database,
            "role": app.config["KIOSK_ROLE"],
            "version": APP_VERSION,
            "release": snapshot.number if snapshot else None,
            "content_hash": snapshot.content_hash if snapshot else None,
        }
        if app.config["KIOSK_ROLE"] == "terminal":
            from core.fleet.state import sync_health
            from core.models.base import utcnow

            body["sync"] = sync_health(utcnow())
        return jsonify(body), 200 if database else 503


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets kiosk readers work while a release is written; foreign keys are off by default."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
