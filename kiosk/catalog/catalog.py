"""The catalog: procedures by code, browsing by field, level and life event, search, JSON
with ETag."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from kiosk.catalog.life_events import LifeEvent, load_life_events
from kiosk.catalog.model import CODE_RE, Procedure
from kiosk.catalog.synonyms import Synonyms

if TYPE_CHECKING:
    from kiosk.catalog.search import Hit, SearchIndex, SearchResult

FORMAT = "kiosk-catalog/2"  # 2: details may be missing; per-record source


class Catalog:
    """An immutable set of procedures with a search index built on first use."""

    def __init__(
        self,
        procedures: Iterable[Procedure],
        *,
        synonyms: Synonyms | None = None,
        life_events: tuple[LifeEvent, ...] | None = None,
        meta: dict | None = None,
    ) -> None:
        self.procedures: tuple[Procedure, ...] = tuple(procedures)
        self.by_code: dict[str, Procedure] = {p.code: p for p in self.procedures}
        if len(self.by_code) != len(self.procedures):
            dupes = [c for c, n in Counter(p.code for p in self.procedures).items() if n > 1]
            raise ValueError(f"duplicate procedure codes: {', '.join(dupes[:5])}")
        self.synonyms = synonyms if synonyms is not None else Synonyms.load()
        self.life_events = life_events if life_events is not None else load_life_events()
        self.meta = dict(meta or {})

    def __len__(self) -> int:
        return len(self.procedures)

    def get(self, code: str) -> Procedure | None:
        """The procedure with this code (spaces around it ignored), or None."""
        return self.by_code.get(code.strip())

    @cached_property
    def index(self) -> SearchIndex:
        """The search index; the search engine (rapidfuzz) loads here, with the first
        catalog a device searches, so a counter or a hall display never loads it."""
        from kiosk.catalog.search import SearchIndex

        return SearchIndex(self.procedures, self.synonyms)

    def search(
        self, query: str, limit: int = 10, *, field: str | None = None, level: str | None = None
    ) -> list[Hit]:
        """Best matches for what a citizen typed, best first (see :class:`SearchIndex`)."""
        return self.find(query, limit, field=field, level=level).hits

    def find(
        self,
        query: str,
        limit: int = 10,
        *,
        field: str | None = None,
        level: str | None = None,
        event: str | None = None,
    ) -> SearchResult:
        """Like :meth:`search`, and whether the office offers it (see :class:`SearchResult`)."""
        keep = None
        if field or level or event:
            keep = {p.code for p in self.browse(field, level, event)}
        return self.index.find(query, limit, keep=keep)

    def fields(self) -> list[dict]:
        """Each field (lĩnh vực) with its number of procedures per level, by name."""
        out: dict[str, dict] = {}
        for p in self.procedures:
            entry = out.setdefault(p.field, {"field": p.field, "count": 0, "xa": 0, "tinh": 0})
            entry["count"] += 1
            for level in p.levels:
                entry[level] += 1
        return sorted(out.values(), key=lambda e: e["field"])

    @cached_property
    def _event_members(self) -> dict[str, list[Procedure]]:
        """Each life event's procedures, in catalog order: every name folded once."""
        return {e.id: [p for p in self.procedures if e.holds(p)] for e in self.life_events}

    def events(self) -> list[dict]:
        """Each life event that holds a procedure, in the table's order, with its counts."""
        out = []
        for event in self.life_events:
            held = self._event_members[event.id]
            if held:
                counts = {lv: sum(lv in p.levels for p in held) for lv in ("xa", "tinh")}
                out.append({"event": event.id, "vi": event.name_vi, "en": event.name_en,
                            "count": len(held), **counts})  # fmt: skip
        return out

    def browse(
        self, field: str | None = None, level: str | None = None, event: str | None = None
    ) -> list[Procedure]:
        """Procedures of one field, level and/or life event, in catalog order."""
        pool = self._event_members.get(event, []) if event else self.procedures
        return [
            p
            for p in pool
            if (field is None or p.field == field) and (level is None or level in p.levels)
        ]

    def to_json(self) -> dict:
        return {"format": FORMAT, **self.meta, "procedures": [p.to_json() for p in self.procedures]}

    @cached_property
    def json_bytes(self) -> bytes:
        """The whole catalog as compact UTF-8 JSON (what GET /catalog serves)."""
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")).encode()

    @cached_property
    def etag(self) -> str:
        """A strong ETag of :attr:`json_bytes`."""
        return '"' + hashlib.sha256(self.json_bytes).hexdigest()[:32] + '"'


def looks_like_code(text: str) -> bool:
    """True when ``text`` is a procedure code such as 1.001193."""
    return bool(CODE_RE.match(text.strip()))
