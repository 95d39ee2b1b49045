"""The main screen: the account's timelines as tabs, a top bar and a status line.

Data flows one way: a key runs an action, the action starts a thread worker that calls
``tootui.api``, the worker posts a message with typed results, and a handler updates the
timeline. Widgets never call the network.

``PostScreen`` holds what every screen that lists posts shares (the main screen, a thread,
a profile): paging, the keys that act on the selected post, and moving between screens.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static

from tootui.api import (
    Account,
    ApiError,
    NotAuthorised,
    Notification,
    Page,
    RateLimited,
    Status,
    TimelineSource,
    backoff,
)
from tootui.api.streaming import StreamName, id_key
from tootui.cache import TimelineCache
from tootui.context import Context, bidi_enabled, context
from tootui.i18n import _, localize_digits, ngettext
from tootui.live import (
    LiveController,
    LiveDelete,
    LiveEdit,
    LiveNotifications,
    LiveState,
    LiveStatuses,
    load_marker,
    save_marker,
)
from tootui.messages import LoadFailed, PageLoaded, Say, StatusChanged
from tootui.render.display import display_line
from tootui.render.sanitize import clean_text, safe_url
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, MultiChoicePrompt, TextPrompt
from tootui.widgets.footer import Footer
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.render.html import Link
    from tootui.screens.report import ReportRequest
    from tootui.session import AccountSession


@dataclass(frozen=True)
class ViewSpec:
    """A tab: its key, its label, and where its entries come from."""

    key: str
    label: str
    source: TimelineSource | None  # None: notifications


_READABLE_KEY = re.compile(r"[a-z][a-z0-9_-]*")


def view_id(key: str) -> str:
    """The widget id of the view ``key``, valid whatever the key holds.

    Keys carry remote or typed text (a hashtag in any script, a list id from any server),
    and widget ids allow only ASCII letters, digits, ``-`` and ``_``: such a key is hashed.
    Readable keys stay readable; a hashed one starts with ``view--``, which no readable key
    can produce, so two keys never share an id.
    """
    if _READABLE_KEY.fullmatch(key):
        return f"view-{key}"
    digest = hashlib.blake2s(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return f"view--{digest}"


def make_view(
    render: Callable[[Any, int, bool], list[Strip]], key: str, **kwargs: Any
) -> TimelineView[Any]:
    """A timeline for the view ``key``: its id from ``view_id``, the key itself as its name."""
    return TimelineView(render, id=view_id(key), name=key, **kwargs)


def key_of(view: TimelineView[Any]) -> str:
    """The view key a timeline was made for (see ``make_view``)."""
    return view.name or ""


def base_views() -> list[ViewSpec]:
    return [
        ViewSpec("home", _("Home"), TimelineSource("home")),
        ViewSpec("local", _("Local"), TimelineSource("local")),
        ViewSpec("federated", _("Federated"), TimelineSource("federated")),
        ViewSpec("notifications", _("Notifications"), None),
    ]


_TAG_EXTRA = {"_", "·", "\u200c"}  # besides letters, marks and digits (Mastodon's rule)


def hashtag_name(text: str) -> str | None:
    """The hashtag in ``text`` ("#شاي", "tea", "##Café"), or None if it cannot be one.

    Typed or remote text: a name holds letters, marks (Arabic vowel signs), digits, ``_``,
    ``·`` and the zero-width non-joiner (Persian), as on Mastodon; nothing else.
    """
    name = text.strip().lstrip("#")
    if not name or len(name) > 100:
        return None
    for char in name:
        if char not in _TAG_EXTRA and unicodedata.category(char)[0] not in "LMN":
            return None
    return name


def hashtag_view(tag: str) -> ViewSpec:
    """The tab for a hashtag (``tag`` as ``hashtag_name`` gives it)."""
    tag = clean_text(tag.strip().lstrip("#"), max_len=100)
    return ViewSpec(f"tag-{tag.casefold()}", "#" + tag, TimelineSource("hashtag", tag))


# (label, notification types) in the order the filter key cycles through them
NOTIFICATION_FILTERS: list[tuple[str, tuple[str, ...] | None]] = [
    (_("All"), None),
    (_("Mentions"), ("mention",)),
    (_("Follows"), ("follow", "follow_request")),
    (_("Boosts & favourites"), ("reblog", "favourite")),
    (_("Polls & edits"), ("poll", "update", "status")),
]


def is_hidden(item: Status | Notification) -> bool:
    """Whether a server filter with the "hide" action removes this entry."""
    status = item.status if isinstance(item, Notification) else item
    if status is None:
        return False
    return any(f.action == "hide" for f in status.target.filtered)


def status_of(item: Any) -> Status | None:
    if isinstance(item, Notification):
        return item.status
    return item if isinstance(item, Status) else None


CACHED_VIEWS = ("home", "notifications")
READ_VIEWS = ("home", "notifications")  # read positions the Markers API keeps
READ_REST_SECONDS = 2.0  # the selection rests this long on a post: save the position
READ_SEEK_PAGES = 5  # older pages loaded at most to open at the last-read post
# The streaming API's name for each kind of timeline that can be live.
LIVE_STREAMS: dict[str, StreamName] = {
    "home": "user",
    "local": "public:local",
    "federated": "public",
    "hashtag": "hashtag",
    "list": "list",
}


def live_stream(spec: ViewSpec | None) -> tuple[StreamName, str] | None:
    """The stream that keeps a tab live (``user`` for home, ``hashtag`` + tag…), if any."""
    if spec is None or spec.source is None or spec.source.kind not in LIVE_STREAMS:
        return None
    return LIVE_STREAMS[spec.source.kind], spec.source.arg


@dataclass(frozen=True)
class Tab:
    """One tab in the top bar: its key and what its label says."""

    key: str
    name: str
    number: int | None = None  # 1-4 for the keys that show them
    note: str = ""  # e.g. the notifications filter ": Mentions"
    unread: int = 0
    active: bool = False

    def label(self, form: str, name_cells: int = 0) -> str:
        """The label in its ``full`` or ``short`` form, or ``fit`` (the name cut to
        ``name_cells``)."""
        count = f" ({localize_digits(str(self.unread))})" if self.unread else ""
        number = f"{self.number}" if self.number is not None else ""
        if form == "short" and number:
            return f" {number}{count} "
        name = self.name + self.note
        if form == "short":
            name = _cut(name, 12)
        elif form == "fit":
            name = _cut(name, name_cells)
        return f" {number + ' ' if number else ''}{name}{count} "


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, an ellipsis marking the cut."""
    if cell_len(text) <= cells:
        return text
    while text and cell_len(text) > max(0, cells - 1):
        text = text[:-1]
    return text + "…"


