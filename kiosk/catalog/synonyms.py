"""The editable table of everyday words (assets/catalog/synonyms.toml) and query expansion."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalog.folding import words
from kiosk.paths import asset

MAX_VARIANTS = 8


def default_path() -> Path:
    return asset("catalog", "synonyms.toml")


class SynonymError(ValueError):
    """The synonym file is unreadable or malformed; the message says where."""


@dataclass(frozen=True)
class Synonyms:
    """Folded phrases -> folded replacements, plus folded stop words."""

    phrases: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    stopwords: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(
        cls, phrases: Mapping[str, list[str]], stopwords: list[str] | tuple[str, ...] = ()
    ) -> Synonyms:
        table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for phrase, means in phrases.items():
            if isinstance(means, str):
                means = [means]
            if not isinstance(means, list) or not all(isinstance(m, str) for m in means):
                raise SynonymError(f"phrases.{phrase!r}: expected a list of phrases")
            key = tuple(words(phrase))
            if key:
                table[key] = tuple(tuple(words(m)) for m in means if words(m))
        stops = frozenset(w for s in stopwords for w in words(s))
        return cls(table, stops)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Synonyms:
        """Read a synonyms TOML file (default: the shipped assets/catalog/synonyms.toml)."""
        path = Path(path) if path is not None else default_path()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise SynonymError(f"{path}: cannot read ({e.strerror})") from None
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise SynonymError(f"{path}: not valid UTF-8 TOML ({e})") from None
        phrases = data.get("phrases", {})
        stopwords = data.get("stopwords", [])
        if not isinstance(phrases, dict) or not isinstance(stopwords, list):
            raise SynonymError(f"{path}: expected [phrases] table and a stopwords list")
        return cls.from_mapping(phrases, stopwords)

    def variants(self, tokens: list[str]) -> list[list[str]]:
        """``tokens`` and its rewrites with everyday phrases replaced (original first).

        Phrases are matched left to right, longest first, without overlapping.
        """
        longest = max((len(k) for k in self.phrases), default=0)
        segments: list[list[tuple[str, ...]]] = []
        i = 0
        while i < len(tokens):
            for n in range(min(longest, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + n])
                if phrase in self.phrases:
                    segments.append([phrase, *self.phrases[phrase]])
                    i += n
                    break
            else:
                segments.append([(tokens[i],)])
                i += 1
        combos = itertools.islice(itertools.product(*segments), MAX_VARIANTS)
        return [[w for part in combo for w in part] for combo in combos]
