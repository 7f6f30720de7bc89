"""Urgent notices (issue 17): publishers and administrators write, change and withdraw them.

A notice goes out with the terminals' next heartbeat (about a minute), with no release to publish.
The rules (missing languages, times, targets, audit) are in core/fleet/notices.py; this module reads
the form, words the refusals and shows which terminals hold the notice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from admin import bp
from admin.audit import EVENT_LABELS
from admin.fleet import KIND_LABELS
from admin.forms import CHOOSE_LISTED, LANGUAGE_LABELS, REQUIRED, CheckboxesField, LocalDateTimeField, SelectField
from core.auth import role_required
from core.config import LANGUAGES
from core.extensions import db
from core.fleet.notices import (
    NOTICE_CREATE,
    NOTICE_UPDATE,
    NOTICE_WITHDRAW,
    TEXT_MAX,
    NoticeDraft,
    NoticeRefused,
    current_notices,
    holdings,
    save_notice,
    withdraw_notice,
)
from core.models.base import utcnow
from core.models.fleet import Terminal
from core.models.notices import UrgentNotice

SEVERITY_LABELS = {
    "info": _l("Information"),
    "warning": _l("Important"),
    "critical": _l("Urgent: danger or closure"),
}
TARGET_LABELS = {
    "all": _l("All terminals"),
    "kinds": _l("Terminals of the kinds ticked below"),
    "terminals": _l("Only the terminals ticked below"),
}
EVENT_LABELS.update(
    {
        NOTICE_CREATE: _l("Sent an urgent notice"),
        NOTICE_UPDATE: _l("Changed an urgent notice"),
        NOTICE_WITHDRAW: _l("Withdrew an urgent notice"),
    }
)
PROBLEM_TEXTS = {
    "no_text": _l("Write the notice in at least one language."),
    "missing_languages": _l("Write the missing languages, or say here why the notice must go out without them."),
    "too_long": _l("Too long: at most %(max)d characters.", max=TEXT_MAX),
    "severity": CHOOSE_LISTED,
    "ends_before_start": _l("The end must come after the start."),
    "already_ended": _l("This end time has already passed."),
    "too_long_period": _l("A notice can be shown for at most 90 days."),
    "target": CHOOSE_LISTED,
    "no_kinds": _l("Tick at least one kind of site."),
    "no_terminals": _l("Tick at least one terminal."),
    "withdrawn": _l("This notice was withdrawn and can no longer be changed."),
}
RECENT_DAYS = 30


def _length() -> Length:
    return Length(max=TEXT_MAX, message=_l("Too long: at most %(max)d characters.", max=TEXT_MAX))


class NoticeForm(FlaskForm):
    """An urgent notice: its texts, how serious, when, and where it is shown."""

    text_ky = TextAreaField(LANGUAGE_LABELS["ky"], validators=[Optional(), _length()])
    text_ru = TextAreaField(LANGUAGE_LABELS["ru"], validators=[Optional(), _length()])
    text_en = TextAreaField(LANGUAGE_LABELS["en"], validators=[Optional(), _length()])
    severity = SelectField(
        _l("How serious"),
        choices=[SelectChoice(k, label) for k, label in SEVERITY_LABELS.items()],
        default="warning",
        validators=[DataRequired(REQUIRED)],
    )
    starts_at = LocalDateTimeField(_l("Shown from (Bishkek time)"), validators=[Optional()])
    # InputRequired, not DataRequired: a time that cannot be read keeps its own message.
    ends_at = LocalDateTimeField(_l("Shown until (Bishkek time)"), validators=[InputRequired(REQUIRED)])
    target = SelectField(
        _l("Shown on"),
        choices=[SelectChoice(k, label) for k, label in TARGET_LABELS.items()],
        default="all",
        validators=[DataRequired(REQUIRED)],
    )
    kinds = CheckboxesField(_l("Kinds of site"), choices=[SelectChoice(k, label) for k, label in KIND_LABELS.items()])
    terminals = CheckboxesField(_l("Terminals"), coerce=int, choices=[])
    override_reason = TextAreaField(
        _l("Send anyway, because:"),
        validators=[Optional(), Length(max=1000, message=_l("Too long: at most %(max)d characters.", max=1000))],
    )

    def texts(self) -> dict[str, str]:
        """The texts typed, per language."""
        return {lang: getattr(self, f"text_{lang}").data or "" for lang in LANGUAGES}

    def draft(self, now: datetime) -> NoticeDraft:
        """The form as a notice draft (the start defaults to now)."""
        return NoticeDraft(
            texts=self.texts(),
            severity=self.severity.data,
            starts_at=self.starts_at.data or now.replace(second=0, microsecond=0),  # as the form shows it
            ends_at=self.ends_at.data,
            target=self.target.data,
            kinds=list(self.kinds.data or []),
            terminal_ids=list(self.terminals.data or []),
        )


def _terminal_choices() -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Terminal).where(Terminal.revoked_at.is_(None)).order_by(Terminal.name))
    return [(t.id, f"{t.name} ({KIND_LABELS.get(t.kind, t.kind)})") for t in rows]


def _form(notice: UrgentNotice | None = None) -> NoticeForm:
    data = None
    if notice is not None:
        data = {f"text_{lang}": (notice.texts.get(lang) or {}).get("text", "") for lang in LANGUAGES}
        data.update(severity=notice.severity, starts_at=notice.starts_at, ends_at=notice.ends_at,
                    target=notice.target, kinds=list(notice.target_kinds or []),
                    terminals=list(notice.target_terminals or []), override_reason=notice.override_reason)  # fmt: skip
    form = NoticeForm(data=data) if data else NoticeForm()
    form.terminals.choices = _terminal_choices()
    return form


def notice_text(notice, lang: str | None = None) -> str:
    """A notice's text in the interface language, else Russian, else any language it has."""
    texts = notice.texts or {}
    for code in (lang or g.get("lang") or "ru", "ru", *LANGUAGES):
        text = (texts.get(code) or {}).get("text")
        if text:
            return text
    return ""


