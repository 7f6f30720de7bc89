"""When the database drops out, staff get a clear page in their language and nothing is half-saved.

The database here is real; only its failure is injected, by making the driver refuse statements the way
a PostgreSQL restart does. bench/faults.py pg-restart restarts the real server under saves.
"""

from __future__ import annotations

import contextlib
import io

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DataError, OperationalError

from core.extensions import db
from core.models import Article, AuditEvent, Revision
from tests.admin.conftest import edit_url, read_form, tr


@contextlib.contextmanager
def database_down(match: str = "", error=OperationalError, reason: str = "server closed the connection unexpectedly"):
    """Every SQL statement (containing `match`) fails as when the server closed the connection."""

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if match.lower() in statement.lower():
            raise error(statement, parameters, Exception(reason))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


def counts() -> tuple[int, int]:
    return db.session.scalar(select(func.count(Revision.id))), db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize("failing", ["INSERT INTO audit_event", "INSERT INTO revision", "UPDATE article"])
def test_a_save_cut_off_by_the_database_is_refused_whole_and_can_be_repeated(app, as_role, failing):
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    before_texts, before_counts = article.texts, counts()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Заголовок во время сбоя", title_ky="Бузулуу учурундагы аталыш", save="Save")
    with database_down(failing):
        response = editor.post(edit_url(article), form)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert "The database is not reachable" in page and "most likely not carried out" in page
    db.session.expire_all()
    assert db.session.get(Article, article.id).texts == before_texts
    assert counts() == before_counts, "a revision or audit entry of a failed save was kept"
    # Once the database answers again, the very same form (still in the browser) saves.
    assert editor.post(edit_url(article), form).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Article, article.id)
    assert saved.texts["ru"]["title"] == "Заголовок во время сбоя"
    assert saved.texts["ky"]["title"] == "Бузулуу учурундагы аталыш"


def test_the_outage_page_speaks_the_staff_language_even_when_the_user_cannot_be_loaded(app, as_role, staff):
    staff["editor"].language = "ky"
    db.session.commit()
    editor = as_role("editor")
    with database_down():
        response = editor.get("/admin/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    # The user could not be read: the language comes from the session, where the last page put it.
    assert '<html lang="ky">' in page
    assert tr("ky", "The database is not reachable") in page
    assert tr("ky", "The database is not reachable") != "The database is not reachable"
    assert editor.get("/admin/").status_code == 200  # and it recovers by itself


def test_a_kiosk_page_not_yet_cached_says_try_again_when_the_database_is_down(app, client):
    client.get("/ky/office")  # release read and cached; pages already built keep working
    with database_down():
        assert client.get("/ky/office").status_code == 200
        # A stamp from another worker's publish forces a database read, which fails.
        stamp = app.config["RELEASE_STAMP_PATH"]
        with open(stamp, "a", encoding="utf-8") as handle:
            handle.write(" newer")
        response = client.get("/ky/")
    assert response.status_code == 503
    assert 'lang="ky"' in response.get_data(as_text=True)
    assert tr("ky", "Go back to the start or call a hotline for help.") in response.get_data(as_text=True)
    assert client.get("/ky/").status_code == 200


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_file_sent_to_an_admin_form_is_refused_in_the_staff_language(app, as_role, staff, lang):
    staff["editor"].language = lang
    db.session.commit()
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    before = article.texts
    data = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    data["title_ru"] = (io.BytesIO(b"\x00binary"), "title.bin")
    response = editor.post(edit_url(article), data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert tr(lang, "The form could not be accepted") in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Article, article.id).texts == before


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_nul_character_in_a_kiosk_address_gets_the_kiosk_error_page(client, lang):
    response = client.get(f"/{lang}/office?x=%00")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in page and "189" in page
    assert tr(lang, "Sorry, this page cannot be shown.") in page


def test_a_data_error_is_a_bug_not_an_outage(app, as_role):
    """Only "the database is not answering" becomes the wait-and-retry page; other database errors
    stay errors (logged with their traceback), so staff are not told to retry something that cannot work."""
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    form = read_form(editor.get(edit_url(article)).get_data(as_text=True))
    form.update(title_ru="Другой заголовок", save="Save")
    with database_down("UPDATE article", DataError, "value too long for type character varying"):
        with pytest.raises(DataError):  # the test app propagates errors; in production it is a 500
            editor.post(edit_url(article), form)


def test_a_form_with_broken_hidden_fields_gets_the_reload_message(app, as_role):
    editor = as_role("admin")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    editor.post(edit_url(article), {**read_form(editor.get(edit_url(article)).get_data(as_text=True)),
                                     "title_ru": "Первая правка", "save": "Save"})  # fmt: skip
    response = editor.post(f"{edit_url(article)}/revert/1", {"version": "not a number"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "reload the page" in page and "invisible control character" not in page


def test_the_attract_screen_shows_the_hotlines_while_the_database_is_away(empty_app):
    """A worker that has not read the release yet (just started) while the database is down."""
    client = empty_app.test_client()
    with database_down():
        response = client.get("/")
    assert response.status_code == 200
    assert "189" in response.get_data(as_text=True) and "0312 300423" in response.get_data(as_text=True)
