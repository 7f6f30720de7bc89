"""Load and fault drills. Each prints its figures and exits non-zero if a request was lost.

    python bench/faults.py publish      # 30 s of kiosk load while 3 releases are published
    python bench/faults.py kill-worker  # SIGKILL a gunicorn worker under load
    python bench/faults.py sqlite-lock  # concurrent reads + publishes on SQLite (WAL)
    python bench/faults.py pg-restart   # PostgreSQL restarted under load (central role); needs root
    python bench/faults.py slow-client  # 8 trickling bodies + 40 trickling headers vs /healthz, through nginx
    python bench/faults.py heartbeat-flood  # one terminal token floods heartbeats; staff + 10 terminals go on
    python bench/faults.py all

Uses its own throw-away databases: SQLite in a temp dir, PostgreSQL database `kiosk_faults`
on PG_ADMIN_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import http.client
import json
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
from contextlib import contextmanager
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


class Workers:
    """Threads running the subclass's `_worker(*job)` for each job of its `_jobs()`, until the `with`
    block ends and sets `stop`."""

    def __enter__(self):
        self.pool = [threading.Thread(target=self._worker, args=job, daemon=True) for job in self._jobs()]
        for thread in self.pool:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.pool:
            thread.join(15)


class Load(Workers):
    """Threads that request kiosk pages in a loop over keep-alive connections and record every outcome."""

    def __init__(self, port: int, threads: int = 8):
        self.port = port
        self.threads = threads
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # (sent, path, status|error, body, answered)
        self.outcomes: list[tuple[float, str, int | str, str, float]] = []

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
                self.outcomes.append((started, path, outcome, body, time.monotonic()))

    def _jobs(self) -> list[tuple]:
        return [(i,) for i in range(self.threads)]

    def failures(self, after: float = 0.0) -> list[tuple[float, str, int | str]]:
        """Requests sent at or after `after` that did not get a 200."""
        return [(t, p, s) for t, p, s, _, _ in self.outcomes if t >= after and s != 200]

    def failures_outside(self, start: float, end: float) -> list[tuple[float, str, int | str]]:
        """Failed requests that were not under way at any moment between start and end."""
        return [(t, p, s) for t, p, s, _, done in self.outcomes if s != 200 and (done < start or t > end)]


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


@contextmanager
def drill_app(env: dict):
    """The drill's central app, in its app context, built from the drill's environment; the process
    environment is restored afterwards and the database connections closed."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "RELEASE_STAMP_PATH", "SECRET_KEY")}
    os.environ.update({k: env[k] for k in saved})
    try:
        from core import create_app
        from core.extensions import db

        app = create_app()
        with app.app_context():
            try:
                yield db
            finally:
                db.session.remove()
                db.engine.dispose()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def publish_marker(env: dict, number: int) -> str:
    """Change a topic title to a numbered marker in all languages and publish; returns the release hash."""
    from sqlalchemy import select

    from core.models import Topic
    from core.publishing import publish

    with drill_app(env) as db:
        topic = db.session.scalar(select(Topic).where(Topic.slug == "work-abroad"))
        title = f"Release marker {number}"
        topic.texts = {lang: {**fields, "title": title} for lang, fields in topic.texts.items()}
        db.session.commit()
        return publish(author="drill", comment=f"marker {number}").content_hash


def report(name: str, load: Load, failures: list, extra: str = "") -> bool:
    total = len(load.outcomes)
    statuses = Counter(str(o[2]) for o in load.outcomes)
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
    for _, path, status, body, _ in load.outcomes:
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
    # Requests the killed worker was serving die with it; that is what SIGKILL means.
    in_flight = [o for o in load.outcomes if o[2] != 200 and o[0] < killed_at <= o[4]]
    early = load.failures_outside(killed_at, float("inf"))  # failed although the kill had not happened
    during = [f for f in load.failures() if killed_at <= f[0] < replaced_at]
    after = load.failures(after=replaced_at)
    note = (f"; replaced in {replaced_at - killed_at:.2f} s; cut off in flight by the kill: {len(in_flight)}; "
            f"failed while the worker was replaced: {len(during)}; failed before the kill: {len(early)}")  # fmt: skip
    return report("kill-worker", load, early + after, note)


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


