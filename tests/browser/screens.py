"""Helpers for tests that look at kiosk screens as a person does: the screen shapes, crawling, decoding."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image

# Real kiosk panels: portrait and landscape Full HD, the older 5:4 panel and a portrait tablet-sized panel.
SHAPES = {
    "portrait-1080x1920": {"width": 1080, "height": 1920},
    "landscape-1920x1080": {"width": 1920, "height": 1080},
    "panel-1280x1024": {"width": 1280, "height": 1024},
    "portrait-768x1366": {"width": 768, "height": 1366},
}
LANGS = ("ky", "ru", "en")
MODES = ("normal", "large", "contrast")


def set_mode(page, mode: str) -> None:
    """Switch the display mode as the kiosk remembers it for a session, then reload."""
    page.evaluate(
        """(mode) => {
            sessionStorage.setItem('kiosk.large', mode === 'large' ? '1' : '0');
            sessionStorage.setItem('kiosk.contrast', mode === 'contrast' ? '1' : '0');
        }""",
        mode,
    )
    page.reload()


def crawl(page, base: str, lang: str) -> list[str]:
    """Every kiosk page of one language reachable from Home: Home, topics, articles, hotlines, office."""
    page.goto(f"{base}/{lang}/")
    tiles = page.eval_on_selector_all(".tiles a", "els => els.map(a => a.getAttribute('href'))")
    paths = [f"/{lang}/", *tiles]
    for href in tiles:
        if "/topics/" in href:
            page.goto(base + href)
            paths += page.eval_on_selector_all(".list-item", "els => els.map(a => a.getAttribute('href'))")
    return list(dict.fromkeys(paths))


def decode_qr(png: bytes) -> list:
    """Every barcode a real decoder (zxing-cpp) finds in a screenshot."""
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
