"""One path from text to screen: tootui's sentences and remote text, laid out for bidi.

Every place that shows a remote name, title, tag or text, or one of tootui's own sentences,
outside a post's lines (which ``tootui.render.status`` lays out with the same functions),
builds a ``Text`` and hands it to :class:`DisplayText` (a widget's content or an option's
prompt: wrapped at the widget's real width, then reordered line by line) or to
:func:`display_line` (one line: a status line, a tab, a label).

How a line is laid out (when tootui reorders, ``app.bidi``):

- A sentence takes the direction of the interface language: left to right in English,
  right to left in Arabic, whatever the names inside it are (``base="interface"``, the
  default). A post's text, a bio or the text being typed takes each paragraph's own
  direction (``base="own"``).
- A remote piece put into a sentence (:func:`isolate`, :func:`sentence`) is one bidi
  isolate: it keeps its own order inside, and does not turn the words around it. The
  isolate is a marker span, not a character: the FSI/PDI controls exist only inside the
  layout and never reach the terminal.
- In a sentence, an address, a handle (``@user@host``) or a hashtag is isolated even when
  it was put in with ``str.format`` (most of tootui's messages are made so): it reads
  ``@bob`` in an Arabic sentence, not ``bob@``.
- Text is wrapped in logical order first, then each line is put in display order, so a
  long right-to-left paragraph reads from its first line down, and right-to-left
  paragraphs are right-aligned.

With ``enabled=False`` (a terminal that reorders by itself) the text is shown in logical
order, left-aligned, without any control character.
"""

from __future__ import annotations

import re
from typing import Literal

from rich.cells import cell_len
from rich.style import StyleType
from rich.text import Span, Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import RenderOptions, Visual

from tootui.i18n import current_language
from tootui.render.bidi import (
    ISOLATE,
    Direction,
    layout_paragraphs,
    may_need_reordering,
    paragraph_direction,
    visual_line,
    without_isolates,
)

#: "interface": the interface language's direction; "own": each paragraph's own.
Base = Literal["interface", "own", "ltr", "rtl"]

# Languages written right to left (ISO 639-1/-3 codes a catalog could be named after).
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
)

_FIELD = re.compile(r"\{(\w+)\}")
# Units of a sentence that keep their own order: an address (without the punctuation that
# ends the sentence after it), a handle with its server and port, a hashtag.
_UNITS = re.compile(
    r"https?://\S+?(?=[.,;:!?)\]…»\"'،؛؟]*(?:\s|$))"
    r"|[@#]\w+(?:[.\-]\w+)*(?:@\w+(?:[.\-]\w+)*(?::\d+)?)?"
)
_UNWRAPPED = 1 << 16  # a width no line reaches: each paragraph on one line


def interface_direction() -> Direction:
    """The direction of the interface language's sentences ("rtl" for Arabic)."""
    return "rtl" if current_language() in RTL_LANGUAGES else "ltr"


def isolate(value: str | Text, style: StyleType = "") -> Text:
    """``value`` (already made safe) as one isolated run: laid out in its own direction.

    Use it for a remote name, title or text inside one of tootui's sentences, and for
    each paragraph of a quoted post inside a line.
    """
    text = value.copy() if isinstance(value, Text) else Text(value, style)
    if text.plain:
        text.spans.insert(0, Span(0, len(text.plain), ISOLATE))
    return text


def sentence(template: str, style: StyleType = "", **parts: str | Text) -> Text:
    """Fill a translated ``template``'s ``{name}`` fields, keeping each part a unit.

    A ``Text`` part keeps its spans (an :func:`isolate` stays isolated); a ``str`` part is
    inserted as it is (for numbers and tootui's own words). Braces that are not one of
    ``parts`` stay as written, so remote text in the template cannot be taken for a field.
    """
    text = Text(style=style)
    done = 0
    for field in _FIELD.finditer(template):
        name = field.group(1)
        if name not in parts:
            continue
        text.append(template[done : field.start()])
        part = parts[name]
        if isinstance(part, Text):
            text.append_text(part)
        else:
            text.append(part)
        done = field.end()
    text.append(template[done:])
    return text


