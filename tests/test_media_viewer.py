"""Issue 16: the media viewer, driven by keys against mastodon-mock.

The home timeline holds one post (real Mastodon 4.7 JSON) whose attachments point at a
local picture server (tests/media_server.py); the viewer downloads from it."""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import said, settle, wait_until
from tests.conftest import load_fixture
from tests.media_server import MediaServer, Served, png_bytes
from tootui.app import TootUI
from tootui.config import Config
from tootui.render.display import DisplayText
from tootui.screens.media_viewer import MediaViewerScreen
from tootui.startup import session_for

SIZE = (100, 30)
ALT_AR = "قطة نائمة على الأريكة \x1b[31m\x1b_Gf=100;AAAA\x1b\\ [b]not markup[/b]"
BLURHASH = "LEHV6nWB2yk8pyo0adR*.7kCMdnj"


def base_status() -> dict[str, Any]:
    for status in load_fixture("statuses"):
        if status.get("media_attachments") and not status.get("reblog"):
            status = copy.deepcopy(status)
            status["filtered"] = []  # a post shown whole, not behind one of its filters
            return status
    raise AssertionError("no fixture post with media")


def attachment(
    media: MediaServer, n: int, kind: str = "image", alt: str | None = None
) -> dict[str, Any]:
    return {
        "id": str(9000 + n),
        "type": kind,
        "url": media.url(f"/original/{n}.mp4" if kind != "image" else f"/original/{n}.png"),
        "preview_url": media.url(f"/preview/{n}.png"),
        "remote_url": None,
        "description": alt,
        "blurhash": BLURHASH,
        "meta": {},
    }


def serve_post(
    server: MockServer,
    media: MediaServer,
    *,
    sensitive: bool = False,
    kinds: tuple[str, ...] = ("image", "image"),
    first_alt: str = ALT_AR,
) -> dict[str, Any]:
    status = base_status()
    status["sensitive"] = sensitive
    status["spoiler_text"] = "spiders" if sensitive else ""
    status["media_attachments"] = [
        attachment(media, n, kind, first_alt if n == 0 else f"picture number {n}")
        for n, kind in enumerate(kinds)
    ]
    for n, kind in enumerate(kinds):
        if kind == "image":
            media.routes[f"/original/{n}.png"] = Served(png_bytes(64 + n, 48))
        media.routes[f"/preview/{n}.png"] = Served(png_bytes(32, 24))
    server.fault(status=200, body=[status], path="/api/v1/timelines/home")
    return status


@pytest.fixture(autouse=True)
def forget_decoded() -> Iterator[None]:
    """The viewer keeps decoded pictures by address; a later test's server may get the
    same port, so each test starts with none."""
    from tootui.screens import media_viewer

    media_viewer._DECODED.clear()
    media_viewer._SIXELS.clear()
    yield
    media_viewer._DECODED.clear()
    media_viewer._SIXELS.clear()


@pytest.fixture
def media() -> Iterator[MediaServer]:
    with MediaServer() as srv:
        yield srv


def make_app(server: MockServer, **settings: Any) -> TootUI:
    config = Config(streaming=False, **settings)
    return TootUI([session_for("alice@mock.local", server.base_url, "alice_token")], config=config)


def text_of(app: TootUI, selector: str) -> str:
    """A widget's words in logical order (as typed, before bidi reordering)."""
    content = app.screen.query_one(selector, Static).content
    if isinstance(content, DisplayText):
        return "\n".join(block.plain for block, _ in content.blocks)
    return str(content)


def fetched(media: MediaServer) -> list[str]:
    return [path for path, _ in media.requests]


async def test_v_opens_the_viewer_with_alt_text_and_arrows_move(
    server: MockServer, media: MediaServer, opened: list[str]
) -> None:
    post = serve_post(server, media, kinds=("image", "image", "image"))
    app = make_app(server, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, MediaViewerScreen)
        assert "1/3" in text_of(app, "#media-title")
        alt = text_of(app, "#media-alt")
        assert "قطة نائمة" in alt and "[b]not markup[/b]" in alt
        assert "\x1b" not in alt and "\x1b" not in str(
            app.screen.query_one("#media-alt", Static).content
        )
        assert await wait_until(pilot, lambda: bool(app.screen.query(".media-image")))
        assert fetched(media) == ["/original/0.png"]
        await pilot.press("right")
        await settle(pilot)
        assert "2/3" in text_of(app, "#media-title")
        assert "picture number 1" in text_of(app, "#media-alt")
        assert await wait_until(pilot, lambda: "/original/1.png" in fetched(media))
        await pilot.press("l", "l")  # round to the first: already downloaded
        await settle(pilot)
        assert "1/3" in text_of(app, "#media-title")
        assert fetched(media).count("/original/0.png") == 1
        await pilot.press("h")
        await settle(pilot)
        assert "3/3" in text_of(app, "#media-title")
        await pilot.press("o")
        await settle(pilot)
        assert opened == [post["media_attachments"][2]["url"]]
        headers = [h for _, h in media.requests]
        assert all("alice_token" not in repr(h) for h in headers)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MediaViewerScreen)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, MediaViewerScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, MediaViewerScreen)


