"""Speech on the kiosk pages: sentences marked in every page, clips served by the serving machine.

base.html wraps the page's main content and hotline bar in `{% filter say_sentences %}`, and the
live fragments ("open now") wrap themselves in `say_fragment`: every page, the report flow included,
is marked the same way without a view having to remember it. Pages are marked when they are built,
so a warm page (kiosk/fastpath.py) carries its marks at no cost.

`/speech/<key>` answers a clip from the disk cache, making it first if a page recorded its text;
`/speech/say` makes the short phrases of spoken navigation ("Hotlines, button, 3 of 11"), bounded
in length and kept apart from the release's clips. Both run on the terminal itself: no network.
"""

from __future__ import annotations

import json
import re

from flask import Response, current_app, g, jsonify, request, send_file
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from core.rate_limits import wait_seconds
from core.security import is_staff_path
from core.speech import VOICES, fragment_prefix, key_function, mark_html, speech_context, synthesizer
from core.speech.synth import SpeechUnavailable
from kiosk import bp

KEY = re.compile(r"[0-9a-f]{32}")
MAX_PHRASE = 400  # characters of one spoken-navigation phrase (a label, its role and position, or help)
MAX_PHRASE_FILES = 4000
YEAR = 365 * 24 * 3600


def _lang() -> str:
    return g.get("lang") or current_app.config["DEFAULT_LANGUAGE"]


def _snapshot():
    from kiosk.views import _snapshot_or_none

    try:
        return _snapshot_or_none()
    except Exception:  # the error page must render with a broken database too
        return None


def _marked(html: str, *, whole: bool, prefix: str) -> Markup:
    synth = synthesizer()
    if synth is None:
        return Markup(html)
    key_for = key_function(synth, speech_context(_snapshot()))
    marked, _sentences = mark_html(str(html), _lang(), key_for, whole=whole, prefix=prefix)
    return Markup(marked)


@bp.app_template_filter("say_sentences")
def say_sentences(html) -> Markup:
    """The page's readable parts (<main>, the hotline bar) with every sentence marked."""
    return _marked(html, whole=False, prefix="s")


@bp.app_template_filter("say_fragment")
def say_fragment(html) -> Markup:
    """A live fragment, marked whole with ids of its own (it is filled in after the page is cached)."""
    return _marked(html, whole=True, prefix=fragment_prefix(str(html)))


# Words spoken around what the keys reach, in every language (the language screen uses all three).
def _phrases() -> dict[str, str]:
    return {
        "button": _("button"),
        "field": _("text field"),
        "position": _("%(index)s of %(total)s"),
        "where": _("You are on the page: %(title)s."),
        "page_hint": _("Use the arrow keys to move and Enter to choose. H gives help."),
        "help": _(
            "The up and down arrows move between the buttons, and each one is read out. Enter chooses. "
            "Escape stops the reading. H repeats this help. The Listen button reads the whole page aloud."
        ),
        "volume": _("Volume %(level)s of %(max)s"),
        "speed": _("Speed %(level)s of %(max)s"),
        "listen": _("Listen"),
        "pause": _("Pause"),
        "resume": _("Continue"),
        "stop": _("Stop"),
        "quieter": _("Quieter"),
        "louder": _("Louder"),
        "slower": _("Slower"),
        "faster": _("Faster"),
        "headphones": _("Plug headphones into the socket below the screen to listen."),
    }


def speech_phrases() -> dict[str, dict[str, str]]:
    """The phrases of spoken navigation in ky, ru and en (from the catalogs), for speech.js."""
    out = {}
    for code in current_app.config["LANGUAGES"]:
        with force_locale(code):
            out[code] = _phrases()
    return out


@bp.app_context_processor
def _speech_globals() -> dict:
    """`speech_ui` for _speech.html: None when speech is off, so no Listen button is drawn."""
    if synthesizer() is None or is_staff_path(request.path):
        return {"speech_ui": None}
    phrases = speech_phrases()
    return {
        "speech_ui": {
            "base": "/speech/",
            "labels": phrases,
            "phrases": json.dumps(phrases, ensure_ascii=False),
            "headphones": bool(current_app.config.get("SPEECH_HEADPHONES_ONLY")),
        }
    }


def _clip_response(path, synth) -> Response:
    response = send_file(path, mimetype=synth.media_type, conditional=True, max_age=YEAR)
    # The key is the hash of what is said: a clip never changes, so the browser may keep it.
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response


def _refused(status: int, error: str) -> Response:
    """A machine-facing refusal that says why (the page's player only needs the status)."""
    response = jsonify({"ok": False, "error": error})
    response.status_code = status
    return response


@bp.get("/speech/<key>")
def speech_clip(key: str):
    """One sentence's clip, made now if a page recorded its text and no clip exists yet."""
    synth = synthesizer()
    if synth is None or not KEY.fullmatch(key):
        return _refused(404, "no such clip")
    try:
        path = synth.ensure(key)
    except SpeechUnavailable as exc:
        current_app.logger.warning("speech: %s", exc)
        return _refused(503, "speech unavailable")
    return _refused(404, "no such clip") if path is None else _clip_response(path, synth)


@bp.get("/speech/say")
def speech_phrase():
    """A short phrase of spoken navigation in one language (label, role and position; help)."""
    synth = synthesizer()
    lang = request.args.get("lang", "")
    text = " ".join(request.args.get("text", "").split())
    if synth is None:
        return _refused(404, "speech is off on this kiosk")
    if lang not in VOICES or not text:
        return _refused(400, "give lang (ky, ru or en) and text")
    if len(text) > MAX_PHRASE:
        return _refused(400, f"text longer than {MAX_PHRASE} characters")
    spoken = speech_context(_snapshot()).spoken(text, lang) or text
    if synth.audio_path(synth.key(spoken, lang)) is None:
        # Each new phrase costs a synthesis: count those per address, so a flood of made-up texts
        # cannot take the machine's processor from the pages.
        wait = wait_seconds(current_app.config["SPEECH_SAY_LIMIT"], "speech-say", request.remote_addr or "")
        if wait:
            response = _refused(429, "too many new phrases; try again shortly")
            response.headers["Retry-After"] = str(wait)
            return response
    made = synth.made
    try:
        _key, path = synth.say(spoken, lang)
    except SpeechUnavailable as exc:
        current_app.logger.warning("speech: %s", exc)
        return _refused(503, "speech unavailable")
    if synth.made != made:
        synth.trim_phrases(MAX_PHRASE_FILES)
    return _clip_response(path, synth)
