"""Bad input: a clear message beside the field, in the admin's language, and nothing typed is lost."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.models import Article, Hotline, User
from tests.admin.conftest import AdminClient, edit_url, field_errors, read_form


def open_editor(c, item) -> dict:
    """The editor's fields as the page shows them."""
    return read_form(c.get(edit_url(item)).get_data(as_text=True))


def in_language(lang: str, message: str, **values) -> str:
    """A message as the admin interface shows it in `lang`."""
    with force_locale(lang):
        return _(message, **values)


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_bad_article_input_is_explained_beside_each_field(app, as_role, staff, lang):
    staff["editor"].language = lang
    db.session.commit()
    editor = as_role("editor")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    before = dict(article.texts)
    form = open_editor(editor, article)
    too_long = "Очень длинный заголовок " * 10  # 240 characters, the limit is 200
    form.update(slug="", title_ru=too_long, title_en="", summary_en="", body_en="Only a body", sort="ten",
                effective_from="next tuesday", save="Save")  # fmt: skip
    response = editor.post(edit_url(article), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<html lang="{lang}">' in page
    assert field_errors(page, "slug") == in_language(lang, "Please fill in this field.")
    assert field_errors(page, "title_ru") == in_language(lang, "Too long: at most %(max)d characters.", max=200)
    assert field_errors(page, "title_en") == in_language(
        lang, "Fill this in too, or leave every field of this language empty."
    )
    assert field_errors(page, "sort") == in_language(lang, "Enter a whole number.")
    date_message = in_language(lang, "Enter a date and time, for example 2026-12-31T09:00.")
    assert field_errors(page, "effective_from") == date_message
    assert field_errors(page, "body_en") == ""  # the field that is fine has no message
    shown = read_form(page)
    assert shown["title_ru"] == too_long and shown["body_en"] == "Only a body" and shown["sort"] == "ten"
    assert shown["effective_from"] == "next tuesday"
    db.session.expire_all()
    assert article.texts == before


# Superscript digits count as digits for str.isdigit() but are no number: the editor's preview once
# crashed on them while reading the number aloud, and staff got a server error instead of this message.
@pytest.mark.parametrize(
    "number", ["call us", "12", "+996 312 300423 ext 5", "1234567890123456", "++996 312", "¹²³", "0312 ³⁰⁰⁴²³"]
)
def test_invalid_phone_number_is_refused(app, as_role, number):
    editor = as_role("editor")
    hotline = db.session.scalars(select(Hotline).order_by(Hotline.id)).first()
    old = hotline.number
    form = open_editor(editor, hotline)
    form.update(number=number, save="Save")
    response = editor.post(edit_url(hotline), form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid phone number" in field_errors(page, "number")
    assert read_form(page)["number"] == number
    db.session.expire_all()
    assert hotline.number == old


@pytest.mark.parametrize("number", ["189", "0312 300423", "+996 (312) 30-04-23"])
def test_valid_phone_numbers_are_accepted(app, as_role, number):
    editor = as_role("editor")
    hotline = db.session.scalars(select(Hotline).order_by(Hotline.id)).first()
    form = open_editor(editor, hotline)
    form.update(number=number, save="Save")
    assert editor.post(edit_url(hotline), form).status_code == 302
    db.session.expire_all()
    assert hotline.number == number


def test_an_item_needs_text_in_at_least_one_language(app, as_role):
    editor = as_role("editor")
    form = read_form(editor.get("/admin/content/topic/new").get_data(as_text=True))
    form.update(slug="empty-topic", save="Save")
    page = editor.post("/admin/content/topic/new", form).get_data(as_text=True)
    assert field_errors(page, "title_ru") == "Write the text in at least one language."


def test_user_form_errors_keep_what_was_typed(app, as_role):
    admin = as_role("admin")
    form = {"username": "bad name!", "role": "editor", "language": "ru", "active": "y", "password": "short"}
    response = admin.post("/admin/users/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use Latin letters" in field_errors(page, "username")
    assert field_errors(page, "password") == "Use 15 to 200 characters."
    assert 'value="bad name!"' in page
    assert db.session.scalar(select(User).where(User.username == "bad name!")) is None


def test_interface_language_is_chosen_by_staff_and_kept(app, as_role, staff):
    assert '<html lang="ru">' in AdminClient(app.test_client()).get("/admin/login").get_data(as_text=True)
    editor = as_role("editor")
    assert '<html lang="en">' in editor.get("/admin/").get_data(as_text=True)  # the account's choice
    assert (
        editor.post("/admin/language", {"language": "ky", "next": "/admin/translations"}).headers["Location"]
        == "/admin/translations"
    )
    assert '<html lang="ky">' in editor.get("/admin/").get_data(as_text=True)
    db.session.expire_all()
    assert staff["editor"].language == "ky"
    # Before login the choice lives in the session; an outside "next" is never followed.
    anonymous = AdminClient(app.test_client())
    response = anonymous.post("/admin/language", {"language": "en", "next": "https://elsewhere.example/"})
    assert response.headers["Location"] == "/admin/"
    assert '<html lang="en">' in anonymous.get("/admin/login").get_data(as_text=True)
