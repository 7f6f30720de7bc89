"""Text made ready for the synthesizer, per language: what a traveller sees, said the way people say it.

Pure functions, no Flask. espeak-ng reads ordinary numbers well in ky, ru and en; what it gets wrong
is what this module fixes:

- phone numbers are said digit by digit, in the groups they are written in ("0312 300423" →
  "ноль три один два, три ноль ноль четыре два три"), never as "three hundred thousand…";
- times are said as people say them ("09:10" → «тогуз он», «девять десять», "nine ten"), and a
  range of times gets the language's "from … to" («тогуз ондон он жети элүүгө чейин»,
  «с девяти десяти до семнадцати пятидесяти»);
- Markdown marks that reached a plain text are dropped, abbreviations are spelled out;
- the pronunciation list staff keep per language (word → spoken form) is applied last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# --- number words -------------------------------------------------------------------------------

_KY_UNITS = ["нөл", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз"]
_KY_TENS = {10: "он", 20: "жыйырма", 30: "отуз", 40: "кырк", 50: "элүү"}
_RU_UNITS = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
_RU_TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
             "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]  # fmt: skip
_RU_TENS = {20: "двадцать", 30: "тридцать", 40: "сорок", 50: "пятьдесят"}
# Genitive (after «с» and «до»): «с девяти десяти до семнадцати пятидесяти».
_RU_GENITIVE = {
    "ноль": "ноля", "один": "одного", "два": "двух", "три": "трёх", "четыре": "четырёх", "пять": "пяти",
    "шесть": "шести", "семь": "семи", "восемь": "восьми", "девять": "девяти", "десять": "десяти",
    "одиннадцать": "одиннадцати", "двенадцать": "двенадцати", "тринадцать": "тринадцати",
    "четырнадцать": "четырнадцати", "пятнадцать": "пятнадцати", "шестнадцать": "шестнадцати",
    "семнадцать": "семнадцати", "восемнадцать": "восемнадцати", "девятнадцать": "девятнадцати",
    "двадцать": "двадцати", "тридцать": "тридцати", "сорок": "сорока", "пятьдесят": "пятидесяти",
    "ноль-ноль": "ноль-ноль",
}  # fmt: skip
_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen"]  # fmt: skip
_EN_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty"}
# Kyrgyz case endings follow vowel harmony and the last sound of the last word; every number word
# up to 59 ends in one of these, so the forms are listed rather than derived.
_KY_ABLATIVE = {
    "нөл": "нөлдөн", "бир": "бирден", "эки": "экиден", "үч": "үчтөн", "төрт": "төрттөн", "беш": "бештен",
    "алты": "алтыдан", "жети": "жетиден", "сегиз": "сегизден", "тогуз": "тогуздан", "он": "ондон",
    "жыйырма": "жыйырмадан", "отуз": "отуздан", "кырк": "кырктан", "элүү": "элүүдөн",
}  # fmt: skip
_KY_DATIVE = {
    "нөл": "нөлгө", "бир": "бирге", "эки": "экиге", "үч": "үчкө", "төрт": "төрткө", "беш": "бешке",
    "алты": "алтыга", "жети": "жетиге", "сегиз": "сегизге", "тогуз": "тогузга", "он": "онго",
    "жыйырма": "жыйырмага", "отуз": "отузга", "кырк": "кыркка", "элүү": "элүүгө",
}  # fmt: skip

DIGIT_WORDS = {"ky": _KY_UNITS, "ru": _RU_UNITS, "en": _EN_UNITS}
PLUS_WORD = {"ky": "плюс", "ru": "плюс", "en": "plus"}


def number_words(n: int, lang: str) -> str:
    """0..59 in words (all that clock times need)."""
    if not 0 <= n <= 59:
        raise ValueError(f"number_words handles 0..59, got {n}")
    tens, unit = divmod(n, 10)
    if lang == "ky":
        if n < 10:
            return _KY_UNITS[n]
        return _KY_TENS[tens * 10] + (" " + _KY_UNITS[unit] if unit else "")
    if lang == "ru":
        if n < 10:
            return _RU_UNITS[n]
        if n < 20:
            return _RU_TEENS[unit]
        return _RU_TENS[tens * 10] + (" " + _RU_UNITS[unit] if unit else "")
    if n < 10:
        return _EN_UNITS[n]
    if n < 20:
        return _EN_TEENS[unit]
    return _EN_TENS[tens * 10] + ("-" + _EN_UNITS[unit] if unit else "")


def time_words(hour: int, minute: int, lang: str) -> str:
    """A clock time as people say it: 09:10 → "nine ten", «девять десять», «тогуз он»."""
    hours = number_words(hour, lang)
    if lang == "en":
        if minute == 0:
            return f"{hours} o'clock"
        return f"{hours} oh {_EN_UNITS[minute]}" if minute < 10 else f"{hours} {number_words(minute, lang)}"
    if lang == "ru":
        if minute == 0:
            return f"{hours} ноль-ноль"
        return f"{hours} ноль {_RU_UNITS[minute]}" if minute < 10 else f"{hours} {number_words(minute, lang)}"
    # Kyrgyz says the full hour alone («саат тогузда»), and a leading zero before single minutes.
    if minute == 0:
        return hours
    return f"{hours} нөл {_KY_UNITS[minute]}" if minute < 10 else f"{hours} {number_words(minute, lang)}"


def _last_word(phrase: str, table: dict[str, str]) -> str:
    head, _sep, last = phrase.rpartition(" ")
    return (head + " " if head else "") + table.get(last, last)


def time_range_words(start: tuple[int, int], end: tuple[int, int], lang: str) -> str:
    """ "09:10–17:50" said as a range: "from nine ten to seventeen fifty"."""
    first, second = time_words(*start, lang), time_words(*end, lang)
    if lang == "ky":
        return f"{_last_word(first, _KY_ABLATIVE)} {_last_word(second, _KY_DATIVE)} чейин"
    if lang == "ru":
        return f"с {_ru_genitive(first)} до {_ru_genitive(second)}"
    return f"from {first} to {second}"


def _ru_genitive(phrase: str) -> str:
    return " ".join(_RU_GENITIVE.get(word, word) for word in phrase.split(" "))


# --- phone numbers ------------------------------------------------------------------------------

# A phone number as written on the kiosk: "+996 312 300423", "0312 300423", "(0312) 30-04-23".
# Must start with + or 0 and hold at least 6 digits, so "20 000 сом" or a year is never spelled out.
_PHONE = re.compile(r"(?<![\w+])(?:\+\d|0\d)[\d\s()\-\u00a0]{3,}\d(?!\w)")


def digits_words(number: str, lang: str) -> str:
    """A phone number digit by digit, a comma between the groups it is written in."""
    words = DIGIT_WORDS[lang]
    groups = []
    for group in re.split(r"[\s()\-\u00a0]+", number.strip()):
        if not group:
            continue
        said = [PLUS_WORD[lang]] if group.startswith("+") else []
        said += [words[int(ch)] for ch in group if ch.isdecimal()]
        if said:
            groups.append(" ".join(said))
    return ", ".join(groups)


def _digit_count(text: str) -> int:
    return sum(ch.isdecimal() for ch in text)


def _phones_said(text: str, lang: str, known: Iterable[str]) -> str:
    def spell(match: re.Match) -> str:
        found = match.group(0)
        return digits_words(found, lang) if _digit_count(found) >= 6 else found

    text = _PHONE.sub(spell, text)
    # Numbers the release lists as phones (short ones such as 189 included), wherever they stand alone.
    for number in sorted({k for k in known if k and _digit_count(k) >= 3}, key=len, reverse=True):
        pattern = r"(?<![\w+])" + r"[\s\u00a0]?".join(re.escape(part) for part in number.split()) + r"(?![\w])"
        text = re.sub(pattern, lambda m: digits_words(m.group(0), lang), text)
    return text


# --- times --------------------------------------------------------------------------------------

_TIME = r"([01]?\d|2[0-3]):([0-5]\d)"
_TIME_RANGE = re.compile(rf"(?<![\d:]){_TIME}\s*[–—-]\s*{_TIME}(?![\d:])")
_SINGLE_TIME = re.compile(rf"(?<![\d:]){_TIME}(?![\d:])")
# Russian prepositions that put a time in the genitive: «с 09:10», «до 17:50», «после 14:00».
_RU_GENITIVE_TIME = re.compile(rf"(?i)\b(с|со|до|после|около)(\s+){_TIME}(?![\d:])")


def _times_said(text: str, lang: str) -> str:
    def hm(match: re.Match, at: int) -> tuple[int, int]:
        return int(match.group(at)), int(match.group(at + 1))

    text = _TIME_RANGE.sub(lambda m: time_range_words(hm(m, 1), hm(m, 3), lang), text)
    if lang == "ru":
        text = _RU_GENITIVE_TIME.sub(
            lambda m: m.group(1) + m.group(2) + _ru_genitive(time_words(*hm(m, 3), lang)), text
        )
    return _SINGLE_TIME.sub(lambda m: time_words(*hm(m, 1), lang), text)


# --- Markdown and abbreviations -----------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|`+|~~)")
_MD_LINE = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_UNDERSCORE = re.compile(r"(?<!\w)_(\S[^_]*\S|\S)_(?!\w)")


def strip_markdown(text: str) -> str:
    """Markdown marks a plain text may carry (**bold**, [link](/x), # heading, - item), dropped."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_LINE.sub("", text)
    text = _MD_UNDERSCORE.sub(r"\1", text)
    return _MD_MARKS.sub("", text)


# Spelled out before synthesis; keys are matched as whole words, case as written.
ABBREVIATIONS = {
    "ky": {"ж.б.": "жана башкалар", "ж.у.с.": "жана ушул сыяктуу", "көч.": "көчөсү", "№": "номер",
           "б.а.": "башкача айтканда", "мис.": "мисалы"},
    "ru": {"т.е.": "то есть", "т. е.": "то есть", "т.д.": "так далее", "т. д.": "так далее",
           "т.п.": "тому подобное", "т. п.": "тому подобное", "ул.": "улица", "д.": "дом",
           "др.": "другие", "№": "номер", "напр.": "например", "тел.": "телефон", "руб.": "рублей"},
    "en": {"e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "No.": "number", "№": "number",
           "St.": "Street", "tel.": "telephone", "approx.": "approximately"},
}  # fmt: skip


def _word_pattern(word: str, flags: int = 0) -> re.Pattern:
    # \b does not work next to "." or "№": a word edge is "not a letter or digit" on either side.
    return re.compile(r"(?<![\w])" + re.escape(word) + (r"(?![\w])" if word[-1:].isalnum() else ""), flags)


def _abbreviations_said(text: str, lang: str) -> str:
    for short, full in sorted(ABBREVIATIONS.get(lang, {}).items(), key=lambda kv: len(kv[0]), reverse=True):
        if short in text:
            text = _word_pattern(short).sub(full, text)
    if lang == "ru":
        # «г.» is «город» before a name and «года» after a year.
        text = re.sub(r"(\d{4})\s*г\.", r"\1 года", text)
        text = re.sub(r"(?<![\w])г\.\s*(?=[А-ЯЁ])", "город ", text)
    return text


def apply_pronunciations(text: str, pronunciations: Iterable[tuple[str, str]]) -> str:
    """Staff's word → spoken form list, whole words, any case ("Manas" also matches "MANAS")."""
    for word, spoken in sorted(pronunciations, key=lambda pair: len(pair[0]), reverse=True):
        word = word.strip()
        if word:
            text = _word_pattern(word, re.IGNORECASE).sub(lambda _m, s=spoken: s, text)
    return text


_SPACES = re.compile(r"\s+")


def speakable(
    text: str, lang: str, *, phones: Iterable[str] = (), pronunciations: Iterable[tuple[str, str]] = ()
) -> str:
    """The text a sentence is synthesized from: Markdown dropped, phones digit by digit, times as words,
    abbreviations spelled out, then the pronunciation list (so staff can correct any of the above)."""
    text = strip_markdown(text.replace("\u00a0", " "))
    text = _phones_said(text, lang, phones)
    text = _times_said(text, lang)
    text = _abbreviations_said(text, lang)
    text = apply_pronunciations(text, pronunciations)
    return _SPACES.sub(" ", text).strip()


def has_words(text: str) -> bool:
    """True when a text holds something to say (a letter or a digit), not only "·" or "›"."""
    return any(ch.isalnum() for ch in text)
