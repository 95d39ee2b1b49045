"""TimelineView on its own: selection, how much a key press repaints, the strip LRU, layout.

A small app hosts one view whose entries are synthetic: an item says how many lines it
renders (or how many characters it wraps at the given width), so heights are known.
"""

from __future__ import annotations

import statistics
from typing import Any

import pytest
from rich.segment import Segment
from textual import events
from textual.app import App, ComposeResult
from textual.strip import Strip

from tootui.widgets.timeline import STRIP_CACHE_SIZE, TimelineView

SIZE = (60, 24)  # the view is 24 rows: 4-5 entries of 5 lines


def lines_of(item: Any, width: int) -> int:
    """An int is a line count; a str is text wrapped at ``width``."""
    if isinstance(item, str):
        return max(1, -(-len(item) // width))
    return int(item)


class CountingView(TimelineView[Any]):
    """Counts every line Textual asks for."""

    drawn = 0

    def render_line(self, y: int) -> Strip:
        self.drawn += 1
        return super().render_line(y)


class Host(App[None]):
    def __init__(self, items: list[Any], cache_size: int = STRIP_CACHE_SIZE) -> None:
        super().__init__()
        self.items = items
        self.cache_size = cache_size
        self.renders: list[str] = []  # keys rendered, in order

    def compose(self) -> ComposeResult:
        yield CountingView(self.render_item, strip_cache_size=self.cache_size, id="view")

    def render_item(self, item: tuple[str, Any], width: int, revealed: bool) -> list[Strip]:
        key, body = item
        self.renders.append(key)
        return [
            Strip([Segment(f"{key} line {n}".ljust(width)[:width])], width)
            for n in range(lines_of(body, width))
        ]

    def on_mount(self) -> None:
        self.view.set_entries(entries(self.items))
        self.view.focus()

    @property
    def view(self) -> CountingView:
        return self.query_one("#view", CountingView)


def entries(bodies: list[Any], prefix: str = "e") -> list[tuple[str, tuple[str, Any]]]:
    return [(f"{prefix}{i}", (f"{prefix}{i}", body)) for i, body in enumerate(bodies)]


def expected_starts(view: TimelineView[Any]) -> list[int]:
    """Where each entry should start, from a fresh render of every entry (gap included)."""
    starts, total = [], 0
    for entry in view.entries:
        starts.append(total)
        total += lines_of(entry.item[1], view.content_width) + 1
    return starts


def stored(view: TimelineView[Any]) -> int:
    return sum(1 for entry in view.entries if entry.strips is not None)


async def test_keys_move_the_selection() -> None:
    app = Host([4] * 40)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.press("j", "j")
        assert view.selected == 2
        await pilot.press("k")
        assert view.selected == 1
        await pilot.press("G")
        assert view.selected == 39
        await pilot.press("home")
        assert view.selected == 0
        await pilot.press("pagedown")
        assert view.selected == 4  # 24 rows down from entry 0, five-line entries
        # the selection is always on screen
        for _ in range(30):
            await pilot.press("j")
            top = view._starts[view.selected]
            assert view.scroll_offset.y <= top
            assert top + view._height_of(view.selected) <= view.scroll_offset.y + 24


async def drawn_per_press(pilot: Any, view: Any, key: str, presses: int) -> list[int]:
    """Press ``key`` ``presses`` times; how many lines the view drew for each press."""
    per_press = []
    for _ in range(presses):
        view.drawn = 0
        await pilot.press(key)
        await pilot.pause()
        per_press.append(view.drawn)
    return per_press


@pytest.mark.parametrize("count", [40, 2000])
async def test_a_key_press_repaints_little(count: int) -> None:
    """Most presses repaint only the two entries involved (2 x 5 lines); when the
    selection leaves the view the view jumps a page, not a post, so full repaints are
    rare. The same with 40 entries and with 2,000."""
    app = Host([4] * count)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.pause()
        per_press = await drawn_per_press(pilot, view, "j", 30)
        assert view.selected == 30
        assert statistics.median(per_press) <= 10
        full = [n for n in per_press if n > 10]
        assert len(full) <= len(per_press) // 3, per_press
        assert max(per_press) <= 24 + 1  # never more than a screen (and the scrollbar)
        # going back up behaves the same way
        per_press = await drawn_per_press(pilot, view, "k", 20)
        assert statistics.median(per_press) <= 10


async def test_only_recent_entries_keep_their_strips() -> None:
    app = Host([i % 7 + 1 for i in range(2000)])
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.pause()  # the rest is measured after the first frame
        # every entry measured once; the first screenful again (evicted by the rest)
        assert 2000 <= len(app.renders) <= 2000 + 24
        assert stored(view) <= STRIP_CACHE_SIZE
        await pilot.press("G")
        await pilot.pause()
        for _ in range(10):
            await pilot.press("k")
        await pilot.pause()
        assert stored(view) <= STRIP_CACHE_SIZE
        # what is on screen is among what is kept
        assert view.entries[-1].strips is not None
        assert view.current is not None and view.current.strips is not None
        # every entry still has its exact height
        assert all(entry.height for entry in view.entries)
        assert view._starts == expected_starts(view)


async def test_the_first_frame_measures_only_a_screenful() -> None:
    """Before the first frame only the entries that fill the view are rendered; the rest
    are measured right after it, and then every height and offset is exact."""
    app = Host([i % 7 + 1 for i in range(400)])
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        first_frame = list(app.renders)
        assert first_frame == [f"e{i}" for i in range(len(first_frame))]
        assert sum(view.entries[i].height for i in range(len(first_frame))) >= 24
        assert len(first_frame) <= 8  # heights 1-7 plus a gap: a 24-row view
        await pilot.pause()
        assert all(entry.height for entry in view.entries)
        assert view._starts == expected_starts(view)
        assert view.virtual_size.height == view._total == sum(e.height for e in view.entries)


async def test_keys_and_scrolling_past_the_measured_entries_measure_the_rest_first() -> None:
    """Whatever reaches beyond the first screenful before the rest is measured (a key, a
    scroll, a click) measures it first, so positions are never estimates."""
    for action in ("G", "pagedown", "scroll", "click"):
        app = Host([i % 7 + 1 for i in range(400)])
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            assert any(not entry.height for entry in view.entries)
            if action == "scroll":
                view.scroll_to(y=200, animate=False, immediate=True)
                for y in range(24):
                    view.render_line(y)
            elif action == "click":
                view.on_click(events.Click(view, 5, 20, 0, 0, 1, False, False, False))
            else:
                await pilot.press(action)
            assert all(entry.height for entry in view.entries), action
            assert view._starts == expected_starts(view), action


async def test_an_evicted_entry_is_rendered_again_with_the_same_height() -> None:
    app = Host([i % 7 + 1 for i in range(600)], cache_size=12)  # about two screens
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.press("G")  # draw the far end: the first entries leave the LRU
        for _ in range(4):
            await pilot.press("pageup")
            await pilot.pause()
        assert stored(view) <= 12
        first = view.entries[0]
        assert first.strips is None
        height = first.height
        app.renders.clear()
        await pilot.press("home")
        await pilot.pause()
        assert "e0" in app.renders  # drawn again on demand
        assert first.strips is not None and len(first.strips) == height
        assert view._starts == expected_starts(view)
        assert view._total == sum(e.height for e in view.entries)


async def test_paging_in_older_entries_measures_only_those() -> None:
    app = Host([3] * 400)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.pause()
        app.renders.clear()
        assert view.append(entries([2] * 40, prefix="old")) == 40
        await pilot.pause()
        assert sorted(set(app.renders)) == sorted(f"old{i}" for i in range(40))
        assert view._starts == expected_starts(view)
        assert view._total == 400 * 4 + 40 * 3


async def test_prepend_keeps_what_the_reader_sees() -> None:
    app = Host([i % 5 + 1 for i in range(100)])
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        for _ in range(12):
            await pilot.press("j")
        await pilot.pause()
        key = view.current.key if view.current else None
        screen_row = view._starts[view.selected] - view.scroll_offset.y
        added = view.prepend(entries([3] * 10, prefix="new"))
        await pilot.pause()
        assert added == 10
        assert view.current is not None and view.current.key == key
        assert view._starts[view.selected] - view.scroll_offset.y == screen_row
        assert view._starts == expected_starts(view)
        # the same entries again are not added twice
        assert view.prepend(entries([3] * 10, prefix="new")) == 0


async def test_a_resize_lays_out_again() -> None:
    text = "x" * 150  # 150 characters: 3 lines at 58 columns, 2 at 78
    app = Host([text] * 50)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        await pilot.pause()
        assert view.content_width == 60 - 2 - 1  # gutter and scrollbar
        assert view.entries[0].height == 4
        for _ in range(20):
            await pilot.press("j")
        await pilot.resize_terminal(90, 24)
        await pilot.pause()
        assert view.content_width == 90 - 3
        assert view.entries[0].height == 3
        assert view._starts == expected_starts(view)
        assert view._total == 50 * 3
        # the selection stayed where it was, and on screen
        assert view.selected == 20
        top = view._starts[20]
        assert view.scroll_offset.y <= top < view.scroll_offset.y + 24


async def test_replace_and_remove_keep_the_layout_exact() -> None:
    app = Host([2] * 30)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        view.replace("e3", ("e3", 6))
        await pilot.pause()
        assert view.entries[3].height == 7
        assert view._starts == expected_starts(view)
        view.remove_entry("e3")
        await pilot.pause()
        assert view.index_of("e3") is None
        assert view._starts == expected_starts(view)
        assert all(entry.key != "e3" for entry in view._drawn)


async def test_changes_above_the_screen_move_nothing_on_it() -> None:
    """An edit that makes a post above the screen taller, a deletion above it, the read
    divider appearing above it: what the reader looks at stays on the same rows."""
    app = Host([3] * 60)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        assert view.scroll_offset.y > 0
        shown = [view.render_line(y).text for y in range(view.size.height)]
        above = view.entries[2].key
        view.replace(above, (above, 7))  # 3 lines -> 7
        await pilot.pause()
        assert [view.render_line(y).text for y in range(view.size.height)] == shown
        view.remove_entry(view.entries[1].key)
        await pilot.pause()
        assert [view.render_line(y).text for y in range(view.size.height)] == shown
        # at the very top, a new entry is seen coming in
        await pilot.press("home")
        await pilot.pause()
        view.prepend(entries([3], prefix="new"))
        await pilot.pause()
        assert view.render_line(0).text.strip().startswith("new")
