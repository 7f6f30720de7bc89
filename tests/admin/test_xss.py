"""Classic XSS vectors saved through the editors never reach a kiosk or admin page as live markup."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from sqlalchemy import select

from core.extensions import db
from core.models import Article, Department, Hotline, Office
from tests.admin.conftest import edit_url, read_form

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg/onload=alert(1)//",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<scr<script>ipt>alert(1)</script>",
    '<img """><script>alert(1)</script>">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<video><source onerror="alert(1)">',
    "<marquee onstart=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<a href=\"vbscript:msgbox('x')\">x</a>",
]
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcset"}
FORBIDDEN_TAGS = {"object", "embed", "base", "frame", "frameset", "applet", "style", "link", "form", "marquee", "math"}


def _local(url: str) -> bool:
    """A path on this site (the app's own scripts and styles), never another origin."""
    return url.startswith("/") and not url.startswith("//")


class MarkupCheck(HTMLParser):
    """Finds live markup a browser would act on: handlers, script URLs, foreign scripts and embeds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.nested: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRS and value:
                cleaned = re.sub(r"[\x00-\x20]", "", unescape(value)).lower()
                if cleaned.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript:" in (value or "").lower():
                self.problems.append(f"<{tag} style={value!r}>")
        if tag == "script":
            src = attributes.get("src") or ""
            if not (_local(src) or attributes.get("type") == "application/ld+json"):
                self.problems.append(f"<script {attributes}>")
        elif tag == "iframe":
            if "sandbox" not in attributes or "allow-scripts" in (attributes.get("sandbox") or ""):
                self.problems.append("<iframe> without a script-free sandbox")
            self.nested.append(attributes.get("srcdoc") or "")
        elif tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        elif tag == "form" and (attributes.get("action") or "").strip().lower().startswith("javascript"):
            self.problems.append("<form action=javascript>")
        elif tag in FORBIDDEN_TAGS - {"form", "link"}:
            self.problems.append(f"<{tag}>")
        elif tag == "link" and attributes.get("rel") not in ("stylesheet", "preload", "icon"):
            self.problems.append("<link>")
        elif tag == "link" and not _local(attributes.get("href") or ""):
            self.problems.append(f"<link href={attributes.get('href')!r}>")


def live_markup(html: str, vector: str = "") -> list[str]:
    """Every problem in a page, including inside preview iframes (srcdoc); also the vector copied verbatim."""
    checker = MarkupCheck()
    checker.feed(html)
    checker.close()
    problems = list(checker.problems)
    if "<" in vector and vector in html:
        problems.append("the vector appears verbatim (unescaped)")
    for inner in checker.nested:
        problems += [f"in srcdoc: {p}" for p in live_markup(inner, vector)]
    return problems


def save_texts(c, item, **texts):
    """Open the editor, type texts, save the draft."""
    form = read_form(c.get(edit_url(item)).get_data(as_text=True))
    form.update(texts)
    form["save"] = "Save"
    response = c.post(edit_url(item), form)
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]


def test_checker_finds_live_markup():
    """The checker itself: it must flag every vector when left unescaped, and accept our own pages' markup."""
    for vector in VECTORS:
        if vector.startswith(("[", "!")):
            continue  # Markdown, not HTML
        assert live_markup(f"<p>{vector}</p>", vector), vector
    structural = [v for v in VECTORS if "<" in v and live_markup(f"<p>{v}</p>")]
    assert len(structural) >= 30  # most vectors are caught by structure alone, not only verbatim
    assert live_markup('<a href="/ru/">ok</a><script src="/static/js/kiosk.js"></script>') == []


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_never_appears_unescaped(app, as_role, vector):
    editor, publisher = as_role("editor"), as_role("publisher")
    article = db.session.scalars(select(Article).order_by(Article.id)).first()
    topic, hotline = article.topic, db.session.scalars(select(Hotline).order_by(Hotline.id)).first()
    office, department = db.session.scalars(select(Office)).first(), db.session.scalars(select(Department)).first()
    save_texts(editor, article, title_ru=vector, summary_ru=vector, body_ru=f"{vector}\n\n- {vector}\n\n{vector}",
               title_en=vector, body_en=vector)  # fmt: skip
    save_texts(editor, topic, title_ru=vector, summary_ru=vector)
    save_texts(editor, hotline, label_ru=vector, description_ru=vector)
    save_texts(editor, office, name_ru=vector, reception_note_ru=vector, address_ru=vector)
    save_texts(editor, department, name_ru=vector)
    assert publisher.post("/admin/publish", {"comment": vector, "override_reason": vector}).status_code == 302

    kiosk = app.test_client()
    pages = {
        "kiosk home": kiosk.get("/ru/"),
        "kiosk topic": kiosk.get(f"/ru/topics/{topic.slug}"),
        "kiosk article": kiosk.get(f"/ru/topics/{topic.slug}/{article.slug}"),
        "kiosk article en": kiosk.get(f"/en/topics/{topic.slug}/{article.slug}"),
        "kiosk hotlines": kiosk.get("/ru/hotlines"),
        "kiosk office": kiosk.get("/ru/office"),
        "admin dashboard": editor.get("/admin/"),
        "admin articles": editor.get("/admin/content/article/"),
        "admin topics": editor.get("/admin/content/topic/"),
        "admin hotlines": editor.get("/admin/content/hotline/"),
        "admin departments": editor.get("/admin/content/department/"),
        "admin article editor": editor.get(edit_url(article)),
        "admin office editor": editor.get(edit_url(office)),
        "admin history": editor.get(f"{edit_url(article)}/history"),
        "admin translations": editor.get("/admin/translations"),
        "admin releases": editor.get("/admin/releases"),
        "admin publish": publisher.get("/admin/publish"),
        "admin audit": as_role("admin").get("/admin/audit"),
    }
    form = read_form(pages["admin article editor"].get_data(as_text=True))
    assert form["title_ru"] == vector  # shown back as text, exactly as typed
    # The kiosk preview beside the editor, of every page type, from the typed (unsaved) form.
    previews = {
        f"preview {page} {lang}": editor.client.post(
            f"{edit_url(article)}/preview", data={**form, "preview_page": page, "preview_lang": lang},
            headers={"X-CSRFToken": editor.csrf()},
        )
        for page in ("index", "home", "topic", "article", "hotlines", "office")
        for lang in ("ru", "en")
    }  # fmt: skip
    problems = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        found = live_markup(response.get_data(as_text=True), vector)
        if found:
            problems[name] = found
    for name, response in previews.items():
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert "<main" in html, name  # a whole kiosk page came back, not an error
        if live_markup(html, vector):
            problems[name] = live_markup(html, vector)
    assert problems == {}
    # The title is still there for people to read (escaped), not silently lost.
    assert escape(vector) in pages["kiosk article"].get_data(as_text=True)
