"""Queue domain: numbering, calls, ratings and their SQLite store; the hub client."""
