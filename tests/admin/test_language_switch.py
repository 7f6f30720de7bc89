"""The interface-language form: it switches, and when it cannot, it says why instead of doing nothing."""

from __future__ import annotations

from html import unescape

from tests.admin.conftest import tr


def test_switch_on_the_login_page_is_kept_in_the_session(admin_client):
    response = admin_client.post("/admin/language", {"language": "en", "next": "/admin/login"})
    assert response.status_code == 302
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_a_refused_switch_says_why_in_the_current_language(app, admin_client):
    response = admin_client.post("/admin/language", {"language": "xx", "next": "/admin/login"})
    assert response.status_code == 302
    page = unescape(admin_client.get(response.headers["Location"]).get_data(as_text=True))
    assert '<html lang="ru">' in page
    said = tr("ru", "The interface language was not changed: %(reason)s", reason="")
    assert said in page
    assert said.strip() != "The interface language was not changed:", "the Russian catalog lacks the message"
    reason = page.split(said, 1)[1].split("<", 1)[0].strip()
    assert reason, "the message does not say why"


def test_requests_that_change_nothing_never_resend_the_session(admin_client):
    """A style sheet or a missing favicon fetched with the old cookie while the language is switched
    must not answer with that old cookie: the browser would put the old session back (the PostgreSQL
    flake in the browser login, where the 404 page is slow enough to come back last)."""
    admin_client.get("/admin/login")
    client = admin_client.client
    stale = client.get_cookie("session").value
    assert admin_client.post("/admin/language", {"language": "en", "next": "/admin/login"}).status_code == 302
    fresh = client.get_cookie("session").value
    assert fresh != stale
    for url in ("/static/css/admin.css", "/favicon.ico/", "/ru/"):
        client.set_cookie("session", stale)
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "session=" not in " ".join(response.headers.getlist("Set-Cookie")), url
    client.set_cookie("session", fresh)
    assert '<html lang="en">' in client.get("/admin/login").get_data(as_text=True)
