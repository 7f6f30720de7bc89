"""Item-level deltas between releases give the target release back byte for byte, whatever changed."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import Release
from core.publishing import canonical_json
from core.release_delta import DeltaError, apply_delta, join, make_delta, split


@pytest.fixture
def stored(app) -> str:
    """The seeded release's payload text, as central stores it."""
    return db.session.scalar(select(Release.payload))


def edited(text: str, change) -> str:
    payload = json.loads(text)
    change(payload)
    return canonical_json(payload)


def test_items_join_back_to_the_stored_release(stored):
    assert canonical_json(join(split(json.loads(stored)))) == stored


def _new_article(p):
    article = copy.deepcopy(p["topics"][0]["articles"][0])
    article["slug"] = "brand-new"
    p["topics"][0]["articles"].insert(1, article)


CHANGES = {
    "one article's text": lambda p: p["topics"][1]["articles"][0]["texts"]["ru"].update(title="Новый заголовок"),
    "an article added": _new_article,
    "an article removed": lambda p: p["topics"][0]["articles"].pop(),
    "a topic removed": lambda p: p["topics"].pop(2),
    "topics reordered": lambda p: p["topics"].reverse(),
    "a hotline number": lambda p: p["hotlines"][0].update(number="1899"),
    "a hotline removed": lambda p: p["hotlines"].pop(),
    "the office hours": lambda p: p["office"].update(hours={"weekly": {}}),
    "a department renamed": lambda p: p["departments"][0]["texts"]["en"].update(name="Renamed"),
    "a top-level field": lambda p: p.update(extra={"x": 1}),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_delta_makes_the_target_exactly_and_carries_only_what_changed(stored, change):
    target = edited(stored, change)
    delta = make_delta(stored, target)
    assert apply_delta(stored, delta) == target
    assert len(canonical_json(delta)) < len(target) / 2


def test_one_changed_article_is_one_item(stored):
    target = edited(stored, CHANGES["one article's text"])
    topic = json.loads(stored)["topics"][1]
    delta = make_delta(stored, target)
    assert list(delta["changed"]) == [f"article/{topic['slug']}/{topic['articles'][0]['slug']}"]
    assert delta["removed"] == []


def test_a_delta_for_another_release_or_of_another_shape_is_refused(stored):
    target = edited(stored, CHANGES["a hotline number"])
    delta = make_delta(stored, target)
    other = edited(stored, CHANGES["a topic removed"])
    with pytest.raises(DeltaError, match="another release"):
        apply_delta(other, delta)
    with pytest.raises(DeltaError, match="format"):
        apply_delta(stored, {**delta, "format": 99})
    with pytest.raises(DeltaError, match="lacks an item"):
        apply_delta(stored, {**delta, "removed": ["order/topics"]})
    with pytest.raises(DeltaError, match="shape"):
        make_delta(stored, canonical_json({"format": 2, "pages": []}))
