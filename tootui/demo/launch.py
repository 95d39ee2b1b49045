"""``tootui --demo`` starting: the demo server made beside the app, not before it.

Importing mastodon-mock and building its app takes longer than tootui's whole start, so
the server is made in a process of its own (``python -m tootui.demo --fd N``), on the
other core, while this one imports and draws the app. The port is bound here first and
handed over, so the account's address is known at once; the account's token comes with
the server's "ready" line, and every request of the app waits for it (``DemoToken``), so
nothing is sent before the server answers and nothing the user does is lost.

When the world comes from a snapshot (``snapshot.py``), the home timeline it held is
also put in the app's timeline cache, moved to the present: the app draws those posts
at once, as it does for any account it has seen before, and the server's answer replaces
them when it comes. The server then waits for that first frame ("go" on its stdin)
before its imports, which would otherwise take CPU from it on a busy machine; with
nothing kept to draw, it is told to go at once. Where a process cannot be handed a socket (Windows), the server runs
in a thread of this process instead.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tootui.demo.snapshot import cached_home, keep_home, snapshot_key, snapshot_path
from tootui.demo.world import WORLD
from tootui.i18n import _

if TYPE_CHECKING:
    from tootui.session import AccountSession

DEMO_POSTS, DEMO_SEED, DEMO_MEDIA_SHARE = 300, 7, 0.0
GO_WAIT = 2.0
"""Seconds the server waits at most for the app's first frame before it starts its work."""
READY_WAIT = 120.0
"""Seconds a request waits at most for the demo server to say it is ready."""


@dataclass
class DemoStart:
    """The demo server being started: where it is, and its token once it is ready."""

    base_url: str
    host: str
    ready: threading.Event = field(default_factory=threading.Event)
    token: str = ""
    problem: str = ""
    go: Callable[[], None] = lambda: None
    """Let the server start its work (it waits, so the app's first frame comes first)."""
    ended: threading.Event = field(default_factory=threading.Event)
    """Set once the server has ended (after the demo, it ends on its own)."""

    def go_after(self, first_frame: threading.Event, wait: float = GO_WAIT) -> None:
        """Call ``go`` once ``first_frame`` is set (or after ``wait`` seconds), in a thread."""

        def later() -> None:
            first_frame.wait(wait)
            self.go()

        threading.Thread(target=later, name="tootui-demo-go", daemon=True).start()

    @property
    def acct(self) -> str:
        return f"{WORLD.you}@{self.host}"

    def said_ready(self, token: str) -> None:
        self.token = token
        self.ready.set()

    def failed(self, problem: str) -> None:
        self.problem = problem or _("it stopped without saying why")
        self.ready.set()


class DemoToken:
    """The demo account's token, given to a request once the server is ready (a ``TokenSource``)."""

    def __init__(self, start: DemoStart) -> None:
        self.start = start

    def __repr__(self) -> str:
        return "DemoToken()"

    def __call__(self) -> str:
        from tootui.api import TokenUnavailable

        if not self.start.ready.wait(READY_WAIT):
            raise TokenUnavailable(_("The demo server is taking too long to start."))
        if self.start.problem:
            raise TokenUnavailable(
                _("The demo server did not start: {reason}").format(reason=self.start.problem)
            )
        return self.start.token


def kept_home(start: DemoStart, snapshot: Path) -> list[Any] | None:
    """The kept world's first page of home, moved to now and to this server's address;
    None if there is no kept world (or it is another world's, or damaged).

    Read before the app is imported: with nothing to draw first, the server is told to
    go at once (``DemoStart.go``)."""
    key = snapshot_key(DEMO_POSTS, DEMO_SEED, DEMO_MEDIA_SHARE)
    return cached_home(snapshot, key, host=start.host) or None


def demo_session(
    start: DemoStart, snapshot: Path, home: list[Any] | None, first_frame: threading.Event
) -> AccountSession:
    """The demo account's session, inside the sandbox, its requests waiting for the server.

    With a kept ``home`` page, it goes into the (sandbox's) timeline cache, so the app draws
    it at once, and the server starts its work once that frame is drawn. Without one, home
    is asked for as soon as the server answers, and the page is kept with the world for
    the next demo.
    """
    from tootui.cache import TimelineCache
    from tootui.startup import prefetch_home, session_for

    session = session_for(start.acct, start.base_url, DemoToken(start))
    if home is not None:
        TimelineCache(start.acct).save("home", home)
        start.go_after(first_frame)
        return session
    start.go()
    prefetch_home(session)
    fetched = session.home_prefetch
    if fetched is not None:
        key = snapshot_key(DEMO_POSTS, DEMO_SEED, DEMO_MEDIA_SHARE)

        def keep(done: Future[Any]) -> None:
            if not done.cancelled() and done.exception() is None:
                keep_home(snapshot, key, host=start.host, items=done.result().items)

        fetched.add_done_callback(keep)
    return session


