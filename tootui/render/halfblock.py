"""Pictures drawn with half-block cells (``▀``: the upper pixel's colour on the lower's),
in as few bytes as a picture allows.

textual-image's own half-block renderable gives every cell its own segment, and every
segment costs a full colour sequence and a reset on the wire. This one first reduces each
colour to what the terminal will be sent (the console's colour system, its palette in
Pillow's C code; 32 levels a channel in true colour), then joins neighbouring cells of the same colours into one
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
    Rich console's: "truecolor", "256", "standard", "windows" or None), by Pillow in C:
    a photo has thousands of colours, and Rich's own ``Color.downgrade`` costs ~20 µs
    each (over 100 ms for one 100x30 screen)."""
    width, height = image.width, image.height // 2
    system = _SYSTEMS.get(color_system or "")
    palette = _palette(system)
    if palette is not None:
        reduced = image.quantize(palette=palette[0], dither=PILImage.Dither.NONE)
        colours: Any = palette[1]
    else:
        if system is ColorSystem.TRUECOLOR:
            step = TRUE_COLOUR_STEP
            image = image.point(lambda c: min(255, c // step * step + step // 2))
        reduced = image
        colours = _RgbColours()
    pixels = reduced.load()
    assert pixels is not None
    styles: dict[tuple[Any, Any], Style] = {}
    for y in range(0, height * 2, 2):
        row: list[tuple[int, Style]] = []
        run: Style | None = None
        length = 0
        for x in range(width):
            key = (pixels[x, y], pixels[x, y + 1])
            style = styles.get(key)
            if style is None:
                style = styles[key] = Style(color=colours[key[0]], bgcolor=colours[key[1]])
            if style is run:
                length += 1
                continue
            if run is not None:
                row.append((length, run))
            run, length = style, 1
        if run is not None:
            row.append((length, run))
        yield row


class _RgbColours(dict[Any, Color]):
    """Colours by RGB triplet, made on first use."""

    def __missing__(self, rgb: Any) -> Color:
        colour = self[rgb] = Color.from_rgb(rgb[0], rgb[1], rgb[2])
        return colour


_PALETTES: dict[ColorSystem, tuple[PILImage.Image, list[Color]]] = {}


def _palette(system: ColorSystem | None) -> tuple[PILImage.Image, list[Color]] | None:
    """For a terminal of fixed colours: a Pillow palette image of them, and the Rich colour
    of each index. The 256-colour one holds the colour cube and the greys (16-255), as
    Rich's own downgrade does; the 16 system colours are each terminal's own."""
    if system not in (ColorSystem.EIGHT_BIT, ColorSystem.STANDARD, ColorSystem.WINDOWS):
        return None
    found = _PALETTES.get(system)
    if found is None:
        from rich._palettes import EIGHT_BIT_PALETTE, STANDARD_PALETTE, WINDOWS_PALETTE

        if system is ColorSystem.EIGHT_BIT:
            first, triplets = 16, EIGHT_BIT_PALETTE._colors[16:]
        else:
            source = STANDARD_PALETTE if system is ColorSystem.STANDARD else WINDOWS_PALETTE
            first, triplets = 0, source._colors
        flat = [channel for triplet in triplets for channel in triplet]
        flat += flat[-3:] * (256 - len(triplets))  # Pillow wants 256 entries
        image = PILImage.new("P", (1, 1))
        image.putpalette(flat)
        colours = [Color.from_ansi(first + n) for n in range(len(triplets))]
        colours += [colours[-1]] * (256 - len(colours))
        found = _PALETTES[system] = (image, colours)
    return found


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
