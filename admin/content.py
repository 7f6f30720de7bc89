"""Content editing: lists with filters, the editors with live preview, history with diff and revert,
and the translation-status grid."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields import HiddenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from admin import bp
from admin.forms import ITEM_FORMS, LANGUAGE_LABELS, ItemFormBase, VersionForm, whole_number
from admin.preview import build_panel, preview_response
from core.auth import has_role, role_required
from core.config import LANGUAGES
from core.editing import (
    ITEM_TYPES,
    MISSING,
    DuplicateKey,
    EditConflict,
    ItemType,
    NothingToPublish,
    NotStale,
    PublishRefused,
    all_items,
    confirm_unchanged,
    diff_data,
    display_title,
    indexed_release,
    item_statuses,
    item_type_of,
    language_status,
    pending_changes,
    publish_drafts,
    revert_item,
    revisions_of,
    save_item,
    serialize,
    snapshot_key,
    source_language,
    stale_items,
)
from core.extensions import db
from core.models import Article, Revision, Topic
from core.review import mark_checked, max_age_days, review_due, review_today


def _kind(kind: str) -> ItemType:
    """The content type named in the URL, or 404."""
    found = ITEM_TYPES.get(kind)
    if found is None:
        abort(404)
    return found


def _load(kind: ItemType, item_id: int):
    """One item of a type, or 404."""
    item = db.session.get(kind.model, item_id)
    if item is None:
        abort(404)
    return item


def _topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.sort, Topic.slug)))


def _make_form(kind: ItemType, item=None) -> ItemFormBase:
    """The editor form, filled from the item on GET and from what was typed on POST."""
    initial = {}
    if item is not None:
        for lang in LANGUAGES:
            for f in kind.text_fields:
                initial[f"{f.name}_{lang}"] = item.text(lang, f.name)
        for name in kind.fields:
            initial[name] = getattr(item, name)
        initial["version"] = item.version_id
    elif kind.key == "article" and whole_number(request.args.get("topic")) is not None:
        initial["topic_id"] = whole_number(request.args["topic"])
    form = ITEM_FORMS[kind.key](data=initial)
    if kind.key == "article":
        form.topic_id.choices = [SelectChoice(t.id, display_title(t, g.lang)) for t in _topics()]
    return form


def _typed(form: ItemFormBase) -> dict:
    """What the editor typed, shaped like core.editing.serialize() output."""
    fields = {}
    for name in form.kind.fields:
        value = form[name].data
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, datetime):
            value = value.astimezone(UTC)
        fields[name] = value
    return {"fields": fields, "texts": form.texts()}


def _as_json(data: dict) -> dict:
    return {
        "fields": {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data["fields"].items()},
        "texts": data["texts"],
    }


def _duplicate(kind: ItemType, form: ItemFormBase, item) -> bool:
    """True when the slug or key is already used by another item (and say so beside the field)."""
    model = kind.model
    if kind.key in ("topic", "article"):
        query = select(model.id).where(model.slug == form.slug.data.strip())
        if kind.key == "article":
            query = query.where(model.topic_id == form.topic_id.data)
        field = form.slug
    elif kind.key in ("hotline", "department"):
        query = select(model.id).where(model.key == form.key.data.strip())
        field = form.key
    else:
        return False
    if item is not None and item.id is not None:
        query = query.where(model.id != item.id)
    if db.session.scalar(query.limit(1)) is not None:
        field.errors.append(_("This is already used by another item. Choose another one."))
        return True
    return False


# --- lists --------------------------------------------------------------------------------------


@bp.get("/content/<kind>/")
@role_required("editor")
def items(kind: str):
    """A list of one content type with search and filters (topic, missing language, status)."""
    item_kind = _kind(kind)
    query = select(item_kind.model)
    topic_filter = request.args.get("topic", "")
    if item_kind.key == "article" and whole_number(topic_filter) is not None:
        query = query.where(Article.topic_id == whole_number(topic_filter))
    found = list(db.session.scalars(query))
    statuses = item_statuses(found)
    search = request.args.get("q", "").strip().casefold()
    missing = request.args.get("missing", "")
    status = request.args.get("status", "")
    rows = []
    now = datetime.now(UTC)
    for item in found:
        states = language_status(item)
        if missing in LANGUAGES and states[missing] != MISSING:
            continue
        item_status = statuses[(item_kind.key, item.id)]
        if status in ("published", "draft") and item_status != status:
            continue
        if search and search not in _haystack(item):
            continue
        rows.append({
            "item": item,
            "title": display_title(item, g.lang),
            "states": states,
            "status": item_status,
            "scheduled": getattr(item, "effective_from", None) and item.effective_from > now,
        })  # fmt: skip
    rows.sort(key=lambda r: (getattr(r["item"], "topic_id", 0), getattr(r["item"], "sort", 0), r["title"]))
    return render_template(
        "admin/items.html", kind=item_kind, rows=rows, topics=_topics() if item_kind.key == "article" else [],
        args=request.args,
    )  # fmt: skip


def _haystack(item) -> str:
    parts = [str(getattr(item, name, "") or "") for name in ("slug", "key", "number", "phone")]
    for fields in (item.texts or {}).values():
        parts.extend(str(v) for v in (fields or {}).values())
    return " ".join(parts).casefold()


# --- editors ------------------------------------------------------------------------------------


def edit_language(form: ItemFormBase) -> str:
    """The language whose texts the editor shows: the tab pressed, else the one open before, else the
    one asked for in the address, else the source language; a language with errors when this has none."""
    asked = request.form.get("edit_lang") or request.form.get("edit_lang_current") or request.args.get("lang")
    lang = asked if asked in LANGUAGES else source_language()
    with_errors = [code for code in LANGUAGES if any(f.errors for f in form.text_fields(code))]
    if with_errors and lang not in with_errors:
        lang = with_errors[0]
    return lang


def _preview_url(kind: ItemType, item) -> str:
    if item is None:
        return url_for("admin.item_new_preview", kind=kind.key)
    return url_for("admin.item_preview", kind=kind.key, item_id=item.id)


def kiosk_url(kind: ItemType, item, lang: str) -> str | None:
    """The item's page on the kiosk (as published), when the current release has it."""
    if item is None or snapshot_key(item) not in indexed_release():
        return None
    if kind.key == "article":
        return url_for("kiosk.article", lang=lang, topic_slug=item.topic.slug, slug=item.slug)
    if kind.key == "topic":
        return url_for("kiosk.topic", lang=lang, slug=item.slug)
    if kind.key == "hotline":
        return url_for("kiosk.hotlines", lang=lang)
    return url_for("kiosk.office", lang=lang)


