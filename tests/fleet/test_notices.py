"""Urgent notices between central and a terminal: delivered with the heartbeat answer, kept on the
terminal, shown above every kiosk page in the page's language, gone at the end time without central."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.fleet.client import send_heartbeat, sync_release
from core.fleet.notices import NoticeDraft, NoticeRefused, holdings, save_notice, withdraw_notice
from core.fleet.registry import TerminalSettings, register_terminal
from core.models import AuditEvent
from core.models.base import utcnow
from core.models.notices import NoticeAck

TEXTS = {
    "ky": "Дыйкан-Бекет өткөрүү пункту бүгүн саат 12:00дө жабылат.",
    "ru": "Пункт пропуска Дыйкан-Бекет закрывается сегодня в 12:00.",
    "en": "The Dyikan-Beket crossing point closes today at 12:00.",
}


def notice(texts=None, *, start=-5, end=60, severity="critical", target="all", kinds=(), terminal_ids=(), reason=""):
    """Save a notice on central (the current app context); times in minutes from now."""
    now = utcnow()
    draft = NoticeDraft(dict(texts or TEXTS), severity, now + timedelta(minutes=start), now + timedelta(minutes=end),
                        target, list(kinds), list(terminal_ids))  # fmt: skip
    return save_notice(draft, "publisher-anna", now, reason)


def beat(terminal, http):
    with terminal.app_context():
        result = send_heartbeat(session=http)
    assert result.ok, result.error
    return result


def urgent_block(html: str) -> str:
    """The urgent notices region of a page ("" when the page has none)."""
    if 'class="urgent-list"' not in html:
        return ""
    return html.split('class="urgent-list"', 1)[1].split("</aside>", 1)[0]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.fixture
def synced(terminal, http):
    """The terminal with central's release applied."""
    with terminal.app_context():
        assert sync_release(session=http).outcome == "updated"
    return terminal


def test_a_notice_arrives_with_the_next_heartbeat_and_stands_above_every_page_in_its_language(central, synced, http):
    beat(synced, http)  # settings already here: only the notice changes the page below
    client = synced.test_client()
    before = page(client, "/ru/topics/work-abroad")
    assert urgent_block(before) == ""
    page(client, "/ru/topics/work-abroad")  # warm: the next request would be answered below Flask
    hits = synced.wsgi_app.hits

    notice()
    beat(synced, http)

    html = page(client, "/ru/topics/work-abroad")
    block = urgent_block(html)
    assert TEXTS["ru"] in block and "Срочно" in block
    assert TEXTS["en"] not in block and TEXTS["ky"] not in block
    # Above everything: before the top bar and the page's content.
    assert html.index(TEXTS["ru"]) < html.index('class="topbar"') < html.index('id="main"')
    assert 'role="alert"' in block
    assert TEXTS["en"] in urgent_block(page(client, "/en/hotlines"))
    assert TEXTS["ky"] in urgent_block(page(client, "/ky/office"))
    # The language screen: every language, each marked with its own.
    start = urgent_block(page(client, "/"))
    for lang, text in TEXTS.items():
        assert f'<p lang="{lang}">' in start and text in start
    # The warm page with the notice is served by the fast path, still with the notice.
    again = client.get("/ru/topics/work-abroad").get_data(as_text=True)
    assert synced.wsgi_app.hits > hits
    assert TEXTS["ru"] in urgent_block(again)


def test_an_unchanged_list_is_not_sent_again_and_the_terminal_acknowledges_what_it_holds(
    central, synced, http, bridge, registered
):
    made = notice()
    answers = []

    def keep(status, headers, body):
        if body.startswith(b"{"):
            answers.append(json.loads(body))
        return status, headers, body

    bridge.tamper = keep
    beat(synced, http)
    assert [n["id"] for n in answers[-1]["notices"]] == [made.id]
    beat(synced, http)
    assert "notices" not in answers[-1], "the terminal already holds this list"
    ack = db.session.scalar(select(NoticeAck).where(NoticeAck.notice_id == made.id))
    assert (ack.terminal_id, ack.version) == (registered[0].id, 1)
    assert [h.current for h in holdings(made)] == [True]

    # A change raises the version: central sends the new text, and the old acknowledgement no longer counts.
    now = utcnow()
    changed = NoticeDraft({**TEXTS, "ru": "Пункт пропуска Дыйкан-Бекет закрыт до 18:00."}, "critical",
                          made.starts_at, made.ends_at)  # fmt: skip
    save_notice(changed, "publisher-anna", now, notice=made)
    assert [h.current for h in holdings(made)] == [False]
    beat(synced, http)
    assert "закрыт до 18:00" in urgent_block(page(synced.test_client(), "/ru/"))
    beat(synced, http)
    db.session.expire_all()
    assert [h.current for h in holdings(made)] == [True]


