"""A timeline of posts or notifications, drawn line by line.

``TimelineView`` is a Line API widget: it keeps every entry's height (measured once per
entry and width) and a prefix sum of them, plus the rendered strips of the most recently
drawn entries (a bounded LRU), so drawing a screen line is a binary search plus a lookup,
and memory does not grow with strips for every loaded post. When everything is laid out
afresh (new entries, a new width) only the entries down to a screenful below the
selection are measured before the next frame, the rest right after it (or at once when
something needs them sooner): a start from the cache draws its first screen sooner.

Moving the selection repaints only the two entries involved; when it leaves the view,
the view jumps so the selection sits near the top (like a pager), so most presses need
no full repaint. Its cost per key press does not grow with the number of entries.

It never talks to the network: it asks for more by posting ``LoadOlder``/``LoadNewer``
and is given entries by its screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tootui.context import bidi_enabled, previews_of
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import display_line

T = TypeVar("T")

GUTTER = 2  # the selection bar and a space
STRIP_CACHE_SIZE = 120
"""Entries whose rendered strips are kept (~24 screens); the others keep only a height."""


@dataclass(eq=False)
class Entry(Generic[T]):
    """One row of a timeline: an item, its id, its height and its rendering (on demand)."""

    key: str
    item: T
    revealed: bool = False
    strips: list[Strip] | None = field(default=None, repr=False)
    height: int = 0  # lines at the current width, the gap included; 0 = not measured
    # The previews' ``asks`` when the entry, as rendered now, last asked for its pictures
    # (-1: not since it was rendered; see render_line).
    asked: int = -1
    # Lines that look the same selected or not but for the bar: a picture's (their own
    # background colours); None when there are none. Kept with the height.
    fixed: frozenset[int] | None = None


class TimelineView(ScrollView, Generic[T], can_focus=True):
    """A scrolling list of rendered entries with one selected."""

    HELP_SECTION = HelpSection(N_("Moving around"), 50)

    DEFAULT_CSS = """
    TimelineView {
        width: 1fr;
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
    }
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", _("Next"), id="timeline.down"),
        Binding("k,up", "cursor_up", _("Previous"), id="timeline.up"),
        Binding(
            "pagedown,ctrl+f,space",
            "page_down",
            _("Page down"),
            show=False,
            id="timeline.page_down",
        ),
        Binding("pageup,ctrl+b", "page_up", _("Page up"), show=False, id="timeline.page_up"),
        Binding("home", "first", _("First"), show=False, id="timeline.first"),
        Binding("end,G", "last", _("Last"), show=False, id="timeline.last"),
        Binding("s", "toggle_reveal", _("Show/hide CW"), id="timeline.reveal"),
    ]

    # repaint=False: a move repaints only the two entries involved (see watch_selected)
    selected: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)

    class _TimelineMessage(Message):
        """A message about one timeline (its ``control``)."""

        def __init__(self, timeline: TimelineView[Any]) -> None:
            super().__init__()
            self.timeline = timeline

        @property
        def control(self) -> TimelineView[Any]:
            return self.timeline

    class Selected(_TimelineMessage):
        """The selection moved to an entry."""

        def __init__(self, timeline: TimelineView[Any], entry: Entry[Any]) -> None:
            super().__init__(timeline)
            self.entry = entry

    class LoadOlder(_TimelineMessage):
        """The reader reached the end: the screen should fetch older entries."""

    class LoadNewer(_TimelineMessage):
        """The reader reached the top and asked for newer entries."""

    def __init__(
        self,
        render: Callable[[T, int, bool], list[Strip]],
        *,
        empty_text: str = "",
        strip_cache_size: int = STRIP_CACHE_SIZE,
        revealable: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._render_entry = render
        self.entries: list[Entry[T]] = []
        self._index: dict[str, int] = {}
        self._starts: list[int] = []  # first virtual line of each entry
        self._total = 0
        self._width = 0
        self._gap = Strip.blank(0)  # the quiet line between entries, one for all
        self._drawn: OrderedDict[Entry[T], None] = OrderedDict()  # entries holding strips
        self._frontier = 0  # entries before this index are measured; the rest estimated
        self._strip_cache_size = max(1, strip_cache_size)
        self.empty_text = empty_text
        # False for a list of rows that are no posts (accounts, lists, hashtags): nothing
        # there hides behind a warning, so ``s`` is neither offered nor acts.
        self.revealable = revealable
        self.loading_older = False
        self.exhausted = False  # nothing older to load
        # paging cursors the screen keeps with its view (query parameters for the API)
        self.older_cursor: Mapping[str, str] | None = None
        self.newer_cursor: Mapping[str, str] | None = None
        # Inline previews (tootui.render.previews), told when an entry is first drawn on
        # screen so that only what is seen is fetched. None: off.
        self._previews: Any = None

    # --- data ---------------------------------------------------------------------------

    @property
    def current(self) -> Entry[T] | None:
        if 0 <= self.selected < len(self.entries):
            return self.entries[self.selected]
        return None

    def index_of(self, key: str) -> int | None:
        return self._index.get(key)

    def set_entries(self, items: Iterable[tuple[str, T]], *, select_key: str | None = None) -> None:
        """Replace everything (first load, or a cache refreshed)."""
        self.entries = [Entry(key, item) for key, item in items]
        self._drawn.clear()
        self._reindex()
        target = self._index.get(select_key, 0) if select_key else 0
        self.set_reactive(TimelineView.selected, min(target, max(0, len(self.entries) - 1)))
        self._relayout()
        self.scroll_to(y=self._top_of_selected(), animate=False, immediate=True)
        self.refresh()
        self._announce()

    def append(self, items: Sequence[tuple[str, T]]) -> int:
        """Add older entries at the end, skipping ones already shown. Returns how many."""
        fresh = [Entry(k, v) for k, v in items if k not in self._index]
        if not fresh:
            return 0
        self.entries.extend(fresh)
        self._reindex()
        self._relayout(keep_strips=True)  # only the new entries are measured
        self.refresh()
        return len(fresh)

    def prepend(self, items: Sequence[tuple[str, T]]) -> int:
        """Add newer entries on top. Returns how many were new.

        The reader's entry stays selected. A reader at the very top (the first line on
        screen) sees the new entries come in above it; anywhere else nothing on screen
        moves, and the new entries wait above (``g g``, ``k`` reach them).
        """
        fresh = [Entry(k, v) for k, v in items if k not in self._index]
        if not fresh:
            return 0
        was_empty = not self.entries
        anchor = None if self.at_top else self._anchor()
        self.entries[:0] = fresh
        self._reindex()
        self._relayout(keep_strips=True)
        # into an empty view the newest entry is selected; else the reader's entry stays
        self.set_reactive(TimelineView.selected, 0 if was_empty else self.selected + len(fresh))
        self._restore(anchor)
        self.refresh()
        return len(fresh)

    @property
    def at_top(self) -> bool:
        """Whether the first entry's first line is on screen."""
        return self.scroll_offset.y == 0

    def go_to_first(self) -> None:
        """Select the first entry and show it from its first line."""
        if self.selected != 0:
            self.selected = 0
        self.scroll_to(y=0, animate=False, immediate=True)

    def replace(self, key: str, item: T) -> None:
        """Show a changed entry (edited post, new counts) in place."""
        index = self._index.get(key)
        if index is None:
            return
        entry = self.entries[index]
        entry.item = item
        old_height = entry.height
        self._forget(entry)
        if self._height_of(index) != old_height:
            anchor = self._anchor()  # a taller post above the screen moves nothing on it
            self._relayout(keep_strips=True)
            self._restore(anchor)
            self.refresh()
        else:
            self._refresh_entry(index)

    def remove_entry(self, key: str) -> None:
        index = self._index.get(key)
        if index is None:
            return
        anchor = self._anchor()
        self._forget(self.entries.pop(index))
        if index < self.selected:  # the reader's entry stays selected
            self.set_reactive(TimelineView.selected, self.selected - 1)
        self._reindex()
        self._relayout(keep_strips=True)
        self._restore(anchor)
        self.refresh()

    def redraw_items(self, matches: Callable[[T], bool]) -> None:
        """Draw again the entries whose item ``matches`` (a picture of theirs arrived).

        Only entries holding strips are looked at (at most ``strip_cache_size``): the others
        are drawn afresh when they are next needed anyway. A preview keeps its height when
        its picture arrives, so nothing on screen moves; should an entry's height change
        all the same, the line on the screen's top stays where it is."""
        anchor = self._anchor()
        moved = False
        for entry in [e for e in self._drawn if matches(e.item)]:
            index = self._index.get(entry.key)
            if index is None:
                continue
            height = entry.height
            entry.strips = None
            self._drawn.pop(entry, None)
            if len(self._strips_for(index)) != height:
                moved = True
            else:  # every line: the picture is what changed
                self.refresh_lines(self._starts[index], height)
        if moved:
            self._relayout(keep_strips=True)
            self._restore(anchor)
            self.refresh()

    def invalidate(self) -> None:
        """Render every entry again (settings changed)."""
        self._relayout()
        self.refresh()

    def _reindex(self) -> None:
        """Index the entries by key, and keep the selection on one of them.

        Every change of entries passes here, so the selection can never point past the
        end (a refresh with fewer posts, a filter, a deletion, an emptied view)."""
        self._index = {entry.key: i for i, entry in enumerate(self.entries)}
        last = max(0, len(self.entries) - 1)
        if not 0 <= self.selected <= last:
            self.set_reactive(TimelineView.selected, min(max(0, self.selected), last))

    def _anchor(self) -> tuple[str, int, int] | None:
        """What is on the screen's first line: an entry's key, the line within it, and
        where the entry was."""
        if not self.entries or not self._width:
            return None
        y = self.scroll_offset.y
        index = min(len(self.entries) - 1, max(0, bisect_right(self._starts, y) - 1))
        return self.entries[index].key, y - self._starts[index], index

    def _restore(self, anchor: tuple[str, int, int] | None) -> None:
        """Scroll so ``anchor`` (see ``_anchor``) is on the first line again; an entry that
        went is replaced by the one now in its place. None: the top."""
        if anchor is None:
            self.scroll_to(y=0, animate=False, immediate=True)
            return
        key, offset, was = anchor
        index = self._index.get(key)
        if index is None:  # that entry went: the next one takes its place, from its top
            offset = 0
            index = min(was, len(self.entries) - 1)
        if not 0 <= index < len(self._starts):
            return
        self._measured_through(index)
        self.scroll_to(y=max(0, self._starts[index] + offset), animate=False, immediate=True)

    def _top_of_selected(self) -> int:
        """The first virtual line of the selected entry (0 when there is none)."""
        starts = self._starts
        return starts[self.selected] if 0 <= self.selected < len(starts) else 0

    # --- layout -------------------------------------------------------------------------

    @property
    def content_width(self) -> int:
        return max(10, self.scrollable_content_region.width - GUTTER)

    def _strips_for(self, index: int) -> list[Strip]:
        """The entry's lines at the current width: from the LRU, or rendered again."""
        entry = self.entries[index]
        strips = entry.strips
        drawn = self._drawn
        if strips is None:
            strips = self._render_entry(entry.item, self._width, entry.revealed)
            strips.append(self._gap)
            entry.strips = strips
            entry.asked = -1
            if self._previews is not None:  # only pictures have such lines
                entry.fixed = _fixed_lines(strips)
            entry.height = len(strips)
            drawn[entry] = None
            while len(drawn) > self._strip_cache_size:
                drawn.popitem(last=False)[0].strips = None  # its height stays
        else:
            drawn.move_to_end(entry)
        return strips

    def _height_of(self, index: int) -> int:
        if not self._width:
            return 1  # not laid out yet
        return self.entries[index].height or len(self._strips_for(index))

    def _forget(self, entry: Entry[T]) -> None:
        """Drop an entry's rendering and height (it changed, or it is gone)."""
        entry.strips = None
        entry.height = 0
        entry.fixed = None
        self._drawn.pop(entry, None)

    def _relayout(self, *, keep_strips: bool = False) -> None:
        """Recompute the line offsets; measure what is new (everything, unless keep_strips
        and the width is unchanged). Measuring renders an entry; the LRU keeps the lines
        of only the most recent ones, so heights are exact and memory stays bounded.

        Laying out afresh measures only up to a screenful below the selection; the other
        entries count as the average height until ``_measure_rest`` (after the next frame,
        or as soon as a line or an entry beyond them is needed). With ``keep_strips``
        every entry not yet measured is measured."""
        sized = self.scrollable_content_region.width > 0
        width = self.content_width if sized else 0
        afresh = width != self._width or not keep_strips
        if afresh:
            self._width = width
            self._gap = Strip.blank(width)
            for entry in self.entries:
                entry.strips = None
                entry.height = 0
            self._drawn.clear()
        if not sized:
            # Not laid out yet (entries given at mount): one line each for now, and
            # measure once at the real width on the first resize, not twice.
            self._starts = list(range(len(self.entries)))
            self._total = len(self.entries)
            self._frontier = 0
            self.virtual_size = Size(GUTTER, self._total)
            return
        starts: list[int] = []
        total = 0
        height_of = self._height_of
        count = len(self.entries)
        frontier = count
        estimate = 1
        selected = self.selected
        view = self.scrollable_content_region.height
        for index, entry in enumerate(self.entries):
            starts.append(total)
            if index < frontier:
                total += entry.height or height_of(index)
                if afresh and index >= selected and total >= starts[selected] + view:
                    frontier = index + 1  # enough for a screen from the selection
                    estimate = max(1, round(total / frontier))
            else:
                total += estimate
        self._starts = starts
        self._total = total
        self._frontier = frontier
        self.virtual_size = Size(width + GUTTER, total)
        if frontier < count:
            self.call_after_refresh(self._measure_rest)

    def _measure_rest(self) -> None:
        """Measure the entries the last fresh layout left estimated (see ``_relayout``)."""
        if self._frontier < len(self.entries) and self._width:
            self._relayout(keep_strips=True)
            self.refresh()

    def _measured_through(self, index: int) -> None:
        """Make the heights and offsets exact up to entry ``index`` (all of them, if not)."""
        if index >= self._frontier:
            self._measure_rest()

    def on_resize(self, event: events.Resize) -> None:
        if self.content_width == self._width:
            return
        # keep the selected entry's top on the same screen row (the top, the first time)
        row = self._top_of_selected() - self.scroll_offset.y if self._width else 0
        self._relayout()
        if self.entries:
            y = max(0, self._top_of_selected() - max(0, row))
            self.scroll_to(y=y, animate=False, immediate=True)
            self._scroll_to_selected()
        self.refresh()

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self.entries and self.content_width != self._width:
            self._relayout()  # the first frame after a resize (on_resize re-anchors)
        line = self.scroll_offset.y + y
        if self._frontier < len(self.entries) and line >= self._starts[self._frontier]:
            self._measure_rest()  # scrolled past what was measured before the first frame
        if not self.entries:
            if y == 0 and self.empty_text:
                # tootui's sentence (Arabic too, or a server's error) in display order
                text = display_line(self.empty_text, enabled=bidi_enabled(self)).plain
                return Strip([Segment("  " + text, Style(dim=True))]).crop_extend(0, width, None)
            return Strip.blank(width)
        if line >= self._total:
            return Strip.blank(width)
        index = bisect_right(self._starts, line) - 1
        strips = self._strips_for(index)
        strip = strips[line - self._starts[index]]
        entry = self.entries[index]
        previews = self._previews
        if previews is not None and entry.asked != previews.asks:
            # drawn on screen (not just measured): ask for its pictures, and again if
            # requests were dropped since (a fast scroll asks for more than is kept)
            entry.asked = previews.asks
            previews.want(entry.item, entry.revealed)
        selected = index == self.selected and self._shows_focus
        offset = line - self._starts[index]
        is_last_line = offset == len(strips) - 1
        if selected and not is_last_line:
            bar = self._bar_style
            if entry.fixed is not None and offset in entry.fixed:
                return Strip.join([Strip([Segment("▌ ", bar)]), strip])  # a picture: no tint
            return Strip.join(
                [Strip([Segment("▌ ", bar)]), strip.apply_style(self._selected_style)]
            )
        if index == self.selected and not is_last_line:
            return Strip.join([Strip([Segment("▏ ", self._bar_dim_style)]), strip])
        return Strip.join([Strip([Segment("  ")]), strip])

    @property
    def _shows_focus(self) -> bool:
        """Draw the selection as active: focused, or nothing else is."""
        return self.has_focus or self.app.focused is None

    def _on_mount(self, event: events.Mount) -> None:
        self._update_styles()
        self._previews = previews_of(self)
        if self._previews is not None:
            self._previews.attach(self)

    def _update_styles(self) -> None:
        theme = self.app.current_theme
        self._bar_style = Style(color=theme.accent or theme.primary, bold=True)
        self._bar_dim_style = Style(color=theme.primary, dim=True)
        tint = self.app.theme_variables.get("surface-lighten-1")
        self._selected_style = Style(bgcolor=tint) if tint else Style()

    def _refresh_entry(self, index: int) -> None:
        """Repaint an entry whose selection changed: of a picture's lines only the bar (the
        rest of them is the same either way, and costs the most bytes to send again)."""
        if not 0 <= index < len(self.entries):
            return
        self._measured_through(index)
        start, height = self._starts[index], self._height_of(index)
        fixed = self.entries[index].fixed
        if not fixed:
            self.refresh_lines(start, height)
            return
        top = self.scroll_offset.y
        run_start = 0
        for offset in range(height + 1):
            if offset < height and (offset in fixed) == (run_start in fixed):
                continue
            if run_start in fixed:  # the bar's two cells only
                self.refresh(Region(0, start + run_start - top, GUTTER, offset - run_start))
            else:
                self.refresh_lines(start + run_start, offset - run_start)
            run_start = offset

    # --- selection ----------------------------------------------------------------------

    def validate_selected(self, value: int) -> int:
        return max(0, min(value, len(self.entries) - 1))

    def watch_selected(self, old: int, new: int) -> None:
        if old != new:
            self._refresh_entry(old)
        self._refresh_entry(new)
        self._scroll_to_selected()
        self._announce()
        if new >= len(self.entries) - 5 and not self.exhausted and not self.loading_older:
            self.post_message(self.LoadOlder(self))

    def _announce(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def _scroll_to_selected(self) -> None:
        """Bring the selection into view, jumping like a pager rather than creeping.

        Scrolling repaints the whole view, so when the selection leaves the bottom it is
        placed near the top (with a few lines of the post before it as context), and when
        it leaves the top it is placed near the bottom: the next few presses then only
        repaint the two entries whose highlight changes.
        """
        if not self.entries or not self._width:
            return
        self._measured_through(self.selected)
        top = self._top_of_selected()
        height = self._height_of(self.selected)
        view = self.scrollable_content_region.height
        y = self.scroll_offset.y
        if top >= y and top + height <= y + view:
            return  # already in view
        context = max(0, min(view // 5, view - height))
        if top + height > y + view:
            target = top - context  # going down: the selection near the top
        else:
            target = min(top, top + height + context - view)  # going up: near the bottom
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def on_focus(self) -> None:
        self._refresh_entry(self.selected)

    def on_blur(self) -> None:
        self._refresh_entry(self.selected)

    def action_cursor_down(self) -> None:
        if self.selected >= len(self.entries) - 1:
            if not self.exhausted and not self.loading_older:
                self.post_message(self.LoadOlder(self))
            return
        self.selected += 1

    def action_cursor_up(self) -> None:
        if self.selected == 0:
            self.post_message(self.LoadNewer(self))
            return
        self.selected -= 1

    def action_page_down(self) -> None:
        self._jump_lines(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._jump_lines(-self.scrollable_content_region.height)

    def _jump_lines(self, delta: int) -> None:
        if not self.entries:
            return
        self._measured_through(len(self.entries) - 1)
        line = max(0, min(self._total - 1, self._top_of_selected() + delta))
        self.selected = bisect_right(self._starts, line) - 1

    def action_first(self) -> None:
        self.go_to_first()

    def action_last(self) -> None:
        self.selected = len(self.entries) - 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.revealable if action == "toggle_reveal" else True

    def action_toggle_reveal(self) -> None:
        entry = self.current
        if entry is None:
            return
        entry.revealed = not entry.revealed
        self._forget(entry)
        self._relayout(keep_strips=True)
        self.refresh()
        self._scroll_to_selected()

    def on_click(self, event: events.Click) -> None:
        line = self.scroll_offset.y + event.y
        self._measured_through(len(self.entries) - 1)
        if self.entries and 0 <= line < self._total:
            self.selected = bisect_right(self._starts, line) - 1
            self.focus()

    def region_of(self, index: int) -> Region:
        """Where entry ``index`` is in the virtual space (empty if there is no such entry)."""
        if not 0 <= index < len(self.entries):
            return Region(0, 0, self._width, 0)
        self._measured_through(index)
        return Region(0, self._starts[index], self._width, self._height_of(index))


def _fixed_lines(strips: list[Strip]) -> frozenset[int] | None:
    """The lines holding colours of their own (a picture): see ``Entry.fixed``."""
    fixed = frozenset(
        n
        for n, strip in enumerate(strips)
        if any(segment.style is not None and segment.style.bgcolor for segment in strip)
    )
    return fixed or None
