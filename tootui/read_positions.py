"""Read positions: where the reader got to in each timeline, and how much is unread above.

The newest entry read in a view is its read position (Mastodon's Markers API keeps it for
home and notifications). It only ever moves up, to newer entries; entries above it are
unread, and a divider ("last read") is drawn on the entry at it. This module is the
bookkeeping alone, with no UI and no network: the main screen (``tootui.screens.read_marks``)
feeds it what is loaded and selected and does what it answers; ``tootui.live`` loads and
saves the positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from tootui.api.streaming import id_key

READ_VIEWS = ("home", "notifications")  # read positions the Markers API keeps
READ_SEEK_PAGES = 5  # older pages loaded at most to open at the last-read entry


class Listing(Protocol):
    """A view's entries as read positions see them, newest first."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> tuple[str, str]:
        """The entry at ``index``: (its key in the view, its item's id)."""
        ...

    def index_of(self, key: str) -> int | None:
        """Where the entry with this key is, if it is there."""
        ...


def last_read_index(entries: Listing, marker: str | None) -> int | None:
    """The newest entry at or below ``marker`` (a deleted post's neighbour does)."""
    if not marker:
        return None
    index = entries.index_of(marker)
    if index is not None:
        return index
    limit = id_key(marker)
    for i in range(len(entries)):
        if id_key(entries[i][1]) <= limit:
            return i
    return None


@dataclass(frozen=True)
class Placement:
    """What to do to open a view at its read position."""

    select: int | None = None  # the entry to select: the last-read one
    load_older: bool = False  # not loaded yet: load an older page, then place again
    placed: bool = False  # placed: from now on, moves count and the divider shows


@dataclass(frozen=True)
class Marks:
    """A view's unread count, and the entries whose divider appeared or went."""

    unread: int
    redraw: tuple[str, ...] = ()  # keys of the entries to draw again


@dataclass
class ReadPositions:
    """The read position of each view, and what follows from it.

    A view's position is *known* once the saved one has been loaded (``restore``), and
    *placed* once a page from the server is in the view too (``place``): only then do
    selections move it (``seen``), so a cached page never moves a saved position.
    """

    seek_pages: int = READ_SEEK_PAGES
    # view -> the newest entry id read; a key is present once the saved one is known
    last_read: dict[str, str | None] = field(default_factory=dict)
    saved: dict[str, str | None] = field(default_factory=dict)  # what the server/file holds
    ready: set[str] = field(default_factory=set)  # placed on a server page: moves now count
    paged: set[str] = field(default_factory=set)  # views that have had a page from the server
    seek: dict[str, int] = field(default_factory=dict)  # older pages loaded to find it
    divider: dict[str, tuple[str, str]] = field(default_factory=dict)  # (entry key, item id)

    def restore(self, key: str, marker: str | None) -> bool:
        """The saved position of ``key`` (None: none yet); False if it was already known."""
        if key in self.last_read:
            return False
        self.last_read[key] = self.saved[key] = marker
        return True

    def page_arrived(self, key: str, *, first: bool) -> None:
        """A page from the server came into ``key`` (``first``: the page that replaces
        what the cache showed)."""
        if first:
            self.paged.add(key)

    def place(
        self, key: str, entries: Listing, *, exhausted: bool, current: int | None
    ) -> Placement:
        """Where to open ``key``, whose ``entries`` are loaded (``exhausted``: there are no
        older ones) with entry ``current`` selected.

        The last-read entry is selected at once (on cached entries too, for a quick start);
        once a server page is in, a position older than what is loaded asks for older
        pages, at most ``seek_pages``. With nothing saved yet, the entry on screen is where
        reading starts: saved once the reader moves up from it, not merely because the app
        opened.
        """
        if key not in self.last_read or key in self.ready:
            return Placement()
        marker = self.last_read[key]
        index = last_read_index(entries, marker)
        if key not in self.paged:
            return Placement(select=index)
        seek = self.seek.get(key, 0)
        if marker and index is None and len(entries) and not exhausted and seek < self.seek_pages:
            self.seek[key] = seek + 1
            return Placement(load_older=True)
        if not marker and current is not None:
            seen = entries[current][1] or None
            self.last_read[key] = self.saved[key] = seen
        self.ready.add(key)
        return Placement(select=index, placed=True)

    def seen(self, key: str, item_id: str) -> bool:
        """The reader selected ``item_id`` in ``key``: True if the position moved up to it
        (it never moves down, and not before it is placed)."""
        if key not in self.ready:
            return False
        current = self.last_read.get(key)
        if not item_id or (current and id_key(item_id) <= id_key(current)):
            return False
        self.last_read[key] = item_id
        return True

    def recount(self, key: str, entries: Listing) -> Marks | None:
        """Count the unread entries of ``key`` and move its divider (None: not placed)."""
        if key not in self.ready:
            return None
        marker = self.last_read.get(key)
        index = last_read_index(entries, marker)
        unread = index if index is not None else (len(entries) if marker else 0)
        divider = entries[index] if index is not None and index > 0 else None
        old = self.divider.pop(key, None)
        if divider is not None:
            self.divider[key] = divider
        if old == divider:
            return Marks(unread)
        return Marks(unread, tuple(d[0] for d in (old, divider) if d is not None))

    def divider_on(self, key: str, item_id: str) -> bool:
        """Whether the "last read" divider goes above the entry ``item_id`` of ``key``."""
        divider = self.divider.get(key)
        return divider is not None and divider[1] == item_id

    def unsaved(self) -> dict[str, str]:
        """The placed positions that moved since they were last saved (now counted as
        saved: the caller saves them)."""
        changes: dict[str, str] = {}
        for key, last_read in self.last_read.items():
            if last_read and key in self.ready and last_read != self.saved.get(key):
                changes[key] = last_read
                self.saved[key] = last_read
        return changes
