"""espeak-ng to Ogg/Opus (or WAV), cached on disk by the hash of what was said and how.

The key of a clip is sha256 over (engine settings, voice, spoken text): the same sentence in the
same voice is synthesized once, whatever page or release it appears in, and a release that changes
one sentence makes one new clip. Nothing else invalidates a clip, so there is nothing to expire;
`prune` only removes clips no page uses once the cache is over its size budget.

Pages are marked (and their keys known) before any audio exists: marking writes a small job file
(the spoken text and voice) next to where the clip will be, so the audio route can make a clip on
first request in any worker, and `build` can make all of a release's clips ahead of time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

# espeak-ng voice for each kiosk language.
VOICES = {"ky": "ky", "ru": "ru", "en": "en-gb"}
# Bumped when the way clips are made changes in a way the settings below do not show.
ENGINE_REVISION = 1
OPUS_COMPLEXITY = 2  # of 0..10: a third of the default's time, the same clarity for synthetic speech
MEDIA_TYPES = {"ogg": "audio/ogg", "wav": "audio/wav"}
SAY_FOLDER = "say"  # clips of phrases made on request (spoken focus, previews), kept apart and capped


class SpeechUnavailable(RuntimeError):
    """espeak-ng is not installed, or failed."""


@dataclass(frozen=True)
class SpeechSettings:
    """How clips are made; every field is part of each clip's key."""

    rate: int = 150  # espeak-ng words per minute (its default is 175: too fast for a slow reader)
    pitch: int = 50
    audio_format: str = "ogg"  # "ogg" (Opus, via opusenc) or "wav"
    bitrate: int = 16  # Opus kbit/s; speech stays clear at 16 and an average sentence is ~6 KB

    def signature(self) -> str:
        """The settings as a stable text for hashing."""
        return json.dumps([ENGINE_REVISION, OPUS_COMPLEXITY, self.rate, self.pitch, self.audio_format, self.bitrate])


