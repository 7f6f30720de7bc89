"""Small TCP proxies for the fleet tests and bench/fleet.py (threads, loopback only).

- `RoundRobin(targets)`: each new connection goes to the next server, like a load balancer in front
  of several central app servers.
- `Link(target, kbit_per_s=256, rtt_ms=300)`: a poor mobile link. Each direction is a wire of that
  many bits per second (a chunk waits for the wire, then takes len/rate to cross) followed by half
  the round-trip time of propagation; it counts the bytes it carried, and `cut_after(n)` hangs up the
  next connection once n bytes went from the server to the client (a download cut in the middle).
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from urllib.parse import urlsplit

CHUNK = 1460  # one TCP segment on an Ethernet-sized path


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 80


class _Proxy:
    """Accepts on a free loopback port and hands each connection to `_connect`."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.closed = False
        self.connections = 0
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _addr = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            try:
                upstream = socket.create_connection(self._target(), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self.sockets += [client, upstream]
            self._connect(client, upstream)

    def _target(self) -> tuple[str, int]:
        raise NotImplementedError

    def _connect(self, client: socket.socket, upstream: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop accepting and hang up every connection."""
        self.closed = True
        with contextlib.suppress(OSError):
            self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _hang_up(*sockets: socket.socket) -> None:
    for sock in sockets:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            sock.close()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    _hang_up(source, sink)


class RoundRobin(_Proxy):
    """Each new connection to `url` goes to the next of `targets` (base URLs)."""

    def __init__(self, targets: list[str]):
        self.targets = [_address(t) for t in targets]
        self.turn = 0
        super().__init__()

    def _target(self) -> tuple[str, int]:
        target = self.targets[self.turn % len(self.targets)]
        self.turn += 1
        return target

    def _connect(self, client, upstream) -> None:
        threading.Thread(target=_pipe, args=(client, upstream), daemon=True).start()
        threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()


class Link(_Proxy):
    """A throttled, delayed link to one server; counts the bytes each way."""

    def __init__(self, target: str, kbit_per_s: float = 256, rtt_ms: float = 300):
        self.address = _address(target)
        self.rate = kbit_per_s * 1000 / 8  # bytes per second, each direction
        self.delay = rtt_ms / 1000 / 2
        self.up = 0  # client -> server bytes
        self.down = 0  # server -> client bytes
        self.lock = threading.Lock()
        self._cut: int | None = None
        super().__init__()

    def _target(self) -> tuple[str, int]:
        return self.address

    def reset(self) -> None:
        """Start counting afresh."""
        with self.lock:
            self.up = self.down = 0

    def cut_after(self, size: int) -> None:
        """Hang up the next connection once `size` bytes went from the server to the client."""
        self._cut = size

    def _connect(self, client, upstream) -> None:
        cut, self._cut = self._cut, None
        for source, sink, downstream in ((client, upstream, False), (upstream, client, True)):
            lane: queue.Queue = queue.Queue()
            threading.Thread(target=self._read, args=(source, lane), daemon=True).start()
            threading.Thread(target=self._send, args=(lane, sink, source, downstream, cut if downstream else None),
                             daemon=True).start()  # fmt: skip

    @staticmethod
    def _read(source: socket.socket, lane: queue.Queue) -> None:
        try:
            while data := source.recv(65536):
                now = time.monotonic()
                for start in range(0, len(data), CHUNK):
                    lane.put((now, data[start : start + CHUNK]))
        except OSError:
            pass
        lane.put((time.monotonic(), b""))

    def _send(self, lane: queue.Queue, sink: socket.socket, source: socket.socket, downstream: bool, cut) -> None:
        wire_free = 0.0
        sent = 0
        while True:
            arrived, data = lane.get()
            if not data:
                break
            start = max(arrived, wire_free)
            wire_free = start + len(data) / self.rate
            wait = wire_free + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if cut is not None and sent + len(data) > cut:
                data = data[: cut - sent]
            try:
                sink.sendall(data)
            except OSError:
                break
            sent += len(data)
            with self.lock:
                if downstream:
                    self.down += len(data)
                else:
                    self.up += len(data)
            if cut is not None and sent >= cut:
                _hang_up(sink, source)
                return
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
