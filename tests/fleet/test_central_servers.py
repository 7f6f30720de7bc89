"""Central on several servers: two gunicorns (two workers each) on one database behind a balancer (a
Python round-robin proxy, and the shipped nginx example), set up as README "Central on several servers"
says (RELEASE_SIGNAL=database, login limits in the Redis they share). A release published through one
is what every server's warm pages show one second later, and a locked account is locked on both. The
database is PostgreSQL when TEST_DATABASE_URL names one, else one SQLite file both servers open."""

from __future__ import annotations

import copy
import re
import time

import pytest
import requests
import urllib3
from sqlalchemy import select

from core.extensions import db
from core.models import Release, Topic
from deploy.nginx.local_front import LocalFront
from tests.admin.conftest import FAST_ARGON2, PASSWORD, make_user
from tests.conftest import make_app
from tests.fleet.links import RoundRobin

pytestmark = pytest.mark.slow
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
RELEASE = re.compile(r'data-release="([0-9a-f]*)"')
PAGES = ("/", "/ru/", "/ru/topics/work-abroad", "/en/hotlines", "/ky/office")
NEW_TITLE = "Работа за рубежом — выпуск с двух серверов"


def form_token(session: requests.Session, url: str) -> str:
    return CSRF.search(session.get(url, timeout=10).text).group(1)


def login(session: requests.Session, base: str, username: str, password: str) -> requests.Response:
    token = form_token(session, base + "/admin/login")
    data = {"csrf_token": token, "username": username, "password": password}
    return session.post(base + "/admin/login", data=data, allow_redirects=False, timeout=10)


def test_two_central_servers_show_a_new_release_within_a_second_and_share_login_limits(
    databases, serve, tmp_path, redis_server
):
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    url = databases.copy("seeded")
    setup = make_app(url, tmp_path / "setup.stamp", **FAST_ARGON2)
    with setup.app_context():
        make_user("perizat", "publisher", language="en")
        make_user("talant", "editor", language="en")
        topic = db.session.scalar(select(Topic).where(Topic.slug == "work-abroad"))
        texts = copy.deepcopy(topic.texts)
        texts["ru"]["title"] = NEW_TITLE
        topic.texts = texts  # a draft: no kiosk shows it before the publish below
        db.session.commit()
    fast = {k: str(v) for k, v in FAST_ARGON2.items()}
    env = {"RELEASE_SIGNAL": "database", "RELEASE_SIGNAL_SECONDS": "0.5", "LOGIN_ACCOUNT_FREE_ATTEMPTS": "2",
           "RATELIMIT_STORAGE_URI": redis_server.storage_uri, **fast}  # fmt: skip
    a = serve(db=url, workers=2, RELEASE_STAMP_PATH=str(tmp_path / "a.stamp"), **env)
    b = serve(db=url, workers=2, RELEASE_STAMP_PATH=str(tmp_path / "b.stamp"), **env)
    balancer = RoundRobin([a.url, b.url])
    # The shipped example too: deploy/nginx/central.conf with central-several.conf's upstream block.
    nginx = LocalFront(tmp_path / "nginx", None, several=[a.port, b.port]).start()
    try:
        # nginx spreads requests over both servers (each access log sees some).
        before = [server.access_log.read_text().count("GET /healthz") for server in (a, b)]
        for _ in range(4):
            assert requests.get(nginx.url + "/healthz", timeout=10, verify=False).status_code == 200
        after = [server.access_log.read_text().count("GET /healthz") for server in (a, b)]
        assert all(n > m for n, m in zip(after, before, strict=True)), (before, after)

        # Every worker of both servers has every page warm, from the first release.
        first = {RELEASE.search(requests.get(a.url + "/", timeout=10).text).group(1)}
        for _ in range(6):
            for base in (a.url, b.url):
                for path in PAGES:
                    page = requests.get(base + path, timeout=10)
                    assert page.status_code == 200 and NEW_TITLE not in page.text
                    first.add(RELEASE.search(page.text).group(1))
        assert len(first) == 1

        # Login limits live in the shared Redis: one wrong password on each server locks the name on both.
        for base in (a.url, b.url):
            assert login(requests.Session(), base, "talant", "wrong password!").status_code == 401
        refused = login(requests.Session(), a.url, "talant", PASSWORD)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert login(requests.Session(), b.url, "talant", PASSWORD).status_code == 429

        # The publisher works through the balancer, every request on a new connection: server after server.
        publisher = requests.Session()
        publisher.headers["Connection"] = "close"
        assert login(publisher, balancer.url, "perizat", PASSWORD).status_code == 302
        token = form_token(publisher, balancer.url + "/admin/publish")
        form = {"csrf_token": token, "comment": "From behind the balancer", "override_reason": "ky, en follow"}
        done = publisher.post(balancer.url + "/admin/publish", data=form, allow_redirects=False, timeout=30)
        published = time.monotonic()
        assert done.status_code == 302, done.text[-600:]
        assert balancer.connections == 4  # two requests on each server
        with setup.app_context():
            newest = db.session.scalars(select(Release).order_by(Release.number.desc())).first()
        assert newest.number == 2 and newest.content_hash not in first

        # One second later every server, every worker, every warm page: the new release, every time.
        time.sleep(max(0.0, published + 1.0 - time.monotonic()))
        seen = 0
        for _ in range(6):
            for base in (a.url, b.url, balancer.url, nginx.url):
                for path in PAGES:
                    page = requests.get(base + path, timeout=10, verify=False)  # nginx: a self-signed certificate
                    assert RELEASE.search(page.text).group(1) == newest.content_hash, (base, path)
                    if path.startswith("/ru/"):
                        assert NEW_TITLE in page.text, (base, path)
                    seen += 1
        assert seen == 6 * 4 * len(PAGES)
    finally:
        nginx.stop()
        balancer.close()
        a.stop()
        b.stop()
        with setup.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(url)
