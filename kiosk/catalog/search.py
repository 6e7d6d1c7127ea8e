"""Forgiving Vietnamese search over procedures: folded words, synonyms, typos, codes.

A query is folded (see :mod:`kiosk.catalog.folding`); unknown words typed in
Telex/VNI are decoded and words typed without spaces split; it is rewritten with
the everyday-word table (:mod:`kiosk.catalog.synonyms`) and each word matched to
the index vocabulary exactly, in a regional spelling, as a prefix, or within one
or two edits (rapidfuzz). A procedure scores by how much of the query's
information (IDF) it covers, with bonuses for adjacent word pairs found in its
name and for short, specific names. A procedure code anywhere in the query
(typed, or in a scanned portal link) goes straight to that procedure.
:meth:`SearchIndex.find` also says whether the office offers what was asked
(:class:`SearchResult`, :data:`CONFIDENT_SCORE`).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kiosk.catalog.folding import accent_spellings, fold, untyped, words
from kiosk.catalog.model import Procedure
from kiosk.catalog.synonyms import Synonyms

_CODE_IN_TEXT = re.compile(r"(?<![\d.])(\d{1,2})\s*[.,-]?\s*(\d{6})(?![\d])")
_CODE_PREFIX = re.compile(r"^\d{1,2}\.?\d{0,6}$")
# Where a word is found in a procedure, and how much that counts.
_FIELD_WEIGHTS = (
    ("name", 1.0),
    ("name_en", 1.0),
    ("keywords", 0.9),
    ("field", 0.45),
    ("result", 0.3),
)
_MIN_SCORE = 30.0
CONFIDENT_SCORE = 55.0
"""A best hit under this score means the office probably does not offer what was asked."""
_PREFIX_SIM, _MAX_PREFIX, _ACCENT_SIM = 0.8, 40, 0.8
_RERANK, _LITERAL = 50, 0.92
_REWRITTEN = 1.5  # weight of the words an everyday phrase was rewritten to
_CONTEXT = 0.3  # weight of a word that says who, where or when ("vợ", "quê")
_AGENCIES, _AGENCIES_ONLY = ("co quan", "to chuc"), 3.0  # filed only by agencies: a bit lower
_UNKNOWN = 0.5  # what a word the catalog lacks is worth, as a share of a unique word's IDF
_MAX_SYLLABLE = 7  # letters in the longest folded syllable (nghieng)
_SELECTIVE = 16  # a term in fewer than 1/16 of the procedures picks the candidates


def _common_prefix(a: list[str], b: list[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@dataclass(frozen=True)
class Hit:
    """One search result; ``score`` is 0-100, 100 for an exact code."""

    procedure: Procedure
    score: float

    def to_json(self) -> dict:
        return {"code": self.procedure.code, "name": self.procedure.name, "score": self.score}


@dataclass(frozen=True)
class SearchResult:
    """The hits for a query and whether the office offers what was asked.

    ``confident`` is False when no hit reaches :data:`CONFIDENT_SCORE` (or the
    query names a matter handled elsewhere, see ``elsewhere``): a screen then
    says the office does not offer this procedure and offers browsing by field,
    showing ``hits`` at most as "see also".
    """

    hits: list[Hit]
    confident: bool
    elsewhere: str | None = None  # who handles it, for a known matter not offered here

    def to_json(self) -> dict:
        return {
            "hits": [h.to_json() for h in self.hits],
            "confident": self.confident,
            "elsewhere": self.elsewhere,
        }


def _doc_texts(p: Procedure) -> dict[str, str]:
    return {
        "name": p.name,
        "name_en": p.name_en,
        "keywords": " ".join(p.keywords),
        "field": p.field,
        "result": p.result,
    }


class SearchIndex:
    """An in-memory inverted index of folded words and adjacent name-word pairs."""

    def __init__(self, procedures: Iterable[Procedure], synonyms: Synonyms) -> None:
        self.procedures = list(procedures)
        self.synonyms = synonyms
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.pairs: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.names: list[list[str]] = []
        self.name_len: list[int] = []
        for doc, p in enumerate(self.procedures):
            texts = _doc_texts(p)
            for part, weight in _FIELD_WEIGHTS:
                for w in words(texts[part]):
                    if self.postings[w].get(doc, 0.0) < weight:
                        self.postings[w][doc] = weight
            name = words(p.name)
            self.names.append(name)
            self.name_len.append(len(name))
            for a, b in itertools.pairwise(name):
                self.pairs[a, b].add(doc)
        self.longest_name = max(self.name_len, default=0)
        # Which word follows which, in names and in everyday phrases: the context of a typo.
        follows: dict[str, set[str]] = defaultdict(set)
        precedes: dict[str, set[str]] = defaultdict(set)
        for phrase in itertools.chain(self.names, synonyms.phrases, synonyms.elsewhere):
            for a, b in itertools.pairwise(phrase):
                follows[a].add(b)
                precedes[b].add(a)
        self.follows = {w: frozenset(v) for w, v in follows.items()}
        self.precedes = {w: frozenset(v) for w, v in precedes.items()}
        self.agencies_only = [
            bool(p.applicants) and all(fold(a).startswith(_AGENCIES) for a in p.applicants)
            for p in self.procedures
        ]
        n = max(len(self.procedures), 1)
        self.idf = {w: math.log(1 + n / len(docs)) for w, docs in self.postings.items()}
        self.vocab = sorted(self.postings)
        self.unknown_worth = _UNKNOWN * math.log(1 + n)
        self.by_code = {p.code: doc for doc, p in enumerate(self.procedures)}
        self._codes = sorted(self.by_code)
        name_sets = [set(name) for name in self.names]
        self.not_offered = {  # a matter no procedure name has all the words of
            phrase: where
            for phrase, where in synonyms.elsewhere.items()
            if not any(set(phrase) <= name for name in name_sets)
        }

    def search(self, query: str, limit: int = 10, *, keep: set[str] | None = None) -> list[Hit]:
        """The best ``limit`` procedures for ``query``; ``keep`` restricts to these codes."""
        return self.find(query, limit, keep=keep).hits

    def find(self, query: str, limit: int = 10, *, keep: set[str] | None = None) -> SearchResult:
        """Like :meth:`search`, saying also whether the office offers what was asked."""
        code_hits = self._code_hits(query)
        if code_hits is not None:
            found = [
                Hit(self.procedures[d], s)
                for d, s in code_hits
                if keep is None or self.procedures[d].code in keep
            ][:limit]
            return SearchResult(found, len(found) == 1 or any(h.score == 100 for h in found))
        tokens = self._normalise(words(query))
        hits = self._ranked(self._score(tokens), limit, keep)
        elsewhere = self._elsewhere(tokens)
        confident = (
            bool(hits)
            and (hits[0].score >= CONFIDENT_SCORE or self._asked_in_full(hits[0], tokens))
            and elsewhere is None
        )
        return SearchResult(hits, confident, elsewhere)

    def _asked_in_full(self, hit: Hit, tokens: list[str]) -> bool:
        """Whether the query, or one rewrite of it, has every word of the hit's name.

        A long question ("bé sinh ra ở bệnh viện tỉnh về quê làm khai sinh") scores
        low for all its other words, yet names what it asks for.
        """
        name = set(self.names[self.by_code[hit.procedure.code]])
        return len(name) > 1 and any(name <= set(v) for v in self.synonyms.variants(tokens))

    def _ranked(self, scores: dict[int, float], limit: int, keep: set[str] | None) -> list[Hit]:
        lengths, procs = self.name_len, self.procedures
        ranked = heapq.nlargest(
            limit,  # best score, then the shorter (more general) name, then catalog order
            [
                (s, -lengths[d], -d)
                for d, s in scores.items()
                if s >= _MIN_SCORE and (keep is None or procs[d].code in keep)
            ],
        )
        return [Hit(procs[-d], round(s, 1)) for s, _, d in ranked]

    def _elsewhere(self, tokens: list[str]) -> str | None:
        """Who handles a matter the query names that no procedure here mentions.

        The matter may be typed ("hộ chiếu") or be what an everyday phrase
        stands for ("biển số" is "biển số xe"). None when the rest of the query
        names, in an everyday phrase of two words or more, a matter handled here:
        "đi xin việc cần lý lịch" asks for the record, the job being only why.
        """
        for variant in self.synonyms.variants(tokens):
            for phrase, where in self.not_offered.items():
                n = len(phrase)
                for i in range(len(variant) - n + 1):
                    if tuple(variant[i : i + n]) == phrase:
                        rest = variant[:i] + variant[i + n :]
                        return None if self._names_matter(rest) else where
        return None

    def _names_matter(self, tokens: list[str]) -> bool:
        phrases = self.synonyms.phrases
        return any(
            tuple(tokens[i : i + n]) in phrases
            for n in range(2, 5)
            for i in range(len(tokens) - n + 1)
        )

    # -- codes -----------------------------------------------------------------

    def _code_hits(self, query: str) -> list[tuple[int, float]] | None:
        """Hits for a code in the query, or None when the query is not about a code.

        A code is found however it was typed or scanned: 1.004222, "1. 004222",
        "1 004222", "1,004222", 1004222, inside a portal link; six digits alone
        (004222) match the part after the dot, and a code being typed its prefix.
        """
        for prefix, number in _CODE_IN_TEXT.findall(query):
            if (code := f"{prefix}.{number}") in self.by_code:
                return [(self.by_code[code], 100.0)]
        text = fold(query).replace(" ", "")
        if not text or not _CODE_PREFIX.match(text) or not any(c.isdigit() for c in text):
            return None
        if "." not in text and len(text) > 2:  # "001193": the part after the dot
            return [(self.by_code[c], 95.0) for c in self._codes if c.endswith("." + text)][:50]
        start = bisect.bisect_left(self._codes, text)
        out = []
        for code in self._codes[start : start + 50]:
            if not code.startswith(text):
                break
            out.append((self.by_code[code], 90.0))
        return out

    # -- words -----------------------------------------------------------------

    def _known(self, word: str) -> bool:
        return word in self.postings or word in self.synonyms.vocabulary

    def _normalise(self, tokens: list[str]) -> list[str]:
        """Decode words typed in Telex or VNI and split words typed without spaces.

        Only an unknown word is changed, so real words that look like Telex
        ("thuong") stay as they are; a word still unknown once decoded is matched
        for typos in its decoded form ("truus" → "truu" → "tru").
        """
        out: list[str] = []
        for t in tokens:
            if self._known(t):
                out.append(t)
            elif self._known(decoded := untyped(t)):
                out.append(decoded)
            else:
                out += self._segment(t) or self._segment(decoded) or [decoded]
        return [self._in_context(out, i) for i in range(len(out))]

    def _in_context(self, tokens: list[str], i: int) -> str:
        """``tokens[i]``, or the word it stands for when its neighbours say so.

        A word that follows the word before it (or precedes the one after it) in a
        procedure name or an everyday phrase is the likely meaning of a typo: one
        or two edits away with one neighbour, up to three with both. A word the
        catalog lacks but the everyday table has ("khám") is taken for a typo only
        when it fits none of its phrases here and both neighbours agree ("đăng ký
        khám hôn" → "kết", between "ký … hôn").
        """
        word = tokens[i]
        if word in self.postings or len(word) < 2 or word.isdigit():
            return word
        prev = tokens[i - 1] if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        after = self.follows.get(prev, frozenset())
        before = self.precedes.get(nxt, frozenset())
        lexical = self._known(word)
        syn = self.synonyms
        if lexical and (
            word in after
            or word in before
            or (word,) in syn.phrases
            or word in syn.stopwords
            or word in syn.context
        ):
            return word
        best: tuple[bool, int, str] | None = None
        for cand in after | before:
            both = cand in after and cand in before
            if lexical and not both:
                continue
            limit = min(3 if both else (1 if len(word) <= 5 else 2), len(word) - 1)
            dist = OSA.distance(word, cand, score_cutoff=limit)
            if dist <= limit and (best is None or (not both, dist) < best[:2]):
                best = (not both, dist, cand)
        return best[2] if best else word

    def _segment(self, text: str) -> list[str] | None:
        """``text`` cut into the fewest known words ("dangkikhaisinh"), or None.

        One piece may be unknown (a typo, "dangkiketthon"), if it is at most a
        third of the text: the typo matching then finds the word it stands for.
        """
        if len(text) < 5:
            return None
        # best[end]: (unknown pieces, pieces, unknown letters, the pieces) for text[:end]
        best: list[tuple[int, int, int, list[str]] | None] = [(0, 0, 0, [])]
        best += [None] * len(text)
        for end in range(2, len(text) + 1):
            for start in range(max(0, end - _MAX_SYLLABLE), end - 1):
                if (head := best[start]) is None:
                    continue
                piece = text[start:end]
                unknown = head[0] + (not self._known(piece))
                if unknown and (unknown > 1 or 3 * len(piece) > len(text) or len(piece) < 3):
                    continue
                letters = head[2] + (len(piece) if unknown > head[0] else 0)
                cand = (unknown, head[1] + 1, letters, [*head[3], piece])
                if (prev := best[end]) is None or cand[:3] < prev[:3]:
                    best[end] = cand
        found = best[-1]
        return found[3] if found and found[1] > 1 else None

    def _matches(self, term: str, last: bool) -> list[tuple[str, float]]:
        """Vocabulary words ``term`` may mean, with a similarity in 0-1."""
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = 1.0
        for w in accent_spellings(term):
            if w in self.postings:
                found.setdefault(w, _ACCENT_SIM)
        if (last and len(term) >= 2) or (term not in self.postings and len(term) >= 3):
            start = bisect.bisect_left(self.vocab, term)
            for w in self.vocab[start : start + _MAX_PREFIX]:
                if not w.startswith(term):
                    break
                found.setdefault(w, _PREFIX_SIM)
        if term not in self.postings and len(term) >= 3 and not term.isdigit():
            max_edits = 1 if len(term) <= 5 else 2
            for w, dist, _ in process.extract(
                term, self.vocab, scorer=OSA.distance, score_cutoff=max_edits, limit=8
            ):
                found.setdefault(w, 0.85 - 0.15 * dist)
        return list(found.items())

    def _term_scores(self, term: str, last: bool) -> tuple[dict[int, float], float]:
        """Per document, the best weighted match of ``term``; and what the term is worth.

        A word the catalog does not have counts in full, so that a query about
        something else ("hộ chiếu") scores low even where a look-alike matched.
        """
        exact = self.idf.get(term)  # a rarer word that merely starts alike must not outweigh it
        worth = exact or 0.0
        best: dict[int, float] = {}
        for w, sim in self._matches(term, last):
            value = sim * self.idf[w] if exact is None else sim * min(self.idf[w], exact)
            worth = max(worth, value / sim)
            scored = {doc: value * weight for doc, weight in self.postings[w].items()}
            if not best:
                best = scored
            else:
                for doc, v in scored.items():
                    if v > best.get(doc, 0.0):
                        best[doc] = v
        return best, worth or self.unknown_worth

    def _candidates(self, bests: list[dict[int, float]]) -> set[int] | None:
        """Documents matching a selective term; None (all) when every term is common."""
        limit = max(len(self.procedures) // _SELECTIVE, 50)
        selective = [b for b in bests if len(b) <= limit]
        return set().union(*selective) if selective else None

    def _weighted(self, rewrite: list[tuple[str, bool]]) -> dict[str, float]:
        """The terms of one rewrite of the query with their weights.

        The words an everyday phrase stands for weigh more. A typed stop word is
        dropped and a context word weighs little unless it forms a pair found in
        a procedure name with the word before or after it: folded stop words
        collide with real words ("từ"/"tử" in "khai tu"), so such a stop word
        is kept, at the weight of a context word.
        """
        syn = self.synonyms
        out: dict[str, float] = {}
        for i, (w, replaced) in enumerate(rewrite):
            paired = (i > 0 and (rewrite[i - 1][0], w) in self.pairs) or (
                i + 1 < len(rewrite) and (w, rewrite[i + 1][0]) in self.pairs
            )
            if replaced:
                weight = _REWRITTEN
            elif w in syn.stopwords:
                if not paired:
                    continue
                weight = _CONTEXT
            elif w in syn.context and not paired:
                weight = _CONTEXT
            else:
                weight = 1.0
            out[w] = max(out.get(w, 0.0), weight)
        return out or {w: 1.0 for w, _ in rewrite}

    def _covered(
        self, scored: list[tuple[dict[int, float], float]], weights: list[float]
    ) -> dict[int, float]:
        """Per candidate document, the weighted sum of its term matches."""
        candidates = self._candidates([best for best, _ in scored])
        total: dict[int, float] = {}
        get = total.get
        for (best, _), w in zip(scored, weights, strict=True):
            if candidates is None:
                for doc, v in best.items():
                    total[doc] = get(doc, 0.0) + v * w
            elif len(best) < len(candidates):
                for doc, v in best.items():
                    if doc in candidates:
                        total[doc] = get(doc, 0.0) + v * w
            else:
                for doc in candidates:
                    total[doc] = get(doc, 0.0) + best.get(doc, 0.0) * w
        return total

    def _score(self, tokens: list[str]) -> dict[int, float]:
        cache: dict[tuple[str, bool], tuple[dict[int, float], float]] = {}
        result: dict[int, float] = {}
        variants: list[list[str]] = []
        rewrites = self.synonyms.rewrites(tokens)
        for n, rewrite in enumerate(rewrites):
            # A known everyday phrase ("sổ đỏ") is less likely meant word for word.
            literal = _LITERAL if n == 0 and len(rewrites) > 1 else 1.0
            weighted = self._weighted(rewrite)
            terms, weights = list(weighted), list(weighted.values())
            for i, term in enumerate(terms):
                key = (term, i == len(terms) - 1)
                if key not in cache:
                    cache[key] = self._term_scores(*key)
            scored = [cache[term, i == len(terms) - 1] for i, term in enumerate(terms)]
            possible = sum(top * w for (_, top), w in zip(scored, weights, strict=True))
            if not possible:
                continue
            total = self._covered(scored, weights)
            pair_docs: dict[int, int] = defaultdict(int)
            for a, b in itertools.pairwise(terms):
                for doc in self.pairs.get((a, b), ()):
                    pair_docs[doc] += 1
            # score = 78 * coverage + 12 * share of pairs in the name + 5 * share of the name
            # asked for, times the literal factor; the last two looked up, not computed.
            per_covered = 78 * literal / possible
            per_pair = [12 * literal * k / max(len(terms) - 1, 1) for k in range(len(terms))]
            by_length = [
                5 * literal * min(1.0, len(terms) / n) if n else 0.0
                for n in range(self.longest_name + 1)
            ]
            hopeless = possible * (_MIN_SCORE - 17) / 78  # even with every bonus
            lengths, pairs_of, best_of = self.name_len, pair_docs.get, result.get
            for doc, covered in total.items():
                if covered < hopeless:
                    continue
                score = covered * per_covered + per_pair[pairs_of(doc, 0)] + by_length[lengths[doc]]
                if score > best_of(doc, 0.0):
                    result[doc] = score
            variants.append(terms)
        # Names that start with the query ("cấp thẻ căn cước ...") are what was asked for.
        # Citizens at a kiosk rarely want a procedure only agencies file.
        for doc in heapq.nlargest(_RERANK, result, key=result.__getitem__):
            name = self.names[doc]
            result[doc] += 5 * max(_common_prefix(name, t) / len(t) for t in variants)
            result[doc] -= _AGENCIES_ONLY if self.agencies_only[doc] else 0.0
        return result
