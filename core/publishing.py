"""Publishing: build an immutable release from the drafts, and read the current one."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.models import Department, Hotline, Office, Pronunciation, Release, Topic
from core.release_signal import release_watch
from core.rendering import render_markdown
from core.shortcodes import expand, shortcode_values
from core.snapshot import Snapshot

SNAPSHOT_FORMAT = 1


def canonical_json(payload: dict) -> str:
    """One byte-exact JSON text per payload, so its hash is stable everywhere."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(payload_text: str) -> str:
    """sha256 of a stored payload text."""
    return hashlib.sha256(payload_text.encode("utf-8")).hexdigest()


def _texts(item, html_fields: tuple[str, ...] = (), values=None) -> dict:
    """Copy an item's texts, filling short-codes and rendering Markdown fields to sanitized HTML
    once, at publish time (`values`: lang → short-code values)."""
    out = {}
    for lang, fields in (item.texts or {}).items():
        copy = {k: v for k, v in (fields or {}).items() if isinstance(v, str)}
        if values is not None:
            copy = {k: expand(v, values(lang)) for k, v in copy.items()}
        for name in html_fields:
            copy[name + "_html"] = render_markdown(copy.pop(name, ""))
        out[lang] = copy
    return out


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def topic_entry(topic, values) -> dict:
    """A topic as the release holds it, without its articles."""
    return {"slug": topic.slug, "icon": topic.icon, "sort": topic.sort, "texts": _texts(topic, values=values)}


def article_entry(article, values) -> dict:
    """An article as the release holds it (Markdown rendered, short-codes filled)."""
    return {
        "slug": article.slug,
        "sort": article.sort,
        "effective_from": _iso(article.effective_from),
        "checked_on": article.checked_on.isoformat() if article.checked_on else None,
        "texts": _texts(article, ("body",), values),
    }


def hotline_entry(hotline, values) -> dict:
    """A hotline as the release holds it."""
    return {
        "key": hotline.key,
        "number": hotline.number,
        "number_abroad": hotline.number_abroad,
        "sort": hotline.sort,
        "hours": hotline.hours,
        "texts": _texts(hotline, values=values),
    }


def office_entry(office, values, hours: dict | None = None) -> dict:
    """The office as the release holds it (`hours`: other rules than the saved ones, for previews)."""
    return {
        "windows": office.windows,
        "hours": hours if hours is not None else office.hours_rules,
        "texts": _texts(office, ("reception_note",), values),
    }


def department_entry(department, values) -> dict:
    """A department as the release holds it."""
    return {"key": department.key, "sort": department.sort, "phone": department.phone,
            "texts": _texts(department, values=values)}  # fmt: skip


def build_snapshot(office_hours: dict | None = None) -> dict:
    """Everything travellers see, from the current drafts, as a JSON-ready dict.

    `office_hours`: reception rules to use instead of the saved ones (the hours editor's preview)."""
    # Hidden items (and the articles of a hidden topic) are left out: kiosks stop showing them.
    topics = db.session.scalars(select(Topic).where(Topic.hidden.is_(False)).order_by(Topic.sort, Topic.slug)).all()
    office = db.session.scalar(select(Office).order_by(Office.id))
    # `{{ reception_hours }}` in any text becomes the office's weekly hours of this very release.
    hours = office_hours if office_hours is not None else (office.hours_rules if office else None)
    values = shortcode_values(hours)
    departments = select(Department).where(Department.hidden.is_(False)).order_by(Department.sort, Department.key)
    payload = {
        "format": SNAPSHOT_FORMAT,
        "topics": [
            {
                **topic_entry(topic, values),
                "articles": [
                    article_entry(article, values)
                    for article in sorted(topic.articles, key=lambda a: (a.sort, a.slug))
                    if not article.hidden
                ],
            }
            for topic in topics
        ],
        "hotlines": [
            hotline_entry(h, values) for h in db.session.scalars(select(Hotline).order_by(Hotline.sort, Hotline.key))
        ],
        "office": office_entry(office, values, hours) if office else None,
        "departments": [department_entry(d, values) for d in db.session.scalars(departments)],
    }
    # How the kiosk says the words the synthesizer gets wrong: terminals synthesize from the release, so
    # the list travels with it. Left out while empty, so a release without one hashes as before.
    pronunciations = pronunciation_lists()
    if pronunciations:
        payload["speech"] = {"pronunciations": pronunciations}
    return payload


def pronunciation_lists() -> dict[str, list[list[str]]]:
    """The staff's pronunciation lists as {lang: [[word, spoken form], ...]} (empty languages left out)."""
    lists: dict[str, list[list[str]]] = {}
    for entry in db.session.scalars(select(Pronunciation).order_by(Pronunciation.lang, Pronunciation.word)):
        lists.setdefault(entry.lang, []).append([entry.word, entry.spoken])
    return lists


