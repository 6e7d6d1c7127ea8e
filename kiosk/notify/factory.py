"""The notifier ``[hub.notify]`` names."""

from __future__ import annotations

from kiosk.config import NotifySettings
from kiosk.notify.base import Notifier
from kiosk.notify.simulated import SimulatedNotifier
from kiosk.notify.sms_http import HttpSmsNotifier
from kiosk.notify.zns import ZnsNotifier


def notifier_for(settings: NotifySettings) -> Notifier:
    if settings.driver == "sms-http":
        assert settings.sms is not None  # the config requires it
        return HttpSmsNotifier(settings.sms)
    if settings.driver == "zns":
        assert settings.zns is not None
        return ZnsNotifier(settings.zns)
    return SimulatedNotifier()
