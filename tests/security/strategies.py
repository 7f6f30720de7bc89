"""Hypothesis strategies for hostile input: odd text, numbers out of range, huge values, JSON of any
shape, and the ways a form body can be sent (url-encoded, multipart, a file, JSON, broken UTF-8)."""

from __future__ import annotations

import io
import json
import re
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.admin.conftest import PASSWORD

# Few examples per endpoint, no deadline (a loaded 2-core machine is slow), fixtures shared by examples.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

NASTY = [
    "", " ", "\t\n ", "\x00", "a\x00b", "\u202eRTL override\u202c", "مرحبا بالعالم", "שלום עולם", "\u200f\u200e",
    "٣", "²", "¹²³", "-1", "0", "-0", "1e309", "NaN", "inf", "99999999999999999999999", str(2**63), str(-(2**63) - 1),
    "0x1F", " 7 ", "+5", "1_000", "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>",
    "javascript:alert(1)", "'; DROP TABLE topic; --", "../../etc/passwd", "%00", "%s%s%n", "{{ 7*7 }}",
    "\r\n\r\n", "\r", "\ufeff", "\U0001f600\U0001f600", "Ａｂｃ", "ǅ", "2026-02-30", "2026-13-01", "0000-01-01T00:00",
    "9999-12-31T23:59", "24:00-24:01", "25:00-26:00", "09:00-08:00", "Mo-Fr 25:00-26:00", "null", "true", "[]", "{}",
    "on", "y", "n", "false", "Кыргызча ӨҮҢ өүң",
]  # fmt: skip
HUGE_SIZES = [81, 121, 201, 301, 501, 1001, 2001, 5001, 20_001, 100_000]

nasty_text = st.sampled_from(NASTY)
any_text = st.text(max_size=40)
huge_text = st.builds(
    lambda piece, size: (piece * size)[:size],
    st.sampled_from(["a", "я", "\u202e", "9", " ", "-", "\U0001d54f", "ab\x00"]),
    st.sampled_from(HUGE_SIZES),
)
numbers = st.one_of(st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True)).map(str)
with_nul = st.sampled_from(["\x00", "a\x00b", "\x00" * 3, "ok\x00"])  # PostgreSQL cannot store NUL
hostile = st.one_of(nasty_text, any_text, huge_text, numbers, with_nul)

slugs = st.from_regex(r"[a-z][a-z0-9]{2,12}(-[a-z0-9]{1,6})?", fullmatch=True)
texts = st.text(min_size=1, max_size=30)
REDIRECTS = [
    "/admin/", "/admin/users/", "//evil.example/", "https://evil.example/admin", "/\\evil.example", "\\\\evil.example",
    "/admin/../../x", "/admin@evil.example", "\t//evil.example", "/admin/\nLocation: //evil.example", "/admin\r\n",
    "javascript:alert(1)", "/admin/%0d%0aSet-Cookie:x=1", "http:/admin", "/admin//evil.example", "",
]  # fmt: skip
redirect_targets = st.one_of(st.sampled_from(REDIRECTS), any_text)

# Values that pass a field's checks, so examples also reach the save path (matched on the field name).
GOOD: list[tuple[str, st.SearchStrategy]] = [
    (r"slug|key", slugs),
    (r"(title|label|name|address|summary|description|body|reception_note)_(ky|ru|en)", texts),
    (r"number|number_abroad|phone", st.sampled_from(["189", "+996 312 300423", "0312 30-04-23", "(0312) 62-14-01"])),
    (r"sort", st.integers(0, 100_000).map(str)),
    (r"windows", st.integers(0, 100).map(str)),
    (r"effective_from", st.sampled_from(["", "2026-12-31T09:00", "2020-01-01T00:00", "0001-01-01T00:00"])),
    (r"day_(mo|tu|we|th|fr|sa|su)", st.sampled_from(["", "09:00-18:00", "09:10-13:00, 14:00-17:50", "10:00-14:00"])),
    (r"shorten_minutes", st.integers(0, 120).map(str)),
    (r"(extra|exceptions)-\d+-date", st.sampled_from(["", "2026-03-10", "03-10", "2027-01-08", "9999-12-31"])),
    (r"exceptions-\d+-ranges", st.sampled_from(["", "09:00-13:00", "10:00-12:00, 13:00-15:00"])),
    (r"(extra|exceptions)-\d+-(name|reason)_(ky|ru|en)", texts),
    (
        r"osm",
        st.sampled_from(["Mo-Fr 09:00-18:00", "Mo-Fr 09:00-13:00,14:00-18:00; Sa 10:00-14:00", "24/7", "off", ""]),
    ),
    (r"preview_from", st.sampled_from(["", "2026-03-16", "2026-12-28", "0001-01-01", "9999-12-31"])),
    (r"username", st.from_regex(r"[a-z][a-z0-9._-]{2,12}", fullmatch=True)),
    (r"password|new|repeat|current", st.sampled_from([PASSWORD, "another long password", "short"])),
    (r"comment|override_reason", st.text(min_size=1, max_size=40)),
    (r"idle_timeout", st.integers(20, 3600).map(str)),
    (r"public_url", st.sampled_from(["", "https://kiosk.example.kg", "http://info.example/ru"])),
    (r"topic_order", st.sampled_from(["", "work-abroad", "work-abroad, hotlines", "no-such-topic"])),
    (r"location", st.text(max_size=30)),
    (r"next", redirect_targets),
]


