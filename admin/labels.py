"""Words for what the system itself wrote in English into stored records (release and revision comments,
the name of the starter-content author), shown to staff in their interface language.

The records keep their original text (they are history and cannot be rewritten); only the display is
translated, so old databases read well too.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _

from admin import bp

# Names the system uses as the author of what no person did.
SYSTEM_AUTHORS = {"seed", "cli"}
_ROLLBACK = re.compile(r"Rollback to release (\d+)")
_REVERT = re.compile(r"Revert to revision (\d+)")


@bp.app_template_filter("system_text")
def system_text(comment: str | None) -> str:
    """A release or revision comment; the ones the system writes are shown in the admin language."""
    text = comment or ""
    if text == "Starter content":
        return _("Starter content shipped with the system")
    if text == "Starter content update":
        return _("Update of the starter content shipped with the system")
    found = _ROLLBACK.fullmatch(text)
    if found:
        return _("Rollback to release %(number)s", number=int(found.group(1)))
    found = _REVERT.fullmatch(text)
    if found:
        return _("Restored from revision %(number)s", number=int(found.group(1)))
    return text


@bp.app_template_filter("author")
def author(name: str | None) -> str:
    """A user name, or what the system's own author names stand for."""
    if name == "seed":
        return _("system (starter content)")
    if name == "cli":
        return _("server command line")
    return name or "—"
