"""What travellers search for on the kiosks and do not find (issue 16), so content staff see what is missing.

Read-only, from the anonymous counts the terminals send with their heartbeats (core/fleet/usage.py):
only the words of a finished search, no session, no terminal's traveller. Every content role may look.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, request

from admin import bp
from core.auth import role_required
from core.fleet.usage import top_searches
from core.hours import TZ
from core.i18n import LANGUAGE_NAMES
from core.models.base import utcnow

PERIODS = (7, 30, 90)


@bp.get("/search")
@role_required("editor")
def search_report():
    """Per kiosk language: the searches that found nothing, most frequent first, and the top searches."""
    days = request.args.get("days", type=int)
    days = days if days in PERIODS else 30
    end = utcnow().astimezone(TZ).date()
    start = end - timedelta(days=days - 1)
    langs = [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "missed": top_searches("search_none", code, start, end),
            "top": top_searches("search", code, start, end, limit=10),
        }
        for code in current_app.config["LANGUAGES"]
    ]
    return render_template("admin/search.html", langs=langs, days=days, periods=PERIODS, start=start, end=end)
