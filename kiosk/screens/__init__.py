"""Kivy screens: one ``<name>.py`` (a :class:`~kiosk.screens.base.KioskScreen`) and one
``<name>.kv`` each; the app lists them per role (see :mod:`kiosk.app`)."""
