"""The main screen: the account's timelines as tabs, a top bar and a status line.

Data flows one way: a key runs an action, the action starts a thread worker that calls
``tootui.api``, the worker posts a message with typed results, and a handler updates the
timeline. Widgets never call the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import ContentSwitcher, Footer, Static

from tootui.api import ApiError, NotAuthorised, Notification, Page, Status, TimelineSource
from tootui.i18n import _
from tootui.messages import LoadFailed, Notify, PageLoaded, StatusChanged
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.app import TootUI
    from tootui.session import AccountSession


@dataclass(frozen=True)
class ViewSpec:
    """A tab: its key, its label, and where its entries come from."""

    key: str
    label: str
    source: TimelineSource | None  # None: notifications


def base_views() -> list[ViewSpec]:
    return [
        ViewSpec("home", _("Home"), TimelineSource("home")),
        ViewSpec("local", _("Local"), TimelineSource("local")),
        ViewSpec("federated", _("Federated"), TimelineSource("federated")),
        ViewSpec("notifications", _("Notifications"), None),
    ]


class TopBar(Static):
    """The account in use and the tabs, the active one highlighted."""

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """


class StatusLine(Static):
    """One line for what just happened (loaded, boosted, or what went wrong)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def say(self, text: str, *, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.update(Text(text))


class MainScreen(Screen[None]):
    """Timelines for the current account."""

    BINDINGS = [
        Binding("1", "show('home')", _("Home"), id="view.home"),
        Binding("2", "show('local')", _("Local"), id="view.local"),
        Binding("3", "show('federated')", _("Federated"), id="view.federated"),
        Binding("4", "show('notifications')", _("Notifications"), id="view.notifications"),
        Binding("period,R", "refresh", _("Load newer"), id="timeline.refresh"),
        Binding("b", "boost", _("Boost"), id="status.boost"),
        Binding("f", "favourite", _("Favourite"), id="status.favourite"),
        Binding("B", "bookmark", _("Bookmark"), id="status.bookmark"),
    ]

    def __init__(self, session: AccountSession) -> None:
        super().__init__()
        self.session = session
        self.views: dict[str, ViewSpec] = {v.key: v for v in base_views()}
        self.loaded: set[str] = set()
        self.active = "home"

    @property
    def tootui(self) -> TootUI:
        from tootui.app import TootUI

        assert isinstance(self.app, TootUI)
        return self.app

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Vertical(id="body"):
            with ContentSwitcher(initial="view-home", id="switcher"):
                for spec in self.views.values():
                    yield self._make_view(spec)
        yield StatusLine(id="statusline")
        yield Footer()

    def _make_view(self, spec: ViewSpec) -> TimelineView[Any]:
        render = self._render_notification if spec.source is None else self._render_status
        return TimelineView(render, empty_text=_("Loading…"), id=f"view-{spec.key}")

    def _render_status(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_status(
            status, self.tootui.layout(width, self.session), revealed=revealed
        )

    def _render_notification(self, note: Notification, width: int, revealed: bool) -> list[Strip]:
        return self.tootui.renderer.render_notification(
            note, self.tootui.layout(width, self.session), revealed=revealed
        )

    def on_mount(self) -> None:
        self._draw_topbar()
        self.action_show("home")

    def _draw_topbar(self) -> None:
        bar = Text()
        bar.append(" tootui ", "bold reverse")
        bar.append(" " + "@" + self.session.acct + " ", "bold")
        if self.session.needs_sign_in:
            bar.append(_("(sign in again)") + " ", "bold red")
        for number, spec in enumerate(self.views.values(), start=1):
            label = f" {number} {spec.label} " if number <= 4 else f" {spec.label} "
            if spec.key == "notifications" and self.session.unread_notifications:
                label = label.rstrip() + f" ({self.session.unread_notifications}) "
            bar.append("│")
            bar.append(label, "bold reverse" if spec.key == self.active else "")
        self.query_one(TopBar).update(bar)

    def view(self, key: str) -> TimelineView[Any]:
        return self.query_one(f"#view-{key}", TimelineView)

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view(self.active)

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    # --- views ------------------------------------------------------------------------

    def action_show(self, key: str) -> None:
        if key not in self.views:
            return
        self.active = key
        self.query_one(ContentSwitcher).current = f"view-{key}"
        self._draw_topbar()
        view = self.view(key)
        view.focus()
        if key not in self.loaded:
            self.loaded.add(key)
            self.load(key, "replace")

    def open_view(self, spec: ViewSpec) -> None:
        """Add (or go to) a tab for a hashtag, list, bookmarks, favourites or an account."""
        if spec.key not in self.views:
            self.views[spec.key] = spec
            self.query_one(ContentSwitcher).mount(self._make_view(spec))
        self.action_show(spec.key)

    def action_refresh(self) -> None:
        self.load(self.active, "newer")

    # --- loading ----------------------------------------------------------------------

    def load(self, key: str, mode: str) -> None:
        view = self.view(key)
        if mode == "older":
            if view.loading_older or view.exhausted:
                return
            view.loading_older = True
        cursor: dict[str, str] = {}
        page: Page[Any] | None = getattr(view, "page_cursor", None)
        if mode == "older" and page is not None and page.older:
            cursor = dict(page.older)
        elif mode == "newer":
            newest = getattr(view, "newer_cursor", None)
            if newest:
                cursor = dict(newest)
            else:
                mode = "replace"
        if mode != "older":
            self.say(_("Loading {view}…").format(view=self.views[key].label))
        self._fetch(key, mode, cursor)

    @work(thread=True, group="timeline", exit_on_error=False)
    def _fetch(self, key: str, mode: str, cursor: dict[str, str]) -> None:
        spec = self.views[key]
        client = self.session.client
        try:
            if spec.source is None:
                page: Page[Any] = client.notifications(**cursor)
            else:
                page = client.timeline(spec.source, **cursor)
        except ApiError as error:
            self.post_message(LoadFailed(key, error, mode, self.session.acct))
            return
        self.post_message(PageLoaded(key, page, mode, self.session.acct))

    def on_page_loaded(self, message: PageLoaded) -> None:
        view = self.view(message.view)
        page = message.page
        items = [(self._entry_key(item), item) for item in page.items]
        label = self.views[message.view].label
        if message.mode == "replace":
            view.set_entries(items)
            view.page_cursor = page  # type: ignore[attr-defined]
            view.newer_cursor = page.newer  # type: ignore[attr-defined]
            view.exhausted = page.older is None
            view.empty_text = _("Nothing here yet.")
            self.say(_("{view}: {n} loaded").format(view=label, n=len(view.entries)))
        elif message.mode == "older":
            view.loading_older = False
            added = view.append(items)
            if page.older is not None and added:
                view.page_cursor = page  # type: ignore[attr-defined]
            else:
                view.exhausted = True
        else:
            added = view.prepend(items)
            if page.newer:
                view.newer_cursor = page.newer  # type: ignore[attr-defined]
            self.say(
                _("{view}: {n} new").format(view=label, n=added)
                if added
                else _("{view}: nothing new").format(view=label)
            )
            if page.items and len(page.items) >= 20:
                # more may be waiting: keep going until we have caught up, no gaps
                self.load(message.view, "newer")
        view.refresh()

    def on_load_failed(self, message: LoadFailed) -> None:
        view = self.view(message.view)
        view.loading_older = False
        if message.mode == "replace":
            self.loaded.discard(message.view)
            view.empty_text = str(message.error)
            view.refresh()
        if isinstance(message.error, NotAuthorised):
            self.session.needs_sign_in = True
            self._draw_topbar()
        self.say(str(message.error), error=True)

    @staticmethod
    def _entry_key(item: Status | Notification) -> str:
        if isinstance(item, Notification):
            return item.group_key or item.id
        return item.id

    @on(TimelineView.LoadOlder)
    def _load_older(self, event: TimelineView.LoadOlder) -> None:
        key = (event.timeline.id or "").removeprefix("view-")
        if key in self.loaded:
            self.load(key, "older")

    @on(TimelineView.LoadNewer)
    def _load_newer(self, event: TimelineView.LoadNewer) -> None:
        key = (event.timeline.id or "").removeprefix("view-")
        if key in self.loaded:
            self.load(key, "newer")

    def on_notify(self, message: Notify) -> None:
        self.say(message.text, error=message.error)

    # --- acting on the selected post ---------------------------------------------------

    def selected_status(self) -> Status | None:
        entry = self.current_view.current
        if entry is None:
            return None
        item = entry.item
        if isinstance(item, Notification):
            return item.status
        return item if isinstance(item, Status) else None

    def _toggle(self, attribute: str, word_on: str, word_off: str) -> None:
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        new_state = not getattr(target, attribute)
        self._apply_flag(target.id, attribute, new_state)  # instant feedback
        self.say(word_on if new_state else word_off)
        self._send_toggle(target.id, attribute, new_state)

    def _apply_flag(self, status_id: str, attribute: str, state: bool) -> None:
        from dataclasses import replace

        counters = {"reblogged": "reblogs_count", "favourited": "favourites_count"}
        for view in self.query(TimelineView):
            for entry in list(view.entries):
                item = entry.item
                status = item.status if isinstance(item, Notification) else item
                if not isinstance(status, Status) or status.target.id != status_id:
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
            self.app.call_from_thread(self._apply_flag, status_id, attribute, not state)
            self.post_message(Notify(str(error), error=True))

    def action_boost(self) -> None:
        self._toggle("reblogged", _("Boosted."), _("Boost removed."))

    def action_favourite(self) -> None:
        self._toggle("favourited", _("Favourited."), _("Favourite removed."))

    def action_bookmark(self) -> None:
        self._toggle("bookmarked", _("Bookmarked."), _("Bookmark removed."))

    def on_status_changed(self, message: StatusChanged) -> None:
        for view in self.query(TimelineView):
            if view.index_of(message.status.id) is not None:
                view.replace(message.status.id, message.status)
