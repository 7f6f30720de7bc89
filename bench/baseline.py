"""The minimal Flask app the kiosk is compared with: same gunicorn settings, no work at all."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """Hello world."""
    return "Hello, world!"