class Saves(Workers):
    """Staff saving articles through the real admin form, over and over, each saver its own article.

    Every save writes the same marker into the title in ky, ru and en, so a half-applied save shows.
    """

    def __init__(self, port: int, article_ids: list[int], user: str, password: str):
        self.base = f"http://127.0.0.1:{port}/admin"
        self.article_ids = article_ids
        self.user, self.password = user, password
        self.stop = threading.Event()
        self.lock = threading.Lock()
        # (sent, article, marker, status|error, answered)
        self.outcomes: list[tuple[float, int, str, int | str, float]] = []

    def _session(self):
        import requests

        from tests.admin.conftest import read_form  # the form reader the admin tests use

        session = requests.Session()
        while not self.stop.is_set():
            try:
                form = read_form(session.get(f"{self.base}/login", timeout=10).text, "narrow")
                form.update(username=self.user, password=self.password)
                if session.post(f"{self.base}/login", data=form, allow_redirects=False, timeout=10).status_code == 302:
                    return session, read_form
            except (requests.RequestException, AssertionError):
                pass
            time.sleep(0.2)
        return None, read_form

    def _worker(self, index: int, article_id: int) -> None:
        import requests

        session, read_form = self._session()
        url = f"{self.base}/content/article/{article_id}"
        n = 0
        while session is not None and not self.stop.is_set():
            try:
                page = session.get(url, timeout=10)
                if page.status_code != 200:
                    raise requests.RequestException(f"editor answered {page.status_code}")
                form = read_form(page.text)
            except (requests.RequestException, AssertionError):
                time.sleep(0.1)  # the editor could not be opened: nothing was sent, nothing to check
                continue
            n += 1
            marker = f"Drill save {index}-{n}"
            form.update(title_ky=marker, title_ru=marker, title_en=marker, save="Save")
            started = time.monotonic()
            try:
                outcome: int | str = session.post(url, data=form, allow_redirects=False, timeout=10).status_code
            except requests.RequestException as exc:
                outcome = type(exc).__name__
            with self.lock:
                self.outcomes.append((started, article_id, marker, outcome, time.monotonic()))

    def _jobs(self) -> list[tuple]:
        return list(enumerate(self.article_ids, 1))

    def audit(self, url: str) -> dict:
        """Compare what staff were told with what the database holds."""
        from sqlalchemy import create_engine, text

        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as conn:
            revisions = conn.execute(text(
                "SELECT item_id, number, data FROM revision WHERE item_type = 'article' AND action = 'save'"
            )).all()  # fmt: skip
            audited = {(row.detail["id"], row.detail["revision"]) for row in conn.execute(text(
                "SELECT detail FROM audit_event WHERE event = 'item.save'"
            ))}  # fmt: skip
            finals = dict(conn.execute(text("SELECT id, texts FROM article")).all())
        engine.dispose()
        stored: dict[str, tuple[int, int]] = {}
        half: list[str] = []
        for item_id, number, data in revisions:
            data = data if isinstance(data, dict) else json.loads(data)
            titles = {data["texts"][lang]["title"] for lang in ("ky", "ru", "en")}
            if len(titles) != 1:
                half.append(f"revision {item_id}/{number} mixes {sorted(titles)}")
            if (item_id, number) not in audited:
                half.append(f"revision {item_id}/{number} has no audit entry")
            stored[titles.pop()] = (item_id, number)
        newest = {}
        for item_id, number, data in revisions:
            if number > newest.get(item_id, (0, None))[0]:
                newest[item_id] = (number, data if isinstance(data, dict) else json.loads(data))
        for article_id in self.article_ids:
            texts = finals[article_id] if isinstance(finals[article_id], dict) else json.loads(finals[article_id])
            titles = {lang: texts[lang]["title"] for lang in ("ky", "ru", "en")}
            kept = None
            if article_id in newest:
                kept = {lang: newest[article_id][1]["texts"][lang]["title"] for lang in titles}
            if titles != kept:  # the article row must be exactly its newest revision
                half.append(f"article {article_id} holds {titles}, its newest revision {kept}")
        acked = [o for o in self.outcomes if o[3] == 302]
        lost = [o for o in acked if o[2] not in stored]
        refused_but_kept = [o for o in self.outcomes if o[3] != 302 and o[2] in stored]
        return {"acked": acked, "lost": lost, "half": half, "refused_but_kept": refused_but_kept}


