"""Who may open what. Every endpoint is public on purpose (listed below), authenticated by a terminal
token, or checks a staff role with core.auth.role_required; a route added later without a role check
fails here by name. Anonymous visitors, lower roles and wrong tokens get nothing."""

from __future__ import annotations

import base64
import json

import pytest

from core.auth import REQUIRED_ROLES, role_allows, role_required
from core.fleet.registry import TerminalSettings, register_terminal, revoke_token
from core.models.users import ALL_ROLES
from core.publishing import latest_release
from tests.admin.conftest import AdminClient
from tests.security.helpers import all_rules, diff, rule_methods, snapshot

# Public on purpose: read the reason before adding anything here.
PUBLIC_ENDPOINTS = {
    # Traveller pages, their static files and the liveness probe: nobody logs in at a kiosk.
    "kiosk.index", "kiosk.home", "kiosk.topic", "kiosk.article", "kiosk.hotlines", "kiosk.office",
    # The report form and the status by number (status and due date only, never a report's content).
    "kiosk.report", "kiosk.report_find", "kiosk.report_status",
    # Search over the current release (no state, no personal data; the page is no-store).
    "kiosk.search",
    "assets.serve", "static", "healthz",
    # What the kiosk page calls on its own server: anonymous counts, status polling, offline cache.
    "fleet_local.kiosk_events", "fleet_local.kiosk_status", "fleet_local.service_worker", "fleet_local.precache",
    # The kiosk's own speech: a page's sentence clips and the short phrases of spoken navigation.
    "kiosk.speech_clip", "kiosk.speech_phrase",
    # Before logging in: the login form and the interface-language switch. (Logging out needs a
    # session, so admin.logout is role-checked like every other admin view.)
    "admin.login", "admin.language",
    # The "form too large" page the nginx front shows in the staff member's language (nothing in it).
    "admin.too_large_page",
}  # fmt: skip
# Authenticated by `Authorization: Bearer <terminal token>` in the blueprint's before_request.
TOKEN_ENDPOINTS = {"fleet_api.release", "fleet_api.heartbeat", "fleet_api.reports", "fleet_api.report_status"}
TOKEN_REFUSAL = {"ok": False, "error": "unknown or revoked terminal token"}


def unguarded_endpoints(app) -> list[str]:
    """Endpoints that are neither listed as public or token-protected nor carry a known required_role."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS:
            continue
        if getattr(app.view_functions[rule.endpoint], "required_role", None) not in REQUIRED_ROLES:
            found.add(f"{rule.endpoint} ({rule.rule})")
    return sorted(found)


def guarded_requests(app, samples):
    """(endpoint, required role, method, url) of every role-checked route."""
    for rule in all_rules(app):
        if rule.endpoint in PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS:
            continue
        role = app.view_functions[rule.endpoint].required_role
        for method in rule_methods(rule):
            yield rule.endpoint, role, method, samples.url(app, rule, method)


def test_every_endpoint_is_public_token_or_role_checked(app):
    unguarded = unguarded_endpoints(app)
    assert not unguarded, (
        "these endpoints have no role check (decorate the view with core.auth.role_required, or add it to "
        "PUBLIC_ENDPOINTS with the reason): " + ", ".join(unguarded)
    )


def test_the_allowlists_name_real_endpoints(app):
    """A renamed or removed endpoint must leave the lists too, or they would excuse a future route."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert not (PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS) - endpoints
    # No role-checked view hides in the public list (it would escape the behavioural checks below).
    marked = [e for e in PUBLIC_ENDPOINTS | TOKEN_ENDPOINTS if hasattr(app.view_functions[e], "required_role")]
    assert marked == []


def test_a_route_added_without_a_role_check_is_caught(app):
    """The map check is not vacuous: a new unguarded route is named; the same route with a role passes."""

    def forgotten():
        return "secret"

    app.add_url_rule("/admin/forgotten", "admin_forgotten", forgotten)
    app.add_url_rule("/admin/remembered", "admin_remembered", role_required("admin")(lambda: "ok"))
    assert unguarded_endpoints(app) == ["admin_forgotten (/admin/forgotten)"]


def test_anonymous_visitors_are_sent_to_the_login_page(app, samples):
    """GET and POST (with a valid anonymous CSRF token) on every role-checked route: a redirect to the
    login page, never the page or the action, and nothing in the database changes."""
    visitor = AdminClient(app.test_client())
    token = visitor.csrf()
    before = snapshot()
    wrong = []
    for endpoint, _role, method, url in guarded_requests(app, samples):
        if method == "GET":
            response = visitor.get(url)
        else:
            response = visitor.client.post(url, data={"csrf_token": token}, headers={"X-CSRFToken": token})
        location = response.headers.get("Location", "")
        to_login = response.status_code == 302 and location.startswith("/admin/login?next=")
        if not (to_login or (response.is_json and response.status_code in (401, 403))):
            wrong.append(f"{endpoint} {method} {url}: {response.status_code} {location}")
    assert not wrong, "anonymous requests that were not sent to the login page:\n" + "\n".join(wrong)
    assert diff(before, snapshot()).empty


