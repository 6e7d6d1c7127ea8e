"""The refusal the lobby's desks raise: a code and the reason in plain Vietnamese and English."""

from __future__ import annotations


class LobbyError(Exception):
    """Something a citizen or officer asked for did not happen, said in plain words."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
