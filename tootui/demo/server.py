"""The running demo server: mastodon-mock in a thread on 127.0.0.1, with the world in it.

It is built from mastodon-mock's documented interface: a ``MastodonMockConfig`` (instance
title, rules, the world's accounts with their tokens) and ``create_app``, served by
uvicorn. Writing the posts and their pictures needs the mock's internals
(``mock_internals.py`` says which and why). ``mastodon_mock.testing.MockServer`` is not
used: it binds its own port after building the app (the demo's host, with its port,
must be in the config first, and ``--port`` must be honoured), keeps the app to itself
(the world is written into it), and waits for open streams when it stops (the demo
stops at once).

The seeded world is kept as a snapshot (``snapshot.py``) when a ``snapshot`` path is
given, as ``tootui --demo`` does: a later start copies it instead of seeding again.

``python -m tootui.demo --port N --posts 600`` serves it for another process: it prints
``BASE_URL TOKEN`` on one line and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import signal
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from mastodon_mock.config import (
    DatabaseConfig,
    MastodonMockConfig,
    SeedAccount,
    SeedConfig,
    StreamingConfig,
)

from tootui.demo.images import demo_client, showcase_pictures
from tootui.demo.snapshot import largest_id, restore_snapshot, save_snapshot, snapshot_key
from tootui.demo.world import WORLD, World, plan_world

if TYPE_CHECKING:
    from mastodon import Mastodon

STOP_GRACE = 0.2
"""Seconds ``DemoServer.stop()`` lets requests in flight finish before it stops waiting."""

_SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access", "asyncio")


class _ShutdownNoise(logging.Filter):
    """Drops what a stopping demo server's thread logs (client disconnects, cancelled
    streams), and nothing from any other thread, so other servers in the process still speak.
    """

    def __init__(self) -> None:
        super().__init__()
        self._threads: set[int] = set()
        self._installed = False

    def silence(self, thread: threading.Thread) -> None:
        if thread.ident is not None:
            self._threads.add(thread.ident)
        if not self._installed:
            self._installed = True
            for name in _SERVER_LOGGERS:
                logging.getLogger(name).addFilter(self)

    def forget(self, thread: threading.Thread) -> None:
        self._threads.discard(thread.ident or 0)

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread not in self._threads


_SHUTDOWN_NOISE = _ShutdownNoise()


def build_world_config(
    domain: str = "127.0.0.1",
    *,
    tokens: dict[str, str] | None = None,
    world: World = WORLD,
    database: str = ":memory:",
) -> MastodonMockConfig:
    """The mastodon-mock config for the demo instance: title, rules, accounts with tokens.

    ``database`` is the SQLite file to serve (``:memory:``: a throwaway one); accounts
    already in it are kept, and the tokens are added to them.

    Posts are not part of it (see ``plan_world`` and ``mock_internals.seed_world``): the
    mock's own seeding stamps them "now" and cannot express polls, media or boosts.
    """
    tokens = tokens or {}
    return MastodonMockConfig(
        domain=domain,
        url_scheme="http",
        title=world.title,
        description=world.description,
        email="nobody@example.org",
        rules=list(world.rules),
        registrations_enabled=False,
        database=DatabaseConfig(path=database),
        # A short heartbeat lets stop() finish quickly while a client is streaming.
        streaming=StreamingConfig(heartbeat_seconds=1.0),
        seed=SeedConfig(
            accounts=[
                SeedAccount(
                    username=p.username,
                    display_name=p.display_name,
                    note=p.note,
                    locked=p.locked,
                    bot=p.bot,
                    access_token=tokens.get(p.username),
                    email=f"{p.username}@example.org",
                )
                for p in world.people
            ]
        ),
    )


class DemoServer:
    """A running demo instance: where it is, who you are on it, and how to stop it.

    With a ``snapshot`` path, the world comes from the snapshot there when it is usable,
    and is seeded and stored there when it is not (``world_from`` says which happened).
    """

    def __init__(
        self,
        *,
        posts: int = 300,
        seed: int = 7,
        port: int = 0,
        media_share: float = 0.0,
        snapshot: Path | None = None,
    ) -> None:
        self.posts = posts
        self.seed = seed
        self.media_share = media_share
        self.snapshot = snapshot
        self.world_from = ""  # "snapshot" or "seeding", once started
        self._port = port
        self._tokens = {p.username: secrets.token_urlsafe(24) for p in WORLD.people}
        self._home: tempfile.TemporaryDirectory[str] | None = None
        self._sock: socket.socket | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._app: Any = None
        self._clients: dict[str, Mastodon] = {}
        self.base_url = ""
        self.host = ""
        self.seed_seconds = 0.0
        self.status_ids: dict[str, int] = {}

    @property
    def token(self) -> str:
        """The demo account's access token."""
        return self._tokens[WORLD.you]

    @property
    def acct(self) -> str:
        """The demo account's full handle, with the host as the instance reports it."""
        return f"{WORLD.you}@{self.host}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def bind(self) -> DemoServer:
        """Take the port, so the address is known (``base_url``, ``acct``) before ``start``.

        Cheap, and needs nothing of the mock: ``tootui --demo`` builds the app's session
        with it while the server is still being made.
        """
        if self._sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", self._port))
            self._sock = sock
            self.host = f"127.0.0.1:{sock.getsockname()[1]}"
            self.base_url = f"http://{self.host}"
        return self

    def adopt(self, sock: socket.socket) -> DemoServer:
        """Serve on ``sock``, a socket bound by someone else (``tootui --demo``)."""
        self._sock = sock
        self.host = "{}:{}".format(*sock.getsockname()[:2])
        self.base_url = f"http://{self.host}"
        return self

    def start(self) -> DemoServer:
        """Bind, start serving in a thread, and fill the world. Returns ``self``."""
        if self.running:
            return self
        started = time.perf_counter()
        self.bind()
        self._home = tempfile.TemporaryDirectory(prefix="tootui-demo-server-")
        home = Path(self._home.name)
        media_dir, database = home / "media", home / "world.sqlite3"
        media_dir.mkdir()
        key = snapshot_key(self.posts, self.seed, self.media_share)
        restored = None
        if self.snapshot is not None:
            # Before the mock's imports: restoring needs only sqlite3.
            restored = restore_snapshot(self.snapshot, key, database, media_dir, host=self.host)
        # Loaded here, not at import: they bring all of the mock's server (seconds on a
        # busy machine), which ``import tootui.demo`` (tests, ``--help``) does not need.
        import uvicorn
        from mastodon_mock.app import create_app

        from tootui.demo import mock_internals

        mock_internals.encode_link_headers()
        if restored is not None:
            mock_internals.skip_ids_through(largest_id(database))
        config = build_world_config(self.host, tokens=self._tokens, database=str(database))
        config.media_storage_path = str(media_dir)
        self._app = create_app(config)
        server = uvicorn.Server(
            uvicorn.Config(
                self._app,
                log_level="warning",
                server_header=False,
                timeout_graceful_shutdown=2,
            )
        )
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [self._sock]},
            name="tootui-demo-server",
            daemon=True,
        )
        self._server, self._thread = server, thread
        try:
            thread.start()
            deadline = time.monotonic() + 10
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    raise RuntimeError("the demo server did not start")
                time.sleep(0.01)
            if restored is not None:
                self.status_ids, self.world_from = restored, "snapshot"
            else:
                self._seed(database, media_dir)
        except BaseException:
            self.stop()
            raise
        self.seed_seconds = time.perf_counter() - started
        return self

    def _seed(self, database: Path, media_dir: Path) -> None:
        """Fill the world over HTTP and through the mock's models; keep a snapshot of it."""
        from tootui.demo import mock_internals

        now = datetime.now(UTC)
        plan = plan_world(self.posts, self.seed, media_share=self.media_share)
        pictures = showcase_pictures(plan)
        self.status_ids = mock_internals.seed_world(self._app, plan, pictures, now=now)
        self.world_from = "seeding"
        if self.snapshot is not None:
            key = snapshot_key(self.posts, self.seed, self.media_share)
            save_snapshot(
                self.snapshot,
                key,
                database,
                media_dir,
                host=self.host,
                taken_at=now,
                status_ids=self.status_ids,
            )

    def stop(self) -> None:
        """Stop serving and delete the world, at once and silently. Safe to call more than once.

        mastodon-mock's WebSocket handler never reads its socket, so it does not notice that a
        client has gone until it next has an event to send: a graceful shutdown would wait for
        it (uvicorn's ``timeout_graceful_shutdown``) and then cancel it, logging a traceback
        for each open stream. Requests get ``STOP_GRACE`` seconds to finish; then the server
        stops waiting, and what it logs while it ends is dropped.
        """
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            if thread is not None:
                _SHUTDOWN_NOISE.silence(thread)
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=STOP_GRACE)
            if server is not None:
                server.force_exit = True
            thread.join(timeout=5)
            if not thread.is_alive():
                _SHUTDOWN_NOISE.forget(thread)  # its id may be given to a new thread
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._app is not None:
            from tootui.demo import mock_internals

            mock_internals.release(self._app)
            self._app = None
        if self._home is not None:
            self._home.cleanup()
            self._home = None
        self._clients.clear()

    def token_for(self, username: str) -> str:
        """Any demo account's access token (for tests that act as someone else)."""
        return self._tokens[username]

    def post_as(self, username: str, text: str, **kwargs: Any) -> str:
        """Publish a post as ``username`` over the HTTP API; returns the new status id.

        ``kwargs`` go to Mastodon.py's ``status_post`` (visibility, spoiler_text, ...).
        """
        api = self._clients.get(username)
        if api is None:
            api = self._clients[username] = demo_client(self.base_url, self._tokens[username])
        return str(api.status_post(text, **kwargs)["id"])

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_demo_server(
    *,
    posts: int = 300,
    seed: int = 7,
    port: int = 0,
    media_share: float = 0.0,
    snapshot: Path | None = None,
) -> DemoServer:
    """Start a demo server on 127.0.0.1 (``port=0``: any free port) with a seeded world
    (from the ``snapshot`` file when it holds this world; see ``DemoServer``)."""
    return DemoServer(
        posts=posts, seed=seed, port=port, media_share=media_share, snapshot=snapshot
    ).start()


