"""The demo world's pictures: tiny PNGs made on the spot, uploaded through the media API.

Uploading over HTTP (mastodon-mock's public interface) means the files really exist on
the demo server and are served like any other media.
"""

from __future__ import annotations

import struct
import zlib
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


def demo_client(base_url: str, token: str, server_version: str | None = None) -> Mastodon:
    """A Mastodon.py client for one demo account.

    Given the ``server_version`` the mock reports, Mastodon.py does not ask for it (one
    request per client, before its first upload).
    """
    from mastodon import Mastodon  # only to seed a world, or for tests: not from a snapshot

    return Mastodon(
        api_base_url=base_url,
        access_token=token,
        version_check_mode="none",
        mastodon_version=server_version,
        request_timeout=10,
    )


def upload_media(
    base_url: str, tokens: dict[str, str], plan: WorldPlan, server_version: str | None = None
) -> dict[str, list[int]]:
    """Upload one small PNG per image of the showcase posts; return ref -> media ids.

    Generated filler posts reuse these files (see ``mock_internals.seed_world``), so the
    number of HTTP requests stays small however many posts the world has.
    """
    uploads: dict[str, list[int]] = {}
    clients: dict[str, Mastodon] = {}
    count = 0
    for post in plan.posts:
        if not post.media or post.ref.startswith("gen"):
            continue
        api = clients.get(post.author)
        if api is None:
            api = clients[post.author] = demo_client(base_url, tokens[post.author], server_version)
        ids: list[int] = []
        for alt in post.media:
            rgb, stripe = _PALETTE[count % len(_PALETTE)]
            count += 1
            media = api.media_post(
                tiny_png(64, 48, rgb, stripe),
                mime_type="image/png",
                description=alt,
                file_name=f"{post.ref}.png",
            )
            ids.append(int(media["id"]))
        uploads[post.ref] = ids
    return uploads
