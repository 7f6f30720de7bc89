"""Load and fault drills. Each prints its figures and exits non-zero if a request was lost.

    python bench/faults.py publish      # 30 s of kiosk load while 3 releases are published
    python bench/faults.py kill-worker  # SIGKILL a gunicorn worker under load
    python bench/faults.py sqlite-lock  # concurrent reads + publishes on SQLite (WAL)
    python bench/faults.py pg-restart   # PostgreSQL restarted under load (central role); needs root
    python bench/faults.py all

Uses its own throw-away databases: SQLite in a temp dir, PostgreSQL database `kiosk_faults`
on PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
PAGES = ["/ru/", "/ky/", "/en/", "/ru/office", "/en/hotlines", "/ky/topics/work-abroad", "/healthz"]
MARKER = re.compile(r"Release marker (\d+)")
RELEASE_ATTR = re.compile(r'data-release="([0-9a-f]*)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Load:
    """Threads that request kiosk pages in a loop over keep-alive connections and record every outcome."""

    def __init__(self, port: int, threads: int = 8):
        self.port = port
        self.threads = threads
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.outcomes: list[tuple[float, str, int | str, str]] = []  # (time, path, status|error, body)

    def _worker(self, index: int) -> None:
        conn = None
        n = index
        while not self.stop.is_set():
            path = PAGES[n % len(PAGES)]
            n += 1
            started = time.monotonic()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", path)
                response = conn.getresponse()
                body = response.read().decode("utf-8", "replace")
                outcome: int | str = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn = None
                body, outcome = "", type(exc).__name__
            with self.lock:
                self.outcomes.append((started, path, outcome, body))

    def __enter__(self) -> Load:
        self.pool = [threading.Thread(target=self._worker, args=(i,), daemon=True) for i in range(self.threads)]
        for thread in self.pool:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.pool:
            thread.join(15)

    def failures(self, after: float = 0.0) -> list[tuple[float, str, int | str]]:
        """Requests that did not get a 200 (healthz may say 503 only while the database is down)."""
        return [(t, p, s) for t, p, s, _ in self.outcomes if t >= after and s != 200]


def prepare(url: str, workdir: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "drill-only", "PYTHONPATH": str(ROOT),
           "RELEASE_STAMP_PATH": str(workdir / "release.stamp")}  # fmt: skip
    for args in (["db", "upgrade"], ["seed"]):
        subprocess.run([PY, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    return env


def start_gunicorn(env: dict, workers: int = 2) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [PY, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "4",
         "--worker-class", "gthread", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def publish_marker(env: dict, number: int) -> str:
    """Change a topic title to a numbered marker in all languages and publish; returns the release hash."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "RELEASE_STAMP_PATH", "SECRET_KEY")}
    os.environ.update({k: env[k] for k in saved})
    try:
        from sqlalchemy import select

        from core import create_app
        from core.extensions import db
        from core.models import Topic
        from core.publishing import publish

        app = create_app()
        with app.app_context():
            topic = db.session.scalar(select(Topic).where(Topic.slug == "work-abroad"))
            title = f"Release marker {number}"
            topic.texts = {lang: {**fields, "title": title} for lang, fields in topic.texts.items()}
            db.session.commit()
            release = publish(author="drill", comment=f"marker {number}")
            digest = release.content_hash
            db.session.remove()
            db.engine.dispose()
        return digest
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def report(name: str, load: Load, failures: list, extra: str = "") -> bool:
    total = len(load.outcomes)
    statuses = Counter(str(s) for _, _, s, _ in load.outcomes)
    ok = not failures
    print(f"[{name}] {total} requests, statuses {dict(statuses)}; failures counted: {len(failures)} {extra}")
    print(f"[{name}] {'PASS' if ok else 'FAIL'}")
    return ok


