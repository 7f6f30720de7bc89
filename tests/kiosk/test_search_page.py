"""The kiosk's search page (`/<lang>/search?q=…`): what a traveller sees, with and without JavaScript."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import event

from core.extensions import db
from core.models import Article
from core.publishing import publish
from tests.kiosk.test_pages import all_page_paths


def text_of(html: str) -> str:
    """What a reader sees of some HTML: tags out, entities decoded, spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def results_part(client, lang: str, q: str) -> str:
    response = client.get(f"/{lang}/search", query_string={"q": q, "part": "results"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_plain_form_finds_an_article_and_links_to_it(client):
    response = client.get("/ru/search", query_string={"q": "регистрации"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # A GET form with the words in `q`: works without JavaScript.
    form = re.search(r'<form class="search-form"[^>]*>', page).group()
    assert 'method="get"' in form and 'action="/ru/search"' in form
    assert re.search(r'<input id="search-q" name="q" type="search" value="регистрации"', page)
    first = re.search(r'<a class="list-item result" href="([^"]+)"[^>]*>(.*?)</a>', page, re.S)
    assert first.group(1) == "/ru/topics/foreigners/stay-and-registration"
    shown = text_of(first.group(2))
    assert shown.startswith("Иностранцам в Кыргызстане Въезд, пребывание и регистрация")  # its topic, then its title
    # The matching word, marked (the Listen feature may wrap it in its sentence span inside the mark).
    assert re.search(r"<mark>(?:<span[^>]*>)?регистрация(?:</span>)?</mark>", first.group(2))
    # A traveller's words stay in no cache.
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(first.group(1)).status_code == 200


@pytest.mark.parametrize(("lang", "label"), [("ky", "Издөө"), ("ru", "Поиск"), ("en", "Search")])
def test_every_kiosk_page_has_the_way_to_search(app, client, lang, label):
    paths = [p for p in all_page_paths(app) if p.startswith(f"/{lang}/")] + [f"/{lang}/report"]
    for path in paths:
        page = client.get(path).get_data(as_text=True)
        link = re.search(rf'<a class="btn btn-nav" href="/{lang}/search"[^>]*>(.*?)</a>', page, re.S)
        assert link, path
        assert text_of(link.group(1)) == label, path


def test_nothing_found_offers_the_hotlines_the_most_read_topics_and_the_other_languages(client):
    part = results_part(client, "en", "каттоо")
    shown = text_of(part)
    assert "Nothing found for «каттоо»." in shown
    assert "189 Migration hotline" in shown and "0312 300423" in shown
    assert "Most read" in shown and "Working abroad" in shown
    # The same words in the other languages: Kyrgyz finds them (a link there), Russian does not.
    ky = re.search(r'<a class="btn btn-nav" href="([^"]+)" lang="ky"[^>]*>(.*?)</a>', part)
    assert ky.group(1) == "/ky/search?q=%D0%BA%D0%B0%D1%82%D1%82%D0%BE%D0%BE"
    assert re.fullmatch(r"Кыргызча: [1-9]\d* results", text_of(ky.group(2)))
    assert "Русский: 0 results" in shown


def test_the_language_buttons_keep_the_words(client):
    page = client.get("/ru/search", query_string={"q": "виза"}).get_data(as_text=True)
    assert 'href="/en/search?q=%D0%B2%D0%B8%D0%B7%D0%B0" lang="en"' in page


def test_a_title_with_markup_is_shown_as_text_never_as_html(app, client):
    article = db.session.scalars(db.select(Article).where(Article.slug == "work-contract")).one()
    article.texts = {**article.texts, "ru": {**article.texts["ru"], "title": "Договор <img src=x onerror=alert(1)>"}}
    db.session.commit()
    publish(author="test")
    part = results_part(client, "ru", "договор")
    assert "<img" not in part
    assert "&lt;img src=x onerror=alert(1)&gt;" in part
    assert "<mark>Договор</mark>" in part


def test_a_search_touches_no_database_once_the_release_is_loaded(app, client):
    client.get("/ru/")  # loads the release in this process (and builds its search index)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for lang, q in (("ru", "регистрации"), ("ky", "каттоодон"), ("en", "regsitration")):
            assert client.get(f"/{lang}/search", query_string={"q": q}).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []


def test_an_empty_search_shows_the_form_only(client):
    page = client.get("/ky/search").get_data(as_text=True)
    assert 'id="search-q"' in page
    assert 'class="list-item result"' not in page and "search-none" not in page
