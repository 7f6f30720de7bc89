"""Every admin form under hostile input, sent with a valid CSRF token by a user of the right role.

Each form is discovered by GETting its page and reading the <form> (fields, options, buttons, CSRF
token). Hypothesis then changes, drops, duplicates and adds fields (empty, huge, RTL, NUL, numbers out
of range, dates that do not exist) and sends them url-encoded, as multipart, with a file, as JSON or
as broken UTF-8. Whatever comes in: never a 500; a refusal says why and changes nothing in the
database; a success is whole (the row, its revision, its version and exactly one audit entry).
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from core.auth import check_password
from core.config import LANGUAGES
from core.editing import ITEM_TYPES, ItemType, save_item, serialize
from core.extensions import db
from core.fleet.registry import hash_token
from core.hours import TZ
from core.models import Article, Release, Revision, Topic, User
from core.models.base import utcnow
from core.models.users import ADMIN_LANGUAGES, ALL_ROLES
from core.publishing import publish
from tests.admin.conftest import PASSWORD, ROLE_USERS, AdminClient, password_hash
from tests.security.helpers import (
    ALLOWED_FORM_STATUSES,
    Diff,
    FormSpec,
    all_rules,
    diff,
    explains_itself,
    form_for,
    fresh_request_state,
    rule_methods,
    snapshot,
)
from tests.security.strategies import FUZZ, first_values, form_bodies, hostile, post_body, redirect_targets, slugs

_serial = itertools.count(1)


@dataclass
class Ctx:
    """What one fuzzed form needs across examples: the app, a logged-in client, ids, the cached form."""

    app: object
    samples: object
    staff: dict
    client: AdminClient | None = None
    spec: FormSpec | None = None
    shape: FormSpec | None = None  # the form as first read: what the random draws choose from
    extra: dict = field(default_factory=dict)

    def user_id(self, role: str) -> int:
        """Id of the test account of a role."""
        return self.staff[role]


def safe_location(response) -> str:
    """The redirect target, checked to stay inside the admin panel of this site."""
    location = response.headers.get("Location", "")
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, f"redirect leaves the site: {location!r}"
    assert location.startswith("/admin") and "\\" not in location, f"redirect outside the admin: {location!r}"
    assert not any(ord(ch) < 32 for ch in location), f"control character in the redirect: {location!r}"
    return location


def audit_events(change: Diff) -> list[dict]:
    """The audit entries a request added."""
    return change.added.get("audit_event", [])


# --- the forms ------------------------------------------------------------------------------------


class FormCase:
    """One admin form: where it is, who may use it, and what a success must have written."""

    name = ""
    role: str | None = "admin"
    examples = 40
    success_statuses = frozenset({302})
    statuses = frozenset(ALLOWED_FORM_STATUSES)
    refresh_after_success = True
    hostile_page_url = False  # the page's own address carries fuzzed values (login's ?next=)
    good: dict = {}  # noqa: RUF012  (read-only per class)

    def __repr__(self) -> str:
        return self.name

    def page(self, ctx: Ctx) -> str:
        """The page that shows the form."""
        raise NotImplementedError

    def action(self, ctx: Ctx, data) -> str:
        """Where the form is sent (a case may draw it, e.g. a release number)."""
        return ctx.spec.action

    def form_action(self, ctx: Ctx) -> str:
        """The path the wanted form posts to (pages also hold the language and logout forms)."""
        return self.page(ctx).split("?", 1)[0]

    def form_pattern(self, ctx: Ctx) -> str:
        """A regular expression for the path the wanted form posts to."""
        return re.escape(self.form_action(ctx))

    def base(self, ctx: Ctx) -> dict[str, str]:
        """Values that make the page's form a valid submission (empty for forms that already are)."""
        return {}

    def setup(self, ctx: Ctx) -> None:
        """Once per test, before the first example."""

    def prepare(self, ctx: Ctx, data) -> None:
        """Before each example (and before its snapshot)."""

    def check_success(self, ctx: Ctx, sent: dict | None, response, change: Diff) -> None:
        """A success status: what was written must be whole."""
        raise NotImplementedError

    def check_refusal(self, ctx: Ctx, sent: dict | None, response, change: Diff) -> None:
        """A refusal changes nothing."""
        assert change.empty, f"refused with {response.status_code} but the database changed: {change}"

    def after_success(self, ctx: Ctx) -> None:
        """Undo what would stop later examples from reaching the save path."""