async def test_a_post_without_media_says_so(server: MockServer) -> None:
    status = base_status()
    status["media_attachments"] = []
    server.fault(status=200, body=[status], path="/api/v1/timelines/home")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert not isinstance(app.screen, MediaViewerScreen)
        assert "This post has no media." in said(app)


@pytest.mark.parametrize(
    ("served", "sentence"),
    [
        (Served(png_bytes(300, 200)[:400]), "The picture is damaged or incomplete."),
        (Served(b"<html></html>", "text/html"), "sent text/html, not a picture"),
        (Served(b"\x89PNG" + b"\0" * 5000), "larger than 0 MB"),
    ],
    ids=["truncated", "html", "oversized"],
)
async def test_a_bad_file_gives_a_sentence_and_alt_text_stays(
    server: MockServer, media: MediaServer, served: Served, sentence: str
) -> None:
    serve_post(server, media)
    media.routes["/original/0.png"] = served
    app = make_app(server, image_protocol="halfblock", media_max_bytes=4000)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        assert await wait_until(pilot, lambda: sentence in text_of(app, "#media-message"))
        assert "قطة نائمة" in text_of(app, "#media-alt")
        assert not app.screen.query(".media-image")


async def test_image_protocol_off_shows_no_image_and_fetches_nothing(
    server: MockServer, media: MediaServer
) -> None:
    post = serve_post(server, media)
    app = make_app(server, image_protocol="off")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "Pictures are off" in text_of(app, "#media-message")
        alt = text_of(app, "#media-alt")
        assert "قطة نائمة" in alt and post["media_attachments"][0]["url"] in alt
        assert not app.screen.query(".media-image")
        assert fetched(media) == []


