"""Speech on the kiosk pages (issue 15), without a browser: the Listen control, the clips the serving
machine answers, and a release's audio made once, then only for what changed."""

from __future__ import annotations

import copy
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, update

from core.extensions import db
from core.models import Article, Department, Topic
from core.publishing import current_snapshot, publish
from core.reception import reception_now
from core.speech import build_release_audio, release_page_paths, synthesizer
from core.speech.synth import clip_seconds

KEY = re.compile(r'data-a="([0-9a-f]{32})"')
PAGE_TYPES = ["/", "/ky/", "/ru/topics/work-abroad", "/en/topics/work-abroad/before-you-go", "/ky/hotlines",
              "/ru/office", "/en/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_kind_of_page_has_a_listen_button_and_marked_sentences(client, path):
    html = client.get(path).get_data(as_text=True)
    assert html.count('id="speech-listen"') == 1
    assert len(KEY.findall(html)) >= 3
    assert '<script src="/assets/js/speech.' in html


def test_the_language_screen_labels_listen_in_three_languages(client):
    html = client.get("/").get_data(as_text=True)
    listen = html.split('id="speech-listen"', 1)[1].split("</button>", 1)[0]
    assert '<span lang="ky">Угуу</span>' in listen and '<span lang="ru">Слушать</span>' in listen
    assert '<span lang="en">Listen</span>' in listen
    assert '<span class="speech-label" data-for="idle">Угуу</span>' in client.get("/ky/").get_data(as_text=True)


def test_a_headphone_only_terminal_says_so_by_the_button(app, client):
    assert 'id="speech-note"' not in client.get("/ru/hotlines").get_data(as_text=True)
    app.config["SPEECH_HEADPHONES_ONLY"] = True  # part of the page cache's key, like every page setting
    ru = client.get("/ru/hotlines").get_data(as_text=True)
    assert "Чтобы слушать, подключите наушники к разъёму под экраном." in ru
    assert "Угуу үчүн кулакчынды экрандын астындагы уячага сайыңыз." in client.get("/ky/").get_data(as_text=True)


def test_without_espeak_there_is_no_listen_button_and_nothing_marked(app, client):
    app.extensions["speech"] = None  # what init_speech leaves when espeak-ng is missing
    for path in PAGE_TYPES:
        html = client.get(path).get_data(as_text=True)
        assert "speech-listen" not in html and 'class="say"' not in html, path
    assert client.get("/speech/" + "a" * 32).status_code == 404


def test_a_sentence_clip_is_made_on_first_request_and_then_served_from_disk(app, client):
    html = client.get("/ru/hotlines").get_data(as_text=True)
    key = KEY.findall(html)[0]
    synth = synthesizer(app)
    first = client.get(f"/speech/{key}")
    assert first.status_code == 200 and first.mimetype == "audio/ogg"
    assert first.data[:4] == b"OggS" and clip_seconds(first.data) > 0.3
    assert "immutable" in first.headers["Cache-Control"]
    made = synth.made
    again = client.get(f"/speech/{key}")
    assert again.data == first.data and synth.made == made


def test_unknown_or_malformed_clips_are_refused_with_a_reason(client):
    for path in ("/speech/" + "0" * 32, "/speech/" + "g" * 32, "/speech/ABC", "/speech/" + "a" * 33):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"], path


def test_a_phrase_of_spoken_navigation_reads_numbers_as_numbers(app, client):
    response = client.get("/speech/say", query_string={"lang": "ru", "text": "Горячие линии, кнопка, 3 из 11"})
    assert response.status_code == 200 and response.mimetype == "audio/ogg"
    synth = synthesizer(app)
    spoken = app.extensions["speech"].key("Звоните один восемь девять", "ru")
    client.get("/speech/say", query_string={"lang": "ru", "text": "Звоните 189"})
    assert synth.audio_path(spoken) is not None  # the phone number was said digit by digit
    assert client.get("/speech/say", query_string={"lang": "de", "text": "Hallo"}).status_code == 400
    assert client.get("/speech/say", query_string={"lang": "en", "text": "x" * 401}).status_code == 400


def test_a_flood_of_new_phrases_is_refused_while_phrases_already_made_are_still_said(app, client):
    app.config["SPEECH_SAY_LIMIT"] = "3 per minute"
    synth = synthesizer(app)
    said = [client.get("/speech/say", query_string={"lang": "en", "text": f"Button {n}"}) for n in range(4)]
    assert [r.status_code for r in said] == [200, 200, 200, 429]
    assert int(said[3].headers["Retry-After"]) >= 1 and synth.made == 3  # the fourth was never synthesized
    again = client.get("/speech/say", query_string={"lang": "en", "text": "Button 1"})
    assert again.status_code == 200 and again.data == said[1].data


# --- a release's audio ------------------------------------------------------------------------------


def _small_release() -> None:
    """The starter release cut to one topic without departments, so synthesizing it all stays quick."""
    db.session.execute(update(Topic).where(Topic.slug != "report-corruption").values(hidden=True))
    db.session.execute(update(Department).values(hidden=True))
    db.session.commit()
    publish("tester", "small release for the speech tests")


def _release_keys(app) -> tuple[list[str], dict[str, list[str]]]:
    """Every page's clip keys, each page requested in an app context of its own (as under gunicorn;
    the test's own context would carry one page's language into the next)."""
    paths = release_page_paths(app, current_snapshot(), reception_now())

    def fetch() -> dict[str, list[str]]:
        client = app.test_client()
        return {path: KEY.findall(client.get(path).get_data(as_text=True)) for path in paths}

    with ThreadPoolExecutor(max_workers=1) as thread:
        return paths, thread.submit(fetch).result()


def test_a_release_gets_audio_for_every_page_once_and_then_only_for_what_changed(app):
    _small_release()
    report = build_release_audio(app)
    paths, keys = _release_keys(app)
    synth = synthesizer(app)
    # The language screen; per language 7 pages of content, search, the report flow and its look-up.
    assert report.missing == [] and report.pages == len(paths) == 1 + 3 * (7 + 3)
    assert report.synthesized == report.clips == len({k for found in keys.values() for k in found}) > 100
    for path, found in keys.items():
        assert found, path
        for key in found:
            data = synth.audio_path(key).read_bytes()
            assert data[:4] == b"OggS" and clip_seconds(data) > 0.1, (path, key)
    assert report.bytes < report.clips * 20_000  # the size budget: Opus at 16 kbit/s

    # Publishing the same content again makes a new release and not one new clip.
    publish("tester", "again, unchanged")
    assert build_release_audio(app).synthesized == 0

    # One sentence changed in Russian: exactly its clip is new.
    article = db.session.scalar(select(Article).where(Article.slug == "how-to-report"))
    texts = copy.deepcopy(article.texts)
    texts["ru"]["summary"] = "Сообщить о коррупции можно по телефону 0312 300423, это бесплатно."
    article.texts = texts
    db.session.commit()
    publish("tester", "one sentence")
    _paths, after = _release_keys(app)
    new = {k for found in after.values() for k in found} - {k for found in keys.values() for k in found}
    report = build_release_audio(app)
    assert report.synthesized == len(new) >= 1
    assert len(new) <= 3  # the summary shows on the topic and the article page: one sentence, one clip
