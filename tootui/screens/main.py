"""The main screen: one account's timelines as tabs, a top bar and a status line.

Shows home, local, federated and notifications (keys 1-4), and tabs opened with ``g``:
a hashtag, a list, bookmarks, favourites, your own posts. New posts arrive live; home and
notifications open at the last-read post (``tootui.screens.read_marks``).

Messages it answers: the live updates (``LiveStatuses``, ``LiveNotifications``,
``LiveEdit``, ``LiveDelete``, ``LiveState``), ``ReadPositionLoaded``, ``OpenView`` (a tab a
worker learned enough to open), ``RequestAnswered``, and those of
``PostScreen`` and ``TimelineScreen``.

Where things are: the keys on a post are ``tootui.screens.posts`` (``PostScreen``); paging,
retries and the status line's use, ``tootui.screens.timelines``; the tab model,
``tootui.screens.views``; the top bar and status line widgets, ``tootui.widgets.tab_bar``
and ``tootui.widgets.status_line``; ``g``, ``tootui.screens.go_prefix``. Their names are
importable from here too.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import ContentSwitcher

from tootui.api import Account, Notification, Status, TimelineSource
from tootui.cache import TimelineCache
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.live import (
    LiveController,
    LiveConversations,
    LiveDelete,
    LiveEdit,
    LiveNotifications,
    LiveState,
    LiveStatuses,
)
from tootui.messages import PageLoaded, Say
from tootui.read_positions import READ_VIEWS
from tootui.render.sanitize import clean_text
from tootui.screens.conversations import ConversationChanged, ConversationsTab, ConversationsView
from tootui.screens.destinations import BY_NAME, open_destination
from tootui.screens.go_prefix import GoPrefix
from tootui.screens.navigation import show_hashtag, show_profile, show_thread
from tootui.screens.posts import PostScreen
from tootui.screens.prompt import TextPrompt
from tootui.screens.read_marks import ReadMarks, ReadPositionLoaded
from tootui.screens.views import (
    BASE_TABS,
    CACHED_VIEWS,
    CONVERSATIONS,
    NOTIFICATION_FILTERS,
    ViewSpec,
    base_views,
    entry_key,
    hashtag_name,
    hashtag_view,
    is_hidden,
    key_of,
    live_stream,
    make_view,
    newest_id,
    view_id,
)
from tootui.terminal_notify import TerminalAlerts
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.tab_bar import Tab, TopBar
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.session import AccountSession

__all__ = [
    "GoPrefix",
    "MainScreen",
    "PostScreen",
    "StatusLine",
    "Tab",
    "TopBar",
    "ViewSpec",
    "hashtag_name",
    "is_hidden",
    "make_view",
    "show_hashtag",
    "show_profile",
    "show_thread",
    "view_id",
]

WAITING = "new-above"  # the status line's topic for "N new posts above"


@dataclass
class OpenView(Message):
    """A worker learned enough to open a tab (your own posts, a chosen list)."""

    spec: ViewSpec


@dataclass
class RequestAnswered(Message):
    """A follow request was accepted or rejected: its notification can go."""

    view: TimelineView[Any]
    key: str


class MainScreen(PostScreen):
    """Timelines for the current account."""

    HELP_SECTION = HelpSection(N_("Timelines"), 20)

    BINDINGS = [
        *(
            Binding(number, f"show('{tab.key}')", _(tab.label), id=f"view.{tab.key}")
            for number, tab in zip("1234", BASE_TABS, strict=True)
        ),
        Binding("g", "go_prefix", _("Go to…"), id="view.go"),
        Binding("number_sign", "hashtag", _("Hashtag"), show=False, id="view.hashtag"),
        Binding("full_stop,R", "refresh", _("Load newer"), id="timeline.refresh"),
        Binding("F", "filter_notifications", _("Filter"), show=False, id="view.filter"),
        Binding("A", "follow_request(True)", _("Accept"), show=False, id="request.accept"),
        Binding("X", "follow_request(False)", _("Reject"), show=False, id="request.reject"),
        Binding("w", "close_tab", _("Close tab"), show=False, id="view.close"),
        Binding("plus", "follow_hashtag", _("Follow/unfollow hashtag"), id="view.follow_hashtag"),
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
        self._to_newest: set[str] = set()  # views where "." waits for newer posts to show
        self.unread: dict[str, int] = {}  # view -> entries above the last-read one
        self.reading = ReadMarks(self, filtered=self._filtered, counted=self._counted)
        self.conversations = ConversationsTab(self, counted=self._counted)
        self.alerts: TerminalAlerts | None = None  # made on mount, when the app is known

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
        if spec.key == CONVERSATIONS:
            return self.conversations.make_view()
        render = self.render_notification if spec.source is None else self.render_status
        return make_view(render, spec.key, empty_text=_("Loading…"))

    def on_mount(self) -> None:
        self.alerts = TerminalAlerts(
            self.app, self.tootui.config, os.environ, title=self._alert_title
        )
        self.reading.load()
        self._draw_topbar()
        self.action_show("home")

    def _alert_title(self) -> str:
        """A terminal notification's title: which account, when there are several."""
        if len(self.tootui.sessions) > 1:
            return f"tootui {self.session.acct}"
        return "tootui"

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
                    view.set_entries([(entry_key(i), i) for i in cached])
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
            self.reading.page_loaded(message)
        if message.view == CONVERSATIONS:
            self.conversations.count_unread()

    @work(thread=True, group="cache", exit_on_error=False)
    def _save_cache(self, key: str, items: list[Any]) -> None:
        self.cache.save(key, items)

    def _start_live(self, key: str) -> None:
        if not self.tootui.config.streaming or key in self.live:
            return
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
        controller.start(since_id=newest_id(self.view(key)))

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
        added = view.prepend([(entry_key(s), s) for s in items])
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
        if self.alerts is not None:
            self.alerts.arrived(message.notifications)
        if "notifications" in self.loaded and not self.notification_filter:
            view = self.view("notifications")
            at_top = view.at_top
            added = view.prepend([(entry_key(n), n) for n in message.notifications])
            if added:
                self._arrived("notifications", view, added, at_top)

    def on_live_conversations(self, message: LiveConversations) -> None:
        self.conversations.arrived(message)

    @on(ConversationsView.Open)
    def _open_conversation(self, event: ConversationsView.Open) -> None:
        self.conversations.open(event.timeline)

    @on(ConversationsView.Delete)
    def _delete_conversation(self, event: ConversationsView.Delete) -> None:
        self.conversations.delete(event.timeline)

    def on_conversation_changed(self, message: ConversationChanged) -> None:
        self.conversations.changed(message)

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
        self.say(sentence, view=key, topic=WAITING)

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
        if not self.query_one(StatusLine).saying(key, WAITING):
            return  # something else was said since: leave it
        if still:
            self._say_waiting(key)
        else:
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
        self.reading.save(final=True)

    # --- read positions (tootui.screens.read_marks) --------------------------------------

    def _filtered(self, key: str) -> bool:
        """Whether view ``key`` shows a filtered list (it says nothing about what was read)."""
        return key == "notifications" and bool(self.notification_filter)

    def _counted(self, key: str, unread: int) -> None:
        """View ``key`` has ``unread`` entries above its read position: the tab says so."""
        if key == "notifications":
            changed = self.session.unread_notifications != unread
            self.session.unread_notifications = unread
        else:
            changed = self.unread.get(key, 0) != unread
            self.unread[key] = unread
        if changed:
            self._draw_topbar()

    def on_read_position_loaded(self, message: ReadPositionLoaded) -> None:
        self.reading.loaded(message)

    @on(TimelineView.Selected)
    def _reading(self, event: TimelineView.Selected) -> None:
        self.reading.selected(event.timeline, event.entry)

    @on(LiveStatuses)
    @on(LiveDelete)
    def _live_changed_home(self, message: LiveStatuses | LiveDelete) -> None:
        self.reading.changed("home")  # runs before the screen's own handler

    @on(LiveNotifications)
    def _live_changed_notifications(self, message: LiveNotifications) -> None:
        self.reading.changed("notifications")

    def render_status(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        strips = super().render_status(status, width, revealed)
        return self.reading.divided("home", status.id, strips, width)

    def render_notification(self, note: Notification, width: int, revealed: bool) -> list[Strip]:
        strips = super().render_notification(note, width, revealed)
        return self.reading.divided("notifications", note.id, strips, width)

    def on_screen_suspend(self) -> None:
        # another account, or a thread/profile/compose screen on top: save now
        self.reading.save()

    @on(events.DescendantBlur)
    def _left_view(self, event: events.DescendantBlur) -> None:
        widget = event.widget
        if isinstance(widget, TimelineView) and key_of(widget) in READ_VIEWS:
            self.reading.save()

    # --- tabs ---------------------------------------------------------------------------

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
        self.close_view(self.active)

    def relabel_view(self, key: str, label: str) -> None:
        """Show an open tab under a new name (a list renamed)."""
        spec = self.views.get(key)
        if spec is not None:
            self.views[key] = replace(spec, label=label)
            self._draw_topbar()

    def close_view(self, key: str) -> None:
        """Close the added tab ``key`` if it is open (a list deleted, or ``w``)."""
        if key not in self.views or key in {v.key for v in base_views()}:
            return
        was_active = key == self.active
        del self.views[key]
        self.loaded.discard(key)
        controller = self.live.pop(key, None)
        if controller is not None:
            controller.stop(timeout=0.2)  # its stream is unsubscribed, or its connection closed
        self.new_above.pop(key, None)
        self._to_newest.discard(key)
        self.query_one(StatusLine).forget_view(key)
        if was_active:
            self.action_show("home")
        else:
            self._draw_topbar()
        self.query_one(ContentSwitcher).remove_children([self.view(key)])

    def go_to(self, where: str) -> None:
        """Go to ``where``: a tab's key, "first", "hashtag", "bookmarks", "favourites",
        "mine", or a place of ``tootui.screens.destinations``."""
        targets: dict[str, Callable[[], None]] = {
            **{tab.key: partial(self.action_show, tab.key) for tab in BASE_TABS},
            "first": lambda: self.current_view.action_first(),
            "hashtag": self.action_hashtag,
            "bookmarks": lambda: self.open_view(
                ViewSpec("bookmarks", _("Bookmarks"), TimelineSource("bookmarks"))
            ),
            "favourites": lambda: self.open_view(
                ViewSpec("favourites", _("Favourites"), TimelineSource("favourites"))
            ),
            "mine": self.open_own_posts,
        }
        if where in targets:
            targets[where]()
        elif where in BY_NAME:
            open_destination(self, where)

    def action_go_prefix(self) -> None:
        def go(where: str | None) -> None:
            if where:
                self.go_to(where)

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
        if action == "follow_hashtag":  # only on a hashtag's tab
            return self._hashtag_on_screen() is not None
        return super().check_action(action, parameters)

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

    # --- following hashtags (tootui.screens.followed_tags) ------------------------------

    def _hashtag_on_screen(self) -> str | None:
        spec = self.views.get(self.active)
        source = spec.source if spec is not None else None
        return source.arg if source is not None and source.kind == "hashtag" else None

    def action_follow_hashtag(self) -> None:
        """Follow the hashtag of the tab on screen, or unfollow it."""
        from tootui.screens.followed_tags import tag_followed_sentence, toggle_tag_follow

        name = self._hashtag_on_screen()
        if name is None:
            return
        client = self.session.client
        self.send(
            lambda: toggle_tag_follow(client, name),
            "",
            lambda tag: Say(tag_followed_sentence(tag)),
        )
