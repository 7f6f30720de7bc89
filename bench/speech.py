"""Speech figures (issue 15): synthesis time for the whole starter release, what it adds to a machine's
disk, and what one sentence costs.

Run: .venv/bin/python bench/speech.py [--format ogg|wav] [--workers N] [--sample 40]
A throw-away app on a fresh SQLite database with the starter content, and a fresh clip cache: the
first build is what a terminal does after its first sync, the second what it does after an unchanged
release. Needs espeak-ng (and opusenc for ogg). Nothing here asserts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import create_app
from core.extensions import db


def build_app(workdir: Path, audio_format: str, workers: int, migrate: bool = True):
    """An app on a new database holding the starter content's first release (or on the one made before)."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
            "RELEASE_STAMP_PATH": str(workdir / "release.stamp"),
            "SPEECH_CACHE_DIR": str(workdir / "speech"),
            "SPEECH_FORMAT": audio_format,
            "SPEECH_BUILD_WORKERS": workers,
            "SECRET_KEY": "bench-only",
        }
    )
    if not migrate:
        return app
    with app.app_context():
        from flask_migrate import upgrade

        from core.seed import seed_content

        upgrade()
        seed_content()
        db.session.remove()
    return app


def per_sentence(app, sample: int) -> tuple[list[float], list[float], list[float]]:
    """espeak-ng and encoder time (ms) and clip length (s) for `sample` sentences of the release."""
    from core.publishing import current_snapshot
    from core.speech import speech_context, synthesizer
    from core.speech.synth import clip_seconds

    synth = synthesizer(app)
    with app.app_context():
        context = speech_context(current_snapshot())
        texts = []
        for topic in current_snapshot().payload["topics"]:
            for article in topic["articles"]:
                texts.append(("ru", article["texts"]["ru"]["summary"]))
                texts.append(("ky", article["texts"]["ky"]["summary"]))
                texts.append(("en", article["texts"]["en"]["summary"]))
    espeak_ms, encode_ms, seconds = [], [], []
    for lang, text in texts[:sample]:
        spoken = context.spoken(text, lang)
        start = time.perf_counter()
        wav = synth._espeak(spoken, lang)
        middle = time.perf_counter()
        data = synth._opus(wav) if synth.extension == "ogg" else wav
        end = time.perf_counter()
        espeak_ms.append((middle - start) * 1000)
        encode_ms.append((end - middle) * 1000)
        seconds.append(clip_seconds(data))
    return espeak_ms, encode_ms, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("ogg", "wav"), default="ogg")
    parser.add_argument("--workers", type=int, default=0, help="synthesis threads (default: one per core)")
    parser.add_argument("--sample", type=int, default=40, help="sentences timed one by one")
    args = parser.parse_args()

    from core.speech import build_release_audio, synthesizer
    from core.speech.synth import clip_seconds

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        app = build_app(workdir, args.format, args.workers)
        synth = synthesizer(app)
        if synth is None:
            raise SystemExit("espeak-ng is not installed: sudo apt-get install -y espeak-ng opus-tools")
        with app.app_context():
            from core.publishing import latest_release

            payload_bytes = len(latest_release().payload.encode("utf-8"))
        start = time.perf_counter()
        first = build_release_audio(app)
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        second = build_release_audio(app)
        second_s = time.perf_counter() - start
        # As `flask speech build` after a sync that changed nothing: a new process, every page rendered anew.
        fresh = build_app(workdir, args.format, args.workers, migrate=False)
        start = time.perf_counter()
        third = build_release_audio(fresh)
        third_s = time.perf_counter() - start
        audio_seconds = sum(clip_seconds(p.read_bytes()) for p in (workdir / "speech").rglob(f"*.{synth.extension}"))
        espeak_ms, encode_ms, seconds = per_sentence(app, args.sample)

    per_clip = first_s / max(first.synthesized, 1) * 1000
    rate = first.bytes * 8 / max(audio_seconds, 1) / 1000
    workers = args.workers or "one per core"
    lines = [
        f"starter release: {first.pages} pages in 3 languages, {first.sentences} sentences, {first.clips} clips",
        f"first build ({args.format}, {workers} workers): {first_s:.1f} s, {first.synthesized} clips made, "
        f"{per_clip:.0f} ms per clip overall",
        f"unchanged release, second build: {second_s:.2f} s with the pages still in memory, {third_s:.1f} s in a "
        f"new process (as the CLI); clips made: {second.synthesized} and {third.synthesized}",
        f"audio on disk: {first.bytes / 1e6:.1f} MB for {audio_seconds / 60:.0f} min of speech ({rate:.1f} kbit/s); "
        f"the release itself: {payload_bytes / 1e3:.0f} KB",
        f"one sentence (n={len(espeak_ms)}): espeak-ng median {statistics.median(espeak_ms):.0f} ms, "
        f"encoder median {statistics.median(encode_ms):.0f} ms, clip median {statistics.median(seconds):.1f} s",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
