"""Every QR code on every kiosk page decodes from a Chromium screenshot, in both orientations."""

from __future__ import annotations

import pytest
import zxingcpp

from tests.browser.conftest import LANDSCAPE, PORTRAIT, module_server
from tests.browser.screens import LANGS, crawl, decode_qr

pytestmark = pytest.mark.browser

PUBLIC = "https://kiosk.example.kg"
# The numbers a traveller dials, as the Service publishes them (content-facts): not derived from the page.
HOTLINE_CALLS = {"tel:189", "tel:0312300423", "tel:+996312300423"}


@pytest.fixture(scope="module")
def public_server(databases, tmp_path_factory):
    """A kiosk with a public address, so every page carries its "take this page with you" code."""
    yield from module_server(databases, tmp_path_factory, PUBLIC_BASE_URL=PUBLIC)


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_qr_code_decodes_from_a_screenshot(public_server, browser, lang, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    paths = crawl(page, public_server.url, lang)
    assert f"/{lang}/hotlines" in paths and f"/{lang}/office" in paths and len(paths) > 15
    failures = []
    for path in paths:
        page.goto(public_server.url + path)
        expected = {PUBLIC + path} | (HOTLINE_CALLS if path.endswith("/hotlines") else set())
        found = set()
        figures = page.locator("figure.qr")
        for i in range(figures.count()):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            # The caption belongs to its code: inside the same figure, right under the symbol.
            gap, box = figure.evaluate(
                """f => { const svg = f.querySelector('svg').getBoundingClientRect();
                          const caption = f.querySelector('figcaption').getBoundingClientRect();
                          return [caption.top - svg.bottom, svg.width]; }"""
            )
            if not 0 <= gap <= 24:
                failures.append(f"{path}: caption {gap:.0f}px away from code {i}")
            codes = decode_qr(figure.screenshot())
            if len(codes) != 1 or codes[0].format != zxingcpp.BarcodeFormat.QRCode:
                failures.append(f"{path}: code {i} read as {[(c.format, c.text) for c in codes]}")
                continue
            # Scaled to fill its box (a phone reads a big symbol from arm's length), quiet zone aside.
            corners = codes[0].position
            if corners.top_right.x - corners.top_left.x < 0.7 * box or box < 160:
                failures.append(f"{path}: code {i} is {corners.top_right.x - corners.top_left.x}px in a {box}px box")
            found.add(codes[0].text)
        if found != expected:
            failures.append(f"{path}: decoded {sorted(found)}, expected {sorted(expected)}")
    context.close()
    assert not failures, "\n".join(failures)
