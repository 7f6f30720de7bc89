"""The reception-hours editor: roles, CSRF, draft → publish, OSM text, exceptions, warnings, conflicts."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.hours import OsmSyntaxError, Rules, parse_osm
from core.models import AuditEvent, Hotline, Office, Release, Revision
from tests.admin.conftest import AdminClient, field_errors, make_user, read_form

GRID = "/admin/hours/"
OSM = "/admin/hours/osm"
HOTLINES = "/admin/hours/hotlines/"
ROLES = ("anonymous", "editor", "publisher", "admin")


def office() -> Office:
    """The seeded office, fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(select(Office).order_by(Office.id))


def hotline(key: str = "migration") -> Hotline:
    """A seeded hotline, fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(select(Hotline).where(Hotline.key == key))


def office_rules() -> Rules:
    """The office's draft rules."""
    return Rules.from_dict(office().hours_rules)


def text_of(html: str) -> str:
    """Visible text of a page, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def grid_form(c: AdminClient) -> dict:
    """The grid as a browser would send it."""
    return read_form(c.get(GRID).get_data(as_text=True))


def publish(c: AdminClient, comment: str = "hours") -> None:
    """Publish every draft through the admin page."""
    response = c.post("/admin/publish", {"comment": comment})
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]


def kiosk_status(app, lang: str, path: str = "office") -> str:
    """The text of the kiosk page's reception status."""
    page = app.test_client().get(f"/{lang}/{path}").get_data(as_text=True)
    found = re.search(r'<(?:div|a) class="status [^"]*"[^>]*>(.*?)</(?:div|a)>', page, re.S)
    assert found, page[-500:]
    return text_of(found.group(1)).strip()


def counts() -> tuple[int, int, int]:
    """Revisions, audit events and releases."""
    db.session.expire_all()
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Revision, AuditEvent, Release))


@pytest.fixture(autouse=True)
def english_staff(app, staff):
    """Staff read the panel in English here, so messages compare the same whatever the catalogs hold."""
    for user in staff.values():
        user.language = "en"
    db.session.commit()


@pytest.fixture
def frozen(app):
    """Set the moment the kiosk and the previews answer for."""

    def set_now(moment: str) -> None:
        """Answer as if it were `moment` (Bishkek time)."""
        app.config["KIOSK_FROZEN_NOW"] = moment

    set_now("2026-03-24T10:00")  # an ordinary Tuesday
    return set_now


# --- roles and CSRF -------------------------------------------------------------------------------


def _cases(hotline_id: int) -> list[tuple[str, str, str, int, dict]]:
    """(method, url, lowest role, status for allowed roles, form data) for every hours URL."""
    preview = {"preview": "Preview"}
    return [
        ("GET", GRID, "editor", 200, {}),
        ("GET", OSM, "editor", 200, {}),
        ("GET", HOTLINES, "editor", 200, {}),
        ("GET", f"{HOTLINES}{hotline_id}", "editor", 200, {}),
        ("POST", GRID, "publisher", 200, "grid"),
        ("POST", OSM, "publisher", 200, {"osm": "Mo-Fr 09:10-17:50; PH off", **preview}),
        ("POST", f"{HOTLINES}{hotline_id}", "publisher", 200, {"osm": "Mo-Fr 09:00-18:00", **preview}),
        # The kiosk preview beside the editors (editors see it too, with the saved hours).
        ("POST", f"{GRID}preview", "editor", 200, "grid"),
        ("POST", f"{OSM}/preview", "editor", 200, {"osm": "Mo-Fr 09:10-17:50; PH off"}),
        ("POST", f"{HOTLINES}{hotline_id}/preview", "editor", 200, {"osm": "Mo-Fr 09:00-18:00"}),
    ]


def test_role_matrix(app, staff, as_role, frozen):
    """Anonymous → login; editors read but cannot change; publishers and admins may preview and save."""
    clients = {role: AdminClient(app.test_client()) if role == "anonymous" else as_role(role) for role in ROLES}
    publisher_grid = {**grid_form(clients["publisher"]), "preview": "Preview"}
    rank = {role: i for i, role in enumerate(ROLES)}
    for method, url, lowest, status, data in _cases(hotline().id):
        for role, c in clients.items():
            if method == "GET":
                response = c.get(url)
            else:
                payload = publisher_grid if data == "grid" else data
                response = c.post(url, {k: v for k, v in payload.items() if k != "csrf_token"})
            if role == "anonymous":
                assert response.status_code == 302, (url, role)
                assert response.headers["Location"].startswith("/admin/login?next="), (url, role)
            elif rank[role] >= rank[lowest]:
                assert response.status_code == status, (method, url, role, response.get_data(as_text=True)[-400:])
            else:
                assert response.status_code == 403, (method, url, role)


