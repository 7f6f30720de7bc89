"""Speech in Chromium (issue 15): what a traveller hears is what the page shows, sentence by sentence;
the arrow keys and Enter alone lead from the language screen to the hotlines, each step spoken; the idle
reset silences the kiosk and brings volume and speed back.

`window.kioskSpeech.log` lists every utterance the page asked for, with whether its audio played (the
`playing` event of the audio element, after the clip came from this server). The browser runs with
the autoplay switch the terminals use (tests/browser/conftest.py, deploy/kiosk-browser.sh), so a page
can speak on arrival.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core.publishing import current_snapshot
from core.reception import reception_now
from core.speech import release_page_paths
from tests.browser import test_admin_flow as admin_flow
from tests.browser.conftest import PORTRAIT, module_server
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.conftest import make_app

pytestmark = pytest.mark.browser

ARTICLE = "/{lang}/topics/work-abroad/before-you-go"


@pytest.fixture(scope="module")
def speech_server(databases, tmp_path_factory):
    """A kiosk with speech (espeak-ng is installed by `make test`)."""
    yield from module_server(databases, tmp_path_factory)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def spoken(page, kind: str | None = None) -> list[dict]:
    """The page's spoken-text log (optionally of one kind: sentence, focus, page, help)."""
    log = page.evaluate("window.kioskSpeech.log")
    return [entry for entry in log if kind is None or entry["kind"] == kind]


def wait_for_spoken(page, count: int, kind: str) -> list[dict]:
    """Wait until `count` utterances of `kind` have played to their end, and return them."""
    page.wait_for_function(
        "([n, kind]) => window.kioskSpeech.log.filter((e) => e.kind === kind && e.ended).length >= n",
        arg=[count, kind],
        timeout=60_000,
    )
    return spoken(page, kind)


