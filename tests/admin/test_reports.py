"""The report register: who may open it, what it shows and in which order, the audit of every view and
change, the CSV export, and hostile text kept inert everywhere it appears."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core import reports
from core.extensions import db
from core.models import AuditEvent, Report

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
XSS_MAIL = "<svg/onload=alert(1)>@evil.kg"
FORMULA = '=HYPERLINK("http://evil.example/","click")'


def file(text="Просили 500 сом", name="Айгүл", contact="+996 555 123 456", answer="contact", **form):
    values = {"kind": "money", "place": "border", "happened": "today", "text": text, "answer": answer,
              "name": name, "contact": contact, **form}  # fmt: skip
    draft, errors = reports.check_draft(values, "ky")
    assert not errors, errors
    return reports.file_report(draft)


def register_urls(report: Report) -> list[tuple[str, str]]:
    base = f"/admin/reports/{report.id}"
    return [("GET", "/admin/reports"), ("GET", base), ("GET", "/admin/reports.csv"),
            ("POST", f"{base}/status"), ("POST", f"{base}/note"), ("POST", f"{base}/answer")]  # fmt: skip


def test_editors_and_publishers_get_403_on_every_register_url(app, as_role):
    report = file()
    for role in ("editor", "publisher"):
        client = as_role(role)
        for method, url in register_urls(report):
            data = {"status": "closed", "note": "x", "answer": "x"}
            response = client.get(url) if method == "GET" else client.post(url, data)
            assert response.status_code == 403, (role, method, url, response.status_code)
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "registered"  # nothing changed


@pytest.mark.parametrize("role", ["commissioner", "admin"])
def test_commissioners_and_admins_work_the_register(app, as_role, role):
    report = file()
    client = as_role(role)
    for method, url in register_urls(report):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_the_commissioner_starts_on_the_register_and_sees_nothing_else(app, as_role, staff):
    from tests.admin.conftest import AdminClient

    client = AdminClient(app.test_client())
    response = client.login("kanykei")
    assert response.headers["Location"] == "/admin/reports"
    for url in ("/admin/", "/admin/content/article/", "/admin/publish", "/admin/users/", "/admin/audit"):
        assert client.get(url).status_code == 403, url
    page = client.get("/admin/reports").get_data(as_text=True)
    assert 'href="/admin/content/' not in page and 'href="/admin/reports"' in page
    assert client.get("/admin/password").status_code == 200  # every account may change its password


def test_every_commissioner_action_is_in_the_audit_log(app, as_role):
    report = file()
    client = as_role("commissioner")
    client.csrf()  # read from a page before the actions (logged in, that page is the register)
    start = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    base = f"/admin/reports/{report.id}"
    client.get("/admin/reports?status=open")
    client.get(base)
    client.post(f"{base}/status", {"status": "review"})
    client.post(f"{base}/note", {"note": "Called the post's chief"})
    client.post(f"{base}/answer", {"answer": "Бул иш текшерилди."})
    client.post(f"{base}/status", {"status": "passed", "passed_to": "Prosecutor's office"})
    client.get("/admin/reports.csv")
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.actor == "kanykei", AuditEvent.id > start).order_by(AuditEvent.id)
    ).all()
    seen = [(e.event, e.detail.get("number"), e.detail.get("to")) for e in events if e.event.startswith("report.")]
    assert seen == [
        ("report.list", None, None),
        ("report.view", report.number, None),
        ("report.status", report.number, "review"),
        ("report.note", report.number, None),
        ("report.answer", report.number, None),
        ("report.status", report.number, "passed"),
        ("report.export", None, None),
    ]
    # The log holds numbers, never the traveller's words, name or contact.
    logged = " ".join(str(e.detail) for e in events)
    assert "Айгүл" not in logged and "555" not in logged and "500 сом" not in logged
    page = as_role("admin").get("/admin/audit").get_data(as_text=True)
    assert "Changed a report&#39;s status" in page or "Changed a report's status" in page


def test_overdue_reports_come_first_and_filters_apply(app, as_role):
    fresh, old, done = file(), file(), file()
    old.due_on = datetime.now(UTC).date() - timedelta(days=3)
    done.due_on = datetime.now(UTC).date() - timedelta(days=10)
    reports.set_status(done, "closed")
    db.session.commit()
    client = as_role("commissioner")
    page = client.get("/admin/reports").get_data(as_text=True)
    order = re.findall(r'href="/admin/reports/\d+">([^<]+)</a>', page)
    assert order[0] == old.number  # overdue first, even though it was filed after the first one
    assert set(order) == {fresh.number, old.number, done.number}
    assert "report-overdue" in page.split(old.number)[0].rsplit("<tr", 1)[1]
    page = client.get("/admin/reports?overdue=1").get_data(as_text=True)
    assert re.findall(r'href="/admin/reports/\d+">([^<]+)</a>', page) == [old.number]  # a closed one is not overdue
    page = client.get("/admin/reports?status=closed").get_data(as_text=True)
    assert re.findall(r'href="/admin/reports/\d+">([^<]+)</a>', page) == [done.number]


def test_a_passed_report_names_the_body_and_a_bad_status_changes_nothing(app, as_role):
    report = file()
    client = as_role("commissioner")
    client.post(f"/admin/reports/{report.id}/status", {"status": "passed"})  # no body named
    client.post(f"/admin/reports/{report.id}/status", {"status": "deleted"})
    db.session.expire_all()
    assert db.session.get(Report, report.id).status == "registered"


def test_xss_payloads_in_every_field_are_inert_in_register_detail_export_and_status(app, as_role, client):
    report = file(text=XSS + " javascript:alert(1) https://evil.example/ " + FORMULA, name=XSS, contact=XSS_MAIL)
    delivered = reports.parse_delivery(
        {"uid": "8f0b6a3e-3f2b-4a53-9a47-3f7d2c1e0a11", "number": "9-0001", "filed_at": datetime.now(UTC).isoformat(),
         "due_on": (datetime.now(UTC).date() + timedelta(days=20)).isoformat(), "lang": "ru", "kind": "other",
         "place": "here", "place_detail": XSS, "happened": "today", "text": FORMULA, "name": XSS, "contact": XSS},
        datetime.now(UTC),
    )  # fmt: skip
    reports.receive([delivered], "osh-border-1")
    other = reports.find("9-0001")
    commissioner = as_role("commissioner")
    commissioner.post(f"/admin/reports/{report.id}/note", {"note": XSS})
    commissioner.post(f"/admin/reports/{report.id}/answer", {"answer": XSS})
    commissioner.post(f"/admin/reports/{report.id}/status", {"status": "passed", "passed_to": XSS})

    pages = {
        "register": commissioner.get("/admin/reports").get_data(as_text=True),
        "detail": commissioner.get(f"/admin/reports/{report.id}").get_data(as_text=True),
        "detail of a delivered report": commissioner.get(f"/admin/reports/{other.id}").get_data(as_text=True),
        "status": client.get(f"/en/report/{report.number}").get_data(as_text=True),
        "unknown status": client.get("/en/report/%3Cscript%3Ealert(1)%3C%2Fscript%3E").get_data(as_text=True),
    }
    for where, page in pages.items():
        assert "<script>alert" not in page and "<img src=x" not in page and "<svg/onload" not in page, where
        assert 'href="javascript:' not in page and 'href="https://evil' not in page, where  # no links made
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages["detail"]  # shown, as text
    assert "&lt;svg/onload=alert(1)&gt;@evil.kg" in pages["detail"]
    assert "&lt;img src=x" in pages["detail of a delivered report"]
    # The status page: status and due date, never the content.
    assert "javascript:alert" not in pages["status"] and "HYPERLINK" not in pages["status"]

    export = commissioner.get("/admin/reports.csv")
    assert export.headers["Content-Type"].startswith("text/csv")
    assert export.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")], "a cell a spreadsheet would run"
    assert "'" + FORMULA in cells  # the formula is there, as text
    assert XSS_MAIL not in export.get_data(as_text=True) and "Айгүл" not in cells  # no names or contacts


def test_register_changes_need_a_csrf_token(app, as_role):
    report = file()
    client = as_role("commissioner")
    for action, data in (("status", {"status": "closed"}), ("note", {"note": "x"}), ("answer", {"answer": "x"})):
        response = client.post(f"/admin/reports/{report.id}/{action}", data, csrf=False)
        assert response.status_code == 400, action
    db.session.expire_all()
    kept = db.session.get(Report, report.id)
    assert kept.status == "registered" and kept.answer == "" and kept.notes == []