def test_every_hours_url_is_in_the_matrix(app, staff):
    """Every URL of admin/hours*.py is in the matrix above and checks a role."""
    adapter = app.url_map.bind("localhost")
    covered = {(adapter.match(url)[0] if method == "GET" else adapter.match(url, method="POST")[0], method)
               for method, url, *_rest in _cases(1)}  # fmt: skip
    mine = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if app.view_functions[rule.endpoint].__module__.startswith("admin.hours")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert mine and mine <= covered
    assert all(hasattr(app.view_functions[endpoint], "required_role") for endpoint, _m in mine)


def test_editor_sees_read_only_pages_and_the_nav_links_them(app, as_role, frozen):
    """Editors see the rules and the preview with disabled inputs and no buttons; the nav links the page."""
    editor = as_role("editor")
    assert f'href="{GRID}"' in editor.get("/admin/").get_data(as_text=True)  # the nav slot is filled
    for url in (GRID, OSM, f"{HOTLINES}{hotline().id}"):
        page = editor.get(url).get_data(as_text=True)
        assert 'name="save"' not in page and 'name="preview"' not in page, url
        assert "needs the publisher role" in page, url
    page = editor.get(GRID).get_data(as_text=True)
    assert re.search(r'<input[^>]*disabled[^>]*name="day_mo"|<input[^>]*name="day_mo"[^>]*disabled', page)
    # The preview of the saved rules is there for everyone; editors may move its first day.
    page = editor.get(GRID + "?from=2026-03-16").get_data(as_text=True)
    assert 'data-date="2026-03-20"' in page and "Eid al-Fitr" in page


def test_the_grid_speaks_the_admins_language(app, as_role, frozen):
    """Labels and messages follow the admin's interface language (here Kyrgyz)."""
    make_user("aigul", "publisher", language="ky")
    c = AdminClient(app.test_client())
    c.login("aigul")
    page = c.post(GRID, {**grid_form(c), "day_mo": "9 to 5", "preview": "Preview"}).get_data(as_text=True)
    assert '<html lang="ky">' in page
    assert re.search(r'<label for="day_mo">Дүйшөмбү</label>', page)
    assert field_errors(page, "day_mo")  # the message is beside the field (its words come from the catalog)


@pytest.mark.parametrize("token", ["missing", "invalid"])
def test_posts_without_a_valid_csrf_token_are_refused(app, as_role, frozen, token):
    """Every hours form refuses a missing or forged CSRF token and changes nothing."""
    publisher = as_role("publisher")
    grid = {**grid_form(publisher), "day_mo": "10:00-12:00", "save": "Save"}
    osm_form = {"osm": "Mo-Su 08:00-20:00", "version": str(office().version_id), "save": "Save"}
    line = hotline()
    hotline_form = {"osm": "24/7", "version": str(line.version_id), "save": "Save"}
    before = (counts(), office().hours_rules, hotline().hours)
    for url, data in ((GRID, grid), (OSM, osm_form), (f"{HOTLINES}{line.id}", hotline_form),
                      (f"{HOTLINES}{line.id}", {**hotline_form, "save": "", "clear": "Remove"})):  # fmt: skip
        data = {k: v for k, v in data.items() if k != "csrf_token"}
        if token == "invalid":
            data["csrf_token"] = "IjAxMjM0NTY3ODkwIg.invalid.token"
        response = publisher.post(url, data, csrf=False)
        assert response.status_code == 400, url
        assert "The form could not be accepted" in response.get_data(as_text=True)
    assert (counts(), office().hours_rules, hotline().hours) == before
    # Control: the same grid with the token is saved.
    publisher.token = None
    assert publisher.post(GRID, {k: v for k, v in grid.items() if k != "csrf_token"}).status_code == 302
    assert office_rules().weekly[0] == ((600, 720),)


# --- draft, publish, kiosk ----------------------------------------------------------------------


