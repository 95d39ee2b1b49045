"""Pictures drawn with half-block cells (``▀``: the upper pixel's colour on the lower's),
in as few bytes as a picture allows.

textual-image's own half-block renderable gives every cell its own segment, and every
segment costs a full colour sequence and a reset on the wire. This one first reduces each
colour to what the terminal will be sent (the console's colour system; 32 levels a
channel in true colour), then joins neighbouring cells of the same colours into one
segment: over SSH a 1280x960 photo at 100x30 costs a fraction of the bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PIL import Image as PILImage
from rich.color import Color, ColorSystem
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style

_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}
TRUE_COLOUR_STEP = 8  # 32 levels a channel: neighbours merge, the eye sees no bands on a photo


def _cell_size() -> Any:
    from textual_image._terminal import get_cell_size

    return get_cell_size()


def halfblock_runs(
    image: PILImage.Image, color_system: str | None
) -> Iterator[list[tuple[int, Style]]]:
    """The rows of an RGB picture as half-block cells (two pixel rows a cell row), each
    row as runs of (cells, style) where neighbours of one colour are joined.

    Colours are first reduced to what the terminal will be sent (``color_system`` is a
    Rich console's: "truecolor", "256", "standard", "windows" or None)."""
    width, height = image.width, image.height // 2
    pixels = image.load()
    assert pixels is not None
    system = _SYSTEMS.get(color_system or "")
    colours: dict[tuple[int, int, int], Color] = {}
    # keyed by what reaches the terminal: two colours downgraded to one palette entry
    # are one colour (a Color also keeps the name it was made from)
    styles: dict[tuple[Any, Any], Style] = {}

    def colour(rgb: Any) -> Color:
        key = (rgb[0], rgb[1], rgb[2])
        found = colours.get(key)
        if found is None:
            if system is ColorSystem.TRUECOLOR:
                step = TRUE_COLOUR_STEP
                found = Color.from_rgb(*(min(255, c // step * step + step // 2) for c in key))
            else:
                found = Color.from_rgb(*key)
                if system is not None:
                    found = found.downgrade(system)
            colours[key] = found
        return found

    for y in range(0, height * 2, 2):
        row: list[tuple[int, Style]] = []
        run: Style | None = None
        length = 0
        for x in range(width):
            upper, lower = colour(pixels[x, y]), colour(pixels[x, y + 1])
            key = (upper[1:], lower[1:])  # (type, number, triplet): not the name
            style = styles.get(key)
            if style is None:
                style = styles[key] = Style(color=upper, bgcolor=lower)
            if style is run:
                length += 1
                continue
            if run is not None:
                row.append((length, run))
            run, length = style, 1
        if run is not None:
            row.append((length, run))
        yield row


class HalfblockRenderable:
    """A Rich renderable of a picture as half-block cells, runs of one colour joined."""

    def __init__(
        self, image: PILImage.Image, width: int | str | None = None, height: int | str | None = None
    ) -> None:
        from textual_image._geometry import ImageSize

        self._image = image if image.mode == "RGB" else image.convert("RGB")
        self._size = ImageSize(self._image.width, self._image.height, width, height)

    def cleanup(self) -> None:
        """Nothing to free (the protocol renderables delete their pictures here)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width, height = self._size.get_cell_size(
            options.max_width, options.max_height, _cell_size()
        )
        if width <= 0 or height <= 0:
            return
        scaled = self._image.resize((width, height * 2), PILImage.Resampling.BOX)
        for row in halfblock_runs(scaled, console.color_system):
            for length, style in row:
                yield Segment("▀" * length, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Any:
        from rich.measure import Measurement

        width, _ = self._size.get_cell_size(options.max_width, options.max_height, _cell_size())
        return Measurement(width, width)
