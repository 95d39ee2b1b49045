"""What a newcomer hits in the first minutes (issue 13, items 3.7 and 3.12).

The demo quits silently; an account added inside the demo is not kept; ``--account`` with an
unknown name stops and says so; ``q`` closes every dialog it can; a language name in the
config is understood or reported; the key bar shows keys as characters; help scrolls with
the vim keys and its headings are translated.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from tests.pty_app import PtyApp

ALT_SCREEN_OFF = b"\x1b[?1049l"


# --- 3.7: the demo quits silently ---------------------------------------------------------


def wait_for_exit(app: PtyApp, timeout: float = 30.0) -> int | None:
    """Read the pty until the process has ended (or ``timeout``); its exit status."""
    deadline = time.monotonic() + timeout
    while app.proc.poll() is None and time.monotonic() < deadline:
        app.pump(0.05)
    app.pump(0.1)
    return app.proc.poll()


def test_quitting_the_demo_prints_nothing_after_the_app(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TOOTUI_HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "LANG": "C.UTF-8",
    }
    app = PtyApp(["--demo"], env)
    try:
        assert app.wait_for("↩", timeout=90), app.text()  # the first posts are on screen
        # The live stream is open: that is what held the server's shutdown and made it
        # print a traceback per stream.
        assert app.wait_for("Live", timeout=60), app.text()
        app.press("q")
        assert wait_for_exit(app, timeout=60) == 0, bytes(app.raw[-3000:])
    finally:
        app.close()
    raw = bytes(app.raw)
    assert ALT_SCREEN_OFF in raw
    after = raw[raw.rindex(ALT_SCREEN_OFF) + len(ALT_SCREEN_OFF) :]
    for word in (b"Traceback", b"WebSocketDisconnect", b"Error", b"ERROR"):
        assert word not in after, after.decode(errors="replace")


class ServerLog(logging.Handler):
    """Keeps every record that reaches uvicorn's (or asyncio's) own loggers."""

    names = ("uvicorn", "asyncio")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> ServerLog:
        for name in self.names:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.names:
            logging.getLogger(name).removeHandler(self)


def test_demo_server_stops_quietly_while_a_stream_is_open() -> None:
    import websocket

    from tootui.demo import start_demo_server

    # Started first: uvicorn sets up its loggers (and drops their handlers) as it starts.
    server = start_demo_server(posts=20)
    thread = server._thread
    assert thread is not None
    with ServerLog() as log:
        ws = websocket.create_connection(
            f"ws://{server.host}/api/v1/streaming?stream=user&access_token={server.token}",
            timeout=10,
        )
        try:
            server.post_as("maya", "a post the stream carries")
            assert "a post the stream carries" in ws.recv()
        finally:
            ws.shutdown()  # gone without a word, as the app's streams go when it quits
        server.stop()
    assert not thread.is_alive()
    problems = [r for r in log.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]