def create_staff(env: dict, user: str, password: str) -> None:
    command = [PY, "-m", "flask", "--app", "wsgi", "users", "create", user, "--role", "editor", "--language", "en"]
    subprocess.run(command, cwd=ROOT, env=env, input=password + "\n", text=True, check=True, capture_output=True)


def drill_pg_restart(seconds: int = 10) -> bool:
    """PostgreSQL restarted under kiosk load and staff saves: failures only inside the restart window,
    then full recovery; no acknowledged save lost, no save half-applied."""
    from sqlalchemy import create_engine, text

    admin_url = os.environ.get("PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "kiosk_faults" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "kiosk_faults"'))
    engine.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/kiosk_faults"
    clusters = sorted(os.listdir("/etc/postgresql"))
    user, password = "drill-editor", "drill password, not a secret"
    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(url, Path(tmp))
        create_staff(env, user, password)
        article_ids = _first_articles(url, 3)
        proc, port = start_gunicorn(env)
        try:
            with Load(port) as load, Saves(port, article_ids, user, password) as saves:
                time.sleep(seconds / 2)
                down_at = time.monotonic()
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "restart"],
                               check=True, capture_output=True)  # fmt: skip
                up_at = time.monotonic()
                time.sleep(seconds / 2)
        finally:
            proc.terminate()
            proc.wait()
        found = saves.audit(url)
    window_end = up_at + 1.0
    during = [f for f in load.failures() if down_at <= f[0] <= window_end]
    after = load.failures_outside(down_at, window_end)  # before or after the outage: none may fail
    save_statuses = Counter(str(o[3]) for o in saves.outcomes)
    # A save may be refused (503, "nothing was saved") only if it was under way while the database was down.
    bad_saves = [o for o in saves.outcomes
                 if o[3] != 302 and not (o[3] == 503 and o[0] <= window_end and o[4] >= down_at)]  # fmt: skip
    print(f"[pg-restart] staff saves {len(saves.outcomes)}, statuses {dict(save_statuses)}; acknowledged "
          f"{len(found['acked'])}, lost {len(found['lost'])}, half-applied {len(found['half'])}, refused with 503 "
          f"but kept {len(found['refused_but_kept'])}; other failures {len(bad_saves)}")  # fmt: skip
    for problem in [*found["lost"], *found["half"], *bad_saves][:10]:
        print(f"[pg-restart]   {problem}")
    under_way = [o for o in saves.outcomes if o[0] <= window_end and o[4] >= down_at]
    print(f"[pg-restart] saves under way during the restart or the second after it: {len(under_way)}")
    if not found["acked"] or not under_way:
        print("[pg-restart] FAIL: no save was made (while the database restarted): the drill proves nothing")
        return False
    failures = after + found["lost"] + found["half"] + bad_saves
    by_path = dict(Counter(f"{path} {status}" for _, path, status in during))
    note = f"; restart took {up_at - down_at:.2f} s; failed inside the window: {len(during)} {by_path}"
    return report("pg-restart", load, failures, note)


