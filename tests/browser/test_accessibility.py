"""axe-core finds no WCAG 2.2 AA violations on every kiosk page type: 3 languages x 3 display modes x 2 orientations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import LANDSCAPE, PORTRAIT
from tests.browser.screens import set_mode

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PAGES = ["/", "/{lang}/", "/{lang}/topics/work-abroad", "{article}", "/{lang}/hotlines", "/{lang}/office",
         # Search: results with marked words, and nothing found (suggestions, the other languages).
         "/{lang}/search?q=189", "/{lang}/search?q=zzqx"]  # fmt: skip


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
@pytest.mark.parametrize("mode", ["normal", "large", "contrast"])
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_no_axe_violations(kiosk_server, browser, lang, mode, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True)
    page = context.new_page()
    axe = Axe()
    page.goto(f"{kiosk_server.url}/{lang}/topics/work-abroad")
    article = page.locator(".list-item").first.get_attribute("href")
    failures = []
    for template in PAGES:
        path = article if template == "{article}" else template.format(lang=lang)
        page.goto(kiosk_server.url + path)
        if mode != "normal":
            set_mode(page, mode)
            assert page.evaluate("(mode) => document.documentElement.classList.contains(mode)", mode)
        results = axe.run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10, "axe did not really check the page"
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
        if path != "/":  # the display options, opened, must pass too
            page.locator("#display-button").click()
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                failures.append(f"{path} (options open): {violation['id']}: {violation['nodes'][0]['target']}")
            page.locator("#display-button").click()
    context.close()
    assert not failures, "\n".join(failures)
