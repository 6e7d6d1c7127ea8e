"""A loopback TCP proxy that a test can cut and restore, to drop a client's connection."""

from __future__ import annotations

import contextlib
import socket
import threading


class CuttableProxy:
    """Forwards 127.0.0.1:``port`` to ``target_port``; :meth:`cut` drops every connection and
    refuses new ones until :meth:`restore`. With ``drop_answers`` = n, the next n connections
    reach the target but their answers are thrown away and the connection closed (an answer
    lost after the target acted)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._open = True
        self.drop_answers = 0
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
            for a, b, lose in ((client, upstream, False), (upstream, client, drop)):
                threading.Thread(target=self._pipe, args=(a, b, lose), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket, lose: bool = False) -> None:
        with contextlib.suppress(OSError):
            while (data := src.recv(65536)) and not lose:
                dst.sendall(data)
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

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
