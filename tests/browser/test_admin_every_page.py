"""Every admin page, found by following links as a person would, in Chromium on the staff laptops
(1366×768 and 1440×900): axe finds no WCAG 2.2 AA violation, and the Russian and Kyrgyz panels show no
English word outside what staff typed.

The pages are not a hand list: a signed-in browser starts at the dashboard and follows every same-origin
/admin/ link (side menu, lists, editors, history, hours, fleet, users, audit...) and every search or
filter form (method=get), keeping one page of each kind (the editor of one article stands for all
articles). The administrator's crawl must reach every GET page of the admin URL map, so a page nobody
links to, or a crawl that silently found nothing, fails the test instead of passing it. An editor's
crawl adds what only a lower role sees (read-only hours, no publish buttons). Also checked: the login
page logged out, the pages a person meets after a mistake (refused forms), and a new terminal's token.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, NotFound

from core.editing import ITEM_TYPES, all_items, item_type_of, save_item, serialize
from core.extensions import db
from core.models import Article
from tests.admin.conftest import FAST_ARGON2, PASSWORD, ROLE_USERS, make_user
from tests.admin.test_admin_language import TYPED_IN_FORMS, _setup_history, _user_texts, english_words
from tests.conftest import Server, make_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAPTOPS = {"1366x768": {"width": 1366, "height": 768}, "1440x900": {"width": 1440, "height": 900}}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
# Who reads the panel in which language. _setup_history() gives the test accounts Russian.
ACCOUNTS = {
    ("admin", "ru"): ROLE_USERS["admin"],
    ("admin", "ky"): "asel",
    ("editor", "ru"): ROLE_USERS["editor"],
    ("editor", "ky"): "nurlan",
}
# (role, laptop, language): the administrator sees every page, on both laptops in both languages; the
# editor's own variants once per laptop and language.
CASES = [("admin", laptop, lang) for laptop in LAPTOPS for lang in ("ru", "ky")]
CASES += [("editor", "1366x768", "ru"), ("editor", "1440x900", "ky")]
# Endpoints that are not pages: downloads (CSV exports, audio clips), and the login page (checked logged out).
# (No link leads to the "form too large" page: the nginx front shows it; the language test reads it.)
NOT_CRAWLED = {"admin.audit_csv", "admin.reports_csv", "admin.speech_clip", "admin.login", "admin.too_large_page"}
NOT_FOUND = "no page at this address"
# Last path segments of actions; all of them are POST-only, but a link to one must never be followed.
ACTIONS = {"logout", "revert", "rollback", "rotate", "revoke", "reload", "confirm", "check", "delete", "language"}
# Pages kept one per instance, not one per kind: each terminal is in a different state (online,
# lagging with a queued command and a sync error, never connected), each with its own badges and words.
EVERY_INSTANCE = {"admin.fleet_terminal"}
# The audit log filtered one way at a time (the crawl fills in every filter at once).
FILTERED = ["/admin/audit?event=item.save", f"/admin/audit?actor={ROLE_USERS['publisher']}",
            "/admin/audit?item=terminal:osh-border"]  # fmt: skip
# Pages a person sees after a mistake (each refused, so nothing changes): where to type what, then
# which button to press. A refused page shows its errors beside the fields or at the top.
SUBMIT = "main form.narrow button[type=submit]"
REFUSED = [
    ("/admin/password", {}, SUBMIT),
    ("/admin/users/new", {"#username": "ж ж"}, SUBMIT),
    ("/admin/fleet/new", {"#slug": "Bad Slug", "#idle_timeout": "5"}, SUBMIT),
    ("/admin/publish", {}, SUBMIT),
    ("/admin/hours/", {"#day_mo": "25:00-26:00", "#shorten_minutes": "721"}, "[name=preview]"),
    ("/admin/hours/osm", {"#osm": "Mo-Fr 09:00-25:00; nonsense"}, "[name=preview]"),
    ("/admin/content/topic/new", {}, "[name=save]"),
]
LOGIN_REFUSED = ("/admin/login", {}, "main form button[type=submit]")  # empty: no lock, no audit event
SHOWN_ERRORS = ".field-error, .flash-error"
# Fewer distinct pages than this means a crawl lost its way (about 50 for the administrator today).
MINIMUM_PAGES = {"admin": 40, "editor": 25}


@pytest.fixture(scope="module")
def central(databases, tmp_path_factory) -> Iterator[tuple[Server, object]]:
    """A gunicorn central with something on every page: a revision history and a rollback, a changed
    Russian title (stale translations, a pending publish), terminals online, lagging and never
    connected, a queued command, audit events; an administrator and an editor in each language."""
    workdir = tmp_path_factory.mktemp("admin-every-page")
    url = databases.copy("seeded")
    app = make_app(url, workdir / "setup.stamp", **FAST_ARGON2)
    with app.app_context():
        for role, name in ROLE_USERS.items():
            make_user(name, role)
        _setup_history("ru")
        make_user(ACCOUNTS["admin", "ky"], "admin", language="ky")
        make_user(ACCOUNTS["editor", "ky"], "editor", language="ky")
        article = db.session.scalars(select(Article).order_by(Article.id)).first()
        data = serialize(article)
        data["texts"]["ru"]["title"] = "Паспорт: что проверить до поездки"
        save_item(article, data, expected_version=article.version_id, author=ROLE_USERS["admin"], comment="уточнение")
        db.session.commit()
        db.session.remove()
    env = {"DATABASE_URL": url, "SECRET_KEY": "test-secret-not-for-production",
           "RELEASE_STAMP_PATH": str(workdir / "stamp"), "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024",
           "ARGON2_PARALLELISM": "1"}  # fmt: skip
    server = Server(env, workdir).start()
    yield server, app
    server.stop()
    with app.app_context():
        db.engine.dispose()
    databases.drop(url)


def staff_page(browser, viewport, **options):
    """A laptop-sized page that records JavaScript errors and CSP violations."""
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"{page.url}: {exc}"))
    page.on(
        "console",
        lambda msg: problems.append(f"{page.url}: {msg.text}") if "Content Security Policy" in msg.text else None,
    )
    return context, page, problems


@pytest.fixture(scope="module")
def signed_in(browser, central) -> dict[tuple[str, str], dict]:
    """Each account's signed-in browser state, logged in once through the form (logging in before every
    test would meet the login throttle)."""
    server, _app = central
    states = {}
    for (role, lang), username in ACCOUNTS.items():
        context = browser.new_context(viewport=LAPTOPS["1366x768"])
        page = context.new_page()
        page.goto(server.url + "/admin/login")
        page.locator("#username").fill(username)
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("nav.side")).to_be_visible()
        states[role, lang] = context.storage_state()
        context.close()
    return states


def page_kind(app, url: str) -> tuple | None:
    """What kind of page a URL opens: its endpoint, content type and query keys; None if not a page."""
    parts = urlsplit(url)
    try:
        endpoint, args = app.url_map.bind("localhost").match(parts.path, method="GET")
    except NotFound:
        return NOT_FOUND, None, ()  # still a page: staff see it after following a stale link
    except HTTPException:
        return None
    if not endpoint.startswith("admin.") or endpoint in NOT_CRAWLED:
        return None
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query)}))
    if endpoint in EVERY_INSTANCE:
        keys += tuple(sorted(args.items()))
    return endpoint, args.get("kind"), keys


def _links(page, origin: str) -> list[str]:
    """Where the page's links lead, and where its search and filter forms (method=get) lead with a
    filter chosen (each list's last choice, each box ticked): same-origin /admin/ addresses, never an
    action."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    hrefs += page.eval_on_selector_all(
        "form[method=get i]",
        """forms => forms.map(form => {
            const data = new FormData(form);
            for (const select of form.querySelectorAll("select[name]")) {
                if (select.options.length) data.set(select.name, select.options[select.options.length - 1].value);
            }
            for (const box of form.querySelectorAll("input[type=checkbox][name]")) data.set(box.name, box.value);
            const url = new URL(form.action, location.href);
            url.search = new URLSearchParams(data).toString();
            return url.href;
        })""",
    )
    found = []
    for href in hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or not parts.path.startswith("/admin/"):
            continue
        if parts.path.rstrip("/").rsplit("/", 1)[-1] in ACTIONS or parts.path.endswith(".csv"):
            continue  # an action, or a download (CSV exports have tests of their own)
        found.append(href)
    return found


