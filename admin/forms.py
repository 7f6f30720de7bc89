"""Admin forms (Flask-WTF, so each carries a CSRF token). Every message is translatable."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import SelectField as _WtformsSelectField
from wtforms import SelectMultipleField as _WtformsSelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from core.config import LANGUAGES
from core.editing import ITEM_TYPES, ItemType, source_language
from core.models.users import ADMIN_LANGUAGES, ALL_ROLES
from core.passwords import COMMON, CONTEXT, MAX_LENGTH, MIN_LENGTH, PATTERN, password_problem

BISHKEK = ZoneInfo("Asia/Bishkek")
CHOOSE_LISTED = _l("Choose one of the options in the list.")


class ListedChoices:
    """Mixin for choice fields: refusals speak the admin language (WTForms has no Kyrgyz catalog)."""

    unreadable_data = None  # what the field holds when the posted value cannot be read (None: as it was)

    def process_formdata(self, valuelist):
        """Read the posted value(s); one that cannot be read is refused in the admin language."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            if self.unreadable_data is not None:
                self.data = list(self.unreadable_data)
            raise ValueError(str(CHOOSE_LISTED)) from None

    def pre_validate(self, form):
        """Only the listed options are accepted."""
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(str(CHOOSE_LISTED)) from None


class SelectField(ListedChoices, _WtformsSelectField):
    """A drop-down that refuses an unlisted value in the admin language."""


class CheckboxesField(ListedChoices, _WtformsSelectMultipleField):
    """Several ticks among listed options; a value not listed is refused in the admin language."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
    unreadable_data = ()


# Tile icons and what each one shows, in the staff member's language.
ICON_LABELS = {
    "briefcase": _l("Briefcase"),
    "passport": _l("Passport"),
    "visitor": _l("Visitor"),
    "home": _l("House"),
    "shield": _l("Shield"),
    "document": _l("Document"),
    "alert": _l("Warning sign"),
    "phone": _l("Telephone"),
    "clock": _l("Clock"),
    "pin": _l("Map pin"),
    "globe": _l("Globe"),
}
ICONS = tuple(ICON_LABELS)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]*$")

REQUIRED = _l("Please fill in this field.")
LANGUAGE_LABELS = {"ky": _l("Kyrgyz"), "ru": _l("Russian"), "en": _l("English")}
ROLE_LABELS = {"editor": _l("Editor"), "publisher": _l("Publisher"), "admin": _l("Administrator"),
               "commissioner": _l("Corruption prevention commissioner")}  # fmt: skip


def _max(length: int) -> Length:
    return Length(max=length, message=_l("Too long: at most %(max)d characters.", max=length))


def slug_check(form, field) -> None:
    """Lower-case Latin letters, digits and single dashes: the part of the kiosk address."""
    if field.data and not SLUG_RE.match(field.data):
        raise ValidationError(_l("Use only small Latin letters, digits and dashes, for example: work-permit."))


def phone_check(form, field) -> None:
    """A phone number as written on the kiosk: 3 to 15 digits, spaces, dashes, brackets, leading +."""
    value = (field.data or "").strip()
    if not value:
        return
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_RE.match(value) or not 3 <= digits <= 15:
        raise ValidationError(
            _l("Not a valid phone number. Use 3 to 15 digits, spaces, dashes, brackets and an optional leading +.")
        )


def whole_number(value) -> int | None:
    """A version or id sent as text (plain digits, at most 18); None for anything else, never an error."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


class WholeNumberField(IntegerField):
    """An integer field whose error message is translated by this app."""

    def process_formdata(self, valuelist):
        """Parse the number or keep the typed text with a clear message."""
        if not valuelist or valuelist[0] == "":
            self.data = None
            return
        try:
            self.data = int(valuelist[0])
        except ValueError:
            self.data = None
            self.raw_data = valuelist
            raise ValueError(_l("Enter a whole number.")) from None

    def pre_validate(self, form):
        """Text that is not a number needs one message, not a second one about the range."""
        if self.process_errors:
            raise StopValidation()
        limit = next((v for v in self.validators if isinstance(v, NumberRange)), None)
        if limit is not None and self.data is not None and abs(self.data) > 2**53:
            # NumberRange would compare it as a float and fail with OverflowError: say the range instead.
            message = limit.message or _l("Enter a whole number.")
            raise StopValidation(message % {"min": limit.min, "max": limit.max})


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in Bishkek time (datetime-local input), stored as an aware datetime."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data:
            return self.data.astimezone(BISHKEK).strftime("%Y-%m-%dT%H:%M")
        return ""

    def process_formdata(self, valuelist):
        """Parse "YYYY-MM-DDTHH:MM" as Bishkek time; empty means "no date"."""
        if not valuelist or not valuelist[0].strip():
            self.data = None
            self.raw_data = []  # only spaces is no input: InputRequired then says so (it looks at raw_data)
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%dT%H:%M").replace(tzinfo=BISHKEK)
            self.data.astimezone(UTC)  # it is stored in UTC, where the calendar's first hours do not exist
        except (ValueError, OverflowError):
            self.data = None
            raise ValueError(_l("Enter a date and time, for example 2026-12-31T09:00.")) from None


