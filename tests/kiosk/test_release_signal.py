"""Two central app servers on one database (RELEASE_SIGNAL=database): a release published on one is
shown by the other's warm pages once the database's last answer is older than RELEASE_SIGNAL_SECONDS,
whatever its own stamp file says. Here the background thread is off and the clock is in the test's
hands; tests/fleet/test_central_servers.py runs the same with real gunicorns and real time."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Topic
from core.publishing import publish
from core.release_signal import release_watch
from tests.conftest import make_app


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def servers(databases, tmp_path, redis_server):
    """Two central apps on one seeded database, each with its own stamp file (its own disk)."""
    url = databases.copy("seeded")
    apps = []
    clock = Clock()
    for name in ("a", "b"):
        app = make_app(url, tmp_path / f"{name}.stamp", RELEASE_SIGNAL="database", RELEASE_SIGNAL_SECONDS=0.5,
                       RELEASE_SIGNAL_THREAD=False, RATELIMIT_STORAGE_URI=redis_server.storage_uri)  # fmt: skip
        with app.app_context():
            release_watch(app).clock = clock
        apps.append(app)
    yield apps[0], apps[1], clock
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    databases.drop(url)


def publish_title(app, title: str) -> None:
    with app.app_context():
        topic = db.session.scalar(select(Topic).where(Topic.slug == "work-abroad"))
        texts = copy.deepcopy(topic.texts)
        texts["ru"]["title"] = title
        topic.texts = texts
        db.session.commit()
        publish("tester", "new title")


def test_a_release_published_on_one_server_reaches_the_others_warm_pages_within_the_lease(servers):
    a, b, clock = servers
    client = b.test_client()
    assert "Работа за рубежом" in client.get("/ru/").get_data(as_text=True)
    hits = b.wsgi_app.hits
    client.get("/ru/")
    assert b.wsgi_app.hits == hits + 1  # warm: answered below Flask, no database

    publish_title(a, "Работа за рубежом — с сервера A")
    clock.now += 0.5  # B's last answer from the database is now as old as the lease allows
    hits = b.wsgi_app.hits
    page = client.get("/ru/").get_data(as_text=True)
    assert "Работа за рубежом — с сервера A" in page
    assert b.wsgi_app.hits == hits  # the fast path stepped aside; Flask asked the database
    again = client.get("/ru/").get_data(as_text=True)
    assert b.wsgi_app.hits == hits + 1 and "Работа за рубежом — с сервера A" in again  # warm again, new release
    assert "Работа за рубежом — с сервера A" in a.test_client().get("/ru/").get_data(as_text=True)


def test_the_fast_path_needs_a_fresh_answer_not_only_a_matching_one(servers):
    _a, b, clock = servers
    client = b.test_client()
    client.get("/en/hotlines")
    hits = b.wsgi_app.hits
    client.get("/en/hotlines")
    assert b.wsgi_app.hits == hits + 1
    clock.now += 10  # nothing was published, but nobody asked the database for 10 s
    client.get("/en/hotlines")
    assert b.wsgi_app.hits == hits + 1  # not answered from memory: Flask asked first
    client.get("/en/hotlines")
    assert b.wsgi_app.hits == hits + 2


def test_several_servers_refuse_to_count_logins_each_on_their_own(databases, tmp_path):
    url = databases.copy("migrated")
    try:
        with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
            make_app(url, tmp_path / "s", RELEASE_SIGNAL="database", RATELIMIT_STORAGE_URI="memory://")
    finally:
        databases.drop(url)
