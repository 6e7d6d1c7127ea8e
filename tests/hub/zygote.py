"""A process that imports the hub once and forks one real hub process per test.

Starting ``python -m kiosk hub`` spends most of its half second importing FastAPI,
uvicorn and psycopg; the hub tests start hundreds of hubs. The zygote imports them
once (no thread, no event loop, no connection yet), then for each request forks a
child that runs ``kiosk.cli.main(args)`` exactly as the command does, with its own
working folder, environment and log. The child is a separate process: signals,
``kill -9`` and exit codes behave as for a spawned one.

Protocol on the pipes (one JSON object per line): the test sends
``{"args", "cwd", "env", "log"}``; the zygote answers ``{"pid"}`` and later
``{"exit": pid, "code": n}`` when that child ends.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _child(request: dict[str, Any]) -> None:
    """In the forked child: become the hub the request describes; never returns."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        import time

        time.tzset()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from kiosk.cli import main

        code = main(request["args"]) or 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def serve() -> None:
    """The zygote's loop: fork on each request, report each child's end."""
    import uvicorn  # noqa: F401

    import kiosk.cli
    import kiosk.commands.hub
    import kiosk.hub.app  # noqa: F401

    try:
        import psycopg  # noqa: F401
        import psycopg_pool  # noqa: F401
    except ImportError:
        pass
    children: set[int] = set()
    pending = b""

    def say(message: dict[str, Any]) -> None:
        os.write(1, (json.dumps(message) + "\n").encode())

    say({"ready": True})
    while True:
        readable, _, _ = select.select([0], [], [], 0.02)
        for pid in list(children):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                children.discard(pid)
                say({"exit": pid, "code": os.waitstatus_to_exitcode(status)})
        if not readable:
            continue
        chunk = os.read(0, 65536)
        if not chunk:  # the test session ended
            for pid in children:
                os.kill(pid, signal.SIGKILL)
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            pid = os.fork()
            if pid == 0:
                _child(json.loads(line))
            children.add(pid)
            say({"pid": pid})


class Zygote:
    """The test side: start hubs through one zygote process."""

    def __init__(self) -> None:
        env = os.environ.copy()
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.hub.zygote"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=REPO,
            env=env,
        )
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._pids: list[int] = []
        self._exits: dict[int, int] = {}
        self._ready = threading.Event()
        threading.Thread(target=self._read, name="zygote", daemon=True).start()
        if not self._ready.wait(30):
            raise RuntimeError("the hub zygote did not start")

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            message = json.loads(line)
            with self._changed:
                if "ready" in message:
                    self._ready.set()
                elif "pid" in message:
                    self._pids.append(message["pid"])
                else:
                    self._exits[message["exit"]] = message["code"]
                self._changed.notify_all()

    def spawn(self, args: list[str], cwd: Path, log: Path) -> ForkedHub:
        request = {"args": args, "cwd": str(cwd), "env": dict(os.environ), "log": str(log)}
        with self._lock, self._changed:
            assert self._proc.stdin is not None
            self._proc.stdin.write((json.dumps(request) + "\n").encode())
            self._proc.stdin.flush()
            if not self._changed.wait_for(lambda: self._pids, 10):
                raise RuntimeError("the hub zygote did not fork")
            return ForkedHub(self, self._pids.pop(0))

    def exit_code(self, pid: int, timeout: float | None) -> int | None:
        with self._changed:
            self._changed.wait_for(lambda: pid in self._exits, timeout)
            return self._exits.get(pid)

    def close(self) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        self._proc.wait(10)


class ForkedHub:
    """A hub forked by the zygote, with the part of ``subprocess.Popen`` the tests use."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid

    def poll(self) -> int | None:
        return self.zygote.exit_code(self.pid, 0)

    def wait(self, timeout: float | None = None) -> int:
        code = self.zygote.exit_code(self.pid, timeout)
        if code is None:
            raise subprocess.TimeoutExpired(f"hub {self.pid}", timeout or 0)
        return code

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


if __name__ == "__main__":
    serve()
