"""Messages to citizens' phones: the notifier interface and its adapters (hub process).

``base`` holds the interface, ``sms_http`` a brand-name SMS gateway over HTTP, ``zns``
Zalo's template messages, ``simulated`` the demo's logger; ``fake_gateways`` serves the
SMS and ZNS contracts on 127.0.0.1 for tests and trials. The outbox that feeds them is
kiosk/queue/notify_outbox.py, its sender kiosk/queue/notify_sender.py.
"""
