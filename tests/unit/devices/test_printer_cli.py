"""``kiosk print-test`` against the example site's simulated printer and broken configs."""

from __future__ import annotations

import socket

from PIL import Image

from kiosk.cli import main
from kiosk.config import example_site_path

SIM_LINE = 'printer = { driver = "sim", paper_width_mm = 80 }'


def site_with_printer(tmp_path, printer: str):
    text = example_site_path().read_text(encoding="utf-8")
    assert SIM_LINE in text
    path = tmp_path / "site.toml"
    path.write_text(text.replace(SIM_LINE, printer), encoding="utf-8")
    return str(path)


def test_print_test_prints_and_draws_the_paper(tmp_path, capsys):
    out = tmp_path / "paper.png"
    assert main(["print-test", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "ticket: " in said and "page: " in said and "Đã in." in said
    with Image.open(out) as png:
        assert png.width == 576 + 32 and png.height > 1500  # ticket + test page


def test_print_test_on_a_58mm_checklist(tmp_path, capsys):
    config = site_with_printer(tmp_path, 'printer = { driver = "sim", paper_width_mm = 58 }')
    out = tmp_path / "c.png"
    assert main(["print-test", "--config", config, "--slip", "checklist", "--out", str(out)]) == 0
    with Image.open(out) as png:
        assert png.width == 384 + 32


def test_print_test_reports_a_dead_printer(tmp_path, capsys):
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    printer = f'printer = {{ driver = "escpos-network", host = "127.0.0.1", port = {port} }}'
    assert main(["print-test", "--config", site_with_printer(tmp_path, printer)]) == 1
    said = capsys.readouterr().out
    assert "offline" in said and "Máy in không phản hồi" in said


def test_print_test_names_a_bad_option(tmp_path, capsys):
    config = site_with_printer(tmp_path, 'printer = { driver = "sim", paper_width = 80 }')
    assert main(["print-test", "--config", config]) == 2
    assert "printer.paper_width" in capsys.readouterr().err


def test_print_test_needs_a_device_with_a_printer(capsys):
    assert main(["print-test", "--device", "display-1"]) == 2
    assert "has no printer" in capsys.readouterr().err
