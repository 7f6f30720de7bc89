"""Sync over a poor link with a real central: gunicorn behind a throttling proxy (256 kbit/s, 300 ms
round trip, tests/fleet/links.py), the terminal's real client on real sockets. A download cut on the
wire resumes with the bytes already there; a one-article change costs a few kilobytes both ways.
Times are for bench/fleet.py; here only bytes, which do not depend on the machine's load."""

from __future__ import annotations

import copy
import gzip

import pytest
import requests
from sqlalchemy import select

from core.extensions import db
from core.fleet.client import sync_release
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import Article, Release
from core.publishing import publish
from tests.conftest import make_app
from tests.fleet.links import Link

pytestmark = pytest.mark.slow
ADDED = "Договор составляется на кыргызском или русском языке."


def test_a_cut_download_resumes_and_a_one_article_change_is_a_few_kilobytes(databases, serve, tmp_path):
    central_db = databases.copy("seeded")
    central = serve(db=central_db, RELEASE_STAMP_PATH=str(tmp_path / "central.stamp"))
    central_app = make_app(central_db, tmp_path / "central-app.stamp")
    with central_app.app_context():
        _row, token = register_terminal("naryn-border", TerminalSettings("Naryn border post", "border_post"))
        stored = db.session.scalar(select(Release.payload))
    whole = len(gzip.compress(stored.encode(), compresslevel=6, mtime=0))  # as central sends it
    link = Link(central.url, kbit_per_s=256, rtt_ms=300)
    terminal_db = databases.copy("migrated")
    state = tmp_path / "terminal"
    terminal = make_app(terminal_db, state / "release.stamp", KIOSK_ROLE="terminal", CENTRAL_URL=link.url,
                        ALLOW_INSECURE_CENTRAL=True, TERMINAL_TOKEN=token, TERMINAL_STATE_DIR=str(state))  # fmt: skip

    def sync():
        with terminal.app_context():
            return sync_release(session=requests.Session())

    try:
        # The line drops after a third of the release: what came is kept, and only the rest comes next time.
        link.cut_after(whole // 3)
        cut = sync()
        assert cut.outcome == "failed" and "interrupted" in cut.error and "resumes" in cut.error, cut.error
        assert (state / "release-download.part").stat().st_size > whole // 4
        resumed = sync()
        assert (resumed.outcome, resumed.kind) == ("updated", "full")
        assert resumed.wire_bytes < whole * 0.8  # the second request carried only the rest
        assert link.down < whole + 2 * 1200  # both attempts together: the release once, plus two sets of headers
        with terminal.app_context():
            assert db.session.scalar(select(Release.payload)) == stored
        assert "Работа за рубежом" in terminal.test_client().get("/ru/").get_data(as_text=True)

        # One article changes: the delta is a few kilobytes, both ways, headers included.
        with central_app.app_context():
            article = db.session.scalar(select(Article).order_by(Article.id))
            texts = copy.deepcopy(article.texts)
            texts["ru"]["body"] += "\n\n" + ADDED
            article.texts = texts
            db.session.commit()
            release = publish("tester", "one article")
            stored = release.payload
        link.reset()
        delta = sync()
        assert (delta.outcome, delta.kind, delta.release) == ("updated", "delta", release.number)
        assert link.up + link.down < 8000, (link.up, link.down)
        with terminal.app_context():
            assert db.session.scalar(select(Release.payload)) == stored
    finally:
        link.close()
        with terminal.app_context():
            db.session.remove()
            db.engine.dispose()
        with central_app.app_context():
            db.session.remove()
            db.engine.dispose()
        databases.drop(terminal_db)
        databases.drop(central_db)
