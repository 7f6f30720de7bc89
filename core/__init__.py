"""Core of the kiosk: factory, config, extensions, models and domain logic."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str):
    """`from core import create_app`, loaded on first use so that `core.hours` imports without Flask."""
    if name == "create_app":
        from core.factory import create_app

        return create_app
    raise AttributeError(f"module 'core' has no attribute {name!r}")
