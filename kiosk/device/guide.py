"""Spoken guidance on a kiosk: while it is on, every screen's title, the choice in focus
and each result are said aloud through the kiosk's speaker (kiosk.devices.speech)."""

from __future__ import annotations

from kiosk.devices.speech import Speaker
from kiosk.i18n import Phrase


class Guide:
    """On or off for the citizen at the kiosk now; off again when the session ends."""

    def __init__(self, speaker: Speaker | None) -> None:
        self.speaker = speaker
        self.on = False

    @property
    def available(self) -> bool:
        """True when this kiosk has a voice to guide with."""
        return self.speaker is not None

    def start(self, lang: str) -> None:
        """Turn guidance on and say how to use it."""
        if self.speaker is None:
            return
        self.on = True
        self.say(Phrase("guide.started"), lang)

    def stop(self) -> None:
        self.on = False

    def say(self, words: Phrase | str, lang: str) -> None:
        """Say ``words`` (a phrase of the word table, or text such as a procedure name)."""
        if not self.on or self.speaker is None:
            return
        if isinstance(words, Phrase):
            self.speaker.say(words.text(lang), lang, words.key)
        elif words.strip():
            self.speaker.say(words, lang)
