"""Why a store cannot be used, in the words the people who run a site read."""

from __future__ import annotations


class StoreUnusable(Exception):
    """The store is not a sound kiosk store this software can open (corrupt, newer,
    foreign, unreachable)."""


class StoreBusy(StoreUnusable):
    """A running hub holds the store."""


class SchemaTooNew(StoreUnusable):
    """The store was written by a newer kiosk (either backend): the one refusal."""

    def __init__(self, where: str, version: int, known: int) -> None:
        super().__init__(
            f"{where}: cơ sở dữ liệu của phiên bản mới hơn / written by a newer kiosk (schema "
            f"{version}, this software knows {known}); upgrade kiosk"
        )
        self.version = version
        self.known = known


class StoreRefused(Exception):
    """The store is there but takes no write now (another hub holds it, the disk is
    read-only, the file is corrupt); the message is the reason people read."""