async def test_sensitive_media_stays_hidden_until_s(server: MockServer, media: MediaServer) -> None:
    serve_post(server, media, sensitive=True)
    app = make_app(server, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        message = text_of(app, "#media-message")
        assert "Sensitive media: spiders" in message and "s to show" in message
        # the blurred stand-in is drawn from the blurhash; nothing is downloaded
        assert len(app.screen.query(".media-image")) == 1
        await pilot.press("right")
        await settle(pilot)
        assert fetched(media) == []
        await pilot.press("s")
        assert await wait_until(pilot, lambda: fetched(media) == ["/original/1.png"])
        assert await wait_until(pilot, lambda: not app.screen.query_one("#media-message").display)


PLAYER = """#!{python}
import json, os, sys
with open({out!r}, "w") as f:
    json.dump({{"argv": sys.argv[1:], "env": dict(os.environ)}}, f)
"""


async def test_p_plays_a_video_in_the_player_without_token(
    server: MockServer, media: MediaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = serve_post(server, media, kinds=("video", "image"))
    out = tmp_path / "player.json"
    player = tmp_path / "player"
    player.write_text(PLAYER.format(python=sys.executable, out=str(out)))
    player.chmod(0o755)
    monkeypatch.setenv("TOOTUI_SECRET_THING", "leak-me")
    monkeypatch.setenv("MY_API_TOKEN", "leak-me-too")
    app = make_app(server, image_protocol="halfblock", media_player=str(player))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "A video" in text_of(app, "#media-kind") and "p plays it" in text_of(
            app, "#media-kind"
        )
        # the viewer shows the preview picture, not the video file
        assert await wait_until(pilot, lambda: "/preview/0.png" in fetched(media))
        assert "/original/0.mp4" not in fetched(media)
        await pilot.press("p")
        assert await wait_until(pilot, lambda: out.exists() and out.stat().st_size > 0)
        assert await wait_until(pilot, lambda: "Playing" in text_of(app, "#media-hint"))
        ran = json.loads(out.read_text())
        assert ran["argv"] == [post["media_attachments"][0]["url"]]
        env = json.dumps(ran["env"])
        for secret in ("alice_token", "leak-me", "TOOTUI"):
            assert secret not in env
        await pilot.press("right", "p")
        await settle(pilot)
        assert "this is a picture" in text_of(app, "#media-hint")


async def test_no_player_found_is_a_sentence(
    server: MockServer, media: MediaServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve_post(server, media, kinds=("audio",))
    monkeypatch.setenv("PATH", str(tmp_path))  # no mpv, vlc or ffplay
    app = make_app(server, image_protocol="off")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("p")
        assert await wait_until(
            pilot, lambda: "No media player found" in text_of(app, "#media-hint")
        )


def test_half_blocks_join_cells_of_one_colour() -> None:
    """Each run of one colour pair is one segment (one colour sequence on the wire)."""
    from PIL import Image
    from rich.console import Console
    from rich.segment import Segment

    from tootui.render.halfblock import HalfblockRenderable

    solid = Image.new("RGB", (400, 300), (10, 120, 200))
    console = Console(width=40, height=15, color_system="256", force_terminal=True)
    lines = list(Segment.split_lines(console.render(HalfblockRenderable(solid, "auto", "auto"))))
    assert lines and all(len([s for s in line if s.text]) == 1 for line in lines)
    assert {s.text for line in lines for s in line if s.text} == {"▀" * 40}
    # two halves of different colours: two runs a line, upper and lower colours kept
    halves = Image.new("RGB", (400, 300), (255, 0, 0))
    halves.paste((0, 0, 255), (200, 0, 400, 300))
    console = Console(width=40, height=15, color_system="truecolor", force_terminal=True)
    line = next(iter(Segment.split_lines(console.render(HalfblockRenderable(halves)))))
    runs = [s for s in line if s.text]
    assert [len(s.text) for s in runs] == [20, 20]
    assert runs[0].style is not None and runs[0].style.color is not None
    assert runs[0].style.color.get_truecolor().red > 200


async def test_arabic_interface_at_80x24_with_a_long_alt_text(
    server: MockServer, media: MediaServer
) -> None:
    from tootui.i18n import set_language

    serve_post(server, media, first_alt="وصف طويل جدا للصورة " * 150)  # 3,000 characters
    app = make_app(server, image_protocol="halfblock", language="ar")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            assert await wait_until(pilot, lambda: bool(app.screen.query(".media-image")))
            assert "الوسائط 1/2" in text_of(app, "#media-title")
            alt = text_of(app, "#media-alt")
            assert alt.startswith("النص البديل: ") and "وصف طويل" in alt
            assert len(alt) < 1600  # remote text is cut at its limit
            # the alt text leaves the picture most of the screen
            assert app.screen.query_one("#media-picture").size.height >= 10
    finally:
        set_language("en")


async def test_a_sixel_picture_is_encoded_once_then_kept_in_memory_and_on_disk(
    server: MockServer, media: MediaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sixel encoding is textual-image's Python code, 100-150 ms a screen: a picture opened
    again (in this session, or a later one: the disk cache) is drawn from its kept encoding."""
    from tootui.media.cache import media_cache_dir
    from tootui.screens import media_viewer

    media_viewer._textual_image_widgets()  # as the viewer imports it (no terminal queries)
    from textual_image.widget.sixel import _ImageSixelImpl

    encoded: list[tuple[int, int]] = []
    encode = _ImageSixelImpl._image_to_sixels

    def counting(self: Any, image: Any, *args: Any, **kwargs: Any) -> str:
        encoded.append(image.size)
        return encode(self, image, *args, **kwargs)

    monkeypatch.setattr(_ImageSixelImpl, "_image_to_sixels", counting)
    serve_post(server, media)
    app = make_app(server, image_protocol="sixel")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        assert await wait_until(pilot, lambda: len(encoded) == 1)
        assert await wait_until(pilot, lambda: len(list(media_cache_dir().glob("*.img"))) == 2)
        await pilot.press("q", "v")  # again: from memory
        await settle(pilot)
        assert await wait_until(pilot, lambda: bool(app.screen.query(".media-image")))
        await pilot.press("q")
        media_viewer._SIXELS.clear()  # as in a new session: only the disk cache is left
        media_viewer._DECODED.clear()
        await pilot.press("v")
        assert await wait_until(pilot, lambda: bool(app.screen.query(".media-image")))
        await settle(pilot)
        assert len(encoded) == 1
        assert len(media_viewer._SIXELS) == 1
        await pilot.press("l")  # another picture: encoded, and kept beside the first
        assert await wait_until(pilot, lambda: len(encoded) == 2)
        assert len(media_viewer._SIXELS) == 2
