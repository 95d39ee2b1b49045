"""The blurred stand-in of a hidden (sensitive) picture, from its ``blurhash``."""

from __future__ import annotations

from PIL import Image

BLUR_SIZE = (32, 24)  # a blurhash holds a few colours; more pixels only cost time


def blurred_placeholder(blurhash: str | None) -> Image.Image | None:
    """A small blurred picture, or None when there is no (valid) blurhash."""
    if not blurhash or len(blurhash) > 100:
        return None
    import blurhash as blurhash_lib

    try:
        image: Image.Image = blurhash_lib.decode(blurhash, *BLUR_SIZE)
    except (ValueError, blurhash_lib.BlurhashDecodeError):
        return None
    return image.convert("RGB")
