"""Item-level differences between two release payloads, so a terminal on a poor link gets only what changed.

A payload is cut into items: each topic (with the slugs of its articles), each article, each hotline,
each department, the office, the order of each list and the remaining top-level fields. A delta names
the release it starts from and the one it makes, the items that are new or changed, and the items
that are gone. Joining the items again gives the payload back, and its canonical JSON is byte for byte
the release central stored: the terminal checks that against the release's content hash exactly as
it checks a whole release, so a wrong, stale or tampered delta can never be applied. Pure functions:
no Flask, no database.
"""

from __future__ import annotations

import hashlib
import json

DELTA_FORMAT = 1
LISTS = (("hotlines", "key"), ("departments", "key"))
SPLIT = ("topics", "office", *(name for name, _key in LISTS))


class DeltaError(ValueError):
    """A delta that cannot be made or applied (the caller falls back to the whole release)."""


def canonical(payload) -> str:
    """The same canonical JSON as core.publishing.canonical_json (kept here so this module stays pure)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def split(payload: dict) -> dict[str, object]:
    """The payload as {item id: value}; raises DeltaError for a shape it does not know."""
    try:
        items: dict[str, object] = {"meta": {k: v for k, v in payload.items() if k not in SPLIT}}
        items["office"] = payload["office"]
        for name, key in LISTS:
            entries = payload[name]
            items[f"order/{name}"] = [entry[key] for entry in entries]
            items.update((f"{name}/{entry[key]}", entry) for entry in entries)
        items["order/topics"] = [topic["slug"] for topic in payload["topics"]]
        for topic in payload["topics"]:
            articles = topic["articles"]
            items[f"topic/{topic['slug']}"] = {**topic, "articles": [a["slug"] for a in articles]}
            items.update((f"article/{topic['slug']}/{a['slug']}", a) for a in articles)
    except (KeyError, TypeError) as exc:
        raise DeltaError(f"payload shape not known: {exc!r}") from None
    return items


def join(items: dict[str, object]) -> dict:
    """The payload the items make; raises DeltaError when one is missing."""
    try:
        payload = dict(items["meta"])
        payload["office"] = items["office"]
        for name, _key in LISTS:
            payload[name] = [items[f"{name}/{key}"] for key in items[f"order/{name}"]]
        topics = []
        for slug in items["order/topics"]:
            topic = dict(items[f"topic/{slug}"])
            topic["articles"] = [items[f"article/{slug}/{a}"] for a in topic["articles"]]
            topics.append(topic)
        payload["topics"] = topics
    except (KeyError, TypeError) as exc:
        raise DeltaError(f"the delta lacks an item: {exc!r}") from None
    return payload


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_delta(base_text: str, target_text: str) -> dict:
    """The delta that turns the release stored as `base_text` into the one stored as `target_text`.

    Raises DeltaError when the items cannot give the target back byte for byte (then send it whole)."""
    base, target = split(json.loads(base_text)), split(json.loads(target_text))
    changed = {key: value for key, value in target.items() if key not in base or base[key] != value}
    removed = sorted(key for key in base if key not in target)
    delta = {"format": DELTA_FORMAT, "base": _hash(base_text), "target": _hash(target_text),
             "changed": changed, "removed": removed}  # fmt: skip
    if apply_delta(base_text, delta) != target_text:
        raise DeltaError("the items do not give the release back exactly")
    return delta


def apply_delta(base_text: str, delta: dict) -> str:
    """The release text a delta makes from the release stored as `base_text` (not yet hash-checked
    against the announced release: the caller does that, as for a whole release)."""
    if not isinstance(delta, dict) or delta.get("format") != DELTA_FORMAT:
        raise DeltaError("unknown delta format")
    if delta.get("base") != _hash(base_text):
        raise DeltaError("the delta starts from another release than the one shown here")
    changed, removed = delta.get("changed"), delta.get("removed")
    if not isinstance(changed, dict) or not isinstance(removed, list):
        raise DeltaError("the delta is malformed")
    items = split(json.loads(base_text))
    for key in removed:
        items.pop(key, None)
    items.update(changed)
    return canonical(join(items))
