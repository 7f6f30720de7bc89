"""Security headers on every response: every route of the URL map, anonymous and logged in, over
HTTP and HTTPS, and the error pages (403, 404, 405, 413, 500, 503) too."""

from __future__ import annotations

import pytest

from tests.security.helpers import all_rules, rule_methods

SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
MIN_HSTS_SECONDS = 180 * 24 * 3600
UNSAFE_KEYWORDS = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'")


def csp_problems(policy: str) -> list[str]:
    """What is wrong with a Content-Security-Policy value (empty list: nothing)."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    problems = []
    if directives.get("default-src") != ["'self'"]:
        problems.append(f"default-src is {directives.get('default-src')}, not 'self'")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')}, not 'none'")
    for name, sources in directives.items():
        for source in sources:
            low = source.lower()
            if low in UNSAFE_KEYWORDS:
                problems.append(f"{name} allows {source}")
            elif "*" in low or low.startswith(("http:", "https:", "ws:", "wss:")) or "://" in low:
                problems.append(f"{name} allows the outside origin {source}")
    return problems


def header_problems(response, https: bool) -> list[str]:
    """Every missing or weak security header of one response."""
    headers = response.headers
    problems = []
    policy = headers.get("Content-Security-Policy")
    if policy is None:
        problems.append("no Content-Security-Policy")
    else:
        problems += csp_problems(policy)
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"X-Content-Type-Options is {headers.get('X-Content-Type-Options')!r}")
    if headers.get("Referrer-Policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy is {headers.get('Referrer-Policy')!r}")
    permissions = headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        if feature not in permissions:
            problems.append(f"Permissions-Policy {permissions!r} lacks {feature}")
    hsts = headers.get("Strict-Transport-Security")
    if https:
        max_age = next((p.split("=", 1)[1] for p in (hsts or "").split(";") if p.strip().startswith("max-age=")), "0")
        if not max_age.strip().isdecimal() or int(max_age) < MIN_HSTS_SECONDS:
            problems.append(f"over HTTPS, Strict-Transport-Security is {hsts!r}")
    elif hsts is not None:
        problems.append("Strict-Transport-Security sent over plain HTTP")
    return problems


def check(client, method: str, url: str, https: bool, offenders: list[str], label: str, **kwargs):
    """Request a URL and note every header problem under a readable label."""
    base = "https://localhost" if https else "http://localhost"
    response = client.open(url, method=method, base_url=base, **kwargs)
    for problem in header_problems(response, https):
        offenders.append(f"{label} {method} {url} [{'https' if https else 'http'} {response.status_code}]: {problem}")
    return response


def test_every_route_sends_the_security_headers(app, as_role, samples):
    """Every rule of the URL map, requested anonymously and as an admin, over HTTP and HTTPS."""
    clients = {"anonymous": app.test_client(), "admin": as_role("admin").client}
    offenders: list[str] = []
    not_ok: list[str] = []
    for rule in all_rules(app):
        for method in rule_methods(rule):
            url = samples.url(app, rule, method)
            for who, client in clients.items():
                for https in (False, True):
                    response = check(client, method, url, https, offenders, f"{who} {rule.endpoint}")
                    # The sample values are real: the pages themselves were checked, not only 404s.
                    real_page = (
                        rule.endpoint.startswith(("kiosk.", "assets."))
                        or rule.endpoint == "static"
                        or (
                            who == "admin"
                            and rule.endpoint.startswith("admin.")
                            and rule.endpoint not in ("admin.login", "admin.unknown_page")
                        )  # a 404 by design
                    )
                    if method == "GET" and real_page and response.status_code != 200:
                        not_ok.append(f"{who} GET {url}: {response.status_code}")
    assert not offenders, "responses with missing or weak security headers:\n" + "\n".join(offenders)
    assert not not_ok, "sample URLs that did not reach the page:\n" + "\n".join(not_ok)
    # The admin was logged in the whole time (a POST without a CSRF token logs nobody out).
    assert clients["admin"].get("/admin/").status_code == 200


ERRORS = [
    ("anonymous", "GET", "/no/such/page/at/all", 404),
    ("anonymous", "GET", "/ru/no-such-page", 404),
    ("anonymous", "GET", "/ru/topics/no-such-topic", 404),
    ("anonymous", "GET", "/xx/", 404),
    ("anonymous", "GET", "/admin/no-such-page", 302),  # the panel asks for a login before it says anything
    ("editor", "GET", "/admin/no-such-page", 404),
    ("anonymous", "GET", "/assets/css/kiosk.0123456789.css", 404),
    ("anonymous", "GET", "/admin/", 302),
    ("anonymous", "GET", "/api/terminal/release", 401),
    ("anonymous", "POST", "/admin/login", 400),  # no CSRF token
    ("anonymous", "GET", "/admin/logout", 405),
    ("anonymous", "GET", "/api/terminal/heartbeat", 405),
    ("anonymous", "POST", "/healthz", 405),
    ("anonymous", "PUT", "/admin/login", 405),
    ("anonymous", "DELETE", "/api/terminal/heartbeat", 405),
    ("editor", "GET", "/admin/settings", 403),
    ("editor", "GET", "/admin/content/no-such-kind/", 404),
    ("editor", "GET", "/admin/content/article/999999", 404),
]


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_error_responses_send_the_security_headers(app, as_role, https):
    """Redirects, 401, 403, 404, 405 and 413 answers carry the same headers as pages."""
    clients = {"anonymous": app.test_client(), "editor": as_role("editor").client}
    offenders: list[str] = []
    for who, method, url, status in ERRORS:
        response = check(clients[who], method, url, https, offenders, who)
        assert response.status_code == status, (who, method, url)
    big = b'{"events": [' + b" " * 20_000 + b"]}"
    response = check(clients["anonymous"], "POST", "/kiosk-events", https, offenders, "anonymous", data=big,
                     content_type="application/json")  # fmt: skip
    assert response.status_code == 413
    assert not offenders, "\n".join(offenders)


def test_server_errors_send_the_security_headers(app):
    """An unexpected exception becomes a 500 page that still carries every header."""

    def broken():
        raise RuntimeError("deliberate failure for the test")

    app.add_url_rule("/test-broken", "test_broken", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    for https in (False, True):
        offenders: list[str] = []
        response = check(client, "GET", "/test-broken", https, offenders, "anonymous")
        assert response.status_code == 500
        assert not offenders, "\n".join(offenders)


def test_pages_without_a_release_send_the_security_headers(empty_app):
    """A kiosk with no published release answers 503 (and /healthz 200 or 503) with every header."""
    client = empty_app.test_client()
    offenders: list[str] = []
    for url, status in (("/ru/", 503), ("/ru/hotlines", 503), ("/", 200), ("/healthz", 200)):
        for https in (False, True):
            response = check(client, "GET", url, https, offenders, "anonymous")
            assert response.status_code == status, url
    assert not offenders, "\n".join(offenders)


def test_the_check_itself_catches_weak_headers(app):
    """The checker is not vacuous: weak policies and missing headers are reported."""
    assert csp_problems("default-src 'self'; frame-ancestors 'none'") == []
    weak = csp_problems("default-src *; script-src 'self' 'unsafe-inline' https://cdn.example; style-src http:")
    assert len(weak) == 6, weak  # default-src twice (not self, *), no frame-ancestors, inline, https, http
    assert csp_problems("default-src 'self'; frame-ancestors 'self'; img-src data: *.example")  # ancestors, *

    response = app.response_class("x")
    assert len(header_problems(response, https=True)) >= 5
    response.headers["Strict-Transport-Security"] = "max-age=31536000"
    assert "Strict-Transport-Security sent over plain HTTP" in header_problems(response, https=False)


def test_every_admin_page_says_no_store(app, as_role, samples):
    """Every admin URL, anonymous and as an admin, pages, redirects and errors alike: no browser cache or
    proxy may keep a copy of a staff page (issue 10, item 10)."""
    clients = {"anonymous": app.test_client(), "admin": as_role("admin").client}
    urls = []
    for rule in all_rules(app):
        if rule.endpoint.startswith("admin.") or rule.rule.startswith("/admin"):
            urls += [(method, samples.url(app, rule, method)) for method in rule_methods(rule)]
    urls += [("GET", "/admin/no-such-page"), ("GET", "/admin"), ("POST", "/admin/login")]
    assert len(urls) > 20, urls  # the admin map was really walked
    missing, pages = [], 0
    for who, client in clients.items():
        for method, url in urls:
            response = client.open(url, method=method)
            pages += response.status_code == 200
            cache = response.headers.get("Cache-Control", "")
            if "no-store" not in cache:
                missing.append(f"{who} {method} {url} [{response.status_code}]: {cache!r}")
    assert not missing, "admin responses a browser may cache:\n" + "\n".join(missing)
    assert pages > 15  # real pages were checked, not only redirects to the login page
    kiosk = clients["anonymous"].get("/ru/")
    assert "no-store" not in kiosk.headers.get("Cache-Control", "")  # travellers' pages stay cacheable
