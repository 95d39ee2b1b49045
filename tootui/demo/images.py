"""The demo world's pictures: tiny PNGs made on the spot, and a client for demo accounts.

The pictures are stored as mastodon-mock stores an upload (``mock_internals``), so the
files really exist on the demo server and are served like any other media.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tootui.demo.world import WorldPlan

if TYPE_CHECKING:
    from mastodon import Mastodon

_PALETTE = (
    ((96, 125, 139), (236, 239, 241)),
    ((200, 140, 70), (90, 50, 20)),
    ((40, 60, 110), (250, 210, 120)),
    ((120, 170, 120), (30, 60, 30)),
)


def tiny_png(
    width: int, height: int, rgb: tuple[int, int, int], stripe: tuple[int, int, int]
) -> bytes:
    """A small valid PNG: a solid colour with a diagonal stripe, made without any library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(stripe if abs(x - y * width // height) < 3 else rgb)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def demo_client(base_url: str, token: str) -> Mastodon:
    """A Mastodon.py client for one demo account (``DemoServer.post_as``)."""
    from mastodon import Mastodon  # only for posts made as someone else (tests)

    return Mastodon(
        api_base_url=base_url,
        access_token=token,
        version_check_mode="none",
        request_timeout=10,
    )


@dataclass(frozen=True)
class Picture:
    """One picture of a showcase post: its PNG bytes and alt text (None: without)."""

    png: bytes
    description: str | None


def showcase_pictures(plan: WorldPlan) -> dict[str, list[Picture]]:
    """One small PNG per image of the showcase posts, by post ref.

    Generated filler posts reuse these files (see ``mock_internals.seed_world``), so the
    world holds a handful of files however many posts it has.
    """
    pictures: dict[str, list[Picture]] = {}
    count = 0
    for post in plan.posts:
        if not post.media or post.ref.startswith("gen"):
            continue
        files = pictures[post.ref] = []
        for alt in post.media:
            rgb, stripe = _PALETTE[count % len(_PALETTE)]
            count += 1
            files.append(Picture(tiny_png(64, 48, rgb, stripe), alt))
    return pictures
