"""End to end: the installed ``tootui`` in a real pty, showing hostile posts harmlessly."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer

from tests.pty_app import PtyApp, store_account

HOSTILE = [
    ("title", "Title \x1b]0;PWNEDTITLE\x07 change"),
    ("clear", "Clear \x1b[2J\x1b[HPWNEDCLEAR screen"),
    ("dcs", "Device \x1bPq#PWNEDDCS\x1b\\ control"),
    ("apc", "App \x1b_PWNEDAPC\x1b\\ command"),
    ("c1", "Eight-bit \x9b31mPWNEDCSI1 control"),
    ("bidi", "Override \u202eDESREVER\u202c here"),
    ("markup", "Markup [bold]PWNEDBOLD[/bold] [@click=app.quit]quit[/] [link=file:///etc]x[/link]"),
]


@pytest.fixture
def hostile_server() -> MockServer:
    with MockServer() as server:
        bob = server.client("bob")
        for _name, text in HOSTILE:
            bob.status_post(text)
        bob.status_post("SAFE-MARKER the newest post is plain")
        yield server


def test_installed_tootui_in_a_pty_shows_hostile_posts_harmlessly(
    hostile_server: MockServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    store_account(home, "alice@mock.local", hostile_server.base_url, "alice_token")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TOOTUI_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "TOOTUI_NOW": "2026-11-20T12:00:00+00:00",
        "LANG": "C.UTF-8",
    }
    app = PtyApp([], env)
    try:
        assert app.wait_for("SAFE-MARKER"), app.text()
        app.settle()
        seen = [app.text()]
        for _ in range(len(HOSTILE) + 2):  # walk down through every post
            app.press("j")
            app.settle()
            seen.append(app.text())
        screen = "\n".join(seen)
        # The posts are on screen, their control characters shown as visible symbols.
        assert "@alice@mock.local" in screen
        assert "PWNEDBOLD" in screen and "[bold]" in screen  # markup stayed literal text
        assert "␛]0;PWNEDTITLE" in screen
        assert "DESREVER" in screen  # the override was dropped, the text kept in order
        # Nothing injected reached the terminal as a control sequence.
        raw = bytes(app.raw)
        for payload in (
            b"\x1b]0;PWNEDTITLE",
            b"\x1bPq#PWNED",
            b"\x1b_PWNEDAPC",
            b"\x1b[2J\x1b[HPWNED",
        ):
            assert payload not in raw
        assert "\x9b".encode() not in raw
        assert "\u202e".encode() not in raw
        assert app.screen.title in ("", "tootui") or "PWNED" not in app.screen.title
        # The app kept running (the markup did not quit it) and still takes keys.
        assert app.proc.poll() is None
        app.press("q")
        deadline = time.monotonic() + 10
        while app.proc.poll() is None and time.monotonic() < deadline:
            app.pump(0.1)
        assert app.proc.returncode == 0
    finally:
        app.close()


def test_quitting_is_immediate_while_a_request_hangs(tmp_path: Path) -> None:
    with MockServer() as server:
        server.client("bob").status_post("SAFE-MARKER visible before the hang")
        home = tmp_path / "home"
        store_account(home, "alice@mock.local", server.base_url, "alice_token")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),
            "TOOTUI_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "LANG": "C.UTF-8",
        }
        app = PtyApp([], env)
        try:
            assert app.wait_for("SAFE-MARKER"), app.text()
            # Every further timeline request now takes 10 s to answer.
            with server.fault(path_regex=r"/api/v1/timelines/", type="latency", delay_ms=10_000):
                app.press("3")  # the federated timeline starts loading, and hangs
                app.settle()
                started = time.monotonic()
                app.press("q")
                while app.proc.poll() is None and time.monotonic() - started < 8:
                    app.pump(0.05)
                took = time.monotonic() - started
            assert app.proc.returncode == 0
            assert took < 2.0, f"quitting took {took:.1f} s"
        finally:
            app.close()
