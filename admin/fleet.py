"""Fleet pages: the dashboard of terminals, a terminal's detail page, registry and tokens (admin role)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import abort, current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from admin import bp
from admin.forms import REQUIRED, SelectField, WholeNumberField
from core.auth import role_required
from core.extensions import db
from core.fleet.monitor import (
    NEVER,
    OFFLINE,
    ONLINE,
    STALE,
    fleet_rows,
    heartbeat_history,
    latest_release_head,
    recent_events,
    thresholds,
    went_offline,
)
from core.fleet.registry import (
    SLUG_RE,
    RegistryError,
    TerminalSettings,
    parse_topic_order,
    queue_command,
    register_terminal,
    revoke_token,
    rotate_token,
    terminal_by_slug,
    update_terminal,
)
from core.fleet.state import parse_time
from core.fleet.usage import chart_geometry, daily_usage, top_keys
from core.models.base import utcnow
from core.models.fleet import TerminalCommand

KIND_LABELS = {
    "railway_station": _l("Railway station"),
    "border_post": _l("Border post"),
    "airport": _l("Airport"),
    "office_lobby": _l("Office lobby"),
}
STATE_LABELS = {ONLINE: _l("online"), STALE: _l("late"), OFFLINE: _l("offline"), NEVER: _l("never connected")}
STATE_BADGES = {ONLINE: "badge-ok", STALE: "badge-stale", OFFLINE: "badge-missing", NEVER: "badge-stale"}
# A terminal this many releases behind is lagging (one behind is usually just fetching the new one).
LAGGING_RELEASES = 2
EVENT_LABELS = {
    "registered": _l("registered"),
    "first_heartbeat": _l("first heartbeat"),
    "back_online": _l("back online"),
    "went_offline": _l("went offline"),
    "release_applied": _l("shows a new release"),
    "sync_failing": _l("sync failing"),
    "sync_recovered": _l("sync works again"),
    "browser_errors": _l("browser errors"),
    "command_queued": _l("command queued"),
    "command_done": _l("command carried out"),
    "token_rotated": _l("new token issued"),
    "token_revoked": _l("token revoked"),
}
COMMAND_LABELS = {"reload": _l("reload the kiosk page")}
LANG_COLOURS = {"ky": "#1a5fb4", "ru": "#a51d2d", "en": "#26734d"}
CHART_DAYS = 14
VISIT_KEY = "fleet_visit"


def _slug_format(form, field) -> None:
    if field.data and not SLUG_RE.fullmatch(field.data):
        raise ValidationError(_l("Use 3 to 60 small Latin letters, digits and dashes, for example: osh-border-1."))


def _topics_format(form, field) -> None:
    try:
        parse_topic_order(field.data or "")
    except RegistryError:
        message = _l("List topic addresses separated by commas, for example: work-abroad, hotlines.")
        raise ValidationError(message) from None


def _url_format(form, field) -> None:
    value = (field.data or "").strip()
    if value and not value.startswith(("http://", "https://")):
        raise ValidationError(_l("The address must start with https:// or http://."))


class TerminalForm(FlaskForm):
    """A terminal's settings (the slug only when registering)."""

    slug = StringField(_l("Short name (address)"), validators=[DataRequired(REQUIRED), _slug_format])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    kind = SelectField(
        _l("Kind of site"),
        choices=[SelectChoice(k, label) for k, label in KIND_LABELS.items()],
        validators=[DataRequired(REQUIRED)],
    )
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    idle_timeout = WholeNumberField(
        _l("Idle timeout (seconds)"),
        validators=[Optional(), NumberRange(20, 3600, _l("Between %(min)s and %(max)s seconds."))],
    )
    topic_order = StringField(_l("Topics shown first"), validators=[Optional(), Length(max=500), _topics_format])
    public_url = StringField(_l("Public address for QR codes"), validators=[Optional(), Length(max=300), _url_format])

    def settings(self) -> TerminalSettings:
        """The form's values as registry settings."""
        return TerminalSettings(
            name=self.name.data or "",
            kind=self.kind.data,
            location=self.location.data or "",
            idle_timeout=self.idle_timeout.data,
            topic_order=self.topic_order.data or "",
            public_url=self.public_url.data or "",
        )


class ActionForm(FlaskForm):
    """A button that changes something (carries only the CSRF token)."""


def _now() -> datetime:
    return utcnow()


def _terminal_or_404(slug: str):
    terminal = terminal_by_slug(slug)
    if terminal is None:
        abort(404)
    return terminal