def quote(plain: str, limit: int, style: StyleType = "") -> Text:
    """A post's text (already made safe) on one line: each paragraph an isolated run in
    its own direction, the paragraphs in reading order, cut to ``limit`` cells.

    Joining the paragraphs into one run instead would lay a right-to-left post out as a
    whole, its last line first.
    """
    paragraphs = [" ".join(paragraph.split()) for paragraph in plain.split("\n")]
    text = Text(" ", style).join(isolate(p, style) for p in paragraphs if p)
    text.truncate(limit, overflow="ellipsis")
    return text


def base_direction(base: Base) -> Direction | None:
    """The direction for ``base``: None means each paragraph's own."""
    if base == "interface":
        return interface_direction()
    if base == "own":
        return None
    return base


def isolate_units(text: Text) -> Text:
    """``text`` with its addresses, handles and hashtags marked as isolated runs."""
    plain = text.plain
    found = (
        [match.span() for match in _UNITS.finditer(plain)]
        if "@" in plain or "#" in plain or "://" in plain
        else []
    )
    if not found:
        return text
    marked = text.copy()
    marked.spans.extend(Span(start, end, ISOLATE) for start, end in found)
    return marked


def laid_out_lines(
    text: Text, width: int, *, enabled: bool, base: Base = "interface", pad: bool = True
) -> list[Text]:
    """``text`` wrapped to ``width`` cells and each line put in display order.

    With ``pad``, right-to-left lines get spaces on the left, so they end at the right
    edge of ``width``.
    """
    lines: list[Text] = []
    direction = base_direction(base)
    if enabled and (direction == "rtl" or (direction == "ltr" and may_need_reordering(text.plain))):
        text = isolate_units(text)  # in a right-to-left sentence even an address alone
    for line, align in layout_paragraphs(text, width, enabled=enabled, base=direction):
        if pad and align == "right" and line.cell_len < width:
            line = Text(" " * (width - line.cell_len)) + line
        lines.append(line)
    return lines


def display_line(
    text: str | Text, *, enabled: bool, base: Base = "interface", width: int | None = None
) -> Text:
    """One line in display order (not padded): newlines become spaces.

    With ``width``, the logical text is first cut to that many cells with an ellipsis, so
    its start is what stays visible.
    """
    line = Text(text) if isinstance(text, str) else text.copy()
    if "\n" in line.plain:
        line = Text(" ").join(line.split("\n", allow_blank=True))
    if width is not None:
        line.truncate(max(width, 0), overflow="ellipsis")
    if not enabled:
        return without_isolates(line)
    direction = base_direction(base)
    if direction is None:
        return visual_line(line, paragraph_direction(line.plain))
    return visual_line(isolate_units(line), direction)


class DisplayText(Visual):
    """Text for a widget (``Static.update``, an ``Option`` prompt), laid out at its width.

    Made of blocks, each a ``Text`` with its base (a profile: the name line and the
    counts take the interface's direction, the bio its own). ``str()`` gives the text in
    display order, unwrapped, as tests and logs read it.
    """

    def __init__(
        self,
        *blocks: str | Text | tuple[str | Text, Base],
        enabled: bool,
        base: Base = "interface",
    ) -> None:
        self.enabled = enabled
        self.blocks: list[tuple[Text, Base]] = []
        for block in blocks:
            value, block_base = block if isinstance(block, tuple) else (block, base)
            self.blocks.append((Text(value) if isinstance(value, str) else value, block_base))
        self._cache: dict[tuple[int, bool], list[Text]] = {}

    def lines(self, width: int, *, pad: bool = True) -> list[Text]:
        """The lines shown at ``width`` cells (right-to-left ones padded with ``pad``)."""
        key = (width, pad)
        cached = self._cache.get(key)
        if cached is None:
            cached = [
                line
                for text, base in self.blocks
                for line in laid_out_lines(text, width, enabled=self.enabled, base=base, pad=pad)
            ]
            if len(self._cache) > 4:
                self._cache.clear()
            self._cache[key] = cached
        return cached

    def __str__(self) -> str:
        return "\n".join(line.plain for line in self.lines(_UNWRAPPED, pad=False))

    def render_strips(
        self, width: int, height: int | None, style: VisualStyle, options: RenderOptions
    ) -> list[Strip]:
        if width <= 0:
            return []
        content = Content.from_rich_text(Text("\n").join(self.lines(width)))
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((line.cell_len for line in self.lines(_UNWRAPPED, pad=False)), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        words = (word for text, _base in self.blocks for word in text.plain.split())
        return max((cell_len(word) for word in words), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(max(width, 1)))
