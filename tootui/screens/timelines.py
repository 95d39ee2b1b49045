"""What every screen of timelines shares: its status line, running API calls, and paging.

``TimelineScreen`` is the base of ``PostScreen`` (``tootui.screens.posts``), and so of the
main screen, a thread and a profile. It shows nothing of its own; it loads pages into its
views (``load``, in a thread worker) and tries a failed load again after a while.

Messages it answers: ``PageLoaded`` and ``LoadFailed`` (its workers' results), ``Say`` (a
sentence for its status line), and the timelines' ``LoadOlder``/``LoadNewer``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer

from tootui.api import ApiError, NotAuthorised, Notification, Page, RateLimited, Status, backoff
from tootui.context import Context, context
from tootui.i18n import _, localize_digits
from tootui.messages import LoadFailed, PageLoaded, Say
from tootui.screens.base import TootScreen
from tootui.screens.views import (
    CONVERSATIONS,
    ViewSpec,
    entry_key,
    is_hidden,
    key_of,
    status_of,
    view_id,
)
from tootui.startup import FIRST_FRAME_WAIT
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.api import TimelineSource
    from tootui.session import AccountSession


@dataclass
class PendingRetry:
    """A view whose load failed: how to load it, how often it failed, the waiting timer."""

    mode: str
    attempts: int
    timer: Timer | None


class TimelineScreen(TootScreen[None]):
    """A screen of timeline views, each named by a key, with a status line."""

    def __init__(self, session: AccountSession) -> None:
        super().__init__()
        self.session = session
        self.views: dict[str, ViewSpec] = {}
        self.loaded: set[str] = set()
        self.retries: dict[str, PendingRetry] = {}  # failed loads waiting to be tried again

    @property
    def tootui(self) -> Context:
        return context(self)

    # --- to be given by each screen ----------------------------------------------------

    @property
    def current_view(self) -> TimelineView[Any]:
        raise NotImplementedError

    def notification_types(self) -> tuple[str, ...] | None:
        return None

    # --- shared helpers ----------------------------------------------------------------

    def say(
        self, text: str, *, error: bool = False, view: str | None = None, topic: str = ""
    ) -> None:
        """Say ``text`` on the status line, about ``view`` (the one on screen if None);
        ``topic``: see ``StatusLine.saying``."""
        self.query_one(StatusLine).say(text, error=error, view=view, topic=topic)

    def on_say(self, message: Say) -> None:
        message.stop()
        self.say(message.text, error=message.error)

    def view(self, key: str) -> TimelineView[Any]:
        return self.query_one(f"#{view_id(key)}", TimelineView)

    def render_status(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_status(
            status, self.tootui.layout(width, self.session), revealed=revealed
        )

    def render_notification(self, note: Notification, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_notification(
            note, self.tootui.layout(width, self.session), revealed=revealed
        )

    def selected_status(self) -> Status | None:
        entry = self.current_view.current
        return None if entry is None else status_of(entry.item)

    @work(thread=True, group="actions", exit_on_error=False)
    def send(
        self,
        call: Callable[[], Any],
        done: str,
        reply: Callable[[Any], Message | None] | None = None,
        failed: Callable[[], object] | None = None,
    ) -> None:
        """Run one API call off the UI thread; say ``done`` or the error, then ``reply``
        (on success) or ``failed`` (on the UI thread, when the server refused)."""
        try:
            result = call()
        except ApiError as error:
            self.post_message(Say(str(error), error=True))
            if failed is not None:
                self.call_later(failed)  # a message: run on the UI thread
            return
        if done:
            self.post_message(Say(done))
        message = reply(result) if reply is not None else None
        if message is not None:
            self.post_message(message)

    def post_answer(self, ask: Callable[[], Message]) -> None:
        """In a thread worker: post the message ``ask`` builds from the server's answers,
        or say on the status line why the server refused."""
        try:
            message = ask()
        except ApiError as error:
            self.post_message(Say(str(error), error=True))
            return
        self.post_message(message)

    # --- loading ----------------------------------------------------------------------

    def load(self, key: str, mode: str) -> None:
        view = self.view(key)
        if mode == "older":
            if view.loading_older or view.exhausted:
                return
            view.loading_older = True
        cursor: dict[str, Any] = {}
        if mode == "older" and view.older_cursor:
            cursor = dict(view.older_cursor)
        elif mode == "newer":
            if view.newer_cursor:
                cursor = dict(view.newer_cursor)
            else:
                mode = "replace"
        if mode != "older":
            self.say(_("Loading {view}…").format(view=self.views[key].label), view=key)
        self._fetch(key, self.views[key].source, mode, cursor, self.notification_types())

    @work(thread=True, group="timeline", exit_on_error=False)
    def _fetch(
        self,
        key: str,
        source: TimelineSource | None,
        mode: str,
        cursor: dict[str, Any],
        types: tuple[str, ...] | None,
    ) -> None:
        """Blocks (network): one page of ``source`` (None: notifications or
        conversations), as a message."""
        # Neither answer before the first frame (a page asked for at start, a fast server):
        # Textual's first paint would then be a partial one, of the view alone, and what it
        # leaves out (the top bar) would stay blank until something else changed it.
        try:
            page = self.fetch_page(key, source, cursor, types)
        except ApiError as error:
            self.tootui.first_frame.wait(FIRST_FRAME_WAIT)
            self.post_message(LoadFailed(key, error, mode, self.session.acct))
            return
        self.tootui.first_frame.wait(FIRST_FRAME_WAIT)
        self.post_message(PageLoaded(key, page, mode, self.session.acct))

    def fetch_page(
        self,
        key: str,
        source: TimelineSource | None,
        cursor: dict[str, Any],
        types: tuple[str, ...] | None,
    ) -> Page[Any]:
        """Blocks (network), in ``_fetch``'s worker: one page for the view ``key``. Screens
        that list other things (accounts, hashtags) give their own."""
        client = self.session.client
        if key == "home" and not cursor and (early := self.session.take_home_prefetch()):
            return early.result()  # asked at start, before the app was made
        if source is None and key == CONVERSATIONS:
            return client.conversations(**cursor)
        if source is None:
            return client.notifications(types=types, **cursor)
        return client.timeline(source, **cursor)

    def on_page_loaded(self, message: PageLoaded) -> None:
        if message.view not in self.views:
            return
        view = self.view(message.view)
        page = message.page
        # server filters whose action is "hide" remove the post entirely
        items = [(entry_key(i), i) for i in page.items if not is_hidden(i)]
        label = self.views[message.view].label
        if message.mode == "replace":
            # a refresh of what the cache showed stays on the same post
            keep = view.current.key if view.current is not None else None
            view.set_entries(items, select_key=keep)
            view.older_cursor = page.older
            view.newer_cursor = page.newer
            view.exhausted = page.older is None
            view.empty_text = _("Nothing here yet.")
            self.say(
                _("{view}: {n} loaded").format(
                    view=label, n=localize_digits(str(len(view.entries)))
                ),
                view=message.view,
            )
        elif message.mode == "older":
            view.loading_older = False
            added = view.append(items)
            if page.older is not None and page.items:
                view.older_cursor = page.older
            if page.older is None or not page.items or (not added and not items):
                view.exhausted = True
        else:
            added = view.prepend(items)
            if page.newer:
                view.newer_cursor = page.newer
            self.newer_loaded(message.view, added)
            if page.items and len(page.items) >= 20:
                # more may be waiting: keep going until we have caught up, no gaps
                self.load(message.view, "newer")
        view.refresh()
        self.after_page_loaded(message)

    def after_page_loaded(self, message: PageLoaded) -> None:
        """A hook for screens that do more with a page (cache it, start live updates)."""

    def newer_loaded(self, key: str, added: int) -> None:
        """``added`` newer entries came into view ``key`` from a page the reader asked for."""
        label = self.views[key].label
        self.say(
            _("{view}: {n} new").format(view=label, n=localize_digits(str(added)))
            if added
            else _("{view}: nothing new").format(view=label),
            view=key,
        )

    def on_load_failed(self, message: LoadFailed) -> None:
        if message.view not in self.views:
            return
        view = self.view(message.view)
        view.loading_older = False
        if message.mode == "replace":
            self.loaded.discard(message.view)
            view.empty_text = str(message.error)
            view.refresh()
        error = message.error
        if isinstance(error, NotAuthorised):
            self.session.needs_sign_in = True
            self.error_unauthorised()
        text = str(error)
        if message.mode != "older" and isinstance(error, backoff.RETRYABLE):
            text += " " + self._schedule_retry(message.view, message.mode, error)
        self.say(text, error=True, view=message.view)

    def error_unauthorised(self) -> None:
        """The server refused the token; the main screen says so in its top bar."""

    @on(TimelineView.LoadOlder)
    def _load_older(self, event: TimelineView.LoadOlder) -> None:
        key = key_of(event.timeline)
        if key in self.loaded:
            self.load(key, "older")

    @on(TimelineView.LoadNewer)
    def _load_newer(self, event: TimelineView.LoadNewer) -> None:
        key = key_of(event.timeline)
        if key in self.loaded:
            self.load(key, "newer")

    def action_refresh(self) -> None:
        key = key_of(self.current_view)
        if key in self.views:
            self.load(key, "newer")

    # --- trying again after a failure ---------------------------------------------------

    def _schedule_retry(self, key: str, mode: str, error: ApiError) -> str:
        """Load ``key`` again later (2 s, 4 s, 8 s … at most 60 s); say when."""
        pending = self.retries.get(key)
        attempts = pending.attempts if pending is not None else 0
        if pending is not None and pending.timer is not None:
            pending.timer.stop()
        delay = backoff.load_retry_delay(attempts, error)
        timer = self.set_timer(delay, lambda: self._retry(key), name=f"retry-{key}")
        self.retries[key] = PendingRetry(mode, attempts + 1, timer)
        if isinstance(error, RateLimited) and error.retry_at is not None:
            at = error.retry_at.astimezone().strftime("%H:%M:%S")
            return _("Retrying at {time} (ctrl+r: now).").format(time=at)
        return _("Retrying in {n} s (ctrl+r: now).").format(n=round(delay))

    def _retry(self, key: str) -> None:
        pending = self.retries.get(key)
        if pending is None or key not in self.views:
            self.retries.pop(key, None)
            return
        pending.timer = None  # fired or stopped; the count stays until a load succeeds
        if pending.mode == "replace":
            self.loaded.add(key)
        self.load(key, pending.mode)

    def action_retry_now(self) -> None:
        """Try every failed load on this screen again now, without waiting."""
        waiting = [k for k, p in self.retries.items() if p.timer is not None]
        if not waiting:
            self.say(_("Nothing is waiting to be tried again."))
            return
        for key in waiting:
            timer = self.retries[key].timer
            if timer is not None:
                timer.stop()
            self._retry(key)

    @on(PageLoaded)
    def _loaded_after_all(self, message: PageLoaded) -> None:
        """A load worked: forget its failures (and any retry still waiting)."""
        pending = self.retries.pop(message.view, None)
        if pending is not None and pending.timer is not None:
            pending.timer.stop()
