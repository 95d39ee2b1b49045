"""End to end: the installed ``tootui`` in a real pty, showing hostile posts harmlessly."""

from __future__ import annotations

from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer

from tests.fault_servers import HoldingProxy
from tests.pty_app import PtyApp, pty_env, store_account


def selected(text: str) -> str:
    """The lines of the selected post (the ones the selection bar marks)."""
    return "\n".join(line for line in text.split("\n") if line.startswith("▌"))


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
    env = pty_env(tmp_path, home, TOOTUI_NOW="2026-11-20T12:00:00+00:00")
    app = PtyApp([], env)
    try:
        assert app.wait_until(lambda t: "SAFE-MARKER" in selected(t)), app.text()
        seen = [app.text()]
        for _ in range(len(HOSTILE)):  # walk down through every post
            before = selected(app.text())
            app.press("j")
            assert app.wait_until(lambda t, b=before: selected(t) not in ("", b)), app.text()
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
        assert app.wait_exit() == 0
    finally:
        app.close()


def test_quitting_does_not_wait_for_a_request_that_hangs(tmp_path: Path) -> None:
    with MockServer() as server:
        server.client("bob").status_post("SAFE-MARKER visible before the hang")
        # The federated timeline is held, its answer kept coming so slowly that no
        # timeout ever ends it: if quitting waited for it, tootui would never exit.
        with HoldingProxy(server.base_url, r"^/api/v1/timelines/public", keep_waiting=True) as slow:
            home = tmp_path / "home"
            store_account(home, "alice@mock.local", slow.base_url, "alice_token")
            (home / "config").mkdir(parents=True, exist_ok=True)
            (home / "config" / "config.toml").write_text("streaming = false\n", encoding="utf-8")
            env = pty_env(tmp_path, home)
            app = PtyApp([], env)
            try:
                assert app.wait_for("SAFE-MARKER"), app.text()
                app.press("3")  # the federated timeline starts loading, and hangs
                assert app.wait_until(lambda t: slow.held > 0), app.text()
                app.press("q")
                assert app.wait_exit() == 0, app.text()
                # tootui is gone and its request was never answered (not "still held": the
                # proxy lets go of a client it finds gone, sooner or later)
                assert not slow.answered.is_set()
            finally:
                app.close()
