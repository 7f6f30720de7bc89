"""The report register (issue 14): for the commissioner for corruption prevention, and administrators.

Editors and publishers never get in (core.auth.role_allows). Every view and every change is written to
the audit log with the report's number, never with the traveller's words, name or contact. The words
and the names are shown as text (Jinja escapes them); the CSV export neutralises spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import case, select

from admin import bp
from admin.audit import EVENT_LABELS
from core import audit
from core.auth import role_required
from core.extensions import db
from core.hours import TZ
from core.i18n import LANGUAGE_NAMES
from core.models.base import utcnow
from core.models.reports import (
    FINAL_STATUSES,
    REPORT_KINDS,
    REPORT_PLACES,
    REPORT_STATUSES,
    Report,
    ReportNote,
)
from core.reports import PLACE_LABELS as REPORT_PLACE_LABELS
from core.reports import STATUS_LABELS, erase_expired, is_overdue, set_status, unseal

KIND_LABELS = {
    "money": _l("Asked for money or a gift"),
    "delay": _l("Service delayed or refused"),
    "rude": _l("Rude treatment"),
    "other": _l("Something else"),
}
PLACE_LABELS = {"here": _l("At the terminal"), **REPORT_PLACE_LABELS}
WHEN_LABELS = {"today": _l("The day of the report"), "earlier": _l("Another day")}
EVENT_LABELS.update(
    {
        "report.list": _l("Opened the report register"),
        "report.view": _l("Opened a report"),
        "report.status": _l("Changed a report's status"),
        "report.note": _l("Added a note to a report"),
        "report.answer": _l("Saved the answer to a report"),
        "report.export": _l("Exported reports (CSV)"),
        "report.erase": _l("Erased personal data of closed reports"),
    }
)
NOTE_MAX = 4000
ANSWER_MAX = 8000
PASSED_TO_MAX = 200
PAGE_SIZE = 200


def _today() -> date:
    return utcnow().astimezone(TZ).date()


def _filters() -> dict:
    """The list's filters from the query string, unknown values dropped."""
    args = request.args
    return {
        "status": args.get("status") if args.get("status") in (*REPORT_STATUSES, "open") else "",
        "kind": args.get("kind") if args.get("kind") in REPORT_KINDS else "",
        "place": args.get("place") if args.get("place") in REPORT_PLACES else "",
        "overdue": args.get("overdue") == "1",
        "number": (args.get("number") or "").strip()[:24],
    }


def _query(filters: dict, today: date):
    """Reports matching the filters: overdue ones first, then by due date, then the newest."""
    query = select(Report)
    if filters["status"] == "open":
        query = query.where(Report.status.not_in(FINAL_STATUSES))
    elif filters["status"]:
        query = query.where(Report.status == filters["status"])
    if filters["kind"]:
        query = query.where(Report.kind == filters["kind"])
    if filters["place"]:
        query = query.where(Report.place == filters["place"])
    if filters["number"]:
        query = query.where(Report.number.contains(filters["number"], autoescape=True))
    overdue = (Report.status.not_in(FINAL_STATUSES)) & (Report.due_on < today)
    if filters["overdue"]:
        query = query.where(overdue)
    return query.order_by(case((overdue, 0), else_=1), Report.due_on, Report.filed_at.desc())


def _audit(event: str, detail: dict) -> None:
    audit.record(event, current_user, detail, commit=False)


@bp.get("/reports")
@role_required("commissioner")
def reports():
    """The register: filters, overdue first; each open of the list is audited."""
    erase_expired()
    filters = _filters()
    today = _today()
    rows = db.session.scalars(_query(filters, today).limit(PAGE_SIZE)).all()
    _audit("report.list", {"filters": {k: v for k, v in filters.items() if v}, "shown": len(rows)})
    db.session.commit()
    return render_template(
        "admin/reports/index.html",
        rows=[{"report": r, "overdue": is_overdue(r, today)} for r in rows],
        filters=filters,
        statuses=STATUS_LABELS,
        kinds=KIND_LABELS,
        places=PLACE_LABELS,
    )


