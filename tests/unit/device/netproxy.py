"""A loopback TCP proxy that a test can cut and restore, to drop a client's connection."""

from __future__ import annotations

import contextlib
import re
import socket
import threading

_REQUEST_LINE = re.compile(rb"^(GET|POST|PUT|DELETE|PATCH|HEAD) /\S* HTTP/1\.[01]$")


class CuttableProxy:
    """Forwards 127.0.0.1:``port`` to ``target_port``; :meth:`cut` drops every connection and
        refuses new ones until :meth:`restore`. With ``drop_answers`` = n, the next n connections
        reach the target but their answers are thrown away and the connection closed (an answer
        lost after the target acted). ``requests`` lists the request lines clients sent, in order
    (the proxy sees what really went over the wire); ``traffic`` holds every byte that went
    either way (requests and answers, headers and bodies)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open = True
        self.drop_answers = 0
        self.requests: list[str] = []
        self.traffic = bytearray()
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._socks += [client, upstream]
                drop, self.drop_answers = self.drop_answers > 0, max(self.drop_answers - 1, 0)
            for a, b, lose, sent in (
                (client, upstream, False, True),
                (upstream, client, drop, False),
            ):
                threading.Thread(target=self._pipe, args=(a, b, lose, sent), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, lose: bool, sent: bool) -> None:
        with contextlib.suppress(OSError):
            while (data := src.recv(65536)) and not lose:
                with self._lock:
                    self.traffic += data
                if sent:
                    self._note(data)
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def _note(self, data: bytes) -> None:
        for line in data.split(b"\r\n"):
            if _REQUEST_LINE.match(line):
                with self._lock:
                    self.requests.append(line.decode("ascii", "replace"))

    def cut(self) -> None:
        self._open = False
        with self._lock:
            socks, self._socks = self._socks, []
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def restore(self) -> None:
        self._open = True

    def close(self) -> None:
        self.cut()
        self._listener.close()