def test_the_notice_disappears_at_its_end_time_with_central_unreachable(central, synced, http, bridge):
    made = notice(end=30)
    beat(synced, http)
    client = synced.test_client()
    assert TEXTS["ru"] in urgent_block(page(client, "/ru/"))
    page(client, "/ru/")  # warm
    status = client.get("/kiosk-status").get_json()
    assert status["urgent"] == f"{made.id}.1"

    bridge.down = True
    synced.config["KIOSK_FROZEN_NOW"] = (made.ends_at + timedelta(seconds=1)).isoformat()
    for path in ("/", "/ru/", "/en/hotlines", "/ky/topics/work-abroad"):
        assert urgent_block(page(client, path)) == "", path
    assert client.get("/kiosk-status").get_json()["urgent"] == ""
    # One second earlier it was still in force (the warm page of that moment is not reused after the end).
    synced.config["KIOSK_FROZEN_NOW"] = (made.ends_at - timedelta(seconds=1)).isoformat()
    assert TEXTS["ru"] in urgent_block(page(client, "/ru/"))


def test_a_notice_that_starts_later_turns_itself_on_at_its_start_time(central, synced, http):
    made = notice(start=120, end=240)
    beat(synced, http)
    client = synced.test_client()
    assert urgent_block(page(client, "/en/")) == ""
    synced.config["KIOSK_FROZEN_NOW"] = (made.starts_at + timedelta(seconds=1)).isoformat()
    assert TEXTS["en"] in urgent_block(page(client, "/en/"))


def test_only_the_targeted_terminals_show_it(central, synced, http, registered):
    notice({"ru": "Только вокзалы.", "ky": "Вокзалдар гана.", "en": "Stations only."}, target="kinds",
           kinds=["railway_station"])  # fmt: skip
    other, _token = register_terminal("bishkek-station", TerminalSettings("Bishkek station", "railway_station"))
    notice({"ru": "Только другой терминал.", "ky": "Башка терминал.", "en": "Another one."}, target="terminals",
           terminal_ids=[other.id])  # fmt: skip
    notice({"ru": "Для пограничных постов.", "ky": "Чек ара бекеттери үчүн.", "en": "Border posts."}, target="kinds",
           kinds=["border_post", "airport"])  # fmt: skip
    notice({"ru": "Именно этому терминалу.", "ky": "Ушул терминалга.", "en": "This one."}, target="terminals",
           terminal_ids=[registered[0].id])  # fmt: skip
    beat(synced, http)
    block = urgent_block(page(synced.test_client(), "/ru/"))
    assert "Для пограничных постов." in block and "Именно этому терминалу." in block
    assert "Только вокзалы." not in block and "Только другой терминал." not in block


def test_a_withdrawn_notice_goes_with_the_next_heartbeat(central, synced, http):
    made = notice()
    beat(synced, http)
    assert TEXTS["ru"] in urgent_block(page(synced.test_client(), "/ru/"))
    withdraw_notice(made, "admin-bolot", utcnow())
    beat(synced, http)
    assert urgent_block(page(synced.test_client(), "/ru/")) == ""


def test_a_missing_language_is_refused_without_a_reason_and_shown_in_another_with_one(central, synced, http):
    partial = {"ru": TEXTS["ru"], "ky": TEXTS["ky"]}
    with pytest.raises(NoticeRefused) as refused:
        notice(partial)
    assert refused.value.problems == ["missing_languages"] and refused.value.missing == ["en"]
    db.session.rollback()

    made = notice(partial, reason="English text follows within the hour")
    entry = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "notice.create")).one()
    assert entry.actor == "publisher-anna"
    assert entry.detail["notice"] == made.id and entry.detail["missing"] == ["en"]
    assert entry.detail["override_reason"] == "English text follows within the hour"
    beat(synced, http)
    block = urgent_block(page(synced.test_client(), "/en/"))
    assert '<p lang="ru">' in block and TEXTS["ru"] in block  # the fallback, marked as Russian
    start = urgent_block(page(synced.test_client(), "/"))
    assert start.count("<p lang=") == 2  # the language screen shows only the languages written


def test_a_notice_that_ended_is_not_delivered_and_times_are_checked(central, synced, http):
    with pytest.raises(NoticeRefused) as refused:
        notice(start=-60, end=-1)
    assert refused.value.problems == ["already_ended"]
    with pytest.raises(NoticeRefused) as refused:
        notice(start=30, end=10)
    assert refused.value.problems == ["ends_before_start"]
    with pytest.raises(NoticeRefused) as refused:
        notice(target="kinds", kinds=[])
    assert refused.value.problems == ["no_kinds"]
    with pytest.raises(NoticeRefused) as refused:
        notice(target="terminals", terminal_ids=[99999])
    assert refused.value.problems == ["no_terminals"]


def test_the_listen_feature_reads_the_notice_first(central, synced, http):
    """Issue 17 with issue 15: a notice in force is marked for reading aloud, before everything else."""
    notice()
    beat(synced, http)
    html = page(synced.test_client(), "/ru/topics/work-abroad")
    block = urgent_block(html)
    marked = [part.split(">", 1)[1].split("</span>", 1)[0] for part in block.split('<span class="say"')[1:]]
    assert any(TEXTS["ru"][:20] in text for text in marked), marked
    # The first sentence the Listen button plays (document order) is the notice's.
    first = html.index('<span class="say"')
    assert html.index('class="urgent-list"') < first < html.index('class="topbar"')
