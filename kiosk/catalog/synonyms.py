"""The editable table of everyday words (assets/catalog/synonyms.toml) and query expansion."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kiosk.catalog.folding import nfc, words
from kiosk.paths import asset

MAX_VARIANTS = 6
_MAX_SKIPPED = 2  # stop words passed over inside an everyday phrase
_NEGATIONS = frozenset({"không", "chưa", "chẳng", "có"})  # never left out of a phrase


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
    ``bare`` maps a phrase with its stop words left out (all but the first word,
    compared with their tones: "báo" is not the stop word "bao") to the phrase, so
    that "không cần giám hộ nữa" finds "không giám hộ nữa".
    """

    phrases: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    stopwords: frozenset[str] = frozenset()
    elsewhere: Mapping[tuple[str, ...], str] = field(default_factory=dict)
    context: frozenset[str] = frozenset()
    bare: Mapping[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(
        cls,
        phrases: Mapping[str, list[str]],
        stopwords: list[str] | tuple[str, ...] = (),
        elsewhere: Mapping[str, str] | None = None,
        context: list[str] | tuple[str, ...] = (),
    ) -> Synonyms:
        table: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        bare: dict[tuple[str, ...], tuple[str, ...]] = {}
        toned_stops = {w.lower() for s in stopwords for w in nfc(s).split()}
        for phrase, means in phrases.items():
            if isinstance(means, str):
                means = [means]
            if not isinstance(means, list) or not all(isinstance(m, str) for m in means):
                raise SynonymError(f"phrases.{phrase!r}: expected a list of phrases")
            key = tuple(words(phrase))
            if key:
                table[key] = tuple(tuple(words(m)) for m in means if words(m))
                typed = nfc(phrase).lower().split()
                kept = typed[:1] + [w for w in typed[1:] if w not in toned_stops - _NEGATIONS]
                if len(kept) < len(typed) and len(kept) > 1:
                    bare.setdefault(tuple(f for w in kept for f in words(w)), key)
        stops = frozenset(w for s in stopwords for w in words(s))
        away: dict[tuple[str, ...], str] = {}
        for phrase, where in (elsewhere or {}).items():
            if not isinstance(where, str):
                raise SynonymError(f"elsewhere.{phrase!r}: expected who handles it")
            if key := tuple(words(phrase)):
                away[key] = where
        context_words = frozenset(w for c in context for w in words(c))
        return cls(table, stops, away, context_words, bare)

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
        inside a phrase are passed over ("bán mảnh đất" is "bán đất").
        """
        longest = max((len(k) for k in self.phrases), default=0)
        segments: list[list[tuple[tuple[str, bool], ...]]] = []
        i = 0
        while i < len(tokens):
            found = self._phrase_at(tokens, i, longest)
            if found and any(
                (inner := self._phrase_at(tokens, j, longest)) and inner[0] - j > found[0] - i
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

    def _phrase_at(
        self, tokens: list[str], i: int, longest: int
    ) -> tuple[int, tuple[str, ...]] | None:
        """(end, phrase) of the longest phrase starting at ``tokens[i]``, or None."""
        for n in range(min(longest, len(tokens) - i), 0, -1):
            if (phrase := tuple(tokens[i : i + n])) in self.phrases:
                break
        else:
            n, phrase = 0, ()
        # The same with stop words passed over: kept only when it is a longer phrase.
        picked, ends, skipped = [tokens[i]], [i + 1], 0
        for j in range(i + 1, len(tokens)):
            if len(picked) == longest:
                break
            if tokens[j] in self.stopwords and skipped < _MAX_SKIPPED:
                skipped += 1
                continue
            picked.append(tokens[j])
            ends.append(j + 1)
        for m in range(len(picked), max(n, 1), -1):
            loose = tuple(picked[:m])
            if (key := self.bare.get(loose, loose)) in self.phrases:
                return ends[m - 1], key
        return (i + n, phrase) if n else None


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
