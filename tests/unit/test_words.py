"""One word table: every word a device shows or prints comes from kiosk/i18n.py."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from kiosk import i18n
from kiosk.api.models import PriorityReason, RatingReason
from kiosk.api.rating_scale import SCALES
from kiosk.devices.base import DeviceStatus

ROOT = Path(__file__).resolve().parents[2] / "kiosk"
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")
# Vietnamese that is language data, not words for people to read in a sentence
LANGUAGE_DATA = {
    "devices/vietnamese_numbers.py": "number words the announcer speaks",
    "devices/voice_pack.py": "the clip file of each spoken number word",
    "devices/escpos_ticket.py": "the printer test page's pangram and vowels",
    "devices/slips.py": "the sample slips of `kiosk print-test`",
}
SAME_PLACES_EXCEPT = {"slip.priority", "slip.test_page"}  # the English line says less


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_pair_has_both_languages_and_the_same_places() -> None:
    vi, en = i18n.texts("vi"), i18n.texts("en")
    for key in vi:
        assert vi[key].strip() and en[key].strip(), key
        if key not in SAME_PLACES_EXCEPT:
            assert _fields(vi[key]) == _fields(en[key]), key


def test_every_code_a_desk_turns_into_words_has_them() -> None:
    keys = [f"printer.{s.value}" for s in DeviceStatus]
    keys += [f"priority.{r.value}" for r in PriorityReason]
    keys += [f"rating.reason.{r.value}" for r in RatingReason]
    keys += [f"rating.level.{w}" for scale in SCALES.values() for w in scale.values()]
    assert [k for k in keys if not i18n.known(k)] == []


def _literal_keys(tree: ast.AST) -> list[str]:
    """Keys named as literals: tr("k", ...), Phrase("k"), self.tr("k"), app.t["k"]."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in {"tr", "Phrase", "say"} and isinstance(node.args[0].value, str):
                found.append(node.args[0].value)
    return found


def test_every_key_the_code_names_is_in_the_table() -> None:
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        for key in _literal_keys(ast.parse(path.read_text(encoding="utf-8"))):
            if re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)+", key) and not i18n.known(key):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    for path in sorted(ROOT.rglob("*.kv")):
        for key in re.findall(r'(?:app\.t\[|tr\()"([a-z_.0-9]+)"[],)]', path.read_text("utf-8")):
            if not i18n.known(key):
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            ids.add(id(first.value))
    return ids


def test_no_words_outside_the_table_on_the_device_side() -> None:
    stray = []
    for package in ("ui", "device", "devices"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            if rel in LANGUAGE_DATA:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in skip and VIETNAMESE.search(node.value)):  # fmt: skip
                    stray.append(f"{rel}:{node.lineno}: {node.value[:40]!r}")
        for path in sorted((ROOT / package).rglob("*.kv")):
            for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
                if '"' in line and VIETNAMESE.search(line) and "LANGUAGES" not in line:
                    stray.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:40]!r}")
    assert stray == []
