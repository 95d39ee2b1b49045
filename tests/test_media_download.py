"""Issue 16: remote pictures are fetched bounded and checked; every failure is a sentence.

Each hostile case is served by a local HTTP server (tests/media_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.media_server import MediaServer, Served, bomb_png, jpeg_bytes, png_bytes
from tootui.media import MediaCache, MediaError, MediaLimits, fetch_image
from tootui.media.download import fetch_bytes

LIMITS = MediaLimits(max_bytes=2 * 1024 * 1024, connect_timeout=5, total_timeout=1.0)


@pytest.fixture
def media() -> Iterator[MediaServer]:
    with MediaServer() as srv:
        yield srv


def failure(url: str, limits: MediaLimits = LIMITS, cache: MediaCache | None = None) -> str:
    with pytest.raises(MediaError) as caught:
        fetch_image(url, limits, cache)
    sentence = str(caught.value)
    assert sentence.endswith(".") and "Traceback" not in sentence
    # raised from nothing: no library exception rides along to be shown
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__
    return sentence


def test_good_png_and_jpeg_decode(media: MediaServer, tmp_path: Path) -> None:
    media.routes["/a.png"] = Served(png_bytes(64, 48))
    media.routes["/b.jpg"] = Served(jpeg_bytes(1280, 960), "image/jpeg")
    png = fetch_image(media.url("/a.png"), LIMITS)
    assert png.size == (64, 48) and png.getpixel((0, 24)) == (255, 255, 255)
    jpeg = fetch_image(media.url("/b.jpg"), LIMITS)
    assert jpeg.size == (1280, 960)


def test_no_token_or_cookie_reaches_the_media_host(
    media: MediaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a ~/.netrc login for the host would be added by a default requests session
    (tmp_path / "netrc").write_text("machine 127.0.0.1 login alice password SECRET-NETRC\n")
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    media.routes["/a.png"] = Served(png_bytes())
    fetch_image(media.url("/a.png"), LIMITS)
    ((_, headers),) = media.requests
    assert not {"authorization", "cookie"} & {name.lower() for name in headers}
    assert "SECRET" not in repr(headers)


def test_oversized_by_content_length(media: MediaServer) -> None:
    media.routes["/big.png"] = Served(b"\x89PNG" + b"\0" * (3 * 1024 * 1024))
    assert "larger than 2 MB" in failure(media.url("/big.png"))


def test_oversized_streamed_without_length(media: MediaServer) -> None:
    media.routes["/big.png"] = Served(b"\x89PNG" + b"\0" * (3 * 1024 * 1024), send_length=False)
    assert "larger than 2 MB" in failure(media.url("/big.png"))


def test_truncated_png(media: MediaServer) -> None:
    whole = png_bytes(300, 200)
    media.routes["/cut.png"] = Served(whole[: len(whole) // 2])
    assert failure(media.url("/cut.png")) == "The picture is damaged or incomplete."


def test_corrupt_bytes(media: MediaServer) -> None:
    media.routes["/junk.png"] = Served(b"\x89PNG\r\n\x1a\n" + b"garbage" * 50)
    assert failure(media.url("/junk.png")) == "The picture is damaged or incomplete."


def test_decompression_bomb(media: MediaServer) -> None:
    media.routes["/bomb.png"] = Served(bomb_png(100_000, 100_000))
    assert "more pixels" in failure(media.url("/bomb.png"))


def test_pillow_bomb_warning_is_an_error(media: MediaServer) -> None:
    # Within tootui's own pixel limit but above Pillow's (lowered) warning threshold
    media.routes["/big.png"] = Served(bomb_png(7000, 7000))
    limits = MediaLimits(max_bytes=LIMITS.max_bytes, total_timeout=5, max_pixels=10**9)
    assert "more pixels" in failure(media.url("/big.png"), limits)


def test_wrong_content_type(media: MediaServer) -> None:
    media.routes["/page"] = Served(b"<html><script>x</script></html>", "text/html")
    media.routes["/pic.svg"] = Served(b"<svg/>", "image/svg+xml")
    assert "sent text/html, not a picture" in failure(media.url("/page"))
    assert "not a picture" in failure(media.url("/pic.svg"))


def test_slow_server_times_out(media: MediaServer) -> None:
    media.routes["/slow.png"] = Served(b"", hang=True)
    limits = MediaLimits(max_bytes=LIMITS.max_bytes, connect_timeout=5, total_timeout=0.3)
    assert "took too long" in failure(media.url("/slow.png"), limits)


def test_error_status_and_bad_scheme(media: MediaServer) -> None:
    assert "answered 404" in failure(media.url("/missing.png"))
    assert failure("file:///etc/passwd") == "Only http and https addresses are fetched."
    with pytest.raises(MediaError):
        fetch_bytes("http://127.0.0.1:1/x.png", LIMITS)


def test_cache_serves_again_and_names_by_hash(media: MediaServer, tmp_path: Path) -> None:
    cache = MediaCache(tmp_path / "media", limit_bytes=10**6)
    url = media.url("/a.png?name=../../etc/passwd&x=evil.png")
    media.routes["/a.png?name=../../etc/passwd&x=evil.png"] = Served(png_bytes())
    fetch_image(url, LIMITS, cache)
    fetch_image(url, LIMITS, cache)
    assert len(media.requests) == 1  # the second came from the disk
    (entry,) = list((tmp_path / "media").iterdir())
    assert entry.name == MediaCache.name_for(url)
    for piece in ("a.png", "passwd", "evil", "127.0.0.1", "name"):
        assert piece not in entry.name


def test_cache_evicts_least_recently_used(tmp_path: Path) -> None:
    picture = png_bytes(40, 40)
    size = len(picture)
    cache = MediaCache(tmp_path / "media", limit_bytes=3 * size)
    for name in ("one", "two", "three"):
        cache.put(f"https://example.test/{name}", picture)
    assert cache.get("https://example.test/one") == picture  # "one" is now the newest use
    cache.put("https://example.test/four", picture)
    kept = {path.name for path in (tmp_path / "media").iterdir()}
    expected = {MediaCache.name_for(f"https://example.test/{n}") for n in ("one", "three", "four")}
    assert kept == expected
    assert cache.get("https://example.test/two") is None


def test_damaged_cache_entry_is_fetched_again(media: MediaServer, tmp_path: Path) -> None:
    cache = MediaCache(tmp_path / "media")
    url = media.url("/a.png")
    media.routes["/a.png"] = Served(png_bytes())
    cache.put(url, b"not a picture")
    assert fetch_image(url, LIMITS, cache).size == (64, 48)
    assert len(media.requests) == 1
    with Image.open(cache.path_for(url)) as cached:
        assert cached.size == (64, 48)


@pytest.mark.parametrize(
    ("environ", "protocol"),
    [
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "kitty"),
        ({"TERM": "xterm-ghostty", "TERM_PROGRAM": "ghostty"}, "kitty"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}, "sixel"),
        ({"TERM": "foot"}, "sixel"),
        ({"TERM": "xterm-256color", "KONSOLE_VERSION": "230804"}, "sixel"),
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app"}, "sixel"),
        ({"TERM": "xterm-256color"}, "halfblock"),
        ({"TERM": "tmux-256color", "TMUX": "/tmp/x", "KITTY_WINDOW_ID": "1"}, "halfblock"),
        ({}, "halfblock"),
    ],
)
def test_protocol_from_the_environment(environ: dict[str, str], protocol: str) -> None:
    from tootui.media.terminal import detect_protocol

    assert detect_protocol(environ) == protocol


def test_media_settings_fall_back_when_wrong() -> None:
    from tootui.config import Config

    good = Config.from_mapping(
        {"image_protocol": "sixel", "media_player": "mpv --fs", "media_max_bytes": 1000}
    )
    assert (good.image_protocol, good.media_player, good.media_max_bytes) == (
        "sixel",
        "mpv --fs",
        1000,
    )
    bad = Config.from_mapping({"image_protocol": "png", "media_max_bytes": 0, "media_cache_mb": -1})
    assert (bad.image_protocol, bad.media_max_bytes, bad.media_cache_mb) == (
        "auto",
        16 * 1024 * 1024,
        200,
    )


def test_the_players_environment_has_no_secrets() -> None:
    from tootui.media.player import player_environment

    env = player_environment(
        {
            "PATH": "/usr/bin",
            "DISPLAY": ":0",
            "TOOTUI_HOME": "/x",
            "GITHUB_TOKEN": "t",
            "AWS_SECRET_ACCESS_KEY": "s",
            "MASTODON_ACCESS_TOKEN": "m",
            "PGPASSWORD": "p",
        }
    )
    assert env == {"PATH": "/usr/bin", "DISPLAY": ":0"}
