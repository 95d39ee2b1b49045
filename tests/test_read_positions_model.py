"""Read positions as bookkeeping alone: no app, no server (``tootui.read_positions``).

The app-driven tests of the same behaviour (saving to the Markers API, opening at the
last-read post, the divider on screen) are in ``test_read_position.py``.
"""

from __future__ import annotations

from tests.conftest import last_line_printed
from tootui.read_positions import Marks, Placement, ReadPositions, last_read_index


class Entries:
    """A view's entries, newest first: (entry key, item id); keys are ids unless given."""

    def __init__(self, *ids: str, keys: dict[str, str] | None = None) -> None:
        self.rows = [((keys or {}).get(i, i), i) for i in ids]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> tuple[str, str]:
        return self.rows[index]

    def index_of(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row[0] == key), None)


def placed(positions: ReadPositions, key: str, entries: Entries, marker: str | None) -> None:
    """Restore ``marker``, let a server page arrive, and place ``key`` on ``entries``."""
    assert positions.restore(key, marker)
    positions.page_arrived(key, first=True)
    assert positions.place(key, entries, exhausted=True, current=0).placed


def test_the_last_read_entry_is_found_by_key_or_by_the_next_older_id() -> None:
    entries = Entries("50", "40", "30", "20")
    assert last_read_index(entries, "30") == 2
    assert last_read_index(entries, "35") == 2  # deleted: its older neighbour stands in
    assert last_read_index(entries, "10") is None  # older than everything loaded
    assert last_read_index(entries, None) is None
    # ids are compared as numbers, not as text ("9" is older than "10")
    assert last_read_index(Entries("11", "10", "9"), "9") == 2
    assert last_read_index(Entries("12", "10", "8"), "9") == 2


def test_an_exact_key_wins_over_the_id_order() -> None:
    # grouped notifications: the entry key is the group, the id need not be in order
    entries = Entries("7", "9", keys={"7": "group-a", "9": "9"})
    assert last_read_index(entries, "9") == 1


def test_a_cached_page_selects_the_position_but_does_not_place_it() -> None:
    positions = ReadPositions()
    assert positions.restore("home", "30")
    assert not positions.restore("home", "40")  # known already: the first one stays
    entries = Entries("50", "40", "30")
    assert positions.place("home", entries, exhausted=False, current=0) == Placement(select=2)
    assert "home" not in positions.ready
    assert not positions.seen("home", "40")  # a move before placing does not count
    positions.page_arrived("home", first=True)
    assert positions.place("home", entries, exhausted=False, current=2) == Placement(
        select=2, placed=True
    )
    assert "home" in positions.ready
    # placed once: asking again changes nothing
    assert positions.place("home", entries, exhausted=False, current=0) == Placement()


def test_nothing_to_place_before_the_saved_position_is_known() -> None:
    positions = ReadPositions()
    positions.page_arrived("home", first=True)
    assert positions.place("home", Entries("50"), exhausted=True, current=0) == Placement()


def test_an_older_position_pulls_older_pages_at_most_seek_pages_times() -> None:
    positions = ReadPositions(seek_pages=2)
    positions.restore("home", "5")
    positions.page_arrived("home", first=True)
    entries = Entries("50", "40")
    for _ in range(2):
        assert positions.place("home", entries, exhausted=False, current=0).load_older
    # given up: placed where the reader is, the saved position kept
    assert positions.place("home", entries, exhausted=False, current=0) == Placement(placed=True)
    assert positions.last_read["home"] == "5"


def test_no_older_pages_when_the_view_has_no_more() -> None:
    positions = ReadPositions()
    positions.restore("home", "5")
    positions.page_arrived("home", first=True)
    placement = positions.place("home", Entries("50", "40"), exhausted=True, current=0)
    assert placement == Placement(placed=True)


def test_with_nothing_saved_reading_starts_at_the_selected_entry() -> None:
    positions = ReadPositions()
    placed(positions, "home", Entries("50", "40"), None)
    assert positions.last_read["home"] == "50"
    # counted as saved: the app opening is not a reason to save
    assert positions.unsaved() == {}


def test_the_position_only_moves_up() -> None:
    positions = ReadPositions()
    placed(positions, "home", Entries("50", "40", "30"), "30")
    assert not positions.seen("home", "20")
    assert not positions.seen("home", "30")
    assert not positions.seen("home", "")
    assert positions.seen("home", "40")
    assert positions.last_read["home"] == "40"
    assert not positions.seen("home", "30")


def test_unread_entries_and_the_divider_follow_the_position() -> None:
    positions = ReadPositions()
    entries = Entries("50", "40", "30", "20")
    placed(positions, "home", entries, "30")
    assert positions.recount("home", entries) == Marks(2, ("30",))
    assert positions.divider_on("home", "30") and not positions.divider_on("home", "40")
    assert positions.recount("home", entries) == Marks(2)  # nothing moved: nothing to redraw
    positions.seen("home", "40")
    assert positions.recount("home", entries) == Marks(1, ("30", "40"))
    positions.seen("home", "50")
    # read to the top: no divider (nothing newer), nothing unread
    assert positions.recount("home", entries) == Marks(0, ("40",))
    assert not any(positions.divider_on("home", i) for i in ("50", "40", "30", "20"))


def test_a_position_older_than_everything_loaded_counts_it_all_as_unread() -> None:
    positions = ReadPositions(seek_pages=0)
    entries = Entries("50", "40")
    placed(positions, "home", entries, "5")
    assert positions.recount("home", entries) == Marks(2)
    assert positions.recount("other", entries) is None  # not placed: nothing to count


def test_only_moved_and_placed_positions_are_saved_and_only_once() -> None:
    positions = ReadPositions()
    placed(positions, "home", Entries("50", "40"), "40")
    positions.restore("notifications", "7")  # known, never placed
    positions.last_read["notifications"] = "8"
    assert positions.unsaved() == {}
    positions.seen("home", "50")
    assert positions.unsaved() == {"home": "50"}
    assert positions.unsaved() == {}
    assert positions.saved["home"] == "50"


def test_read_positions_import_no_ui() -> None:
    probe = (
        "import sys, tootui.read_positions\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    assert last_line_printed(probe) == "[]"
