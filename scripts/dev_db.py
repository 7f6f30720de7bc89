"""`make run`'s database step: migrate and seed only when something changed since the last run.

Migrations run when the database's Alembic revision differs from the heads in migrations/versions/
(a `git pull` that brings a migration changes the heads; a deleted database has no revision). The
starter content is loaded again when its source changed (core/starter_content.py, core/seed.py and
every file under content/, hashed) or the database did, kept in instance/seed.stamp. Loading it is
idempotent anyway; the stamp only saves the seconds it takes to start the whole app for nothing.

Usage: python scripts/dev_db.py [--force]
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAMP = ROOT / "instance" / "seed.stamp"
SEED_SOURCES = ("core/starter_content.py", "core/seed.py")
CONTENT_DIR = ROOT / "content"


def _config_module():
    """core/config.py on its own: importing the `core` package would build the whole app (slow)."""
    spec = importlib.util.spec_from_file_location("_kiosk_config", ROOT / "core" / "config.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def database_url() -> str:
    """The URL the app will use (DATABASE_URL, else the SQLite file in instance/)."""
    config = _config_module()
    default = f"sqlite:///{ROOT / 'instance' / 'kiosk.db'}"
    return config.database_url(os.environ.get("DATABASE_URL") or default)


def migration_heads() -> set[str]:
    """Revisions in migrations/versions/ that no other revision builds on."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        values = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            target = node.target if isinstance(node, ast.AnnAssign) else target
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value:
                values[target.id] = ast.literal_eval(node.value)
        if "revision" not in values:
            continue
        revisions.add(values["revision"])
        down = values.get("down_revision")
        parents.update(down if isinstance(down, (tuple, list)) else [down] if down else [])
    return revisions - parents


def database_revisions(url: str) -> set[str]:
    """The revisions recorded in the database (empty when it or its alembic_version table is missing)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return set()
        import sqlite3

        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            try:
                return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
            except sqlite3.OperationalError:
                return set()
    if url.startswith(("postgresql", "postgres")):
        import psycopg  # directly: SQLAlchemy alone takes longer to import than the whole check

        conninfo = "postgresql://" + url.split("://", 1)[1]
        with psycopg.connect(conninfo, connect_timeout=10) as conn:
            if conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
                return set()
            return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return set()
            return set(conn.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def seed_fingerprint(url: str) -> str:
    """A hash of the starter content's sources and of the database they were loaded into."""
    digest = hashlib.sha256(url.encode())
    files = [ROOT / name for name in SEED_SOURCES]
    if CONTENT_DIR.is_dir():
        files += sorted(p for p in CONTENT_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in files:
        if path.is_file():
            digest.update(b"\0" + str(path.relative_to(ROOT)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main(force: bool = False) -> int:
    """Bring the development database up to date; do nothing (fast) when it already is."""
    url = database_url()
    heads = migration_heads()
    current = database_revisions(url)
    migrate = force or current != heads
    fingerprint = seed_fingerprint(url)
    try:
        stamped = json.loads(STAMP.read_text())["fingerprint"]
    except (OSError, ValueError, KeyError):
        stamped = None
    seed = migrate or stamped != fingerprint
    if not seed:
        print(f"Database up to date (revision {', '.join(sorted(heads))}); starter content unchanged.")
        return 0

    sys.path.insert(0, str(ROOT))
    from flask_migrate import upgrade

    from core import create_app
    from core.extensions import db
    from core.seed import seed_content

    app = create_app()
    with app.app_context():
        if migrate:
            print(f"Migrating the database: {', '.join(sorted(current)) or 'empty'} -> {', '.join(sorted(heads))}")
            upgrade()
        added = seed_content()
        print(f"Starter content: {added} item(s) added." if added else "Starter content already loaded.")
        db.session.remove()
        db.engine.dispose()
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(json.dumps({"fingerprint": fingerprint}))
    return 0


if __name__ == "__main__":
    sys.exit(main(force="--force" in sys.argv[1:]))
