"""The minimal Flask app the kiosk is compared with: same gunicorn settings, no work at all."""

from flask import Flask

app = Flask(__name__)

# Two bare pages for the tap-to-paint floor: what this browser needs for a navigation at all.
PAGE_A = '<!doctype html><meta name="viewport" content="width=device-width"><a id="go" href="/b">Go</a>'
PAGE_B = '<!doctype html><meta name="viewport" content="width=device-width"><h1>Page B</h1>'


@app.get("/")
def hello():
    """Hello world."""
    return "Hello, world!"


@app.get("/a")
def page_a():
    """A page with one link."""
    return PAGE_A


@app.get("/b")
def page_b():
    """The page the link leads to."""
    return PAGE_B
