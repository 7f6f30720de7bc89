"""Run the shipped deploy/nginx/central.conf in a throw-away prefix, for tests and drills (not production).

The config is used as shipped; only what must differ on a test machine is replaced: the listening ports,
the upstream gunicorn address and the certificate paths (a self-signed certificate made with openssl).
nginx runs in the foreground as a child process, with its pid, logs and temp files in the prefix.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

CONF = Path(__file__).with_name("central.conf")
SEVERAL = Path(__file__).with_name("central-several.conf")
SHIPPED_SERVERS = ("10.0.0.11:8000", "10.0.0.12:8000")
SHIPPED_UPSTREAM = "127.0.0.1:8000"
SHIPPED_CERT = "/etc/ssl/kiosk/central.crt"
SHIPPED_KEY = "/etc/ssl/kiosk/central.key"


def nginx_binary() -> str | None:
    """The nginx executable, or None when it is not installed."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(prefix: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (one day)."""
    cert, key = prefix / "central.crt", prefix / "central.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _several(site: str, ports: list[int]) -> str:
    """central.conf with its upstream block replaced by central-several.conf's, on local ports."""
    pattern = re.compile(r"^upstream kiosk_central \{.*?^\}", re.M | re.S)
    lines = []
    for line in pattern.search(SEVERAL.read_text()).group(0).splitlines():
        if SHIPPED_SERVERS[0] in line:  # the first example server line, once per local port
            lines += [line.replace(SHIPPED_SERVERS[0], f"127.0.0.1:{port}") for port in ports]
        elif not any(server in line for server in SHIPPED_SERVERS):
            lines.append(line)
    site, count = pattern.subn(lambda _match: "\n".join(lines), site)
    assert count == 1, f"no `upstream kiosk_central` block in {CONF.name}"
    return site


def write_config(prefix: Path, upstream_port: int | None, https_port: int, http_port: int,
                 several: list[int] | None = None) -> Path:  # fmt: skip
    """nginx.conf for the prefix: the shipped server blocks with local ports, paths and certificate (and,
    with `several`, central-several.conf's upstream block in front of those app server ports)."""
    prefix.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(prefix)
    site = CONF.read_text()
    if several:
        site = _several(site, several)
    swaps = [
        (SHIPPED_CERT, str(cert)),
        (SHIPPED_KEY, str(key)),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
    ]
    if not several:
        swaps.insert(0, (SHIPPED_UPSTREAM, f"127.0.0.1:{upstream_port}"))
    for shipped, local in swaps:
        assert shipped in site, f"{shipped!r} is no longer in {CONF.name}: update {Path(__file__).name}"
        site = site.replace(shipped, local)
    (prefix / "central.conf").write_text(site)
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / name).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must write the prefix's temp files
    main = f"""{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/central.conf;
}}
"""
    path = prefix / "nginx.conf"
    path.write_text(main)
    return path


def check_config(conf: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on a written config (exit code 0 when valid)."""
    return subprocess.run([nginx_binary(), "-t", "-p", str(conf.parent), "-c", str(conf)],
                          capture_output=True, text=True)  # fmt: skip


class LocalFront:
    """nginx with the shipped config in front of a gunicorn on `upstream_port` (or, with `several`, of
    the gunicorns on those ports through central-several.conf's upstream block), until stop()."""

    def __init__(self, prefix: Path, upstream_port: int | None, several: list[int] | None = None):
        self.https_port, self.http_port = free_port(), free_port()
        self.conf = write_config(prefix, upstream_port, self.https_port, self.http_port, several)
        self.url = f"https://127.0.0.1:{self.https_port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> LocalFront:
        """Start nginx and wait until it accepts connections."""
        log = (self.conf.parent / "nginx.out").open("ab")
        self.proc = subprocess.Popen([nginx_binary(), "-p", str(self.conf.parent), "-c", str(self.conf)],
                                     stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited: " + (self.conf.parent / "error.log").read_text()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", self.https_port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start in time")

    def stop(self) -> None:
        """Stop nginx (quick shutdown) and wait for it."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
