"""Shared fixtures: a fresh, migrated database per test (SQLite or PostgreSQL), app, client, servers.

Set TEST_DATABASE_URL=postgresql://user@host:5432/db to run the same suite on PostgreSQL.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core import create_app
from core.config import ROOT, database_url
from core.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
_counter = itertools.count()


class DatabaseFactory:
    """Makes throw-away databases from two templates: migrated only, and migrated + seeded."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.pg_admin = create_engine(database_url(PG_URL), isolation_level="AUTOCOMMIT") if PG_URL else None
        self.prefix = f"kiosk_{os.getpid()}"
        self.created: list[str] = []
        self.templates = {kind: self._build_template(kind) for kind in ("migrated", "seeded")}

    def _pg_url(self, name: str) -> str:
        return make_url(database_url(PG_URL)).set(database=name).render_as_string(hide_password=False)

    def _fresh_target(self, name: str) -> str:
        if self.pg_admin is None:
            return f"sqlite:///{self.workdir / (name + '.db')}"
        with self.pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self._pg_url(name)

    def _build_template(self, kind: str) -> str:
        name = f"{self.prefix}_tpl_{kind}"
        url = self._fresh_target(name)
        app = make_app(url, self.workdir / f"{name}.stamp")
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            if kind == "seeded":
                from core.seed import seed_content

                seed_content()
            db.session.remove()
            db.engine.dispose()
        if self.pg_admin is None:
            # Fold the WAL into the main file so a plain file copy is a complete database.
            with sqlite3.connect(self.workdir / f"{name}.db") as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
        return name

    def copy(self, kind: str) -> str:
        """A new database with the template's contents; returns its SQLAlchemy URL."""
        template = self.templates[kind]
        name = f"{self.prefix}_t{next(_counter)}"
        if self.pg_admin is None:
            target = self.workdir / f"{name}.db"
            shutil.copyfile(self.workdir / f"{template}.db", target)
            return f"sqlite:///{target}"
        with self.pg_admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        self.created.append(name)
        return self._pg_url(name)

    def drop(self, url: str) -> None:
        """Remove a copy made by `copy`."""
        if self.pg_admin is None:
            path = Path(make_url(url).database)
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return
        name = make_url(url).database
        with self.pg_admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.remove(name)

    def close(self) -> None:
        if self.pg_admin is None:
            return
        with self.pg_admin.connect() as conn:
            for name in self.created:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.pg_admin.dispose()


SPEECH_MARK = re.compile(r'<span class="say" data-s="[^"]*" data-a="[0-9a-f]{32}">([^<]*)</span>')


def unmarked(html: str) -> str:
    """A kiosk page without the speech marks around its sentences (issue 15), for tests that look
    for a piece of markup exactly as the template writes it."""
    return SPEECH_MARK.sub(r"\1", html)


def make_app(url: str, stamp: Path, **extra):
    """An app on the given database, with CSRF on (as in production)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "RELEASE_STAMP_PATH": str(stamp),
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": "test-secret-not-for-production",
            # Speech clips next to the test's release stamp, never in the checkout's instance/.
            "SPEECH_CACHE_DIR": str(stamp.parent / "speech"),
            **extra,
        }
    )


@pytest.fixture(scope="session")
def databases(tmp_path_factory) -> Iterator[DatabaseFactory]:
    """Session-wide database factory (templates are built once)."""
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.close()


def _db_fixture(databases: DatabaseFactory, kind: str) -> Iterator[str]:
    url = databases.copy(kind)
    yield url
    databases.drop(url)


@pytest.fixture
def db_url(databases) -> Iterator[str]:
    """URL of a fresh database holding the migrated schema and the starter content."""
    yield from _db_fixture(databases, "seeded")


@pytest.fixture
def empty_db_url(databases) -> Iterator[str]:
    """URL of a fresh database holding only the migrated schema."""
    yield from _db_fixture(databases, "migrated")


@pytest.fixture
def app_config() -> dict:
    """Extra config for the `app` fixture; override in a test module to change settings."""
    return {}


@pytest.fixture
def app(db_url, tmp_path, app_config):
    """The app on a fresh seeded database."""
    app = make_app(db_url, tmp_path / "release.stamp", **app_config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_app(empty_db_url, tmp_path):
    """The app on a fresh database without content."""
    app = make_app(empty_db_url, tmp_path / "release.stamp")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """Test client for `app`."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """CLI runner for `app`."""
    return app.test_cli_runner()


@dataclass(frozen=True)
class RedisServer:
    """Where the tests' Redis listens: a URL for redis-py and a storage URI for Flask-Limiter."""

    url: str
    storage_uri: str

    def client(self) -> redis.Redis:
        """A redis-py client."""
        return redis.Redis.from_url(self.url)


