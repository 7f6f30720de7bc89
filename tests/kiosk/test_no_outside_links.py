"""Crawl every kiosk page: no link or asset may point outside the app, and every one must load."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tests.conftest import unmarked

URL_ATTRS = {"href", "src", "action", "srcset", "poster", "data", "formaction"}


class LinkCollector(HTMLParser):
    """Collects every URL-bearing attribute and inline style URL of a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRS:
                self.urls.extend(part.split()[0] for part in value.split(",") if part.strip())
            if name == "style":
                self.urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", value))


def is_inside(url: str) -> bool:
    """True for links that stay on this kiosk (relative, same host, fragments). Every other scheme is
    outside, tel: included: a kiosk cannot place a call, and following a tel: link would hand the screen
    to an outside handler. Hotline numbers are shown as text and as tel: QR codes for a phone to scan."""
    parts = urlsplit(url)
    if parts.scheme in ("", "http", "https") and not parts.netloc:
        return True
    return parts.netloc == "localhost" and parts.scheme in ("http", "https")


def test_crawl_finds_no_outside_link_or_asset(client):
    seen: set[str] = set()
    queue = ["/"]
    outside: list[tuple[str, str]] = []
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code == 200, path
        kind = response.mimetype
        if kind == "text/html":
            collector = LinkCollector()
            collector.feed(response.get_data(as_text=True))
            found = collector.urls
        elif kind == "text/css":
            found = re.findall(r"url\(['\"]?([^'\")]+)", response.get_data(as_text=True))
        elif kind in ("image/svg+xml",):
            found = re.findall(r'(?:href|src)="([^"#][^"]*)"', response.get_data(as_text=True))
        else:
            found = []
        for raw in found:
            if raw.startswith("#"):
                continue
            if not is_inside(raw):
                outside.append((path, raw))
                continue
            target = urlsplit(urljoin("http://localhost" + path, raw))
            queue.append(target.path)
    assert not outside, outside
    assert any(p.startswith("/assets/fonts/") for p in seen)  # the CSS pulls the local fonts
    assert len([p for p in seen if p.startswith("/ky/")]) > 20


def test_hotline_numbers_are_text_and_qr_codes_never_tel_links(client):
    """What the kiosk does with phone numbers: it shows them and offers a QR code; it never links them."""
    for lang in ("ky", "ru", "en"):
        html = unmarked(client.get(f"/{lang}/hotlines").get_data(as_text=True))
        collector = LinkCollector()
        collector.feed(html)
        assert not [u for u in collector.urls if urlsplit(u).scheme == "tel"], lang
        for number in ("189", "0312 300423"):
            assert f'<p class="hotline-number">{number}</p>' in html, (lang, number)
        assert html.count('<figure class="qr">') >= 2 and "<svg" in html, lang
    assert not is_inside("tel:189") and not is_inside("tel:0312300423")
