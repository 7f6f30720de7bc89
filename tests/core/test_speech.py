"""Speech text, sentences and synthesis (core/speech): what is said for what is shown, and the clips."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

import pytest

from core.speech import SpeechContext, init_speech
from core.speech.sentences import mark_html, split_sentences
from core.speech.synth import SpeechSettings, Synthesizer, clip_seconds
from core.speech.text import digits_words, speakable, strip_markdown, time_words

PHONES = ("189", "0312 300423")


# --- what is said -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [("ky", "тогуз он"), ("ru", "девять десять"), ("en", "nine ten")],
)
def test_a_time_is_said_as_people_say_it(lang, said):
    assert speakable("09:10", lang) == said


def test_times_with_leading_zero_minutes_and_full_hours():
    assert time_words(9, 5, "en") == "nine oh five"
    assert time_words(13, 0, "en") == "thirteen o'clock"
    assert time_words(9, 5, "ru") == "девять ноль пять"
    assert time_words(18, 0, "ru") == "восемнадцать ноль-ноль"
    assert time_words(18, 0, "ky") == "он сегиз"
    assert time_words(17, 50, "ky") == "он жети элүү"
    assert time_words(21, 45, "en") == "twenty-one forty-five"


@pytest.mark.parametrize(
    ("lang", "text", "said"),
    [
        ("ky", "Кабыл алуу 09:10–17:50.", "Кабыл алуу тогуз ондон он жети элүүгө чейин."),
        ("ru", "Приём 09:10–17:50.", "Приём с девяти десяти до семнадцати пятидесяти."),
        ("ru", "Приём с 09:10 до 17:50.", "Приём с девяти десяти до семнадцати пятидесяти."),
        ("en", "Open 09:10 - 17:50.", "Open from nine ten to seventeen fifty."),
        ("ky", "09:00–18:00", "тогуздан он сегизге чейин"),
    ],
)
def test_a_range_of_times_gets_the_languages_from_and_to(lang, text, said):
    assert speakable(text, lang) == said


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("ru", "Звоните ноль три один два, три ноль ноль четыре два три или один восемь девять."),
        ("ky", "Звоните нөл үч бир эки, үч нөл нөл төрт эки үч или бир сегиз тогуз."),
        ("en", "Звоните zero three one two, three zero zero four two three или one eight nine."),
    ],
)
def test_phone_numbers_are_said_digit_by_digit_in_their_groups(lang, said):
    assert speakable("Звоните 0312 300423 или 189.", lang, phones=PHONES) == said


def test_international_numbers_keep_the_plus():
    assert digits_words("+996 312 300423", "en") == "plus nine nine six, three one two, three zero zero four two three"
    assert speakable("Из-за рубежа: +996 312 300423", "ru").startswith("Из-за рубежа: плюс девять девять шесть")


def test_amounts_years_and_other_numbers_are_left_to_the_synthesizer():
    text = "Штраф 20 000 сом с 2017 года, пункт 1890 и 18 дней."
    assert speakable(text, "ru", phones=PHONES) == "Штраф 20 000 сом с 2017 года, пункт 1890 и 18 дней."


def test_markdown_marks_are_not_read_out():
    assert strip_markdown("## Как платить\n- **Не платите** [здесь](/ru/office) `код` _важно_") == (
        "Как платить\nНе платите здесь код важно"
    )
    assert speakable("Call **189**.", "en", phones=PHONES) == "Call one eight nine."


def test_abbreviations_are_spelled_out():
    assert speakable("г. Бишкек, ул. Раззакова, 2017 г.", "ru") == "город Бишкек, улица Раззакова, 2017 года"
    assert speakable("Bring papers, e.g. a passport.", "en") == "Bring papers, for example a passport."


def test_the_pronunciation_list_applies_to_whole_words_in_any_case():
    context = SpeechContext(pronunciations={"ky": (("Manas", "Манас"),), "ru": (("Кайрылман", "Кайрылма́н"),)})
    assert context.spoken("Manas аэропорту, MANAS, Manasov", "ky") == "Манас аэропорту, Манас, Manasov"
    assert context.spoken("кайрылман", "ru") == "Кайрылма́н"
    assert context.spoken("Manas", "en") == "Manas"  # another language's list never applies


def test_the_release_gives_its_phones_and_pronunciations():
    payload = {
        "hotlines": [
            {"number": "189", "number_abroad": ""},
            {"number": "0312 300423", "number_abroad": "+996 312 300423"},
        ],
        "departments": [{"phone": "0312 624111"}],
        "speech": {"pronunciations": {"en": [["Manas", "Mah-nas"]]}},
    }
    context = SpeechContext.from_payload(payload)
    assert (
        context.spoken("Dial 0312 624111 at Manas.", "en")
        == "Dial zero three one two, six two four one one one at Mah-nas."
    )


# --- sentences ----------------------------------------------------------------------------------


def _split(text, lang):
    return [text[a:b] for a, b in split_sentences(text, lang)]


def test_sentences_end_at_stops_but_not_after_abbreviations_or_initials():
    text = "Приём по ул. Раззакова 8/1. Звоните: 189! Это т. е. не конец. Вопрос? «Да». А. Иванов сказал, что и я."
    assert _split(text, "ru") == [
        "Приём по ул. Раззакова 8/1.",
        "Звоните: 189!",
        "Это т. е. не конец.",
        "Вопрос?",
        "«Да».",
        "А. Иванов сказал, что и я.",
    ]
    assert _split("Bring a paper, e.g. a visa. Then go.", "en") == ["Bring a paper, e.g. a visa.", "Then go."]
    assert _split("Costs 1.5 som.  ", "en") == ["Costs 1.5 som."]


def _marked(html, lang="en", **kwargs):
    return mark_html(html, lang, lambda text, lang: f"k{len(text):031d}", **kwargs)


def test_marking_wraps_each_sentence_and_changes_nothing_else():
    page = (
        '<!doctype html><html><head><title>A &amp; B</title><script>var x = "<p>no</p>";</script></head>'
        '<body><header><a href="/">Home</a></header><main><h1>Title</h1>'
        "<p>One <strong>two. Three</strong> four &amp; five. Six.</p><!--live:status--></main></body></html>"
    )
    html, sentences = _marked(page)
    assert [s.text for s in sentences] == ["Title", "One two.", "Three four & five.", "Six."]
    assert re.sub(r'<span class="say" data-s="s\d+" data-a="k\d+">|</span>', "", html) == page
    # A sentence that crosses <strong> is two spans with one id, each inside one element.
    assert html.count('data-s="s2"') == 2 and html.count('data-s="s3"') == 2
    assert '<header><a href="/">Home</a></header>' in html  # only <main> and <footer> are read


def test_hidden_decorative_and_skipped_parts_are_not_sentences():
    page = (
        '<main><p>Shown.</p><p hidden>Hidden.</p><span aria-hidden="true">Aa ›</span>'
        "<svg><title>QR code</title></svg><div data-say-skip><button>Listen</button></div>"
        "<p>· — ·</p></main>"
    )
    _html, sentences = _marked(page)
    assert [s.text for s in sentences] == ["Shown."]


def test_blocks_lines_and_languages_end_a_sentence():
    page = (
        '<main><a class="tile"><span class="tile-title">Hotlines</span> '
        '<span class="tile-summary">Numbers to call</span></a>'
        '<p>Line one<br>line two</p><p>English <span lang="ky">Кыргызча</span> again</p></main>'
        '<footer class="hotbar"><span class="hotbar-number">189</span> '
        '<span class="hotbar-label">Hotline</span></footer>'
    )
    _html, sentences = _marked(page)
    assert [(s.text, s.lang) for s in sentences] == [
        ("Hotlines", "en"), ("Numbers to call", "en"), ("Line one", "en"), ("line two", "en"),
        ("English", "en"), ("Кыргызча", "ky"), ("again", "en"), ("189", "en"), ("Hotline", "en"),
    ]  # fmt: skip


def test_fragments_are_read_whole_with_their_own_ids():
    _html, sentences = _marked("<p>Open now. Until 17:50.</p>", whole=True, prefix="f1-")
    assert [s.id for s in sentences] == ["f1-1", "f1-2"]


# --- synthesis ----------------------------------------------------------------------------------


@pytest.fixture
def synth(tmp_path) -> Synthesizer:
    found = Synthesizer.find(tmp_path / "speech", SpeechSettings())
    assert found is not None, "espeak-ng is not installed: apt-get install -y espeak-ng opus-tools"
    return found


def test_a_sentence_becomes_an_opus_clip_of_plausible_length(synth):
    key = synth.key("Кабыл алуу тогуз ондон он жети элүүгө чейин.", "ky")
    path = synth.make(key, "Кабыл алуу тогуз ондон он жети элүүгө чейин.", "ky")
    data = path.read_bytes()
    assert data[:4] == b"OggS" and b"OpusHead" in data[:100]
    assert 1.5 < clip_seconds(data) < 8
    assert len(data) < 20_000  # the size budget: 16 kbit/s speech


def test_the_same_text_and_voice_is_synthesized_once(synth):
    synth.add_job(synth.key("Nine ten.", "en"), "Nine ten.", "en")
    first = synth.ensure(synth.key("Nine ten.", "en"))
    stamp = first.stat().st_mtime_ns
    assert synth.made == 1
    again = synth.ensure(synth.key("Nine ten.", "en"))
    assert again == first and again.stat().st_mtime_ns == stamp and synth.made == 1
    # Another voice or other settings are another clip.
    assert synth.key("Nine ten.", "ru") != synth.key("Nine ten.", "en")
    other = Synthesizer(synth.cache_dir, synth.espeak, synth.opusenc, SpeechSettings(rate=120))
    assert other.key("Nine ten.", "en") != synth.key("Nine ten.", "en")


def test_an_unknown_key_makes_nothing(synth):
    assert synth.ensure("0" * 32) is None and synth.made == 0


def test_without_opusenc_clips_are_wav(tmp_path, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "opusenc" else real_which(name))
    synth = Synthesizer.find(tmp_path, SpeechSettings())
    assert synth.media_type == "audio/wav"
    data = synth.make(synth.key("One.", "en"), "One.", "en").read_bytes()
    assert data[:4] == b"RIFF" and 0.2 < clip_seconds(data) < 3


def test_missing_espeak_gives_one_clear_log_line_and_no_synthesizer(app, monkeypatch, caplog):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with caplog.at_level(logging.WARNING):
        init_speech(app)
    lines = [r.getMessage() for r in caplog.records if "espeak-ng" in r.getMessage()]
    assert lines == [
        "speech: espeak-ng not found: the kiosk's Listen button is hidden (install the Debian package espeak-ng)"
    ]
    assert app.extensions["speech"] is None


def test_prune_keeps_the_release_and_removes_the_oldest_unused(tmp_path):
    synth = Synthesizer(tmp_path, "espeak-ng", None, SpeechSettings(audio_format="wav"))
    for n, key in enumerate(["a" * 32, "b" * 32, "c" * 32]):
        path = tmp_path / key[:2] / f"{key}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
        os.utime(path, (n, n))
    removed = synth.prune({"a" * 32}, budget_bytes=1500)
    assert removed == 2
    assert [p.name for p in Path(tmp_path).rglob("*.wav")] == ["a" * 32 + ".wav"]