def crawl(browser, server: Server, app, state: dict) -> list[str]:
    """Follow every admin link and filter form from the dashboard; one URL per kind of page."""
    context, page, problems = staff_page(browser, LAPTOPS["1366x768"], storage_state=state)
    # The dashboard, the filtered audit log, and the error page a mistyped address shows.
    queue = [server.url + path for path in ["/admin/", *FILTERED, "/admin/no-such-page"]]
    seen: set[tuple] = set()
    urls: list[str] = []
    broken = []
    while queue:
        url = queue.pop(0)
        kind = page_kind(app, url)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        response = page.goto(url)
        if kind[0] == "admin.audit_log" and response and response.status == 403:
            continue  # the seeded audit filters, for a role that may not read the log
        expected = 404 if kind[0] in (NOT_FOUND, "admin.unknown_page") else 200
        if response is None or response.status != expected or "text/html" not in response.headers["content-type"]:
            broken.append(f"{url}: {response and response.status}")
            continue
        urls.append(url)
        queue.extend(_links(page, server.url))
    context.close()
    assert not broken, f"links that do not open a page: {broken}"
    assert not problems, problems
    return urls


@pytest.fixture(scope="module")
def crawled(browser, central, signed_in) -> dict[str, list[str]]:
    """The pages each role's browser reaches from the dashboard (in Russian; the URLs are the same in Kyrgyz)."""
    server, app = central
    return {role: crawl(browser, server, app, signed_in[role, "ru"]) for role in ("admin", "editor")}


