"""The pronunciation list and the Listen previews in the staff panel (issue 15)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.extensions import db
from core.models import AuditEvent, Pronunciation
from core.publishing import current_snapshot, publish
from core.speech import speech_context, synthesizer
from core.speech.synth import clip_seconds

KEY = re.compile(r'data-a="([0-9a-f]{32})"')


def test_every_role_adds_changes_and_removes_a_word_with_the_audit_log_keeping_each_step(app, as_role):
    editor = as_role("editor")
    response = editor.post("/admin/speech/", {"lang": "ky", "word": "Manas", "spoken": "Манас"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/speech/?lang=ky")
    page = editor.get("/admin/speech/?lang=ky").get_data(as_text=True)
    assert "Kiosks say “Manas” this way once the next release is published." in page
    assert '<th scope="row" lang="ky">Manas</th>' in page and '<td lang="ky">Манас</td>' in page

    # The same word in another case changes the entry instead of adding a second one.
    editor.post("/admin/speech/", {"lang": "ky", "word": "MANAS", "spoken": "Ма-нас"})
    entries = list(db.session.scalars(select(Pronunciation)))
    assert [(e.lang, e.word, e.spoken, e.updated_by) for e in entries] == [("ky", "MANAS", "Ма-нас", "erkin")]

    response = editor.post(f"/admin/speech/{entries[0].id}/remove", {})
    assert response.status_code == 302
    assert list(db.session.scalars(select(Pronunciation))) == []
    events = [e.detail for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "speech.pronunciation").order_by(AuditEvent.id))]  # fmt: skip
    assert events == [
        {"lang": "ky", "word": "Manas", "spoken": "Манас"},
        {"lang": "ky", "word": "MANAS", "spoken": "Ма-нас", "before": "Манас"},
        {"lang": "ky", "word": "MANAS", "removed": "Ма-нас"},
    ]


def test_bad_input_gets_a_message_beside_the_field_and_changes_nothing(app, as_role):
    editor = as_role("editor")
    response = editor.post("/admin/speech/", {"lang": "ky", "word": "", "spoken": "x" * 201})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="word-error"' in page and "Please fill in this field." in page
    assert 'id="spoken-error"' in page and "Too long: at most 200 characters." in page
    german = editor.post("/admin/speech/", {"lang": "de", "word": "a", "spoken": "b"})
    assert german.status_code == 422 and "Choose one of the options in the list." in german.get_data(as_text=True)
    assert editor.post("/admin/speech/", {"lang": "ky", "word": "a", "spoken": "b"}, csrf=False).status_code == 400
    assert list(db.session.scalars(select(Pronunciation))) == []


def test_anonymous_visitors_are_sent_to_the_login_page(admin_client):
    assert admin_client.get("/admin/speech/").status_code == 302
    assert admin_client.post("/admin/speech/preview", {"lang": "ru", "text": "x"}).status_code in (302, 400)


def test_the_published_list_is_what_the_kiosk_says_and_a_draft_is_heard_only_in_the_preview(app, as_role, client):
    editor = as_role("editor")
    html = client.get("/en/topics/work-abroad/before-you-go").get_data(as_text=True)
    synth = synthesizer(app)
    crumb = KEY.findall(html)[0]  # the first sentence: the topic's title, "Working abroad"
    assert crumb == synth.key("Working abroad", "en")
    editor.post("/admin/speech/", {"lang": "en", "word": "Working", "spoken": "Werking"})

    # A draft: the kiosk says the word as before, the preview already the new way.
    assert client.get("/en/topics/work-abroad/before-you-go").get_data(as_text=True) == html
    answer = editor.post("/admin/speech/preview", {"lang": "en", "text": "Working abroad"}).get_json()
    assert answer["sentences"][0]["text"] == "Working abroad"
    clip = editor.get(answer["sentences"][0]["url"])
    assert clip.status_code == 200 and clip.mimetype == "audio/ogg" and clip_seconds(clip.data) > 0.3
    key = answer["sentences"][0]["url"].rsplit("/", 1)[1]
    assert key == synth.key("Werking abroad", "en")

    # Published: the release carries the list and the kiosk's sentence is now said the new way.
    publish("perizat", "pronunciation")
    assert current_snapshot().payload["speech"] == {"pronunciations": {"en": [["Working", "Werking"]]}}
    assert speech_context(current_snapshot()).spoken("Working abroad", "en") == "Werking abroad"
    after = client.get("/en/topics/work-abroad/before-you-go").get_data(as_text=True)
    assert KEY.findall(after)[0] == key != crumb


def test_a_release_without_a_list_hashes_as_before(app):
    first = publish("perizat", "no list")
    again = publish("perizat", "no list again")
    assert "speech" not in current_snapshot().payload and first.content_hash == again.content_hash


@pytest.mark.parametrize("text", ["Позвоните **189**.\n\nПриём с 09:10 до 17:50.", "## Заголовок\n- пункт один"])
def test_the_preview_splits_a_markdown_text_into_the_kiosks_sentences(as_role, text):
    editor = as_role("editor")
    answer = editor.post("/admin/speech/preview", {"lang": "ru", "text": text}).get_json()
    shown = [s["text"] for s in answer["sentences"]]
    assert shown in (["Позвоните 189.", "Приём с 09:10 до 17:50."], ["Заголовок", "пункт один"])


def test_the_preview_refuses_what_it_cannot_say(as_role):
    editor = as_role("editor")
    refused = editor.post("/admin/speech/preview", {"lang": "de", "text": "x"})
    assert refused.status_code == 400 and refused.get_json()["error"]
    assert editor.post("/admin/speech/preview", {"lang": "ru", "text": "а" * 20_701}).status_code == 400
    assert editor.post("/admin/speech/preview", {"lang": "ru", "text": "x"}, csrf=False).status_code == 400


def test_the_try_box_plays_without_javascript(as_role):
    page = as_role("editor").get("/admin/speech/?try_lang=ky&try_text=Чалыңыз+189.+Рахмат.").get_data(as_text=True)
    players = re.findall(r'<audio controls preload="none" src="(/admin/speech/clip/[0-9a-f]{32})">', page)
    assert len(players) == 2 and '<span lang="ky">Чалыңыз 189.</span>' in page


def test_the_editors_get_a_listen_button_script_with_the_preview_address(as_role):
    page = as_role("editor").get("/admin/").get_data(as_text=True)
    assert 'src="/static/js/admin-speech.js" defer data-preview-url="/admin/speech/preview"' in page
    assert '<a href="/admin/speech/">Pronunciation</a>' in page
