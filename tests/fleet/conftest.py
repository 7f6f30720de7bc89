"""Fleet fixtures: a central app, a terminal app on its own database, and an HTTP bridge between them.

The bridge is a `requests` transport adapter that hands each request to central's WSGI app, so the
real sync and heartbeat client code runs in-process (fast), and tests can cut the line or tamper
with answers. The integration test uses real server processes instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from core.extensions import db
from core.fleet.registry import TerminalSettings, register_terminal
from tests.conftest import make_app

CENTRAL = "https://central.test"


@dataclass
class Exchange:
    """One request seen by the bridge and central's answer."""

    method: str
    path: str
    headers: dict
    status: int


@dataclass
class Bridge(BaseAdapter):
    """Sends requests to central's WSGI app; can be "down" or rewrite answers."""

    central: object
    down: bool = False
    tamper: Callable[[int, dict, bytes], tuple[int, dict, bytes]] | None = None
    lose_answer: bool = False
    log: list[Exchange] = field(default_factory=list)

    def __post_init__(self):
        super().__init__()

    def send(self, request, **kwargs):
        """Hand the request to central's test client and wrap the answer for requests."""
        if self.down:
            raise requests.ConnectionError("central is down (simulated)")
        path = request.url.split("://", 1)[1].partition("/")[1:]
        path = "".join(path)  # path and query, whatever the scheme and host
        client = self.central.test_client()
        answer = client.open(path, method=request.method, headers=dict(request.headers), data=request.body)
        status, headers, body = answer.status_code, dict(answer.headers), answer.get_data()
        self.log.append(Exchange(request.method, path.split("?")[0], dict(request.headers), status))
        if self.lose_answer:
            raise requests.ConnectionError("answer lost on the way back (simulated)")
        if self.tamper:
            status, headers, body = self.tamper(status, headers, body)
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict(headers)
        response.raw = io.BytesIO(body)
        response.url = request.url
        response.request = request
        response.connection = self
        return response

    def close(self):
        """Nothing to release."""


@pytest.fixture
def central(app):
    """The central app (seeded, one release published); its context is the test's default."""
    return app


@pytest.fixture
def registered(central):
    """A border-post terminal registered on central: (Terminal, token)."""
    return register_terminal("osh-border-1", TerminalSettings("Osh border post", "border_post", "Gate 2"))


@pytest.fixture
def bridge(central) -> Bridge:
    """The HTTP line from the terminal to central."""
    return Bridge(central)


@pytest.fixture
def http(bridge) -> requests.Session:
    """A requests session whose traffic to CENTRAL goes through the bridge."""
    session = requests.Session()
    session.mount(CENTRAL, bridge)
    return session


@pytest.fixture
def terminal(databases, tmp_path, registered) -> Iterator:
    """A terminal app on its own empty migrated database, configured with the registered token."""
    url = databases.copy("migrated")
    state = tmp_path / "terminal-state"
    app = make_app(
        url,
        state / "release.stamp",
        KIOSK_ROLE="terminal",
        CENTRAL_URL=CENTRAL,
        TERMINAL_TOKEN=registered[1],
        TERMINAL_STATE_DIR=str(state),
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def publish_title(slug: str, ru_title: str):
    """On central (current app context): change a topic's Russian title and publish a release."""
    import copy

    from sqlalchemy import select

    from core.models import Topic
    from core.publishing import publish

    topic = db.session.scalar(select(Topic).where(Topic.slug == slug))
    texts = copy.deepcopy(topic.texts)
    texts["ru"]["title"] = ru_title
    topic.texts = texts
    db.session.commit()
    return publish("tester", f"title of {slug}")
