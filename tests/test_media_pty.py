"""Issue 16: picture escape sequences reach the terminal only from tootui's own drawing.

The installed ``tootui`` runs in a 100x30 pty against mastodon-mock; the home timeline
holds a post whose text and alt text carry a Kitty graphics command (ESC _ G) and a Sixel
picture (ESC P ... q). The viewer opens it (``v``) and draws the real picture from a local
server. With half-blocks tootui draws no graphics command at all, so none may appear;
with Kitty graphics, every one that appears is tootui's (none carries the post's marker).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer

from tests.media_server import MediaServer, Served, png_bytes
from tests.pty_app import PtyApp, pty_env, store_account
from tests.test_media_viewer import base_status

KITTY = "\x1b_Gf=100,a=T,t=d;HOSTILE-KITTY\x1b\\"
SIXEL = "\x1bPq#0;2;0;0;0#0!10~HOSTILE-SIXEL\x1b\\"


@pytest.fixture
def media() -> Iterator[MediaServer]:
    with MediaServer() as srv:
        yield srv


def hostile_post(server: MockServer, media: MediaServer) -> None:
    status = base_status()
    status["sensitive"] = False
    status["spoiler_text"] = ""
    status["content"] = f"<p>POST-MARKER {KITTY} {SIXEL}</p>"
    status["media_attachments"] = [
        {
            "id": "1",
            "type": "image",
            "url": media.url("/a.png"),
            "preview_url": media.url("/a.png"),
            "remote_url": None,
            "description": f"ALT-MARKER {KITTY} {SIXEL}",
            "blurhash": None,
            "meta": {},
        }
    ]
    media.routes["/a.png"] = Served(png_bytes(80, 60))
    server.fault(status=200, body=[status], path="/api/v1/timelines/home")


@pytest.mark.parametrize("protocol", ["halfblock", "kitty"])
def test_only_tootuis_drawing_writes_picture_escapes(
    server: MockServer, media: MediaServer, tmp_path: Path, protocol: str
) -> None:
    hostile_post(server, media)
    home = tmp_path / "home"
    store_account(home, "alice@mock.local", server.base_url, "alice_token")
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(
        f'streaming = false\nimage_protocol = "{protocol}"\n', encoding="utf-8"
    )
    app = PtyApp([], pty_env(tmp_path, home, TOOTUI_NOW="2026-11-20T12:00:00+00:00"))
    try:
        assert app.wait_for("POST-MARKER"), app.text()
        app.press("v")
        assert app.wait_for("Media 1/1", "ALT-MARKER"), app.text()
        assert app.wait_until(lambda _: bool(media.requests)), "no download"
        if protocol == "kitty":  # the picture's own command, once it has arrived
            assert app.wait_until(lambda _: b"\x1b_G" in app.raw), app.text()
        else:
            assert app.wait_until(lambda t: "▀" in t or "▄" in t), app.text()
        raw = bytes(app.raw)
        # the remote text is on screen, its escapes shown as visible symbols
        assert "␛_Gf=100" in app.text() or "␛P" in app.text()
        for marker in (b"HOSTILE-KITTY", b"HOSTILE-SIXEL"):
            for found in re.finditer(re.escape(marker), raw):
                before = raw[max(0, found.start() - 40) : found.start()]
                assert b"\x1b_" not in before and b"\x1bP" not in before, before
        kitty_commands = re.findall(rb"\x1b_G[^\x1b]*", raw)
        assert not re.search(rb"\x1bP[0-9;]*q", raw)  # tootui draws no Sixel here
        if protocol == "halfblock":
            assert kitty_commands == []
        else:
            assert kitty_commands  # the picture itself, drawn by tootui
            assert all(b"HOSTILE" not in command for command in kitty_commands)
        app.press("q")
        assert app.wait_for("POST-MARKER"), app.text()
        app.press("q")
        assert app.wait_exit() == 0
    finally:
        app.close()
