"""Traveller-facing kiosk blueprint."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__, template_folder="templates")

from kiosk import report, search, speech, views  # noqa: E402,F401  (registers the routes on bp)
