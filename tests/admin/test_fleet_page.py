"""The fleet page tells staff which terminals need them: a lagging or never-connected terminal is never
shown as healthy, the token can be copied, and an empty usage chart is not drawn."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from core.editing import rollback_to
from core.extensions import db
from core.fleet.monitor import latest_release_head, record_heartbeat
from core.fleet.registry import TerminalSettings, register_terminal
from core.models.base import utcnow
from core.models.fleet import UsageCount


def _terminal(slug: str, name: str, behind: int | None, minutes_ago: int = 1):
    """A terminal whose last heartbeat (minutes_ago) reported a release `behind` central's (None: never)."""
    terminal, _token = register_terminal(slug, TerminalSettings(name, "border_post"))
    if behind is not None:
        number, digest = latest_release_head()
        report = {"release_number": number - behind, "release_hash": digest if behind == 0 else "0" * 64}
        record_heartbeat(terminal, report, utcnow() - timedelta(minutes=minutes_ago))
    db.session.commit()
    return terminal


def _section(page: str, heading_id: str) -> str:
    """The HTML of the fleet page's section with this heading ("" when the section is not there)."""
    found = re.search(r'<section[^>]*aria-labelledby="' + heading_id + r'".*?</section>', page, re.S)
    return found.group(0) if found else ""


def _row(page: str, slug: str) -> str:
    return re.search(r'<tr data-terminal="' + slug + r'".*?</tr>', page, re.S).group(0)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_terminal_two_releases_behind_is_amber_with_the_count_and_needs_attention(app, as_role):
    rollback_to(1, "perizat")
    rollback_to(1, "perizat")  # central is at release 3
    _terminal("naryn-border", "Naryn", behind=2)
    _terminal("osh-border", "Osh", behind=1)
    _terminal("torugart-border", "Torugart", behind=0)
    admin = as_role("admin")
    page = admin.get("/admin/fleet/").get_data(as_text=True)

    lagging = _row(page, "naryn-border")
    assert 'data-state="online"' in lagging  # it does send heartbeats ...
    assert "badge-ok" not in lagging  # ... but nothing about it is green
    assert "badge-stale" in lagging and "2 releases behind" in _text(lagging)
    assert 'data-terminal="naryn-border"' in _section(page, "attention-title")

    catching_up = _row(page, "osh-border")  # one behind: fetching the release just published
    assert "getting the new release" in _text(catching_up) and "badge-ok" not in catching_up
    assert 'data-terminal="osh-border"' in _section(page, "healthy-title")
    assert 'data-terminal="torugart-border"' in _section(page, "healthy-title")
    assert "badge-ok" in _row(page, "torugart-border")

    start = _text(admin.get("/admin/").get_data(as_text=True))
    assert "Naryn : 2 releases behind" in start and "Torugart" not in start


def test_a_terminal_that_never_connected_needs_attention(app, as_role):
    _terminal("manas-airport", "Manas airport", behind=None)
    admin = as_role("admin")
    page = admin.get("/admin/fleet/").get_data(as_text=True)
    attention = _section(page, "attention-title")
    assert 'data-terminal="manas-airport"' in attention
    assert "never connected" in _text(_row(page, "manas-airport"))
    assert "badge-ok" not in _row(page, "manas-airport")
    assert "Manas airport : never connected" in _text(admin.get("/admin/").get_data(as_text=True))


def test_no_empty_usage_chart(app, as_role):
    terminal = _terminal("naryn-border", "Naryn", behind=0)
    admin = as_role("admin")
    for url in ("/admin/fleet/", "/admin/fleet/naryn-border"):
        page = admin.get(url).get_data(as_text=True)
        assert "No usage yet" in page and "<svg" not in page, url
    db.session.add(UsageCount(terminal_id=terminal.id, day=date.today(), lang="ky", kind="page", key="/ky/", count=7))
    db.session.commit()
    for url in ("/admin/fleet/", "/admin/fleet/naryn-border"):
        page = admin.get(url).get_data(as_text=True)
        assert "No usage yet" not in page and '<svg role="img"' in page, url


def test_the_token_page_offers_a_copy_button_and_a_place_for_its_confirmation(app, as_role):
    admin = as_role("admin")
    page = admin.post("/admin/fleet/new", {"slug": "talas-office", "name": "Talas", "kind": "office_lobby"})
    html = page.get_data(as_text=True)
    token = re.search(r'<code class="token" id="terminal-token">([^<]+)</code>', html).group(1)
    assert len(token) >= 32
    # The button is revealed by the script (no dead button without it) and names what it copies.
    assert re.search(r'<button type="button" class="btn btn-primary" data-copy="terminal-token" hidden>', html)
    status = re.search(r'<p class="copy-status" id="copy-status" role="status"[^>]*>', html).group(0)
    assert "Copied." in unescape(status) and "Ctrl+C" in unescape(status)
