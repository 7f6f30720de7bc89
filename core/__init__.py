"""Core of the kiosk: factory, config, extensions, models and domain logic."""

from core.factory import create_app

__all__ = ["create_app"]