def test_grid_save_is_a_draft_until_published(app, as_role, frozen):
    """A grid save is a draft (revision + audit entry); the kiosk follows only after publishing."""
    publisher = as_role("publisher")
    assert kiosk_status(app, "en") == "Open now, until 17:50"
    revisions_before, audits_before, releases_before = counts()

    form = grid_form(publisher)
    form.update(day_tu="09:10-13:00, 14:00-15:30", comment="Short Tuesdays", save="Save")
    response = publisher.post(GRID, form)
    assert response.status_code == 302 and response.headers["Location"] == GRID

    assert office_rules().weekly[1] == ((550, 780), (840, 930))
    revisions, audits, releases = counts()
    assert releases == releases_before  # nothing published
    assert revisions > revisions_before and audits == audits_before + 1
    revision = db.session.scalars(select(Revision).order_by(Revision.id.desc())).first()
    assert (revision.item_type, revision.author, revision.comment) == ("office", "perizat", "Short Tuesdays")
    assert revision.data["fields"]["hours_rules"]["weekly"]["tu"] == [["09:10", "13:00"], ["14:00", "15:30"]]
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.event == "item.save" and event.detail["type"] == "office"

    page = publisher.get(GRID).get_data(as_text=True)
    shown = "Kiosks show now (as opening_hours text): Mo-Fr 09:10-17:50; PH off"
    assert "draft changes" in page and shown in text_of(page)
    assert kiosk_status(app, "en") == "Open now, until 17:50"  # kiosks still show the release

    publish(publisher)
    assert kiosk_status(app, "en") == "Open now, until 13:00"
    app.config["KIOSK_FROZEN_NOW"] = "2026-03-24T13:30"
    assert kiosk_status(app, "en").startswith("Closed, opens today at 14:00")
    # The change is in the office's history, as a diff of the hours.
    history = publisher.get(f"/admin/content/office/{office().id}/history").get_data(as_text=True)
    assert "Short Tuesdays" in history and "14:00" in history


