"""Markdown from staff becomes safe HTML: no scripts, handlers or links out of the app."""

from core.rendering import render_markdown


def test_markdown_basics_render():
    html = render_markdown("## Documents\n\n- passport\n- **contract**")
    assert "<h2>Documents</h2>" in html
    assert "<li><strong>contract</strong></li>" in html


def test_raw_html_and_scripts_are_neutralised():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html


def test_links_leaving_the_app_lose_their_target():
    html = render_markdown("[site](https://example.com) [js](javascript:alert(1)) [net](//evil) [ok](/ru/office)")
    assert "https://example.com" not in html
    assert 'href="javascript' not in html
    assert 'href="//evil"' not in html
    assert 'href="/ru/office"' in html