@pytest.fixture(scope="module")
def user_texts(central, crawled) -> list[str]:
    """What staff typed, which pages show as it is: content texts, names, slugs (taken out of the scan)."""
    _server, app = central
    with app.app_context():
        return _user_texts()


def expected_kinds(app) -> set[tuple]:
    """Every GET page of the admin URL map, as (endpoint, kind): one per content type for /content/<kind>/."""
    with app.app_context():
        have_items = {item_type_of(item).key for item in all_items()}
    kinds = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("admin.") or "GET" not in (rule.methods or ()):
            continue
        if rule.endpoint in NOT_CRAWLED:
            continue
        if "kind" not in rule.arguments:
            kinds.add((rule.endpoint, None))
            continue
        for key, item_type in ITEM_TYPES.items():
            if rule.endpoint == "admin.item_new" and not item_type.creatable:
                continue
            if "item_id" in rule.arguments and key not in have_items:
                continue
            kinds.add((rule.endpoint, key))
    return kinds


def test_the_crawl_reaches_every_admin_page(central, crawled):
    _server, app = central
    reached = {page_kind(app, url)[:2] for url in crawled["admin"]}
    missing = expected_kinds(app) - reached
    assert not missing, f"admin pages no link leads to (or the crawl missed): {sorted(missing, key=str)}"
    for role, minimum in MINIMUM_PAGES.items():
        assert len(crawled[role]) >= minimum, (role, crawled[role])
    paths = {urlsplit(url).path for url in crawled["admin"]}
    for path in ("/admin/", "/admin/publish", "/admin/hours/osm", "/admin/fleet/new", "/admin/password"):
        assert path in paths, path
    # The editor reaches the read-only hours page and the articles, and no page of a higher role.
    editor_paths = {urlsplit(url).path for url in crawled["editor"]}
    assert {"/admin/hours/", "/admin/content/article/"} <= editor_paths
    assert not editor_paths & {"/admin/publish", "/admin/users/", "/admin/settings", "/admin/fleet/new"}


