"""The HTTP dossier adapter against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from kiosk.catalog.dossier import DossierStatus
from kiosk.catalog.dossier_sources import DossierSourceError, HttpDossierSource

CODE = "H15.50.05.13-261008-0975"
FIELDS = {
    "code": "data.maHoSo",
    "procedure_name": "data.tenThuTuc",
    "applicant_name": "data.chuHoSo",
    "received_at": "data.ngayTiepNhan",
    "appointment_at": "data.ngayHenTra",
    "finished_at": "data.ngayKetThuc",
    "status": "data.trangThai",
    "pickup_place": "data.noiTraKetQua",
}
ANSWER = {
    "data": {
        "maHoSo": CODE,
        "tenThuTuc": "Đăng ký khai sinh",
        "chuHoSo": "Nguyễn Văn An",
        "soCCCD": "001085012345",
        "ngayTiepNhan": "20261008081500",
        "ngayHenTra": "20261010170000",
        "ngayKetThuc": None,
        "trangThai": 4,
        "noiTraKetQua": "Quầy 1",
    }
}


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        _Handler.seen.append((self.path, self.headers.get("X-Api-Key")))
        code = self.path.rsplit("/", 1)[-1]
        if code == CODE:
            self._send(200, json.dumps(ANSWER).encode())
        elif code.endswith("0500"):
            self._send(500, b"boom")
        elif code.endswith("0999"):
            self._send(200, b"<html>not json</html>")
        elif code.endswith("0888"):
            self._send(
                200,
                json.dumps(
                    {"data": {**ANSWER["data"], "maHoSo": "H15.50.05.13-261008-0001"}}
                ).encode(),
            )
        elif code.endswith("0777"):
            threading.Event().wait(0.6)  # slower than the adapter's timeout
            self._send(200, b"{}")
        else:
            self._send(404, b'{"error": "not found"}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _source(base: str, timeout: float = 0.5) -> HttpDossierSource:
    return HttpDossierSource(
        base + "/api/hoso/{code}", FIELDS, timeout=timeout, headers={"X-Api-Key": "k"}
    )


def test_found_dossier_is_mapped(server: str) -> None:
    rec = _source(server).get(CODE)
    assert rec is not None
    assert rec.status is DossierStatus.DANG_XU_LY
    assert rec.procedure_name == "Đăng ký khai sinh"
    assert rec.appointment_at.isoformat() == "2026-10-10T17:00:00"
    assert rec.finished_at is None
    assert not hasattr(rec, "id_number")
    assert _Handler.seen == [(f"/api/hoso/{CODE}", "k")]


def test_unknown_dossier_is_none(server: str) -> None:
    assert _source(server).get("H15.50.05.13-261008-0976") is None


@pytest.mark.parametrize("suffix", ["0500", "0999", "0888", "0777"])
def test_failures_are_source_errors(server: str, suffix: str) -> None:
    with pytest.raises(DossierSourceError):
        _source(server, timeout=0.2).get(f"H15.50.05.13-261008-{suffix}")


def test_unreachable_service_is_a_source_error() -> None:
    with pytest.raises(DossierSourceError, match="unreachable"):
        _source("http://127.0.0.1:9").get(CODE)


def test_template_must_have_a_code_placeholder() -> None:
    with pytest.raises(ValueError):
        HttpDossierSource("http://127.0.0.1/api/hoso", FIELDS)