def highlighted(page) -> str:
    """The words the page shows as being read now."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('.say-now')).map((s) => s.textContent).join('').replace(/\\s+/g, ' ')"
        ".trim()"
    )


# --- reading an article ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_an_article_is_read_sentence_by_sentence_with_the_highlight_following(speech_server, page, lang):
    clips: list[tuple[str, int, str]] = []
    page.on("response", lambda r: "/speech/" in r.url and clips.append((r.url, r.status, r.headers["content-type"])))
    page.goto(speech_server.url + ARTICLE.format(lang=lang))
    sentences = page.evaluate("window.kioskSpeech.sentences()")
    assert len(sentences) > 20 and all(s["lang"] == lang for s in sentences[:5])
    page.locator("#speech-listen").click()
    page.locator("#speech-faster").click()
    page.locator("#speech-faster").click()

    # Three sentences heard in the page's order, each highlighted while it is read, and on screen.
    for n in range(1, 4):
        heard = wait_for_spoken(page, n, "sentence")
        assert [e["text"] for e in heard[:n]] == [s["text"] for s in sentences[:n]]
        assert all(e["played"] and e["lang"] == lang for e in heard[:n])
    page.wait_for_function("(id) => window.kioskSpeech.current !== id", arg=sentences[2]["id"])
    now = page.evaluate("window.kioskSpeech.current")
    index = [s["id"] for s in sentences].index(now)
    assert index >= 3
    assert highlighted(page) == sentences[index]["text"]
    box = page.locator(".say-now").first.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PORTRAIT["height"]
    assert clips and all(status in (200, 206) and ctype == "audio/ogg" for _url, status, ctype in clips)

    # Pause: the reading holds where it is; Continue goes on from there.
    page.locator("#speech-listen").click()
    expect(page.locator("#speech-listen")).to_have_attribute("data-state", "paused")
    where = "[window.kioskSpeech.current, window.kioskSpeech.log.length, window.kioskSpeech.audio.currentTime]"
    held = page.evaluate(where)
    page.wait_for_timeout(1500)
    assert page.evaluate(where) == held
    assert page.evaluate("window.kioskSpeech.audio.paused")
    assert highlighted(page) == sentences[index]["text"]
    page.locator("#speech-listen").click()
    page.wait_for_function(
        "([n, t]) => !window.kioskSpeech.audio.paused"
        " && (window.kioskSpeech.log.length > n || window.kioskSpeech.audio.currentTime > t)",
        arg=held[1:],
    )

    # A tap on a later sentence reads from there.
    target = sentences[12]
    page.locator(f'span.say[data-s="{target["id"]}"]').first.click()
    page.wait_for_function("(id) => window.kioskSpeech.current === id", arg=target["id"])
    assert highlighted(page) == target["text"]
    assert spoken(page, "sentence")[-1]["text"] == target["text"]

    # Stop: silence, no highlight, the Listen button back.
    page.locator("#speech-stop").click()
    expect(page.locator("#speech-listen")).to_have_attribute("data-state", "idle")
    assert page.evaluate("window.kioskSpeech.audio.paused") and highlighted(page) == ""
    expect(page.locator("#speech-controls")).to_be_hidden()


def test_the_speech_controls_pass_axe_while_reading(speech_server, page):
    page.goto(speech_server.url + "/ru/hotlines")
    page.locator("#speech-listen").click()
    expect(page.locator("#speech-controls")).to_be_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.response["violations"], [v["id"] for v in results.response["violations"]]
    for button in page.locator(".speech .btn").all():
        box = button.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48


# --- the page's sentences are its visible sentences -------------------------------------------------

VISIBLE_TEXT = """() => {
  // What a sighted traveller reads: the rendered text of the content and the hotline bar, without
  // decorations hidden from assistive technology and without the speech controls themselves. (Hidden
  // through the CSSOM: the page's CSP refuses an injected <style>.)
  const hidden = [...document.querySelectorAll('[aria-hidden="true"], [data-say-skip]')];
  hidden.forEach((el) => el.style.setProperty('display', 'none', 'important'));
  const regions = [document.querySelector('main'), ...document.querySelectorAll('footer.hotbar')];
  const text = regions.filter(Boolean).map((region) => region.innerText).join('\\n');
  hidden.forEach((el) => el.style.removeProperty('display'));
  return text;
}"""


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_every_pages_sentences_are_its_visible_sentences_in_order(speech_server, page):
    """For every page of the release in ky, ru and en (and the language screen and the 404 page): the
    sentences the player reads are exactly the words shown, in order, and no sentence runs across a
    line break the browser draws (a title and the text under it are two sentences)."""
    app = make_app(speech_server.env["DATABASE_URL"], speech_server.workdir / "probe.stamp")
    with app.app_context():
        paths = release_page_paths(app, current_snapshot(), reception_now())
    assert len(paths) > 90
    problems = []
    for path in paths:
        page.goto(speech_server.url + path)
        sentences = page.evaluate("window.kioskSpeech.sentences()")
        visible = page.evaluate(VISIBLE_TEXT)
        said = [words(s["text"]) for s in sentences]
        if words(visible) != [w for sentence in said for w in sentence]:
            import difflib

            delta = [d for d in difflib.ndiff(words(visible), [w for x in said for w in x]) if d[0] in "+-"][:12]
            problems.append(f"{path}: spoken words differ from the visible ones: {delta}")
            continue
        ends, total = {0}, 0
        for sentence in said:
            total += len(sentence)
            ends.add(total)
        at = 0
        for line in visible.split("\n"):
            at += len(words(line))
            if at not in ends:
                problems.append(f"{path}: a sentence runs over the line break after {line.strip()[-40:]!r}")
                break
    assert not problems, "\n".join(problems)


# --- arrow keys, Enter and Help ------------------------------------------------------------------

# What each language calls the choice on the language screen, how a position is said, the Hotlines
# tile and the hotlines page's title: from the catalogs, as a person hears them.
KEYS = {
    "ky": {"said": "Кыргызча, баскыч, 4 ичинен 1", "press": 1, "position": r"(\d+) ичинен (\d+)",
           "tile": "Ысык линиялар, баскыч"},
    "ru": {"said": "Русский, кнопка, 2 из 4", "press": 2, "position": r"(\d+) из (\d+)",
           "tile": "Горячие линии, кнопка"},
    "en": {"said": "English, button, 3 of 4", "press": 3, "position": r"(\d+) of (\d+)",
           "tile": "Hotlines, button"},
}  # fmt: skip


def wait_for_step(page, count: int, kind: str) -> dict:
    """The `count`-th thing of `kind` the kiosk said (one key press's words: focus, page, help), once
    all of it has played."""
    page.wait_for_function(
        "([n, kind]) => { const s = window.kioskSpeech.steps.filter((x) => x.kind === kind);"
        " return s.length >= n && s[n - 1].done; }",
        arg=[count, kind],
        timeout=60_000,
    )
    return page.evaluate("([n, kind]) => window.kioskSpeech.steps.filter((x) => x.kind === kind)[n - 1]", [count, kind])


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_arrow_keys_and_enter_alone_lead_from_the_language_screen_to_the_hotlines(speech_server, page, lang):
    want = KEYS[lang]
    page.goto(speech_server.url + "/")
    keyboard = page.keyboard

    # The language screen: each choice is said in its own language, with its place among the four
    # things to tap (three languages and Listen).
    for n in range(1, want["press"] + 1):
        keyboard.press("ArrowDown")
        assert wait_for_step(page, n, "focus")["played"]
    first = wait_for_step(page, 1, "focus")
    assert first["parts"] == [{"text": "Кыргызча, баскыч, 4 ичинен 1", "lang": "ky"}]
    assert wait_for_step(page, want["press"], "focus")["parts"] == [{"text": want["said"], "lang": lang}]
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == lang

    keyboard.press("Enter")
    page.wait_for_url(f"{speech_server.url}/{lang}/")
    arrival = wait_for_step(page, 1, "page")
    assert arrival["text"].startswith(page.locator("main h1").inner_text() + ".") and arrival["played"]
    assert {part["lang"] for part in arrival["parts"]} == {lang}

    # Home: down the page, one spoken step at a time, to the Hotlines tile. The role and the place
    # are said in the chosen language whatever the label's (the language buttons keep their own).
    steps = 0
    while True:
        keyboard.press("ArrowDown")
        steps += 1
        heard = wait_for_step(page, steps, "focus")
        assert heard["played"] and heard["parts"][-1]["lang"] == lang
        place = re.search(want["position"] + "$", heard["text"])
        assert place, heard["text"]
        index, total = (int(place.group(1)), int(place.group(2)))
        if lang == "ky":
            index, total = total, index
        assert index == steps and total > 10, heard["text"]
        if heard["text"].startswith(want["tile"]):
            break
        assert steps < 15, [step["text"] for step in page.evaluate("window.kioskSpeech.steps")]
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"/{lang}/hotlines"

    keyboard.press("Enter")
    page.wait_for_url(f"{speech_server.url}/{lang}/hotlines")
    arrival = wait_for_step(page, 1, "page")
    assert arrival["text"].startswith(page.locator("main h1").inner_text() + ".") and arrival["played"]


def test_the_help_key_says_where_one_is_and_what_the_keys_do(speech_server, page):
    page.goto(speech_server.url + "/en/hotlines")
    page.keyboard.press("ArrowDown")
    focused = wait_for_step(page, 1, "focus")
    page.keyboard.press("h")
    help_said = [part["text"] for part in wait_for_step(page, 1, "help")["parts"]]
    assert help_said[0] == "You are on the page: Hotlines."
    assert help_said[1] == focused["text"] == "Back, button, 1 of " + focused["text"].rsplit(" ", 1)[1]
    assert help_said[2].startswith("The up and down arrows move between the buttons")


# --- the idle reset ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def idle_speech_server(databases, tmp_path_factory):
    """A kiosk with a short idle timeout (8 s, of which 3 s countdown)."""
    yield from module_server(databases, tmp_path_factory, IDLE_TIMEOUT_SECONDS="8", IDLE_COUNTDOWN_SECONDS="3")


RECORD_RESET = """() => {
  // Listens after speech.js (registered later, so it runs later): what the reset left behind.
  document.addEventListener('kiosk:idle-reset', () => {
    const s = window.kioskSpeech;
    console.log('after-reset ' + JSON.stringify({state: s.state, paused: s.audio.paused,
      src: s.audio.getAttribute('src'), settings: s.settings()}));
  });
}"""


def test_reading_keeps_the_kiosk_awake_and_the_idle_reset_silences_it_and_restores_volume_and_speed(
    idle_speech_server, page
):
    after: list[str] = []
    page.on("console", lambda message: after.append(message.text) if message.text.startswith("after-reset ") else None)
    page.goto(idle_speech_server.url + ARTICLE.format(lang="ru"))
    page.evaluate(RECORD_RESET)
    page.locator("#speech-listen").click()
    page.locator("#speech-quieter").click()
    page.locator("#speech-quieter").click()
    page.locator("#speech-faster").click()
    assert page.evaluate("window.kioskSpeech.settings()") == {
        "volume": 0.45,
        "rate": 1.2,
        "volumeStep": 1,
        "rateStep": 3,
    }

    # Longer than the idle timeout with no tap: the reading itself keeps the page.
    page.wait_for_timeout(11_000)
    assert page.url.endswith(ARTICLE.format(lang="ru"))
    assert page.evaluate("window.kioskSpeech.state") == "playing"
    assert page.locator("#idle-dialog").is_hidden()

    # Paused and left alone: the idle reset stops the audio and the next traveller starts afresh.
    page.locator("#speech-listen").click()
    page.wait_for_url(idle_speech_server.url + "/", timeout=20_000)
    assert len(after) == 1, after
    left = after[0].removeprefix("after-reset ")
    assert '"state":"idle"' in left and '"paused":true' in left and '"src":null' in left
    assert '"volumeStep":3' in left and '"rateStep":2' in left
    assert page.evaluate("window.kioskSpeech.settings()") == {"volume": 0.85, "rate": 1, "volumeStep": 3, "rateStep": 2}
    assert page.evaluate("window.kioskSpeech.state") == "idle"
    assert page.locator("#speech-volume").inner_text() == "Үн катуулугу: 5 ичинен 4 · Громкость 4 из 5 · Volume 4 of 5"


# --- the staff panel's Listen preview ---------------------------------------------------------------

staff_site = admin_flow.staff_site


def test_an_editor_hears_a_text_as_the_kiosk_will_say_it_before_saving(browser, staff_site):
    server, article = staff_site
    context, page, problems = admin_flow.staff_page(browser, admin_flow.DESKTOP)
    clips: list[tuple[int, str]] = []
    page.on(
        "response", lambda r: "/admin/speech/clip/" in r.url and clips.append((r.status, r.headers["content-type"]))
    )
    admin_flow.log_in(page, server.url, "erkin")
    page.goto(f"{server.url}/admin/content/article/{article['id']}")
    page.locator("#body_ru").fill("Позвоните **189**. Приём с 09:10 до 17:50.")
    listen = page.locator("#body_ru + button.speech-listen")
    expect(listen).to_have_text("Listen")
    listen.click()
    expect(listen).to_have_text("Stop")
    expect(listen).to_have_text("Listen", timeout=30_000)  # both sentences played to the end
    assert len(clips) == 2 and all(ok for _url, ok in clips)  # one clip per sentence, both audio
    context.close()
    assert not problems, problems
