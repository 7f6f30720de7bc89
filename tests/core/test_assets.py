"""Static assets carry content hashes in their names and long cache headers."""

from __future__ import annotations

import re

from core.assets import asset


def test_pages_link_hashed_assets_that_are_cached_for_a_year(client):
    page = client.get("/en/").get_data(as_text=True)
    css = re.search(r'href="(/assets/css/kiosk\.[0-9a-f]{10}\.css)"', page).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    fonts = re.findall(r"url\(([^)]+\.woff2)\)", response.get_data(as_text=True))
    assert fonts and all(re.search(r"\.[0-9a-f]{10}\.woff2$", f) for f in fonts)
    font = client.get("/assets/fonts/" + fonts[0].rsplit("/", 1)[1])
    assert font.status_code == 200 and font.mimetype == "font/woff2"


def test_a_stale_hash_is_not_served_and_plain_names_revalidate(client, app):
    with app.test_request_context():
        url = asset("js/kiosk.js")
    stale = re.sub(r"\.[0-9a-f]{10}\.js$", ".0000000000.js", url)
    assert client.get(stale).status_code == 404
    plain = client.get("/assets/js/kiosk.js")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache"
    again = client.get("/assets/js/kiosk.js", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_no_path_escapes_the_static_folder(client):
    for path in ("/assets/../core/config.py", "/assets/%2e%2e/core/config.py", "/assets/..%2fwsgi.py"):
        assert client.get(path).status_code == 404
