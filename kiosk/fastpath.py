"""Warm kiosk pages answered below Flask.

A kiosk page that is already in this process's page cache (kiosk/views.py) is answered here, without
a request context, URL routing, session, CSRF, login or babel hooks: those cost about three times the
page itself and none of them can change a kiosk page. Everything that can (the release, the dated
articles in effect, terminal settings, the sync notice, the urgent notices in force, "open now", the
date) is checked on every request with the same keys the Flask view uses, through `warm_page`. With
several central servers the release comes from the database's last answer, used only while it is
younger than RELEASE_SIGNAL_SECONDS (core/release_signal.py); an older one sends the request to Flask.
Anything not warm, not a plain GET or HEAD, or carrying a query string goes to Flask as before, which
then warms the cache.
"""

from __future__ import annotations

from werkzeug.http import parse_etags

from core.security import security_headers
from kiosk.views import warm_page


class WarmPages:
    """WSGI middleware in front of the Flask app (inside ProxyFix, so the scheme is the client's)."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self.hits = 0  # read by tests and the bench: how many requests never entered Flask

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if (method == "GET" or method == "HEAD") and not environ.get("QUERY_STRING"):
            with self.app.app_context():
                found = warm_page(self.app, environ.get("PATH_INFO", ""))
            if found is not None:
                self.hits += 1
                return self._send(environ, start_response, method, *found)
        return self.wsgi_app(environ, start_response)

    @staticmethod
    def _send(environ, start_response, method: str, body: bytes, etag: str):
        # As Flask sends them, but for Date, which the server adds. Flask-Login reads the session on every
        # Flask response, hence its "Vary: Cookie"; kept so a page's headers never depend on the path.
        headers = [("Cache-Control", "no-cache"), ("ETag", f'"{etag}"'), ("Vary", "Cookie")]
        headers += security_headers(environ.get("wsgi.url_scheme") == "https")
        match = environ.get("HTTP_IF_NONE_MATCH")
        if match and parse_etags(match).contains_weak(etag):  # as Werkzeug's make_conditional
            start_response("304 NOT MODIFIED", headers)
            return []
        headers += [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [] if method == "HEAD" else [body]