def _chart(terminal_id: int | None, now: datetime) -> dict:
    """The usage chart's data; `empty` when nothing was counted in the period (no chart is drawn then)."""
    langs = current_app.config["LANGUAGES"]
    bars = daily_usage(terminal_id, now.date(), CHART_DAYS, langs)
    empty = not any(bar.total or bar.idle_resets for bar in bars)
    return {"bars": bars, "geometry": chart_geometry(bars, langs), "langs": langs, "empty": empty}


@bp.app_template_filter("fleet_time")
def fleet_time(value) -> str:
    """An ISO time from a terminal's report, shown like other admin times ("" when missing)."""
    from admin.views import admin_time

    moment = parse_time(value) if isinstance(value, str) else value
    return admin_time(moment) if moment else ""


_GAP = re.compile(r"offline for (?:(?P<d>\d+) d (?P<dh>\d+) h|(?P<h>\d+) h (?P<hm>\d+) min|(?P<m>\d+) min)")
_RELEASE = re.compile(r"release (\d+)")


def _duration(days: int, hours: int, minutes: int) -> str:
    """A duration such as "2 d 3 h" in the admin language."""
    if days:
        return _("%(days)s d %(hours)s h", days=days, hours=hours)
    if hours:
        return _("%(hours)s h %(minutes)s min", hours=hours, minutes=minutes)
    return _("%(minutes)s min", minutes=minutes)


@bp.app_template_filter("fleet_event_detail")
def fleet_event_detail(detail: str, kind: str) -> Markup:
    """An event's detail in the admin language; what a terminal reported (errors) stays as it came, as code."""
    if not detail:
        return Markup("")
    gap = _GAP.fullmatch(detail) if kind == "back_online" else None
    if gap:
        parts = {k: int(v) if v else 0 for k, v in gap.groupdict().items()}
        duration = _duration(parts["d"], parts["dh"] or parts["h"], parts["hm"] or parts["m"])
        return escape(_("offline for %(duration)s", duration=duration))
    release = _RELEASE.fullmatch(detail) if kind == "release_applied" else None
    if release:
        return escape(_("release № %(number)s", number=int(release.group(1))))
    if kind in ("command_queued", "command_done") and detail in COMMAND_LABELS:
        return escape(str(COMMAND_LABELS[detail]))
    return Markup("<code>%s</code>") % detail