def _axe_failures(page, label: str) -> list[str]:
    """Every axe violation on the page, one line per element, after opening every disclosure."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert len(results.response["passes"]) >= 10, f"axe did not really check {label}"
    failures = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            failures.append(f"{label}: {violation['id']} ({violation['impact']}) at {node['target']}")
    return failures


def _login_page(browser, server: Server, viewport, lang: str):
    """The login page logged out, in `lang` (Russian is the default; Kyrgyz is chosen on the page)."""
    context, page, problems = staff_page(browser, viewport)
    page.goto(server.url + "/admin/login")
    if lang != "ru":
        page.locator("#admin-language").select_option(lang)
        page.locator(".lang-form button").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    return context, page, problems


def _refuse(page, base: str, refused: tuple) -> str | None:
    """Fill in a form wrongly and send it; None when the page shows its errors, else what went wrong."""
    path, fills, button = refused
    page.goto(base + path)
    for selector, value in fills.items():
        page.locator(selector).fill(value)
    with page.expect_navigation() as navigation:
        page.locator(button).first.click()
    status = navigation.value.status if navigation.value else None
    if status != 422 or page.locator(SHOWN_ERRORS).count() == 0:
        return f"{path}: sent wrongly, the answer was {status} without errors shown"
    return None


@pytest.mark.parametrize(("role", "laptop", "lang"), CASES, ids=["-".join(case) for case in CASES])
def test_every_admin_page_passes_axe_and_speaks_the_staff_language(
    browser, central, signed_in, crawled, user_texts, role, laptop, lang
):
    server, _app = central
    viewport = LAPTOPS[laptop]
    new_terminal = f"talas-{lang}-{viewport['width']}"
    typed = [*user_texts, *TYPED_IN_FORMS, new_terminal]
    typed += [value for refused in (*REFUSED, LOGIN_REFUSED) for value in refused[1].values()]
    typed.sort(key=len, reverse=True)  # longest first, so a name is not cut by a shorter one inside it
    axe_failures: list[str] = []
    not_in_language: dict[str, list[str]] = {}

    def check(page, label):
        axe_failures.extend(_axe_failures(page, label))
        shown_lang = page.locator("html").get_attribute("lang")
        if shown_lang != lang:
            not_in_language[label] = [f"the whole page is in {shown_lang!r}"]
            return
        words = english_words(page.content(), typed)
        if words:
            not_in_language[label] = sorted(words)

    wrong = []
    problems: list[str] = []
    if role == "admin":
        context, page, login_problems = _login_page(browser, server, viewport, lang)
        check(page, "/admin/login (logged out)")
        wrong.append(_refuse(page, server.url, LOGIN_REFUSED))
        check(page, "/admin/login (logged out, refused)")
        context.close()
        problems += login_problems

    context, page, page_problems = staff_page(browser, viewport, storage_state=signed_in[role, lang])
    for url in crawled[role]:
        page.goto(url)
        check(page, url.removeprefix(server.url))
    if role == "admin":
        for refused in REFUSED:
            wrong.append(_refuse(page, server.url, refused))
            check(page, f"{refused[0]} (refused)")
        # Last, as it adds a terminal: the one-time token page, shown once after registering one.
        page.goto(server.url + "/admin/fleet/new")
        page.locator("#slug").fill(new_terminal)
        page.locator("#name").fill("Талас")
        page.locator("#kind").select_option("office_lobby")
        page.locator(SUBMIT).click()
        expect(page.locator("#terminal-token")).to_be_visible()
        typed.insert(0, page.locator("#terminal-token").inner_text().strip())
        check(page, "/admin/fleet/new (registered: the token)")
    context.close()
    problems += page_problems

    assert not [w for w in wrong if w], wrong
    report = []
    if axe_failures:
        report.append(f"axe, {laptop}, {role} in {lang}:\n" + "\n".join(axe_failures))
    if not_in_language:
        words = "\n".join(f"{url}: {found}" for url, found in not_in_language.items())
        report.append(f"Not in {lang} on the {role}'s pages (English words, or the whole page):\n{words}")
    assert not report, "\n\n".join(report)
    assert not problems, problems
