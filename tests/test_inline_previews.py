"""Issue 16.2: inline previews under posts (``inline_images = true``), driven by keys.

Posts (real Mastodon 4.7 JSON) carry attachments served by a local picture server
(tests/media_server.py); the home timeline comes from mastodon-mock. What is asserted is
what the picture server was asked for and what the timeline draws."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from rich.segment import Segment

from tests.apphelpers import main_screen, notes_of, settle, wait_until
from tests.media_server import MediaServer, Served, png_bytes
from tests.test_media_viewer import BLURHASH, base_status, fetched, make_app
from tootui.i18n import localize_digits
from tootui.render.previews import PREVIEW_ROWS, RETRIES
from tootui.widgets.timeline import TimelineView

SIZE = (100, 30)


@pytest.fixture
def media() -> Iterator[MediaServer]:
    with MediaServer() as srv:
        yield srv


def post_with_media(
    media: MediaServer,
    n: int,
    *,
    count: int = 1,
    sensitive: bool = False,
    text: str = "",
    aspect: float | None = 2.0,
) -> dict[str, Any]:
    status = base_status()
    status = copy.deepcopy(status)
    status["id"] = str(1000 + n)
    status["uri"] = f"https://example.org/statuses/{1000 + n}"
    status["sensitive"] = sensitive
    status["spoiler_text"] = ""
    status["content"] = f"<p>{text or f'post number {n}'}</p>"
    status["poll"] = None
    status["card"] = None
    status["quote"] = None
    status["media_attachments"] = [
        {
            "id": f"{n}-{k}",
            "type": "image",
            "url": media.url(f"/original/{n}-{k}.png"),
            "preview_url": media.url(f"/preview/{n}-{k}.png"),
            "remote_url": None,
            "description": f"picture {n}-{k}",
            "blurhash": BLURHASH,
            "meta": {"small": {"aspect": aspect}} if aspect else {},
        }
        for k in range(count)
    ]
    for k in range(count):
        media.routes[f"/preview/{n}-{k}.png"] = Served(png_bytes(64, 32, (20, 200, 40)))
    return status


def home(app: Any) -> TimelineView[Any]:
    return main_screen(app).current_view


def lines_of(view: TimelineView[Any], index: int) -> list[list[Segment]]:
    """The segments of entry ``index``'s lines as the view draws them now (none before
    the entry is loaded)."""
    if index >= len(view.entries):
        return []
    return [list(strip) for strip in view._strips_for(index)]


def picture_rows(view: TimelineView[Any], index: int) -> list[int]:
    """Which lines of entry ``index`` hold half-block picture cells."""
    return [
        n
        for n, segments in enumerate(lines_of(view, index))
        if any("▀" in s.text and s.style and s.style.bgcolor for s in segments)
    ]


def line_texts(view: TimelineView[Any], index: int) -> list[str]:
    return ["".join(s.text for s in segments) for segments in lines_of(view, index)]


async def test_previews_are_off_by_default_and_fetch_nothing(
    server: MockServer, media: MediaServer
) -> None:
    server.fault(status=200, body=[post_with_media(media, 1)], path="/api/v1/timelines/home")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = home(app)
        assert "post number 1" in "\n".join(line_texts(view, 0))
        assert picture_rows(view, 0) == []
        await pilot.press("j", "k")
        await settle(pilot)
        assert fetched(media) == []
        assert app.previews is None


async def test_a_preview_keeps_its_height_from_placeholder_to_picture(
    server: MockServer, media: MediaServer
) -> None:
    post = post_with_media(media, 1, count=2)
    gate = threading.Event()
    for k in range(2):
        media.routes[f"/preview/1-{k}.png"].gate = gate
    server.fault(status=200, body=[post], path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="sixel")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(fetched(media)) == 2)
        before = line_texts(view, 0)
        height = view.entries[0].height
        assert picture_rows(view, 0) == []  # not arrived: its average colour, no picture
        text_row = next(n for n, line in enumerate(before) if "post number 1" in line)
        counts_row = next(n for n, line in enumerate(before) if "↩" in line)
        # the preview sits under the text, above the alt-text lines, PREVIEW_ROWS tall
        assert counts_row - text_row - 1 == PREVIEW_ROWS + 2
        gate.set()
        # both pictures drawn: 24 cells each (2:1, as the server said)
        assert await wait_until(pilot, lambda: line_texts(view, 0)[text_row + 1].count("▀") == 48)
        after = line_texts(view, 0)
        assert view.entries[0].height == height
        assert after[counts_row] == before[counts_row]
        assert picture_rows(view, 0) == list(range(text_row + 1, text_row + 1 + PREVIEW_ROWS))
        # the two pictures side by side, a gap between them
        row = after[text_row + 1]
        assert row.startswith("  " + "▀" * 24 + " " + "▀" * 24)
        assert sorted(fetched(media)) == ["/preview/1-0.png", "/preview/1-1.png"]
        assert "picture 1-0" in "\n".join(after)  # the alt text stays, under the pictures


async def test_only_posts_on_screen_are_fetched(server: MockServer, media: MediaServer) -> None:
    posts = [post_with_media(media, n) for n in range(40)]
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(view.entries) == 40)
        await settle(pilot)
        first = set(fetched(media))
        assert "/preview/0-0.png" in first
        # a post takes ~12 lines with its preview: a 30-line screen shows three or so
        assert len(first) <= 6
        await pilot.press("G")
        await settle(pilot)
        assert await wait_until(pilot, lambda: "/preview/39-0.png" in fetched(media))
        assert len(set(fetched(media))) <= 12  # the last screen, not the 30 posts between
        assert await wait_until(pilot, lambda: len(picture_rows(view, 39)) == PREVIEW_ROWS)


async def test_sensitive_media_is_blurred_until_s_and_not_downloaded(
    server: MockServer, media: MediaServer
) -> None:
    post = post_with_media(media, 1, sensitive=True)
    server.fault(status=200, body=[post], path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        # the blurred stand-in (from the blurhash, no download), with its word over it
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS - 1)
        text = "\n".join(line_texts(view, 0))
        assert "sensitive" in text
        await settle(pilot)
        assert fetched(media) == []
        height = view.entries[0].height
        await pilot.press("s")
        assert await wait_until(pilot, lambda: fetched(media) == ["/preview/1-0.png"])
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS)
        assert "sensitive" not in "\n".join(line_texts(view, 0)).replace("(sensitive)", "")
        assert view.entries[0].height == height
        await pilot.press("s")  # hidden again: the blurred one, still in memory
        await settle(pilot)
        assert "sensitive" in "\n".join(line_texts(view, 0)).replace("(sensitive)", "")


@pytest.mark.parametrize(
    "served",
    [
        Served(png_bytes(300, 200)[:400]),
        Served(b"<html><script>alert(1)</script></html>", "text/html"),
        Served(b"\x89PNG" + b"\0" * 50_000),
        Served(b"", status=404),
    ],
    ids=["truncated", "html", "oversized", "missing"],
)
async def test_a_bad_preview_is_a_quiet_mark_never_a_crash(
    server: MockServer, media: MediaServer, served: Served
) -> None:
    posts = [post_with_media(media, 1), post_with_media(media, 2)]
    media.routes["/preview/1-0.png"] = served
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock", media_max_bytes=20_000)
    async with app.run_test(size=SIZE) as pilot:
        notes = notes_of(app)
        view = home(app)
        assert await wait_until(pilot, lambda: len(picture_rows(view, 1)) == PREVIEW_ROWS)
        await settle(pilot)
        texts = line_texts(view, 0)
        assert picture_rows(view, 0) == []
        assert any("×" in line for line in texts)
        assert "post number 1" in "\n".join(texts)
        assert notes == []  # no bug report: a bad file is not a bug
        await pilot.press("j", "k")
        await settle(pilot)
        assert fetched(media).count("/preview/1-0.png") == 1  # not asked again and again


async def test_previews_in_an_arabic_interface_at_80x24(
    server: MockServer, media: MediaServer
) -> None:
    post = post_with_media(
        media, 1, count=5, sensitive=True, text="صورة من الميناء #ميناء", aspect=None
    )
    server.fault(status=200, body=[post], path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock", language="ar")
    async with app.run_test(size=(80, 24)) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS - 1)
        texts = line_texts(view, 0)
        width = view.content_width
        status = view.entries[0].item
        for shown in (False, True):  # the preview as drawn, before the view crops a line
            drawn = app.previews.lines(status, width, shown=shown, bidi=True)
            assert all(line.cell_len <= width for line in drawn)
        # 4:3 tiles of 16 cells while the shape is unknown: four fit in 76, then "+1",
        # in the interface's digits
        assert any(localize_digits("+1") in line for line in texts)
        assert localize_digits("+1") != "+1"
        # the word over a hidden picture is Arabic, shaped for the screen
        assert not any("sensitive" in line for line in texts)
        await pilot.press("s")
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS)
        assert len(set(fetched(media))) == 4  # the tiles drawn; "+1" is the viewer's (v)


async def test_selecting_a_post_repaints_its_picture_only_in_the_bar(
    server: MockServer, media: MediaServer
) -> None:
    """A picture's lines look the same selected or not (no tint over its colours), so a
    move of the selection sends only the bar of them again, not the picture."""
    posts = [post_with_media(media, 1), post_with_media(media, 2)]
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS)
        row = view._starts[0] + picture_rows(view, 0)[0]  # the first line of the picture
        y = row - view.scroll_offset.y
        selected = list(view.render_line(y))
        assert selected[0].text == "▌ "
        await pilot.press("j")
        await settle(pilot)
        assert view.selected == 1
        unselected = list(view.render_line(y))
        assert unselected[0].text == "  "
        assert selected[1:] == unselected[1:]  # the picture itself is the same
        repainted: list[Any] = []
        original = view.refresh

        def spy(*regions: Any, **kwargs: Any) -> Any:
            repainted.extend(regions)
            return original(*regions, **kwargs)

        view.refresh = spy  # type: ignore[method-assign]
        await pilot.press("k")
        picture = [r for r in repainted if r.y <= y < r.y + r.height]
        assert picture and all(r.width == 2 for r in picture)  # only the bar's cells


async def test_every_picture_that_fits_is_fetched_and_drawn(
    server: MockServer, media: MediaServer
) -> None:
    """Five narrow pictures (servers other than Mastodon allow more than four) fit side by
    side at 100 columns: each is fetched, none stays a placeholder."""
    post = post_with_media(media, 1, count=5, aspect=0.7)  # 8 cells each
    for k in range(5):  # pictures of that shape too
        media.routes[f"/preview/1-{k}.png"] = Served(png_bytes(32, 46, (200, 40, 20)))
    server.fault(status=200, body=[post], path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(set(fetched(media))) == 5)

        def cells() -> int:
            rows = picture_rows(view, 0)
            return line_texts(view, 0)[rows[0]].count("▀") if rows else 0

        assert await wait_until(pilot, lambda: cells() == 5 * 8)
        assert not any("+" in line for line in line_texts(view, 0))


async def test_twelve_pictures_say_plus_n_whole(server: MockServer, media: MediaServer) -> None:
    # at most eight tiles are drawn; what is left is counted, with room kept for all
    # its digits (a 3-cell "+N" cut "+12" to "+1")
    post = post_with_media(media, 1, count=12, aspect=2.5)  # 30 cells: one tile fits
    server.fault(status=200, body=[post], path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=(60, 24)) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS)
        width = view.content_width
        status = view.entries[0].item
        drawn = [line.plain for line in app.previews.lines(status, width, shown=True, bidi=False)]
        assert all(len(line) <= width for line in drawn)
        counted = [line for line in drawn if "+" in line]
        assert len(counted) == 1
        left = int(counted[0].rsplit("+", 1)[1])
        assert left >= 10  # two digits, both shown
        assert len(set(fetched(media))) == 12 - left  # the tiles drawn, no more
        assert any(line.rstrip().endswith(f"+{left}") for line in line_texts(view, 0))


async def test_pictures_of_posts_scrolled_past_quickly_arrive_when_seen_again(
    server: MockServer, media: MediaServer
) -> None:
    # Scrolling through 30 posts of 3 pictures asks for more than are kept waiting (the
    # oldest requests are dropped); the posts seen again must still get theirs, not keep
    # their placeholder for good.
    gate = threading.Event()
    posts = [post_with_media(media, n, count=3) for n in range(30)]
    for served in media.routes.values():
        served.gate = gate
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        assert await wait_until(pilot, lambda: len(view.entries) == 30)
        # (no settle while the pictures are held: it waits for the workers)
        await pilot.press(*["j"] * 29)
        assert await wait_until(pilot, lambda: view.selected == 29)
        await pilot.press(*["k"] * 29)
        assert await wait_until(pilot, lambda: view.selected == 0)
        assert app.previews.asks > 0  # requests were dropped on the way
        gate.set()
        for n in range(3):  # the posts on screen now
            assert await wait_until(pilot, lambda n=n: len(picture_rows(view, n)) == PREVIEW_ROWS)


async def test_a_preview_that_failed_for_a_passing_reason_is_tried_again(
    server: MockServer, media: MediaServer
) -> None:
    posts = [post_with_media(media, 1)]
    busy = Served(b"busy", content_type="text/plain", status=503)
    media.routes["/preview/1-0.png"] = busy
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        view = home(app)
        # 503, then the picture: the first retry gets it
        assert await wait_until(pilot, lambda: fetched(media).count("/preview/1-0.png") >= 1)
        media.routes["/preview/1-0.png"] = Served(png_bytes(64, 32, (20, 200, 40)))
        assert await wait_until(pilot, lambda: len(picture_rows(view, 0)) == PREVIEW_ROWS)
        assert fetched(media).count("/preview/1-0.png") == 2


async def test_a_preview_that_keeps_failing_is_tried_a_few_times_then_marked(
    server: MockServer, media: MediaServer
) -> None:
    posts = [post_with_media(media, 1)]
    media.routes["/preview/1-0.png"] = Served(b"busy", content_type="text/plain", status=503)
    server.fault(status=200, body=posts, path="/api/v1/timelines/home")
    app = make_app(server, inline_images=True, image_protocol="halfblock")
    async with app.run_test(size=SIZE) as pilot:
        notes = notes_of(app)
        view = home(app)
        assert await wait_until(pilot, lambda: any("×" in line for line in line_texts(view, 0)))
        await pilot.press("j", "k")
        await settle(pilot)
        assert fetched(media).count("/preview/1-0.png") == 1 + RETRIES
        assert notes == []  # a busy server is not a bug