def notice_state(notice: UrgentNotice, now: datetime) -> str:
    """withdrawn / ended / upcoming / in_force."""
    if notice.withdrawn_at is not None:
        return "withdrawn"
    if notice.ends_at <= now:
        return "ended"
    return "upcoming" if notice.starts_at > now else "in_force"


STATE_LABELS = {
    "in_force": _l("shown now"),
    "upcoming": _l("starts later"),
    "ended": _l("ended"),
    "withdrawn": _l("withdrawn"),
}
STATE_BADGES = {"in_force": "badge-ok", "upcoming": "badge-draft", "ended": "badge-stale", "withdrawn": "badge-stale"}


def target_summary(notice: UrgentNotice, names: dict[int, str] | None = None) -> str:
    """Where a notice is shown, in words."""
    if notice.target == "kinds":
        return ", ".join(str(KIND_LABELS.get(k, k)) for k in notice.target_kinds or [])
    if notice.target == "terminals":
        if names is None:
            names = dict(db.session.execute(select(Terminal.id, Terminal.name)).all())
        return ", ".join(names.get(i, f"#{i}") for i in notice.target_terminals or [])
    return str(TARGET_LABELS["all"])


@bp.context_processor
def _notice_labels():
    """Labels the notice templates share."""
    return {
        "notice_severity_labels": SEVERITY_LABELS,
        "notice_state_labels": STATE_LABELS,
        "notice_state_badges": STATE_BADGES,
        "notice_text": notice_text,
    }


@bp.app_template_global()
def fleet_notices() -> list[tuple[UrgentNotice, list]]:
    """Notices shown now or later, each with the terminals it is meant for and what they hold (fleet page)."""
    return [(notice, holdings(notice)) for notice in current_notices(utcnow())]