def clip_key(spoken: str, voice: str, settings: SpeechSettings) -> str:
    """The cache key of one clip: 32 hex characters."""
    data = json.dumps([settings.signature(), voice, spoken], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


@dataclass
class Synthesizer:
    """Makes and finds clips in `cache_dir` (one per key, sharded by the key's first two characters)."""

    cache_dir: Path
    espeak: str
    opusenc: str | None
    settings: SpeechSettings
    made: int = 0  # clips synthesized by this object (tests and the bench read it)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def find(cls, cache_dir: Path, settings: SpeechSettings) -> Synthesizer | None:
        """A synthesizer if espeak-ng is installed (Opus if opusenc is too, else WAV), else None."""
        espeak = shutil.which("espeak-ng")
        if espeak is None:
            return None
        opusenc = shutil.which("opusenc") if settings.audio_format == "ogg" else None
        if settings.audio_format == "ogg" and opusenc is None:
            log.warning("speech: opusenc not found (Debian package opus-tools): audio is stored as WAV, ~8x larger")
            settings = SpeechSettings(settings.rate, settings.pitch, "wav", settings.bitrate)
        return cls(Path(cache_dir), espeak, opusenc, settings)

    @property
    def extension(self) -> str:
        """File extension of the clips ("ogg" or "wav")."""
        return self.settings.audio_format

    @property
    def media_type(self) -> str:
        """HTTP content type of the clips."""
        return MEDIA_TYPES[self.settings.audio_format]

    def key(self, spoken: str, lang: str) -> str:
        """The key of `spoken` said in `lang`'s voice."""
        return clip_key(spoken, VOICES[lang], self.settings)

    def _base(self, key: str, folder: str = "") -> Path:
        root = self.cache_dir / folder if folder else self.cache_dir
        return root / key[:2] / key

    def audio_path(self, key: str) -> Path | None:
        """The clip's file if it exists (in the release cache or among the phrases)."""
        for folder in ("", SAY_FOLDER):
            path = self._base(key, folder).with_suffix("." + self.extension)
            if path.exists():
                return path
        return None

    def add_job(self, key: str, spoken: str, lang: str) -> None:
        """Remember what to say for `key` until its clip exists (cheap: a stat when already there)."""
        base = self._base(key)
        job = base.with_suffix(".json")
        if job.exists() or base.with_suffix("." + self.extension).exists():
            return
        _write_atomic(job, json.dumps({"text": spoken, "lang": lang}, ensure_ascii=False).encode("utf-8"))

    def job(self, key: str) -> tuple[str, str] | None:
        """(spoken text, lang) recorded for `key`, or None."""
        try:
            data = json.loads(self._base(key).with_suffix(".json").read_text(encoding="utf-8"))
            return str(data["text"]), str(data["lang"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def ensure(self, key: str) -> Path | None:
        """The clip for `key`, made now from its job if missing; None when nothing is known of it."""
        found = self.audio_path(key)
        if found is not None:
            return found
        job = self.job(key)
        if job is None:
            return None
        return self.make(key, *job)

    def make(self, key: str, spoken: str, lang: str, folder: str = "") -> Path:
        """Synthesize `spoken` in `lang` into the clip for `key` (replacing nothing that exists)."""
        target = self._base(key, folder).with_suffix("." + self.extension)
        if target.exists():
            return target
        wav = self._espeak(spoken, lang)
        data = self._opus(wav) if self.extension == "ogg" else wav
        _write_atomic(target, data)
        self._base(key).with_suffix(".json").unlink(missing_ok=True)
        with self._lock:
            self.made += 1
        return target

    def say(self, spoken: str, lang: str) -> tuple[str, Path]:
        """A clip of a phrase that is not page text (spoken focus, help, previews), made if needed."""
        key = self.key(spoken, lang)
        found = self.audio_path(key)
        if found is None:
            found = self.make(key, spoken, lang, SAY_FOLDER)
        return key, found

    def _espeak(self, spoken: str, lang: str) -> bytes:
        # The text goes on standard input (never as an argument: it could start with "-").
        cmd = [self.espeak, "-v", VOICES[lang], "-s", str(self.settings.rate), "-p", str(self.settings.pitch),
               "-b", "1", "--stdout"]  # fmt: skip
        try:
            done = subprocess.run(cmd, input=spoken.encode("utf-8"), capture_output=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailable(f"espeak-ng failed: {exc}") from exc
        return _fix_wav_sizes(done.stdout)

    def _opus(self, wav: bytes) -> bytes:
        cmd = [self.opusenc, "--quiet", "--speech", "--bitrate", str(self.settings.bitrate),
               "--comp", str(OPUS_COMPLEXITY), "-", "-"]  # fmt: skip
        try:
            done = subprocess.run(cmd, input=wav, capture_output=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailable(f"opusenc failed: {exc}") from exc
        return done.stdout

    def size_of(self, keys) -> int:
        """Bytes on disk of the clips of `keys` that exist."""
        total = 0
        for key in keys:
            path = self.audio_path(key)
            if path is not None:
                total += path.stat().st_size
        return total

    def prune(self, keep: set[str], budget_bytes: int) -> int:
        """Delete the oldest clips not in `keep` until the cache fits `budget_bytes`; returns files removed."""
        files = [p for p in self.cache_dir.rglob("*") if p.is_file() and p.suffix in (".ogg", ".wav", ".json")]
        total = sum(p.stat().st_size for p in files)
        if total <= budget_bytes:
            return 0
        removed = 0
        for path in sorted(files, key=lambda p: p.stat().st_mtime):
            if total <= budget_bytes:
                break
            if path.stem in keep:
                continue
            total -= path.stat().st_size
            path.unlink(missing_ok=True)
            removed += 1
        if total > budget_bytes:
            log.warning("speech: the current release's audio alone (%d bytes) is over SPEECH_CACHE_MAX_MB", total)
        return removed

    def trim_phrases(self, max_files: int) -> None:
        """Keep the folder of on-request phrases under `max_files` (oldest go first)."""
        folder = self.cache_dir / SAY_FOLDER
        if not folder.exists():
            return
        files = [p for p in folder.rglob("*") if p.is_file()]
        if len(files) <= max_files:
            return
        for path in sorted(files, key=lambda p: p.stat().st_mtime)[: len(files) - max_files // 2]:
            path.unlink(missing_ok=True)


def _fix_wav_sizes(wav: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot seek back, so its RIFF and data sizes say "unknown"
    (0x7ffff000…); put the real sizes in, as a WAV file on disk would have them."""
    if len(wav) < 44 or wav[:4] != b"RIFF" or wav[36:40] != b"data":
        return wav
    size = len(wav)
    return wav[:4] + (size - 8).to_bytes(4, "little") + wav[8:40] + (size - 44).to_bytes(4, "little") + wav[44:]


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a file so readers see either nothing or all of it (other workers read the same cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clip_seconds(data: bytes) -> float:
    """Playing time of an Ogg/Opus or WAV clip, read from its headers (no decoder needed)."""
    if data[:4] == b"RIFF" and len(data) >= 44:
        rate = int.from_bytes(data[24:28], "little")
        per_second = int.from_bytes(data[28:32], "little")
        return (len(data) - 44) / per_second if per_second and rate else 0.0
    last = data.rfind(b"OggS")
    if last < 0 or b"OpusHead" not in data[:200]:
        return 0.0
    granule = int.from_bytes(data[last + 6 : last + 14], "little")
    head = data.find(b"OpusHead")
    pre_skip = int.from_bytes(data[head + 10 : head + 12], "little")
    return max(0, granule - pre_skip) / 48000
