"""Staff panel blueprint (central role only)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")