@bp.get("/notices/")
@role_required("publisher")
def notices():
    """Notices shown now or later, and those that ended or were withdrawn in the last 30 days."""
    now = utcnow()
    since = now - timedelta(days=RECENT_DAYS)
    rows = db.session.scalars(
        select(UrgentNotice)
        .where(or_(UrgentNotice.ends_at > since, UrgentNotice.withdrawn_at > since))
        .order_by(UrgentNotice.starts_at.desc(), UrgentNotice.id.desc())
    ).all()
    names = dict(db.session.execute(select(Terminal.id, Terminal.name)).all())
    items = []
    for notice in rows:
        state = notice_state(notice, now)
        held = holdings(notice) if state in ("in_force", "upcoming") else []
        items.append({"notice": notice, "state": state, "target": target_summary(notice, names),
                      "held": sum(1 for h in held if h.current), "targeted": len(held)})  # fmt: skip
    active = [i for i in items if i["state"] in ("in_force", "upcoming")]
    past = [i for i in items if i["state"] not in ("in_force", "upcoming")]
    return render_template("admin/notices/index.html", active=active, past=past, recent_days=RECENT_DAYS)


def _refusal(form: NoticeForm, refused: NoticeRefused) -> None:
    """Put each refusal beside the field it concerns."""
    where = {"too_long": None, "severity": form.severity, "ends_before_start": form.ends_at,
             "already_ended": form.ends_at, "too_long_period": form.ends_at, "target": form.target,
             "no_kinds": form.kinds, "no_terminals": form.terminals, "no_text": form.text_ru}  # fmt: skip
    for problem in refused.problems:
        if problem == "missing_languages":
            # The gap is its own section above the form, like the publish gate; the reason field says what to do.
            form.override_reason.errors = [*form.override_reason.errors, str(PROBLEM_TEXTS[problem])]
            continue
        target = where.get(problem)
        (target.errors if target is not None else form.form_errors).append(str(PROBLEM_TEXTS[problem]))


def _edit(notice: UrgentNotice | None):
    form = _form(notice)
    now = utcnow()
    missing: list[str] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                saved = save_notice(form.draft(now), current_user, now, form.override_reason.data or "", notice)
            except NoticeRefused as refused:
                db.session.rollback()
                missing = refused.missing if "missing_languages" in refused.problems else []
                _refusal(form, refused)
            else:
                flash(_("Saved. Terminals show it after their next heartbeat, within about a minute."), "success")
                return redirect(url_for("admin.notice_edit", notice_id=saved.id))
    held = holdings(notice) if notice is not None else []
    state = notice_state(notice, now) if notice is not None else None
    missing_labels = ", ".join(str(LANGUAGE_LABELS[lang]) for lang in missing)
    template = render_template("admin/notices/edit.html", form=form, notice=notice, missing=missing, held=held,
                               missing_labels=missing_labels, state=state,
                               withdraw_form=FlaskForm(formdata=None))  # fmt: skip
    return template, status


@bp.route("/notices/new", methods=["GET", "POST"])
@role_required("publisher")
def notice_new():
    """Write a new urgent notice."""
    return _edit(None)


def _notice_or_404(notice_id: int) -> UrgentNotice:
    notice = db.session.get(UrgentNotice, notice_id)
    if notice is None:
        abort(404)
    return notice


@bp.route("/notices/<int:notice_id>", methods=["GET", "POST"])
@role_required("publisher")
def notice_edit(notice_id: int):
    """One notice: change it (terminals get the new text with their next heartbeat) and see who holds it."""
    notice = _notice_or_404(notice_id)
    if request.method == "POST" and notice.withdrawn_at is not None:
        flash(str(PROBLEM_TEXTS["withdrawn"]), "error")
        return redirect(url_for("admin.notice_edit", notice_id=notice_id))
    return _edit(notice)


@bp.post("/notices/<int:notice_id>/withdraw")
@role_required("publisher")
def notice_withdraw(notice_id: int):
    """Take a notice back before its end: terminals drop it with their next heartbeat."""
    notice = _notice_or_404(notice_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    withdraw_notice(notice, current_user, utcnow())
    flash(_("Withdrawn. Terminals stop showing it after their next heartbeat."), "success")
    return redirect(url_for("admin.notice_edit", notice_id=notice_id))