class LoginForm(FormCase):
    name = "login"
    role = None
    hostile_page_url = True
    statuses = frozenset(ALLOWED_FORM_STATUSES | {401})
    good = {  # noqa: RUF012
        "username": st.sampled_from(["erkin", "aibek", " perizat ", "nobody", "ERKIN"]),
        "password": st.sampled_from([PASSWORD, PASSWORD + " ", "wrong password"]),
    }

    def prepare(self, ctx, data):
        ctx.client = AdminClient(ctx.app.test_client())  # a fresh visitor each time
        ctx.extra["next"] = data.draw(redirect_targets, label="next")
        ctx.spec = None

    def page(self, ctx):
        return "/admin/login?next=" + quote(ctx.extra.get("next", ""), safe="")

    def base(self, ctx):
        return {"username": "erkin", "password": PASSWORD}

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if sent is not None:
            assert (sent.get("username") or "").strip() in ROLE_USERS.values() and sent.get("password") == PASSWORD
        assert change.shape() == {"staff_user": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        assert [e["event"] for e in audit_events(change)] == ["login"]

    def check_refusal(self, ctx, sent, response, change):
        if response.status_code == 401:
            # A failed login is recorded, and that is all it writes.
            assert change.shape() == {"audit_event": (1, 0, 0)}, change
            assert audit_events(change)[0]["event"] == "login.failed"
        else:
            super().check_refusal(ctx, sent, response, change)


class PasswordForm(FormCase):
    name = "password"
    role = "editor"
    good = {  # noqa: RUF012
        "current": st.sampled_from([PASSWORD, "not my password"]),
        "new": st.sampled_from(["another long password", "short"]),
        "repeat": st.sampled_from(["another long password", "different long password"]),
    }

    def page(self, ctx):
        return "/admin/password"

    def base(self, ctx):
        return {"current": PASSWORD, "new": "another long password", "repeat": "another long password"}

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        assert change.shape() == {"staff_user": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        assert [e["event"] for e in audit_events(change)] == ["user.password"]
        ((old, new),) = change.changed["staff_user"]
        assert new["id"] == ctx.user_id("editor") and new["session_token"] != old["session_token"]
        if sent is not None:
            assert check_password(db.session.get(User, new["id"]), sent["new"])

    def after_success(self, ctx):
        user = db.session.get(User, ctx.user_id("editor"))
        user.password_hash = password_hash()  # the session stays valid: only the hash is put back
        db.session.commit()


class UserNewForm(FormCase):
    name = "user-new"

    def page(self, ctx):
        return "/admin/users/new"

    def base(self, ctx):
        return {"username": f"staff{next(_serial)}", "password": "a long enough password", "active": "y"}

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        assert change.shape() == {"staff_user": (1, 0, 0), "audit_event": (1, 0, 0)}, change
        assert [e["event"] for e in audit_events(change)] == ["user.create"]
        row = change.added["staff_user"][0]
        assert row["role"] in ALL_ROLES and row["language"] in ADMIN_LANGUAGES
        if sent is not None:
            assert row["username"] == sent["username"] and row["role"] == sent["role"]
            assert check_password(db.session.get(User, row["id"]), sent["password"])


class UserEditForm(FormCase):
    name = "user-edit"

    def page(self, ctx):
        return f"/admin/users/{ctx.user_id('editor')}"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if change.empty:
            return  # "Nothing was changed."
        assert change.shape() == {"staff_user": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        assert [e["event"] for e in audit_events(change)] == ["user.change"]
        ((old, new),) = change.changed["staff_user"]
        assert new["id"] == ctx.user_id("editor") and new["role"] in ALL_ROLES
        rights = any(old[k] != new[k] for k in ("role", "active", "password_hash"))
        assert (new["session_token"] != old["session_token"]) == rights


class ItemForm(FormCase):
    """The editor of one content item (existing, or new when `new`)."""

    role = "editor"
    examples = 30

    def __init__(self, kind: str, new: bool):
        self.kind: ItemType = ITEM_TYPES[kind]
        self.new = new
        self.name = f"{kind}-{'new' if new else 'edit'}"

    def setup(self, ctx):
        model = self.kind.model
        ctx.extra["item_id"] = db.session.scalar(select(model.id).order_by(model.id).limit(1))

    def page(self, ctx):
        if self.new:
            return f"/admin/content/{self.kind.key}/new"
        return f"/admin/content/{self.kind.key}/{ctx.extra['item_id']}"

    def base(self, ctx):
        if not self.new:
            return {}
        n = next(_serial)
        values = {f"{f.name}_ru": f"Новый текст {n}" for f in self.kind.text_fields if f.required}
        values.update({"slug": f"fuzz-{n}", "key": f"fuzz-{n}", "number": "189", "sort": "10"})
        return values

    def check_success(self, ctx, sent, response, change):
        location = safe_location(response)
        table = self.kind.model.__tablename__
        if change.empty:
            assert not self.new, "a new item was reported as created but nothing was written"
            return  # "Nothing was changed."
        audits = audit_events(change)
        revisions = sorted(change.added.get("revision", []), key=lambda r: r["number"])
        if self.new:
            assert change.shape() == {table: (1, 0, 0), "revision": (1, 0, 0), "audit_event": (1, 0, 0)}, change
            row = change.added[table][0]
            assert revisions[0]["action"] == "create" and revisions[0]["number"] == 1
            assert location.split("?")[0].endswith(f"/admin/content/{self.kind.key}/{row['id']}")
            assert [e["event"] for e in audits] == ["item.create"]
            previous = {}
        else:
            # The first save after seeding also keeps the seeded state as a "baseline" revision.
            expected = {table: (0, 0, 1), "revision": (len(revisions), 0, 0), "audit_event": (1, 0, 0)}
            assert change.shape() == expected and len(revisions) in (1, 2), change
            ((old, row),) = change.changed[table]
            assert row["version_id"] == old["version_id"] + 1, "the version must go up by exactly one"
            if len(revisions) == 2:
                assert revisions[0]["action"] == "baseline" and revisions[0]["data"]["texts"] == _texts(old, self.kind)
            assert [e["event"] for e in audits] == ["item.save"]
            previous = old
        newest = revisions[-1]
        assert audits[0]["detail"]["id"] == row["id"] and audits[0]["detail"]["revision"] == newest["number"]
        item = db.session.get(self.kind.model, row["id"])
        assert serialize(item) == newest["data"], "the revision does not hold what was saved"
        if sent is not None:
            assert_texts_saved(self.kind, sent, previous, row)


def _texts(row: dict, kind: ItemType) -> dict:
    return {
        lang: {f.name: ((row["texts"] or {}).get(lang, {}) or {}).get(f.name, "") or "" for f in kind.text_fields}
        for lang in LANGUAGES
    }


def assert_texts_saved(kind: ItemType, sent: dict, old_row: dict, new_row: dict) -> None:
    """Every text typed arrived as typed (CR LF as LF; trimmed unless a non-blank multi-line text);
    texts not sent kept their old value."""
    old, new = _texts(old_row, kind) if old_row else {}, _texts(new_row, kind)
    for lang in LANGUAGES:
        for f in kind.text_fields:
            name = f"{f.name}_{lang}"
            if name in sent:
                value = sent[name].replace("\r\n", "\n")
                expected = value if f.multiline and value.strip() else value.strip()
            else:
                expected = old.get(lang, {}).get(f.name, "")
            assert new[lang][f.name] == expected, f"{name}: saved {new[lang][f.name]!r}, typed {expected!r}"


class PublishForm(FormCase):
    name = "publish"
    role = "publisher"
    refresh_after_success = False

    def page(self, ctx):
        return "/admin/publish"

    def base(self, ctx):
        return {"comment": "Fuzzed release"}

    def prepare(self, ctx, data):
        # One pending draft change per example; sometimes it lacks English, so publishing needs a reason.
        topic = db.session.scalar(select(Topic).order_by(Topic.id).limit(1))
        texts = copy.deepcopy(topic.texts)
        texts["ru"]["title"] = f"Тема {next(_serial)}"
        gap = data.draw(st.booleans(), label="missing English")
        texts["en"] = {"title": "", "summary": ""} if gap else ctx.extra.setdefault("en", texts["en"])
        topic.texts = texts
        db.session.commit()
        ctx.extra["gap"] = gap

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        assert change.shape() == {"release": (1, 0, 0), "audit_event": (1, 0, 0)}, change
        release = change.added["release"][0]
        event = audit_events(change)[0]
        assert event["event"] == "publish" and event["detail"]["release"] == release["number"]
        assert release["number"] == db.session.scalar(select(func.max(Release.number)))
        if sent is not None:
            assert release["comment"] == sent["comment"].strip()
            if ctx.extra["gap"]:
                assert event["detail"]["override_reason"] == sent["override_reason"].strip() != ""


class RollbackForm(FormCase):
    name = "rollback"
    role = "publisher"
    refresh_after_success = False

    def setup(self, ctx):
        # A second release, so the page offers a rollback (to release 1).
        topic = db.session.scalar(select(Topic).order_by(Topic.id).limit(1))
        texts = copy.deepcopy(topic.texts)
        texts["ru"]["title"] = "Тема для отката"
        topic.texts = texts
        db.session.commit()
        publish("setup", "second release")

    def page(self, ctx):
        return "/admin/releases"

    def form_action(self, ctx):
        return "/admin/releases/1/rollback"

    def action(self, ctx, data):
        existing = st.integers(1, 3)  # releases 1 and 2 exist from the start, later ones after a rollback
        number = data.draw(st.one_of(existing, existing, st.integers(0, 10**25)), label="release")
        ctx.extra["number"] = number
        return f"/admin/releases/{number}/rollback"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        assert change.shape() == {"release": (1, 0, 0), "audit_event": (1, 0, 0)}, change
        new = change.added["release"][0]
        event = audit_events(change)[0]
        assert event["event"] == "rollback" and event["detail"]["restored"] == ctx.extra["number"]
        old = db.session.scalar(select(Release).where(Release.number == ctx.extra["number"]))
        assert new["payload"] == old.payload and new["content_hash"] == old.content_hash


class RevertForm(FormCase):
    name = "revert"
    role = "publisher"

    def setup(self, ctx):
        article = db.session.get(Article, ctx.samples.article_id)
        for title in ("Первая правка", "Вторая правка"):
            data = serialize(article)
            data["texts"]["ru"]["title"] = title
            save_item(article, data, expected_version=article.version_id, author="setup")

    def page(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}/history"

    def form_action(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}/revert/2"

    def form_pattern(self, ctx):
        # The page offers every revision but the one the draft equals now.
        return re.escape(f"/admin/content/article/{ctx.samples.article_id}/revert/") + r"\d+"

    def action(self, ctx, data):
        existing = st.sampled_from([1, 2, 3])  # the baseline and the two saves of setup()
        number = data.draw(st.one_of(existing, existing, st.integers(0, 10**25)), label="revision")
        ctx.extra["number"] = number
        return f"/admin/content/article/{ctx.samples.article_id}/revert/{number}"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if change.empty:
            return  # someone saved meanwhile (wrong version), or the draft already equals it
        expected = {"article": (0, 0, 1), "revision": (1, 0, 0), "audit_event": (1, 0, 0)}
        assert change.shape() == expected, change
        ((old, row),) = change.changed["article"]
        assert row["version_id"] == old["version_id"] + 1
        assert [e["event"] for e in audit_events(change)] == ["item.revert"]
        source = db.session.scalar(
            select(Revision).where(Revision.item_type == "article", Revision.item_id == row["id"],
                                   Revision.number == ctx.extra["number"])
        )  # fmt: skip
        now = serialize(db.session.get(Article, row["id"]))
        differs = {(lang, name) for lang in LANGUAGES for name in now["texts"][lang]
                   if now["texts"][lang][name] != source.data["texts"][lang][name]}  # fmt: skip
        assert not differs and now["fields"] == source.data["fields"], f"revision {source.number} restored {differs}"
        assert change.added["revision"][0]["data"] == now


class HoursForm(ItemForm):
    """A reception-hours editor: a save is an ordinary draft save of the office or a hotline."""

    role = "publisher"

    def __init__(self, name: str, url: str, kind: str):
        super().__init__(kind, new=False)
        self.name = name
        self.url = url

    def setup(self, ctx):
        ctx.extra["item_id"] = ctx.samples.hotline_id if self.kind.key == "hotline" else None

    def page(self, ctx):
        return self.url.format(hotline_id=ctx.samples.hotline_id)

    def base(self, ctx):
        return {"save": "Save draft"}  # without it the page only previews

    def check_success(self, ctx, sent, response, change):
        super().check_success(ctx, None, response, change)


class FleetNewForm(FormCase):
    name = "terminal-register"
    success_statuses = frozenset({200})

    def page(self, ctx):
        return "/admin/fleet/new"

    def base(self, ctx):
        return {"slug": f"fuzz-terminal-{next(_serial)}", "name": "Терминал", "kind": "airport"}

    def check_success(self, ctx, sent, response, change):
        expected = {"terminal": (1, 0, 0), "terminal_event": (1, 0, 0), "audit_event": (1, 0, 0)}
        assert change.shape() == expected, change
        row = change.added["terminal"][0]
        tokens = set(re.findall(r"kt_[A-Za-z0-9_-]{20,}", response.get_data(as_text=True)))
        assert [hash_token(t) for t in tokens] == [row["token_hash"]], "the page must show the new token once"
        assert response.headers.get("Cache-Control") == "no-store"
        assert audit_events(change)[0]["event"] == "terminal.create"


class FleetSettingsForm(FormCase):
    name = "terminal-settings"

    def page(self, ctx):
        return f"/admin/fleet/{ctx.samples.terminal_slug}"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        shape = change.shape()
        assert shape.pop("audit_event") == (1, 0, 0) and shape in ({}, {"terminal": (0, 0, 1)}), change
        assert audit_events(change)[0]["event"] == "terminal.update"
        if sent is not None and shape:
            ((old, row),) = change.changed["terminal"]
            # A field left out keeps the value the form was filled with (WTForms' `data=`).
            assert row["name"] == sent.get("name", old["name"]).strip() and row["kind"] == sent.get("kind", old["kind"])


class FleetActionForm(FormCase):
    """A button on a terminal's page (reload, new token, revoke): only a CSRF token and strangers."""

    examples = 15
    refresh_after_success = False  # the revoke button goes once revoked; the CSRF token stays valid
    WRITES = {  # noqa: RUF012
        "reload": ({"terminal_command": (1, 0, 0), "terminal_event": (1, 0, 0), "audit_event": (1, 0, 0)},
                   "terminal.command"),
        "rotate": ({"terminal": (0, 0, 1), "terminal_event": (1, 0, 0), "audit_event": (1, 0, 0)},
                   "terminal.token_rotate"),
        "revoke": ({"terminal": (0, 0, 1), "terminal_event": (1, 0, 0), "audit_event": (1, 0, 0)},
                   "terminal.token_revoke"),
    }  # fmt: skip

    def __init__(self, action: str):
        self.name = f"terminal-{action}"
        self.verb = action
        self.success_statuses = frozenset({200} if action == "rotate" else {302})

    def page(self, ctx):
        return f"/admin/fleet/{ctx.samples.terminal_slug}"

    def form_action(self, ctx):
        return f"/admin/fleet/{ctx.samples.terminal_slug}/{self.verb}"

    def check_success(self, ctx, sent, response, change):
        if self.verb != "rotate":
            safe_location(response)
        shape, event = self.WRITES[self.verb]
        assert change.shape() == shape, change
        assert audit_events(change)[0]["event"] == event
        if self.verb == "rotate":
            ((_old, row),) = change.changed["terminal"]
            tokens = set(re.findall(r"kt_[A-Za-z0-9_-]{20,}", response.get_data(as_text=True)))
            assert [hash_token(t) for t in tokens] == [row["token_hash"]] and row["revoked_at"] is None
            assert response.headers.get("Cache-Control") == "no-store"


class ReviewCheckForm(FormCase):
    """The "mark as checked today" button on an item's editor: the item's version and the CSRF token."""

    name = "review-check"
    role = "editor"
    examples = 20

    def page(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}"

    def form_action(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}/check"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if change.empty:
            return  # not the item's current version: refused with a message, nothing written
        assert audit_events(change)[0]["event"] == "item.check"
        if change.shape() == {"audit_event": (1, 0, 0)}:
            return  # checked again the same day by the same person: the row already says so
        assert change.shape() == {"article": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        ((old, row),) = change.changed["article"]
        changed = {k for k in old if old[k] != row[k]}
        assert changed <= {"checked_on", "checked_by", "needs_review", "version_id", "updated_at"}, changed


class LanguageForm(FormCase):
    """The interface-language switch on every admin page (its `next` must never lead off the site)."""

    name = "language"
    role = "editor"

    def page(self, ctx):
        return "/admin/"

    def form_action(self, ctx):
        return "/admin/language"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if not change.empty:
            assert change.shape() == {"staff_user": (0, 0, 1)}, change
            ((old, new),) = change.changed["staff_user"]
            assert {k for k in old if old[k] != new[k]} == {"language"} and new["language"] in ADMIN_LANGUAGES


class TranslationConfirmForm(FormCase):
    """The "Kyrgyz text still says the same" button on a stale item's editor: the item's version and the page to
    go back to."""

    name = "translation-confirm"
    role = "editor"
    examples = 20

    def setup(self, ctx):
        self.after_success(ctx)

    def after_success(self, ctx):
        article = db.session.get(Article, ctx.samples.article_id)
        article.stale_languages = ["ky", "en"]  # as after a Russian edit, so the buttons are offered
        db.session.commit()

    def page(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}"

    def form_action(self, ctx):
        return f"/admin/content/article/{ctx.samples.article_id}/confirm/ky"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if change.empty:
            return  # not the item's current version, or already confirmed: a message, nothing written
        assert [e["event"] for e in audit_events(change)] == ["item.translation_confirmed"]
        assert change.shape() == {"article": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        ((old, row),) = change.changed["article"]
        changed = {k for k in old if old[k] != row[k]}
        assert changed <= {"stale_languages", "text_updated", "updated_by", "version_id", "updated_at"}, changed
        assert "ky" not in row["stale_languages"]


class PronunciationForm(FormCase):
    """A word and how kiosks should say it (issue 15): added, or changed when the word is there in any case."""

    name = "pronunciation"
    role = "editor"

    def page(self, ctx):
        return "/admin/speech/"

    def base(self, ctx):
        return {"lang": "ky", "word": f"Manas{next(_serial)}", "spoken": "Манас"}

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        assert [e["event"] for e in audit_events(change)] == ["speech.pronunciation"]
        shape = change.shape()
        assert shape.pop("audit_event") == (1, 0, 0) and shape in ({}, {"pronunciation": (1, 0, 0)},
                                                                   {"pronunciation": (0, 0, 1)}), change  # fmt: skip
        changed = [new for _old, new in change.changed.get("pronunciation", [])]
        for row in [*change.added.get("pronunciation", []), *changed]:
            assert row["lang"] in ("ky", "ru", "en") and 0 < len(row["word"]) <= 80 and 0 < len(row["spoken"]) <= 200
            assert row["word"] == row["word"].strip() and row["spoken"] == row["spoken"].strip()


class NoticeForm(FormCase):
    """An urgent notice, new or the sample one: a success writes the notice and exactly one audit entry."""

    role = "publisher"

    def __init__(self, new: bool):
        self.new = new
        self.name = f"notice-{'new' if new else 'edit'}"

    def page(self, ctx):
        return "/admin/notices/new" if self.new else f"/admin/notices/{ctx.samples.notice_id}"

    def base(self, ctx):
        ends = (utcnow() + timedelta(hours=2)).astimezone(TZ).strftime("%Y-%m-%dT%H:%M")
        return {"text_ky": "Эскертүү", "text_ru": f"Объявление {next(_serial)}", "text_en": "Notice", "ends_at": ends}

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        old = {"texts": {}}
        if self.new:
            assert change.shape() == {"urgent_notice": (1, 0, 0), "audit_event": (1, 0, 0)}, change
            row = change.added["urgent_notice"][0]
            assert row["version"] == 1 and [e["event"] for e in audit_events(change)] == ["notice.create"]
        else:
            assert change.shape() == {"urgent_notice": (0, 0, 1), "audit_event": (1, 0, 0)}, change
            ((old, row),) = change.changed["urgent_notice"]
            assert row["version"] == old["version"] + 1 and [e["event"] for e in audit_events(change)] == [
                "notice.update"
            ]
        assert row["ends_at"] > row["starts_at"] and row["severity"] in ("info", "warning", "critical")
        assert audit_events(change)[0]["detail"]["notice"] == row["id"]
        if sent is not None:
            for lang in LANGUAGES:
                # A field left out keeps the value the form was filled with (WTForms' `data=`).
                before = (old["texts"].get(lang) or {}).get("text", "")
                typed = sent.get(f"text_{lang}", before).replace("\r\n", "\n").strip()
                kept = "".join(ch for ch in typed if ch in "\n\t" or ch.isprintable()).strip()
                assert (row["texts"].get(lang) or {}).get("text", "") == kept, lang


class NoticeWithdrawForm(FormCase):
    """The "withdraw" button of a notice: once it is withdrawn, pressing again changes nothing."""

    name = "notice-withdraw"
    role = "publisher"
    examples = 15
    refresh_after_success = False  # the button goes once the notice is withdrawn

    def page(self, ctx):
        return f"/admin/notices/{ctx.samples.notice_id}"

    def form_action(self, ctx):
        return f"/admin/notices/{ctx.samples.notice_id}/withdraw"

    def check_success(self, ctx, sent, response, change):
        safe_location(response)
        if change.empty:
            return  # already withdrawn
        assert change.shape() == {"urgent_notice": (0, 0, 1), "audit_event": (1, 0, 0)}, change
        ((_old, row),) = change.changed["urgent_notice"]
        assert row["withdrawn_at"] is not None and audit_events(change)[0]["event"] == "notice.withdraw"


CASES = [
    LoginForm(), PasswordForm(), UserNewForm(), UserEditForm(), LanguageForm(),
    *[ItemForm(kind, new=False) for kind in ITEM_TYPES],
    *[ItemForm(kind, new=True) for kind, t in ITEM_TYPES.items() if t.creatable],
    PublishForm(), RollbackForm(), RevertForm(), ReviewCheckForm(), TranslationConfirmForm(),
    HoursForm("hours-grid", "/admin/hours/", "office"),
    HoursForm("hours-osm", "/admin/hours/osm", "office"),
    HoursForm("hotline-hours", "/admin/hours/hotlines/{hotline_id}", "hotline"),
    FleetNewForm(), FleetSettingsForm(), *[FleetActionForm(action) for action in ("reload", "rotate", "revoke")],
    PronunciationForm(),
    NoticeForm(new=True), NoticeForm(new=False), NoticeWithdrawForm(),
]  # fmt: skip
# Admin POST endpoints without a case above, and why.
NOT_FUZZED_HERE = {
    "admin.logout": "no fields but the CSRF token; covered by test_authorization_map and the admin CSRF tests",
    "admin.item_preview": "the editors' kiosk preview: fuzzed in test_fuzz_json (it stores nothing)",
    "admin.item_new_preview": "the editors' kiosk preview: fuzzed in test_fuzz_json (it stores nothing)",
    "admin.hours_preview": "the hours grid's kiosk preview: stores nothing; same form as hours_post, fuzzed above",
    "admin.hours_osm_preview": "the opening_hours kiosk preview: stores nothing; same form as the OSM page",
    "admin.hours_hotline_preview": "a hotline's hours preview: stores nothing; same form as the hotline page",
    # The report register's plain forms (one field each): hostile text, lengths, unknown statuses and
    # missing CSRF tokens are tested in tests/admin/test_reports.py.
    "admin.report_status_change": "tested in tests/admin/test_reports.py",
    "admin.report_note": "tested in tests/admin/test_reports.py",
    "admin.report_answer": "tested in tests/admin/test_reports.py",
    "admin.speech_preview": "writes nothing and answers JSON; its refusals are in tests/admin/test_speech_admin.py",
    "admin.speech_remove": "a button with only its CSRF token, like logout; tests/admin/test_speech_admin.py",
}


def _discover(case: FormCase, ctx: Ctx) -> FormSpec | None:
    """The form as the page shows it; None when a hostile page address is refused (with a message)."""
    url = case.page(ctx)
    fresh_request_state()
    page = ctx.client.get(url)
    fresh_request_state()
    if case.hostile_page_url and page.status_code == 400:
        assert explains_itself(page), page.get_data(as_text=True)[:500]
        return None
    assert page.status_code == 200, (url, page.status_code)
    spec = form_for(page.get_data(as_text=True), url, case.form_pattern(ctx))
    # Hypothesis replays choices: what they pick from must not change when a save adds rows to the form.
    if ctx.shape is None:
        ctx.shape = spec
    spec.names, spec.options, spec.checkboxes, spec.submits = (
        ctx.shape.names, ctx.shape.options, ctx.shape.checkboxes, ctx.shape.submits
    )  # fmt: skip
    return spec


def one_example(case: FormCase, ctx: Ctx, data) -> None:
    """Send one hostile submission and judge the answer and the database."""
    case.prepare(ctx, data)
    db.session.remove()
    if ctx.spec is None:
        ctx.spec = _discover(case, ctx)
        if ctx.spec is None:
            return
    url = case.action(ctx, data)
    encoding, body = data.draw(form_bodies(ctx.spec, case.base(ctx), case.good), label="submission")
    status, changed = submit_and_judge(case, ctx, url, encoding, body)
    event(f"{encoding} -> {status}{' (changed)' if changed else ''}")


def submit_and_judge(case: FormCase, ctx: Ctx, url: str, encoding: str, body) -> tuple[int, bool]:
    """Send a submission; a refusal must explain itself and change nothing, a success must be whole."""
    before = snapshot()
    fresh_request_state()
    response = post_body(ctx.client.client, url, encoding, body, ctx.spec.csrf_token)
    fresh_request_state()  # as at the end of a real request: nothing uncommitted survives
    change = diff(before, snapshot())
    status = response.status_code
    text = response.get_data(as_text=True)
    assert status in case.statuses, f"{case.name}: unexpected {status}: {text[:800]}"
    sent = first_values(encoding, body)
    if status in case.success_statuses:
        case.check_success(ctx, sent, response, change)
        if not change.empty:
            case.after_success(ctx)
            db.session.remove()
            if case.refresh_after_success:
                ctx.spec = None
    else:
        assert status == 200 or explains_itself(response), f"{case.name}: {status} without a message: {text[:800]}"
        case.check_refusal(ctx, sent, response, change)
    return status, not change.empty


# Typed fields (numbers, dates, versions) and the values at the edges of what Python, the calendar and
# the database can hold; each is tried on its own before the random examples.
TYPED_FIELDS = (
    r"effective_from|sort|windows|shorten_minutes|idle_timeout|version|preview_from|(extra|exceptions)-\d+-date"
)
EDGES = ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01", "9999-12-31", "9" * 19, "9" * 5000, "²"]


def edge_values(case: FormCase, ctx: Ctx) -> None:
    """Each typed field of the form set to each edge value, the rest a valid submission."""
    if type(case).prepare is not FormCase.prepare:
        return  # a form prepared per example (login, publish) has no typed field
    ctx.spec = ctx.spec or _discover(case, ctx)
    for name in [n for n in ctx.spec.names if re.fullmatch(TYPED_FIELDS, n)]:
        for value in EDGES:
            ctx.spec = ctx.spec or _discover(case, ctx)
            numbers = re.findall(r"\d+", ctx.spec.action)
            ctx.extra["number"] = int(numbers[-1]) if numbers else None  # the release or revision in the URL
            body = {**ctx.spec.defaults(), **case.base(ctx), name: value}
            submit_and_judge(case, ctx, ctx.spec.action, "urlencoded", list(body.items()))


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_admin_form_survives_hostile_input(app, as_role, samples, staff, case):
    ctx = Ctx(app, samples, {role: user.id for role, user in staff.items()})
    case.setup(ctx)
    db.session.remove()
    if case.role is not None:
        ctx.client = as_role(case.role)
    edge_values(case, ctx)

    @settings(FUZZ, max_examples=case.examples)
    @given(data=st.data())
    def run(data):
        one_example(case, ctx, data)

    run()


def test_the_success_checks_are_reached(app, as_role, samples, staff):
    """The valid base submission of every case succeeds, so the fuzz above exercises the save paths."""
    ids = {role: user.id for role, user in staff.items()}
    for case in CASES:
        ctx = Ctx(app, samples, ids)
        case.setup(ctx)
        db.session.remove()
        ctx.client = as_role(case.role) if case.role else AdminClient(app.test_client())
        ctx.spec = _discover(case, ctx)
        values = {**ctx.spec.defaults(), **case.base(ctx)}
        if isinstance(case, RollbackForm | RevertForm):
            ctx.extra["number"] = int(ctx.spec.action.rsplit("/", 2)[-2 if isinstance(case, RollbackForm) else -1])
        if isinstance(case, PublishForm):
            ctx.extra["gap"] = True  # the items created above exist only in Russian: a reason is needed
            values["override_reason"] = "Проверка"
            topic = db.session.scalar(select(Topic).order_by(Topic.id).limit(1))
            texts = copy.deepcopy(topic.texts)
            texts["ru"]["title"] = "Опубликовать"
            topic.texts = texts
            db.session.commit()
        if isinstance(case, HoursForm | ItemForm) and not case.new:
            values.update(_one_visible_change(case, values))
        if isinstance(case, LanguageForm):
            values["language"] = "ru"  # the user-edit case before it switched this account to "ky"
        if isinstance(case, UserEditForm):
            values["language"] = "ky"
        fresh_request_state()
        before = snapshot()
        response = post_body(
            ctx.client.client, ctx.spec.action, "urlencoded", list(values.items()), ctx.spec.csrf_token
        )
        fresh_request_state()
        change = diff(before, snapshot())
        assert response.status_code in case.success_statuses, (case.name, response.get_data(as_text=True)[:800])
        assert not change.empty, case.name
        case.check_success(ctx, values, response, change)
        case.after_success(ctx)
        db.session.remove()


def _one_visible_change(case: FormCase, values: dict) -> dict:
    if "title_ru" in values:
        return {"title_ru": values["title_ru"] + " (правка)"}
    for name in ("label_ru", "name_ru"):
        if name in values:
            return {name: values[name] + " (правка)"}
    if "day_sa" in values:
        return {"day_sa": "10:00-14:00" if values["day_sa"] != "10:00-14:00" else "", "save": "y"}
    if "osm" in values:
        return {"osm": "Mo-Fr 09:00-12:00", "save": "y"}
    raise AssertionError(f"no field to change in {case.name}")


def test_every_admin_form_is_fuzzed(app, samples, staff):
    """Each admin endpoint that takes a POST has a case above (or a reason in NOT_FUZZED_HERE), so a form
    added later is not silently left out."""
    ctx = Ctx(app, samples, {role: user.id for role, user in staff.items()})
    adapter = app.url_map.bind("localhost")
    covered = set()
    for case in CASES:
        case.setup(ctx)
        covered.add(adapter.match(case.form_action(ctx), method="POST")[0])
    posts = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.") and "POST" in r.methods}
    assert posts - covered - set(NOT_FUZZED_HERE) == set()
    assert set(NOT_FUZZED_HERE) <= posts - covered


QUERY_KEYS = ["topic", "q", "missing", "status", "event", "actor", "from", "to", "page", "a", "b", "gaps", "next"]
# Numbers str.isdigit() accepts but int() refuses, numbers no column holds, the calendar's first and last days.
TRICKY_VALUES = ["²", "٣", "9" * 5000, "99999999999999999999", "-1", "1e3", "0001-01-01", "9999-12-31"]


def test_pages_survive_hostile_query_strings_and_slugs(app, as_role, samples):
    """The search and filter forms (method GET) and every page's own address: any query string on any
    admin or kiosk page, any slug in a kiosk address. Never a 500, a refusal says why, and no GET ever
    writes to the database."""
    admin = as_role("admin").client
    visitor = app.test_client()
    pages = [
        (rule.endpoint, samples.url(app, rule, "GET"))
        for rule in all_rules(app)
        if "GET" in rule_methods(rule) and rule.endpoint.startswith(("admin.", "kiosk."))
    ]
    before = snapshot()

    def check(endpoint, url, query):
        client = admin if endpoint.startswith("admin.") else visitor
        fresh_request_state()
        path, _sep, own = url.partition("?")  # a sample URL with its own query (speech phrases) keeps it
        pairs = list(query.items()) if isinstance(query, dict) else list(query)
        response = client.get(path, query_string=parse_qsl(own) + pairs)
        fresh_request_state()
        assert response.status_code in (200, 302, 304, 400, 404), (url, query, response.status_code)
        assert response.status_code < 400 or explains_itself(response), response.get_data(as_text=True)[:500]

    for value in TRICKY_VALUES:  # in every filter at once
        for endpoint, url in pages:
            check(endpoint, url, dict.fromkeys(QUERY_KEYS, value))

    @settings(FUZZ, max_examples=60)
    @given(
        page=st.sampled_from(pages),
        query=st.lists(st.tuples(st.sampled_from(QUERY_KEYS), st.one_of(hostile, slugs)), max_size=4),
        slug=st.one_of(hostile, slugs),
    )
    def run(page, query, slug):
        endpoint, url = page
        if endpoint in ("kiosk.topic", "kiosk.article"):
            url = url.rsplit("/", 1)[0] + "/" + quote(slug, safe="")
        check(endpoint, url, query)

    run()
    changes = diff(before, snapshot())
    # The one write a GET makes on purpose: the audit record of who opened the report register, a report
    # or its export (issue 14: every view of the register is audited).
    audited = changes.added.pop("audit_event", [])
    assert {row["event"] for row in audited} <= {"report.list", "report.view", "report.export"}, audited
    assert changes.empty, "a GET request wrote to the database"
