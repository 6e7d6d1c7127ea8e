"""The lobby's queue logic behind the Kivy screens: tickets, hall display, counter, rating.

No Kivy here: every class is driven by plain calls and callbacks, so the tests run it
against a real hub and the simulated devices without a window.
"""