def _editor(kind: ItemType, item, form: ItemFormBase):
    """Handle one editor request (new or existing item): switch language, preview, save or refuse."""
    conflict = None
    status = 200
    publish_now = request.method == "POST" and bool(form.save_publish.data)
    if publish_now and not has_role(current_user, "publisher"):
        abort(403)  # before anything is saved: the button is not offered to editors
    switching = request.method == "POST" and request.form.get("edit_lang") in LANGUAGES
    if request.method == "POST" and (form.preview.data or switching):
        pass  # show the typed texts again (another language, or a fresh preview); nothing is checked or saved
    elif form.validate_on_submit() and not _duplicate(kind, form, item):
        target = item if item is not None else kind.model()
        version = whole_number(form.version.data)
        try:
            result = save_item(
                target, _typed(form), expected_version=version, author=current_user.username,
                comment=(form.comment.data or "").strip(), checked=form.checked_languages(),
            )  # fmt: skip
        except EditConflict as exc:
            conflict = {"version": exc.version, "diff": diff_data(kind, exc.current, _as_json(_typed(form)))}
            # Saving again after reading the differences deliberately replaces the other text.
            form.version.data = str(exc.version)
            status = 409
        except DuplicateKey:
            (form.slug if "slug" in form else form.key).errors.append(
                _("This is already used by another item. Choose another one.")
            )
            status = 422
        else:
            if publish_now:
                return _publish_after_save(kind, result.item, (form.comment.data or "").strip(), result.changed)
            if result.changed:
                flash(_("Draft saved. Kiosks keep showing the published text until someone publishes."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            lang = edit_language(form)
            return redirect(url_for("admin.item_edit", kind=kind.key, item_id=result.item.id, lang=lang))
    elif request.method == "POST":
        status = 422
    statuses = item_statuses([item]) if item is not None else {}
    lang = edit_language(form)
    typed = _typed(form) if request.method == "POST" else None
    panel = build_panel(kind.key, item, typed if typed is not None else _saved(item), _preview_url(kind, item),
                        default_lang=lang)  # fmt: skip
    return render_template(
        "admin/edit.html", kind=kind, item=item, form=form, panel=panel, conflict=conflict, edit_lang=lang,
        source_lang=source_language(), kiosk_url=kiosk_url(kind, item, lang),
        states=language_status(item) if item is not None else None,
        status=statuses.get((kind.key, item.id)) if item is not None else None,
        markdown_fields=[f.name for f in kind.text_fields if f.markdown],
    ), status  # fmt: skip


def _saved(item) -> dict | None:
    """The saved item shaped like typed input (a new item: nothing typed yet)."""
    if item is None:
        return None
    data = serialize(item)
    return {"fields": data["fields"], "texts": data["texts"]}


def _publish_after_save(kind: ItemType, item, comment: str, changed: bool):
    """Save and publish: the edit is saved; publish it now if it is the only change waiting and every
    check passes, else take the publisher to the publish page (with the draft kept) to decide there."""
    comment = comment or f"{kind.label}: {display_title(item, source_language())}"
    editor_url = url_for("admin.item_edit", kind=kind.key, item_id=item.id)
    changes = pending_changes()
    if not changes:
        flash(_("Nothing to publish: the drafts equal the current release."), "info")
        return redirect(editor_url)
    saved = _("Your edit is saved as a draft.") if changed else _("Nothing was changed in this item.")
    if any((c.kind, c.key) != snapshot_key(item) for c in changes):
        flash(f"{saved} " + _("Other drafts are waiting to be published too: check everything that will change, "
                              "then publish here."), "info")  # fmt: skip
        return redirect(url_for("admin.publish", comment=comment))
    try:
        release = publish_drafts(current_user.username, comment)
    except PublishRefused:
        flash(f"{saved} " + _("It is not published yet: publishing needs a reason first. Read the warnings "
                              "below, then publish with a reason or correct the texts."), "info")  # fmt: skip
        return redirect(url_for("admin.publish", comment=comment))
    except NothingToPublish:
        flash(_("Nothing to publish: the drafts equal the current release."), "info")
        return redirect(editor_url)
    flash(_("Saved and published as release %(number)s. Kiosks show it now.", number=release.number), "success")
    return redirect(editor_url)


@bp.route("/content/<kind>/new", methods=["GET", "POST"])
@role_required("editor")
def item_new(kind: str):
    """Create a new item as a draft (kiosks show it only after publishing)."""
    item_kind = _kind(kind)
    if not item_kind.creatable:
        abort(404)
    return _editor(item_kind, None, _make_form(item_kind))


@bp.route("/content/<kind>/<int:item_id>", methods=["GET", "POST"])
@role_required("editor")
def item_edit(kind: str, item_id: int):
    """Edit an item in ky, ru and en; saving makes a draft and a revision."""
    item_kind = _kind(kind)
    item = _load(item_kind, item_id)
    return _editor(item_kind, item, _make_form(item_kind, item))


def _preview_typed(item_kind: ItemType, item):
    form = _make_form(item_kind, item)
    panel = build_panel(item_kind.key, item, _typed(form), _preview_url(item_kind, item),
                        default_lang=edit_language(form))  # fmt: skip
    return preview_response(panel)


@bp.post("/content/<kind>/new/preview")
@role_required("editor")
def item_new_preview(kind: str):
    """The preview of a new item's kiosk page from what is typed (HTML for the editor's frame)."""
    return _preview_typed(_kind(kind), None)


@bp.post("/content/<kind>/<int:item_id>/preview")
@role_required("editor")
def item_preview(kind: str, item_id: int):
    """The preview of an item's kiosk page from what is typed, not saved (HTML for the editor's frame)."""
    item_kind = _kind(kind)
    return _preview_typed(item_kind, _load(item_kind, item_id))


# --- history ------------------------------------------------------------------------------------


@bp.get("/content/<kind>/<int:item_id>/history")
@role_required("editor")
def item_history(kind: str, item_id: int):
    """Every saved revision of an item, a diff between any two, and revert buttons."""
    item_kind = _kind(kind)
    item = _load(item_kind, item_id)
    revisions = revisions_of(item)
    by_number = {r.number: r for r in revisions}
    newer = request.args.get("b", type=int)
    older = request.args.get("a", type=int)
    if newer not in by_number and revisions:
        newer = revisions[0].number
    if older not in by_number:
        older = next((r.number for r in revisions if newer is not None and r.number < newer), None)
    diff = None
    if older in by_number and newer in by_number:
        diff = diff_data(item_kind, by_number[older].data, by_number[newer].data)
    return render_template(
        "admin/history.html", kind=item_kind, item=item, revisions=revisions, older=older, newer=newer,
        diff=diff, title=display_title(item, g.lang),
        current=serialize(item),
    )  # fmt: skip


@bp.post("/content/<kind>/<int:item_id>/revert/<int:number>")
@role_required("publisher")
def item_revert(kind: str, item_id: int, number: int):
    """Make a new draft from an old revision (nothing is published)."""
    item_kind = _kind(kind)
    item = _load(item_kind, item_id)
    revision = db.session.scalar(
        select(Revision).where(
            Revision.item_type == item_kind.key, Revision.item_id == item.id, Revision.number == number
        )
    )
    if revision is None:
        abort(404)
    form = VersionForm()
    if not form.validate_on_submit() or whole_number(form.version.data) is None:
        abort(400)
    try:
        result = revert_item(item, revision, expected_version=whole_number(form.version.data),
                             author=current_user.username)  # fmt: skip
    except EditConflict:
        flash(_("Someone saved this item a moment ago. Look at the history again before restoring."), "error")
    except DuplicateKey:
        flash(_("This revision uses an address that another item has taken since."), "error")
    else:
        if result.changed:
            flash(_("Revision %(number)s restored as a new draft. Publish to show it on kiosks.", number=number),
                  "success")  # fmt: skip
        else:
            flash(_("The draft already equals this revision."), "info")
    return redirect(url_for("admin.item_history", kind=item_kind.key, item_id=item.id))


# --- review dates -------------------------------------------------------------------------------


class CheckForm(FlaskForm):
    """The "mark as checked" button: the item's version, so a check is never of a text not read."""

    version = HiddenField(validators=[DataRequired()])


@bp.post("/content/<kind>/<int:item_id>/check")
@role_required("editor")
def item_check(kind: str, item_id: int):
    """Record that the current user checked this item against the Service's documents today (audited)."""
    item_kind = _kind(kind)
    item = _load(item_kind, item_id)
    form = CheckForm()
    if not form.validate_on_submit() or whole_number(form.version.data) is None:
        abort(400)
    if whole_number(form.version.data) != item.version_id:
        flash(_("Someone saved this item after you opened it. Read it again, then mark it as checked."), "error")
    else:
        day = mark_checked(item, item_kind.key, current_user.username)
        flash(
            _("Marked as checked on %(date)s. Kiosks show the date after the next publish.",
              date=format_date(day, "long")),
            "success",
        )  # fmt: skip
    return redirect(url_for("admin.item_edit", kind=item_kind.key, item_id=item.id))


@bp.app_template_global()
def review_rows(limit: int = 20) -> dict:
    """Items due for a content check (never checked, too old, or flagged), for the dashboard."""
    rows = review_due(all_items(), review_today(), max_age_days())
    shown = [
        {
            "kind": item_type_of(row.item), "title": display_title(row.item, g.lang), "reason": row.reason,
            "checked_on": row.checked_on, "url": url_for("admin.item_edit", kind=item_type_of(row.item).key,
                                                         item_id=row.item.id),
        }
        for row in rows[:limit]
    ]  # fmt: skip
    return {"total": len(rows), "rows": shown, "max_age": max_age_days()}


# --- stale translations -------------------------------------------------------------------------


class ConfirmForm(FlaskForm):
    """The "translation still says the same" button: the item's version, and the page to go back to."""

    version = HiddenField(validators=[DataRequired()])
    back = HiddenField()


@bp.post("/content/<kind>/<int:item_id>/confirm/<lang>")
@role_required("editor")
def item_confirm(kind: str, item_id: int, lang: str):
    """Record that a stale translation still says the same as the changed language (audited)."""
    item_kind = _kind(kind)
    item = _load(item_kind, item_id)
    if lang not in LANGUAGES:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit() or whole_number(form.version.data) is None:
        abort(400)
    try:
        confirm_unchanged(item, lang, expected_version=whole_number(form.version.data),
                          author=current_user.username)  # fmt: skip
    except EditConflict:
        flash(_("Someone saved this item after you opened it. Read it again, then confirm."), "error")
    except NotStale:
        flash(_("This translation was already up to date."), "info")
    else:
        flash(_("%(language)s: recorded that the text still says the same. It no longer needs an update.",
                language=LANGUAGE_LABELS[lang]), "success")  # fmt: skip
    if form.back.data == "grid":
        return redirect(url_for("admin.translations", gaps=1))
    return redirect(url_for("admin.item_edit", kind=item_kind.key, item_id=item.id))


@bp.app_template_global()
def stale_rows(limit: int = 15) -> dict:
    """Items whose translations need an update after another language changed, for the dashboard."""
    found = stale_items()
    shown = [
        {
            "kind": item_type_of(item), "title": display_title(item, g.lang), "langs": langs,
            "url": url_for("admin.item_edit", kind=item_type_of(item).key, item_id=item.id),
        }
        for item, langs in found[:limit]
    ]  # fmt: skip
    return {"total": len(found), "rows": shown}


# --- translations -------------------------------------------------------------------------------


@bp.get("/translations")
@role_required("editor")
def translations():
    """Grid of every item × ky/ru/en: missing and stale translations."""
    only_gaps = request.args.get("gaps") == "1"
    rows = []
    for item in all_items():
        states = language_status(item)
        if only_gaps and all(state == "ok" for state in states.values()):
            continue
        kind = item_type_of(item)
        rows.append({"item": item, "kind": kind, "title": display_title(item, g.lang), "states": states})
    return render_template("admin/translations.html", rows=rows, only_gaps=only_gaps)