def _report_or_404(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    return report


@bp.get("/reports/<int:report_id>")
@role_required("commissioner")
def report_detail(report_id: int):
    """One report with the traveller's words and contact (decrypted for this view only, audited)."""
    report = _report_or_404(report_id)
    _audit("report.view", {"number": report.number})
    db.session.commit()
    return render_template(
        "admin/reports/detail.html",
        report=report,
        text=unseal(report.text_enc),
        name=unseal(report.name_enc),
        contact=unseal(report.contact_enc),
        overdue=is_overdue(report, _today()),
        statuses=STATUS_LABELS,
        kinds=KIND_LABELS,
        places=PLACE_LABELS,
        whens=WHEN_LABELS,
        limits={"note": NOTE_MAX, "answer": ANSWER_MAX, "passed_to": PASSED_TO_MAX},
    )


def _back(report: Report):
    return redirect(url_for("admin.report_detail", report_id=report.id), code=303)


@bp.post("/reports/<int:report_id>/status")
@role_required("commissioner")
def report_status_change(report_id: int):
    """Move a report along: registered → under review → answered / closed / passed to another body."""
    report = _report_or_404(report_id)
    status = request.form.get("status", "")
    passed_to = (request.form.get("passed_to") or "").strip()
    if status not in REPORT_STATUSES:
        flash(_("Choose a status."), "error")
        return _back(report)
    if status == "passed" and not passed_to:
        flash(_("Write which body the report was passed to."), "error")
        return _back(report)
    if len(passed_to) > PASSED_TO_MAX:
        flash(_("The name of the body is too long."), "error")
        return _back(report)
    before = report.status
    set_status(report, status)
    report.passed_to = passed_to if status == "passed" else report.passed_to
    _audit("report.status", {"number": report.number, "from": before, "to": status})
    db.session.commit()
    flash(_("Status saved."), "success")
    return _back(report)


@bp.post("/reports/<int:report_id>/note")
@role_required("commissioner")
def report_note(report_id: int):
    """Add a working note (staff only, never shown to the traveller)."""
    report = _report_or_404(report_id)
    text = (request.form.get("note") or "").strip()
    if not text or len(text) > NOTE_MAX:
        flash(_("A note needs 1 to %(max)d characters.", max=NOTE_MAX), "error")
        return _back(report)
    db.session.add(ReportNote(report=report, author=current_user.username, text=text))
    report.updated_at = utcnow()
    _audit("report.note", {"number": report.number})
    db.session.commit()
    flash(_("Note added."), "success")
    return _back(report)


@bp.post("/reports/<int:report_id>/answer")
@role_required("commissioner")
def report_answer(report_id: int):
    """Save the answer text (sent to the traveller by the commissioner's office, in their language)."""
    report = _report_or_404(report_id)
    text = (request.form.get("answer") or "").strip()
    if len(text) > ANSWER_MAX:
        flash(_("The answer is too long (at most %(max)d characters).", max=ANSWER_MAX), "error")
        return _back(report)
    report.answer = text
    report.updated_at = utcnow()
    _audit("report.answer", {"number": report.number})
    db.session.commit()
    flash(_("Answer saved."), "success")
    return _back(report)


def _cell(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR would start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/reports.csv")
@role_required("commissioner")
def reports_csv():
    """The register as CSV for the ethics commission (no names or contacts), with the list's filters."""
    filters = _filters()
    today = _today()
    rows = db.session.scalars(_query(filters, today)).all()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Number"), _("Filed"), _("Answer due"), _("Status"), _("Overdue"), _("What happened"),
                     _("Where"), _("When"), _("Language"), _("Terminal"), _("Anonymous"), _("Passed to"),
                     _("Report text"), _("Answer")])  # fmt: skip
    for r in rows:
        place = PLACE_LABELS.get(r.place, r.place) + (f" ({r.place_detail})" if r.place_detail else "")
        values = (r.number, r.filed_at.astimezone(TZ).strftime("%Y-%m-%d %H:%M"), r.due_on.isoformat(),
                  STATUS_LABELS[r.status], _("yes") if is_overdue(r, today) else "", KIND_LABELS.get(r.kind, r.kind),
                  place, WHEN_LABELS.get(r.happened, r.happened), LANGUAGE_NAMES.get(r.lang, r.lang),
                  r.source, _("yes") if r.anonymous else "", r.passed_to, unseal(r.text_enc), r.answer)  # fmt: skip
        writer.writerow([_cell(v) for v in values])
    _audit("report.export", {"filters": {k: v for k, v in filters.items() if v}, "rows": len(rows)})
    db.session.commit()
    response = Response("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="reports-{today.isoformat()}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response
