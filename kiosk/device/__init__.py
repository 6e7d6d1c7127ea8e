"""The device side of the wire, without Kivy: one device's service object and what it owns.

:class:`~kiosk.device.service.DeviceService` owns every thread, socket, file and port of
one device: the hub client, the one event stream, the rating outbox, the desks (ticketing,
counter, hall, rating flow), the catalog cache and the peripherals. The UI
(:mod:`kiosk.ui`) asks it for what to show and forwards touches; tests drive it against a
real hub and the simulated devices without a window.
"""