# --- accounts -----------------------------------------------------------------------------------


class LoginForm(FlaskForm):
    """Staff login."""

    username = StringField(_l("User name"), validators=[DataRequired(REQUIRED), _max(80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED), _max(200)])
    submit = SubmitField(_l("Log in"))


GOOD_PASSWORD = _l("Choose another: a few unrelated words make a good password.")
PASSWORD_PROBLEMS = {
    COMMON: _l("This password is one of the most common passwords, which attackers try first."),
    PATTERN: _l("This password is a repetition or a sequence (such as aaaa, 1234 or qwerty), which attackers try "
                "first."),
    CONTEXT: _l("This password is built from the user name or from words everyone here knows (kiosk, migration, "
                "the Service's name)."),
}  # fmt: skip


def _password_rules(username_of):
    """Validator: refuse common, repetitive, sequential and context-specific passwords (core/passwords.py)
    for the user name `username_of(form)` returns."""

    def check(form, field) -> None:
        if field.data and len(field.data) >= MIN_LENGTH:
            problem = password_problem(field.data, username_of(form) or "", length_checked=True)
            if problem:
                raise ValidationError(f"{PASSWORD_PROBLEMS[problem]} {GOOD_PASSWORD}")

    return check


def _own_username(form) -> str:
    from flask_login import current_user

    return getattr(current_user, "username", "") or ""


def _new_password_validators(username_of=_own_username):
    return [
        DataRequired(REQUIRED),
        Length(min=MIN_LENGTH, max=MAX_LENGTH,
               message=_l("Use %(min)d to %(max)d characters.", min=MIN_LENGTH, max=MAX_LENGTH)),
        _password_rules(username_of),
    ]  # fmt: skip


class PasswordForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED), _max(200)])
    new = PasswordField(_l("New password"), validators=_new_password_validators())
    repeat = PasswordField(
        _l("New password again"),
        validators=[DataRequired(REQUIRED), EqualTo("new", message=_l("The two new passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))


class LanguageForm(FlaskForm):
    """Choose the language of the admin interface."""

    language = SelectField(_l("Interface language"), choices=[SelectChoice(c, c) for c in ADMIN_LANGUAGES])
    next = HiddenField()
    submit = SubmitField(_l("Switch"))


class UserForm(FlaskForm):
    """Create or change a staff account (admins only)."""

    username = StringField(
        _l("User name"),
        validators=[
            DataRequired(REQUIRED), _max(80),
            lambda form, field: _username_check(field),
        ],
    )  # fmt: skip
    role = SelectField(_l("Role"), choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ALL_ROLES])
    language = SelectField(
        _l("Interface language"), choices=[SelectChoice(c, LANGUAGE_LABELS[c]) for c in ADMIN_LANGUAGES]
    )
    active = BooleanField(_l("Account enabled"), default=True)
    password = PasswordField(
        _l("New password"),
        validators=[Optional(), *_new_password_validators(lambda form: form.username.data)[1:]],
    )
    submit = SubmitField(_l("Save"))


def _username_check(field) -> None:
    if field.data and not re.match(r"^[A-Za-z0-9._-]+$", field.data):
        raise ValidationError(_l("Use Latin letters, digits, dots, dashes and underscores."))


# --- content ------------------------------------------------------------------------------------


class ItemFormBase(FlaskForm):
    """Fields every content form has: the version it was based on and a note for the history."""

    version = HiddenField()
    comment = StringField(_l("What did you change? (optional)"), validators=[Optional(), _max(200)])
    save = SubmitField(_l("Save draft"))
    # Publishers only: save, then publish through the same checks as the publish page.
    save_publish = SubmitField(_l("Save and publish"))
    preview = SubmitField(_l("Preview"))

    kind: ItemType

    def text_fields(self, lang: str):
        """The bound text fields of one language, in display order."""
        return [self[f"{f.name}_{lang}"] for f in self.kind.text_fields]

    def texts(self) -> dict:
        """The typed texts as {lang: {field: value}}."""
        out = {}
        for lang in LANGUAGES:
            out[lang] = {}
            for f in self.kind.text_fields:
                value = (self[f"{f.name}_{lang}"].data or "").replace("\r\n", "\n")
                # Multi-line texts keep their layout; an all-blank text counts as empty.
                out[lang][f.name] = value if f.multiline and value.strip() else value.strip()
        return out

    def checked_languages(self) -> tuple[str, ...]:
        """Languages whose "translation checked" box is ticked."""
        return tuple(lang for lang in LANGUAGES if f"checked_{lang}" in self and self[f"checked_{lang}"].data)

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: a language is either complete or empty, and one language is complete."""
        ok = super().validate(extra_validators)
        complete = 0
        for lang in LANGUAGES:
            values = {f.name: (self[f"{f.name}_{lang}"].data or "").strip() for f in self.kind.text_fields}
            if not any(values.values()):
                continue
            missing = [f for f in self.kind.text_fields if f.required and not values[f.name]]
            for f in missing:
                self[f"{f.name}_{lang}"].errors.append(
                    _l("Fill this in too, or leave every field of this language empty.")
                )
                ok = False
            if not missing:
                complete += 1
        if complete == 0:
            first = self.kind.text_fields[0].name
            field = self[f"{first}_{source_language()}"]
            if not field.errors:
                field.errors.append(_l("Write the text in at least one language."))
            ok = False
        return ok


def item_form_class(kind: ItemType) -> type[ItemFormBase]:
    """Build the form class for one content type (texts for ky, ru and en, plus its own fields)."""
    attrs: dict = {"kind": kind}
    for lang in LANGUAGES:
        for f in kind.text_fields:
            field_class = TextAreaField if f.multiline else StringField
            attrs[f"{f.name}_{lang}"] = field_class(f.label, validators=[Optional(), _max(f.max_length)])
        attrs[f"checked_{lang}"] = BooleanField(_l("I checked this translation against the source text"))
    attrs["needs_review"] = BooleanField(_l("Needs review by content staff"))
    if "hidden" in kind.fields:
        attrs["hidden"] = BooleanField(_l("Hide from kiosks"))
    sort = WholeNumberField(
        _l("Order"), default=100,
        validators=[InputRequired(REQUIRED), NumberRange(0, 100000, _l("Use a number from 0 to 100000."))],
    )  # fmt: skip
    if kind.key == "topic":
        attrs["slug"] = StringField(_l("Address (slug)"), validators=[DataRequired(REQUIRED), _max(80), slug_check])
        attrs["icon"] = SelectField(_l("Icon"), choices=[SelectChoice(i, ICON_LABELS[i]) for i in ICONS])
        attrs["sort"] = sort
    elif kind.key == "article":
        attrs["topic_id"] = SelectField(_l("Topic"), coerce=int, validators=[InputRequired(REQUIRED)])
        attrs["slug"] = StringField(_l("Address (slug)"), validators=[DataRequired(REQUIRED), _max(80), slug_check])
        attrs["sort"] = sort
        attrs["effective_from"] = LocalDateTimeField(_l("Takes effect (Bishkek time; empty: as soon as published)"))
    elif kind.key == "hotline":
        attrs["key"] = StringField(_l("Key"), validators=[DataRequired(REQUIRED), _max(40), slug_check])
        attrs["number"] = StringField(_l("Number"), validators=[DataRequired(REQUIRED), _max(40), phone_check])
        attrs["number_abroad"] = StringField(_l("Number from abroad"), validators=[Optional(), _max(40), phone_check])
        attrs["sort"] = sort
    elif kind.key == "office":
        attrs["windows"] = WholeNumberField(
            _l("Windows for documents"),
            validators=[InputRequired(REQUIRED), NumberRange(0, 100, _l("Use a number from 0 to 100."))],
        )
    elif kind.key == "department":
        attrs["key"] = StringField(_l("Key"), validators=[DataRequired(REQUIRED), _max(80), slug_check])
        attrs["phone"] = StringField(_l("Phone"), validators=[Optional(), _max(40), phone_check])
        attrs["note"] = TextAreaField(_l("Internal note (not shown on kiosks)"), validators=[Optional(), _max(2000)])
        attrs["sort"] = sort
    return type(f"{kind.key.title()}Form", (ItemFormBase,), attrs)


ITEM_FORMS = {key: item_form_class(kind) for key, kind in ITEM_TYPES.items()}


class VersionForm(FlaskForm):
    """A button acting on an item at a known version (revert)."""

    version = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Restore this revision as a new draft"))


class PublishForm(FlaskForm):
    """Publish every draft as a new release."""

    comment = StringField(_l("Comment for the release"), validators=[DataRequired(REQUIRED), _max(500)])
    override_reason = TextAreaField(_l("Publish anyway, because:"), validators=[Optional(), _max(1000)])
    submit = SubmitField(_l("Publish now"))


class RollbackForm(FlaskForm):
    """Publish an earlier release again."""

    submit = SubmitField(_l("Roll back to this release"))