def _first_articles(url: str, count: int) -> list[int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        ids = list(conn.execute(text("SELECT id FROM article ORDER BY id LIMIT :n"), {"n": count}).scalars())
    engine.dispose()
    return ids


# --- slow clients (issue 10, item 4) --------------------------------------------------------------


SLOW_BODY_START = (
    b"POST /admin/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
)


class SlowClients(Workers):
    """Attack connections that never finish a request: some trickle a POST body, some their headers, one
    byte a second, reconnecting whenever the server gives up on them; and one probe of /healthz."""

    def __init__(self, port: int, tls: bool, bodies: int = 8, headers: int = 40):
        self.port, self.tls = port, tls
        self.bodies, self.headers = bodies, headers
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.closed_by_server = Counter()  # attack kind -> times the server closed or answered it
        self.trickled = 0  # bytes the attack sent
        self.probes: list[tuple[float, int | str, float]] = []  # (sent, status|error, seconds)

    def _jobs(self):
        return [("body",)] * self.bodies + [("headers",)] * self.headers + [("probe",)]

    def _connect(self, timeout: float) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.tls:
            import ssl

            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname="127.0.0.1")
        return sock

    def _worker(self, kind: str) -> None:
        if kind == "probe":
            self._probe()
            return
        while not self.stop.is_set():
            try:
                sock = self._connect(timeout=5)
                start = SLOW_BODY_START if kind == "body" else b"GET /ru/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                sock.sendall(start)
                n = 0
                while not self.stop.wait(1.0):
                    sock.sendall(b"a" if kind == "body" else f"X-Slow-{n}: 1\r\n".encode())
                    n += 1
                    with self.lock:
                        self.trickled += 1
            except OSError:
                with self.lock:
                    self.closed_by_server[kind] += 1
                self.stop.wait(0.2)
                continue
            finally:
                try:
                    sock.close()
                except (OSError, UnboundLocalError):
                    pass

    def _probe(self) -> None:
        self.stop.wait(3)  # let every attack connection settle in first
        while not self.stop.is_set():
            sent = time.monotonic()
            try:
                sock = self._connect(timeout=5)
                sock.settimeout(5)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                answer = sock.recv(64).decode("latin-1")
                sock.close()
                status: int | str = int(answer.split(" ", 2)[1]) if answer.startswith("HTTP/") else "no answer"
            except (OSError, ValueError, IndexError) as exc:
                status = type(exc).__name__
            with self.lock:
                self.probes.append((sent, status, time.monotonic() - sent))
            self.stop.wait(0.5)


def _slow_client_round(name: str, port: int, tls: bool, seconds: int) -> tuple[int, int]:
    """Attack one address for `seconds`, probing /healthz; print the figures; return (probes, failed)."""
    with SlowClients(port, tls) as attack:
        time.sleep(seconds)
    probes = attack.probes
    failed = [p for p in probes if p[1] != 200]
    times = sorted(p[2] for p in probes if p[1] == 200) or [float("nan")]
    why = dict(Counter(str(p[1]) for p in failed))
    print(f"[slow-client] {name}: {attack.bodies} trickling bodies + {attack.headers} trickling headers for "
          f"{seconds} s; /healthz probes {len(probes)}, failed {len(failed)} {why}; "
          f"answered in p50 {times[len(times) // 2] * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms; "
          f"attack connections closed by the server: {dict(attack.closed_by_server)}; "
          f"bytes trickled {attack.trickled}")  # fmt: skip
    return len(probes), len(failed)


def drill_slow_client(seconds: int = 25) -> bool:
    """Slow clients against central as deployed (gunicorn behind the shipped deploy/nginx/central.conf):
    /healthz must keep answering. Without nginx on the machine the drill hits gunicorn directly, shows
    what the front is for, and fails."""
    from deploy.nginx.local_front import LocalFront, nginx_binary

    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(f"sqlite:///{tmp}/drill.db", Path(tmp))
        env.update({"TRUSTED_PROXIES": "1", "CENTRAL_HTTPS": "1"})
        proc, port = start_gunicorn(env)  # 2 gthread workers x 4 threads, as central's settings
        front = None
        try:
            if nginx_binary() is None:
                print("[slow-client] nginx is not installed (apt-get install -y nginx): attacking gunicorn directly")
                probes, failed = _slow_client_round("gunicorn without the front", port, False, seconds)
                print("[slow-client] FAIL: central needs the front of deploy/nginx/central.conf")
                return False
            front = LocalFront(Path(tmp) / "nginx", port).start()
            probes, failed = _slow_client_round("through nginx (deploy/nginx/central.conf)", front.https_port, True,
                                                seconds)  # fmt: skip
            front.stop()
            front = None
            # For comparison only (does not decide the result): the same attack straight at gunicorn.
            _slow_client_round("for comparison, gunicorn without the front", port, False, seconds)
        finally:
            if front is not None:
                front.stop()
            proc.terminate()
            proc.wait()
    ok = probes > 0 and failed == 0
    print(f"[slow-client] {'PASS' if ok else 'FAIL'}")
    return ok


