"""Security headers on every response: nothing runs or loads from outside the app. Input no route
can use is refused before it reaches a query, a parser's recursion limit or the file system."""

from __future__ import annotations

import re

from flask import Flask, abort, jsonify, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


HSTS = "max-age=31536000; includeSubDomains"


def security_headers(secure: bool) -> list[tuple[str, str]]:
    """The headers every response carries; HSTS only over HTTPS. Shared with the kiosk's warm-page
    fast path (kiosk/fastpath.py), which answers below Flask and must send exactly the same."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", PERMISSIONS),
        ("X-Frame-Options", "DENY"),
    ]
    if secure:
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def is_staff_path(path: str) -> bool:
    """True for the staff panel's addresses (/admin and below), known pages or not."""
    return path == "/admin" or path.startswith("/admin/")


def init_security_headers(app: Flask) -> None:
    """Add the headers in one after_request hook so no route can forget them."""

    @app.after_request
    def _headers(response):
        headers = response.headers
        for name, value in security_headers(request.is_secure):
            if name not in headers:
                headers[name] = value
        if is_staff_path(request.path):
            # Staff pages hold drafts, accounts and the audit log: no browser or proxy may keep a copy
            # (the Back button after logout, a shared office computer, a caching proxy).
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        return response


def _any_text(value, bad) -> bool:
    """True when `bad` holds for a text anywhere inside a parsed JSON value (keys included). Walks
    without recursion: the value may be nested as deep as the parser allows."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if bad(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def holds_nul(value) -> bool:
    """True when a text anywhere inside a parsed JSON value contains a NUL character (PostgreSQL
    cannot store one)."""
    return _any_text(value, lambda text: "\x00" in text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def holds_lone_surrogate(value) -> bool:
    """True when a text anywhere inside a parsed JSON value holds a lone surrogate (`"\\ud800"` is valid
    JSON but no valid Unicode: it cannot be encoded to UTF-8, so no database can store it)."""
    return _any_text(value, lambda text: _LONE_SURROGATE.search(text) is not None)


class DatabaseIntConverter(IntegerConverter):
    """`<int:...>` URL parts are ids and numbers kept in INTEGER columns: a larger one is a 404, not a
    database error (SQLite and PostgreSQL refuse numbers beyond their integer range)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


class DepthLimitedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body nested deeper than the parser can follow is invalid JSON (a 400)
    instead of a RecursionError (a 500): `request.get_json` only catches ValueError."""

    def loads(self, s, **kwargs):
        """Parse JSON; too deep a nesting is a ValueError like any other malformed body."""
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def init_input_checks(app: Flask) -> None:
    """Refuse what no route accepts: huge `<int:...>` values, too deeply nested JSON, and NUL
    characters in the path or query (PostgreSQL cannot store or compare them, file paths cannot hold
    them). Call before any route is added."""
    app.url_map.converters["int"] = DatabaseIntConverter
    app.json = DepthLimitedJSONProvider(app)

    @app.before_request
    def _refuse_bodies_of_unknown_length():
        # A chunked body has no Content-Length to check against MAX_CONTENT_LENGTH up front, and Werkzeug
        # silently cuts such a stream at the limit (a form would be saved truncated). Browsers, terminals
        # and nginx always send the length, so nobody legitimate is refused.
        if request.environ.get("HTTP_TRANSFER_ENCODING", "").strip().lower() == "chunked":
            return jsonify({"ok": False, "error": "send the request body with a Content-Length"}), 411
        return None

    @app.before_request
    def _refuse_nul_characters():
        # Forms are checked where they are read (the admin blueprint), JSON bodies by their parsers.
        texts = [request.path, *(t for pair in request.args.items(multi=True) for t in pair)]
        if any("\x00" in text for text in texts):
            abort(400, description="The address contains a NUL character, which no page accepts.")