@contextmanager
def demo_server(
    snapshot: Path | None, *, in_thread: bool = os.name != "posix"
) -> Iterator[DemoStart]:
    """Start the demo server beside this process; stop it on the way out.

    Yields at once: ``DemoStart.ready`` is set when the server answers (or failed).
    ``in_thread``: in a thread of this process (where a socket cannot be handed over).
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    start = DemoStart(base_url=f"http://{host}", host=host)
    if in_thread:
        with sock, _server_in_thread(start, sock, snapshot):
            yield start
        return
    with sock, _server_process(start, sock, snapshot):
        yield start


@contextmanager
def _server_process(start: DemoStart, sock: socket.socket, snapshot: Path | None) -> Iterator[None]:
    command = [sys.executable, "-m", "tootui.demo", "--fd", str(sock.fileno()), "--lifeline"]
    command += ["--posts", str(DEMO_POSTS), "--seed", str(DEMO_SEED)]
    if snapshot is not None:
        command += ["--snapshot", str(snapshot)]
    # The server's own words (a failure to start) go to a file, not over the app's screen.
    with _temporary_log() as log:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,  # "go", then closed when this process ends: it then stops
            stdout=subprocess.PIPE,
            stderr=log,
            pass_fds=(sock.fileno(),),
            start_new_session=True,  # the terminal's signals are the app's, not the server's
        )
        reader = threading.Thread(
            target=_read_ready, args=(proc, start, log), name="tootui-demo-ready", daemon=True
        )
        reader.start()

        told = threading.Lock()

        def go() -> None:
            if not told.acquire(blocking=False):
                return  # said once is enough
            with contextlib.suppress(OSError, ValueError):  # it has ended, or we have
                assert proc.stdin is not None
                proc.stdin.write(b"go\n")
                proc.stdin.flush()

        start.go = go
        try:
            yield
        finally:
            _stop(proc)


def _read_ready(proc: subprocess.Popen[bytes], start: DemoStart, log: IO[bytes]) -> None:
    assert proc.stdout is not None
    with proc.stdout:
        line = proc.stdout.readline().decode(errors="replace").split()
        if len(line) == 2:
            start.said_ready(line[1])
        proc.stdout.read()  # until the server ends
    proc.wait()
    if len(line) != 2:
        lines: list[str] = []
        with contextlib.suppress(ValueError, OSError):  # closed: the demo is over
            log.seek(0)
            lines = log.read().decode(errors="replace").strip().splitlines()
        start.failed(lines[-1] if lines else "")
    start.ended.set()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Tell the server to stop (SIGTERM, and its stdin closed), and leave it to it: it
    deletes its world copy on its own, and the app's exit does not wait for that."""
    with contextlib.suppress(OSError):
        if proc.stdin is not None:
            proc.stdin.close()
    with contextlib.suppress(OSError):
        proc.terminate()
    # Its stdout is not closed here: the thread reading the ready line may hold it, and
    # closing it would wait for that read. It goes with this process.


@contextmanager
def _temporary_log() -> Iterator[IO[bytes]]:
    import tempfile

    with tempfile.TemporaryFile(prefix="tootui-demo-server-") as log:
        yield log


@contextmanager
def _server_in_thread(
    start: DemoStart, sock: socket.socket, snapshot: Path | None
) -> Iterator[None]:
    from tootui.demo.server import DemoServer

    server = DemoServer(posts=DEMO_POSTS, seed=DEMO_SEED, snapshot=snapshot).adopt(sock)
    done = threading.Event()

    def run() -> None:
        try:
            server.start()
        except Exception as error:  # said by every request of the app
            start.failed(str(error))
        else:
            start.said_ready(server.token)
        finally:
            done.set()

    threading.Thread(target=run, name="tootui-demo-start", daemon=True).start()
    try:
        yield
    finally:
        done.wait()
        server.stop()
        start.ended.set()


def default_snapshot() -> Path:
    """Where ``tootui --demo`` keeps its world (read before the sandbox moves the folders)."""
    return snapshot_path(DEMO_POSTS, DEMO_SEED, DEMO_MEDIA_SHARE)