class HeartbeatPosts(Workers):
    """Threads posting heartbeats, each on a new connection: either one token flooding as fast as it
    can (`pause` 0), or one thread per terminal reporting every `pause` seconds."""

    def __init__(self, port: int, tokens: list[str], bodies, pause: float = 0.0, threads: int | None = None):
        self.port, self.tokens, self.bodies, self.pause = port, tokens, bodies, pause
        self.threads = threads or len(tokens)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.outcomes: list[tuple[float, str, int | str, float]] = []  # (sent, token hint, status|error, answered)

    def _post(self, token: str, body: bytes) -> int | str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("POST", "/api/terminal/heartbeat", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException) as exc:
            return type(exc).__name__
        finally:
            conn.close()

    def _worker(self, index: int) -> None:
        token = self.tokens[index % len(self.tokens)]
        n = index
        while not self.stop.is_set():
            body = self.bodies(n)
            n += 1
            started = time.monotonic()
            outcome = self._post(token, body)
            with self.lock:
                self.outcomes.append((started, token[:7] + "…", outcome, time.monotonic()))  # never a whole token
            self.stop.wait(self.pause)

    def _jobs(self) -> list[tuple]:
        return [(i,) for i in range(self.threads)]


def heartbeat_body(rows: int, pad: int = 0) -> bytes:
    """A heartbeat carrying `rows` distinct usage keys for today (and `pad` bytes of error text)."""
    import uuid
    from datetime import date

    day = date.today().isoformat()
    counts = [{"day": day, "lang": "ru", "kind": "page", "key": f"/topics/flood-{uuid.uuid4().hex[:12]}", "count": 1}
              for _ in range(rows)]  # fmt: skip
    report = {"app_version": "drill", "usage_batches": [{"id": str(uuid.uuid4()), "counts": counts}]}
    if pad:
        report["sync"] = {"last_error": "x" * pad}
    return json.dumps(report).encode()


def register_terminals(env: dict, count: int) -> list[str]:
    """Register `count` terminals on the drill's central; returns their tokens."""
    from core.fleet.registry import TerminalSettings, register_terminal

    with drill_app(env):
        return [register_terminal(f"drill-{i}", TerminalSettings(f"Drill {i}", "border_post"))[1]
                for i in range(count)]  # fmt: skip


