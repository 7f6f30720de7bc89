"""Kiosk "Report a problem" (issue 14): the report form, the registration number, the status lookup.

The form is one page whose four fieldsets are the screens (report.js shows one at a time; without
JavaScript they stand one under the other), so the browser's history gets no entry per screen; the
sending is a POST answered with a redirect to the number's status page, which report.js follows with
location.replace. Every report page is sent with `no-store`: nothing of it stays in the browser's
cache or the kiosk's offline cache for the next traveller. Names, contacts and words are never logged.
"""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.fleet.state import is_terminal, terminal_settings
from core.models.base import utcnow
from core.models.reports import REPORT_KINDS, REPORT_PLACES, REPORT_STATUSES
from core.rate_limits import wait_seconds
from core.reception import reception_now
from core.reports import (
    CONTACT_MAX,
    NAME_MAX,
    PLACE_LABELS,
    STATUS_LABELS,
    TEXT_MAX,
    check_draft,
    file_report,
    find,
    normalize_number,
)
from kiosk import bp
from kiosk.views import _snapshot_or_none, qr_svg

KIND_LABELS = {
    "money": _l("Someone asked for money or a gift"),
    "delay": _l("A service was delayed or refused"),
    "rude": _l("Rude treatment"),
    "other": _l("Something else"),
}
WHEN_LABELS = {"today": _l("Today"), "earlier": _l("Another day")}
ERRORS = {
    "choose": _l("Please choose one."),
    "missing": _l("Please fill this in, or choose to stay anonymous."),
    "long": _l("This is too long. Please make it shorter."),
    "format": _l("Please write a phone number (digits) or an e-mail address."),
}
SESSION_KEY = "kiosk_reports"
assert set(KIND_LABELS) == set(REPORT_KINDS) and set(STATUS_LABELS) == set(REPORT_STATUSES)
assert set(PLACE_LABELS) | {"here"} == set(REPORT_PLACES)


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def _here_name() -> str:
    """This terminal's own name (from central), offered as the preselected place; "" on central."""
    return str(terminal_settings().get("name") or "") if is_terminal() else ""


def _form_page(lang: str, values: dict, errors: dict, status: int = 200):
    here = _here_name()
    places = ([("here", _("Here: %(place)s", place=here))] if here else []) + list(PLACE_LABELS.items())
    if "place" not in values and here:
        values = {**values, "place": "here"}
    body = render_template(
        "kiosk/report.html",
        values=values,
        errors={field: ERRORS[code] for field, code in errors.items()},
        kinds=KIND_LABELS.items(),
        places=places,
        whens=WHEN_LABELS.items(),
        limits={"text": TEXT_MAX, "name": NAME_MAX, "contact": CONTACT_MAX},
    )
    return _no_store(current_app.response_class(body, status=status, mimetype="text/html"))


def _refused(lang: str, reason: str):
    body = render_template("kiosk/report_refused.html", reason=reason)
    return _no_store(current_app.response_class(body, status=429, mimetype="text/html"))


def _over_kiosk_limit() -> bool:
    """Count this report against REPORT_RATE_LIMIT per client address (one terminal = one address);
    True when the limit is used up. A broken storage lets reports pass."""
    return wait_seconds(current_app.config["REPORT_RATE_LIMIT"], "kiosk-report", request.remote_addr or "") > 0


def _session_reports() -> list[float]:
    """Times of the reports sent from this browser session in the last hour."""
    now = utcnow().timestamp()
    return [t for t in session.get(SESSION_KEY, []) if isinstance(t, int | float) and now - t < 3600]


@bp.route("/<lang>/report", methods=["GET", "POST"])
def report(lang: str):
    """The report form (four screens on one page) and its sending."""
    if request.method == "GET":
        return _form_page(lang, {}, {})
    values = {key: request.form.get(key, "") for key in ("kind", "place", "happened", "text", "answer", "name",
                                                         "contact")}  # fmt: skip
    if len(_session_reports()) >= current_app.config["REPORT_SESSION_LIMIT"]:
        return _refused(lang, "session")
    draft, errors = check_draft(request.form, lang, place_detail=_here_name())
    if errors:
        return _form_page(lang, values, errors, status=422)
    if _over_kiosk_limit():
        return _refused(lang, "kiosk")
    snapshot = _snapshot_or_none()
    source = str(terminal_settings().get("slug") or "") if is_terminal() else ""
    try:
        filed = file_report(draft, reception_now(), snapshot, source=source)
    except RuntimeError:
        current_app.logger.warning("reports: a report could not be numbered (no prefix from central yet)")
        return _refused(lang, "unavailable")
    session[SESSION_KEY] = [*_session_reports(), utcnow().timestamp()]
    # Numbers only: the words, the name and the contact never go into a log.
    current_app.logger.info("report %s registered", filed.number)
    return redirect(url_for("kiosk.report_status", lang=lang, number=filed.number, new=1), code=303)


@bp.get("/<lang>/report/find")
def report_find(lang: str):
    """Status lookup: type a number, see its status."""
    raw = request.args.get("number")
    if raw is None:
        return _no_store(current_app.response_class(render_template("kiosk/report_find.html", value="", error=None)))
    number = normalize_number(raw)
    if number is None:
        page = render_template("kiosk/report_find.html", value=raw[:40],
                               error=_("This does not look like a report number. It looks like 7-0042."))  # fmt: skip
        return _no_store(current_app.response_class(page, status=422, mimetype="text/html"))
    return redirect(url_for("kiosk.report_status", lang=lang, number=number), code=303)


def _status_of(number: str) -> dict | None:
    """{"status", "due_on"} from this database, else (on a terminal) from central; {} when unknown;
    None when central cannot be asked now."""
    found = find(number)
    if found is not None:
        return {"status": found.status, "due_on": found.due_on}
    if not is_terminal():
        return {}
    from datetime import date

    from core.fleet.client import report_status_from_central

    answer = report_status_from_central(number)
    if not answer:
        return answer
    try:
        status, due = answer["status"], date.fromisoformat(answer["due_on"])
    except (KeyError, TypeError, ValueError):
        return None
    return {"status": status, "due_on": due} if status in REPORT_STATUSES else None


def _status_link(lang: str, number: str) -> str | None:
    base = terminal_settings().get("public_url") or current_app.config.get("PUBLIC_BASE_URL")
    return f"{base}{url_for('kiosk.report_status', lang=lang, number=number)}" if base else None


@bp.get("/<lang>/report/<number>")
def report_status(lang: str, number: str):
    """A report's status and due date (never its content); right after sending, the registration screen."""
    clean = normalize_number(number)
    found = _status_of(clean) if clean else {}
    link = _status_link(lang, clean) if clean and found else None
    page = render_template(
        "kiosk/report_status.html",
        number=clean or number[:40],
        found=found,
        new=request.args.get("new") == "1" and bool(found),
        status_label=STATUS_LABELS.get(found["status"]) if found else None,
        qr=qr_svg(link, _("QR code with the address of this report's status")) if link else None,
    )
    code = 200 if found else (503 if found is None else 404)
    response = _no_store(current_app.response_class(page, status=code, mimetype="text/html"))
    if code == 503:
        response.headers["Retry-After"] = "60"
    return response


@bp.app_template_filter("due_date")
def due_date_text(day) -> str:
    """A due date in the CLDR long form of the page's language."""
    from babel.dates import format_date

    return format_date(day, "long", locale=g.get("lang") or current_app.config["DEFAULT_LANGUAGE"])
