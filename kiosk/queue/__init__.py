"""The hub's queue domain: numbering, calls, counters, ratings, alerts, reports, retention.

Runs inside the hub process only, on the store's writer (:mod:`kiosk.store`).
"""
