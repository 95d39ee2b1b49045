"""A program running in a real pseudo-terminal, its output fed to a pyte screen.

Every byte the program writes is counted and time-stamped, so the benchmarks can tell
when something first appeared, when the screen settled after a key, and how much was
written to get there.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyte

CLK_TCK = os.sysconf("SC_CLK_TCK")


class PtyProgram:
    """One program in a ``cols`` x ``rows`` pseudo-terminal, read by this process only."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: dict[str, str],
        cols: int = 100,
        rows: int = 30,
        cwd: str | None = None,
    ) -> None:
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.bytes_total = 0
        self.last_byte_at = 0.0
        self.closed = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.fd = master
        os.set_blocking(master, False)

    @property
    def pid(self) -> int:
        return self.process.pid

    # --- reading ----------------------------------------------------------------------

    def pump(self, timeout: float) -> int:
        """Read what is available within ``timeout`` seconds; return the bytes read."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return 0
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return 0
        got = 0
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError:  # EIO: the program has gone and the pty is closed
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.last_byte_at = time.perf_counter()
            got += len(chunk)
            self.bytes_total += len(chunk)
            self.stream.feed(chunk)
        return got

    def text(self) -> str:
        """The screen as lines of text."""
        # Not ``screen.display``: pyte 0.8 fails on a cell holding an empty string.
        buffer = self.screen.buffer
        lines = []
        for y in range(self.rows):
            row = buffer[y]
            lines.append("".join(row[x].data or "" for x in range(self.cols)).rstrip())
        return "\n".join(lines)

    def wait_for(self, found: Callable[[str], bool], timeout: float) -> float | None:
        """Seconds since launch when ``found(screen text)`` first held, or ``None``."""
        deadline = time.perf_counter() + timeout
        while True:
            if found(self.text()):
                return self.last_byte_at - self.started_at
            left = deadline - time.perf_counter()
            if left <= 0 or (self.closed and self.process.poll() is not None):
                return None
            self.pump(min(left, 0.05))

    def settle(self, quiet: float = 0.03, timeout: float = 10.0) -> float:
        """Read until nothing came for ``quiet`` seconds; return when the last byte came."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.pump(quiet):
                break
        return self.last_byte_at

    def press(self, keys: bytes, *, quiet: float = 0.03, timeout: float = 5.0) -> tuple[float, int]:
        """Write ``keys``; return (seconds from the write to the last byte, bytes written).

        Seconds are 0.0 when nothing at all was written back.
        """
        before = self.bytes_total
        sent_at = time.perf_counter()
        os.write(self.fd, keys)
        deadline = sent_at + timeout
        # Wait for the first answer a little longer than the quiet gap: an app may take
        # more than 30 ms to start redrawing, which is exactly what is being measured.
        first = self.pump(min(1.0, timeout))
        while first and time.perf_counter() < deadline:
            if not self.pump(quiet):
                break
        written = self.bytes_total - before
        if not written:
            return 0.0, 0
        return self.last_byte_at - sent_at, written

    def write(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    # --- the process ------------------------------------------------------------------

    def cpu_seconds(self) -> float:
        """User + system CPU time of the program so far (not of its children)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def peak_rss_mb(self) -> float:
        """Peak resident set size (VmHWM) in MiB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        """End the program (its own process group, which only it and its children are in)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        try:
            os.close(self.fd)
        except OSError:
            pass

    def __enter__(self) -> PtyProgram:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
