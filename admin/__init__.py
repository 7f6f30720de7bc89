"""Staff panel blueprint (central role only)."""

import pkgutil
from importlib import import_module

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from admin import account, audit, content, labels, notices, people, releases, reports, search, views  # noqa: E402,F401  (register the routes on bp)


def _load_optional_parts() -> None:
    """Import admin/fleet*.py, admin/hours*.py and admin/speech*.py (written by other issues) so their
    routes join bp."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith(("fleet", "hours", "speech")):
            import_module(f"{__name__}.{module.name}")


_load_optional_parts()
