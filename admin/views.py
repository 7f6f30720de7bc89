"""Admin plumbing (language, idle sessions, navigation, error pages) and the dashboard and settings pages."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from admin import bp
from admin.forms import LANGUAGE_LABELS, ROLE_LABELS
from core.auth import has_role, role_required
from core.config import LANGUAGES
from core.editing import ITEM_TYPES, MISSING, STALE, all_items, cached_changes, language_status
from core.extensions import forget_failed_transaction, login
from core.i18n import LANGUAGE_NAMES
from core.login_limits import failed_login_report
from core.models.base import utcnow
from core.models.users import ADMIN_LANGUAGES, COMMISSIONER
from core.publishing import latest_release

# Links that appear in the navigation once another issue adds the endpoint (see _slot_endpoint), for
# the roles that may open the page: a link that answers "not allowed" only sends people astray.
NAV_SLOTS = (
    ("fleet", _l("Terminals"), ("admin.fleet", "admin.terminals"), "admin"),
    ("hours", _l("Reception hours"), ("admin.hours",), "editor"),
    ("speech", _l("Pronunciation"), ("admin.speech",), "editor"),
)


def admin_language() -> str:
    """The interface language: the user's choice, else the session's (login page), else Russian."""
    if current_user.is_authenticated and current_user.language in ADMIN_LANGUAGES:
        return current_user.language
    chosen = session.get("admin_lang")
    return chosen if chosen in ADMIN_LANGUAGES else "ru"


def start_page() -> str:
    """Where a signed-in account starts: the report register for the commissioner, else the dashboard."""
    if current_user.is_authenticated and current_user.role == COMMISSIONER:
        return url_for("admin.reports")
    return url_for("admin.dashboard")


def safe_next(target: str | None, default: str) -> str:
    """Only follow redirects that stay inside the admin panel."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin") or "\\" in target:
        return default
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):  # a Location header cannot carry them
        return default
    return target


def _holds_nul(form) -> bool:
    return any("\x00" in text for pair in form.items(multi=True) for text in pair)


# Shown when an anonymous visitor opens an admin page; str() renders it in the current language.
login.login_message = _l("Please log in to open this page.")
login.localize_callback = str
login.login_message_category = "info"


def _in_background() -> bool:
    """A request a page makes while it stays open (the editor's live preview, a pronunciation sample).

    The session lives in a cookie, so a response that carries one replaces the browser's copy whole.
    Such a request leaves with the cookie of its page; answered after a form that the same page
    submitted meanwhile (typing, then "Save" at once), its cookie would put back the session from
    before the form: the form's message ("Your edit is saved as a draft.") would be lost. So these
    requests write the session only when the activity time is half way to the idle limit, which
    keeps someone who types for a long time without saving logged in.
    """
    return request.headers.get("Sec-Fetch-Dest") == "empty"


@bp.before_request
def _admin_request():
    """Every admin request: end idle sessions, then pick the interface language."""
    if request.method == "POST" and (request.files or request.is_json or _holds_nul(request.form)):
        # Staff forms are plain HTML forms: Flask-WTF would also read uploads and JSON bodies into
        # the fields, handing text fields values that are not text. NUL cannot be stored (PostgreSQL).
        g.unusable_form = True
        abort(400)
    if not session.permanent:
        session.permanent = True  # setting it again would mark the session changed and resend the cookie
    if current_user.is_authenticated:
        now = time.time()
        seen = session.get("seen")
        idle_limit = current_app.permanent_session_lifetime.total_seconds()
        if seen is not None and now - seen > idle_limit:
            logout_user()
            session.pop("seen", None)
            g.lang = admin_language()
            flash(_("Your session ended after a period of inactivity. Please log in again."), "info")
            return redirect(url_for("admin.login", next=request.full_path if request.method == "GET" else None))
        if not _in_background() or seen is None or now - seen > idle_limit / 2:
            session["seen"] = now
    g.lang = admin_language()
    if session.get("admin_lang") != g.lang:
        session["admin_lang"] = g.lang  # so an outage page can speak it without reading the user
    return None


def _slot_endpoint(prefixes: tuple[str, ...]) -> str | None:
    """The shortest argument-free GET endpoint whose name starts with one of the prefixes."""
    found = []
    for rule in current_app.url_map.iter_rules():
        if rule.endpoint.startswith(prefixes) and not rule.arguments and "GET" in (rule.methods or ()):
            found.append((len(rule.rule), rule.endpoint))
    return min(found)[1] if found else None


