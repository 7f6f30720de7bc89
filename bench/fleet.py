"""Fleet speed, printed as figures (nothing here asserts):

1. how long central takes to build and store a release of N articles × 3 languages (default 500);
2. how long a terminal takes to verify and apply that release in one transaction;
3. how many heartbeats per second one central gunicorn worker (gthread, 4 threads) absorbs;
4. over a poor link (a throttling proxy: 256 kbit/s each way, 300 ms round trip, tests/fleet/links.py),
   the bytes and the time of a terminal's first sync of that release (gzipped), and of the sync after
   one article changed (an item-level delta), each from the request to the release applied.

Run: .venv/bin/python bench/fleet.py [--articles 500] [--seconds 10] [--terminals 50] [--link-only]
         [--database-url postgresql://postgres@127.0.0.1:5432/bench_fleet]
Needs wrk (Debian package `wrk`) for the heartbeat figure. SQLite in a temporary folder by default.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import create_app  # noqa: E402
from core.extensions import db  # noqa: E402

LANGS = ("ky", "ru", "en")
PARAGRAPH = {
    "ky": "Чет өлкөгө чыгардан мурун документтериңизди текшериңиз жана көчүрмөлөрүн сактаңыз. ",
    "ru": "Перед выездом проверьте документы и сохраните их копии отдельно от оригиналов. ",
    "en": "Before you leave, check your documents and keep copies apart from the originals. ",
}


def make_app(url: str, workdir: Path, **extra):
    """An app on a given database (CSRF as in production)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RELEASE_STAMP_PATH": str(workdir / f"{abs(hash(url))}.stamp"),
            "SECRET_KEY": "bench-only",
            **extra,
        }
    )


