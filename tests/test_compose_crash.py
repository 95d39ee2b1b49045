"""Nothing typed is lost: failed posts keep the composer, retries post once, and a draft
survives the app being killed (a real process in a pseudo-terminal)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import socket
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyte
import pytest
import requests
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static, TextArea

from tests.fault_servers import HoldingProxy
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.drafts import DraftStore
from tootui.screens.compose import ComposeScreen
from tootui.session import AccountSession

ALICE = "alice@mock.local"
WAIT = 30.0  # bounds a failure only: a busy machine may be slow, never this slow


def count_posts(client: MastodonClient, text: str) -> int:
    from tootui.api.client import TimelineSource

    me = client.verify_credentials()
    page = client.timeline(TimelineSource("account", me.id), limit=40)
    return sum(text in s.content for s in page.items)


async def send(app: TootUI, pilot: Pilot[Any], *keys: str) -> Screen[Any]:
    """Press ``keys`` (the last sends the post) and wait for the answer; the screen then."""
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen


FAULTS: list[tuple[str, dict[str, Any], str]] = [
    ("500", {"type": "status", "status": 500}, "had a problem (error 500)"),
    ("503", {"type": "status", "status": 503}, "had a problem"),
    (
        "422",
        {"type": "status", "status": 422, "body": {"error": "Validation failed: Text is odd"}},
        "Validation failed: Text is odd",
    ),
    ("429", {"type": "ratelimit"}, "Try again at"),
    ("401", {"type": "status", "status": 401}, "Sign in again"),
]


@pytest.mark.parametrize(("name", "fault", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
async def test_a_failed_post_keeps_everything_and_a_retry_posts_once(
    server: MockServer, alice: MastodonClient, name: str, fault: dict[str, Any], expected: str
) -> None:
    text = f"survives a {name}"
    server.fault(path="/api/v1/statuses", methods=["POST"], count=1, **fault)
    app = TootUI(
        [AccountSession(ALICE, server.base_url, MastodonClient(server.base_url, "alice_token"))]
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("c", *text, "ctrl+w", *"cw")
        screen = await send(app, pilot, "ctrl+s")
        assert isinstance(screen, ComposeScreen)
        said = str(screen.query_one("#compose-status", Static).render())
        assert expected in said
        assert "kept here" in said
        assert screen.query_one("#text", TextArea).text == text
        (draft,) = DraftStore().list()
        assert draft.text == text and draft.spoiler_text == "cw"
        assert count_posts(alice, text) == 0
        assert not isinstance(await send(app, pilot, "ctrl+s"), ComposeScreen)  # retry
    assert count_posts(alice, text) == 1
    assert DraftStore().list() == []


async def test_a_timeout_then_a_retry_makes_one_post(
    server: MockServer, alice: MastodonClient
) -> None:
    text = "posted after a timeout"
    # The new post is held until the client has given up on it; only then does it reach
    # the server (which makes it), and only after that is it sent again.
    with HoldingProxy(server.base_url, r"^/api/v1/statuses$", methods=("POST",)) as slow:
        patient = MastodonClient(slow.base_url, "alice_token", timeout=WAIT)
        session = AccountSession(ALICE, slow.base_url, patient)
        app = TootUI([session])
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            # gives up after a second; only the post is held, so only it can time out
            session.client = MastodonClient(slow.base_url, "alice_token", timeout=1.0)
            screen = await send(app, pilot, "c", *text, "ctrl+s")
            assert isinstance(screen, ComposeScreen)
            assert "did not answer in time" in str(screen.query_one("#compose-status").render())
            assert screen.query_one("#text", TextArea).text == text
            assert count_posts(alice, text) == 0  # still held
            slow.release()
            assert await asyncio.to_thread(slow.forwarded.wait, WAIT)
            session.client = patient  # the retry is not held: it gets its answer
            assert not isinstance(await send(app, pilot, "ctrl+s"), ComposeScreen)
    assert count_posts(alice, text) == 1


class LosingProxy:
    """Forwards to the mock server, but drops the answer to the first new post: the
    server has made the post, the client never hears so (a lost response)."""

    def __init__(self, target: str) -> None:
        proxy = self
        self.lost = 0

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
                }
                answer = requests.request(
                    self.command, target + self.path, headers=headers, data=body, timeout=10
                )
                if self.command == "POST" and self.path == "/api/v1/statuses" and not proxy.lost:
                    proxy.lost += 1
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)  # the answer never arrives
                    return
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower() not in ("transfer-encoding", "connection", "content-encoding"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


async def test_a_lost_answer_then_a_retry_makes_one_post(
    server: MockServer, alice: MastodonClient
) -> None:
    """The retry carries the same Idempotency-Key, so the server answers with the post it
    already made instead of making a second one."""
    text = "posted exactly once"
    proxy = LosingProxy(server.base_url)
    try:
        client = MastodonClient(proxy.base_url, "alice_token", timeout=WAIT)
        app = TootUI([AccountSession(ALICE, proxy.base_url, client)])
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            screen = await send(app, pilot, "c", *text, "ctrl+s")
            assert isinstance(screen, ComposeScreen)
            assert proxy.lost == 1
            assert "kept here" in str(screen.query_one("#compose-status").render())
            assert count_posts(alice, text) == 1  # it was made; we just never heard
            assert not isinstance(await send(app, pilot, "ctrl+s"), ComposeScreen)
    finally:
        proxy.close()
    assert count_posts(alice, text) == 1


async def test_network_down_then_back(server: MockServer, alice: MastodonClient) -> None:
    text = "written while offline"
    offline = MastodonClient("http://127.0.0.1:9", "alice_token", timeout=2)
    session = AccountSession(ALICE, server.base_url, offline)
    app = TootUI([session])
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        screen = await send(app, pilot, "c", *text, "ctrl+s")
        assert isinstance(screen, ComposeScreen)
        assert "cannot be reached" in str(screen.query_one("#compose-status").render())
        session.client = MastodonClient(server.base_url, "alice_token")  # the network is back
        assert not isinstance(await send(app, pilot, "ctrl+s"), ComposeScreen)
    assert count_posts(alice, text) == 1


# --- the real app, killed -----------------------------------------------------------

LAUNCH = """
import sys
from tootui.app import TootUI
from tootui.startup import session_for
TootUI([session_for("alice@mock.local", sys.argv[1], "alice_token")]).run()
"""


class Terminal:
    """The app in a pseudo-terminal, its screen read back through pyte."""

    def __init__(self, base_url: str, home: Path, cols: int = 100, rows: int = 30) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            env = {
                "PATH": os.environ.get("PATH", ""),
                "HOME": os.environ.get("HOME", "/tmp"),
                "TERM": "xterm-256color",
                "TOOTUI_HOME": str(home),
                "TOOTUI_NOW": os.environ.get("TOOTUI_NOW", ""),
                "LANG": "C.UTF-8",
            }
            os.execve(sys.executable, [sys.executable, "-c", LAUNCH, base_url], env)
        self.pid = pid
        self.fd = fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def pump(self, timeout: float = 0.1) -> None:
        """Read what the app has written, waiting at most ``timeout`` for the first byte."""
        while select.select([self.fd], [], [], timeout)[0]:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.stream.feed(data)
            timeout = 0.0

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_until(self, check: Callable[[str], object], timeout: float = WAIT) -> bool:
        """Read what the app writes until ``check(screen text)`` holds; whether it did
        (``timeout`` only bounds a failure)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump()
            if check(self.text()):
                return True
        return False

    def wait_for(self, needle: str, timeout: float = WAIT) -> None:
        if not self.wait_until(lambda text: needle in text, timeout):
            raise AssertionError(f"{needle!r} never appeared on screen:\n{self.text()}")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))
        self.pump(0.0)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        finally:
            os.close(self.fd)


@pytest.mark.timeout(120)
def test_a_draft_survives_sigkill(server: MockServer, isolated_home: Path) -> None:
    drafts = isolated_home / "data" / "drafts"
    first = Terminal(server.base_url, isolated_home)
    try:
        first.wait_for("@alice@mock.local")
        first.type("c")
        first.wait_for("From")
        for char in "words that must survive":
            first.type(char)
        first.wait_for("words that must survive")

        def saved() -> list[str]:
            return [d.text for d in DraftStore(drafts).list()] if drafts.exists() else []

        # the debounced save catches the last keys once typing stops
        assert first.wait_until(lambda _screen: saved() == ["words that must survive"]), (
            f"the draft was never saved in full: {saved()}"
        )
    finally:
        first.kill()  # SIGKILL: no chance to save anything on the way out

    (draft,) = DraftStore(drafts).list()
    assert draft.text == "words that must survive"

    second = Terminal(server.base_url, isolated_home)
    try:
        second.wait_for("saved draft")
        second.type("C")
        second.wait_for("Saved drafts")
        assert "words that must survive" in second.text()
        second.type("\r")
        second.wait_for("From")
        assert "words that must survive" in second.text()
    finally:
        second.kill()
