"""axe-core finds no WCAG 2.2 AA violations on the main kiosk pages, in 3 languages and 2 colour modes."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import PORTRAIT

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
PAGES = ["/", "/{lang}/", "/{lang}/topics/work-abroad", "{article}", "/{lang}/hotlines", "/{lang}/office"]


@pytest.mark.parametrize("contrast", [False, True], ids=["normal", "high-contrast"])
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_no_axe_violations(kiosk_server, browser, lang, contrast):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    axe = Axe()
    page.goto(f"{kiosk_server.url}/{lang}/topics/work-abroad")
    article = page.locator(".list-item").first.get_attribute("href")
    failures = []
    for template in PAGES:
        path = article if template == "{article}" else template.format(lang=lang)
        page.goto(kiosk_server.url + path)
        if contrast:
            page.evaluate("() => { sessionStorage.setItem('kiosk.contrast', '1'); }")
            page.reload()
            assert page.evaluate("() => document.documentElement.classList.contains('contrast')")
        results = axe.run(page, options=AXE_OPTIONS)
        assert len(results.response["passes"]) >= 10, "axe did not really check the page"
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{path}: {violation['id']} ({violation['impact']}): {targets}")
    context.close()
    assert not failures, "\n".join(failures)
