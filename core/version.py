"""The app's version: its own module, so the fleet code can read it without importing the factory."""

APP_VERSION = "0.1.0"