def drill_publish(seconds: int = 30) -> bool:
    """Kiosk load while three releases are published: no failure, every page from one whole release."""
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(f"sqlite:///{tmp}/drill.db", Path(tmp))
        proc, port = start_gunicorn(env)
        hashes: dict[str, int | None] = {}
        try:
            with Load(port) as load:
                for n in range(1, 4):
                    time.sleep(seconds / 4)
                    hashes[publish_marker(env, n)] = n
                time.sleep(seconds / 4)
        finally:
            proc.terminate()
            proc.wait()
    mixed = []
    seen_markers = Counter()
    for _, path, status, body in load.outcomes:
        if status != 200 or path != "/ru/":
            continue
        release = RELEASE_ATTR.search(body)
        marker = MARKER.search(body)
        expected = hashes.get(release.group(1)) if release else None
        got = int(marker.group(1)) if marker else None
        seen_markers[got] += 1
        if expected != got:
            mixed.append((release.group(1)[:8] if release else None, got))
    failures = load.failures() + mixed
    return report("publish", load, failures, f"; home pages per marker {dict(seen_markers)}; mixed pages {len(mixed)}")


def gunicorn_workers(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def drill_kill_worker(seconds: int = 12) -> bool:
    """SIGKILL one worker under load; after gunicorn has replaced it, nothing fails."""
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(f"sqlite:///{tmp}/drill.db", Path(tmp))
        proc, port = start_gunicorn(env)
        try:
            with Load(port) as load:
                time.sleep(seconds / 3)
                before = gunicorn_workers(proc.pid)
                victim = before[0]
                os.kill(victim, signal.SIGKILL)
                killed_at = time.monotonic()
                replaced_at = None
                while time.monotonic() - killed_at < 20:
                    now = gunicorn_workers(proc.pid)
                    if len(now) == len(before) and victim not in now:
                        replaced_at = time.monotonic()
                        break
                    time.sleep(0.05)
                time.sleep(seconds / 3)
        finally:
            proc.terminate()
            proc.wait()
    if replaced_at is None:
        print("[kill-worker] FAIL: the worker was not replaced")
        return False
    during = [f for f in load.failures() if killed_at <= f[0] < replaced_at]
    after = load.failures(after=replaced_at)
    note = f"; replaced in {replaced_at - killed_at:.2f} s; failed while the worker died: {len(during)}"
    return report("kill-worker", load, after, note)


def drill_sqlite_lock(seconds: int = 15) -> bool:
    """Many readers and repeated publishes on one SQLite file: no 'database is locked' reaches a user."""
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(f"sqlite:///{tmp}/drill.db", Path(tmp))
        proc, port = start_gunicorn(env, workers=2)
        try:
            with Load(port, threads=12) as load:
                deadline = time.monotonic() + seconds
                n = 0
                while time.monotonic() < deadline:
                    n += 1
                    publish_marker(env, n)
        finally:
            proc.terminate()
            proc.wait()
    locked = [o for o in load.outcomes if "database is locked" in o[3]]
    return report("sqlite-lock", load, load.failures() + locked, f"; publishes {n}; 'locked' bodies {len(locked)}")


def drill_pg_restart(seconds: int = 10) -> bool:
    """PostgreSQL restarted under load: failures only inside the restart window, then full recovery."""
    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "kiosk_faults" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "kiosk_faults"'))
    engine.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/kiosk_faults"
    clusters = sorted(os.listdir("/etc/postgresql"))
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(url, Path(tmp))
        proc, port = start_gunicorn(env)
        try:
            with Load(port) as load:
                time.sleep(seconds / 2)
                down_at = time.monotonic()
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "restart"],
                               check=True, capture_output=True)  # fmt: skip
                up_at = time.monotonic()
                time.sleep(seconds / 2)
        finally:
            proc.terminate()
            proc.wait()
    during = [f for f in load.failures() if down_at <= f[0] <= up_at + 1.0]
    after = load.failures(after=up_at + 1.0)
    return report("pg-restart", load, after,
                  f"; restart took {up_at - down_at:.2f} s; failed inside the window: {len(during)}")  # fmt: skip


DRILLS = {"publish": drill_publish, "kill-worker": drill_kill_worker, "sqlite-lock": drill_sqlite_lock,
          "pg-restart": drill_pg_restart}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drill", choices=[*DRILLS, "all"])
    args = parser.parse_args()
    names = list(DRILLS) if args.drill == "all" else [args.drill]
    results = {name: DRILLS[name]() for name in names}
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