REDIS_MISSING = (
    "These tests need Redis. Either set TEST_REDIS_URL=redis://host:port/db to use a running one, or "
    "install the Debian package redis-server (apt-get install redis-server) so the tests can start "
    "their own throw-away instance; `make test` and .ci/run install it when run as root."
)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """TEST_REDIS_URL if set, else a throw-away redis-server on a Unix socket (no port, no disk)."""
    configured = os.environ.get("TEST_REDIS_URL")
    if configured:
        yield RedisServer(configured, configured)
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(REDIS_MISSING, pytrace=False)
    workdir = tmp_path_factory.mktemp("redis")
    sock = workdir / "redis.sock"
    cmd = [binary, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700", "--save", "",
           "--appendonly", "no", "--dir", str(workdir), "--logfile", str(workdir / "redis.log")]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    server = RedisServer(f"unix://{sock}?db=0", f"redis+unix://{sock}")
    deadline = time.monotonic() + 10
    while True:
        try:
            if server.client().ping():
                break
        except redis.RedisError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log = (workdir / "redis.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"redis-server did not start: {log}", pytrace=False)
            time.sleep(0.05)
    yield server
    proc.terminate()
    proc.wait(10)


SERVER_LOGS = ROOT / "tests" / "browser" / "artifacts" / "servers"
# Time, worker, request, status, size, duration, where a redirect went, whether a cookie came and went
# (not their values): enough to see a form post that was refused or a session that was not kept.
ACCESS_LOG_FORMAT = (
    '%(t)s pid=%(p)s "%(r)s" %(s)s %(B)s %(M)sms location="%({location}o)s" '
    "cookie_in=%({cookie}i).12s set_cookie=%({set-cookie}o).12s"
)


def _current_test_name() -> str:
    """The running test's name, made safe for a file name."""
    name = os.environ.get("PYTEST_CURRENT_TEST", "session").split(" ")[0].split("/")[-1]
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:120]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A real gunicorn process serving the app, for browser and integration tests."""

    def __init__(self, env: dict, workdir: Path, workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        self.workdir = workdir
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        # Kept after the run (git-ignored) so a failure can be traced to the requests that made it.
        SERVER_LOGS.mkdir(parents=True, exist_ok=True)
        stem = f"{_current_test_name()}-{self.port}"
        self.log = SERVER_LOGS / f"{stem}.log"
        self.access_log = SERVER_LOGS / f"{stem}.access.log"

    def start(self) -> Server:
        """Start gunicorn and wait until /healthz answers."""
        # A terminal runs with the terminal's own gunicorn settings (sync workers), as deployed.
        if self.env.get("KIOSK_ROLE") == "terminal":
            settings = ["-c", str(ROOT / "deploy" / "gunicorn.terminal.conf.py")]
        else:
            settings = ["--threads", "4", "--worker-class", "gthread"]
        logging = ["--access-logfile", str(self.access_log), "--access-logformat", ACCESS_LOG_FORMAT]
        cmd = [sys.executable, "-m", "gunicorn", *settings, *logging, "--bind", f"127.0.0.1:{self.port}",
               "--workers", str(self.workers), "wsgi:app"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code in (200, 503):
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start in time")

    def stop(self) -> None:
        """Stop gunicorn and wait for it."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def serve(databases, tmp_path) -> Iterator[Callable[..., Server]]:
    """Start real servers: `serve(KIOSK_FROZEN_NOW=..., IDLE_TIMEOUT_SECONDS="5")` on a fresh seeded DB."""
    servers: list[Server] = []
    urls: list[str] = []

    def start(db: str | None = None, workers: int = 1, **env: str) -> Server:
        url = db or databases.copy("seeded")
        if db is None:
            urls.append(url)
        base = {
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-not-for-production",
            "RELEASE_STAMP_PATH": str(tmp_path / f"stamp-{len(servers)}"),
            "SPEECH_CACHE_DIR": str(tmp_path / "speech"),
        }
        server = Server({**base, **env}, tmp_path, workers=workers).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    for url in urls:
        databases.drop(url)