def fresh_database(base_url: str | None, name: str, workdir: Path) -> str:
    """An empty database: a file in workdir, or a new PostgreSQL database next to base_url."""
    if not base_url:
        return f"sqlite:///{workdir / (name + '.db')}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from core.config import database_url

    admin = create_engine(database_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(database_url(base_url)).set(database=name).render_as_string(hide_password=False)


def drop_database(base_url: str | None, name: str) -> None:
    """Remove the PostgreSQL database made by fresh_database (SQLite files go with the temp folder)."""
    if not base_url:
        return
    from sqlalchemy import create_engine, text

    from core.config import database_url

    admin = create_engine(database_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrate(app) -> None:
    """Create the schema with the project's migrations."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


def varied(lang: str, seed: int, times: int) -> str:
    """`times` paragraphs' worth of the language's words in an order of their own, so that no two
    articles repeat each other word for word (gzip would shrink copies to nothing, real texts do not)."""
    import random

    words = (PARAGRAPH[lang] * times).split()
    random.Random(seed).shuffle(words)
    return " ".join(words) + f" {seed}."


def add_content(articles: int) -> None:
    """Topics of 20 articles each, with a Markdown body of about 2 KB per language, its words shuffled
    per article."""
    from core.models import Article, Hotline, Office, Topic

    per_topic = 20
    for t in range((articles + per_topic - 1) // per_topic):
        topic = Topic(
            slug=f"topic-{t}",
            sort=t,
            texts={lang: {"title": f"{lang} topic {t}", "summary": PARAGRAPH[lang]} for lang in LANGS},
        )
        db.session.add(topic)
        for a in range(min(per_topic, articles - t * per_topic)):
            body = {
                lang: "\n\n".join(
                    [
                        "## " + PARAGRAPH[lang][:30],
                        varied(lang, t * 1000 + a, 8),
                        "- " + PARAGRAPH[lang],
                        "- **" + PARAGRAPH[lang] + "**",
                        varied(lang, t * 1000 + a + 500, 8),
                    ]
                )
                for lang in LANGS
            }
            texts = {
                lang: {"title": f"{lang} article {t}.{a}", "summary": PARAGRAPH[lang], "body": body[lang]}
                for lang in LANGS
            }
            db.session.add(Article(topic=topic, slug=f"article-{a}", sort=a, texts=texts))
    db.session.add(Hotline(key="migration", number="189", texts={lang: {"label": "hotline"} for lang in LANGS}))
    db.session.add(Office(texts={lang: {"name": "office", "address": "Razzakova 8/1"} for lang in LANGS}))
    db.session.commit()


def bench_publish(app, articles: int, rounds: int) -> tuple[list[float], object]:
    """Seconds per publish (build snapshot, render Markdown, hash, store)."""
    from core.publishing import publish

    times = []
    with app.app_context():
        add_content(articles)
        release = None
        for _ in range(rounds):
            started = time.perf_counter()
            release = publish("bench", "bench")
            times.append(time.perf_counter() - started)
        db.session.expunge(release)
    return times, release


def bench_apply(terminal_app, release, rounds: int) -> list[float]:
    """Seconds per verify + apply of the release on a terminal (one transaction each)."""
    from core.fleet.client import apply_release, verify_release

    body = release.payload.encode("utf-8")
    headers = {
        "X-Content-Hash": release.content_hash,
        "X-Release-Number": str(release.number),
        "X-Release-Created": release.created_at.isoformat(),
    }
    times = []
    with terminal_app.app_context():
        for i in range(rounds):
            headers["X-Release-Number"] = str(release.number + i)
            started = time.perf_counter()
            apply_release(verify_release(body, headers))
            times.append(time.perf_counter() - started)
    return times


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WRK_SCRIPT = """
local tokens = {%s}
local body = [[%s]]
local i = 0
request = function()
  i = i + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[(i %% #tokens) + 1],
                   ["Content-Type"] = "application/json"}
  return wrk.format("POST", "/api/terminal/heartbeat", headers, body)
end
"""


def bench_heartbeats(app, url: str, workdir: Path, terminals: int, seconds: int, connections: int) -> dict:
    """Heartbeats per second one gunicorn worker absorbs, measured with wrk."""
    from core.fleet.registry import TerminalSettings, register_terminal

    with app.app_context():
        tokens = [
            register_terminal(f"bench-{i}", TerminalSettings(f"Bench {i}", "border_post"))[1] for i in range(terminals)
        ]
    report = {
        "app_version": "0.1.0",
        "release": {"number": 1, "content_hash": "0" * 64},
        "uptime_seconds": 86400,
        "disk_free_bytes": 12 * 1024**3,
        "last_interaction_at": "2026-11-26T10:00:00+00:00",
        "idle_resets_total": 42,
        "sync": {"last_success": "2026-11-26T10:00:00+00:00", "last_error": None},
        "errors": [],
        "acks": [],
        "usage_batches": [],
    }
    script = workdir / "heartbeat.lua"
    script.write_text(WRK_SCRIPT % (", ".join(f'"{t}"' for t in tokens), json.dumps(report)))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only",
        "PYTHONPATH": str(ROOT),
        "RELEASE_STAMP_PATH": str(workdir / "central.stamp"),
        # Capacity is measured here, not the per-terminal limit: each bench terminal sends far more
        # than a real one (one a minute), so lift the limit for this process only.
        "FLEET_HEARTBEAT_LIMIT": "1000000 per minute",
    }
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        "1",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.1)
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                str(script),
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        proc.terminate()
        proc.wait(10)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "non2xx": int(errors.group(1)) if errors else 0,
        "p50": p50.group(1) if p50 else "?",
        "p99": p99.group(1) if p99 else "?",
    }


def start_central(url: str, workdir: Path) -> tuple[subprocess.Popen, str]:
    """A central gunicorn (1 worker, gthread) on a free port; returns the process and its address."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-only", "PYTHONPATH": str(ROOT),
           "RELEASE_STAMP_PATH": str(workdir / "central-link.stamp")}  # fmt: skip
    cmd = [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--worker-class", "gthread",
           "--log-level", "warning", "--bind", f"127.0.0.1:{port}", "wsgi:app"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc, f"http://127.0.0.1:{port}"
        except requests.RequestException:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.1)


def bench_link(central, url: str, workdir: Path, kbit: int, rtt_ms: int) -> dict:
    """Bytes and seconds of a first sync and of a one-article sync through a throttled link."""
    import copy

    from sqlalchemy import select

    from core.fleet.client import sync_release
    from core.fleet.registry import TerminalSettings, register_terminal
    from core.models import Article
    from core.publishing import latest_release, publish
    from tests.fleet.links import Link

    with central.app_context():
        token = register_terminal("bench-link", TerminalSettings("Bench link", "border_post"))[1]
        payload_bytes = len(latest_release().payload.encode("utf-8"))
    proc, central_url = start_central(url, workdir)
    link = Link(central_url, kbit_per_s=kbit, rtt_ms=rtt_ms)
    state = workdir / "link-terminal"
    terminal = make_app(f"sqlite:///{workdir / 'link-terminal.db'}", workdir, KIOSK_ROLE="terminal",
                        CENTRAL_URL=link.url, TERMINAL_TOKEN=token, ALLOW_INSECURE_CENTRAL=True,
                        TERMINAL_STATE_DIR=str(state), RELEASE_STAMP_PATH=str(state / "release.stamp"))  # fmt: skip
    migrate(terminal)
    figures = {"payload": payload_bytes}
    try:
        for name in ("first", "one article"):
            if name == "one article":
                with central.app_context():
                    article = db.session.scalar(select(Article).order_by(Article.id))
                    texts = copy.deepcopy(article.texts)
                    texts["ru"]["body"] += "\n\nОдно новое предложение в одной статье."
                    article.texts = texts
                    db.session.commit()
                    publish("bench", "one article")
            link.reset()
            with terminal.app_context():
                started = time.perf_counter()
                result = sync_release(session=requests.Session())
                seconds = time.perf_counter() - started
            figures[name] = {"outcome": result.outcome, "kind": result.kind, "seconds": seconds,
                             "down": link.down, "up": link.up}  # fmt: skip
    finally:
        link.close()
        proc.terminate()
        proc.wait(10)
        with terminal.app_context():
            db.engine.dispose()
    return figures


def main() -> None:
    """Run the three measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--terminals", type=int, default=50)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database-url", default="", help="PostgreSQL server for central (default: SQLite)")
    parser.add_argument("--link-kbit", type=int, default=256, help="throttled link: kbit/s each way")
    parser.add_argument("--link-rtt", type=int, default=300, help="throttled link: round trip in ms")
    parser.add_argument("--link-only", action="store_true", help="only figure 4 (no apply rounds, no wrk)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-fleet-") as tmp:
        workdir = Path(tmp)
        central_url = fresh_database(args.database_url, "bench_fleet_central", workdir)
        central = make_app(central_url, workdir)
        migrate(central)
        terminal_url = f"sqlite:///{workdir / 'terminal.db'}"
        terminal = make_app(terminal_url, workdir, KIOSK_ROLE="terminal", TERMINAL_STATE_DIR=str(workdir / "t"))
        migrate(terminal)

        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(f"Central database: {backend}; terminal database: SQLite; Python {sys.version.split()[0]}")
        publish_times, release = bench_publish(central, args.articles, args.rounds)
        size = len(release.payload.encode("utf-8"))
        print(
            f"1. Build a release of {args.articles} articles × 3 languages ({size / 1024 / 1024:.1f} MB payload): "
            f"median {statistics.median(publish_times):.2f} s, best {min(publish_times):.2f} s "
            f"({args.rounds} rounds)"
        )
        if not args.link_only:
            apply_times = bench_apply(terminal, release, args.rounds)
            print(
                f"2. Terminal verifies (sha256, JSON) and applies it in one transaction: "
                f"median {statistics.median(apply_times):.2f} s, best {min(apply_times):.2f} s"
            )
        with central.app_context():
            db.engine.dispose()
        try:
            if not args.link_only:
                beats = bench_heartbeats(central, central_url, workdir, args.terminals, args.seconds, args.connections)
                print(
                    f"3. Heartbeats absorbed by one central worker (gthread, 4 threads), {args.terminals} terminals, "
                    f"{args.connections} connections, {args.seconds} s: {beats['rps']:.0f} per second "
                    f"(p50 {beats['p50']}, p99 {beats['p99']}, non-2xx {beats['non2xx']}); "
                    f"at one per minute that is about {beats['rps'] * 60:.0f} terminals"
                )
            link = bench_link(central, central_url, workdir, args.link_kbit, args.link_rtt)
        finally:
            with central.app_context():
                db.engine.dispose()
            drop_database(args.database_url, "bench_fleet_central")
        print(f"4. Over a {args.link_kbit} kbit/s link with {args.link_rtt} ms round trip (release "
              f"{link['payload'] / 1024 / 1024:.1f} MB as stored; bytes are both ways, headers included):")  # fmt: skip
        for name in ("first", "one article"):
            f = link[name]
            total, label = f["down"] + f["up"], name + " sync"
            print(f"   {label:17} {f['outcome']} ({f['kind']}): {total:,} bytes ({f['down']:,} down, "
                  f"{f['up']:,} up), {f['seconds']:.2f} s from the request to the release applied")  # fmt: skip


if __name__ == "__main__":
    main()
