"""sd_notify over a real unix datagram socket, as systemd listens for it."""

from __future__ import annotations

import os
import socket

from kiosk.sdnotify import notify, watchdog_period


def test_messages_reach_the_socket(tmp_path, monkeypatch):
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(2)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        assert notify("READY=1")
        assert notify("WATCHDOG=1")
        assert server.recv(64) == b"READY=1"
        assert server.recv(64) == b"WATCHDOG=1"


def test_abstract_socket(monkeypatch):
    name = f"kiosk-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        server.settimeout(2)
        monkeypatch.setenv("NOTIFY_SOCKET", "@" + name)
        assert notify("STATUS=Đang chạy")
        assert server.recv(64).decode() == "STATUS=Đang chạy"


def test_without_systemd_nothing_is_sent(tmp_path, monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert notify("READY=1") is False
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "gone"))
    assert notify("READY=1") is False  # logged, never raised into the app


def test_watchdog_period_is_half_the_timeout(monkeypatch):
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getpid()))
    assert watchdog_period() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", "1")  # meant for another process
    assert watchdog_period() is None
    monkeypatch.delenv("WATCHDOG_USEC")
    assert watchdog_period() is None
