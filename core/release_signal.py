"""How a central process learns that another server published a release (RELEASE_SIGNAL=database).

One server alone, or a terminal, learns of a new release from the stamp file its publisher or sync
wrote on the same disk (core/publishing.py). Central servers behind a load balancer share only the
database, so there each process asks the database for the newest release's number and hash, in a
daemon thread every RELEASE_SIGNAL_SECONDS / 2, and keeps the answer with the moment the question was
asked.

What it must never get wrong: a page answered at time T relies on an answer whose question was asked
after T - RELEASE_SIGNAL_SECONDS. The warm-page fast path only compares that moment with the clock (no
database work); when the thread is late (a busy machine), the fast path steps aside and the Flask path
asks the database itself before it answers. So "published at P" means "every server shows it to every
request that arrives after P + RELEASE_SIGNAL_SECONDS", whatever the threads do.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

from flask import Flask
from sqlalchemy import select

from core.extensions import db
from core.models import Release

Head = tuple[int, str] | None  # (number, content hash) of the newest release; None before the first


class ReleaseWatch:
    """The newest release as this process last read it from the database, and when it asked."""

    def __init__(self, app: Flask, lease: float, clock: Callable[[], float] = time.monotonic):
        self.app = app
        with app.app_context():
            self.engine = db.engine  # thread-safe; asked directly, outside any request's session
        self.lease = lease
        self.clock = clock
        self.head: Head = None
        self.asked_at = float("-inf")
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.thread: threading.Thread | None = None

    def read(self) -> Head:
        """Ask the database now (a connection of its own, a fresh transaction) and remember the answer."""
        asked = self.clock()  # before the query: the answer is at least as new as this moment
        with self.engine.connect() as conn:
            row = conn.execute(
                select(Release.number, Release.content_hash).order_by(Release.number.desc()).limit(1)
            ).first()
        head = (row[0], row[1]) if row else None
        with self.lock:
            if asked > self.asked_at:
                self.head, self.asked_at = head, asked
        return head

    def fresh(self) -> tuple[bool, Head]:
        """(True, head) when the last answer was asked less than `lease` seconds ago; else (False, None)."""
        with self.lock:
            if self.clock() - self.asked_at < self.lease:
                return True, self.head
        return False, None

    def current(self) -> Head:
        """The head, asking the database only when the last answer is too old."""
        ok, head = self.fresh()
        return head if ok else self.read()

    def start(self) -> None:
        """Keep the answer fresh in a daemon thread (once per process: a forked worker starts its own)."""
        if self.thread is not None or not self.app.config.get("RELEASE_SIGNAL_THREAD", True):
            return
        self.thread = threading.Thread(target=self._run, name="release-watch", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        pause = max(self.lease / 2, 0.05)
        while True:
            try:
                self.read()
            except Exception:  # database away: the Flask path reports it; the fast path stays off meanwhile
                self.app.logger.warning("release watch: the database could not be asked", exc_info=True)
            time.sleep(pause)


_create_lock = threading.Lock()


def release_watch(app: Flask) -> ReleaseWatch | None:
    """This process's watch when RELEASE_SIGNAL=database, started on first use; None with the stamp file."""
    if app.config.get("RELEASE_SIGNAL") != "database":
        return None
    watch = app.extensions.get("release_watch")
    if watch is None or watch.pid != os.getpid():
        with _create_lock:
            watch = app.extensions.get("release_watch")
            if watch is None or watch.pid != os.getpid():
                watch = ReleaseWatch(app, float(app.config["RELEASE_SIGNAL_SECONDS"]))
                app.extensions["release_watch"] = watch
                watch.start()
    return watch
