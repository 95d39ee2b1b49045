"""Explore: what is trending on the server, in three tabs — hashtags, posts and links.

``1``/``2``/``3`` (or Tab) switch tabs; each is loaded the first time it is shown and
paged by offset as the reader reaches its end. Posts are a real list of posts (this is a
``PostScreen``: every post key works on them). Enter on a hashtag opens its tab on the
main screen; Enter or ``o`` on a link opens it in the browser after showing where it goes.
A server without trends (or without one kind) says so in that tab, in one sentence.

Opened by ``open_explore`` (``g e`` and the command palette, ``tootui.screens.destinations``).

Messages it answers: ``TrendsLoaded`` (its worker's result), and those of ``PostScreen``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from tootui.api import ApiError, Status, TrendingLink, TrendingTag, Unsupported
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits
from tootui.keys import HelpSection
from tootui.messages import LoadFailed
from tootui.render.display import DisplayText
from tootui.render.trends import link_lines, tag_lines
from tootui.screens.navigation import show_hashtag
from tootui.screens.posts import PostScreen
from tootui.screens.views import ViewSpec, is_hidden, make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.screens.main import MainScreen
    from tootui.session import AccountSession

PAGE = 20  # what each trends endpoint gives at most per page (Mastodon: 20 tags and links)

# The tabs, in order: view key and label (an N_() msgid, translated where shown).
TABS = (("trend-tags", N_("Hashtags")), ("trend-posts", N_("Posts")), ("trend-links", N_("Links")))


def open_explore(main: MainScreen) -> None:
    """The Explore screen for the account of ``main``, over it."""
    main.app.push_screen(ExploreScreen(main.session))


@dataclass
class TrendsLoaded(Message):
    """A page of one tab: its view key, what the server sent, and how it was asked for."""

    view: str
    items: Sequence[Any]
    mode: str  # "replace" or "older"
    offset: int


class ExploreScreen(PostScreen):
    """Trending hashtags, posts and links on the account's server."""

    HELP_SECTION = HelpSection(N_("Explore"), 83)

    CSS_PATH = "explore.tcss"

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="explore.back"),
        Binding("1", "show_tab('trend-tags')", _("Hashtags"), id="explore.tags"),
        Binding("2", "show_tab('trend-posts')", _("Posts"), id="explore.posts"),
        Binding("3", "show_tab('trend-links')", _("Links"), id="explore.links"),
        Binding("tab", "next_tab", _("Next tab"), show=False, id="explore.next_tab"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="explore.reload"),
    ]

    def __init__(self, session: AccountSession) -> None:
        super().__init__(session)
        self.views = {key: ViewSpec(key, _(label), None) for key, label in TABS}
        self.active = TABS[0][0]

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        yield Static(DisplayText(_("Explore"), enabled=bidi), classes="screen-title")
        yield Static(self._tab_bar(), id="explore-tabs")
        renders: dict[str, Callable[[Any, int, bool], list[Strip]]] = {
            "trend-tags": self._render_tag,
            "trend-posts": self.render_status,
            "trend-links": self._render_link,
        }
        for key, _label in TABS:
            view = make_view(
                renders[key], key, empty_text=_("Loading…"), revealable=key == "trend-posts"
            )
            view.display = key == self.active
            yield view
        yield StatusLine(id="statusline")
        yield Footer()

    def _tab_bar(self) -> DisplayText:
        bar = Text()
        for number, (key, _label) in enumerate(TABS, start=1):
            style = "reverse bold" if key == self.active else ""
            bar.append(f" {localize_digits(str(number))} {self.views[key].label} ", style)
            bar.append(" ")
        return DisplayText(bar, enabled=bidi_enabled(self))

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view(self.active)

    def on_mount(self) -> None:
        self.action_show_tab(self.active)

    # --- tabs --------------------------------------------------------------------------

    def action_show_tab(self, key: str) -> None:
        if key not in self.views:
            return
        self.active = key
        for view_key, _label in TABS:
            self.view(view_key).display = view_key == key
        self.query_one("#explore-tabs", Static).update(self._tab_bar())
        self.query_one(StatusLine).show_view(key)
        self.current_view.focus()
        if key not in self.loaded:
            self.load(key, "replace")

    def action_next_tab(self) -> None:
        keys = [key for key, _label in TABS]
        self.action_show_tab(keys[(keys.index(self.active) + 1) % len(keys)])

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.load(self.active, "replace")

    # --- loading -----------------------------------------------------------------------

    def load(self, key: str, mode: str) -> None:
        """Load tab ``key``: again from the top, or (``older``) the page after its end."""
        view = self.view(key)
        older = mode == "older"
        if older and (view.loading_older or view.exhausted):
            return
        view.loading_older = older
        if not older:
            self.loaded.add(key)
            self.say(_("Loading {view}…").format(view=self.views[key].label), view=key)
        offset = len(view.entries) if older else 0
        self._fetch_trends(key, "older" if older else "replace", offset)

    @work(thread=True, group="timeline", exit_on_error=False)
    def _fetch_trends(self, key: str, mode: str, offset: int) -> None:
        client = self.session.client
        calls: dict[str, Callable[..., Sequence[Any]]] = {
            "trend-tags": client.trending_tags,
            "trend-posts": client.trending_statuses,
            "trend-links": client.trending_links,
        }
        try:
            items = calls[key](offset=offset, limit=PAGE)
        except Unsupported as error:
            if error.status == 404:
                error = Unsupported(self._lacks(key), status=404)
            self.post_message(LoadFailed(key, error, mode, self.session.acct))
            return
        except ApiError as error:
            self.post_message(LoadFailed(key, error, mode, self.session.acct))
            return
        self.post_message(TrendsLoaded(key, items, mode, offset))

    def _lacks(self, key: str) -> str:
        """The sentence for a server without the trends of tab ``key``."""
        host = self.session.client.host
        sentences = {
            "trend-tags": _("{host} does not share trending hashtags."),
            "trend-posts": _("{host} does not share trending posts."),
            "trend-links": _("{host} does not share trending links."),
        }
        return sentences[key].format(host=host)

    def on_trends_loaded(self, message: TrendsLoaded) -> None:
        view = self.view(message.view)
        rows: list[tuple[str, Any]] = []
        for number, item in enumerate(message.items, start=message.offset):
            if isinstance(item, Status):
                # a post is keyed by its id, so the post keys find it; one already listed
                # (the trends moved between two pages) is not listed twice
                if is_hidden(item) or view.index_of(item.id) is not None:
                    continue
                if any(key == item.id for key, _item in rows):
                    continue
                rows.append((item.id, item))
            else:
                rows.append((str(number), item))  # by position: remote names may repeat
        exhausted = len(message.items) < PAGE
        if message.mode == "replace":
            view.set_entries(rows)
            view.empty_text = _("Nothing is trending on {host} right now.").format(
                host=self.session.client.host
            )
            label = self.views[message.view].label
            self.say(
                _("{view}: {n} loaded").format(view=label, n=localize_digits(str(len(rows)))),
                view=message.view,
            )
        else:
            view.loading_older = False
            view.append(rows)
        view.exhausted = exhausted
        view.refresh()

    # --- rows that are not posts -------------------------------------------------------

    def _render_tag(self, tag: TrendingTag, width: int, revealed: bool) -> list[Strip]:
        renderer = self.tootui.renderer
        return renderer.render_lines(tag_lines(tag, width, bidi=bidi_enabled(self)), width)

    def _render_link(self, link: TrendingLink, width: int, revealed: bool) -> list[Strip]:
        renderer = self.tootui.renderer
        return renderer.render_lines(link_lines(link, width, bidi=bidi_enabled(self)), width)

    def _selected_item(self) -> Any:
        entry = self.current_view.current
        return entry.item if entry is not None else None

    def action_thread(self) -> None:
        """Enter: a hashtag's tab, a link in the browser, a post's thread."""
        item = self._selected_item()
        if isinstance(item, TrendingTag):
            show_hashtag(self.app, item.name)
        elif isinstance(item, TrendingLink):
            self.confirm_open(item.url)
        else:
            super().action_thread()

    def action_links(self) -> None:
        """``o``: a link opens in the browser; a post offers its links, as everywhere."""
        item = self._selected_item()
        if isinstance(item, TrendingLink):
            self.confirm_open(item.url)
        elif isinstance(item, TrendingTag):
            show_hashtag(self.app, item.name)
        else:
            super().action_links()
