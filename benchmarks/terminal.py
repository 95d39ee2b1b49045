"""A program running in a real pseudo-terminal, its output fed to a pyte screen.

Every byte the program writes is counted and time-stamped, so the benchmarks can tell
when something first appeared, when the screen settled after a key, how much was
written to get there, and whether a key changed anything at all (a silent press).
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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte

CLK_TCK = os.sysconf("SC_CLK_TCK")
# How long a key has to change the screen before it counts as silent. Long: a client busy
# loading posts was seen to answer a key after 17-18 s, and a late answer left out of the
# figures (or charged to the next key) would flatter it.
ANSWER_WITHIN = 20.0


@dataclass(frozen=True)
class Press:
    """One key written to the program and what came back."""

    key: bytes
    seconds: float | None  # from the write to the answer's last byte; None when silent
    written: int  # bytes that came back, whether or not they changed anything
    changed: bool  # the answer changed a cell, or the cursor while it is shown

    @property
    def silent(self) -> bool:
        """The key changed nothing on the screen: it wrote nothing, or nothing visible."""
        return not self.changed

    @property
    def wrote_nothing(self) -> bool:
        return not self.written


def answer_of(
    sent_at: float,
    arrivals: Sequence[tuple[float, int, bool]],
    *,
    window: float,
    quiet: float,
) -> tuple[float | None, int, bool]:
    """Which bytes that came after a key are its answer: (seconds, bytes, changed).

    ``arrivals`` are the reads after the key, in order: (time, size, whether the screen
    then differed from before the key). Reads come in bursts, each read within ``quiet``
    of the one before. The answer is the bursts from the key up to the first one after
    which the screen differs; a burst starting more than ``window`` after the key is not
    part of it. Seconds run to the answer's last byte. When no burst changed the screen
    (nothing came, or only bytes that change nothing) the press is silent: seconds are
    ``None``, not 0, as it has no latency to report.
    """
    last = sent_at
    written = 0
    burst_differs = False
    for at, size, differs in arrivals:
        if at < sent_at:
            continue
        if at - last > quiet or not written:  # a new burst
            if burst_differs:
                break
            if at - sent_at > window:
                break
        last = at
        written += size
        burst_differs = differs
    if not burst_differs:
        return None, written, False
    return last - sent_at, written, True


def screen_state(screen: pyte.Screen) -> Hashable:
    """Everything a person can see on ``screen``: each cell's character and attributes,
    and the cursor's place while it is shown."""
    buffer = screen.buffer
    cells = tuple(
        tuple(tuple(buffer[y][x]) for x in range(screen.columns)) for y in range(screen.lines)
    )
    cursor = None if screen.cursor.hidden else (screen.cursor.x, screen.cursor.y)
    return cells, cursor


def spawn_in_pty(
    argv: Sequence[str], *, env: dict[str, str], cols: int, rows: int, cwd: str | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``argv`` in a new session on a fresh ``cols`` x ``rows`` pseudo-terminal.

    Returns the process and the terminal's master side, the only end left open here."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    process = subprocess.Popen(
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
    return process, master


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
        self.started_at = time.perf_counter()
        self.process, self.fd = spawn_in_pty(argv, env=env, cols=cols, rows=rows, cwd=cwd)
        os.set_blocking(self.fd, False)

    @property
    def pid(self) -> int:
        return self.process.pid

    # --- reading ----------------------------------------------------------------------

    def _read(self, timeout: float) -> list[tuple[float, bytes]]:
        """The chunks available within ``timeout`` seconds, each with when it was read."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return []
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return []
        chunks = []
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
            chunks.append((time.perf_counter(), chunk))
        return chunks

    def _take(self, chunks: list[tuple[float, bytes]]) -> int:
        """Count ``chunks`` and draw them on the screen; return their size."""
        got = 0
        for at, chunk in chunks:
            self.last_byte_at = at
            got += len(chunk)
            self.stream.feed(chunk)
        self.bytes_total += got
        return got

    def pump(self, timeout: float) -> int:
        """Read what is available within ``timeout`` seconds; return the bytes read."""
        return self._take(self._read(timeout))

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

    def press(
        self,
        keys: bytes,
        *,
        quiet: float = 0.03,
        window: float = ANSWER_WITHIN,
        timeout: float = 5.0,
    ) -> Press:
        """Write ``keys`` and read their answer (the rule is ``answer_of``'s).

        A key that changes nothing costs the whole ``window``; a burst of output is cut
        after ``timeout`` seconds, for a program that never stops writing.
        """
        before = screen_state(self.screen)
        sent_at = time.perf_counter()
        os.write(self.fd, keys)
        arrivals: list[tuple[float, int, bool]] = []
        changed = False
        while not changed:
            left = sent_at + window - time.perf_counter()
            if left <= 0:
                break
            # A burst is read without drawing it, so the time pyte takes to parse a big
            # answer is never counted as the program's; then it is drawn and compared.
            burst = self._read(left)
            if not burst:
                break
            ends = burst[0][0] + timeout
            while time.perf_counter() < ends and (more := self._read(quiet)):
                burst += more
            self._take(burst)
            changed = screen_state(self.screen) != before
            arrivals += [(at, len(chunk), changed) for at, chunk in burst]
        seconds, written, changed = answer_of(sent_at, arrivals, window=window, quiet=quiet)
        return Press(keys, seconds, written, changed)

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
