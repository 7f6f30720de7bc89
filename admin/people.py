"""Staff accounts (admins only). The audit log is in admin/audit.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from admin import bp
from admin.forms import UserForm
from core import audit
from core.auth import hash_password, role_required
from core.extensions import db
from core.models import User
from core.models.base import utcnow
from core.models.users import new_session_token
from core.passwords import MIN_LENGTH


@bp.get("/users/")
@role_required("admin")
def users():
    """All staff accounts."""
    rows = list(db.session.scalars(select(User).order_by(User.username)))
    return render_template("admin/users.html", users=rows)


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count(User.id)).where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    """Create a staff account with a first password."""
    form = UserForm()
    status = 200
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append(_("Please fill in this field."))
            status = 422
        elif db.session.scalar(select(User.id).where(User.username == form.username.data)) is not None:
            form.username.errors.append(_("This user name is taken."))
            status = 422
        else:
            user = User(
                username=form.username.data, role=form.role.data, language=form.language.data,
                active=form.active.data, password_hash=hash_password(form.password.data), password_changed_at=utcnow(),
            )  # fmt: skip
            db.session.add(user)
            audit.record(audit.USER_CREATE, current_user, {"user": user.username, "role": user.role}, commit=False)
            db.session.commit()
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/user_edit.html", form=form, user=None, password_min=MIN_LENGTH), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id: int):
    """Change a role, the language, enable or disable an account, or set a new password."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = UserForm(obj=user)
    status = 200
    if form.validate_on_submit():
        demoted_or_disabled = user.role == "admin" and (form.role.data != "admin" or not form.active.data)
        taken = db.session.scalar(select(User.id).where(User.username == form.username.data, User.id != user.id))
        if taken is not None:
            form.username.errors.append(_("This user name is taken."))
            status = 422
        elif demoted_or_disabled and _other_active_admins(user) == 0:
            form.role.errors.append(_("This is the last active administrator; keep it, or make another one first."))
            status = 422
        else:
            changes = {
                name: [getattr(user, name), getattr(form, name).data]
                for name in ("username", "role", "language", "active")
                if getattr(user, name) != getattr(form, name).data
            }
            for name, (_old, new) in changes.items():
                setattr(user, name, new)
            if form.password.data:
                user.password_hash = hash_password(form.password.data)
                user.password_changed_at = utcnow()
                changes["password"] = ["", "changed"]
            if "password" in changes or "active" in changes or "role" in changes:
                user.session_token = new_session_token()  # the person logs in again with the new rights
            if changes:
                audit.record(audit.USER_CHANGE, current_user, {"user": user.username, "changes": changes}, commit=False)
                db.session.commit()
                flash(_("Account %(name)s saved.", name=user.username), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("admin.users"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/user_edit.html", form=form, user=user, password_min=MIN_LENGTH), status
