"""What a traveller sees at first sight on real kiosk screens: every shape, language and display mode.

"Visible" here means what a person sees: the element's box lies inside the first viewport and the
browser's own hit test (elementFromPoint) finds that element, not a bar or a button drawn over it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import artifact
from tests.browser.screens import LANGS, MODES, SHAPES, set_mode

pytestmark = pytest.mark.browser

# Every element matched must be fully visible and on top; returns the problems found.
SEEN_JS = """(selector) => {
    const problems = [];
    const found = [...document.querySelectorAll(selector)];
    if (!found.length) return [`${selector}: not on the page`];
    for (const el of found) {
        const r = el.getBoundingClientRect();
        const name = `${selector} "${el.textContent.trim().slice(0, 30)}"`;
        if (!r.width || !r.height) { problems.push(`${name}: not displayed`); continue; }
        if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
            problems.push(`${name}: box ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},`
                          + `${Math.round(r.bottom)} outside the ${innerWidth}x${innerHeight} viewport`);
            continue;
        }
        const d = Math.min(6, r.width / 4, r.height / 4);
        const points = [[r.left + r.width / 2, r.top + r.height / 2], [r.left + d, r.top + d],
                        [r.right - d, r.top + d], [r.left + d, r.bottom - d], [r.right - d, r.bottom - d]];
        for (const [x, y] of points) {
            const hit = document.elementFromPoint(x, y);
            if (!hit || !(hit === el || el.contains(hit))) {
                problems.push(`${name}: covered at ${Math.round(x)},${Math.round(y)} by `
                              + `${hit ? hit.tagName + '.' + hit.className : 'nothing'}`);
                break;
            }
        }
    }
    return problems;
}"""

ONE_ROW_JS = """() => {
    const bar = document.querySelector('.topbar');
    const buttons = [...bar.querySelectorAll('.btn')].filter(b => b.offsetParent !== null);
    // A button starts a new row when it begins below the middle of the one before it.
    const boxes = buttons.map(b => b.getBoundingClientRect()).sort((a, b) => a.top - b.top);
    let rows = boxes.length ? 1 : 0;
    for (let i = 1; i < boxes.length; i++) if (boxes[i].top > boxes[i - 1].top + boxes[i - 1].height / 2) rows++;
    const inner = bar.getBoundingClientRect().right - parseFloat(getComputedStyle(bar).paddingRight);
    const overflow = bar.scrollWidth > bar.clientWidth + 1 || boxes.some(r => r.right > inner + 1 || r.left < 0);
    return {rows, overflow, height: bar.offsetHeight};
}"""


SMALL_TARGETS_JS = """() => [...document.querySelectorAll('a, button')]
    .filter(el => el.offsetParent !== null && !el.closest('.prose') && !el.classList.contains('skip'))
    .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
    .filter(([, r]) => r.width < 48 || r.height < 48)
    .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def seen(page, selector: str) -> list[str]:
    """Problems that keep `selector` from being seen without scrolling (empty when all is well)."""
    return page.evaluate(SEEN_JS, selector)


