"""Kivy screens: one ``<name>.py`` (a :class:`~kiosk.ui.screens.base.KioskScreen`) and one
``<name>.kv`` each; the app lists them per role (see :mod:`kiosk.ui.app`)."""