@bp.app_template_global()
def field_attrs(field, lang: str | None = None, hint=None) -> dict:
    """HTML attributes for an input: its language, and links to its hint and errors."""
    attrs = {}
    described = []
    if hint:
        described.append(f"{field.id}-hint")
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if lang:
        attrs["lang"] = lang
    return attrs


# Which side-menu section each page belongs to (endpoint prefix -> section key).
SECTION_OF = (
    ("admin.dashboard", "dashboard"),
    ("admin.translations", "translations"),
    ("admin.publish", "publish"),
    ("admin.releases", "releases"),
    ("admin.rollback", "releases"),
    ("admin.fleet", "fleet"),
    ("admin.terminal", "fleet"),
    ("admin.hours", "hours"),
    ("admin.speech", "speech"),
    ("admin.user", "users"),
    ("admin.audit", "audit"),
    ("admin.settings", "settings"),
    ("admin.report", "reports"),
    ("admin.notice", "notices"),
)
CONTENT_ENDPOINTS = ("admin.items", "admin.item_", "admin.article_preview")


def current_section() -> str | None:
    """The side-menu section of this request ("content:article" for the article pages), if any."""
    endpoint = request.endpoint or ""
    if endpoint.startswith(CONTENT_ENDPOINTS):
        kind = (request.view_args or {}).get("kind", "article")
        return f"content:{kind}"
    return next((section for prefix, section in SECTION_OF if endpoint.startswith(prefix)), None)


def nav_current(section: str, url: str) -> str | None:
    """aria-current for a side-menu link: "page" on the section's own page, "true" on a page inside it."""
    if section != current_section():
        return None
    return "page" if request.path == url.split("?", 1)[0] else "true"


@bp.context_processor
def _admin_globals():
    """Values every admin template uses."""
    slots = []
    # The outage page is drawn without the menu: asking the user's role would query the database again.
    for key, label, prefixes, role in () if g.get("database_down") else NAV_SLOTS:
        if not has_role(current_user, role):
            continue
        endpoint = _slot_endpoint(prefixes)
        slots.append({"key": key, "label": label, "url": url_for(endpoint) if endpoint else None})
    return {
        "admin_lang": g.get("lang", "ru"),
        "admin_languages": ADMIN_LANGUAGES,
        "language_labels": LANGUAGE_LABELS,
        "language_names": LANGUAGE_NAMES,
        "role_labels": ROLE_LABELS,
        "content_languages": LANGUAGES,
        "item_types": ITEM_TYPES,
        "nav_slots": slots,
        "nav_current": nav_current,
        "can": lambda role: has_role(current_user, role),
        "language_next": request.full_path.rstrip("?"),
    }


@bp.app_template_filter("admin_time")
def admin_time(moment) -> str:
    """A date and time in Bishkek time for staff pages."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm") if moment else ""


@bp.errorhandler(403)
def forbidden(error):
    """Signed in, but the role does not allow this page."""
    return render_template("admin/error.html", title=_("Not allowed"),
                           message=_("Your role does not allow this action.")), 403  # fmt: skip


@bp.errorhandler(404)
def not_found(error):
    """An admin page or item that does not exist."""
    return render_template("admin/error.html", title=_("Not found"),
                           message=_("This page or item does not exist.")), 404  # fmt: skip


@bp.get("/<path:unknown>")
@role_required()
def unknown_page(unknown: str):
    """An address under /admin/ that no page has. Without this route no admin view matches, so the
    blueprint's hooks never run: the kiosk's "not found" answered, in the kiosk's default language
    (Russian to a Kyrgyz-speaking admin), without the side menu to go on from."""
    abort(404)


@bp.before_request
def _other_method_is_not_unknown():
    """GET on an address that exists for another method (GET /admin/logout) stays a 405, as it was
    before the catch-all above, for everyone, before any login check."""
    if request.endpoint != "admin.unknown_page":
        return
    try:
        current_app.url_map.bind_to_environ(request.environ).match(request.path, method="PROBE")
    except MethodNotAllowed as error:
        if set(error.valid_methods or ()) - {"GET", "HEAD", "OPTIONS"}:
            abort(405, valid_methods=error.valid_methods)
    except HTTPException:
        pass


@bp.errorhandler(400)
def bad_request(error):
    """A form the panel cannot take: a file, a JSON body, invisible control characters, or a form
    whose hidden fields are missing or broken (an outdated page)."""
    g.lang = g.get("lang") or _safe_language()
    if g.get("unusable_form"):
        message = _("It contained something no form here takes: a file, or an invisible control character. "
                    "Go back, check the text (paste it as plain text) and save again.")  # fmt: skip
    else:
        message = _("The form has expired or did not come from this site. Go back, reload the page and try again.")
    return render_template("admin/error.html", title=_("The form could not be accepted"), message=message), 400


@bp.errorhandler(OperationalError)
@bp.errorhandler(InterfaceError)
def database_unavailable(error):
    """The database dropped out (restart, network): say so plainly; the transaction was rolled back."""
    forget_failed_transaction(current_app, error)
    g.lang = _safe_language()
    g.database_down = True
    if "_login_user" not in g:  # Flask-Login's template globals would ask the database again
        g._login_user = login.anonymous_user()
    # A page of its own: the usual layout asks the database for the signed-in user.
    html = render_template("admin/unavailable.html", admin_lang=g.lang)
    return html, 503, {"Retry-After": "30"}


def _safe_language() -> str:
    """The interface language without asking the database (which may be the thing that failed): the
    session keeps it from login on. Even the loaded user is not read: after the rollback its
    attributes are expired, and reading one would query the database again."""
    chosen = session.get("admin_lang")
    return chosen if chosen in ADMIN_LANGUAGES else "ru"


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A form without a valid CSRF token: refuse and explain how to retry."""
    g.lang = admin_language()  # the check ran before this blueprint's before_request
    return render_template(
        "admin/error.html", title=_("The form could not be accepted"),
        message=_("The form has expired or did not come from this site. Go back, reload the page and try again."),
    ), 400  # fmt: skip


