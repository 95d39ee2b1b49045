"""Run the README's demo command in a pseudo-terminal, wait for the first posts, press q.

    python3 .ci/drive_demo.py --cwd CLONE -- 'python3 -m venv .venv && ... --demo'

Standard library only: it runs before anything is installed. The command runs under
``bash -c`` exactly as given, in a 100x30 pty, with TOOTUI_HOME set to a fresh folder so
the machine's own tootui settings are neither read nor written. Passes when the screen
shows the demo account and a post by someone else, and ``q``, pressed a few seconds later
as a reader would, then ends the command with status 0 and no traceback. Otherwise it prints why and the end of what the terminal
received, and exits 1.
"""

from __future__ import annotations

import argparse
import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time

COLS, ROWS = 100, 30
# The header shows the signed-in account; a post's header line shows its author's handle,
# a dot and its age. Both are on the first screen of every demo world.
ACCOUNT = re.compile(r"@demo@127\.0\.0\.1:\d+")
POST = re.compile(r"@(?!demo@)[A-Za-z0-9_]+@127\.0\.0\.1:\d+ · ")
# Escape sequences: CSI, OSC (ended by BEL or ST), DCS/APC/PM/SOS strings, two-byte ones.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[P_^X][^\x1b]*\x1b\\"
    r"|\x1b[@-Z\\-_]"
    r"|\x1b[()][0-9A-Za-z]"
)


def plain(text: str) -> str:
    """What the terminal received, without escape sequences."""
    return ESCAPES.sub("", text).replace("\r", "")


class Session:
    """One command in a pty: its pid, the master side and everything it wrote."""

    def __init__(self, command: str, cwd: str, env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: a new session with the pty as its controlling terminal
            try:
                os.chdir(cwd)
                os.execvpe("bash", ["bash", "-c", command], env)
            except OSError as exc:
                os.write(2, f"drive_demo: cannot run bash in {cwd}: {exc}\n".encode())
            os._exit(127)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.pid, self.fd = pid, fd
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.received = ""
        self.eof = False
        self.status: int | None = None

    def pump(self, seconds: float) -> None:
        """Read what the command writes for up to ``seconds``; notice when it ends."""
        deadline = time.monotonic() + seconds
        while self.status is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if self.eof:
                time.sleep(min(left, 0.1))
            elif self._read(min(left, 0.2)):
                continue
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status = os.waitstatus_to_exitcode(status)
                while not self.eof and self._read(0.2):  # what is still in the pty
                    pass
                self.received += self.decoder.decode(b"", final=True)

    def _read(self, wait: float) -> bool:
        """Read one chunk if one comes within ``wait`` seconds; False if none came."""
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: no process holds the pty's other side any more
            chunk = b""
        if not chunk:
            self.eof = True
            return False
        self.received += self.decoder.decode(chunk)
        return True

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def kill(self) -> None:
        if self.status is not None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.pid, sig)
            except ProcessLookupError:
                break
            self.pump(5.0)
            if self.status is not None:
                break


def fail(session: Session, why: str) -> int:
    tail = "\n".join(plain(session.received).splitlines()[-120:])
    print(f"drive_demo: FAILED: {why}", file=sys.stderr)
    print("---- last lines the terminal received (escape sequences removed) ----")
    print(tail)
    print("---- end ----")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cwd", required=True, help="where to run the command")
    parser.add_argument(
        "--start-timeout", type=float, default=600.0,
        help="seconds for installing and showing the first posts (default 600)",
    )  # fmt: skip
    parser.add_argument(
        "--read", type=float, default=5.0,
        help="seconds to stay after the posts show, as a reader would, before q (default 5)",
    )  # fmt: skip
    parser.add_argument("--quit-timeout", type=float, default=60.0, help="seconds after q")
    parser.add_argument("--log", help="write everything the terminal received to this file")
    parser.add_argument("command", help="the README's demo command, as written")
    args = parser.parse_args()
    if not args.command.strip():
        print("drive_demo: the demo command is empty", file=sys.stderr)
        return 1

    signal.signal(signal.SIGTERM, _stopped)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLS), LINES=str(ROWS))
    print(f"drive_demo: $ {args.command}   (in {args.cwd}, {COLS}x{ROWS} pty)", flush=True)
    with tempfile.TemporaryDirectory(prefix="tootui-ci-demo-home.") as home:
        env["TOOTUI_HOME"] = home
        session = Session(args.command, args.cwd, env)
        try:
            return drive(session, args)
        except Stopped:
            return fail(session, "stopped from outside (a time limit?)")
        finally:
            session.kill()
            os.close(session.fd)
            if args.log:
                with open(args.log, "w", encoding="utf-8") as log:
                    log.write(session.received)


class Stopped(Exception):
    """SIGTERM arrived: end the command and still say what the terminal showed."""


def _stopped(signum: int, frame: object) -> None:
    raise Stopped


def drive(session: Session, args: argparse.Namespace) -> int:
    """Wait for the posts, read a little, press q, check how the command ended."""
    started = time.monotonic()
    while True:
        session.pump(0.5)
        screen = plain(session.received)
        if ACCOUNT.search(screen) and POST.search(screen):
            break
        if session.status is not None:
            return fail(session, f"the command ended (status {session.status}) before posts")
        if time.monotonic() - started > args.start_timeout:
            return fail(session, f"no demo posts on screen after {args.start_timeout:.0f} s")
    shown_at = len(session.received)
    author = POST.findall(screen)[0].rstrip(" ·")
    print(f"drive_demo: posts shown after {time.monotonic() - started:.1f} s (by {author})")

    session.pump(args.read)  # live updates connect, the timeline may refresh
    if session.status is not None:
        return fail(session, f"the command ended (status {session.status}) before q")
    session.send(b"q")
    pressed = time.monotonic()
    session.pump(args.quit_timeout)
    if session.status is None:
        return fail(session, f"still running {args.quit_timeout:.0f} s after q")
    print(f"drive_demo: exit status {session.status}, {time.monotonic() - pressed:.1f} s after q")
    if session.status != 0:
        return fail(session, f"exit status {session.status} after q")
    if "Traceback" in plain(session.received[shown_at:]):
        return fail(session, "a traceback was printed while the demo ran or quit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
