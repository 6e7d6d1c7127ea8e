"""One HTTP/1.1 request over a raw socket: bytes a normal client refuses to send."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def chunked(body: bytes, size: int = 8192) -> bytes:
    """``body`` in chunked transfer coding."""
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def request(
    url: str, method: str, target: bytes, headers: list[tuple[bytes, bytes]], body: bytes = b""
) -> RawAnswer:
    """Send one request (``Connection: close``) and read the answer's head and a bounded body.

    An event stream's body is not awaited: the answer is its head."""
    host, port = url.removeprefix("http://").split(":")
    head = [b"%s %s HTTP/1.1" % (method.encode(), target), b"Host: " + host.encode()]
    head += [k + b": " + v for k, v in headers] + [b"Connection: close"]
    if body and not any(k.lower() == b"transfer-encoding" for k, _ in headers):
        head.append(b"Content-Length: %d" % len(body))
    data = b""
    deadline = time.monotonic() + 5
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"\r\n".join(head) + b"\r\n\r\n" + body)
        while time.monotonic() < deadline:
            try:
                piece = s.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not piece:
                break
            data += piece
            if b"\r\n\r\n" in data and b"text/event-stream" in data.split(b"\r\n\r\n")[0]:
                break
    raw_head, _, rest = data.partition(b"\r\n\r\n")
    lines = raw_head.decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    fields = {k.lower(): v for k, v in fields.items()}
    if fields.get("transfer-encoding") == "chunked":
        rest = _unchunk(rest)
    return RawAnswer(int(lines[0].split()[1]), fields, rest)


def _unchunk(data: bytes) -> bytes:
    out = b""
    while data:
        size, _, data = data.partition(b"\r\n")
        n = int(size or b"0", 16)
        if n == 0:
            break
        out, data = out + data[:n], data[n + 2 :]
    return out