@bp.get("/")
@role_required("editor")
def dashboard():
    """Start page: drafts waiting, translation gaps, the last release, terminals needing attention."""
    changes = cached_changes()
    gaps = {MISSING: 0, STALE: 0}
    for item in all_items():
        for state in language_status(item).values():
            if state in gaps:
                gaps[state] += 1
    fleet_panel = "admin/fleet/_dashboard.html" in current_app.jinja_env.list_templates()
    # Administrators watch the login limits: names locked now and bursts of failed logins.
    logins = failed_login_report(utcnow()) if has_role(current_user, "admin") else None
    return render_template(
        "admin/dashboard.html", changes=changes, gaps=gaps, release=latest_release(), fleet_panel=fleet_panel,
        failed_logins=logins,
    )  # fmt: skip


@bp.get("/settings")
@role_required("admin")
def settings():
    """The deployment settings in force, as labelled values grouped by purpose (read-only: they come from
    the environment). Secrets (the secret key, tokens, passwords inside addresses) are never shown."""
    return render_template("admin/settings.html", groups=settings_groups(current_app.config))


def _seconds(value) -> str:
    number = int(value.total_seconds() if hasattr(value, "total_seconds") else value or 0)
    return ngettext("%(num)s second", "%(num)s seconds", number)


def _minutes(value) -> str:
    number = int(value.total_seconds() // 60 if hasattr(value, "total_seconds") else value or 0)
    return ngettext("%(num)s minute", "%(num)s minutes", number)


def _as_duration(value) -> timedelta:
    """Flask keeps PERMANENT_SESSION_LIFETIME as seconds or as a timedelta."""
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value or 0))


def _kilobytes(value) -> str:
    number = int(value) // 1024
    return ngettext("%(num)s KB", "%(num)s KB", number)


def _languages(codes) -> str:
    codes = [codes] if isinstance(codes, str) else list(codes or ())
    return ", ".join(str(LANGUAGE_LABELS.get(code, code)) for code in codes)


_RATE = re.compile(r"\s*(\d+)\s*(?:per|/)\s*(second|minute|hour|day)\s*", re.I)


def _rate(value: str) -> str:
    """ "10 per minute" in words of the admin language; anything else as it is."""
    found = _RATE.fullmatch(value or "")
    if not found:
        return value or "—"
    number, unit = int(found.group(1)), found.group(2).lower()
    per = {
        "second": ngettext("%(num)s attempt a second", "%(num)s attempts a second", number),
        "minute": ngettext("%(num)s attempt a minute", "%(num)s attempts a minute", number),
        "hour": ngettext("%(num)s attempt an hour", "%(num)s attempts an hour", number),
        "day": ngettext("%(num)s attempt a day", "%(num)s attempts a day", number),
    }
    return per[unit]


def _storage(uri: str) -> str:
    """Where the login-attempt counters live, without any password or address detail."""
    scheme = (uri or "memory://").split("://", 1)[0].lower()
    if scheme.startswith("memory"):
        return _("in each server process's memory (counters are not shared between processes)")
    if scheme.startswith("redis"):
        return _("Redis server (shared by all processes)")
    return _("external storage")


