"""Real key presses through the X server (the XTest extension, as xdotool does).

The window of a process (found by its ``_NET_WM_PID``, which SDL sets) gets the input
focus, as there is no window manager to give it; the key then reaches it the way a
keyboard's does: X, SDL, then Kivy's ``on_key_down`` and ``on_keyboard``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

KEYSYMS = {"Escape": 0xFF1B, "Return": 0xFF0D}
REVERT_TO_PARENT, XA_CARDINAL = 2, 6
_P = ctypes.c_void_p
_ULONG, _INT, _UINT = ctypes.c_ulong, ctypes.c_int, ctypes.c_uint


def _lib(name: str) -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library(name) or f"lib{name}.so.6")


class XKeys:
    """A connection to ``$DISPLAY`` that presses keys in a process's window."""

    def __init__(self) -> None:
        x, t = self.x11, self.xtst = _lib("X11"), _lib("Xtst")
        x.XOpenDisplay.restype, x.XOpenDisplay.argtypes = _P, [ctypes.c_char_p]
        x.XDefaultRootWindow.restype, x.XDefaultRootWindow.argtypes = _ULONG, [_P]
        x.XInternAtom.restype, x.XInternAtom.argtypes = _ULONG, [_P, ctypes.c_char_p, _INT]
        x.XQueryTree.argtypes = [
            _P, _ULONG, *[ctypes.POINTER(_ULONG)] * 2,
            ctypes.POINTER(ctypes.POINTER(_ULONG)), ctypes.POINTER(_UINT),
        ]  # fmt: skip
        x.XGetWindowProperty.argtypes = [
            _P, _ULONG, _ULONG, ctypes.c_long, ctypes.c_long, _INT, _ULONG,
            ctypes.POINTER(_ULONG), ctypes.POINTER(_INT), ctypes.POINTER(_ULONG),
            ctypes.POINTER(_ULONG), ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
        ]  # fmt: skip
        x.XFree.argtypes = [_P]
        x.XKeysymToKeycode.argtypes = [_P, _ULONG]
        x.XSetInputFocus.argtypes = [_P, _ULONG, _INT, _ULONG]
        x.XRaiseWindow.argtypes = [_P, _ULONG]
        x.XSync.argtypes = [_P, _INT]
        x.XCloseDisplay.argtypes = [_P]
        t.XTestFakeKeyEvent.argtypes = [_P, _UINT, _INT, _ULONG]
        self.display = x.XOpenDisplay(os.environ["DISPLAY"].encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {os.environ['DISPLAY']}")
        self.pid_atom = x.XInternAtom(self.display, b"_NET_WM_PID", 0)

    def press(self, name: str, pid: int | None = None) -> None:
        """Focus the window of process ``pid`` (default this one) and press key ``name``."""
        window = self.window_of(os.getpid() if pid is None else pid)
        self.x11.XRaiseWindow(self.display, window)
        self.x11.XSetInputFocus(self.display, window, REVERT_TO_PARENT, 0)
        code = self.x11.XKeysymToKeycode(self.display, KEYSYMS[name])
        self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XSync(self.display, 0)

    def window_of(self, pid: int) -> int:
        """The top-level window whose ``_NET_WM_PID`` is ``pid``."""
        x = self.x11
        root, parent = _ULONG(), _ULONG()
        children, count = ctypes.POINTER(_ULONG)(), _UINT()
        x.XQueryTree(self.display, x.XDefaultRootWindow(self.display), ctypes.byref(root),
                     ctypes.byref(parent), ctypes.byref(children), ctypes.byref(count))  # fmt: skip
        try:
            for i in range(count.value):
                if self._pid(children[i]) == pid:
                    return children[i]
        finally:
            if children:
                x.XFree(children)
        raise RuntimeError(f"no window of process {pid}")

    def _pid(self, window: int) -> int | None:
        kind, fmt, n, after = _ULONG(), _INT(), _ULONG(), _ULONG()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        self.x11.XGetWindowProperty(self.display, window, self.pid_atom, 0, 1, 0, XA_CARDINAL,
                                    ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(n),
                                    ctypes.byref(after), ctypes.byref(data))  # fmt: skip
        if not data:
            return None
        try:
            return ctypes.cast(data, ctypes.POINTER(_ULONG))[0] if n.value else None
        finally:
            self.x11.XFree(data)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)
