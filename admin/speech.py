"""Speech in the staff panel (issue 15): the pronunciation list per language, and Listen previews.

The list (word → how to say it) is kept as drafts like every text: kiosks apply it from the next
release, since a terminal synthesizes from the release it holds. Previews here use the list as it is
now, so staff hear a correction before publishing it.

`POST /admin/speech/preview` answers the editors' Listen buttons (static/js/admin-speech.js) with the
sentences of a text as a kiosk will say them (Markdown rendered, split and normalised exactly as
on the kiosk) and a clip address for each; the list page's "Try it" box does the same without
JavaScript. Every role may use both: editors are the ones who hear a name said wrong.
"""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import escape
from sqlalchemy import select
from wtforms import StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from admin import bp
from admin.forms import LANGUAGE_LABELS, SelectField
from core import audit
from core.auth import role_required
from core.config import LANGUAGES
from core.extensions import db
from core.models import Pronunciation
from core.publishing import current_snapshot, pronunciation_lists
from core.rendering import render_markdown
from core.speech import SpeechContext, key_function, mark_html, synthesizer
from core.speech.synth import SpeechUnavailable

PRONUNCIATION_CHANGE = "speech.pronunciation"
MAX_PREVIEW = 20_700  # characters: the longest text an editor can save
CLIP_KEY_LENGTH = 32


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _too_long(limit: int):
    return Length(max=limit, message=_l("Too long: at most %(max)d characters.", max=limit))


class PronunciationForm(FlaskForm):
    """Add a word to a language's list, or change how an existing one is said."""

    lang = SelectField(_l("Language"), choices=[SelectChoice(code, LANGUAGE_LABELS[code]) for code in LANGUAGES])
    word = StringField(
        _l("Word as written"),
        validators=[DataRequired(message=_l("Please fill in this field.")), _too_long(80)],
        filters=[_strip],
    )
    spoken = StringField(
        _l("Say it as"),
        validators=[DataRequired(message=_l("Please fill in this field.")), _too_long(200)],
        filters=[_strip],
    )


class RemoveForm(FlaskForm):
    """Remove one entry (the form carries only its CSRF token)."""


def draft_context() -> SpeechContext:
    """The phones of the current release with the pronunciation lists as they are now (drafts)."""
    snapshot = current_snapshot()
    payload = dict(snapshot.payload) if snapshot else {}
    payload["speech"] = {"pronunciations": pronunciation_lists()}
    return SpeechContext.from_payload(payload)


def preview_sentences(text: str, lang: str, markdown: bool = True) -> list[dict]:
    """The sentences of `text` as a kiosk will say them, each with the address of its clip."""
    synth = synthesizer()
    if synth is None:
        return []
    html = render_markdown(text) if markdown else f"<p>{escape(text)}</p>"
    _marked, sentences = mark_html(html, lang, key_function(synth, draft_context()), whole=True)
    return [{"text": s.text, "url": url_for("admin.speech_clip", key=s.key)} for s in sentences]


@bp.context_processor
def _speech_admin_globals() -> dict:
    """Where the editors' Listen buttons ask for a preview (None when this server cannot speak)."""
    return {"speech_preview_url": url_for("admin.speech_preview") if synthesizer() else None}


def _same_word(lang: str, word: str) -> Pronunciation | None:
    """The entry for `word` in `lang`, whatever its case (the list is applied without regard to case)."""
    folded = word.casefold()
    for entry in db.session.scalars(select(Pronunciation).where(Pronunciation.lang == lang)):
        if entry.word.casefold() == folded:
            return entry
    return None


@bp.route("/speech/", methods=["GET", "POST"])
@role_required()
def speech():
    """The pronunciation lists, the form to add or change a word, and a box to listen to any text."""
    form = PronunciationForm()
    status = 200
    if form.validate_on_submit():
        lang, word, spoken = form.lang.data, form.word.data, form.spoken.data
        entry = _same_word(lang, word)
        detail = {"lang": lang, "word": word, "spoken": spoken}
        if entry is None:
            db.session.add(Pronunciation(lang=lang, word=word, spoken=spoken, updated_by=current_user.username))
        else:
            detail["before"] = entry.spoken
            entry.word, entry.spoken, entry.updated_by = word, spoken, current_user.username
        audit.record(PRONUNCIATION_CHANGE, current_user, detail, commit=False)
        db.session.commit()
        flash(_("Saved. Kiosks say “%(word)s” this way once the next release is published.", word=word), "success")
        return redirect(url_for("admin.speech", lang=lang))
    if request.method == "POST":
        status = 422
    elif request.args.get("lang") in LANGUAGES:
        form.lang.data = request.args["lang"]
    entries = {code: [] for code in LANGUAGES}
    for entry in db.session.scalars(select(Pronunciation).order_by(Pronunciation.lang, Pronunciation.word)):
        entries.setdefault(entry.lang, []).append(entry)
    try_lang = request.args.get("try_lang")
    try_text = (request.args.get("try_text") or "")[:2000]
    tried = preview_sentences(try_text, try_lang) if try_text.strip() and try_lang in LANGUAGES else None
    return render_template(
        "admin/speech/index.html", form=form, remove_form=RemoveForm(), entries=entries, try_lang=try_lang,
        try_text=try_text, tried=tried, speaks=synthesizer() is not None,
    ), status  # fmt: skip


@bp.post("/speech/<int:entry_id>/remove")
@role_required()
def speech_remove(entry_id: int):
    """Take a word off its language's list (from the next release on)."""
    form = RemoveForm()
    entry = db.session.get(Pronunciation, entry_id)
    if entry is None:
        abort(404)
    if not form.validate_on_submit():
        flash(_("The form has expired. Reload the page and try again."), "error")
        return redirect(url_for("admin.speech"))
    detail = {"lang": entry.lang, "word": entry.word, "removed": entry.spoken}
    db.session.delete(entry)
    audit.record(PRONUNCIATION_CHANGE, current_user, detail, commit=False)
    db.session.commit()
    flash(_("Removed “%(word)s” from the list.", word=detail["word"]), "success")
    return redirect(url_for("admin.speech", lang=detail["lang"]))


@bp.post("/speech/preview")
@role_required()
def speech_preview():
    """JSON for the Listen buttons: {"sentences": [{"text", "url"}]} of a text in one language.

    Sent as an ordinary form (lang, text, markdown=0|1, csrf_token): the panel takes no JSON bodies."""
    data = request.form
    lang, text = data.get("lang"), data.get("text")
    if lang not in LANGUAGES or not isinstance(text, str):
        return jsonify({"ok": False, "error": "give lang (ky, ru or en) and text"}), 400
    if len(text) > MAX_PREVIEW:
        return jsonify({"ok": False, "error": f"text longer than {MAX_PREVIEW} characters"}), 400
    if synthesizer() is None:
        return jsonify({"ok": False, "error": "speech is off on this server (espeak-ng is not installed)"}), 503
    return jsonify({"ok": True, "sentences": preview_sentences(text, lang, data.get("markdown", "1") != "0")})


@bp.get("/speech/clip/<key>")
@role_required()
def speech_clip(key: str):
    """One preview clip, made on first request."""
    synth = synthesizer()
    if synth is None or len(key) != CLIP_KEY_LENGTH or not all(ch in "0123456789abcdef" for ch in key):
        abort(404)
    try:
        path = synth.ensure(key)
    except SpeechUnavailable as exc:
        current_app.logger.warning("speech: %s", exc)
        abort(503)
    if path is None:
        abort(404)
    return send_file(path, mimetype=synth.media_type, conditional=True)