class TopBar(Static):
    """The account in use and the tabs, the active one highlighted.

    Laid out at its own width: when everything does not fit, the brand goes first, then the
    inactive tabs shrink to their number (and unread count), then the account to its name;
    the active tab and every unread count stay in sight.
    """

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._acct = ""
        self._warning = ""
        self._tabs: list[Tab] = []
        self._bidi = False

    def show(self, acct: str, tabs: list[Tab], *, warning: str = "", bidi: bool = False) -> None:
        """Show ``tabs`` for ``acct``; ``bidi``: put labels in display order (tootui lays
        out right-to-left text itself)."""
        self._acct, self._tabs, self._warning, self._bidi = acct, tabs, warning, bidi
        self.refresh()

    def render(self) -> Text:
        return self.fit(self.size.width or 10_000)

    def fit(self, width: int) -> Text:
        """The bar in at most ``width`` cells (see the class docstring)."""
        user = "@" + self._acct.split("@", 1)[0]
        attempts = [
            (True, "@" + self._acct, "full"),
            (False, "@" + self._acct, "full"),
            (False, "@" + self._acct, "short"),
            (False, user, "short"),
            (False, "", "short"),
        ]
        bar = Text()
        for brand, account, form in attempts:
            bar = self._bar(brand, account, form)
            if bar.cell_len <= width:
                return bar
        # still too wide: only the numbered tabs and the active one, its name cut to fit
        spare = width - self._bar(False, "", "short", others=False).cell_len
        active = next((t for t in self._tabs if t.active), None)
        room = cell_len(active.name + active.note) + spare if active else 0
        bar = self._bar(False, "", "fit", others=False, name_cells=max(1, room))
        bar.truncate(width)
        return bar

    def _bar(
        self, brand: bool, account: str, form: str, *, others: bool = True, name_cells: int = 0
    ) -> Text:
        bidi = self._bidi
        bar = Text()
        if brand:
            bar.append(" tootui ", "bold reverse")
        if account:
            bar.append(" " + account + " ", "bold")
        if self._warning:
            bar.append(self._warning + " ", "bold red")
        hidden = 0
        for tab in self._tabs:
            if tab.active:
                label = tab.label("full" if form != "fit" else "fit", name_cells)
            elif form == "full":
                label = tab.label("full")
            elif others or tab.number is not None or tab.unread:
                label = tab.label("short")
            else:
                hidden += 1
                continue
            label = display_line(label, enabled=bidi).plain  # Arabic tab names
            bar.append("│")
            bar.append(label, "bold reverse" if tab.active else "")
        if hidden:
            bar.append("│ +" + localize_digits(str(hidden)) + " ")
        return bar


