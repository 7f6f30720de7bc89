"""A heartbeat flood from one terminal token against a real central (gunicorn as shipped: 2 gthread
workers, SQLite unless TEST_DATABASE_URL says PostgreSQL): staff still save, other terminals still
report, and the flood is refused and adds only a bounded number of rows."""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from datetime import date

import pytest
import requests
from sqlalchemy import func, select

from core.extensions import db
from core.fleet.api import MAX_HEARTBEAT_ROWS
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import Article
from core.models.fleet import TerminalHeartbeat, UsageCount
from tests.admin.conftest import PASSWORD, make_user, read_form
from tests.conftest import make_app

pytestmark = pytest.mark.slow

FLOOD_THREADS = 4
FLOOD_MAX = 40  # requests per flood thread at most (it stops earlier once the others are done)
OTHERS = 10
OTHER_BEATS = 3
SAVERS = 2
SAVES = 5
WORKERS = 2


def heartbeat_body(rows: int, pad: int = 0) -> bytes:
    """A heartbeat with `rows` distinct usage keys for today (and `pad` bytes of error text)."""
    today = date.today().isoformat()
    counts = [
        {"day": today, "lang": "ru", "kind": "page", "key": f"/topics/flood-{i}", "count": 1} for i in range(rows)
    ]
    report = {"app_version": "0.1.0", "usage_batches": [{"id": str(uuid.uuid4()), "counts": counts}]}
    if pad:
        report["sync"] = {"last_error": "x" * pad}
    return json.dumps(report).encode()


def post_heartbeat(session: requests.Session, url: str, token: str, body: bytes) -> int | str:
    """Send one heartbeat; the status, or the error's name."""
    try:
        response = session.post(
            url + "/api/terminal/heartbeat",
            data=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            timeout=60,
        )
        return response.status_code
    except requests.RequestException as exc:
        return type(exc).__name__


def test_staff_and_other_terminals_are_unaffected_by_one_tokens_heartbeat_flood(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    stamp = tmp_path / "central.stamp"
    central_app = make_app(central_db, stamp)
    with central_app.app_context():
        flooder, flood_token = register_terminal("flooder", TerminalSettings("Flooder", "border_post"))
        others = [
            register_terminal(f"post-{i}", TerminalSettings(f"Post {i}", "border_post"))[1] for i in range(OTHERS)
        ]
        make_user("saver", "editor", language="en")
        article_ids = list(db.session.scalars(select(Article.id).order_by(Article.id).limit(SAVERS)))
        flooder_id = flooder.id
    central = serve(db=central_db, workers=WORKERS, RELEASE_STAMP_PATH=str(stamp))
    url = central.url

    lock = threading.Lock()
    flood: list[tuple[str, int | str]] = []  # (body sent, outcome)
    beats: list[int | str] = []
    saves: list[tuple[str, int | str]] = []
    flooding = threading.Event()
    done = threading.Event()
    big = heartbeat_body(1000, pad=800 * 1024)  # like the attack: 0.8 MB
    full = heartbeat_body(MAX_HEARTBEAT_ROWS)  # as many rows as a heartbeat may carry, all new keys

    def flood_worker(index: int) -> None:
        for n in range(FLOOD_MAX):
            if done.is_set():
                break
            kind = "big" if (n + index) % 2 else "full"
            # A new connection each time: after refusing an oversized body unread, the server closes
            # the connection, and a reused one would fail on the client's side, not the server's.
            status = post_heartbeat(requests.Session(), url, flood_token, big if kind == "big" else full)
            with lock:
                flood.append((kind, status))
                if len(flood) >= FLOOD_THREADS:
                    flooding.set()

    def other_worker(token: str) -> None:
        flooding.wait(60)
        session = requests.Session()
        for _ in range(OTHER_BEATS):
            status = post_heartbeat(session, url, token, heartbeat_body(5))
            with lock:
                beats.append(status)

    def staff_worker(article_id: int) -> None:
        flooding.wait(60)
        session = requests.Session()
        form = read_form(session.get(f"{url}/admin/login", timeout=30).text, "narrow")
        form.update(username="saver", password=PASSWORD)
        assert session.post(f"{url}/admin/login", data=form, allow_redirects=False, timeout=30).status_code == 302
        editor = f"{url}/admin/content/article/{article_id}"
        for n in range(SAVES):
            marker = f"Saved during the flood {article_id}-{n}"
            try:
                form = read_form(session.get(editor, timeout=60).text)
                form.update(title_ky=marker, title_ru=marker, title_en=marker, save="Save")
                status = session.post(editor, data=form, allow_redirects=False, timeout=60).status_code
            except (requests.RequestException, AssertionError) as exc:
                status = type(exc).__name__
            with lock:
                saves.append((marker, status))

    floods = [threading.Thread(target=flood_worker, args=(i,)) for i in range(FLOOD_THREADS)]
    victims = [threading.Thread(target=other_worker, args=(t,)) for t in others]
    victims += [threading.Thread(target=staff_worker, args=(a,)) for a in article_ids]
    try:
        for thread in floods + victims:
            thread.start()
        for thread in victims:
            thread.join(300)
        done.set()
        for thread in floods:
            thread.join(300)
    finally:
        central.stop()

    assert len(saves) == SAVERS * SAVES and {s for _, s in saves} == {302}, Counter(s for _, s in saves)
    assert len(beats) == OTHERS * OTHER_BEATS and set(beats) == {200}, Counter(beats)
    statuses = Counter(status for _kind, status in flood)
    # Refused before its body is read, an oversized heartbeat may see the connection closed instead.
    assert {s for kind, s in flood if kind == "big"} <= {413, 429, "ConnectionError"}, statuses
    assert {s for kind, s in flood if kind == "full"} <= {200, 429}, statuses
    assert statuses[429] and (statuses[413] or statuses["ConnectionError"]), statuses
    with central_app.app_context():
        titles = {
            db.session.get(Article, a).texts["ru"]["title"]: a for a in article_ids
        }  # each article holds its last save
        assert set(titles) == {f"Saved during the flood {a}-{SAVES - 1}" for a in article_ids}
        stored_beats = db.session.scalar(
            select(func.count()).select_from(TerminalHeartbeat).where(TerminalHeartbeat.terminal_id == flooder_id)
        )
        usage_rows = db.session.scalar(
            select(func.count()).select_from(UsageCount).where(UsageCount.terminal_id == flooder_id)
        )
        keys_per_day = central_app.config["FLEET_USAGE_KEYS_PER_DAY"]
        db.session.remove()
        db.engine.dispose()
    databases.drop(central_db)
    # Only heartbeats within the per-terminal limit were stored, and all of them on one day, so the
    # flood's usage rows are capped by the keys allowed per day (plus one "other" cell).
    assert stored_beats == statuses[200]
    assert usage_rows <= keys_per_day + 1, usage_rows
