"""The shipped front for central (deploy/nginx/central.conf, issue 10 items 4 and 10): nginx accepts it,
its body limit is the app's, and through it central answers over HTTPS with HSTS once, sends plain HTTP
to HTTPS, refuses an oversized body itself, and the panel's cookie is Secure."""

from __future__ import annotations

import re

import pytest
import requests
import urllib3

from core.config import MAX_CONTENT_LENGTH
from deploy.nginx.local_front import CONF, LocalFront, check_config, free_port, nginx_binary, write_config
from tests.admin.conftest import tr
from tests.security.test_body_limits import TOO_LARGE


def _nginx_or_fail() -> str:
    binary = nginx_binary()
    if binary is None:
        pytest.fail("nginx is not installed: sudo apt-get install -y nginx (make test installs it when run as root)")
    return binary


def _size(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def test_nginx_accepts_the_shipped_config(tmp_path):
    _nginx_or_fail()
    result = check_config(write_config(tmp_path / "prefix", free_port(), free_port(), free_port()))
    assert result.returncode == 0, result.stderr


def test_the_front_limits_match_the_app():
    """nginx refuses exactly what the app would: the same body limit, and timeouts for slow clients."""
    text = CONF.read_text()
    directives = dict(re.findall(r"^\s*(client_max_body_size|client_body_timeout|client_header_timeout|send_timeout)"
                                 r"\s+(\S+);", text, re.M))  # fmt: skip
    assert _size(directives["client_max_body_size"]) == MAX_CONTENT_LENGTH
    assert {"client_body_timeout", "client_header_timeout", "send_timeout"} <= directives.keys()
    assert re.search(r"^\s*proxy_request_buffering on;", text, re.M)
    # Set from nginx's own view of the client, never appended to what the client sent.
    assert re.search(r"proxy_set_header X-Forwarded-For \$remote_addr;", text)
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$scheme;", text)


@pytest.mark.slow
def test_central_through_the_shipped_front(app, serve, tmp_path):
    _nginx_or_fail()
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    server = serve(TRUSTED_PROXIES="1", CENTRAL_HTTPS="1")
    front = LocalFront(tmp_path / "nginx", server.port).start()
    try:
        health = requests.get(front.url + "/healthz", verify=False, timeout=10)
        assert health.status_code == 200
        hsts = [v for k, v in health.raw.headers.items() if k.lower() == "strict-transport-security"]
        assert len(hsts) == 1 and "max-age=31536000" in hsts[0]
        plain = requests.get(f"http://127.0.0.1:{front.http_port}/admin/", allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        too_big = requests.post(front.url + "/admin/login", data=b"a" * (MAX_CONTENT_LENGTH + 1), verify=False,
                                headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)  # fmt: skip
        assert too_big.status_code == 413
        assert "Strict-Transport-Security" in too_big.headers  # nginx's own error pages carry it too
        # Refused by nginx before gunicorn saw it, and still said in the panel's language, not nginx's English.
        megabytes = MAX_CONTENT_LENGTH // (1024 * 1024)
        app.test_request_context().push()  # for the translations the expected texts are read from
        assert tr("ru", TOO_LARGE, megabytes=megabytes) in too_big.text
        assert "Request Entity Too Large" not in too_big.text
        # ...and in the language the person chose on the login page.
        chooser = requests.Session()
        page = chooser.get(front.url + "/admin/login", verify=False, timeout=10).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        chosen = chooser.post(front.url + "/admin/language", data={"csrf_token": token, "language": "en"},
                              headers={"Referer": front.url + "/admin/login"}, verify=False, timeout=10)  # fmt: skip
        assert chosen.ok and 'lang="en"' in chosen.text, chosen.text[:2000]
        english = chooser.post(front.url + "/admin/login", data=b"a" * (MAX_CONTENT_LENGTH + 1), verify=False,
                               headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)  # fmt: skip
        assert english.status_code == 413 and tr("en", TOO_LARGE, megabytes=megabytes) in english.text
        # Through the front the panel sets its session cookie Secure and says no-store.
        session = requests.Session()
        login = session.get(front.url + "/admin/login", verify=False, timeout=10)
        assert login.status_code == 200 and "no-store" in login.headers["Cache-Control"]
        cookie = next(c for c in session.cookies if c.name == "session")
        assert cookie.secure
    finally:
        front.stop()
