"""Sync protocol 2 between a terminal and central (in-process bridge): the whole release gzipped the first
time, a small item-level delta after a one-article change, checked against the release hash exactly as
a whole release; a bad delta is refused (the shown release stays) and the whole release is fetched; a
download cut in the middle goes on where it stopped."""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import logging

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fleet import api
from core.fleet.client import sync_release
from core.fleet.transfer import PART_FILE
from core.models import Article, Release
from core.publishing import canonical_json, content_hash, publish
from tests.fleet.conftest import publish_title

NEW_SENTENCE = "Новое правило: договор на кыргызском или русском языке обязателен."


def sync(terminal, http):
    with terminal.app_context():
        return sync_release(session=http)


def terminal_payload(terminal) -> str | None:
    with terminal.app_context():
        return db.session.scalar(select(Release.payload))


def central_payload() -> str:
    return db.session.scalar(select(Release.payload).order_by(Release.number.desc()))


def change_one_article(text: str = NEW_SENTENCE) -> Release:
    """On central: one sentence more in one article's Russian body, then publish."""
    article = db.session.scalar(select(Article).order_by(Article.id))
    texts = copy.deepcopy(article.texts)
    texts["ru"]["body"] = texts["ru"]["body"] + "\n\n" + text
    article.texts = texts
    db.session.commit()
    return publish("tester", "one article")


class Wire:
    """A bridge tamper that keeps what central sent for the release (kind, status, headers, size)."""

    def __init__(self, change=None):
        self.seen: list[dict] = []
        self.change = change

    def __call__(self, status, headers, body):
        if "X-Release-Number" in headers:
            if self.change:
                status, headers, body = self.change(status, dict(headers), body)
            self.seen.append({"status": status, "kind": headers.get("X-Sync-Kind"), "headers": headers,
                              "size": len(body)})  # fmt: skip
        return status, headers, body


@pytest.fixture
def synced(terminal, http):
    assert sync(terminal, http).outcome == "updated"
    return terminal


def test_the_first_sync_takes_the_whole_release_gzipped(central, terminal, http, bridge):
    wire = Wire()
    bridge.tamper = wire
    result = sync(terminal, http)
    assert (result.outcome, result.kind) == ("updated", "full")
    [answer] = wire.seen
    assert answer["headers"]["Content-Type"] == "application/gzip" and answer["headers"]["Accept-Ranges"] == "bytes"
    stored = central_payload()
    assert terminal_payload(terminal) == stored  # byte for byte what central published
    assert result.wire_bytes == answer["size"] < len(stored.encode()) * 0.4
    client = terminal.test_client()
    assert "Работа за рубежом" in client.get("/ru/").get_data(as_text=True)


def test_one_changed_article_comes_as_a_small_delta_and_makes_the_same_release(central, synced, http, bridge):
    whole = len(gzip.compress(central_payload().encode()))
    release = change_one_article()
    wire = Wire()
    bridge.tamper = wire
    result = sync(synced, http)
    assert (result.outcome, result.kind, result.release) == ("updated", "delta", release.number)
    [answer] = wire.seen
    assert answer["headers"]["Content-Encoding"] == "gzip"
    assert result.wire_bytes == answer["size"] < whole / 5
    assert terminal_payload(synced) == central_payload()
    with synced.app_context():
        assert db.session.scalar(select(Release.content_hash)) == release.content_hash
    slug = db.session.scalar(select(Article).order_by(Article.id))
    page = synced.test_client().get(f"/ru/topics/{slug.topic.slug}/{slug.slug}").get_data(as_text=True)
    assert NEW_SENTENCE in page
    assert sync(synced, http).outcome == "unchanged"


def _corrupt_delta(status, headers, body):
    """Change one word inside the delta (a bit flipped on the way, or a central bug)."""
    if headers.get("X-Sync-Kind") != "delta":
        return status, headers, body
    text = gzip.decompress(body).decode().replace("Новое правило", "Старое правило")
    return status, headers, gzip.compress(text.encode())


def test_a_corrupt_delta_is_refused_and_the_whole_release_is_fetched_instead(central, synced, http, bridge, caplog):
    change_one_article()
    wire = Wire(_corrupt_delta)
    bridge.tamper = wire
    with caplog.at_level(logging.WARNING):
        result = sync(synced, http)
    assert [a["kind"] for a in wire.seen] == ["delta", "full"]
    assert any("delta refused" in r.getMessage() and "hash mismatch" in r.getMessage() for r in caplog.records)
    assert (result.outcome, result.kind) == ("updated", "full")
    assert terminal_payload(synced) == central_payload()


def test_when_the_whole_release_is_bad_too_the_shown_release_stays(central, synced, http, bridge):
    before = terminal_payload(synced)

    def corrupt_everything(status, headers, body):
        status, headers, body = _corrupt_delta(status, headers, body)
        if headers.get("X-Sync-Kind") == "full":
            headers["X-Content-Hash"] = hashlib.sha256(b"another release").hexdigest()
        return status, headers, body

    change_one_article()
    bridge.tamper = Wire(corrupt_everything)
    result = sync(synced, http)
    assert result.outcome == "failed" and "hash mismatch" in result.error
    assert terminal_payload(synced) == before
    assert NEW_SENTENCE not in synced.test_client().get("/ru/topics/work-abroad").get_data(as_text=True)