def _database(uri: str) -> str:
    """The kind of database only: its address may carry a password."""
    scheme = (uri or "").split(":", 1)[0].lower()
    if scheme.startswith("postgresql"):
        return "PostgreSQL"
    if scheme.startswith("sqlite"):
        return _("SQLite file on this server")
    return _("another database")


def _address(url: str) -> str:
    """A web address without any user name or password in it ("not set" when empty)."""
    if not url:
        return _("not set")
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else url


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


def settings_groups(config) -> list[dict]:
    """What the Settings page shows: groups of (label, value, environment variable), no secret among them."""
    role = config.get("KIOSK_ROLE", "central")
    groups = [
        {"title": _("This server"), "rows": [
            (_("Role"), _("central: admin panel, kiosk pages and the terminals' API") if role == "central"
             else _("terminal: shows the kiosk pages from its copy of the latest release"), "KIOSK_ROLE"),
            (_("Database"), _database(config.get("SQLALCHEMY_DATABASE_URI", "")), "DATABASE_URL"),
            (_("Public address for QR codes"), _address(config.get("PUBLIC_BASE_URL", "")), "PUBLIC_BASE_URL"),
            (_("Central server (for a terminal)"), _address(config.get("CENTRAL_URL", "")), "CENTRAL_URL"),
        ]},
        {"title": _("Languages"), "rows": [
            (_("Kiosk language when none is chosen"), _languages(config.get("DEFAULT_LANGUAGE", "ru")),
             "DEFAULT_LANGUAGE"),
            (_("Order of languages shown when a text is missing"), _languages(config.get("FALLBACK_LANGUAGES", ())),
             "FALLBACK_LANGUAGES"),
            (_("Source language of translations"), _languages(config.get("SOURCE_LANGUAGE") or "ru"),
             "SOURCE_LANGUAGE"),
        ]},
        {"title": _("Kiosk screens"), "rows": [
            (_("Return to the start screen after no touch for"), _seconds(config.get("IDLE_TIMEOUT_SECONDS", 0)),
             "IDLE_TIMEOUT_SECONDS"),
            (_("Countdown shown before returning"), _seconds(config.get("IDLE_COUNTDOWN_SECONDS", 0)),
             "IDLE_COUNTDOWN_SECONDS"),
        ]},
        {"title": _("Staff sign-in"), "rows": [
            (_("Staff are logged out after inactivity of"),
             _minutes(_as_duration(config.get("PERMANENT_SESSION_LIFETIME"))), "ADMIN_SESSION_MINUTES"),
            (_("Staff sign-in only over a secure connection (HTTPS)"), _yes_no(config.get("SESSION_COOKIE_SECURE")),
             "SESSION_COOKIE_SECURE"),
            (_("Login attempts allowed"), _rate(config.get("LOGIN_RATE_LIMIT") or "10 per minute"),
             "LOGIN_RATE_LIMIT"),
            (_("Where login attempts are counted"), _storage(str(config.get("RATELIMIT_STORAGE_URI", ""))),
             "RATELIMIT_STORAGE_URI"),
            (_("Wrong passwords for one user name before it is locked"),
             str(config.get("LOGIN_ACCOUNT_FREE_ATTEMPTS", 5)), "LOGIN_ACCOUNT_FREE_ATTEMPTS"),
            (_("First lock of a user name"), _seconds(config.get("LOGIN_ACCOUNT_DELAY_SECONDS", 0)),
             "LOGIN_ACCOUNT_DELAY_SECONDS"),
            (_("Longest lock of a user name"), _seconds(config.get("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 0)),
             "LOGIN_ACCOUNT_MAX_DELAY_SECONDS"),
            (_("Central is reached over HTTPS (behind the TLS proxy)"), _yes_no(config.get("CENTRAL_HTTPS")),
             "CENTRAL_HTTPS"),
            (_("Largest request accepted"), _kilobytes(config.get("MAX_CONTENT_LENGTH") or 0), "MAX_CONTENT_LENGTH"),
        ]},
        {"title": _("Terminals"), "rows": [
            (_("A terminal is late after no heartbeat for"), _minutes(config.get("FLEET_STALE_MINUTES", 0)),
             "FLEET_STALE_MINUTES"),
            (_("A terminal is offline after no heartbeat for"), _minutes(config.get("FLEET_OFFLINE_MINUTES", 0)),
             "FLEET_OFFLINE_MINUTES"),
        ]},
        {"title": _("Content checks"), "rows": [
            (_("A content check stays valid for"),
             ngettext("%(num)s day", "%(num)s days", int(config.get("REVIEW_MAX_AGE_DAYS", 180) or 0)),
             "REVIEW_MAX_AGE_DAYS"),
        ]},
    ]  # fmt: skip
    return groups
