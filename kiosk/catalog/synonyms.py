"""The editable table of everyday words (assets/catalog/synonyms.toml) and query expansion."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kiosk.catalog.folding import words
from kiosk.paths import asset

MAX_VARIANTS = 6
_MAX_SKIPPED = 2  # stop words passed over inside an everyday phrase


def default_path() -> Path:
    return asset("catalog", "synonyms.toml")


class SynonymError(ValueError):
    """The synonym file is unreadable or malformed; the message says where."""


@dataclass(frozen=True)
class Synonyms:
    """Folded phrases -> folded replacements, folded stop words, and matters handled elsewhere.

    ``context`` words tell who, where or when ("vợ", "quê") and weigh little in a
    query. ``elsewhere`` maps a folded phrase (``("li", "hon")``) to who handles it
    ("Tòa án nhân dân khu vực") for matters a one-stop office does not offer.
    """

    phrases: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    stopwords: frozenset[str] = frozenset()
    elsewhere: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    context: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(
        cls,
        phrases: Mapping[str, list[str]],
        stopwords: list[str] | tuple[str, ...] = (),
        elsewhere: Mapping[str, str] | None = None,
        context: list[str] | tuple[str, ...] = (),
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
        away: dict[tuple[str, ...], str] = {}
        for phrase, where in (elsewhere or {}).items():
            if not isinstance(where, str):
                raise SynonymError(f"elsewhere.{phrase!r}: expected who handles it")
            if key := tuple(words(phrase)):
                away[key] = where
        context_words = frozenset(w for c in context for w in words(c))
        return cls(table, stops, away, context_words)

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
        stopwords, context = data.get("stopwords", []), data.get("context", [])
        elsewhere = data.get("elsewhere", {})
        if not all(isinstance(t, dict) for t in (phrases, elsewhere)) or not all(
            isinstance(t, list) for t in (stopwords, context)
        ):
            raise SynonymError(
                f"{path}: expected [phrases] and [elsewhere] tables, stopwords and context lists"
            )
        return cls.from_mapping(phrases, stopwords, elsewhere, context)

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every folded word of the phrases (everyday and elsewhere), stop and context words."""
        phrases = itertools.chain(self.phrases, self.elsewhere)
        return frozenset(w for phrase in phrases for w in phrase) | self.stopwords | self.context

    def variants(self, tokens: list[str]) -> list[list[str]]:
        """``tokens`` and its rewrites with everyday phrases replaced (original first)."""
        return [[w for w, _ in r] for r in self.rewrites(tokens)]

    def rewrites(self, tokens: list[str]) -> list[list[tuple[str, bool]]]:
        """Like :meth:`variants`, each word paired with True when a phrase was replaced.

        Phrases are matched left to right, longest first, without overlapping; a
        phrase gives way to a longer one starting inside it ("mẹ mất sổ đỏ" is
        "mẹ" + "mất sổ đỏ", not "mẹ mất" + "sổ đỏ"). Up to two stop words
        inside a phrase are passed over ("bán mảnh đất" is "bán đất", "không cần
        giám hộ nữa" is "không giám hộ nữa").
        """
        segments: list[list[tuple[tuple[str, bool], ...]]] = []
        i = 0
        while i < len(tokens):
            found = self._phrase_at(tokens, i)
            if found and any(
                (inner := self._phrase_at(tokens, j)) and len(inner[1]) > len(found[1])
                for j in range(i + 1, found[0])
            ):
                found = None
            if found:
                end, phrase = found
                typed = tuple((w, False) for w in tokens[i:end])
                means = [tuple((w, True) for w in m) for m in self.phrases[phrase]]
                segments.append([typed, *means])
                i = end
            else:
                segments.append([((tokens[i], False),)])
                i += 1
        return [[w for part in combo for w in part] for combo in _likely_combos(segments)]

    @cached_property
    def _by_first_word(self) -> dict[str, list[tuple[str, ...]]]:
        out: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(self.phrases, key=len, reverse=True):
            out.setdefault(key[0], []).append(key)
        return out

    def _phrase_at(self, tokens: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
        """(end, phrase) of the longest phrase starting at ``tokens[i]``, or None."""
        for key in self._by_first_word.get(tokens[i], ()):
            j, skipped = i + 1, 0
            for w in key[1:]:
                while (
                    j < len(tokens)
                    and tokens[j] != w
                    and tokens[j] in self.stopwords
                    and skipped < _MAX_SKIPPED
                ):
                    j, skipped = j + 1, skipped + 1
                if j == len(tokens) or tokens[j] != w:
                    break
                j += 1
            else:
                return j, key
        return None


def _likely_combos(segments: list[list[tuple[tuple[str, bool], ...]]]) -> list[tuple]:
    """At most MAX_VARIANTS choices of one option per segment, the likelier first.

    Each segment's options are the typed words, then the phrases they stand
    for. First every phrase as typed, then every phrase replaced by its first
    meaning; then, one segment at a time, its other meanings, then it as typed.
    """
    typed = tuple(opts[0] for opts in segments)
    first = tuple(opts[min(1, len(opts) - 1)] for opts in segments)
    out = dict.fromkeys([typed, first])
    for choice in (range(2, 9), range(1)):
        for i, opts in enumerate(segments):
            for k in choice:
                if k < len(opts) and len(opts) > 1:
                    out.setdefault((*first[:i], opts[k], *first[i + 1 :]))
    return list(out)[:MAX_VARIANTS]
