"""Read positions on the main screen: open home and notifications where the reader left
off, count what is unread above, draw the "last read" divider, and save the positions.

``ReadMarks`` is the main screen's helper (not a widget): the screen forwards it the
pages that arrive, the selections that move and the ``ReadPositionLoaded`` message of
its loading worker, and it answers by selecting, loading older pages, redrawing two
entries and telling the screen the new unread counts. The bookkeeping itself is
``tootui.read_positions.ReadPositions`` (no UI); ``tootui.live`` reads and writes the
Markers API and the local file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from tootui.api import ApiError
from tootui.i18n import _
from tootui.live import load_marker, save_marker
from tootui.messages import PageLoaded, Say
from tootui.read_positions import READ_VIEWS, ReadPositions
from tootui.screens.views import key_of
from tootui.widgets.timeline import Entry, TimelineView

if TYPE_CHECKING:
    from tootui.screens.timelines import TimelineScreen

READ_REST_SECONDS = 2.0  # the selection rests this long on a post: save the position


@dataclass
class ReadPositionLoaded(Message):
    """The saved read position of ``view`` (None: none yet) and, for notifications, how
    many arrived since."""

    view: str
    last_read_id: str | None
    unread: int | None
    acct: str


class _Listing:
    """A timeline's entries as ``ReadPositions`` sees them: (entry key, item id)."""

    def __init__(self, view: TimelineView[Any]) -> None:
        self.view = view

    def __len__(self) -> int:
        return len(self.view.entries)

    def __getitem__(self, index: int) -> tuple[str, str]:
        entry = self.view.entries[index]
        return entry.key, str(getattr(entry.item, "id", ""))

    def index_of(self, key: str) -> int | None:
        return self.view.index_of(key)


class ReadMarks:
    """The read positions of one account's main screen (home and notifications).

    ``filtered(key)`` says whether view ``key`` shows a filtered list (which says nothing
    about what was read); ``counted(key, n)`` takes a view's new unread count.
    """

    def __init__(
        self,
        screen: TimelineScreen,
        *,
        filtered: Callable[[str], bool],
        counted: Callable[[str, int], None],
    ) -> None:
        self.screen = screen
        self.positions = ReadPositions()
        self._filtered = filtered
        self._counted = counted
        self._timer: Timer | None = None
        self.final_save: threading.Thread | None = None  # the save started on unmount

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        """Load the saved positions, off the UI thread (``ReadPositionLoaded`` each)."""
        session = self.screen.session
        self.screen.run_worker(
            partial(self._load, session.client, session.acct),
            name="load-read-positions",
            group="read-position",
            thread=True,
            exit_on_error=False,
        )

    def _load(self, client: Any, acct: str) -> None:
        """Blocks (network): the Markers API, else the local file."""
        for key in READ_VIEWS:
            try:
                marker = load_marker(client, key, acct=acct)
                unread = None
                if key == "notifications" and marker:
                    page = client.notifications(grouped=False, since_id=marker)
                    unread = len(page.items)
            except ApiError as error:
                # Not worth a line of its own (the timeline's load reports the server's
                # state); without a known position nothing is tracked, so a saved one is
                # never overwritten by a guess.
                self.screen.log.warning(f"read position of {key}: {error}")
                continue
            self.screen.post_message(ReadPositionLoaded(key, marker, unread, acct))

    def loaded(self, message: ReadPositionLoaded) -> None:
        """A saved position arrived (on the UI thread)."""
        if message.acct != self.screen.session.acct:
            return
        if not self.positions.restore(message.view, message.last_read_id):
            return
        if message.unread is not None and "notifications" not in self.positions.ready:
            self._counted("notifications", message.unread)
        self._place(message.view)

    def page_loaded(self, message: PageLoaded) -> None:
        """After a page of home or notifications: find the read position, or recount."""
        key = message.view
        self.positions.page_arrived(key, first=message.mode == "replace")
        if key in self.positions.ready:
            self.recount(key)
        else:
            self._place(key)

    # --- placing, moving, counting -------------------------------------------------------

    def _place(self, key: str) -> None:
        """Open ``key`` at its last-read entry once both it and a server page are here."""
        if key not in self.screen.views or self._filtered(key):
            return
        view = self.screen.view(key)
        current = view.selected if view.current is not None else None
        placement = self.positions.place(
            key, _Listing(view), exhausted=view.exhausted, current=current
        )
        if placement.select is not None:
            if view.selected != placement.select:
                view.selected = placement.select
            view.scroll_to(y=view.region_of(placement.select).y, animate=False, immediate=True)
        if placement.load_older:
            self.screen.load(key, "older")
        if placement.placed:
            self.recount(key)

    def selected(self, view: TimelineView[Any], entry: Entry[Any]) -> None:
        """The selected entry has been seen: the read position moves up to it, never down."""
        key = key_of(view)
        if key not in self.positions.ready or entry is not view.current:
            return  # not placed yet, or a selection a newer change already replaced
        if self._filtered(key):
            return
        if not self.positions.seen(key, str(getattr(entry.item, "id", ""))):
            return
        self.recount(key)
        # saved once the selection rests; each move restarts the wait, no timer when idle
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(READ_REST_SECONDS, self.save)

    def recount(self, key: str) -> None:
        """Recount ``key``'s unread entries and move its divider (two entries redrawn)."""
        if key not in self.positions.ready or key not in self.screen.views:
            return
        view = self.screen.view(key)
        marks = self.positions.recount(key, _Listing(view))
        if marks is None:
            return
        for entry_key in marks.redraw:
            at = view.index_of(entry_key)
            if at is not None:
                view.replace(view.entries[at].key, view.entries[at].item)
        self._counted(key, marks.unread)

    def changed(self, key: str) -> None:
        """Entries came or went in ``key`` (live): recount once they are in place."""
        if key in self.positions.ready:
            self.screen.call_later(self.recount, key)

    def divided(self, key: str, item_id: str, strips: list[Strip], width: int) -> list[Strip]:
        """An entry's lines, under the divider if the read position is on it."""
        if not self.positions.divider_on(key, item_id):
            return strips
        label = "── " + _("last read") + " "
        line = label + "─" * max(0, width - cell_len(label))
        color = self.screen.app.current_theme.accent or "yellow"
        divider = Strip([Segment(line, Style(color=color, bold=True))]).crop_extend(0, width, None)
        return [divider, *strips]

    # --- saving --------------------------------------------------------------------------

    def save(self, *, final: bool = False) -> None:
        """Save the read positions that moved since the last save, off the UI thread."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        changes = self.positions.unsaved()
        if not changes:
            return
        session = self.screen.session
        if final:
            # On unmount (quit) the screen's workers are cancelled; a plain thread that
            # is not a daemon still finishes the save while the app closes.
            self.final_save = threading.Thread(
                target=_write, args=(session.client, session.acct, changes), name="tootui-markers"
            )
            self.final_save.start()
        else:
            self.screen.run_worker(
                partial(self._save, session.client, session.acct, changes),
                name="save-read-positions",
                group="read-position",
                thread=True,
                exit_on_error=False,
            )

    def _save(self, client: Any, acct: str, changes: dict[str, str]) -> None:
        problem = _write(client, acct, changes)
        if problem:
            self.screen.post_message(Say(problem, error=True))


def _write(client: Any, acct: str, changes: dict[str, str]) -> str:
    """Blocks (network): the Markers API, and always the local file. The error, if any."""
    problem = ""
    for key, last_read in changes.items():
        try:
            save_marker(client, key, last_read, acct=acct)
        except ApiError as error:
            problem = str(error)
    return problem
