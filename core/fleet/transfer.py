"""Terminal side of sync protocol 2: what goes over a poor link, and how a cut download goes on.

One request per sync. The terminal says which release it shows (`If-None-Match`, `X-Base-Release`);
central answers 304, a delta (the items changed since that release, gzip-encoded), or the whole
release as a gzip file. The whole file is written to the state folder as it arrives, so when the link
drops, the next sync asks only for the rest (`Range` with `If-Range`: the same bytes or, if central
has moved on, the new release from the start). Whatever arrives is turned back into the release text
and checked exactly as before (`client.verify_release`: size, content hash, format, HTML) before
anything is applied; a delta that fails is refused and the whole release is fetched instead.

A central that does not know protocol 2 answers with the stored payload; that is read as before.
"""

from __future__ import annotations

import contextlib
import json
import zlib
from dataclasses import dataclass

import requests
from flask import current_app
from sqlalchemy import select

from core.extensions import db
from core.fleet import state
from core.models import Release
from core.release_delta import DeltaError, apply_delta

PROTOCOL = "2"
PART_FILE = "release-download.part"
PART_META = "release-download.json"
MAX_DELTA_BYTES = 16 * 1024 * 1024
CHUNK = 16 * 1024


class TransferError(Exception):
    """The download did not give a release (the message says why; the shown release is kept)."""


class DeltaRefused(TransferError):
    """A delta that does not give the announced release: the whole release is fetched instead."""


@dataclass
class Received:
    """What central answered: nothing new, or a release body with the headers that describe it."""

    unchanged: bool
    body: bytes = b""
    headers: dict | None = None
    kind: str = ""  # "delta", "full" or "legacy"
    wire_bytes: int = 0


def _raw_chunks(response: requests.Response):
    """The body as it came over the wire (not decoded), in chunks."""
    raw = response.raw
    if hasattr(raw, "stream"):
        yield from raw.stream(CHUNK, decode_content=False)
        return
    while chunk := raw.read(CHUNK):
        yield chunk


