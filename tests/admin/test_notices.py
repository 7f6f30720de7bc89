"""Urgent notices in the staff panel: who may write them, the missing-language gate, targets, withdrawal,
the audit, and the fleet page showing which terminals have acknowledged a notice."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from core.extensions import db
from core.fleet.registry import TerminalSettings, register_terminal
from core.hours import TZ
from core.models import AuditEvent
from core.models.base import utcnow
from core.models.notices import UrgentNotice
from tests.admin.conftest import read_form

TEXTS = {"text_ky": "Торугарт өткөрүү пункту жабык.", "text_ru": "Пункт пропуска Торугарт закрыт.",
         "text_en": "The Torugart crossing is closed."}  # fmt: skip


def local(minutes: int) -> str:
    """A time `minutes` from now as typed in the form (Bishkek time)."""
    return (utcnow() + timedelta(minutes=minutes)).astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


def new_notice(c, **fields):
    """Open the form, fill it as a person would, send it."""
    form = read_form(c.get("/admin/notices/new").get_data(as_text=True), "notice-form")
    form.update({**TEXTS, "ends_at": local(120), "severity": "critical", **fields})
    return c.post("/admin/notices/new", form)


def audit(event: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.event == event).order_by(AuditEvent.id)))


def test_editors_may_not_write_notices_publishers_and_admins_may(app, as_role):
    editor = as_role("editor")
    assert editor.get("/admin/notices/").status_code == 403
    assert editor.post("/admin/notices/new", {**TEXTS, "ends_at": local(60)}).status_code == 403
    assert db.session.scalar(select(UrgentNotice)) is None
    assert "/admin/notices/" not in editor.get("/admin/").get_data(as_text=True)  # no link either
    for role in ("publisher", "admin"):
        c = as_role(role)
        assert c.get("/admin/notices/").status_code == 200
        assert 'href="/admin/notices/"' in c.get("/admin/").get_data(as_text=True)


def test_a_publisher_writes_a_notice_and_the_audit_log_keeps_it(app, as_role):
    c = as_role("publisher")
    response = new_notice(c)
    assert response.status_code == 302, response.get_data(as_text=True)
    notice = db.session.scalars(select(UrgentNotice)).one()
    assert notice.texts["ru"]["text"] == TEXTS["text_ru"] and notice.severity == "critical"
    assert notice.target == "all" and notice.created_by == "perizat"
    assert notice.starts_at <= utcnow() < notice.ends_at  # empty start: from now
    [entry] = audit("notice.create")
    assert entry.actor == "perizat" and entry.detail["texts"]["en"] == TEXTS["text_en"]
    listing = c.get("/admin/notices/").get_data(as_text=True)
    assert TEXTS["text_en"] in listing and 'data-state="in_force"' in listing
    log = as_role("admin").get("/admin/audit").get_data(as_text=True)
    assert "Sent an urgent notice" in log


def test_a_missing_language_is_refused_until_a_reason_is_given(app, as_role):
    c = as_role("publisher")
    response = new_notice(c, text_en="")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-gate="missing"' in page and "English" in page.split('data-gate="missing"', 1)[1]
    assert 'name="override_reason"' in page
    assert db.session.scalar(select(UrgentNotice)) is None
    form = read_form(page, "notice-form")
    assert form["text_ru"] == TEXTS["text_ru"]  # nothing typed is lost
    form["override_reason"] = "Translator on the way"
    assert c.post("/admin/notices/new", form).status_code == 302
    [entry] = audit("notice.create")
    assert entry.detail["missing"] == ["en"] and entry.detail["override_reason"] == "Translator on the way"


def test_times_and_targets_are_checked_with_clear_messages(app, as_role):
    c = as_role("admin")
    page = new_notice(c, ends_at=local(-30)).get_data(as_text=True)
    assert "This end time has already passed." in page
    page = new_notice(c, starts_at=local(90), ends_at=local(30)).get_data(as_text=True)
    assert "The end must come after the start." in page
    page = new_notice(c, target="kinds").get_data(as_text=True)
    assert "Tick at least one kind of site." in page
    page = new_notice(c, target="terminals", terminals="77").get_data(as_text=True)
    assert "Choose one of the options in the list." in page
    page = new_notice(c, target="terminals", terminals="abc").get_data(as_text=True)  # not even a number
    assert "Choose one of the options in the list." in page
    page = new_notice(c, ends_at="tomorrow").get_data(as_text=True)
    assert "Enter a date and time" in page
    for blank in (" ", "\t "):  # only spaces (found by the form fuzzing): missing, not a server error
        response = new_notice(c, ends_at=blank)
        assert response.status_code == 422, response.status_code
        assert "Please fill in this field." in response.get_data(as_text=True)
    assert db.session.scalar(select(UrgentNotice)) is None


def test_chosen_terminals_and_kinds_are_kept(app, as_role):
    osh, _ = register_terminal("osh-border-1", TerminalSettings("Osh border post", "border_post"))
    station, _ = register_terminal("bishkek-station", TerminalSettings("Bishkek station", "railway_station"))
    c = as_role("publisher")
    form = read_form(c.get("/admin/notices/new").get_data(as_text=True), "notice-form")
    form.update({**TEXTS, "ends_at": local(60), "target": "terminals"})
    data = MultiDict([*form.items(), ("terminals", str(osh.id)), ("terminals", str(station.id))])
    assert c.client.post("/admin/notices/new", data=data).status_code == 302
    notice = db.session.scalars(select(UrgentNotice)).one()
    assert sorted(notice.target_terminals) == sorted([osh.id, station.id])
    assert new_notice(c, target="kinds", kinds="airport").status_code == 302
    assert db.session.scalars(select(UrgentNotice).order_by(UrgentNotice.id.desc())).first().target_kinds == ["airport"]


def test_a_change_raises_the_version_and_a_withdrawal_is_final(app, as_role):
    c = as_role("publisher")
    new_notice(c)
    notice = db.session.scalars(select(UrgentNotice)).one()
    url = f"/admin/notices/{notice.id}"
    form = read_form(c.get(url).get_data(as_text=True), "notice-form")
    form["text_ru"] = "Пункт пропуска Торугарт открыт с 18:00."
    assert c.post(url, form).status_code == 302
    db.session.refresh(notice)
    assert notice.version == 2 and notice.updated_by == "perizat"
    assert audit("notice.update")[0].detail["changed"] == ["texts"]

    assert c.post(f"{url}/withdraw").status_code == 302
    db.session.refresh(notice)
    assert notice.withdrawn_at is not None and notice.withdrawn_by == "perizat"
    assert audit("notice.withdraw")[0].detail["notice"] == notice.id
    assert c.post(url, form).status_code == 302  # refused: a withdrawn notice cannot come back by editing
    db.session.refresh(notice)
    assert notice.version == 3 and notice.texts["ru"]["text"] == "Пункт пропуска Торугарт открыт с 18:00."
    listing = c.get("/admin/notices/").get_data(as_text=True)
    assert 'data-state="withdrawn"' in listing


def test_the_fleet_page_shows_which_terminals_acknowledged_a_notice(app, as_role):
    _osh, osh_token = register_terminal("osh-border-1", TerminalSettings("Osh border post", "border_post"))
    register_terminal("naryn-border", TerminalSettings("Naryn border post", "border_post"))
    register_terminal("bishkek-station", TerminalSettings("Bishkek station", "railway_station"))
    c = as_role("admin")
    assert new_notice(c, target="kinds", kinds="border_post").status_code == 302
    notice = db.session.scalars(select(UrgentNotice)).one()

    def heartbeat(body: dict) -> dict:
        response = app.test_client().post("/api/terminal/heartbeat", data=json.dumps(body),
                                          content_type="application/json",
                                          headers={"Authorization": f"Bearer {osh_token}"})  # fmt: skip
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    answer = heartbeat({})
    assert [n["id"] for n in answer["notices"]] == [notice.id]
    heartbeat({"notices": [[notice.id, notice.version]], "notices_hash": answer["notices_hash"]})

    page = c.get("/admin/fleet/").get_data(as_text=True)
    section = page.split('class="fleet-notices"', 1)[1].split("</section>", 1)[0]
    assert TEXTS["text_en"] in section
    assert 'data-terminal="osh-border-1" data-acknowledged="1"' in section
    assert 'data-terminal="naryn-border" data-acknowledged="0"' in section
    assert "bishkek-station" not in section  # not a border post: not meant to show it
    listing = c.get("/admin/notices/").get_data(as_text=True)
    assert 'data-held="1" data-targeted="2"' in listing


def test_notice_texts_are_shown_as_text_everywhere(app, as_role):
    c = as_role("publisher")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert new_notice(c, text_en=hostile).status_code == 302
    notice = db.session.scalars(select(UrgentNotice)).one()
    admin = as_role("admin")
    for url in ("/admin/notices/", f"/admin/notices/{notice.id}", "/admin/audit", "/admin/fleet/"):
        html = admin.get(url).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, url
