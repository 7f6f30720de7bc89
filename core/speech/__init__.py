"""Speech: every kiosk page can be listened to, made on the machine that serves it (issue 15).

- `text`: what is said for what is shown (phones digit by digit, times as words, pronunciations);
- `sentences`: the page's sentences, marked in its HTML for the browser;
- `synth`: espeak-ng → Ogg/Opus (or WAV), cached on disk by the hash of what is said;
- here: the app's glue (settings, one `SpeechContext` per release, `build` for a whole release).

Without espeak-ng the app logs one line at start and pages show no Listen button: nothing is marked
and no route pretends to speak.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app

from core.speech.sentences import Sentence, fragment_prefix, mark_html, split_sentences
from core.speech.synth import VOICES, SpeechSettings, SpeechUnavailable, Synthesizer
from core.speech.text import has_words, speakable

__all__ = ["VOICES", "Sentence", "SpeechContext", "SpeechSettings", "SpeechUnavailable", "Synthesizer",
           "build_release_audio", "fragment_prefix", "has_words", "init_speech", "mark_html", "speakable",
           "speech_context", "split_sentences", "synthesizer"]  # fmt: skip

EXTENSION = "speech"


def init_speech(app: Flask) -> None:
    """Find espeak-ng once per process; without it, one clear log line and no Listen button."""
    app.extensions[EXTENSION] = None
    if not app.config.get("SPEECH_ENABLED", True):
        app.logger.info("speech: switched off (SPEECH_ENABLED=0): pages have no Listen button")
        return
    settings = SpeechSettings(
        rate=int(app.config.get("SPEECH_RATE", 150)),
        pitch=int(app.config.get("SPEECH_PITCH", 50)),
        audio_format=app.config.get("SPEECH_FORMAT", "ogg"),
        bitrate=int(app.config.get("SPEECH_BITRATE", 16)),
    )
    cache_dir = app.config.get("SPEECH_CACHE_DIR") or str(Path(app.instance_path) / "speech")
    found = Synthesizer.find(Path(cache_dir), settings)
    if found is None:
        app.logger.warning(
            "speech: espeak-ng not found: the kiosk's Listen button is hidden (install the Debian package espeak-ng)"
        )
        return
    app.extensions[EXTENSION] = found


def synthesizer(app: Flask | None = None) -> Synthesizer | None:
    """This app's synthesizer, or None when speech is off or espeak-ng is missing."""
    return (app or current_app).extensions.get(EXTENSION)


@dataclass
class SpeechContext:
    """What a release says about speech: its phone numbers and the pronunciation lists."""

    phones: tuple[str, ...] = ()
    pronunciations: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @classmethod
    def from_payload(cls, payload: dict | None) -> SpeechContext:
        """Phones from the hotlines and departments, pronunciations from the release's "speech" part."""
        payload = payload or {}
        phones = set()
        for line in payload.get("hotlines", []):
            phones.update(n for n in (line.get("number"), line.get("number_abroad")) if n)
        phones.update(d["phone"] for d in payload.get("departments", []) if d.get("phone"))
        lists = (payload.get("speech") or {}).get("pronunciations") or {}
        return cls(
            tuple(sorted(phones)),
            {lang: tuple((str(w), str(s)) for w, s in lists.get(lang, [])) for lang in VOICES},
        )

    def spoken(self, text: str, lang: str) -> str:
        """The text to synthesize for visible `text` in `lang`."""
        return speakable(text, lang, phones=self.phones, pronunciations=self.pronunciations.get(lang, ()))


def speech_context(snapshot) -> SpeechContext:
    """The release's context, made once per release (kept on the snapshot object)."""
    if snapshot is None:
        return SpeechContext(phones=("189", "0312 300423"))
    found = getattr(snapshot, "_speech_context", None)
    if found is None:
        found = SpeechContext.from_payload(snapshot.payload)
        snapshot._speech_context = found
    return found


def key_function(synth: Synthesizer, context: SpeechContext):
    """(visible text, lang) → clip key, recording a job so any worker can make the clip later."""

    def key_for(text: str, lang: str) -> str:
        lang = lang if lang in VOICES else "en"
        spoken = context.spoken(text, lang) or text
        key = synth.key(spoken, lang)
        synth.add_job(key, spoken, lang)
        return key

    return key_for


# --- a whole release ------------------------------------------------------------------------------

_AUDIO_KEY = re.compile(r'data-a="([0-9a-f]{32})"')


@dataclass
class BuildReport:
    """What `build_release_audio` did."""

    pages: int = 0
    sentences: int = 0  # sentence occurrences on all pages
    clips: int = 0  # distinct clips the release needs
    synthesized: int = 0  # clips made now (0 when nothing changed)
    bytes: int = 0  # size of the release's clips on disk
    missing: list[str] = field(default_factory=list)  # pages that did not answer 200


def release_page_paths(app: Flask, snapshot, now) -> list[str]:
    """Every page a traveller can open for this release: the language screen, every page in every
    language, and the "not found" page in each language."""
    paths = ["/"]
    # Pages every release has besides its content: search, and the report flow with its look-up.
    extra = (("kiosk.search", "search"), ("kiosk.report", "report"), ("kiosk.report_find", "report/find"))
    fixed = [path for endpoint, path in extra if endpoint in app.view_functions]
    for lang in app.config["LANGUAGES"]:
        paths.extend(snapshot.page_paths(lang, now))
        paths.extend(f"/{lang}/{path}" for path in fixed)
        paths.append(f"/{lang}/no-such-page")
    return paths


def build_release_audio(app: Flask) -> BuildReport:
    """Open every page of the current release (as the kiosk renders it) and make every missing clip.

    Run after publishing on central and after each sync on a terminal; an unchanged release makes
    nothing, a changed one only the clips of changed sentences."""
    from core.publishing import current_snapshot
    from core.reception import reception_now

    report = BuildReport()
    synth = synthesizer(app)
    if synth is None:
        return report
    with app.app_context():
        snapshot = current_snapshot()
        if snapshot is None:
            return report
        paths = release_page_paths(app, snapshot, reception_now())
    made_before = synth.made
    keys: set[str] = set()

    def crawl() -> None:
        client = app.test_client()
        for path in paths:
            response = client.get(path)
            if response.status_code != (404 if path.endswith("/no-such-page") else 200):
                report.missing.append(path)
                continue
            found = _AUDIO_KEY.findall(response.get_data(as_text=True))
            report.pages += 1
            report.sentences += len(found)
            keys.update(found)

    # In a thread of its own: there every request gets its own app context, as under gunicorn. In the
    # caller's (the CLI pushes one) `g` would carry one page's language into the next.
    with ThreadPoolExecutor(max_workers=1) as crawler:
        crawler.submit(crawl).result()
    # espeak-ng and opusenc are separate processes: one thread per core keeps every core busy.
    workers = int(app.config.get("SPEECH_BUILD_WORKERS") or os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(synth.ensure, sorted(keys)))
    report.clips = len(keys)
    report.synthesized = synth.made - made_before
    report.bytes = synth.size_of(keys)
    budget = int(app.config.get("SPEECH_CACHE_MAX_MB", 300)) * 1024 * 1024
    synth.prune(keys, budget)
    return report