def test_holidays_switch_and_shortening(app, as_role, frozen):
    """The shortening minutes and the holiday switch reach the kiosk after publishing."""
    frozen("2026-03-19T10:00")  # the day before Orozo Ait: one hour shorter
    publisher = as_role("publisher")
    assert kiosk_status(app, "en").startswith("Open now, until 16:50")
    form = grid_form(publisher)
    form.update(shorten_minutes="30", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    publish(publisher)
    assert kiosk_status(app, "en").startswith("Open now, until 17:20")

    form = grid_form(publisher)
    form.pop("holidays_enabled")  # untick the box
    form["save"] = "Save"
    assert publisher.post(GRID, form).status_code == 302
    assert office_rules().holidays_enabled is False
    publish(publisher)
    frozen("2026-03-20T11:00")
    assert kiosk_status(app, "en") == "Open now, until 17:50"


def test_exceptions_with_reasons_reach_the_kiosk_in_each_language(app, as_role, frozen):
    """Exceptions with ky/ru/en reasons show on the kiosk in each language after publishing; removal works."""
    frozen("2026-04-13T10:00")  # a Monday
    publisher = as_role("publisher")
    reasons = {"ky": "Санитардык күн", "ru": "Санитарный день", "en": "Sanitary day"}
    partial = {"ky": "Жыйналыш", "ru": "Собрание коллектива", "en": "Staff meeting"}
    form = grid_form(publisher)
    form.update({"exceptions-0-date": "2026-04-14", "exceptions-0-kind": "closed",
                 **{f"exceptions-0-reason_{k}": v for k, v in reasons.items()},
                 "exceptions-1-date": "2026-04-15", "exceptions-1-kind": "partial_closure",
                 "exceptions-1-ranges": "12:00-14:00",
                 **{f"exceptions-1-reason_{k}": v for k, v in partial.items()}, "save": "Save"})  # fmt: skip
    assert publisher.post(GRID, form).status_code == 302
    saved = office_rules().exceptions
    assert [(e.date_key, e.kind, e.ranges, dict(e.reason)) for e in saved] == [
        ("2026-04-14", "closed", None, reasons),
        ("2026-04-15", "partial_closure", ((720, 840),), partial),
    ]
    kiosk = app.test_client()
    for lang in ("ky", "ru", "en"):
        assert reasons[lang] not in kiosk.get(f"/{lang}/office").get_data(as_text=True)  # still a draft

    publish(publisher)
    for lang in ("ky", "ru", "en"):
        page = kiosk.get(f"/{lang}/office").get_data(as_text=True)
        assert reasons[lang] in page and partial[lang] in page, lang
    frozen("2026-04-14T10:00")
    for lang in ("ky", "ru", "en"):
        assert reasons[lang] in kiosk_status(app, lang), lang
    frozen("2026-04-15T12:30")
    assert kiosk_status(app, "en") == "Closed, opens today at 14:00 Reason: Staff meeting"

    # Removing a row: tick "Remove" and save.
    form = grid_form(publisher)
    assert form["exceptions-0-date"] == "2026-04-14" and "exceptions-2-date" in form  # plus blank rows
    form.update({"exceptions-0-remove": "y", "save": "Save"})
    assert publisher.post(GRID, form).status_code == 302
    assert [e.date_key for e in office_rules().exceptions] == ["2026-04-15"]


def test_decree_day_off_with_names(app, as_role, frozen):
    """A decree day off closes the office with its names and shortens the day before."""
    frozen("2026-05-11T10:00")
    publisher = as_role("publisher")
    names = {"ky": "Өкмөттүн токтому менен дем алыш", "ru": "Выходной по постановлению", "en": "Day off by decree"}
    form = grid_form(publisher)
    form.update({"extra-0-date": "2026-05-13", **{f"extra-0-name_{k}": v for k, v in names.items()}, "save": "S"})
    assert publisher.post(GRID, form).status_code == 302
    publish(publisher)
    frozen("2026-05-12T10:00")  # the day before is shortened like before a public holiday
    assert kiosk_status(app, "en").startswith("Open now, until 16:50")
    frozen("2026-05-13T10:00")
    for lang in ("ky", "ru", "en"):
        assert names[lang] in kiosk_status(app, lang)


# --- bad input, OSM text, preview ---------------------------------------------------------------


def test_bad_grid_input_is_explained_beside_the_field_and_kept(app, as_role, frozen):
    """Bad input gets a message beside each field, keeps what was typed and saves nothing."""
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    form = grid_form(publisher)
    form.update({"day_we": "9 to 5", "day_th": "18:00-09:00", "shorten_minutes": "an hour",
                 "exceptions-0-date": "2026-02-30", "exceptions-1-date": "2026-04-20",
                 "exceptions-1-kind": "hours", "extra-0-name_en": "Some decree", "save": "Save"})  # fmt: skip
    response = publisher.post(GRID, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is not a time range" in field_errors(page, "day_we")
    assert "ends before it starts" in field_errors(page, "day_th")
    assert "Enter a whole number" in field_errors(page, "shorten_minutes")
    assert "does not exist" in field_errors(page, "exceptions-0-date")
    assert "Enter the hours" in field_errors(page, "exceptions-1-ranges")
    assert "Enter the date" in field_errors(page, "extra-0-date")
    kept = read_form(page)
    assert (kept["day_we"], kept["day_th"], kept["shorten_minutes"]) == ("9 to 5", "18:00-09:00", "an hour")
    assert kept["exceptions-0-date"] == "2026-02-30" and kept["extra-0-name_en"] == "Some decree"
    assert "Nothing was saved" in page
    assert (counts(), office().hours_rules) == before


def test_preview_shows_warnings_and_saves_nothing(app, as_role, frozen):
    """Preview shows the typed rules for 30 days with overlap/past/missing-reason warnings, saving nothing."""
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    form = grid_form(publisher)
    form.update({"day_mo": "09:00-13:00, 12:00-17:00", "exceptions-0-date": "2026-01-05",
                 "exceptions-1-date": "2026-03-26", "exceptions-1-reason_ru": "Только по-русски",
                 "preview_from": "2026-03-23", "preview": "Preview"})  # fmt: skip
    response = publisher.post(GRID, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    warnings = re.findall(r'<li data-code="([a-z_]+)">', page)
    assert {"overlap", "past_exception", "missing_reason"} <= set(warnings)
    assert "09:00-13:00 and 12:00-17:00 overlap" in page
    # The 30 days start on the chosen day and show the typed rules, not the saved ones.
    days = re.findall(r'<tr data-date="([0-9-]+)"', page)
    assert len(days) == 30 and days[0] == "2026-03-23"
    row = re.search(r'<tr data-date="2026-03-23".*?</tr>', page, re.S).group(0)
    assert "09:00–17:00" in row
    row = re.search(r'<tr data-date="2026-03-26".*?</tr>', page, re.S).group(0)
    assert "Только по-русски" in row and "badge-missing" in row
    # What was typed stays in the form, with fresh blank rows to add more.
    kept = read_form(page)
    assert kept["day_mo"] == "09:00-13:00, 12:00-17:00" and kept["exceptions-1-date"] == "2026-03-26"
    assert kept["exceptions-2-date"] == ""
    assert (counts(), office().hours_rules) == before


def test_long_closure_warning_from_osm_preview(app, as_role, frozen):
    """A month-long closure typed as OSM text is flagged as long_closure in the preview."""
    publisher = as_role("publisher")
    text = "Mo-Fr 09:10-17:50; PH off; 2026 Apr 01-2026 Apr 30 off"
    response = publisher.post(OSM, {"osm": text, "version": str(office().version_id), "preview": "Preview"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<li data-code="long_closure">' in page and "2026-04-01 to 2026-05-10" in text_of(page)


def test_osm_syntax_error_shows_the_position_and_keeps_the_text(app, as_role, frozen):
    """An OSM syntax error names its position (character, line, column) and keeps the text."""
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    text = "Mo-Fr 09:10-17:50;\nSa 10:00-25:00; PH off"
    with pytest.raises(OsmSyntaxError) as caught:
        parse_osm(text)
    position = caught.value.position
    assert position == text.index("25:00")
    response = publisher.post(OSM, {"osm": text, "version": str(office().version_id), "save": "Save"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    message = field_errors(page, "osm")
    assert f"at character {position + 1} (line 2, column 10)" in message
    assert caught.value.message in message  # the parser's own words, too
    assert "<mark>2</mark>" in page  # the excerpt marks where reading stopped
    assert read_form(page)["osm"] == text
    assert (counts(), office().hours_rules) == before


def test_osm_save_keeps_reasons_and_decree_names(app, as_role, frozen):
    """Saving OSM text keeps reasons and decree-day names for rules it still describes the same way."""
    publisher = as_role("publisher")
    form = grid_form(publisher)
    reasons = {f"exceptions-0-reason_{lang}": f"reason {lang}" for lang in ("ky", "ru", "en")}
    form.update({"exceptions-0-date": "2026-04-14", **reasons, "extra-0-date": "2026-05-13",
                 "extra-0-name_en": "Decree", "save": "Save"})  # fmt: skip
    assert publisher.post(GRID, form).status_code == 302
    osm = read_form(publisher.get(OSM).get_data(as_text=True))
    assert osm["osm"] == "Mo-Fr 09:10-17:50; PH off; 2026 May 13 off; 2026 Apr 14 off"
    osm.update(osm=osm["osm"] + "; 2026 Apr 16 10:00-12:00", save="Save")
    assert publisher.post(OSM, osm).status_code == 302
    rules = office_rules()
    assert [(e.date_key, e.kind, dict(e.reason)) for e in rules.exceptions] == [
        ("2026-04-14", "closed", {"ky": "reason ky", "ru": "reason ru", "en": "reason en"}),
        ("2026-04-16", "hours", {}),
    ]
    assert [(h.date.isoformat(), dict(h.names)) for h in rules.extra_holidays] == [("2026-05-13", {"en": "Decree"})]


# --- hotlines -----------------------------------------------------------------------------------


def test_hotline_hours_set_preview_clear(app, as_role, frozen):
    """A hotline's hours are set from OSM text, published, shown on the kiosk, and removed again."""
    frozen("2026-03-24T20:00")
    publisher = as_role("publisher")
    line = hotline()
    url = f"{HOTLINES}{line.id}"
    assert "not set" in text_of(publisher.get(HOTLINES).get_data(as_text=True))
    kiosk = app.test_client()
    assert "answered now" not in kiosk.get("/en/hotlines").get_data(as_text=True)

    form = read_form(publisher.get(url).get_data(as_text=True))
    assert form["osm"] == ""
    bad = publisher.post(url, {**form, "osm": "Mo-Fr 9-18", "save": "Save"})
    assert bad.status_code == 422 and "at character 7" in field_errors(bad.get_data(as_text=True), "osm")
    empty = publisher.post(url, {**form, "save": "Save"})
    assert empty.status_code == 422 and "Enter the hours" in field_errors(empty.get_data(as_text=True), "osm")

    form.update(osm="Mo-Fr 09:00-18:00", save="Save")
    assert publisher.post(url, form).status_code == 302
    assert hotline().hours["weekly"]["mo"] == [["09:00", "18:00"]]
    assert "Mo-Fr 09:00-18:00" in publisher.get(HOTLINES).get_data(as_text=True)
    assert "answered now" not in kiosk.get("/en/hotlines").get_data(as_text=True)  # a draft
    publish(publisher)
    page = text_of(kiosk.get("/en/hotlines").get_data(as_text=True))
    assert "Not answered now: Closed, opens tomorrow at 09:00" in page

    form = read_form(publisher.get(url).get_data(as_text=True))
    form.update(osm="24/7", save="Save")
    assert publisher.post(url, form).status_code == 302
    publish(publisher)
    assert "Answered now: Open now" in text_of(kiosk.get("/en/hotlines").get_data(as_text=True))

    form = read_form(publisher.get(url).get_data(as_text=True))
    form.update(osm="half-typed (( text", clear="Remove")  # removing ignores whatever is in the box
    assert publisher.post(url, form).status_code == 302
    assert hotline().hours is None
    publish(publisher)
    assert "answered now" not in kiosk.get("/en/hotlines").get_data(as_text=True)


# --- optimistic locking -------------------------------------------------------------------------


def test_concurrent_edit_is_refused_and_nothing_is_lost(app, as_role, staff, frozen):
    """A save based on an old version is refused with the differences; the typed input is kept."""
    make_user("nurlan", "publisher", language="en")
    first = as_role("publisher")
    second = AdminClient(app.test_client())
    second.login("nurlan")
    form_a, form_b = grid_form(first), grid_form(second)
    assert form_a["version"] == form_b["version"]

    form_a.update(day_mo="08:00-12:00", save="Save")
    assert first.post(GRID, form_a).status_code == 302
    form_b.update(day_fr="10:00-16:00", save="Save")
    refused = second.post(GRID, form_b)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Not saved: someone else saved these hours" in page
    assert office_rules().weekly[0] == ((480, 720),) and office_rules().weekly[4] == ((550, 1070),)
    kept = read_form(page)
    assert kept["day_fr"] == "10:00-16:00" and kept["version"] == str(office().version_id)
    assert "Reception hours" in text_of(page) and "08:00" in page  # the difference is shown

    # Saving again after reading the differences deliberately replaces the other draft.
    kept["save"] = "Save"
    assert second.post(GRID, kept).status_code == 302
    assert office_rules().weekly[4] == ((600, 960),)

    # The OSM page is guarded by the same version.
    stale = read_form(first.get(OSM).get_data(as_text=True))
    assert second.post(GRID, {**grid_form(second), "day_sa": "10:00-14:00", "save": "Save"}).status_code == 302
    stale.update(osm="Mo-Su 09:00-18:00", save="Save")
    assert first.post(OSM, stale).status_code == 409
    assert office_rules().weekly[5] == ((600, 840),)


def test_history_diff_and_revert_restore_the_hours(app, as_role, frozen):
    """Hours changes appear in the office's history as a diff and can be restored as a draft."""
    publisher = as_role("publisher")
    form = grid_form(publisher)
    form.update(day_mo="08:00-12:00", comment="Early Mondays", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    item = office()
    history = publisher.get(f"/admin/content/office/{item.id}/history?a=1&b=2").get_data(as_text=True)
    assert "Early Mondays" in history
    lines = unescape(history)
    assert re.search(r'<span class="del">[^<]*"09:10"', lines) and re.search(r'<span class="ins">[^<]*"08:00"', lines)
    response = publisher.post(f"/admin/content/office/{item.id}/revert/1", {"version": str(item.version_id)})
    assert response.status_code == 302
    assert office_rules().weekly[0] == ((550, 1070),)  # the hours before the edit, as a new draft
    assert db.session.scalars(select(Revision).order_by(Revision.id.desc())).first().action == "revert"


# --- hostile input (issue 10) and the office's pre-holiday setting (issue 11) ------------------------------------


def _dated_ranges(count: int) -> str:
    """Office hours plus `count` five-year dated ranges (the shape of the 11.6 KB attack)."""
    ranges = "; ".join(f"{2026 + i % 40} Jan 01-{2030 + i % 40} Dec 31 10:00-12:00" for i in range(count))
    return f"Mo-Fr 09:10-17:50; PH off; {ranges}"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ru", "Слишком много дат"), ("ky", "Даталар өтө көп"), ("en", "Too many dates")],
)
def test_oversized_osm_text_is_refused_in_the_admins_language_and_kept(app, as_role, staff, frozen, lang, words):
    """Hundreds of dated ranges are refused with the bound in the staff member's language; nothing is saved."""
    staff["publisher"].language = lang
    db.session.commit()
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    text = _dated_ranges(600)[:20_000].rsplit(";", 1)[0]
    for button in ("preview", "save"):
        response = publisher.post(OSM, {"osm": text, "version": str(office().version_id), button: "x"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        assert words in field_errors(page, "osm") and "400" in field_errors(page, "osm")
        assert read_form(page)["osm"] == text  # the typed text is kept
        assert len(page.encode()) < 3 * len(text.encode()) + 60_000  # the text echoed once, no expansion
    assert (counts(), office().hours_rules) == before


def test_a_too_long_range_is_refused_in_the_grid_and_in_osm_text(app, as_role, staff, frozen):
    staff["publisher"].language = "ru"
    db.session.commit()
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    response = publisher.post(OSM, {"osm": "Mo-Fr 09:10-17:50; 2026 Jan 01-2999 Dec 31 off",
                                    "version": str(office().version_id), "save": "Save"})  # fmt: skip
    assert response.status_code == 422
    assert "Наибольшая длина диапазона дат (лет): 10" in field_errors(response.get_data(as_text=True), "osm")
    form = grid_form(publisher)
    form.update({"exceptions-0-date": "2026-01-01..2999-12-31", "save": "Save"})
    response = publisher.post(GRID, form)
    assert response.status_code == 422
    assert "Наибольшая длина" in field_errors(response.get_data(as_text=True), "exceptions-0-date")
    assert (counts(), office().hours_rules) == before


def test_the_largest_accepted_text_gives_a_small_preview_draft_and_release(app, as_role, frozen):
    """400 dated ranges are accepted as 400 exceptions: the preview, the draft and the release stay small."""
    publisher = as_role("publisher")
    text = _dated_ranges(398)  # 398 ranges + 2 more below = the bound
    text += "; 2026 Mar 24-2026 Mar 25 10:00-12:00; 2026 Mar 26 off"
    assert len(text) <= 20_000
    preview = publisher.post(OSM, {"osm": text, "version": str(office().version_id), "preview": "Preview"})
    assert preview.status_code == 200, field_errors(preview.get_data(as_text=True), "osm")
    assert len(preview.get_data()) < 400_000
    assert "10:00–12:00" in text_of(preview.get_data(as_text=True))  # the preview reads the ranges (today, 24 Mar)
    response = publisher.post(OSM, {"osm": text, "version": str(office().version_id), "save": "Save"})
    assert response.status_code == 302
    rules = office_rules()
    assert len(rules.exceptions) == 400
    assert len(json.dumps(office().hours_rules)) < 64_000
    publish(publisher)
    release = db.session.scalar(select(Release).order_by(Release.number.desc()))
    assert len(release.payload.encode()) < 200_000
    assert kiosk_status(app, "en").startswith("Open now, until 12:00")


def test_the_grid_refuses_more_rows_than_the_bound_and_keeps_what_was_saved(app, as_role, frozen):
    """A hand-made POST with hundreds of exception rows is refused by count; the saved rules stay."""
    publisher = as_role("publisher")
    before = (counts(), office().hours_rules)
    form = grid_form(publisher)
    for i in range(450):
        form[f"exceptions-{i}-date"] = f"{2027 + i // 300}-{1 + i // 28 % 10:02d}-{1 + i % 28:02d}"
        form[f"exceptions-{i}-kind"] = "closed"
    form["save"] = "Save"
    response = publisher.post(GRID, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Too many dates: at most 400 exceptions" in text_of(page)
    assert (counts(), office().hours_rules) == before


def test_a_date_range_in_the_grid_is_one_row_and_closes_every_day_of_it(app, as_role, frozen):
    publisher = as_role("publisher")
    form = grid_form(publisher)
    form.update({"exceptions-0-date": "2026-03-30..2026-04-03", "exceptions-0-kind": "closed",
                 "exceptions-0-reason_en": "Move", "save": "Save"})  # fmt: skip
    assert publisher.post(GRID, form).status_code == 302
    (exc,) = office_rules().exceptions
    assert exc.date_key == "2026-03-30..2026-04-03"
    assert grid_form(publisher)["exceptions-0-date"] == "2026-03-30..2026-04-03"  # shown as typed, saved again
    osm = read_form(publisher.get(OSM).get_data(as_text=True))["osm"]
    assert osm.endswith("2026 Mar 30-2026 Apr 03 off")
    publish(publisher)
    frozen("2026-04-01T10:00")
    assert kiosk_status(app, "en").startswith("Closed, opens Monday, April 6 09:10")  # CLDR en


def test_ph_forms_are_accepted_and_holiday_hours_survive_a_grid_save(app, as_role, frozen):
    """'Sa,PH 10:00-14:00' saves; the grid shows the holiday hours and saving the grid keeps them."""
    frozen("2026-05-27T11:00")  # Eid al-Adha, a Wednesday
    publisher = as_role("publisher")
    osm = read_form(publisher.get(OSM).get_data(as_text=True))
    osm.update(osm="Mo-Fr 09:10-17:50; Sa,PH 10:00-14:00", save="Save")
    assert publisher.post(OSM, osm).status_code == 302
    form = grid_form(publisher)
    assert form["holiday_hours"] == "10:00-14:00"
    form.update(day_fr="09:10-16:00", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    rules = office_rules()
    assert rules.uniform_holiday_hours == ((600, 840),) and rules.weekly[4] == ((550, 960),)
    publish(publisher)
    assert kiosk_status(app, "en").startswith("Open now, until 14:00")


def test_holiday_hours_that_differ_by_weekday_survive_a_grid_save(app, as_role, frozen):
    """'PH We 10:00-12:00' cannot be shown in one grid field: the field is disabled and a grid save keeps it."""
    frozen("2026-05-27T11:00")  # Eid al-Adha, a Wednesday
    publisher = as_role("publisher")
    osm = read_form(publisher.get(OSM).get_data(as_text=True))
    osm.update(osm="Mo-Fr 09:10-17:50; PH off; PH We 10:00-12:00", save="Save")
    assert publisher.post(OSM, osm).status_code == 302
    page = publisher.get(GRID).get_data(as_text=True)
    assert "change them on the advanced page (opening_hours text)" in text_of(page)
    control = re.search(r'<input[^>]*id="holiday_hours"[^>]*>', page)
    assert control and "disabled" in control.group(0)
    form = read_form(page)
    form.pop("holiday_hours")  # a browser does not send a disabled field
    form.update(day_fr="09:10-16:00", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    rules = office_rules()
    assert rules.holiday_hours[2] == ((600, 720),) and rules.holiday_hours[0] == ()
    publish(publisher)
    assert kiosk_status(app, "en").startswith("Open now, until 12:00")


def test_the_pre_holiday_shortening_is_the_offices_setting(app, as_role, frozen):
    """The office shortens the eve of a holiday only while its setting says so; a hotline's text never does."""
    frozen("2026-05-26T17:00")  # Tuesday before Eid al-Adha
    publisher = as_role("publisher")
    assert kiosk_status(app, "en").startswith("Closed")  # the Service's default: 60 minutes shorter
    osm = read_form(publisher.get(OSM).get_data(as_text=True))
    osm.update(osm="Mo-Fr 09:10-17:50; PH off", save="Save")  # the text keeps the office's setting
    assert publisher.post(OSM, osm).status_code == 302
    assert office_rules().shorten_minutes == 60
    form = grid_form(publisher)
    form.update(shorten_minutes="0", save="Save")
    assert publisher.post(GRID, form).status_code == 302
    osm = read_form(publisher.get(OSM).get_data(as_text=True))
    osm.update(osm="Mo-Fr 09:10-17:50; PH off; 2026 Jun 01 off", save="Save")
    assert publisher.post(OSM, osm).status_code == 302
    assert office_rules().shorten_minutes == 0  # an OSM save does not switch it back on
    line = hotline()
    url = f"{HOTLINES}{line.id}"
    form = read_form(publisher.get(url).get_data(as_text=True))
    form.update(osm="Mo-Fr 09:00-18:00; PH off", save="Save")
    assert publisher.post(url, form).status_code == 302
    assert hotline().hours["shorten_minutes"] == 0
    publish(publisher)
    assert kiosk_status(app, "en") == "Open now, until 17:50"
    hotlines_page = text_of(app.test_client().get("/en/hotlines").get_data(as_text=True))
    assert "Answered now: Open now, until 18:00" in hotlines_page
