"""Publishing drafts as releases, the list of releases, and rollback."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from admin import bp
from admin.forms import PublishForm, RollbackForm
from core.auth import role_required
from core.editing import (
    NothingToPublish,
    PublishRefused,
    pending_changes,
    publish_drafts,
    publish_gaps,
    publish_stale,
    publish_term_issues,
    receiving_terminals,
    release_payload,
    rollback_to,
    visible_changes,
)
from core.extensions import db
from core.models import Release
from core.publishing import build_snapshot, latest_release


@bp.route("/publish", methods=["GET", "POST"])
@role_required("publisher")
def publish():
    """Show what travellers will read differently, then publish every draft as one new release."""
    form = PublishForm()
    status = 200
    if form.validate_on_submit():
        try:
            release = publish_drafts(current_user.username, form.comment.data.strip(), form.override_reason.data or "")
        except NothingToPublish:
            flash(_("Nothing to publish: the drafts equal the current release."), "info")
            return redirect(url_for("admin.publish"))
        except PublishRefused as refused:
            refusal_messages(form.override_reason.errors, refused)
            status = 422
        else:
            flash(_("Release %(number)s is published. Kiosks show it now.", number=release.number), "success")
            return redirect(url_for("admin.releases"))
    elif request.method == "POST":
        status = 422
    elif request.args.get("comment"):
        # Arriving from an editor's "Save and publish": keep what the person wrote about the change.
        form.comment.data = request.args["comment"][:500]
    draft = build_snapshot()
    release = latest_release()
    changes = pending_changes(draft, release_payload(release))
    return render_template(
        "admin/publish.html", form=form, changes=changes, gaps=publish_gaps(changes),
        terms=publish_term_issues(changes), stale=publish_stale(changes), release=release,
        visible=visible_changes(changes, draft, release_payload(release), g.lang), terminals=receiving_terminals(),
    ), status  # fmt: skip


def refusal_messages(errors: list, refused: PublishRefused) -> None:
    """Say beside the reason field why publishing needs one (missing, forbidden words, stale)."""
    if refused.gaps:
        errors.append(_("Some items miss a language. Add the texts, or write here why they must be published now."))
    if refused.terms:
        errors.append(
            _("Some items use words the term glossary rules out. Correct them, or write here why they "
              "must be published as they are.")
        )  # fmt: skip
    if refused.stale:
        errors.append(
            _("Some translations were not updated after another language changed. Update them or confirm "
              "they still say the same, or write here why they must be published now.")
        )  # fmt: skip


@bp.get("/releases")
@role_required("editor")
def releases():
    """Every release, newest first, with rollback buttons for publishers."""
    rows = list(db.session.scalars(select(Release).order_by(Release.number.desc()).limit(200)))
    return render_template("admin/releases.html", releases=rows)


@bp.post("/releases/<int:number>/rollback")
@role_required("publisher")
def rollback(number: int):
    """Publish an earlier release again as a new release (drafts stay as they are)."""
    form = RollbackForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        release = rollback_to(number, current_user.username)
    except LookupError:
        abort(404)
    flash(_("Release %(old)s is shown again, as release %(new)s. Drafts were not changed.", old=number,
            new=release.number), "success")  # fmt: skip
    return redirect(url_for("admin.releases"))
