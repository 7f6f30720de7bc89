"""Which passwords staff may choose, after NIST SP 800-63B (revision 4), section 3.1.1.2.

A password used as the only factor needs at least 15 characters, and is compared with what attackers try
first: a list of the most common passwords (core/common_passwords.txt), repetitive and sequential
strings (`aaaaaaaaaa`, `1234567890`, `weak3weak3`, `qwertyuiop`) and words from the context (the user
name, "kiosk", "migration", the Service's name). No composition rules (a digit, a capital, a symbol):
they make passwords harder to remember, not to guess. Spaces and any letters are welcome, so a few
unrelated words make a good password.

Pure functions of the password and the user name: the admin forms and the `users` CLI share them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 15
MAX_LENGTH = 200
# Fewer letters than this left once the context words are taken out: built from the context.
MIN_OWN_LETTERS = 6

SHORT = "short"
COMMON = "common"
PATTERN = "pattern"
CONTEXT = "context"

COMMON_FILE = Path(__file__).with_name("common_passwords.txt")

# Runs people type without thinking: alphabets, digits, keyboard rows (Latin and Russian layouts).
SEQUENCES = (
    "0123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "qwertyuiopasdfghjklzxcvbnm",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "йцукенгшщзхъфывапролджэячсмитьбю",
)

# What everyone around these terminals knows: the product, the Service, its places (lower case).
CONTEXT_WORDS = (
    "kiosk", "киоск", "migration", "миграция", "миграции", "миграциялык", "migrant", "мигрант",
    "state migration service", "государственная служба миграции", "мамлекеттик миграция кызматы",
    "ssm", "гсм", "gsm", "terminal", "терминал", "kyrgyzstan", "kyrgyz", "кыргызстан", "кыргыз", "киргизия",
    "bishkek", "бишкек", "manas", "манас", "razzakova", "раззакова",
)  # fmt: skip


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords, lower case."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def _normal(text: str) -> str:
    """Compare as a person reads: compatibility forms folded, case ignored."""
    return unicodedata.normalize("NFKC", text).casefold()


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _core(text: str) -> str:
    """The password without the digits, spaces and symbols people add at either end."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text)


def _is_repeated(text: str) -> bool:
    """One short unit repeated (`aaaa`, `weak3weak3`, `abab`), or hardly any different characters."""
    return bool(re.fullmatch(r"(.+?)\1+", text, re.S)) or len(set(text)) <= 3


def _is_sequence(text: str) -> bool:
    """A piece of an alphabet, the digits or a keyboard row, forwards or backwards (wrapping around)."""
    if len(text) < 3:
        return False
    for sequence in SEQUENCES:
        looped = sequence * 3
        if text in looped or text[::-1] in looped:
            return True
    return False


def _weak_parts(text: str) -> list[str]:
    """The forms of a password an attacker's list would cover: as typed, without the ends people pad,
    and its letters alone."""
    forms = [text, _core(text)]
    letters = _letters(text)
    if len(letters) >= 4:
        forms.append(letters)
    return [form for form in dict.fromkeys(forms) if form]


def password_problem(password: str, username: str = "", length_checked: bool = False) -> str | None:
    """What makes this password a poor choice for this user: SHORT, COMMON, PATTERN, CONTEXT, or None."""
    if not length_checked and len(password) < MIN_LENGTH:
        return SHORT
    text = _normal(password)
    forms = _weak_parts(text)
    common = common_passwords()
    if any(form in common for form in forms):
        return COMMON
    if any(_is_repeated(form) or _is_sequence(form) for form in forms):
        return PATTERN
    if _mostly_context(text, username):
        return CONTEXT
    return None


def _mostly_context(text: str, username: str) -> bool:
    """True when, with the user name and the well-known words taken out, few letters of one's own remain."""
    words = [_normal(word) for word in CONTEXT_WORDS]
    name = _normal(username.strip())
    if len(name) >= 3:
        words += [name, *(part for part in re.split(r"[._\-\s]+", name) if len(part) >= 3)]
    rest = text
    for word in sorted(set(words), key=len, reverse=True):
        rest = rest.replace(word, " ")
        rest = rest.replace(word.replace(" ", ""), " ")
    if rest == text:
        return False
    own = _letters(rest)
    # Letters left over that are themselves a pattern or a common word add nothing either.
    return len(own) < MIN_OWN_LETTERS or own in common_passwords() or _is_repeated(own) or _is_sequence(own)
