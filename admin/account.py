"""Logging in and out, changing one's password, choosing the interface language."""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from admin import bp
from admin.forms import LanguageForm, LoginForm, PasswordForm
from admin.views import admin_language, safe_next, start_page
from core import audit, login_limits
from core.auth import authenticate, check_password, hash_password, role_required
from core.extensions import db
from core.models.base import utcnow
from core.models.users import new_session_token
from core.passwords import MIN_LENGTH


def _throttled(message: str, wait: int):
    """The login page again, saying why no password was checked and when to come back."""
    form = LoginForm(formdata=None)
    form.password.errors = [message]
    return render_template("admin/login.html", form=form), 429, {"Retry-After": str(wait)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Staff login; a failure never says whether the name or the password was wrong.

    Limits (core/login_limits.py), checked here rather than by a hook on every request: attempts per
    client address, then a growing lock per account name, both before any password is checked."""
    if current_user.is_authenticated:
        return redirect(start_page())
    if request.method == "POST":
        wait = login_limits.address_wait()
        if wait:
            return _throttled(_("Too many login attempts. Wait a minute and try again."), wait)
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        name = form.username.data
        wait = login_limits.account_wait(name)
        if wait:
            until = format_time(utcnow() + timedelta(seconds=wait), "HH:mm")
            message = _("Too many wrong passwords for this account. Try again after %(time)s.", time=until)
            return _throttled(message, wait)
        user = authenticate(name, form.password.data)
        if user is not None:
            login_limits.account_succeeded(name)
            session.clear()
            login_user(user)
            session.permanent = True
            session["seen"] = time.time()
            session["admin_lang"] = user.language
            user.last_login_at = utcnow()
            audit.record(audit.LOGIN, user, {}, commit=False)
            db.session.commit()
            return redirect(safe_next(request.args.get("next"), start_page()))
        db.session.rollback()
        locked_for = login_limits.account_failed(name)
        audit.record(audit.LOGIN_FAILED, name, {}, commit=False)
        if locked_for:
            audit.record(login_limits.ACCOUNT_LOCKED, name, {"seconds": locked_for}, commit=False)
        db.session.commit()
        form.password.errors.append(_("The user name or the password is wrong."))
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("admin/login.html", form=form), status


@bp.errorhandler(413)
def too_large(error=None):
    """A form over MAX_CONTENT_LENGTH: refused before it was read, so nothing was saved."""
    g.lang = admin_language()  # the body is read (and refused) before this blueprint's before_request
    megabytes = max(1, (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // (1024 * 1024))
    message = _("The form is larger than this site accepts (%(megabytes)d MB), so nothing was saved. "
                "Go back, shorten the text and save again.", megabytes=megabytes)  # fmt: skip
    return render_template("admin/error.html", title=_("The form is too large"), message=message), 413


@bp.get("/too-large")
def too_large_page():
    """The same words as a page: the nginx front shows it when it refuses a form before the app sees it
    (nginx keeps its own status, 413)."""
    return too_large()[0]


@bp.post("/logout")
@role_required()
def logout():
    """End the session, on the server too: a copy of the cookie taken before logout stops working."""
    # The session token is part of the cookie's user id: a new one makes every copy of the old cookie
    # (and the account's other sessions) anonymous, as a password change does.
    current_user.session_token = new_session_token()
    audit.record(audit.LOGOUT, current_user, {}, commit=False)
    db.session.commit()
    logout_user()
    session.pop("seen", None)
    flash(_("You are logged out."), "info")
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
@role_required()
def password():
    """Change one's own password; other sessions of this account end."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        if not check_password(current_user, form.current.data):
            form.current.errors.append(_("This is not your current password."))
            status = 422
        else:
            current_user.password_hash = hash_password(form.new.data)
            current_user.password_changed_at = utcnow()
            current_user.session_token = new_session_token()
            audit.record(audit.PASSWORD_CHANGE, current_user, {"user": current_user.username}, commit=False)
            db.session.commit()
            login_user(current_user._get_current_object())
            session["seen"] = time.time()
            flash(_("Your password has been changed."), "success")
            return redirect(start_page())
    elif request.method == "POST":
        status = 422
    return render_template("admin/password.html", form=form, password_min=MIN_LENGTH), status


@bp.post("/language")
def language():
    """Switch the interface language (kept on the account, or in the session before login)."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["admin_lang"] = form.language.data
        if current_user.is_authenticated:
            current_user.language = form.language.data
            db.session.commit()
        g.lang = form.language.data
    else:
        # Never a silent no-op: say why the language stayed as it was, on the page and in the log.
        reasons = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        current_app.logger.warning("interface language not switched: %s", reasons)
        flash(_("The interface language was not changed: %(reason)s", reason=reasons), "error")
    return redirect(safe_next(form.next.data, start_page()))