def good_values(name: str, options: list[str] | None, checkbox: str | None) -> st.SearchStrategy | None:
    """A strategy of acceptable values for a field, or None when nothing is known about it."""
    if options:
        return st.sampled_from(options)
    if checkbox is not None:
        return st.sampled_from([checkbox, ""])
    for pattern, strategy in GOOD:
        if re.fullmatch(pattern, name):
            return strategy
    return None


def field_values(name: str, options: list[str] | None = None, checkbox: str | None = None) -> st.SearchStrategy:
    """Acceptable values (so saves happen) as often as hostile ones."""
    good = good_values(name, options, checkbox)
    return st.one_of(good, hostile) if good is not None else hostile


ENCODINGS = ["urlencoded"] * 6 + ["multipart", "file", "json", "bad-utf8"]

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False), st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def form_bodies(draw, spec, base: dict[str, str] | None = None, good: dict | None = None, skip: tuple[str, ...] = ()):
    """A submission of a discovered form, starting from what the page holds (`base` fills in a valid
    submission for empty forms): fields changed, dropped, duplicated or joined by strangers, sent in
    one of several encodings. `good` overrides the acceptable values of some fields.
    Returns (encoding, pairs or a JSON value)."""
    values: dict[str, list[str]] = {name: [value] for name, value in {**spec.defaults(), **(base or {})}.items()}
    names = [n for n in spec.names if n != "csrf_token" and n not in skip and n not in dict(spec.submits)]
    strangers = ["unexpected", "id", "role", "csrf_token2", "__proto__"] + [
        re.sub(r"-\d+-", f"-{i}-", n) for n in names if re.search(r"-\d+-", n) for i in (7, 999_999)
    ]
    ops = st.sampled_from(["set", "set", "set", "drop", "dup", "stranger"])
    for op, name in draw(st.lists(st.tuples(ops, st.sampled_from(names or ["unexpected"])), min_size=1, max_size=8)):
        if good and name in good:
            make = st.one_of(good[name], hostile)
        else:
            make = field_values(name, spec.options.get(name), spec.checkboxes.get(name))
        if op == "set":
            values[name] = [draw(make)]
        elif op == "drop":
            values.pop(name, None)
        elif op == "dup":
            values.setdefault(name, [""]).append(draw(make))
        else:
            values[draw(st.sampled_from(strangers))] = [draw(hostile)]
    if spec.submits:
        button = draw(st.sampled_from([*spec.submits, None]))
        if button is not None:
            values[button[0]] = [button[1]]
    pairs = [(name, value) for name, many in values.items() for value in many]
    encoding = draw(st.sampled_from(ENCODINGS))
    if encoding == "json":
        body = {name: draw(st.one_of(st.just(many[0]), json_values)) for name, many in values.items()}
        return encoding, draw(st.one_of(st.just(body), st.just(body), json_values))
    if encoding == "file" and pairs:
        index = draw(st.integers(0, len(pairs) - 1))
        if pairs[index][0] != "csrf_token":
            pairs[index] = (pairs[index][0], "\x00file")
    return encoding, pairs


def post_body(client, url: str, encoding: str, body, token: str):
    """Send what form_bodies drew."""
    headers = {"X-CSRFToken": token} if encoding == "json" else {}
    if encoding == "json":
        return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)
    if encoding == "bad-utf8":
        # Percent-escapes of bytes that are not UTF-8, inside the values (the CSRF token stays readable).
        raw = "&".join(f"{quote(n)}={quote(v, safe='')}" + ("%FF%FE%C3%28" if n != "csrf_token" else "")
                       for n, v in body)  # fmt: skip
        raw = raw.encode("ascii")
        return client.post(url, data=raw, content_type="application/x-www-form-urlencoded")
    data = MultiDict()
    for name, value in body:
        if value == "\x00file":
            data.add(name, (io.BytesIO(b"not a text field \xff\x00"), "upload.bin"))
        else:
            data.add(name, value)
    content_type = "multipart/form-data" if encoding in ("multipart", "file") else None
    return client.post(url, data=data, content_type=content_type)


def first_values(encoding: str, body) -> dict[str, str] | None:
    """What a form field reads from the body (its first value), when the body is a plain text form."""
    if encoding in ("json", "bad-utf8"):
        return None
    out: dict[str, str] = {}
    for name, value in body:
        if value == "\x00file":
            return None
        out.setdefault(name, value)
    return out