def test_a_delta_made_by_a_fake_central_with_unsafe_html_is_refused(central, synced, http, bridge):
    """The attacker makes the hash match the text it sends: the kiosk's own HTML check still refuses."""
    base = terminal_payload(synced)
    change_one_article()

    def inject(status, headers, body):
        if headers.get("X-Sync-Kind") != "delta":
            return status, headers, body
        delta = json.loads(gzip.decompress(body))
        key = next(k for k in delta["changed"] if k.startswith("article/"))
        delta["changed"][key]["texts"]["ru"]["body_html"] = "<p>Hi</p><script>steal()</script>"
        from core.release_delta import apply_delta

        delta["target"] = ""  # not checked by the terminal: only the announced content hash counts
        text = apply_delta(base, delta)
        headers["X-Content-Hash"] = content_hash(text)
        return status, headers, gzip.compress(canonical_json(delta).encode())

    wire = Wire(inject)
    bridge.tamper = wire
    result = sync(synced, http)
    assert [a["kind"] for a in wire.seen] == ["delta", "full"]  # refused, then the real release
    assert result.outcome == "updated" and terminal_payload(synced) == central_payload()
    assert "steal()" not in terminal_payload(synced)


def test_a_terminal_too_far_behind_gets_the_whole_release(central, synced, http, bridge, monkeypatch):
    monkeypatch.setattr(api, "DELTA_MAX_BEHIND", 1)
    publish_title("work-abroad", "Работа за рубежом — 2")
    publish_title("work-abroad", "Работа за рубежом — 3")
    wire = Wire()
    bridge.tamper = wire
    assert sync(synced, http).kind == "full"
    assert terminal_payload(synced) == central_payload()
    publish_title("work-abroad", "Работа за рубежом — 4")
    assert sync(synced, http).kind == "delta"  # one behind again: a delta


def test_a_download_cut_in_the_middle_resumes_where_it_stopped(central, terminal, http, bridge):
    def cut(status, headers, body):
        return status, headers, body[: len(body) * 2 // 5]  # Content-Length still says the whole size

    bridge.tamper = Wire(cut)
    first = sync(terminal, http)
    assert first.outcome == "failed" and "incomplete" in first.error and "resumes" in first.error
    assert terminal_payload(terminal) is None
    kept = terminal.config["TERMINAL_STATE_DIR"] + "/" + PART_FILE
    with open(kept, "rb") as handle:
        got = len(handle.read())

    wire = Wire()
    bridge.tamper = wire
    second = sync(terminal, http)
    assert second.outcome == "updated"
    [answer] = wire.seen
    request = next(e for e in reversed(bridge.log) if e.path == "/api/terminal/release")
    assert request.headers["Range"] == f"bytes={got}-" and request.headers["If-Range"].startswith('"gz-')
    assert answer["status"] == 206 and second.wire_bytes == answer["size"]
    assert got + answer["size"] == int(answer["headers"]["Content-Range"].rsplit("/", 1)[1])
    assert terminal_payload(terminal) == central_payload()
    assert "Работа за рубежом" in terminal.test_client().get("/ru/").get_data(as_text=True)


def test_a_kept_part_of_an_older_release_is_not_mixed_with_a_newer_one(central, terminal, http, bridge):
    bridge.tamper = Wire(lambda status, headers, body: (status, headers, body[:1000]))
    assert sync(terminal, http).outcome == "failed"
    publish_title("work-abroad", "Работа за рубежом — пока качали")
    wire = Wire()
    bridge.tamper = wire
    assert sync(terminal, http).outcome == "updated"
    assert wire.seen[0]["status"] == 200  # If-Range did not match: the new release from its first byte
    assert terminal_payload(terminal) == central_payload()


def test_an_older_central_and_an_older_terminal_still_understand_each_other(
    central, terminal, http, bridge, registered
):
    def as_older_central(status, headers, body):
        headers = {k: v for k, v in headers.items() if k not in ("X-Sync-Kind", "Accept-Ranges", "ETag")}
        headers["Content-Type"] = "application/json"
        body = gzip.decompress(body)
        headers["Content-Length"] = str(len(body))
        return status, headers, body

    bridge.tamper = Wire(as_older_central)
    result = sync(terminal, http)
    assert (result.outcome, result.kind) == ("updated", "legacy")
    assert terminal_payload(terminal) == central_payload()

    # A terminal that does not speak protocol 2 gets the stored payload, uncompressed, as before.
    older = central.test_client().get("/api/terminal/release", headers={"Authorization": f"Bearer {registered[1]}"})
    assert older.status_code == 200 and older.headers["Content-Type"].startswith("application/json")
    assert older.get_data(as_text=True) == central_payload()
