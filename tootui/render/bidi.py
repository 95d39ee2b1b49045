"""Right-to-left text for terminals that show characters in memory order.

Most terminals draw Arabic, Hebrew, Persian and Urdu left to right with unjoined letters.
This module shapes Arabic-script letters into their joined presentation forms
(arabic-reshaper), reorders each wrapped line into visual order (python-bidi) and carries
every character's rich style along, so links, mentions and hashtags stay styled.

How the logical -> visual map is obtained: python-bidi 0.6 only exposes ``get_display``
and ``get_base_level``, but ``get_display(..., debug=True)`` returns the Rust crate's
``BidiInfo``, whose ``levels`` and ``original_classes`` are the resolved embedding levels
and bidi classes (one per UTF-8 byte). We read those, then apply the line rules ourselves:
L1 (trailing whitespace back to the paragraph level), L2 (reverse runs from the highest
level down), L3 (marks, variation selectors and emoji modifiers follow their base again,
as terminals expect) and L4 (mirror brackets at odd levels; ``get_display`` does not).
The result equals ``get_display`` on the same line except for L3/L4, tabs, and zero-width
BN characters at a line end, which we reset as UAX #9 section 5.2 says. If the debug
output cannot be read (it is Rust's Debug format, so a python-bidi upgrade could change
it), the line is still shown in visual order from ``get_display``, only without styles.

Spans whose style carries a link (mentions, hashtags, URLs), and spans marked with
``ISOLATE`` (a name or a remote title that tootui put into one of its own sentences), are
wrapped in FSI..PDI before the bidi pass, so each is laid out as a unit in its own
direction. The isolates are added here, after the remote text was sanitised (which removes
every bidi control), and like every bidi control they are dropped from what is shown.

Shaping: we use arabic-reshaper's defaults (harakat deleted, lam-alef ligatures on) except
the word ligature for "Allah" (U+FDF2), which many terminal fonts lack. Ligatures shorten
the string; the reshaped text is aligned back to the original through each character's
compatibility decomposition (NFKC); if that fails we shape without ligatures, and if that
fails too the line is shown unshaped.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Literal

import arabic_reshaper
from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED
from rich.console import Console
from rich.style import Style
from rich.text import Span, Text

Direction = Literal["ltr", "rtl"]
Alignment = Literal["left", "right"]
BidiSetting = Literal["auto", "on", "off"]

# A superset of every code point whose bidi class is R, AL or AN (UCD DerivedBidiClass
# blocks), plus RLM and the controls that can turn Latin text around (RLE, RLO, RLI, FSI).
# A false positive only costs a slower path; the library then decides.
_NEEDS_BIDI = re.compile(
    "[\u0590-\u08ff\u200f\u202b\u202e\u2067\u2068\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
# Letters that arabic-reshaper knows how to join (Arabic, Persian, Urdu, Kurdish).
_LETTER_CLASS = "[\u0620-\u06ff\u0750-\u077f\u08a0-\u08ff]"
_ARABIC_LETTERS = re.compile(_LETTER_CLASS)
# A stretch of Arabic script, with the spaces, marks and joiners inside it.
_ARABIC_RUN = re.compile(
    f"{_LETTER_CLASS}(?:[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u200c\u200d ]*{_LETTER_CLASS})?"
)
# Explicit directional formatting characters: they have done their work once the line is
# in visual order, and a terminal may draw them as boxes, so they are dropped from output.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Characters dropped by shaping (harakat, tatweel, ZWJ) are the only ones allowed to vanish.
_DROPPABLE_CATEGORIES = frozenset({"Mn", "Me", "Cf"})

_ZWJ = "\u200d"
_FSI = "\u2068"
_PDI = "\u2069"
_MARK_CATEGORIES = frozenset({"Mn", "Me"})

_LEVELS_RE = re.compile(r"\blevels:\s*\[([^\]]*)\]")
_CLASSES_RE = re.compile(r"\boriginal_classes:\s*\[([^\]]*)\]")
# Classes that rule L1 resets to the paragraph level when they end a line or precede a
# segment/paragraph separator. Classes removed by rule X9 travel with such runs.
_L1_SEPARATORS = frozenset({"S", "B"})
_L1_WHITESPACE = frozenset({"WS", "FSI", "LRI", "RLI", "PDI"})
_X9_REMOVED = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})

_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": True, "ARABIC LIGATURE ALLAH": False}
)
# arabic-reshaper places ligatures at the wrong index when a ZWJ precedes them (and can
# raise IndexError); a reshaper without ligatures is the fallback for such lines.
_RESHAPER_NO_LIGATURES = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": True, "support_ligatures": False}
)

#: VTE releases from 0.58 on reorder text themselves by default (see resolve_bidi_setting).
VTE_BIDI_MIN_VERSION = 5800

#: The style of a span that marks one isolated run (a name inside a sentence). It draws
#: nothing: it only tells the layout to wrap that range in FSI..PDI, and it is removed
#: from every laid-out line. Spans survive wrapping, so a run split over two lines stays
#: isolated on each. The meta makes the style non-null (rich drops null styles).
ISOLATE = Style(meta={"tootui.bidi": "isolate"})


def paragraph_direction(text: str) -> Direction:
    """Return the base direction of the first paragraph of ``text``.

    Rules P2/P3 of the Unicode bidi algorithm (first strong character, isolates skipped),
    as computed by python-bidi. Text with no strong character is "ltr".
    """
    if not _NEEDS_BIDI.search(text):
        return "ltr"
    try:
        level: int = get_base_level(text)
    except ValueError:  # python-bidi raises for text with no paragraph at all
        return "ltr"
    return "rtl" if level % 2 else "ltr"


def visual_line(line: Text, base: Direction) -> Text:
    """Return one already-wrapped logical ``line`` in visual (display) order.

    Arabic-script letters are shaped into presentation forms, runs are reordered for the
    paragraph direction ``base``, brackets in right-to-left runs are mirrored, and every
    character keeps the style it had. Spans whose style carries a link (mentions, hashtags,
    URLs) are laid out as bidi isolates, so "#Python" inside Arabic text stays "#Python"
    instead of becoming "Python#", and "@user@host" keeps its "@" in front. A left-to-right line with nothing that could need
    reordering is returned as is (the same object).
    """
    plain = line.plain
    if base == "ltr" and not _NEEDS_BIDI.search(plain):
        return without_isolates(line)
    if not plain:
        return without_isolates(line.copy())
    logical, logical_origin = _isolate_links(plain, line.spans)
    shaped, shaped_origin = _shape(logical)
    order = _visual_order(shaped, base)
    if order is None:
        return _unstyled_display(line, shaped, base)
    chars: list[str] = []
    sources: list[int] = []
    for index, level in order:
        char = shaped[index]
        if char in _BIDI_CONTROLS:
            continue
        chars.append(MIRRORED.get(char, char) if level % 2 else char)
        sources.append(logical_origin[shaped_origin[index]])
    result = line.blank_copy("".join(chars))
    result.spans = _move_spans([s for s in line.spans if s.style is not ISOLATE], sources)
    return result


def without_isolates(text: Text) -> Text:
    """``text`` without ``ISOLATE`` marker spans (the same object if it has none)."""
    if not any(span.style is ISOLATE for span in text.spans):
        return text
    bare = text.copy()
    bare.spans = [span for span in text.spans if span.style is not ISOLATE]
    return bare


def layout_paragraphs(
    text: Text, width: int, *, enabled: bool, base: Direction | None = None
) -> list[tuple[Text, Alignment]]:
    """Split ``text`` on newlines, wrap each paragraph to ``width`` cells, reorder lines.

    Each paragraph gets ``base`` as its direction, or with ``base=None`` its own (a post's
    text: rules P2/P3, per paragraph, never for the text as a whole); the logical text is wrapped first (wide
    characters count as two cells) and every wrapped line is then put in visual order.
    Lines are not padded: the alignment to use is returned next to each line ("right" for
    right-to-left paragraphs). With ``enabled=False`` (a terminal that reorders by
    itself) lines stay in logical order and left-aligned. Trailing whitespace is removed
    from wrapped lines.
    """
    console = _wrap_console()
    laid_out: list[tuple[Text, Alignment]] = []
    for paragraph in text.split("\n", allow_blank=True):
        direction: Direction = "ltr"
        if enabled:
            direction = base or paragraph_direction(paragraph.plain)
        align: Alignment = "right" if direction == "rtl" else "left"
        for wrapped in paragraph.wrap(console, max(width, 1), justify="default"):
            wrapped.rstrip()
            shown = visual_line(wrapped, direction) if enabled else without_isolates(wrapped)
            laid_out.append((shown, align))
    return laid_out


def may_need_reordering(text: str) -> bool:
    """Whether ``text`` holds right-to-left characters (a cheap test; LTR text is False)."""
    return _NEEDS_BIDI.search(text) is not None


def visual_string(s: str, width: int | None = None, *, base: Direction | None = None) -> str:
    """Return a single-line string (display name, content warning, poll option) in visual order.

    The direction is ``base``, or the text's own (its first strong letter) without it. A
    sentence of the interface takes the interface's (``tootui.render.display``). With
    ``width``, the logical text is first cut to that many cells with an ellipsis, so the
    start of the text is what stays visible. Newlines become spaces.
    """
    text = Text(s.replace("\n", " "))
    if width is not None:
        text.truncate(max(width, 0), overflow="ellipsis")
    return visual_line(text, base or paragraph_direction(text.plain)).plain


def resolve_bidi_setting(setting: BidiSetting, environ: Mapping[str, str]) -> bool:
    """Return True if tootui should reorder right-to-left text itself.

    "on" and "off" are obeyed. "auto" turns our reordering off in terminals that already
    apply the bidi algorithm to what they draw, because reordering twice shows the text
    backwards again:

    - VTE (GNOME Terminal, Tilix, xfce4-terminal, ...): since VTE 0.57.3/0.58 its
      default "implicit" mode reorders and shapes every line, unless an application
      switches it off with ``CSI 8 l``. So we defer from ``VTE_VERSION`` 5800 on, not
      only from 0.76; a user who turned VTE's BiDi off sets ``bidi = "on"``.
    - Konsole (``KONSOLE_VERSION``) and mlterm (``MLTERM``) always reorder.
    - macOS Terminal.app (``TERM_PROGRAM=Apple_Terminal``) reorders too.

    Everywhere else (xterm, kitty, Alacritty, WezTerm, Windows Terminal, ...) we reorder.
    """
    if setting == "on":
        return True
    if setting == "off":
        return False
    if setting != "auto":
        raise ValueError(f"bidi must be 'auto', 'on' or 'off', not {setting!r}")
    vte = environ.get("VTE_VERSION", "").strip()
    if vte.isdigit() and int(vte) >= VTE_BIDI_MIN_VERSION:
        return False
    if environ.get("KONSOLE_VERSION") or environ.get("MLTERM"):
        return False
    return environ.get("TERM_PROGRAM") != "Apple_Terminal"


def _isolate_links(plain: str, spans: Sequence[Span]) -> tuple[str, Sequence[int]]:
    """Wrap each linked or ``ISOLATE`` range in FSI..PDI; return the text and, per char, its
    index in ``plain``.

    Inserted isolates get index -1; they are bidi controls, so they never reach the output.
    """
    ranges = sorted(
        (max(span.start, 0), min(span.end, len(plain)))
        for span in spans
        if isinstance(span.style, Style)
        and (span.style is ISOLATE or span.style.link)
        and span.start < span.end
    )
    if not ranges:
        return plain, range(len(plain))
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    origin: list[int] = []
    done = 0
    for start, end in merged:
        pieces += [plain[done:start], _FSI, plain[start:end], _PDI]
        origin += [*range(done, start), -1, *range(start, end), -1]
        done = end
    pieces.append(plain[done:])
    origin += range(done, len(plain))
    return "".join(pieces), origin


@lru_cache(maxsize=1024)
def _shape(plain: str) -> tuple[str, Sequence[int]]:
    """Join Arabic letters; return the shaped text and, per shaped char, its source index.

    Only runs of Arabic script (with the spaces and joiners inside them) go through the
    reshaper: it deletes every ZWJ, which would split emoji sequences such as 👩‍💻.
    """
    if not _ARABIC_LETTERS.search(plain):
        return plain, range(len(plain))
    pieces: list[str] = []
    origin: list[int] = []
    done = 0
    for run in _ARABIC_RUN.finditer(plain):
        start, end = run.span()
        pieces.append(plain[done:start])
        origin += range(done, start)
        shaped, run_origin = _shape_run(run.group())
        pieces.append(shaped)
        origin += (start + index for index in run_origin)
        done = end
    pieces.append(plain[done:])
    origin += range(done, len(plain))
    return "".join(pieces), tuple(origin)


def _shape_run(run: str) -> tuple[str, Sequence[int]]:
    """Shape one run of Arabic script, falling back to no ligatures, then to no shaping."""
    for reshaper in (_RESHAPER, _RESHAPER_NO_LIGATURES):
        try:
            shaped: str = reshaper.reshape(run)
        except IndexError:
            continue
        origin = _align(run, shaped)
        if origin is not None:
            return shaped, origin
    return run, range(len(run))


def _align(source: str, shaped: str) -> list[int] | None:
    """Map each char of ``shaped`` to the first ``source`` char it was made from.

    Shaping replaces a letter by a presentation form (same NFKC), merges letters into a
    ligature (NFKC gives them back) or drops marks and joiners. None if the two texts do
    not line up that way.
    """
    origin: list[int] = []
    i = 0
    size = len(source)
    for char in shaped:
        while i < size and source[i] != char and _is_dropped(source[i], char):
            i += 1
        if i < size and source[i] == char:
            origin.append(i)
            i += 1
            continue
        target = unicodedata.normalize("NFKC", char)
        consumed = ""
        start = -1
        while consumed != target:
            if i >= size:
                return None
            piece = unicodedata.normalize("NFKC", source[i])
            if piece and target.startswith(consumed + piece):
                if start < 0:
                    start = i
                consumed += piece
            elif not _is_droppable(source[i]):
                return None
            i += 1
        origin.append(start)
    if any(not _is_droppable(rest) for rest in source[i:]):
        return None
    return origin


def _is_droppable(char: str) -> bool:
    return char == "\u0640" or unicodedata.category(char) in _DROPPABLE_CATEGORIES


def _is_dropped(char: str, next_shaped: str) -> bool:
    """True if ``char`` is a mark or joiner that shaping removed before ``next_shaped``."""
    return _is_droppable(char) and unicodedata.normalize("NFKC", next_shaped) != char


def _visual_order(shaped: str, base: Direction) -> list[tuple[int, int]] | None:
    """Return (logical index, level) pairs in visual order, or None if levels are unknown."""
    analysed = _levels_and_classes(shaped, base)
    if analysed is None:
        return None
    levels = list(analysed[0])
    classes = analysed[1]
    paragraph_level = 1 if base == "rtl" else 0
    _apply_l1(levels, classes, paragraph_level)
    order = list(range(len(shaped)))
    odd_levels = [level for level in levels if level % 2]
    if odd_levels:
        lowest_odd = min(odd_levels)
        visual_levels = list(levels)
        for level in range(max(levels), lowest_odd - 1, -1):  # rule L2
            start = 0
            while start < len(order):
                if visual_levels[start] < level:
                    start += 1
                    continue
                end = start
                while end < len(order) and visual_levels[end] >= level:
                    end += 1
                order[start:end] = order[start:end][::-1]
                visual_levels[start:end] = visual_levels[start:end][::-1]
                start = end
    _apply_l3(order, shaped)
    return [(index, levels[index]) for index in order]


def _apply_l3(order: list[int], shaped: str) -> None:
    """Rule L3: put marks back after their base where L2 reversed them.

    Terminals attach a combining mark, variation selector or emoji modifier to the cell
    before it, so in a reversed run "mark, base" must become "base, mark" again.
    """
    position = 0
    while position < len(order):
        end = position
        while (
            end + 1 < len(order)
            and order[end + 1] == order[end] - 1
            and _attaches_to_previous(shaped, order[end])
        ):
            end += 1
        if end > position:
            order[position : end + 1] = order[position : end + 1][::-1]
        position = end + 1


def _attaches_to_previous(text: str, index: int) -> bool:
    """True if ``text[index]`` is drawn in the same cell as the character before it.

    That is a combining mark or variation selector, an emoji skin-tone modifier, or a
    part of an emoji ZWJ sequence (the ZWJ and the emoji after it).
    """
    char = text[index]
    if unicodedata.category(char) in _MARK_CATEGORIES or "\U0001f3fb" <= char <= "\U0001f3ff":
        return True
    if char == _ZWJ:
        return index + 1 < len(text) and unicodedata.category(text[index + 1]) == "So"
    return index > 0 and text[index - 1] == _ZWJ and unicodedata.category(char) == "So"


@lru_cache(maxsize=1024)
def _levels_and_classes(
    shaped: str, base: Direction
) -> tuple[tuple[int, ...], tuple[str, ...]] | None:
    """Per-character resolved levels and original classes, read from python-bidi's debug output.

    The Rust crate reports one entry per UTF-8 byte; the entry of a character's first byte
    is its own. None if the output does not have the expected shape.
    """
    info = get_display(shaped, base_dir="R" if base == "rtl" else "L", debug=True)
    if not isinstance(info, str):
        return None
    levels_match = _LEVELS_RE.search(info)
    classes_match = _CLASSES_RE.search(info)
    if levels_match is None or classes_match is None:
        return None
    byte_levels = re.findall(r"\d+", levels_match.group(1))
    byte_classes = re.findall(r"[A-Z]+", classes_match.group(1))
    encoded = shaped.encode("utf-8")
    if len(byte_levels) != len(encoded) or len(byte_classes) != len(encoded):
        return None
    starts = [index for index, byte in enumerate(encoded) if byte & 0xC0 != 0x80]
    return (
        tuple(int(byte_levels[start]) for start in starts),
        tuple(byte_classes[start] for start in starts),
    )


def _apply_l1(levels: list[int], classes: Sequence[str], paragraph_level: int) -> None:
    """Rule L1: separators, and whitespace before them or at line end, get the base level."""
    run_start: int | None = None
    previous = paragraph_level
    for index, bidi_class in enumerate(classes):
        if bidi_class in _X9_REMOVED:
            levels[index] = previous
            if run_start is None:
                run_start = index
        elif bidi_class in _L1_WHITESPACE:
            if run_start is None:
                run_start = index
        elif bidi_class in _L1_SEPARATORS:
            for reset in range(index if run_start is None else run_start, index + 1):
                levels[reset] = paragraph_level
            run_start = None
        else:
            run_start = None
        previous = levels[index]
    if run_start is not None:
        for reset in range(run_start, len(levels)):
            levels[reset] = paragraph_level


def _move_spans(spans: Sequence[Span], sources: Sequence[int]) -> list[Span]:
    """Re-express logical spans over the visual text; ``sources[k]`` is char k's origin."""
    moved: list[Span] = []
    for span in spans:
        start = -1
        for position, source in enumerate(sources):
            inside = span.start <= source < span.end
            if inside and start < 0:
                start = position
            elif not inside and start >= 0:
                moved.append(Span(start, position, span.style))
                start = -1
        if start >= 0:
            moved.append(Span(start, len(sources), span.style))
    return moved


def _unstyled_display(line: Text, shaped: str, base: Direction) -> Text:
    """Fallback when levels cannot be read: the library's visual order, base style only."""
    display = get_display(shaped, base_dir="R" if base == "rtl" else "L")
    plain = display if isinstance(display, str) else shaped
    return line.blank_copy("".join(char for char in plain if char not in _BIDI_CONTROLS))


@lru_cache(maxsize=1)
def _wrap_console() -> Console:
    """A console for Text.wrap, which only needs one for justification we do not use."""
    return Console(file=io.StringIO(), width=80, color_system=None, legacy_windows=False)