def test_lower_roles_are_refused(app, as_role, samples):
    """Each role-checked route refuses (403) every staff role it does not allow: the roles below the one it
    requires, editors and publishers on the report register, the commissioner everywhere else."""
    clients = {role: as_role(role) for role in ALL_ROLES}
    for c in clients.values():
        c.csrf()  # read before the snapshot: for a commissioner it opens the register, an audited view
    before = snapshot()
    wrong, checked = [], 0
    for endpoint, needed, method, url in guarded_requests(app, samples):
        for role, c in clients.items():
            if role_allows(role, needed):
                continue
            response = c.get(url) if method == "GET" else c.post(url, {}, headers={"X-CSRFToken": c.csrf()})
            checked += 1
            if response.status_code != 403:
                wrong.append(f"{role} {endpoint} {method} {url}: {response.status_code}")
    assert not wrong, "lower roles that were not refused:\n" + "\n".join(wrong)
    assert checked > 10
    assert diff(before, snapshot()).empty


def _wrong_authorizations(token: str, revoked: str) -> dict[str, str | None]:
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    return {
        "no header": None,
        "empty bearer": "Bearer ",
        "bare scheme": "Bearer",
        "unknown token": "Bearer kt_" + "x" * 43,
        "one character off": f"Bearer {flipped}",
        "token plus a character": f"Bearer {token}x",
        "token without scheme": token,
        "basic auth": "Basic " + base64.b64encode(f"osh-border-1:{token}".encode()).decode(),
        "very long": "Bearer kt_" + "A" * 10_000,
        "no prefix": "Bearer " + token.removeprefix("kt_"),
        "revoked token": f"Bearer {revoked}",
        "unicode": "Bearer kt_ключ",
    }


def _heartbeat_body() -> bytes:
    return json.dumps({"app_version": "0.1.0", "release": {"number": 1}, "uptime_seconds": 5}).encode()


@pytest.mark.parametrize("endpoint", sorted(TOKEN_ENDPOINTS))
def test_token_endpoints_refuse_wrong_tokens_without_revealing_anything(app, terminal, as_role, samples, endpoint):
    """Missing, malformed, near-miss, revoked and session-only requests all get the same bare 401."""
    _other, revoked = register_terminal("bishkek-airport-1", TerminalSettings("Manas", "airport"))
    revoke_token(_other)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    method = rule_methods(rule)[0]
    url = samples.url(app, rule, method)
    body = None
    if method == "POST":
        body = json.dumps({"reports": []}).encode() if endpoint == "fleet_api.reports" else _heartbeat_body()
    secrets = [samples.topic_slug, terminal.slug, "Osh border post", latest_release().content_hash]
    attempts = {name: app.test_client() for name in _wrong_authorizations(terminal.token, revoked)}
    attempts["admin session, no token"] = as_role("admin").client
    before = snapshot()
    answers = {}
    for name, client in attempts.items():
        value = _wrong_authorizations(terminal.token, revoked).get(name)
        headers = {"Authorization": value} if value is not None else {}
        response = client.open(url, method=method, data=body, content_type="application/json", headers=headers)
        text = response.get_data(as_text=True)
        assert response.status_code == 401, (name, response.status_code, text[:200])
        assert response.get_json() == TOKEN_REFUSAL, name
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="terminal"', name
        leaked = [s for s in secrets if s in text] + [h for h in response.headers.keys() if h.startswith("X-Release")]
        assert not leaked and "ETag" not in response.headers, (name, leaked)
        answers[name] = (response.status_code, text, sorted(k for k in response.headers.keys() if k != "Set-Cookie"))
    # Every refusal is the same, so a caller cannot tell an unknown token from a revoked one.
    assert len({(status, text, tuple(keys)) for status, text, keys in answers.values()}) == 1, answers
    assert diff(before, snapshot()).empty, "a refused request changed the database"
    # Control: the right token is accepted, so the refusals above were about the token.
    good = app.test_client().open(url, method=method, data=body, content_type="application/json",
                                  headers={"Authorization": f"Bearer {terminal.token}"})  # fmt: skip
    # (No report has the sample number: central says so only to a known terminal.)
    expected = 404 if endpoint == "fleet_api.report_status" else 200
    assert good.status_code == expected, good.get_data(as_text=True)[:300]
