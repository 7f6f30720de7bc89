"""Kiosk pages: every page in every language, hotlines everywhere, friendly errors, health."""

from __future__ import annotations

import re

import pytest

from core.extensions import db
from core.models import Article, Topic
from core.publishing import current_snapshot, publish
from core.reception import reception_now
from tests.conftest import unmarked

LANGS = ("ky", "ru", "en")


def all_page_paths(app) -> list[str]:
    """Every kiosk page of the current release, in every language, plus the language screen."""
    with app.test_request_context():
        snapshot = current_snapshot()
        now = reception_now()
    paths = ["/"]
    for lang in LANGS:
        paths.extend(snapshot.page_paths(lang, now))
    return paths


def test_every_page_answers_in_every_language_with_both_hotlines(app, client):
    paths = all_page_paths(app)
    assert len(paths) > 3 * 20  # topics, articles, hotlines, office in three languages
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert "189" in page, path
        assert "0312 300423" in page, path


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_matches_the_url(client, lang):
    for path in (f"/{lang}/", f"/{lang}/hotlines", f"/{lang}/office"):
        page = client.get(path).get_data(as_text=True)
        assert f'<html lang="{lang}"' in page


def test_interface_strings_are_translated_per_language(client):
    assert "Как мы можем помочь?" in client.get("/ru/").get_data(as_text=True)
    assert "How can we help?" in client.get("/en/").get_data(as_text=True)
    ky = client.get("/ky/").get_data(as_text=True)
    assert "How can we help?" not in ky
    assert "Как мы можем помочь?" not in ky


def test_language_screen_offers_the_three_autonyms(client):
    page = client.get("/").get_data(as_text=True)
    for name, lang in (("Кыргызча", "ky"), ("Русский", "ru"), ("English", "en")):
        assert f'href="/{lang}/"' in page
        assert name in page


def test_home_has_a_tile_per_topic_and_no_back_or_home(app, client):
    page = client.get("/ru/").get_data(as_text=True)
    topics = db.session.scalars(db.select(Topic)).all()
    assert len(topics) >= 8
    for topic in topics:
        assert f'href="/ru/topics/{topic.slug}"' in page
    # On Home both would do nothing (or the same thing): the language buttons lead back to the start.
    assert 'data-nav="back"' not in page and 'data-nav="home"' not in page
    topic_page = client.get(f"/ru/topics/{topics[0].slug}").get_data(as_text=True)
    assert 'data-nav="back"' in topic_page and 'data-nav="home"' in topic_page


def test_article_page_shows_sanitized_body_back_to_its_topic(app, client):
    article = db.session.scalars(db.select(Article).order_by(Article.id)).first()
    path = f"/en/topics/{article.topic.slug}/{article.slug}"
    page = client.get(path).get_data(as_text=True)
    assert article.texts["en"]["title"].replace("'", "&#39;") in page
    assert re.search(rf'href="/en/topics/{article.topic.slug}" data-nav="back"', page)


@pytest.mark.parametrize(
    "path, lang",
    [("/xx/", "ru"), ("/fr/topics/work-abroad", "ru"), ("/ky/topics/no-such-topic", "ky"),
     ("/en/topics/work-abroad/no-such-article", "en"), ("/ru/nothing-here", "ru")],
)  # fmt: skip
def test_unknown_language_or_slug_gives_a_friendly_404(client, path, lang):
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page
    assert "189" in page and "0312 300423" in page
    assert f'href="/{lang}/"' in page
    assert "Traceback" not in page


def test_missing_translation_falls_back_with_a_visible_note(app, client):
    article = db.session.scalars(db.select(Article).order_by(Article.id)).first()
    texts = dict(article.texts)
    texts.pop("en")
    article.texts = texts
    db.session.commit()
    publish(author="test", comment="drop English")
    page = client.get(f"/en/topics/{article.topic.slug}/{article.slug}").get_data(as_text=True)
    assert "not yet available in your language" in page
    assert 'lang="ru"' in page  # the Russian fallback text is marked as Russian for screen readers
    assert article.texts["ru"]["title"] in page


def test_take_away_qr_only_when_public_url_is_set(app, client):
    # What the codes say is checked by decoding Chromium screenshots (tests/browser/test_qr.py).
    assert "take-away" not in client.get("/ru/office").get_data(as_text=True)
    app.config["PUBLIC_BASE_URL"] = "https://kiosk.example.kg"
    page = client.get("/ru/office").get_data(as_text=True)
    assert 'class="qr take-away"' in page


def test_healthz_reports_database_and_release(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["database"] is True
    assert body["release"] >= 1
    assert len(body["content_hash"]) == 64


def test_kiosk_reads_only_the_published_release(app, client):
    topic = db.session.scalar(db.select(Topic).where(Topic.slug == "work-abroad"))
    topic.texts = {**topic.texts, "en": {**topic.texts["en"], "title": "Draft title not yet published"}}
    db.session.commit()
    assert "Draft title not yet published" not in client.get("/en/").get_data(as_text=True)
    publish(author="test")
    assert "Draft title not yet published" in client.get("/en/").get_data(as_text=True)


def test_idle_timeout_setting_reaches_the_page(app, client):
    app.config["IDLE_TIMEOUT_SECONDS"] = 42
    assert 'data-idle="42"' in client.get("/en/").get_data(as_text=True)


def test_language_screen_speaks_all_three_languages(app, client):
    """Nobody has chosen a language yet: hotline labels and the Service's name come in ky, ru and en."""
    page = unmarked(client.get("/").get_data(as_text=True))
    footer = page.split('<footer class="hotbar', 1)[1]
    with app.test_request_context():
        snapshot = current_snapshot()
        for lang in LANGS:
            for line in snapshot.hotlines(lang, ()):
                label = line.text.label.replace("'", "&#39;")
                assert f'<span class="hotbar-label" lang="{lang}">{label}</span>' in footer, (lang, label)
    assert footer.count('class="hotbar-number"') == 2
    for lang, words in (("ky", "миграция кызматы"), ("ru", "Государственная служба миграции"),
                        ("en", "State Migration Service")):  # fmt: skip
        assert re.search(rf'<span lang="{lang}">[^<]*{words}', page), lang
    assert "Горячие линии" in footer and "Hotlines" in footer and 'lang="ky">Ысык линиялар' in footer