@pytest.fixture(scope="module")
def screen(browser):
    """One context per screen shape, reused by the module's tests."""
    contexts = {}

    def get(shape: str):
        if shape not in contexts:
            contexts[shape] = browser.new_context(viewport=SHAPES[shape], has_touch=True)
        return contexts[shape].new_page()

    yield get
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("shape", SHAPES)
def test_first_sight_on_every_screen(kiosk_server, screen, shape, lang, mode):
    page = screen(shape)
    page.goto(f"{kiosk_server.url}/{lang}/")
    set_mode(page, mode)
    page.evaluate("document.fonts.ready")
    problems = []
    # Home: both hotline numbers, today's reception status, and the way to the hours page.
    problems += seen(page, ".hotbar .hotbar-number")
    problems += seen(page, ".status")
    problems += seen(page, f'a[href="/{lang}/office"][data-hours-link]')
    bar = page.evaluate(ONE_ROW_JS)
    if bar["rows"] != 1 or bar["overflow"]:
        problems.append(f"top bar: {bar}")
    if page.evaluate("() => document.documentElement.scrollWidth > innerWidth"):
        problems.append("the page scrolls sideways")
    # The fixed bars leave the screen to the answers (they took 21-23 % before).
    share = page.evaluate(
        """() => (document.querySelector('.topbar').offsetHeight
                  + document.querySelector('.hotbar').offsetHeight) / innerHeight"""
    )
    if share > 0.17:
        problems.append(f"top bar and footer take {share:.0%} of the screen")
    # Every topic is on screen, or a tappable sign says that more follow and brings them up.
    last = page.locator(".tiles .tile").last
    if seen(page, ".tiles li:last-child .tile"):
        problems += seen(page, "#more-below")
        for _ in range(8):
            if not seen(page, ".tiles li:last-child .tile") or page.locator("#more-below").is_hidden():
                break
            page.locator("#more-below").tap()
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        problems += [f"after the 'more' taps: {p}" for p in seen(page, ".tiles li:last-child .tile")]
    else:
        expect(page.locator("#more-below")).to_be_hidden()
    expect(last).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifact(f"screen-home-{lang}-{shape}-{mode}.png")))

    # The office page opens with today's status and the week ahead, above the address and rules.
    page.goto(f"{kiosk_server.url}/{lang}/office")
    problems += [f"office: {p}" for p in seen(page, ".status")]
    problems += [f"office: {p}" for p in seen(page, ".week tbody tr:first-child")]
    problems += [f"office: {p}" for p in seen(page, ".hotbar .hotbar-number")]
    order = page.evaluate(
        """() => [document.querySelector('.week'), document.querySelector('.address')]
                 .map(e => e.compareDocumentPosition ? e : null).every(Boolean)
                 && (document.querySelector('.week').compareDocumentPosition(document.querySelector('.address'))
                     & Node.DOCUMENT_POSITION_FOLLOWING) > 0"""
    )
    if not order:
        problems.append("office: the week table does not come before the address")
    page.screenshot(path=str(artifact(f"screen-office-{lang}-{shape}-{mode}.png")))
    page.close()
    assert not problems, f"{shape} {lang} {mode}:\n" + "\n".join(problems)


@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("shape", SHAPES)
def test_every_page_type_keeps_the_hotlines_in_sight(kiosk_server, screen, shape, mode):
    page = screen(shape)
    page.goto(f"{kiosk_server.url}/ru/topics/work-abroad")
    set_mode(page, mode)
    article = page.locator(".list-item").first.get_attribute("href")
    problems = []
    pages = {"language": "/", "home": "/ru/", "topic": "/ru/topics/work-abroad", "article": article,
             "hotlines": "/ru/hotlines", "office": "/ru/office"}  # fmt: skip
    for kind, path in pages.items():
        page.goto(kiosk_server.url + path)
        page.evaluate("document.fonts.ready")
        problems += [f"{kind}: {p}" for p in seen(page, ".hotbar .hotbar-number")]
        if page.evaluate("() => document.documentElement.scrollWidth > innerWidth"):
            problems.append(f"{kind}: the page scrolls sideways")
        problems += [f"{kind}: tap target under 48x48: {t}" for t in page.evaluate(SMALL_TARGETS_JS)]
        if kind != "language":
            bar = page.evaluate(ONE_ROW_JS)
            if bar["rows"] != 1 or bar["overflow"]:
                problems.append(f"{kind}: top bar {bar}")
        page.screenshot(path=str(artifact(f"screen-{kind}-ru-{shape}-{mode}.png")))
        if kind != "language":  # the display options, opened
            page.locator("#display-button").click()
            problems += [f"{kind} options: tap target under 48x48: {t}" for t in page.evaluate(SMALL_TARGETS_JS)]

    page.close()
    assert not problems, f"{shape}:\n" + "\n".join(problems)


def open_first_article(page):
    """Tap the topic's first article and wait until its page has loaded, stylesheet included:
    sizes and columns read before that are the browser's defaults, not what a traveller sees."""
    item = page.locator(".list-item").first
    href = item.get_attribute("href")
    item.click()
    page.wait_for_url(f"**{href}", wait_until="load")


def test_body_text_is_at_least_20px_on_a_1080_wide_screen(kiosk_server, screen):
    page = screen("portrait-1080x1920")
    page.goto(f"{kiosk_server.url}/en/topics/work-abroad")
    open_first_article(page)
    sizes = page.evaluate(
        """() => ['body', '.prose p', '.lead', '.hotbar-number']
                 .map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)])"""
    )
    page.close()
    assert all(size >= 20 for _, size in sizes), sizes


def test_landscape_sets_long_text_in_two_columns(kiosk_server, screen):
    page = screen("landscape-1920x1080")
    page.goto(f"{kiosk_server.url}/en/topics/work-abroad")
    open_first_article(page)
    lefts = page.evaluate("() => [...document.querySelectorAll('.prose > *')].map(e => e.getBoundingClientRect().left)")
    page.close()
    assert max(lefts) > 1920 / 2 > min(lefts), f"all text in one column: {lefts}"
