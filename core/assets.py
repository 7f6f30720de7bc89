"""Static assets under content-hashed names, so browsers may cache them for a year.

`asset("css/kiosk.css")` → `/assets/css/kiosk.1a2b3c4d5e.css`. A changed file gets a new name, so
no terminal ever shows a stale stylesheet; unhashed names still work but must be revalidated.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request

from core.config import ROOT

STATIC = ROOT / "static"
HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")
CSS_URL = re.compile(r"url\((['\"]?)([^'\")]+)\1\)")
YEAR = 365 * 24 * 3600

bp = Blueprint("assets", __name__)


@dataclass(frozen=True)
class Asset:
    """One static file as served: its bytes (CSS with hashed references), digest and type."""

    body: bytes
    digest: str
    mimetype: str


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _hashed_name(name: str, digest: str) -> str:
    path = Path(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _load(name: str, cache: dict[str, Asset]) -> Asset | None:
    if name in cache:
        return cache[name]
    path = (STATIC / name).resolve()
    if STATIC.resolve() not in path.parents or not path.is_file():
        return None
    body = path.read_bytes()
    if path.suffix == ".css":
        body = _rewrite_css(body.decode("utf-8"), name, cache).encode("utf-8")
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".woff2":
        mimetype = "font/woff2"
    cache[name] = Asset(body, _digest(body), mimetype)
    return cache[name]


def _rewrite_css(css: str, name: str, cache: dict[str, Asset]) -> str:
    """Point url(...) references of a stylesheet at the hashed names of the files they load."""
    base = Path(name).parent

    def replace(match: re.Match) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "#", "/")) or "://" in ref:
            return match.group(0)
        target = str((Path("/") / base / ref).resolve())[1:]
        found = _load(target, cache)
        if found is None:
            return match.group(0)
        rel = Path(_hashed_name(Path(ref).as_posix(), found.digest)).as_posix()
        return f"url({rel})"

    return CSS_URL.sub(replace, css)


def _cache() -> dict[str, Asset]:
    # Rebuilt on every request in debug mode so edits show at once; kept for the process otherwise.
    if current_app.debug:
        return {}
    return current_app.extensions.setdefault("kiosk_assets", {})


def asset(name: str) -> str:
    """URL of a static file under its content-hashed name (falls back to the plain name)."""
    found = _load(name, _cache())
    if found is None:
        return f"/assets/{name}"
    return f"/assets/{_hashed_name(name, found.digest)}"


def asset_urls(names: list[str]) -> list[str]:
    """Hashed URLs of several static files (for the service worker's precache list)."""
    return [asset(name) for name in names]


@bp.get("/assets/<path:filename>")
def serve(filename: str):
    """Serve a static file; hashed names are immutable for a year, plain ones revalidate."""
    match = HASHED.match(filename)
    name = f"{match['stem']}{match['ext']}" if match else filename
    found = _load(name, _cache())
    if found is None or (match and match["digest"] != found.digest):
        abort(404)
    response = Response(found.body, mimetype=found.mimetype)
    if match:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.set_etag(found.digest)
    return response.make_conditional(request)


def init_assets(app: Flask) -> None:
    """Register the asset route and the `asset()` template helper."""
    app.register_blueprint(bp)
    app.jinja_env.globals["asset"] = asset
