"""The hashtags you follow: Enter opens one as a tab, ``u`` unfollows it.

Also what following a hashtag from elsewhere shares (a hashtag's tab, a post's links):
``toggle_tag_follow`` asks the server whether you follow it and does the other, and
``tag_followed_sentence`` says what was done. Tag names are typed or remote text in any
script: drawn as isolated runs, never markup, never part of a widget id.

Messages it answers: ``TagUnfollowed`` (its worker's result), and those of
``TimelineScreen`` (paging, the status line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from tootui.api import NotFound, Page, Tag
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, laid_out_lines
from tootui.render.sanitize import clean_text
from tootui.screens.navigation import show_hashtag
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import ViewSpec, make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.api import MastodonClient, TimelineSource
    from tootui.screens.main import MainScreen
    from tootui.session import AccountSession


def shown_tag(name: str) -> str:
    """``#name``, made safe to show."""
    return "#" + clean_text(name.strip().lstrip("#"), max_len=100)


def toggle_tag_follow(client: MastodonClient, name: str) -> Tag:
    """Blocks (network): follow ``name`` if you do not follow it yet, else unfollow it."""
    try:
        following = client.tag(name).following
    except NotFound:  # some servers know no tag nobody has used yet: follow it
        following = False
    return client.unfollow_tag(name) if following else client.follow_tag(name)


def tag_followed_sentence(tag: Tag) -> str:
    """What following or unfollowing ``tag`` did, in words."""
    template = _("Following {tag}.") if tag.following else _("Unfollowed {tag}.")
    return template.format(tag=shown_tag(tag.name))


@dataclass
class TagUnfollowed(Message):
    name: str


class FollowedTagsScreen(TimelineScreen):
    """The hashtags you follow, one per row."""

    HELP_SECTION = HelpSection(N_("Followed hashtags"), 74)

    CSS_PATH = "followed_tags.tcss"

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="followed_tags.back"),
        Binding("enter", "open", _("Open"), id="followed_tags.open"),
        Binding("u,x", "unfollow", _("Unfollow"), id="followed_tags.unfollow"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="followed_tags.reload"),
    ]

    def __init__(self, session: AccountSession) -> None:
        super().__init__(session)
        self.views = {"tags": ViewSpec("tags", _("Followed hashtags"), None)}

    def compose(self) -> ComposeResult:
        yield Static(
            DisplayText(_("Followed hashtags"), enabled=self.tootui.bidi), classes="screen-title"
        )
        yield make_view(self.render_tag, "tags", empty_text=_("Loading…"), revealable=False)
        yield StatusLine(id="statusline")
        yield Footer()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view("tags")

    def on_mount(self) -> None:
        self.current_view.focus()
        self.action_reload()

    def render_tag(self, row: TagRow, width: int, revealed: bool) -> list[Strip]:
        tag = row.tag
        line = isolate(shown_tag(tag.name), "bold")
        if not tag.following:
            line.append("  ")
            line.append(_("(unfollowed)"), "dim")
        lines = laid_out_lines(line, width, enabled=self.tootui.bidi)
        return self.tootui.renderer.render_lines(lines, width)

    def fetch_page(
        self,
        key: str,
        source: TimelineSource | None,
        cursor: dict[str, Any],
        types: tuple[str, ...] | None,
    ) -> Page[TagRow]:
        """Blocks (network): a page of the hashtags you follow."""
        page = self.session.client.followed_tags(**cursor)
        return Page(tuple(TagRow(t) for t in page.items), newer=page.newer, older=page.older)

    def selected_tag(self) -> Tag | None:
        entry = self.current_view.current
        return entry.item.tag if entry is not None and isinstance(entry.item, TagRow) else None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.loaded.add("tags")
        self.load("tags", "replace")

    def action_open(self) -> None:
        tag = self.selected_tag()
        if tag is not None:
            self.app.pop_screen()
            show_hashtag(self.app, tag.name)

    def action_unfollow(self) -> None:
        tag = self.selected_tag()
        if tag is None or not tag.following:
            return
        client = self.session.client
        name = tag.name
        self.send(
            lambda: client.unfollow_tag(name),
            _("Unfollowed {tag}.").format(tag=shown_tag(name)),
            lambda _tag: TagUnfollowed(name),
        )

    def on_tag_unfollowed(self, message: TagUnfollowed) -> None:
        self.current_view.remove_entry(_key(message.name))


def _key(name: str) -> str:
    return "tag:" + name.casefold()


@dataclass(frozen=True)
class TagRow:
    """A row of the list: a followed tag, keyed by its name (``id``: a row's key)."""

    tag: Tag

    @property
    def id(self) -> str:
        return _key(self.tag.name)


def open_followed_tags(main: MainScreen) -> None:
    """The hashtags you follow (``g T``)."""
    main.app.push_screen(FollowedTagsScreen(main.session))
