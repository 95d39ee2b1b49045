"""The blurred stand-in of a hidden (sensitive) picture, from its ``blurhash``."""

from __future__ import annotations

from PIL import Image

BLUR_SIZE = (32, 24)  # the size it is shown at (scaled up by whoever draws it)
DECODE_SIZE = (16, 12)  # a blurhash holds a few smooth colours: decoded small, then scaled


def blurred_placeholder(blurhash: str | None) -> Image.Image | None:
    """A small blurred picture, or None when there is no (valid) blurhash.

    Decoded in pure Python (the ``blurhash`` package, which Mastodon.py loads anyway), at a
    quarter of the pixels and scaled up, which looks the same: a 9x9-component hash costs
    ~81 cosines a pixel.
    """
    if not blurhash or len(blurhash) > 100:
        return None
    import blurhash as blurhash_lib

    width, height = DECODE_SIZE
    try:
        rows = blurhash_lib.decode(blurhash, width, height)
    except (ValueError, KeyError):  # wrong length, or a character outside base 83
        return None
    data = bytes(channel for row in rows for pixel in row for channel in pixel)
    image = Image.frombytes("RGB", DECODE_SIZE, data)
    return image.resize(BLUR_SIZE, Image.Resampling.BILINEAR)
