"""Life events (assets/catalog/life_events.toml): "Có con nhỏ", "Kết hôn", "Người thân qua
đời"... each the procedures whose name holds one of its phrases, compared without tones."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kiosk.catalog.folding import fold
from kiosk.catalog.model import Procedure
from kiosk.paths import asset


class LifeEventError(ValueError):
    """The life-event file is unreadable or malformed; the message says where."""


@dataclass(frozen=True)
class LifeEvent:
    id: str
    name_vi: str
    name_en: str
    phrases: tuple[str, ...]  # folded
    unless: tuple[str, ...] = ()  # folded phrases that keep a procedure out

    def holds(self, procedure: Procedure) -> bool:
        name = f" {fold(procedure.name)} "
        if any(f" {phrase} " in name for phrase in self.unless):
            return False
        return any(f" {phrase} " in name for phrase in self.phrases)


def _folded(phrases: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(fold(p).replace(",", " ").split()) for p in phrases)


def load_life_events(path: str | Path | None = None) -> tuple[LifeEvent, ...]:
    """The events of a TOML file (default: the shipped assets/catalog/life_events.toml)."""
    path = Path(path) if path is not None else asset("catalog", "life_events.toml")
    try:
        rows = tomllib.loads(path.read_text(encoding="utf-8")).get("event", [])
        events = tuple(
            LifeEvent(
                row["id"],
                row["vi"],
                row["en"],
                _folded(row["phrases"]),
                _folded(row.get("unless", [])),
            )
            for row in rows
        )
    except OSError as e:
        raise LifeEventError(f"{path}: cannot read ({e.strerror})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError) as e:
        raise LifeEventError(f"{path}: not a life-event table ({e!r})") from None
    if len({e.id for e in events}) != len(events):
        raise LifeEventError(f"{path}: an event id is used twice")
    return events
