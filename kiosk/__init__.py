"""Lobby kiosk system for Vietnam's one-stop public administration offices."""

__version__ = "0.1.0"
