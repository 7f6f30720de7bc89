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
from core.models import Department, Hotline, Office, Release, Topic
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


def build_snapshot() -> dict:
    """Everything travellers see, from the current drafts, as a JSON-ready dict."""
    # Hidden items (and the articles of a hidden topic) are left out: kiosks stop showing them.
    topics = db.session.scalars(select(Topic).where(Topic.hidden.is_(False)).order_by(Topic.sort, Topic.slug)).all()
    office = db.session.scalar(select(Office).order_by(Office.id))
    # `{{ reception_hours }}` in any text becomes the office's weekly hours of this very release.
    values = shortcode_values(office.hours_rules if office else None)
    return {
        "format": SNAPSHOT_FORMAT,
        "topics": [
            {
                "slug": topic.slug,
                "icon": topic.icon,
                "sort": topic.sort,
                "texts": _texts(topic, values=values),
                "articles": [
                    {
                        "slug": article.slug,
                        "sort": article.sort,
                        "effective_from": _iso(article.effective_from),
                        "checked_on": article.checked_on.isoformat() if article.checked_on else None,
                        "texts": _texts(article, ("body",), values),
                    }
                    for article in sorted(topic.articles, key=lambda a: (a.sort, a.slug))
                    if not article.hidden
                ],
            }
            for topic in topics
        ],
        "hotlines": [
            {
                "key": h.key,
                "number": h.number,
                "number_abroad": h.number_abroad,
                "sort": h.sort,
                "hours": h.hours,
                "texts": _texts(h, values=values),
            }
            for h in db.session.scalars(select(Hotline).order_by(Hotline.sort, Hotline.key))
        ],
        "office": {
            "windows": office.windows,
            "hours": office.hours_rules,
            "texts": _texts(office, ("reception_note",), values),
        }
        if office
        else None,
        "departments": [
            {"key": d.key, "sort": d.sort, "phone": d.phone, "texts": _texts(d, values=values)}
            for d in db.session.scalars(
                select(Department).where(Department.hidden.is_(False)).order_by(Department.sort, Department.key)
            )
        ],
    }


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
    if stamp is None or stamp != f"{release.number} {release.content_hash}":
        # Stamp missing or behind (e.g. database copied in): repair it so later reads are free.
        write_release_stamp(release)
        stamp = f"{release.number} {release.content_hash}"
    cache.update(stamp=stamp, snapshot=snapshot)
    return snapshot
