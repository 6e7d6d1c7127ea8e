"""The refusal the lobby's desks raise: a code and what to tell people (a Phrase)."""

from __future__ import annotations

from kiosk.i18n import Phrase, Worded


class LobbyError(Exception, Worded):
    """Something a citizen or officer asked for did not happen, said in plain words."""

    def __init__(self, code: str, words: Phrase) -> None:
        super().__init__(f"{code}: {words.en}")
        self.code = code
        self.words = words
