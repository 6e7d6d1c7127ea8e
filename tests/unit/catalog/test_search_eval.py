"""The search evaluation set (search_eval.toml): top-1/top-3 per kind of query, halves and batches.

A query that expects procedures counts as found when one of them is in the top
1 (or 3) and the search is confident; an out-of-scope query (``expect = []``)
counts when the search says the office does not offer it.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalog.catalog import Catalog

EVAL_PATH = Path(__file__).with_name("search_eval.toml")
HALVES = ("tuning", "heldout")
KINDS = ("exact", "toneless", "typo", "variant", "everyday", "code")
TARGET_TOP3 = 0.95
MIN_CASES, MIN_PER_KIND = 300, 45


@dataclass(frozen=True)
class Case:
    text: str
    kind: str
    expect: tuple[str, ...]
    half: str
    form: str = ""  # finer than kind: "telex", "vni", "nospace", "link"
    batch: str = "first"  # when it was written: "heldout-2026-12-03" is the second batch


def load_cases(path: Path = EVAL_PATH) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Case(
            row["text"],
            row["kind"],
            tuple(row["expect"]),
            half,
            row.get("form", ""),
            row.get("batch", "first"),
        )
        for half in HALVES
        for row in data[half]
    ]


def outcome(catalog: Catalog, case: Case) -> tuple[bool, bool]:
    """(found at 1, found in the top 3) for one case."""
    result = catalog.find(case.text, limit=3)
    if not case.expect:
        return (not result.confident,) * 2
    codes = [h.procedure.code for h in result.hits] if result.confident else []
    return codes[:1] != [] and codes[0] in case.expect, any(c in case.expect for c in codes)


def evaluate(catalog: Catalog, cases: list[Case]) -> dict[str, dict[str, float]]:
    """Per kind (and "all"): number of queries, top-1 and top-3 rates."""
    tally: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for case in cases:
        got = outcome(catalog, case)
        tally[case.kind].append(got)
        tally["all"].append(got)
    return {
        kind: {
            "n": len(rows),
            "top1": round(sum(r[0] for r in rows) / len(rows), 3),
            "top3": round(sum(r[1] for r in rows) / len(rows), 3),
        }
        for kind, rows in sorted(tally.items())
    }


def failures(catalog: Catalog, cases: list[Case]) -> list[str]:
    out = []
    for case in cases:
        if not outcome(catalog, case)[1]:
            result = catalog.find(case.text, limit=3)
            got = [(h.procedure.code, h.score) for h in result.hits]
            out.append(f"[{case.kind}] {case.text!r}: want {case.expect}, got {got}")
    return out


CASES = load_cases()


def test_set_is_large_and_points_at_real_codes(catalog: Catalog) -> None:
    assert len(CASES) >= MIN_CASES
    assert {c.half for c in CASES} == set(HALVES)
    assert {c.kind for c in CASES} == {*KINDS, "none"}
    per_kind = {k: sum(c.kind == k for c in CASES) for k in KINDS}
    assert min(per_kind.values()) >= MIN_PER_KIND, per_kind
    assert len({c.text for c in CASES}) == len(CASES), "a query is in the set twice"
    missing = [code for c in CASES for code in c.expect if not catalog.get(code)]
    assert not missing, f"codes not in the catalog: {missing}"


def test_every_kind_is_found_in_the_top_3(catalog: Catalog) -> None:
    scores = evaluate(catalog, CASES)
    low = {k: v for k, v in scores.items() if v["top3"] < TARGET_TOP3}
    assert not low, f"{low}\n" + "\n".join(failures(catalog, CASES))