def gunzip(data: bytes, limit: int) -> bytes:
    """gzip data decompressed, refusing more than `limit` bytes; data without the gzip magic is returned
    as it is (a central or a portal that did not compress). A truncated file gives what it holds: the
    hash check then refuses it."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        raise TransferError("the compressed release is corrupt") from None
    if len(out) > limit or inflater.unconsumed_tail:
        raise TransferError("release larger than allowed")
    return out


def _paths():
    folder = state.state_dir()
    return folder / PART_FILE, folder / PART_META


def drop_partial() -> None:
    """Forget a half-done download."""
    for path in _paths():
        with contextlib.suppress(OSError):
            path.unlink()


def _partial() -> tuple[int, dict] | None:
    """(bytes kept, the answer's headers) of a half-done whole-release download, if any."""
    part, meta_path = _paths()
    meta = state.read_json(meta_path)
    try:
        size = part.stat().st_size
    except OSError:
        return None
    if not meta.get("etag") or not size:
        return None
    return size, meta


def _release_headers(response) -> dict:
    names = ("X-Content-Hash", "X-Release-Number", "X-Release-Created")
    return {name: response.headers.get(name, "") for name in names}


def _local_payload() -> tuple[str, str] | None:
    row = db.session.execute(select(Release.content_hash, Release.payload).order_by(Release.number.desc())).first()
    return (row[0], row[1]) if row else None


def fetch(
    session: requests.Session, url: str, headers: dict, timeout, limit: int, allow_delta: bool = True
) -> Received:
    """One protocol-2 request; a whole release continues a kept partial download. Raises TransferError."""
    local = _local_payload()
    headers = {**headers, "X-Sync-Protocol": PROTOCOL, "Accept-Encoding": "gzip"}
    if local:
        headers["If-None-Match"] = f'"{local[0]}"'
        if allow_delta:
            headers["X-Base-Release"] = local[0]
    kept = _partial()
    if kept:
        headers["Range"] = f"bytes={kept[0]}-"
        headers["If-Range"] = f'"{kept[1]["etag"]}"'
    try:
        # No redirects: one could lead the token to another host or to plain http://.
        response = session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
    except requests.RequestException as exc:
        raise TransferError(f"central unreachable: {type(exc).__name__}") from None
    with response:
        if response.status_code == 304:
            drop_partial()
            return Received(True)
        if response.status_code == 401:
            raise TransferError("central refused the terminal token (wrong or revoked)")
        if response.status_code == 416:
            drop_partial()  # the kept part no longer fits: start again at the next sync
            raise TransferError("central refused to resume the download; it starts again")
        if response.status_code not in (200, 206):
            raise TransferError(f"central answered HTTP {response.status_code}")
        kind = response.headers.get("X-Sync-Kind", "")
        if response.status_code == 200 and kind == "delta":
            return _delta(response, local, limit)
        if response.status_code == 200 and kind != "full":
            drop_partial()
            body, wire = _read_all(response, limit)
            return Received(False, body, dict(response.headers), "legacy", wire)
        return _whole(response, kept, limit)


def _read_all(response, limit: int) -> tuple[bytes, int]:
    """The whole body as sent, refusing one cut short or larger than `limit`; (bytes, wire size)."""
    declared = response.headers.get("Content-Length")
    chunks, size = [], 0
    try:
        for chunk in _raw_chunks(response):
            size += len(chunk)
            if size > limit:
                raise TransferError("release larger than allowed")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise TransferError(f"download interrupted: {type(exc).__name__}") from None
    except Exception as exc:  # urllib3's own errors for a connection dropped mid-body
        if isinstance(exc, TransferError):
            raise
        raise TransferError(f"download interrupted: {type(exc).__name__}") from None
    body = b"".join(chunks)
    if declared is not None and declared.isdecimal() and int(declared) != len(body):
        raise TransferError("download incomplete")
    return body, size


def _delta(response, local, limit: int) -> Received:
    """Rebuild the release text from a delta and the release shown here (refused if anything is off)."""
    try:
        raw, wire = _read_all(response, MAX_DELTA_BYTES)
        if local is None:
            raise DeltaRefused("a delta came, but this terminal has no release to apply it to")
        if response.headers.get("X-Release-Base", "") != local[0]:
            raise DeltaRefused("the delta starts from another release than the one shown here")
        text = gunzip(raw, limit) if response.headers.get("Content-Encoding") == "gzip" else raw
        body = apply_delta(local[1], json.loads(text)).encode("utf-8")
    except DeltaRefused:
        raise
    except (TransferError, DeltaError, ValueError, UnicodeDecodeError) as exc:
        raise DeltaRefused(f"delta refused: {exc}") from None
    drop_partial()
    return Received(False, body, _release_headers(response), "delta", wire)


def _whole(response, kept, limit: int) -> Received:
    """Write the whole (gzipped) release to the partial file as it comes; on a cut, keep what came."""
    part, meta_path = _paths()
    if response.status_code == 206:
        start = int((response.headers.get("Content-Range", "bytes 0-").split(" ", 1)[1].split("-", 1)[0]) or 0)
        if not kept or start != kept[0]:
            drop_partial()
            raise TransferError("central resumed at another place; the download starts again")
        meta = kept[1]
        mode = "ab"
    else:
        meta = {**_release_headers(response), "etag": (response.headers.get("ETag") or "").strip('"'),
                "length": int(response.headers.get("Content-Length") or 0)}  # fmt: skip
        state.write_json(meta_path, meta)
        mode = "wb"
    total = meta.get("length") or 0
    wire = 0
    part.parent.mkdir(parents=True, exist_ok=True)
    with part.open(mode) as out:
        try:
            for chunk in _raw_chunks(response):
                wire += len(chunk)
                if out.tell() + len(chunk) > limit:
                    raise TransferError("release larger than allowed")
                out.write(chunk)
                out.flush()
        except TransferError:
            out.close()
            drop_partial()
            raise
        except Exception as exc:  # connection dropped mid-body (requests' or urllib3's errors)
            size = out.tell()
            raise TransferError(
                f"download interrupted after {size} of {total} bytes ({type(exc).__name__}); the next sync resumes it"
            ) from None
        size = out.tell()
    if total and size < total:
        raise TransferError(f"download incomplete: {size} of {total} bytes; the next sync resumes it")
    data = part.read_bytes()
    try:
        body = gunzip(data, limit)
    finally:
        drop_partial()  # complete: checked below, and never resumed again
    current_app.logger.info("sync: whole release received (%d bytes on the wire this time)", wire)
    return Received(False, body, {name: meta.get(name, "") for name in _release_headers(response)}, "full", wire)