def main(argv: Sequence[str] | None = None) -> int:
    """Serve a demo world for another process: print ``BASE_URL TOKEN``, serve until killed."""
    parser = argparse.ArgumentParser(
        prog="python -m tootui.demo", description="Serve the tootui demo world on 127.0.0.1."
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)"
    )
    parser.add_argument("--posts", type=int, default=300, help="how many posts (default: 300)")
    parser.add_argument(
        "--seed", type=int, default=7, help="random seed for the world (default: 7)"
    )
    parser.add_argument(
        "--media-share",
        type=float,
        default=0.0,
        help="also give a picture to this share of generated posts (0-1; default: 0, the "
        "world as seeded)",
    )
    parser.add_argument(
        "--snapshot",
        type=Path,
        help="keep the seeded world in this file, and start from it when it holds this world",
    )
    parser.add_argument("--fd", type=int, help=argparse.SUPPRESS)  # a bound socket to serve on
    # Stop when stdin closes (see tootui.demo.__main__ for the line read first).
    parser.add_argument("--lifeline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    stopping = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if args.lifeline:

        def until_stdin_closes() -> None:
            sys.stdin.buffer.read()
            stopping.set()

        threading.Thread(target=until_stdin_closes, daemon=True).start()
    demo = DemoServer(
        posts=args.posts,
        seed=args.seed,
        port=args.port,
        media_share=args.media_share,
        snapshot=args.snapshot,
    )
    if args.fd is not None:
        demo.adopt(socket.socket(fileno=args.fd))
    with demo.start():
        print(f"{demo.base_url} {demo.token}", flush=True)
        print(f"seeded {args.posts} posts in {demo.seed_seconds:.2f}s", file=sys.stderr, flush=True)
        while not stopping.wait(0.5):
            pass
    return 0