def _quantiles(times: list[float]) -> str:
    if not times:
        return "-"
    ordered = sorted(times)
    return f"p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def drill_heartbeat_flood(seconds: int = 30) -> bool:
    """One terminal token floods central with heartbeats (0.8 MB bodies and bodies of 1000 new keys)
    while 3 editors save articles through the admin form and 10 other terminals report every 12 s
    (under the default 6 per minute): every save and every other heartbeat must succeed, the flood
    gets only 200/413/429 (or a hang-up when refused unread), and adds a bounded number of rows."""
    from sqlalchemy import create_engine, text

    user, password = "drill-editor", "drill password, not a secret"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/drill.db"
        env = prepare(url, Path(tmp))
        create_staff(env, user, password)
        tokens = register_terminals(env, 11)
        flood_token, others = tokens[0], tokens[1:]
        article_ids = _first_articles(url, 3)
        big, full = heartbeat_body(1000, pad=800 * 1024), heartbeat_body(1000)
        proc, port = start_gunicorn(env)
        try:
            flood = HeartbeatPosts(port, [flood_token], lambda n: big if n % 2 else full, threads=4)
            reports = HeartbeatPosts(port, others, lambda n: heartbeat_body(5), pause=12.0)
            with flood:
                time.sleep(3)  # the flood is under way (and the workers warm) before the others start
                with reports, Saves(port, article_ids, user, password) as saves:
                    time.sleep(seconds)
        finally:
            proc.terminate()
            proc.wait()
        engine = create_engine(url)
        with engine.connect() as conn:
            # Saves.audit reads PostgreSQL's JSON; on SQLite the revision data is text.
            kept = set()
            saved = text("SELECT data FROM revision WHERE item_type = 'article' AND action = 'save'")
            for (data,) in conn.execute(saved):
                titles = {json.loads(data)["texts"][lang]["title"] for lang in ("ky", "ru", "en")}
                kept |= titles if len(titles) == 1 else {"(mixed)"}
            flooder = conn.execute(text("SELECT id FROM terminal WHERE slug = 'drill-0'")).scalar()
            stored_beats = conn.execute(text("SELECT count(*) FROM terminal_heartbeat WHERE terminal_id = :t"),
                                        {"t": flooder}).scalar()  # fmt: skip
            usage_rows = conn.execute(text("SELECT count(*) FROM usage_count WHERE terminal_id = :t"),
                                      {"t": flooder}).scalar()  # fmt: skip
        engine.dispose()
    flood_statuses = Counter(str(o[2]) for o in flood.outcomes)
    report_statuses = Counter(str(o[2]) for o in reports.outcomes)
    save_statuses = Counter(str(o[3]) for o in saves.outcomes)
    print(f"[heartbeat-flood] {seconds} s, central: gunicorn 2 gthread workers x 4 threads, SQLite")
    print(f"[heartbeat-flood] flood from one token: {len(flood.outcomes)} requests "
          f"({len(flood.outcomes) / seconds:.1f}/s), statuses {dict(flood_statuses)}; stored heartbeats "
          f"{stored_beats}, usage rows {usage_rows}")  # fmt: skip
    print(f"[heartbeat-flood] 10 other terminals: {len(reports.outcomes)} heartbeats, statuses "
          f"{dict(report_statuses)}, {_quantiles([o[3] - o[0] for o in reports.outcomes])}")  # fmt: skip
    lost = [o for o in saves.outcomes if o[3] == 302 and o[2] not in kept]
    print(f"[heartbeat-flood] staff saves: {len(saves.outcomes)}, statuses {dict(save_statuses)}, "
          f"{_quantiles([o[4] - o[0] for o in saves.outcomes])}; acknowledged but not stored {len(lost)}")  # fmt: skip
    failures = [o for o in reports.outcomes if o[2] != 200]
    failures += [o for o in saves.outcomes if o[3] != 302] + lost
    failures += [o for o in flood.outcomes if o[2] not in (200, 413, 429, "RemoteDisconnected",
                                                           "ConnectionResetError", "BrokenPipeError")]  # fmt: skip
    if not saves.outcomes or not reports.outcomes:
        failures.append("no staff save or no other heartbeat was made: the drill proves nothing")
    if usage_rows > 500 + 1:  # FLEET_USAGE_KEYS_PER_DAY (default) itemized keys + the day's "other" cell
        failures.append(f"the flood stored {usage_rows} usage rows")
    for problem in failures[:10]:
        print(f"[heartbeat-flood]   {problem}")
    print(f"[heartbeat-flood] {'PASS' if not failures else 'FAIL'}")
    return not failures


DRILLS = {"publish": drill_publish, "kill-worker": drill_kill_worker, "sqlite-lock": drill_sqlite_lock,
          "pg-restart": drill_pg_restart, "heartbeat-flood": drill_heartbeat_flood,
          "slow-client": drill_slow_client}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("drill", choices=[*DRILLS, "all"])
    args = parser.parse_args()
    names = list(DRILLS) if args.drill == "all" else [args.drill]
    results = {name: DRILLS[name]() for name in names}
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
