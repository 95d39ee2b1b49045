"""Run the installed ``tootui`` command as a process: in a real pseudo-terminal whose screen is
read with pyte, or (``cli_env``) without a terminal."""

from __future__ import annotations

import os
import select
import shutil
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyte

from benchmarks.terminal import spawn_in_pty
from tootui.accounts import AccountRecord, AccountStore, TokenStore

WAIT = 30.0  # the longest any screen may take to come on a busy machine (bounds failures)


def store_account(home: Path, acct: str, base_url: str, token: str) -> None:
    """Store an account and its token under ``home`` the way `tootui login` would."""
    previous = os.environ.get("TOOTUI_HOME")
    os.environ["TOOTUI_HOME"] = str(home)
    try:
        AccountStore().add_or_update(
            AccountRecord(acct=acct, base_url=base_url, username=acct.split("@")[0])
        )
        TokenStore("file").set_token(acct, token)
    finally:
        if previous is None:
            os.environ.pop("TOOTUI_HOME", None)
        else:
            os.environ["TOOTUI_HOME"] = previous


def pty_env(tmp_path: Path, home: Path, **extra: str) -> dict[str, str]:
    """A bare environment for tootui on a pty: HOME in ``tmp_path``, its data in ``home``,
    no system keyring, UTF-8; ``extra`` adds or replaces variables."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TOOTUI_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "LANG": "C.UTF-8",
        **extra,
    }


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment for a ``tootui`` command without a terminal: no ``TOOTUI_*`` of
    the caller's, its data in ``home``, no system keyring, UTF-8 output; plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOOTUI_")}
    env.update(
        TOOTUI_HOME=str(home),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONIOENCODING="utf-8",
        **extra,
    )
    return env


def tootui_command() -> list[str]:
    exe = shutil.which("tootui", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "tootui"]


# Synchronized output (DEC mode 2026): the terminal draws a frame only once it is whole.
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"


class PtyApp:
    """A tootui process on a 100x30 pty; ``raw`` keeps every byte it wrote.

    The emulated terminal answers that it supports synchronized output, as most do, so
    Textual brackets each frame and the screen read here never shows half of one.
    """

    def __init__(
        self, args: list[str], env: dict[str, str], *, columns: int = 100, lines: int = 30
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self._unfed = b""  # the start of a frame still being written
        self._answered = False
        full_env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.proc, self.master = spawn_in_pty(
            tootui_command() + args, env=full_env, cols=columns, rows=lines
        )

    def pump(self, timeout: float = 0.05) -> int:
        """Read what is waiting; returns the number of bytes read."""
        total = 0
        while True:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                return total
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return total
            if not data:
                return total
            self.raw.extend(data)
            self._feed(data)
            total += len(data)
            timeout = 0.0

    def _feed(self, data: bytes) -> None:
        """Hand pyte everything up to the last whole frame; keep a frame still arriving."""
        if not self._answered and SYNC_QUERY in self.raw:
            self._answered = True
            os.write(self.master, b"\x1b[?2026;2$y")  # supported, not set
        buf = self._unfed + data
        cut = 0
        while True:
            start = buf.find(SYNC_START, cut)
            if start < 0:
                # keep a tail that may be the beginning of the next SYNC_START
                cut = len(buf)
                for size in range(len(SYNC_START) - 1, 0, -1):
                    if buf.endswith(SYNC_START[:size]):
                        cut -= size
                        break
                break
            end = buf.find(SYNC_END, start)
            if end < 0:
                cut = start
                break
            cut = end + len(SYNC_END)
        self.stream.feed(buf[:cut])
        self._unfed = buf[cut:]

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_until(self, check: Callable[[str], object], timeout: float = WAIT) -> bool:
        """Read what the app writes until ``check(screen text)`` holds; whether it did.

        ``timeout`` only bounds a failure: on a loaded machine a screen may take long to
        come, and the test waits for what it needs to see, never for the app to go quiet.
        """
        deadline = time.monotonic() + timeout
        while True:
            self.pump(0.1)
            if check(self.text()):
                return True
            if self.proc.poll() is not None:  # it exited: read what is left, once
                self.pump(0.1)
                return bool(check(self.text()))
            if time.monotonic() > deadline:
                return False

    def wait_for(self, *needles: str, timeout: float = WAIT) -> bool:
        """Read until every one of ``needles`` is on screen; whether they all were."""
        return self.wait_until(lambda text: all(n in text for n in needles), timeout)

    def wait_exit(self, timeout: float = WAIT) -> int | None:
        """Read until the process has exited; its exit status (None if it is still running)."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self.pump(0.1)
        self.pump(0.0)
        return self.proc.poll()

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        os.close(self.master)
