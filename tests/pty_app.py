"""Run the installed ``tootui`` command in a real pseudo-terminal and read its screen with pyte."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyte

from tootui.accounts import AccountRecord, AccountStore, TokenStore


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


def tootui_command() -> list[str]:
    exe = shutil.which("tootui", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "tootui"]


class PtyApp:
    """A tootui process on a 100x30 pty; ``raw`` keeps every byte it wrote."""

    def __init__(
        self, args: list[str], env: dict[str, str], *, columns: int = 100, lines: int = 30
    ) -> None:
        import pty

        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        master, slave = pty.openpty()
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)}
        self.proc = subprocess.Popen(
            tootui_command() + args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master

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
            self.stream.feed(data)
            total += len(data)
            timeout = 0.0

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Read until the app has written nothing for ``quiet`` seconds (at most ``limit``)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and self.pump(quiet):
            pass

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump(0.1)
            if needle in self.text():
                return True
            if self.proc.poll() is not None:
                self.pump(0.1)
                return needle in self.text()
        return False

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        os.close(self.master)
