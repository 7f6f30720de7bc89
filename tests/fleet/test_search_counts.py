"""Anonymous search counts: from the kiosk page on a terminal, through the heartbeat, to the admin's list
of what travellers searched for and did not find."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fleet.client import sync_release
from core.models.fleet import UsageTally
from tests.admin.conftest import ROLE_USERS, AdminClient, make_user
from tests.fleet.test_heartbeat import beat, central_counts, post_events


def search(lang: str, q: str) -> dict:
    return {"type": "search", "path": f"/{lang}/search", "q": q}


def test_a_terminal_counts_the_words_of_each_search_and_whether_the_release_found_them(
    central, terminal, http, registered
):
    with terminal.app_context():
        sync_release(session=http)
    client = terminal.test_client()
    events = [
        search("ky", "Каттоодон"),  # found (the starter content speaks of «каттоо»)
        search("ru", "патент"),  # not in the starter content
        search("ru", "Патент"),  # the same words, counted together
        search("ru", "виза 0555123456"),  # found; the phone number is not kept
        search("en", "+996 555 12 34"),  # nothing but digits: nothing counted
    ]
    assert post_events(client, *events).status_code == 204
    with terminal.app_context():
        tally = {(r.lang, r.kind, r.key): r.count for r in db.session.scalars(select(UsageTally))}
    assert tally == {
        ("ky", "search", "каттоодон"): 1,
        ("ru", "search", "патент"): 2,
        ("ru", "search_none", "патент"): 2,
        ("ru", "search", "виза"): 1,
    }
    assert beat(terminal, http).ok
    counts = central_counts(registered[0])
    assert counts[("ru", "search_none", "патент")] == 2
    assert counts[("ky", "search", "каттоодон")] == 1
    assert not any(any(ch.isdigit() for ch in key) for _lang, _kind, key in counts)


@pytest.mark.parametrize(
    "event",
    [
        {"type": "search", "path": "/ru/topics", "q": "виза"},  # not the search page
        {"type": "search", "path": "/ru/search", "q": "в" * 101},  # too long
        {"type": "search", "path": "/ru/search", "q": 5},
        {"type": "search", "path": "/ru/search", "q": "виза", "session": "abc"},  # nothing else rides along
    ],
)
def test_a_malformed_search_event_is_refused(terminal, event):
    assert post_events(terminal.test_client(), event).status_code == 400


def test_the_admin_lists_the_searches_with_no_results_per_language(central, terminal, http, registered):
    with terminal.app_context():
        sync_release(session=http)
    events = [search("ru", "патент")] * 3 + [search("ru", "квота")] + [search("ky", "патент алуу")] * 2
    events += [search("ru", "регистрация")] * 5  # found: among the top searches, not among the misses
    assert post_events(terminal.test_client(), *events).status_code == 204
    assert beat(terminal, http).ok

    make_user(ROLE_USERS["editor"], "editor", language="en")
    admin = AdminClient(central.test_client())
    admin.login_role("editor")
    dashboard = admin.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/search"' in dashboard
    page = admin.get("/admin/search").get_data(as_text=True)

    def section(lang: str) -> str:
        html = re.search(rf'<section class="card"[^>]*data-lang="{lang}">(.*?)</section>', page, re.S).group(1)
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())

    ru, ky, en = section("ru"), section("ky"), section("en")
    missed_ru = ru.split("Most frequent searches")[0]
    assert "патент 3" in missed_ru and "квота 1" in missed_ru
    assert missed_ru.index("патент") < missed_ru.index("квота")  # most frequent first
    assert "регистрация" not in missed_ru and "регистрация: 5" in ru
    assert "патент алуу 2" in ky
    assert "None in this period." in en