class StatusLine(Static):
    """One line for what just happened (loaded, boosted, or what went wrong)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._said: dict[str, tuple[str, bool]] = {}  # view key -> its last sentence
        self._view: str | None = None  # the view on screen (None: a screen of one view)

    def say(self, text: str, *, error: bool = False, view: str | None = None) -> None:
        """Say ``text`` about ``view`` (the one on screen if None): shown while it is."""
        key = view if view is not None else (self._view or "")
        self._said[key] = (text, error)
        if self._view is None or key == self._view:
            self._draw(text, error)

    def show_view(self, key: str) -> None:
        """``key`` is now the view on screen: show what was last said about it."""
        self._view = key
        self._draw(*self._said.get(key, ("", False)))

    def forget_view(self, key: str) -> None:
        """The view ``key`` is gone (a closed tab): its sentence goes too."""
        self._said.pop(key, None)

    def said(self, key: str) -> str:
        """The last sentence about view ``key`` (shown or not)."""
        return self._said.get(key, ("", False))[0]

    def _draw(self, text: str, error: bool) -> None:
        self.set_class(error, "-error")
        # tootui's own words (Arabic ones too) in display order when tootui reorders text
        self.update(display_line(text, enabled=bidi_enabled(self)))


@dataclass
class ShowProfile(Message):
    """A worker found the account to show (a mention resolved by lookup)."""

    account: Account


@dataclass
class OpenView(Message):
    """A worker learned enough to open a tab (your own posts, a chosen list)."""

    spec: ViewSpec


@dataclass
class ListsLoaded(Message):
    lists: list[tuple[str, str]]


# --- moving between screens -------------------------------------------------------------


def main_screen_of(app: Any) -> MainScreen | None:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, MainScreen):
            return screen
    return None


def show_hashtag(app: Any, tag: str) -> None:
    """Back to the main screen, on a tab for ``tag``."""
    main = main_screen_of(app)
    name = hashtag_name(tag)
    if main is None:
        return
    if name is None:
        app.notify(_("“{tag}” is not a hashtag.").format(tag=clean_text(tag, max_len=100)))
        return
    while app.screen is not main:
        app.pop_screen()
    main.open_view(hashtag_view(name))


def show_profile(app: Any, session: AccountSession, account: Account) -> None:
    from tootui.screens.profile import ProfileScreen

    app.push_screen(ProfileScreen(session, account))


def show_thread(app: Any, session: AccountSession, status: Status) -> None:
    from tootui.screens.thread import ThreadScreen

    app.push_screen(ThreadScreen(session, status.target))


@dataclass
class PendingRetry:
    """A view whose load failed: how to load it, how often it failed, the waiting timer."""

    mode: str
    attempts: int
    timer: Timer | None


class PostScreen(Screen[None]):
    """A screen of timelines whose selected post the keys act on."""

    BINDINGS = [
        Binding("enter,t", "thread", _("Thread"), id="status.thread"),
        Binding("a", "author", _("Author"), id="status.author"),
        Binding("b", "boost", _("Boost"), id="status.boost"),
        Binding("f", "favourite", _("Favourite"), id="status.favourite"),
        Binding("B", "bookmark", _("Bookmark"), id="status.bookmark"),
        Binding("r", "post_action('reply')", _("Reply"), id="status.reply"),
        Binding("e", "post_action('edit')", _("Edit"), show=False, id="status.edit"),
        Binding("d", "post_action('delete')", _("Delete"), show=False, id="status.delete"),
        Binding(
            "D", "post_action('redraft')", _("Delete & redraft"), show=False, id="status.redraft"
        ),
        Binding("o", "links", _("Links"), id="status.links"),
        Binding("v", "open_in_browser", _("Open in browser"), show=False, id="status.browser"),
        Binding("y", "copy_link", _("Copy link"), show=False, id="status.copy_link"),
        Binding("V", "vote", _("Vote in poll"), show=False, id="status.vote"),
        Binding("M", "mute_author", _("Mute author"), show=False, id="status.mute_author"),
        Binding("ctrl+x", "block_author", _("Block author"), show=False, id="status.block_author"),
        Binding("m", "mute_conversation", _("Mute conversation"), show=False, id="status.mute"),
        Binding("exclamation_mark", "report", _("Report"), show=False, id="status.report"),
        Binding("T", "toggle_times", _("Absolute times"), show=False, id="view.absolute_times"),
        Binding("slash", "search", _("Search"), id="app.search"),
        Binding("ctrl+r", "retry_now", _("Retry now"), show=False, id="timeline.retry"),
    ]

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

    def say(self, text: str, *, error: bool = False, view: str | None = None) -> None:
        """Say ``text`` on the status line, about ``view`` (the one on screen if None)."""
        self.query_one(StatusLine).say(text, error=error, view=view)

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
                self.app.call_from_thread(failed)
            return
        if done:
            self.post_message(Say(done))
        message = reply(result) if reply is not None else None
        if message is not None:
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
        self._fetch(key, mode, cursor, self.notification_types())

    @work(thread=True, group="timeline", exit_on_error=False)
    def _fetch(
        self, key: str, mode: str, cursor: dict[str, Any], types: tuple[str, ...] | None
    ) -> None:
        spec = self.views[key]
        client = self.session.client
        try:
            if spec.source is None:
                page: Page[Any] = client.notifications(types=types, **cursor)
            else:
                page = client.timeline(spec.source, **cursor)
        except ApiError as error:
            self.post_message(LoadFailed(key, error, mode, self.session.acct))
            return
        self.post_message(PageLoaded(key, page, mode, self.session.acct))

    def on_page_loaded(self, message: PageLoaded) -> None:
        if message.view not in self.views:
            return
        view = self.view(message.view)
        page = message.page
        # server filters whose action is "hide" remove the post entirely
        items = [(self._entry_key(i), i) for i in page.items if not is_hidden(i)]
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

    def error_unauthorised(self) -> None:
        """The server refused the token; the main screen says so in its top bar."""

    @staticmethod
    def _entry_key(item: Status | Notification) -> str:
        if isinstance(item, Notification):
            return item.group_key or item.id
        return item.id

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

    # --- boost, favourite, bookmark ----------------------------------------------------

    def _toggle(self, attribute: str, word_on: str, word_off: str) -> None:
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        new_state = not getattr(target, attribute)
        self.apply_flag_everywhere(target.id, attribute, new_state)  # instant feedback
        self.say(word_on if new_state else word_off)
        self._send_toggle(target.id, attribute, new_state)

    def apply_flag_everywhere(self, status_id: str, attribute: str, state: bool) -> None:
        """Show a flag on every open screen's copy of the post."""
        for screen in self.app.screen_stack:
            if isinstance(screen, PostScreen):
                screen._apply_flag(status_id, attribute, state)

    def _apply_flag(self, status_id: str, attribute: str, state: bool) -> None:
        counters = {"reblogged": "reblogs_count", "favourited": "favourites_count"}
        for view in self.query(TimelineView):
            for entry in list(view.entries):
                item = entry.item
                status = status_of(item)
                if status is None or status.target.id != status_id:
                    continue
                target = status.target
                if getattr(target, attribute) == state:
                    continue
                changes: dict[str, Any] = {attribute: state}
                if attribute in counters:
                    count = getattr(target, counters[attribute]) + (1 if state else -1)
                    changes[counters[attribute]] = max(0, count)
                new_target = replace(target, **changes)
                new_status = (
                    replace(status, reblog=new_target) if status.reblog is not None else new_target
                )
                if isinstance(item, Notification):
                    view.replace(entry.key, replace(item, status=new_status))
                else:
                    view.replace(entry.key, new_status)

    @work(thread=True, group="actions", exit_on_error=False)
    def _send_toggle(self, status_id: str, attribute: str, state: bool) -> None:
        client = self.session.client
        calls = {
            "reblogged": client.boost,
            "favourited": client.favourite,
            "bookmarked": client.bookmark,
        }
        try:
            calls[attribute](status_id, state)
        except ApiError as error:
            self.app.call_from_thread(self.apply_flag_everywhere, status_id, attribute, not state)
            self.post_message(Say(str(error), error=True))

    def action_boost(self) -> None:
        self._toggle("reblogged", _("Boosted."), _("Boost removed."))

    def action_favourite(self) -> None:
        self._toggle("favourited", _("Favourited."), _("Favourite removed."))

    def action_bookmark(self) -> None:
        self._toggle("bookmarked", _("Bookmarked."), _("Bookmark removed."))

    def action_post_action(self, what: str) -> None:
        """Reply to, edit, delete or delete-and-redraft the selected post."""
        from tootui.screens.compose import act_on

        if (status := self.selected_status()) is not None:
            act_on(what, self, self.session, status)

    def on_status_changed(self, message: StatusChanged) -> None:
        for view in self.query(TimelineView):
            if view.index_of(message.status.id) is not None:
                view.replace(message.status.id, message.status)

    # --- going places ------------------------------------------------------------------

    def action_thread(self) -> None:
        status = self.selected_status()
        if status is not None:
            show_thread(self.app, self.session, status)
        else:
            self.action_author()  # a follow (or sign-up) notification: who it is about

    def action_author(self) -> None:
        entry = self.current_view.current
        if entry is None:
            return
        item = entry.item
        if isinstance(item, Notification) and item.status is None:
            account = item.account
        else:
            status = status_of(item)
            account = status.target.account if status is not None else None
        if account is not None:
            show_profile(self.app, self.session, account)

    def action_search(self) -> None:
        from tootui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.session))

    def action_links(self) -> None:
        from tootui.screens.links import LinksScreen, links_of

        status = self.selected_status()
        if status is None:
            return
        links = links_of(status.target)
        if not links:
            self.say(_("This post has no links, mentions or tags."))
            return

        def chosen(link: Link | None) -> None:
            if link is not None:
                self.follow_link(status.target, link)

        self.app.push_screen(LinksScreen(links), chosen)

    def follow_link(self, status: Status, link: Link) -> None:
        if link.kind == "hashtag" and link.name:
            show_hashtag(self.app, link.name)
        elif link.kind == "mention":
            mention = next(
                (m for m in status.mentions if m.url == link.url or m.acct == link.name), None
            )
            if mention is not None:
                client = self.session.client
                self.send(lambda: client.account(mention.id), "", lambda acct: ShowProfile(acct))
            elif link.name:
                client = self.session.client
                name = link.name
                self.send(lambda: client.lookup(name), "", lambda acct: ShowProfile(acct))
        elif link.url:
            self.confirm_open(link.url)

    def on_show_profile(self, message: ShowProfile) -> None:
        show_profile(self.app, self.session, message.account)

    def confirm_open(self, url: str) -> None:
        """Open an http(s) address in the browser after showing where it really goes."""
        real = safe_url(url)
        if real is None:
            self.say(_("Only http and https addresses are opened."), error=True)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.open_url(real)

        self.app.push_screen(
            ConfirmPrompt(_("Open this address in your browser?"), detail=Text(real)), answer
        )

    def open_url(self, url: str) -> None:
        self.say(_("Opening {url}").format(url=url))
        self._browse(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _browse(self, url: str) -> None:
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error as error:
            self.post_message(Say(str(error), error=True))
            return
        if not opened:
            self.post_message(Say(_("No browser could open {url}").format(url=url), error=True))

    def _post_url(self) -> str | None:
        status = self.selected_status()
        if status is None:
            return None
        return safe_url(status.target.url) or safe_url(status.target.uri)

    def action_open_in_browser(self) -> None:
        url = self._post_url()
        if url is None:
            self.say(_("This post has no web address."), error=True)
            return
        self.open_url(url)

    def action_copy_link(self) -> None:
        url = self._post_url()
        if url is None:
            self.say(_("This post has no web address."), error=True)
            return
        self.app.copy_to_clipboard(url)
        self.say(_("Copied {url}").format(url=url))

    # --- polls -------------------------------------------------------------------------

    def action_vote(self) -> None:
        status = self.selected_status()
        poll = status.target.poll if status is not None else None
        if status is None or poll is None:
            self.say(_("This post has no poll."))
            return
        if poll.expired:
            self.say(_("This poll has ended."))
            return
        if poll.voted:
            self.say(_("You have already voted in this poll."))
            return
        titles = [clean_text(option.title, max_len=200) for option in poll.options]
        target = status.target
        client = self.session.client

        def vote(choices: list[int] | None) -> None:
            if not choices or poll is None:
                return
            poll_id = poll.id
            self.send(
                lambda: client.vote(poll_id, choices),
                _("Vote sent."),
                lambda new_poll: StatusChanged(replace(target, poll=new_poll)),
            )

        if poll.multiple:
            self.app.push_screen(MultiChoicePrompt(_("Vote (several choices)"), titles), vote)
        else:
            self.app.push_screen(
                ChoicePrompt(_("Vote"), [(str(i), t) for i, t in enumerate(titles)]),
                lambda value: vote([int(value)] if value is not None else None),
            )

    # --- moderation --------------------------------------------------------------------

    def _author(self) -> Account | None:
        status = self.selected_status()
        return status.target.account if status is not None else None

    def confirm_then(self, question: str, detail: str, then: Callable[[], object]) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    def relationship_changed(self, account: Account, relationship: Any) -> Message | None:
        """A hook for screens that show a relationship (the profile)."""
        return None

    def _confirm_relation(
        self,
        account: Account,
        call: Callable[[str], Any],
        question: str,
        detail: str,
        done: str,
    ) -> None:
        """Ask ``question`` about ``account``, then ``call`` the server and say ``done``."""
        who = "@" + clean_text(account.acct, max_len=120)
        self.confirm_then(
            question.format(who=who),
            detail,
            lambda: self.send(
                lambda: call(account.id),
                done.format(who=who),
                lambda rel: self.relationship_changed(account, rel),
            ),
        )

    def mute_account(self, account: Account) -> None:
        self._confirm_relation(
            account,
            self.session.client.mute,
            _("Mute {who}?"),
            _("Their posts and notifications will be hidden from you."),
            _("Muted {who}."),
        )

    def block_account(self, account: Account) -> None:
        self._confirm_relation(
            account,
            self.session.client.block,
            _("Block {who}?"),
            _("They will not be able to follow you or see your posts."),
            _("Blocked {who}."),
        )

    def action_mute_author(self) -> None:
        account = self._author()
        if account is not None:
            self.mute_account(account)

    def action_block_author(self) -> None:
        account = self._author()
        if account is not None:
            self.block_account(account)

    def action_mute_conversation(self) -> None:
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        client = self.session.client
        on_now = not target.muted
        self.send(
            lambda: client.mute_conversation(target.id, on_now),
            _("Conversation muted.") if on_now else _("Conversation unmuted."),
            lambda new: (
                StatusChanged(replace(status, muted=new.muted)) if status.reblog is None else None
            ),
        )

    def report_account(
        self, account: Account, status: Status | None, previous: ReportRequest | None = None
    ) -> None:
        """The report dialog; a report the server refuses comes back as it was written."""
        from tootui.screens.report import ReportScreen

        client = self.session.client

        def send(request: ReportRequest | None) -> None:
            if request is None:
                return
            self.send(
                lambda: client.report(
                    account.id,
                    status_ids=request.status_ids,
                    comment=request.comment,
                    category=request.category,
                    forward=request.forward,
                    rule_ids=request.rule_ids,
                ),
                _("Report sent to the moderators."),
                failed=lambda: self.report_account(account, status, request),
            )

        dialog = ReportScreen(account, status, local_host=self.session.host, previous=previous)
        self.app.push_screen(dialog, send)

    def action_report(self) -> None:
        status = self.selected_status()
        if status is not None:
            self.report_account(status.target.account, status.target)

    # --- display -----------------------------------------------------------------------

    def action_toggle_times(self) -> None:
        """Absolute or relative times, for this session (not saved)."""
        app = self.tootui
        app.config = replace(app.config, absolute_times=not app.config.absolute_times)
        for screen in self.app.screen_stack:
            for view in screen.query(TimelineView):
                view.invalidate()
        self.say(_("Absolute times.") if app.config.absolute_times else _("Relative times."))


class GoPrefix(ModalScreen[str | None]):
    """After ``g``: the next key says where to go. A hint line shows the choices.

    A tiny modal whose bindings are the second keys, so each is a real ``Binding`` (shown in
    help and docs, remappable) and no key dispatcher is needed; Esc leaves.
    """

    DEFAULT_CSS = """
    GoPrefix { background: transparent; align: left bottom; }
    GoPrefix > Static { height: 1; width: 100%; background: $accent; color: $text; }
    """

    BINDINGS = [
        Binding("h", "go('home')", _("Home"), id="go.home"),
        Binding("l", "go('local')", _("Local"), id="go.local"),
        Binding("f", "go('federated')", _("Federated"), id="go.federated"),
        Binding("n", "go('notifications')", _("Notifications"), id="go.notifications"),
        Binding("g", "go('first')", _("First post"), id="go.first"),
        Binding("t", "go('hashtag')", _("Hashtag…"), id="go.hashtag"),
        Binding("b", "go('bookmarks')", _("Bookmarks"), id="go.bookmarks"),
        Binding("F", "go('favourites')", _("Favourites"), id="go.favourites"),
        Binding("L", "go('lists')", _("Lists…"), id="go.lists"),
        Binding("u", "go('mine')", _("Your posts"), id="go.mine"),
        Binding("escape,q", "go('')", _("Cancel"), id="go.cancel"),
    ]

    def compose(self) -> ComposeResult:
        yield Static()

    def on_mount(self) -> None:
        # The keys as they are now (a keymap may have changed them), shown as the key bar
        # shows keys; each binding once, by its first key.
        hint = Text(" g → ", "bold")
        seen: set[str] = set()
        parts = []
        for active in self.active_bindings.values():
            binding = active.binding
            if active.node is self and binding.id and binding.id not in seen:
                seen.add(binding.id)
                parts.append(f"{self.app.get_key_display(binding)} {binding.description}")
        hint.append("  ".join(parts))
        self.query_one(Static).update(hint)

    def action_go(self, where: str) -> None:
        self.dismiss(where or None)


class MainScreen(PostScreen):
    """Timelines for the current account."""

    BINDINGS = [
        Binding("1", "show('home')", _("Home"), id="view.home"),
        Binding("2", "show('local')", _("Local"), id="view.local"),
        Binding("3", "show('federated')", _("Federated"), id="view.federated"),
        Binding("4", "show('notifications')", _("Notifications"), id="view.notifications"),
        Binding("g", "go_prefix", _("Go to…"), id="view.go"),
        Binding("number_sign", "hashtag", _("Hashtag"), show=False, id="view.hashtag"),
        Binding("full_stop,R", "refresh", _("Load newer"), id="timeline.refresh"),
        Binding("F", "filter_notifications", _("Filter"), show=False, id="view.filter"),
        Binding("A", "follow_request(True)", _("Accept"), show=False, id="request.accept"),
        Binding("X", "follow_request(False)", _("Reject"), show=False, id="request.reject"),
        Binding("w", "close_tab", _("Close tab"), show=False, id="view.close"),
    ]

    def __init__(self, session: AccountSession) -> None:
        super().__init__(session)
        self.views = {v.key: v for v in base_views()}
        self.active = "home"
        self.notification_filter = 0
        self.cache = TimelineCache(session.acct)
        self.live: dict[str, LiveController] = {}
        # view -> keys of entries that arrived above the reader and are not reached yet
        self.new_above: dict[str, set[str]] = {}
        self._waiting_said: dict[str, str] = {}  # view -> the "N new above" sentence
        self._to_newest: set[str] = set()  # views where "." waits for newer posts to show
        self._init_read_positions()

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Vertical(id="body"):
            with ContentSwitcher(initial=view_id("home"), id="switcher"):
                for spec in self.views.values():
                    yield self._make_view(spec)
        yield StatusLine(id="statusline")
        yield Footer()

    def _make_view(self, spec: ViewSpec) -> TimelineView[Any]:
        render = self.render_notification if spec.source is None else self.render_status
        return make_view(render, spec.key, empty_text=_("Loading…"))

    def on_mount(self) -> None:
        self._draw_topbar()
        self.action_show("home")

    def _draw_topbar(self) -> None:
        tabs = []
        for number, spec in enumerate(self.views.values(), start=1):
            note = ""
            unread = self.unread.get(spec.key, 0)
            if spec.key == "notifications":
                if self.notification_filter:
                    note = ": " + NOTIFICATION_FILTERS[self.notification_filter][0]
                unread = self.session.unread_notifications
            tabs.append(
                Tab(
                    spec.key,
                    spec.label,
                    number if number <= 4 else None,
                    note,
                    unread,
                    spec.key == self.active,
                )
            )
        warning = _("(sign in again)") if self.session.needs_sign_in else ""
        self.query_one(TopBar).show(self.session.acct, tabs, warning=warning, bidi=self.tootui.bidi)

    def error_unauthorised(self) -> None:
        self._draw_topbar()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view(self.active)

    def notification_types(self) -> tuple[str, ...] | None:
        return NOTIFICATION_FILTERS[self.notification_filter][1]

    # --- views ------------------------------------------------------------------------

    def action_show(self, key: str) -> None:
        if key not in self.views:
            return
        self.active = key
        self.query_one(ContentSwitcher).current = view_id(key)
        self.query_one(StatusLine).show_view(key)
        self._draw_topbar()
        view = self.view(key)
        view.focus()
        if key not in self.loaded:
            self.loaded.add(key)
            if key in CACHED_VIEWS and not view.entries:
                # what was on screen last time, at once; the server's answer replaces it
                cached = [i for i in self.cache.load(key) if not is_hidden(i)]
                if cached:
                    view.set_entries([(self._entry_key(i), i) for i in cached])
            self.load(key, "replace")

    # --- cache and live updates ----------------------------------------------------------

    def after_page_loaded(self, message: PageLoaded) -> None:
        if message.view not in self.views or message.acct != self.session.acct:
            return
        view = self.view(message.view)
        if message.view in CACHED_VIEWS and message.mode != "older":
            self._save_cache(message.view, [entry.item for entry in view.entries[:80]])
        if message.mode == "replace" and live_stream(self.views.get(message.view)):
            self._start_live(message.view)
        if message.view in READ_VIEWS:
            self._read_page_loaded(message)

    @work(thread=True, group="cache", exit_on_error=False)
    def _save_cache(self, key: str, items: list[Any]) -> None:
        self.cache.save(key, items)

    def _start_live(self, key: str) -> None:
        if not self.tootui.config.streaming or key in self.live:
            return
        view = self.view(key)
        newest = next((e.item for e in view.entries if isinstance(e.item, Status)), None)
        found = live_stream(self.views.get(key))
        if found is None:
            return
        stream, arg = found
        config = self.tootui.config
        controller = LiveController(
            self,
            self.session.client,
            key,
            stream,
            arg,
            poll_interval=config.poll_interval,
            transport=config.streaming_transport,
        )
        self.live[key] = controller
        # An empty view starts from the beginning ("0"), so a post made while the stream
        # connects is fetched by the stream's first gap fill instead of being lost.
        controller.start(since_id=newest.id if newest else "0")

    # New posts and notifications go into their view as they arrive. A reader at the top
    # sees them come in; anywhere else nothing on screen moves, the status line says how
    # many wait above, and ``.`` (or ``g g``, or ``k`` up to them) goes there.

    def on_live_statuses(self, message: LiveStatuses) -> None:
        key = message.view_key
        if key not in self.views:
            return
        view = self.view(key)
        items = [s for s in message.statuses if not is_hidden(s)]
        me = self.session.me
        own = bool(items) and me is not None and items[0].account.id == me.id
        at_top = view.at_top
        added = view.prepend([(self._entry_key(s), s) for s in items])
        if not added:
            return
        if own and at_top:
            view.go_to_first()  # your own new post: shown, and read (you wrote it)
            return
        self._arrived(key, view, added, at_top)

    def on_live_notifications(self, message: LiveNotifications) -> None:
        self.session.unread_notifications += len(message.notifications)
        self._draw_topbar()
        if self.tootui.config.bell_on_mention and any(
            n.type == "mention" for n in message.notifications
        ):
            self.app.bell()
        if "notifications" in self.loaded and not self.notification_filter:
            view = self.view("notifications")
            at_top = view.at_top
            added = view.prepend([(self._entry_key(n), n) for n in message.notifications])
            if added:
                self._arrived("notifications", view, added, at_top)

    def _arrived(self, key: str, view: TimelineView[Any], added: int, at_top: bool) -> None:
        """``added`` entries came in on top of ``key``: say so, on its own status line."""
        label = self.views[key].label
        count = localize_digits(str(added))
        if at_top:
            self.say(_("{view}: {n} new").format(view=label, n=count), view=key)
            return
        waiting = self.new_above.setdefault(key, set())
        waiting.update(entry.key for entry in view.entries[:added])
        self._say_waiting(key)

    def _say_waiting(self, key: str) -> None:
        n = len(self.new_above.get(key, ()))
        if key == "notifications":
            text = ngettext("{n} new notification above", "{n} new notifications above", n)
        else:
            text = ngettext("{n} new post above", "{n} new posts above", n)
        sentence = text.format(n=localize_digits(str(n))) + " — " + _("press . to go to them")
        self._waiting_said[key] = sentence
        self.say(sentence, view=key)

    @on(TimelineView.Selected)
    def _reached_new(self, event: TimelineView.Selected) -> None:
        """Entries the reader has moved up to no longer wait above."""
        key = key_of(event.timeline)
        waiting = self.new_above.get(key)
        if not waiting:
            return
        view = event.timeline
        still = {k for k in waiting if (at := view.index_of(k)) is not None and at < view.selected}
        if len(still) == len(waiting):
            return
        self.new_above[key] = still
        if self.query_one(StatusLine).said(key) != self._waiting_said.get(key):
            return  # something else was said since: leave it
        if still:
            self._say_waiting(key)
        else:
            self._waiting_said.pop(key, None)
            self.say("", view=key)

    def on_live_edit(self, message: LiveEdit) -> None:
        for view in self.query(TimelineView):
            if view.index_of(message.status.id) is not None:
                view.replace(message.status.id, message.status)

    def on_live_delete(self, message: LiveDelete) -> None:
        for view in self.query(TimelineView):
            view.remove_entry(message.status_id)
        for waiting in self.new_above.values():
            waiting.discard(message.status_id)

    def on_live_state(self, message: LiveState) -> None:
        error = not message.connected and not message.polling
        self.say(message.text, error=error, view=message.view_key)

    def action_refresh(self) -> None:
        """Go to what is new: the posts waiting above, else what the server has newer."""
        key = self.active
        view = self.current_view
        waiting = [k for k in self.new_above.pop(key, ()) if view.index_of(k) is not None]
        if waiting:
            view.go_to_first()
            label = self.views[key].label
            self.say(_("{view}: {n} new").format(view=label, n=localize_digits(str(len(waiting)))))
            return
        self._to_newest.add(key)
        super().action_refresh()

    def newer_loaded(self, key: str, added: int) -> None:
        super().newer_loaded(key, added)
        if key in self._to_newest:
            if added:  # asked for by ".": show them
                self.view(key).go_to_first()
            if added < 20:  # caught up (a full page means another is on its way)
                self._to_newest.discard(key)

    def on_unmount(self) -> None:
        for controller in self.live.values():
            controller.stop(timeout=0.2)
        self.live.clear()
        self.save_read_positions(final=True)

    # --- read position (Markers API) and unread counts -------------------------------

    def _init_read_positions(self) -> None:
        # view -> the newest entry id read; a key is present once the saved one is known
        self.last_read: dict[str, str | None] = {}
        self.unread: dict[str, int] = {}  # view -> entries above the last-read one
        self._read_saved: dict[str, str | None] = {}  # what the server/file holds
        self._read_ready: set[str] = set()  # placed on a server page: moves now count
        self._read_paged: set[str] = set()  # views that have had a page from the server
        self._read_seek: dict[str, int] = {}  # older pages loaded to find the position
        self._divider: dict[str, tuple[str, str]] = {}  # view -> (entry key, item id)
        self._read_timer: Timer | None = None
        self.final_read_save: threading.Thread | None = None  # the save started on unmount

    @on(events.Mount)
    def _start_read_positions(self) -> None:
        self._load_read_positions(self.session.acct)

    @work(thread=True, group="read-position", exit_on_error=False)
    def _load_read_positions(self, acct: str) -> None:
        client = self.session.client
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
                self.log.warning(f"read position of {key}: {error}")
                continue
            self.post_message(ReadPositionLoaded(key, marker, unread, acct))

    def on_read_position_loaded(self, message: ReadPositionLoaded) -> None:
        if message.acct != self.session.acct or message.view in self.last_read:
            return
        self.last_read[message.view] = message.last_read_id
        self._read_saved[message.view] = message.last_read_id
        if message.unread is not None and "notifications" not in self._read_ready:
            self.session.unread_notifications = message.unread
            self._draw_topbar()
        self._place_read_position(message.view)

    def _read_page_loaded(self, message: PageLoaded) -> None:
        """After a page of home or notifications: find the read position, or recount."""
        key = message.view
        if message.mode == "replace":
            self._read_paged.add(key)
        if key in self._read_ready:
            self._update_read_marks(key)
        else:
            self._place_read_position(key)

    def _place_read_position(self, key: str) -> None:
        """Open ``key`` at its last-read entry once both it and a server page are here.

        A position older than what is loaded pulls older pages, at most READ_SEEK_PAGES.
        """
        if key not in self.last_read or key in self._read_ready or key not in self.views:
            return
        if key == "notifications" and self.notification_filter:
            return  # a filtered list says nothing about what was read
        view = self.view(key)
        marker = self.last_read[key]
        index = self._last_read_index(view, marker)
        if index is not None:
            self._select_entry(view, index)  # also on the cached entries, for a quick start
        if key not in self._read_paged:
            return
        seek = self._read_seek.get(key, 0)
        if marker and index is None and view.entries and not view.exhausted:
            if seek < READ_SEEK_PAGES:
                self._read_seek[key] = seek + 1
                self.load(key, "older")
                return
        if not marker and view.current is not None:
            # nothing saved yet: the post on screen is where reading starts; it is saved
            # once the reader moves up from it, not merely because the app opened
            seen = str(getattr(view.current.item, "id", "")) or None
            self.last_read[key] = self._read_saved[key] = seen
        self._read_ready.add(key)
        self._update_read_marks(key)

    @staticmethod
    def _last_read_index(view: TimelineView[Any], marker: str | None) -> int | None:
        """The newest entry at or below ``marker`` (a deleted post's neighbour does)."""
        if not marker:
            return None
        index = view.index_of(marker)
        if index is not None:
            return index
        limit = id_key(marker)
        for i, entry in enumerate(view.entries):
            if id_key(str(getattr(entry.item, "id", ""))) <= limit:
                return i
        return None

    @staticmethod
    def _select_entry(view: TimelineView[Any], index: int) -> None:
        if view.selected != index:
            view.selected = index
        view.scroll_to(y=view.region_of(index).y, animate=False, immediate=True)

    @on(TimelineView.Selected)
    def _reading(self, event: TimelineView.Selected) -> None:
        """The selected entry has been seen: the read position moves up to it, never down."""
        key = key_of(event.timeline)
        if key not in self._read_ready or event.entry is not event.timeline.current:
            return  # not placed yet, or a selection a newer change already replaced
        if key == "notifications" and self.notification_filter:
            return
        seen = str(getattr(event.entry.item, "id", ""))
        current = self.last_read.get(key)
        if not seen or (current and id_key(seen) <= id_key(current)):
            return
        self.last_read[key] = seen
        self._update_read_marks(key)
        # saved once the selection rests; each move restarts the wait, no timer when idle
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = self.set_timer(READ_REST_SECONDS, self.save_read_positions)

    def _update_read_marks(self, key: str) -> None:
        """Recount ``key``'s unread entries and move its divider (two entries redrawn)."""
        if key not in self._read_ready or key not in self.views:
            return
        view = self.view(key)
        marker = self.last_read.get(key)
        index = self._last_read_index(view, marker)
        above = index if index is not None else (len(view.entries) if marker else 0)
        unread = above
        divider = None
        if index is not None and index > 0:
            entry = view.entries[index]
            divider = (entry.key, str(getattr(entry.item, "id", "")))
        old = self._divider.pop(key, None)
        if divider is not None:
            self._divider[key] = divider
        if old != divider:
            for changed in (old, divider):
                at = view.index_of(changed[0]) if changed is not None else None
                if at is not None:
                    view.replace(view.entries[at].key, view.entries[at].item)
        if key == "notifications":
            changed_count = self.session.unread_notifications != unread
            self.session.unread_notifications = unread
        else:
            changed_count = self.unread.get(key, 0) != unread
            self.unread[key] = unread
        if changed_count:
            self._draw_topbar()

    @on(LiveStatuses)
    @on(LiveDelete)
    def _live_changed_home(self, message: LiveStatuses | LiveDelete) -> None:
        # runs before the screen's own handler: recount once the posts are in place
        if "home" in self._read_ready:
            self.call_later(self._update_read_marks, "home")

    @on(LiveNotifications)
    def _live_changed_notifications(self, message: LiveNotifications) -> None:
        if "notifications" in self._read_ready:
            self.call_later(self._update_read_marks, "notifications")

    def render_status(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        strips = super().render_status(status, width, revealed)
        divider = self._divider.get("home")
        if divider is not None and divider[1] == status.id:
            return [self._divider_strip(width), *strips]
        return strips

    def render_notification(self, note: Notification, width: int, revealed: bool) -> list[Strip]:
        strips = super().render_notification(note, width, revealed)
        divider = self._divider.get("notifications")
        if divider is not None and divider[1] == note.id:
            return [self._divider_strip(width), *strips]
        return strips

    def _divider_strip(self, width: int) -> Strip:
        """ "── last read ───…": newer entries above it are unread."""
        label = "── " + _("last read") + " "
        line = label + "─" * max(0, width - cell_len(label))
        color = self.app.current_theme.accent or "yellow"
        return Strip([Segment(line, Style(color=color, bold=True))]).crop_extend(0, width, None)

    def save_read_positions(self, *, final: bool = False) -> None:
        """Save the read positions that moved since the last save, off the UI thread."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        changes: dict[str, str] = {}
        for key, last_read in self.last_read.items():
            if last_read and key in self._read_ready and last_read != self._read_saved.get(key):
                changes[key] = last_read
                self._read_saved[key] = last_read
        if not changes:
            return
        if final:
            # On unmount (quit) the screen's workers are cancelled; a plain thread that
            # is not a daemon still finishes the save while the app closes.
            self.final_read_save = threading.Thread(
                target=self._write_read_positions, args=(changes,), name="tootui-markers"
            )
            self.final_read_save.start()
        else:
            self._save_read_positions(changes)

    @work(thread=True, group="read-position", exit_on_error=False)
    def _save_read_positions(self, changes: dict[str, str]) -> None:
        problem = self._write_read_positions(changes)
        if problem:
            self.post_message(Say(problem, error=True))

    def _write_read_positions(self, changes: dict[str, str]) -> str:
        """Blocks (network): the Markers API, and always the local file. The error, if any."""
        problem = ""
        for key, last_read in changes.items():
            try:
                save_marker(self.session.client, key, last_read, acct=self.session.acct)
            except ApiError as error:
                problem = str(error)
        return problem

    def on_screen_suspend(self) -> None:
        # another account, or a thread/profile/compose screen on top: save now
        self.save_read_positions()

    @on(events.DescendantBlur)
    def _left_view(self, event: events.DescendantBlur) -> None:
        widget = event.widget
        if isinstance(widget, TimelineView) and key_of(widget) in READ_VIEWS:
            self.save_read_positions()

    def open_view(self, spec: ViewSpec) -> None:
        """Add (or go to) a tab for a hashtag, list, bookmarks, favourites or an account."""
        if spec.key not in self.views:
            self.views[spec.key] = spec
            self.query_one(ContentSwitcher).mount(self._make_view(spec))
        self.action_show(spec.key)

    def on_open_view(self, message: OpenView) -> None:
        self.open_view(message.spec)

    def action_close_tab(self) -> None:
        """Close an added tab (the four first ones stay)."""
        key = self.active
        if key in {v.key for v in base_views()}:
            return
        del self.views[key]
        self.loaded.discard(key)
        controller = self.live.pop(key, None)
        if controller is not None:
            controller.stop(timeout=0.2)  # its stream is unsubscribed, or its connection closed
        self.new_above.pop(key, None)
        self._waiting_said.pop(key, None)
        self._to_newest.discard(key)
        self.query_one(StatusLine).forget_view(key)
        self.action_show("home")
        self.query_one(ContentSwitcher).remove_children([self.view(key)])

    def action_go_prefix(self) -> None:
        targets: dict[str, Callable[[], None]] = {
            "home": lambda: self.action_show("home"),
            "local": lambda: self.action_show("local"),
            "federated": lambda: self.action_show("federated"),
            "notifications": lambda: self.action_show("notifications"),
            "first": lambda: self.current_view.action_first(),
            "hashtag": self.action_hashtag,
            "bookmarks": lambda: self.open_view(
                ViewSpec("bookmarks", _("Bookmarks"), TimelineSource("bookmarks"))
            ),
            "favourites": lambda: self.open_view(
                ViewSpec("favourites", _("Favourites"), TimelineSource("favourites"))
            ),
            "lists": self.choose_list,
            "mine": self.open_own_posts,
        }

        def go(where: str | None) -> None:
            if where in targets:
                targets[where]()

        self.app.push_screen(GoPrefix(), go)

    def action_hashtag(self) -> None:
        def chosen(tag: str | None) -> None:
            if not tag or not tag.strip().lstrip("#"):
                return
            name = hashtag_name(tag)
            if name is None:
                self.say(
                    _("“{tag}” is not a hashtag: letters, digits and _ only, no spaces.").format(
                        tag=clean_text(tag, max_len=100)
                    ),
                    error=True,
                )
                return
            self.open_view(hashtag_view(name))

        self.app.push_screen(TextPrompt(_("Hashtag"), placeholder="#fediverse"), chosen)

    def choose_list(self) -> None:
        client = self.session.client
        self.say(_("Loading your lists…"))
        self.send(client.lists, "", ListsLoaded)

    def on_lists_loaded(self, message: ListsLoaded) -> None:
        if not message.lists:
            self.say(_("You have no lists."))
            return
        titles = dict(message.lists)

        def chosen(list_id: str | None) -> None:
            if list_id is not None:
                self.open_view(
                    ViewSpec(
                        f"list-{list_id}",
                        clean_text(titles[list_id], max_len=60),
                        TimelineSource("list", list_id),
                    )
                )

        choices = [
            (list_id, Text(clean_text(title, max_len=60))) for list_id, title in message.lists
        ]
        self.app.push_screen(ChoicePrompt(_("Open a list"), choices), chosen)

    def open_own_posts(self) -> None:
        session = self.session

        def me() -> Account:
            return session.me or session.client.verify_credentials()

        self.send(
            me,
            "",
            lambda account: OpenView(
                ViewSpec("mine", _("Your posts"), TimelineSource("account", account.id))
            ),
        )

    # --- notifications ----------------------------------------------------------------

    def action_filter_notifications(self) -> None:
        if self.active != "notifications":
            self.action_show("notifications")
        self.notification_filter = (self.notification_filter + 1) % len(NOTIFICATION_FILTERS)
        self._draw_topbar()
        view = self.view("notifications")
        view.set_entries([])
        view.empty_text = _("Loading…")
        self.load("notifications", "replace")
        self.say(
            _("Notifications: {kind}").format(
                kind=NOTIFICATION_FILTERS[self.notification_filter][0]
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A and X answer a follow request only when one is selected; elsewhere the keys
        # fall through to the app (A opens the accounts).
        if action == "follow_request":
            entry = self.current_view.current if self.is_mounted else None
            item = entry.item if entry is not None else None
            return isinstance(item, Notification) and item.type == "follow_request"
        return True

    def action_follow_request(self, accept: bool) -> None:
        entry = self.current_view.current
        item = entry.item if entry is not None else None
        if (
            entry is None
            or not isinstance(item, Notification)
            or item.type != "follow_request"
            or item.account is None
        ):
            self.say(_("Select a follow request in your notifications first."))
            return
        account = item.account
        client = self.session.client
        who = "@" + clean_text(account.acct, max_len=120)
        call = client.authorize_follow_request if accept else client.reject_follow_request
        key = entry.key
        view = self.current_view
        self.send(
            lambda: call(account.id),
            (_("Accepted {who}.") if accept else _("Rejected {who}.")).format(who=who),
            lambda _rel: RequestAnswered(view, key),
        )

    def on_request_answered(self, message: RequestAnswered) -> None:
        message.view.remove_entry(message.key)


@dataclass
class RequestAnswered(Message):
    """A follow request was accepted or rejected: its notification can go."""

    view: TimelineView[Any]
    key: str


@dataclass
class ReadPositionLoaded(Message):
    """The saved read position of ``view`` (None: none yet) and, for notifications, how
    many arrived since."""

    view: str
    last_read_id: str | None
    unread: int | None
    acct: str