@bp.app_template_filter("uptime")
def uptime(seconds: int | None) -> str:
    """How long a terminal has been running, in hours and minutes ("—" when unknown)."""
    if not seconds:
        return "—"
    hours, rest = divmod(int(seconds), 3600)
    return _duration(0, hours, rest // 60)


@bp.app_template_filter("gigabytes")
def gigabytes(size: int | None) -> str:
    """Free disk space in gigabytes with one decimal ("—" when unknown)."""
    if not size:
        return "—"
    return _("%(size)s GB", size=format_decimal(round(size / 1024**3, 1)))


@dataclass(frozen=True)
class Health:
    """How a terminal is doing, in one badge: never green while it is late, offline, never seen or lagging."""

    key: str  # online / updating / lagging / outdated / stale / offline / never
    label: str
    badge: str
    attention: bool


def health(row) -> Health:
    """One terminal's health from its connection state and how far its release is behind central's."""
    if row.state != ONLINE:
        return Health(row.state, str(STATE_LABELS[row.state]), STATE_BADGES[row.state], True)
    lag = row.release_lag or 0
    if row.outdated and lag >= LAGGING_RELEASES:
        label = ngettext("%(num)s release behind", "%(num)s releases behind", lag)
        return Health("lagging", label, "badge-stale", True)
    if row.outdated and lag == 1:
        return Health("updating", _("online, getting the new release"), "badge-draft", False)
    if row.outdated:
        return Health("outdated", _("online, shows a different release"), "badge-stale", True)
    return Health(ONLINE, str(STATE_LABELS[ONLINE]), "badge-ok", False)


@bp.app_template_global()
def fleet_attention() -> list:
    """Terminals that need someone to look (late, offline, never connected, lagging or showing another
    release), for the admin start page."""
    return [row for row in fleet_rows(_now()) if health(row).attention]


@bp.context_processor
def _fleet_labels():
    """Labels the fleet templates share."""
    return {
        "kind_labels": KIND_LABELS,
        "state_labels": STATE_LABELS,
        "state_badges": STATE_BADGES,
        "event_labels": EVENT_LABELS,
        "command_labels": COMMAND_LABELS,
        "lang_colours": LANG_COLOURS,
        "health": health,
        "lagging_releases": LAGGING_RELEASES,
    }


@bp.get("/fleet/")
@role_required("admin")
def fleet():
    """Every terminal: online/stale/offline, release lag, last seen, and the events since the last visit."""
    now = _now()
    since = parse_time(session.get(VISIT_KEY)) or now - timedelta(days=1)
    rows = fleet_rows(now)
    events = [(e.at, e.terminal, e.kind, e.detail) for e in recent_events(since)]
    events += [(at, terminal, "went_offline", "") for terminal, at in went_offline(rows, since)]
    events.sort(key=lambda item: item[0], reverse=True)
    session[VISIT_KEY] = now.isoformat()
    stale, offline = thresholds()
    return render_template(
        "admin/fleet/index.html",
        attention=[row for row in rows if health(row).attention],
        healthy=[row for row in rows if not health(row).attention],
        events=events,
        since=since,
        head=latest_release_head(),
        stale_minutes=int(stale.total_seconds() // 60),
        offline_minutes=int(offline.total_seconds() // 60),
        chart=_chart(None, now),
        action_form=ActionForm(formdata=None),
    )


def _token_page(terminal, token: str):
    """Show a new token once; the page must not be cached anywhere."""
    response = make_response(render_template("admin/fleet/token.html", terminal=terminal, token=token))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/fleet/new", methods=["GET", "POST"])
@role_required("admin")
def fleet_new():
    """Register a terminal; its token is shown once on the next page."""
    form = TerminalForm()
    if form.validate_on_submit():
        if terminal_by_slug(form.slug.data) is not None:
            form.slug.errors.append(_("A terminal with this short name already exists."))
        else:
            try:
                terminal, token = register_terminal(form.slug.data, form.settings(), actor=current_user)
            except RegistryError as exc:
                form.slug.errors.append(str(exc))
            else:
                return _token_page(terminal, token)
    status = 422 if request.method == "POST" else 200
    return render_template("admin/fleet/edit.html", form=form, terminal=None), status


@bp.route("/fleet/<slug>", methods=["GET", "POST"])
@role_required("admin")
def fleet_terminal(slug: str):
    """One terminal: state, settings, commands, heartbeat history, events and usage."""
    terminal = _terminal_or_404(slug)
    form = TerminalForm(
        data={
            "name": terminal.name,
            "kind": terminal.kind,
            "location": terminal.location,
            "idle_timeout": terminal.idle_timeout,
            "topic_order": ", ".join(terminal.topic_order or []),
            "public_url": terminal.public_url,
        }
    )
    del form.slug
    if form.validate_on_submit():
        try:
            update_terminal(terminal, form.settings(), actor=current_user)
        except RegistryError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(_("Saved. The terminal applies the settings after its next heartbeat."), "success")
            return redirect(url_for("admin.fleet_terminal", slug=slug))
    now = _now()
    row = next(r for r in fleet_rows(now) if r.terminal.id == terminal.id)
    commands = list(
        db.session.scalars(
            select(TerminalCommand)
            .where(TerminalCommand.terminal_id == terminal.id)
            .order_by(TerminalCommand.id.desc())
            .limit(20)
        )
    )
    start = now.date() - timedelta(days=29)
    return render_template(
        "admin/fleet/terminal.html",
        terminal=terminal,
        row=row,
        form=form,
        action_form=ActionForm(formdata=None),
        head=latest_release_head(),
        commands=commands,
        history=heartbeat_history(terminal),
        events=recent_events(None, 50, terminal.id),
        chart=_chart(terminal.id, now),
        top_topics=top_keys(terminal.id, "topic", start, now.date()),
        top_pages=top_keys(terminal.id, "page", start, now.date()),
    ), (422 if request.method == "POST" else 200)


@bp.post("/fleet/<slug>/reload")
@role_required("admin")
def fleet_reload(slug: str):
    """Queue "reload kiosk page"; it is delivered with the terminal's next heartbeat, however late."""
    terminal = _terminal_or_404(slug)
    if ActionForm().validate_on_submit():
        queue_command(terminal, "reload", actor=current_user)
        flash(_("Reload queued for %(name)s.", name=terminal.name), "success")
    if request.form.get("back") == "detail":
        return redirect(url_for("admin.fleet_terminal", slug=slug))
    return redirect(url_for("admin.fleet"))


@bp.post("/fleet/<slug>/rotate")
@role_required("admin")
def fleet_rotate(slug: str):
    """Issue a new token (the old one stops working at once) and show it once."""
    terminal = _terminal_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    return _token_page(terminal, rotate_token(terminal, actor=current_user))


@bp.post("/fleet/<slug>/revoke")
@role_required("admin")
def fleet_revoke(slug: str):
    """Stop accepting the terminal's token (it keeps showing its last release, unsynced)."""
    terminal = _terminal_or_404(slug)
    if ActionForm().validate_on_submit():
        revoke_token(terminal, actor=current_user)
        flash(_("The token of %(name)s is revoked.", name=terminal.name), "success")
    return redirect(url_for("admin.fleet_terminal", slug=slug))