def publish(author: str, comment: str = "", payload: dict | None = None) -> Release:
    """Freeze the drafts (or a given payload, for rollback) into the next numbered release."""
    payload_text = canonical_json(payload if payload is not None else build_snapshot())
    for _attempt in range(3):
        number = (db.session.scalar(select(func.max(Release.number))) or 0) + 1
        release = Release(
            number=number,
            author=author,
            comment=comment,
            content_hash=content_hash(payload_text),
            payload=payload_text,
        )
        db.session.add(release)
        try:
            db.session.commit()
        except IntegrityError:
            # Another publisher took this number at the same moment: take the next one.
            db.session.rollback()
            continue
        write_release_stamp(release)
        return release
    raise RuntimeError("could not allocate a release number")


def latest_release() -> Release | None:
    """The newest release row, or None before the first publish."""
    return db.session.scalar(select(Release).order_by(Release.number.desc()).limit(1))


def write_release_stamp(release: Release) -> None:
    """Tell every worker on this machine that a new release exists, without a database hit."""
    path = Path(current_app.config["RELEASE_STAMP_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(f"{release.number} {release.content_hash}")
    os.replace(tmp, path)


def _read_stamp() -> str | None:
    try:
        return Path(current_app.config["RELEASE_STAMP_PATH"]).read_text()
    except OSError:
        return None


def _head_stamp(head) -> str | None:
    return f"{head[0]} {head[1]}" if head else None


def stamped_snapshot() -> Snapshot | None:
    """The release this process already parsed, if the stamp says it is still current; else None.

    Never touches the database (the kiosk's warm-page fast path relies on that). With
    RELEASE_SIGNAL=database the "stamp" is the database's answer, if it is recent enough
    (core/release_signal.py); otherwise the page goes to Flask, which asks."""
    cache = current_app.extensions.get("kiosk_snapshot")
    if not cache:
        return None
    watch = release_watch(current_app)
    if watch is not None:
        fresh, head = watch.fresh()
        stamp = _head_stamp(head) if fresh else None
    else:
        stamp = _read_stamp()
    return cache["snapshot"] if stamp is not None and cache.get("stamp") == stamp else None


def _build_search(snapshot: Snapshot) -> None:
    """Start building the release's search index in every language as the release is loaded.

    In a thread: a release of 500 articles × 3 languages takes about a second to index, which the
    first page after a new release must not wait for. A search that comes first builds (or waits for)
    its own language under the index lock. A failure here never costs a page."""
    import threading

    from core.search import build_all

    app = current_app._get_current_object()
    langs, chain = app.config["LANGUAGES"], app.config["FALLBACK_LANGUAGES"]

    def build() -> None:
        try:
            build_all(snapshot, langs, chain)
        except Exception:
            app.logger.exception("could not build the search index of release %s", snapshot.number)

    threading.Thread(target=build, name=f"search-index-{snapshot.number}", daemon=True).start()


def _watched_snapshot(watch, cache: dict) -> Snapshot | None:
    """The current release when several central servers share the database (RELEASE_SIGNAL=database)."""
    stamp = _head_stamp(watch.current())
    if stamp is None:
        return None
    if cache.get("stamp") == stamp:
        return cache["snapshot"]
    number = int(stamp.split(" ", 1)[0])
    release = db.session.scalar(select(Release).where(Release.number == number))
    if release is None:  # gone meanwhile (cannot happen: releases are never deleted on central)
        return None
    snapshot = Snapshot.from_release(release)
    _build_search(snapshot)
    cache.update(stamp=f"{release.number} {release.content_hash}", snapshot=snapshot)
    return snapshot


def current_snapshot() -> Snapshot | None:
    """The current release, parsed once per process and reused until a new release is stamped."""
    cache = current_app.extensions.setdefault("kiosk_snapshot", {})
    watch = release_watch(current_app)
    if watch is not None:
        return _watched_snapshot(watch, cache)
    stamp = _read_stamp()
    if stamp is not None and cache.get("stamp") == stamp:
        return cache["snapshot"]
    release = latest_release()
    if release is None:
        return None
    snapshot = Snapshot.from_release(release)
    _build_search(snapshot)
    if stamp is None or stamp != f"{release.number} {release.content_hash}":
        # Stamp missing or behind (e.g. database copied in): repair it so later reads are free.
        write_release_stamp(release)
        stamp = f"{release.number} {release.content_hash}"
    cache.update(stamp=stamp, snapshot=snapshot)
    return snapshot
