"""Who follows an account and whom it follows: two paged lists of accounts.

Each row shows the name, the handle, the start of the bio and how you relate to that
account ("Follows you", "Follow requested" for your own requests not yet answered),
read for a whole page at once. Enter opens the profile, ``F`` follows or unfollows
(unfollowing asks first), and on your own followers ``x`` removes one (after asking).

Messages it answers: ``MeKnown``, ``RelationshipsLoaded`` and ``FollowerRemoved`` (its
workers' results), and those of ``TimelineScreen`` (paging, the status line).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import ContentSwitcher, Static

from tootui.api import Account, ApiError, Page, Relationship
from tootui.i18n import N_, _, localize_digits
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, laid_out_lines, quote
from tootui.render.html import plain_to_text, render_html
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.navigation import show_profile
from tootui.screens.profile import follow_or_unfollow, relationship_words
from tootui.screens.prompt import ConfirmPrompt
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import ViewSpec, make_view, view_id
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from textual.screen import Screen

    from tootui.api import TimelineSource
    from tootui.screens.main import MainScreen
    from tootui.session import AccountSession

LISTS = ("followers", "following")


@dataclass
class MeKnown(Message):
    """The signed-in account, read from the server (its lists were asked for)."""

    account: Account


@dataclass
class RelationshipsLoaded(Message):
    """How you relate to the accounts of a page (or to one you just acted on), by id."""

    relationships: dict[str, Relationship]


@dataclass
class FollowerRemoved(Message):
    account_id: str


class FollowsScreen(TimelineScreen):
    """An account's followers and the accounts it follows, one list at a time."""

    HELP_SECTION = HelpSection(N_("Followers and following"), 72)

    CSS_PATH = "follows.tcss"

    PAGE_SIZE = 40  # accounts per request (Mastodon's most)

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="follows.back"),
        Binding("1", "show('followers')", _("Followers"), id="follows.followers"),
        Binding("2", "show('following')", _("Following"), id="follows.following"),
        Binding("tab", "switch", _("Other list"), show=False, id="follows.switch"),
        Binding("enter", "open", _("Profile"), id="follows.open"),
        Binding("F", "follow", _("Follow/unfollow"), id="follows.follow"),
        Binding("x", "remove_follower", _("Remove follower"), id="follows.remove"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="follows.reload"),
    ]

    def __init__(
        self, session: AccountSession, account: Account | None, *, show: str = "followers"
    ) -> None:
        """``account`` None: the signed-in account, read from the server first if need be."""
        super().__init__(session)
        self.account = account or session.me
        self.active = show if show in LISTS else "followers"
        self.relationships: dict[str, Relationship] = {}
        self.views = {
            "followers": ViewSpec("followers", _("Followers"), None),
            "following": ViewSpec("following", _("Following"), None),
        }

    @property
    def is_mine(self) -> bool:
        me = self.session.me
        return me is not None and self.account is not None and me.id == self.account.id

    def compose(self) -> ComposeResult:
        yield Static(id="follows-title", classes="screen-title")
        with ContentSwitcher(initial=view_id(self.active), id="follows-lists"):
            for key in LISTS:
                yield make_view(
                    self.render_account, key, empty_text=_("Loading…"), revealable=False
                )
        yield StatusLine(id="statusline")
        yield Footer()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view(self.active)

    def on_mount(self) -> None:
        if self.account is None:
            self.send(self.session.client.verify_credentials, "", MeKnown)
        self.action_show(self.active)

    def on_me_known(self, message: MeKnown) -> None:
        self.session.me = self.session.me or message.account
        self.account = message.account
        self.action_show(self.active)

    def _draw_title(self) -> None:
        bidi = self.tootui.bidi
        tabs = Text()
        for number, key in enumerate(LISTS, start=1):
            label = f" {localize_digits(str(number))} {self.views[key].label} "
            tabs.append(label, "reverse bold" if key == self.active else "dim")
            tabs.append(" ")
        account = self.account
        if account is None:
            self.query_one("#follows-title", Static).update(DisplayText(tabs, enabled=bidi))
            return
        emojis = [e.shortcode for e in account.emojis]
        name = isolate(plain_to_text(account.name, emojis=emojis, style=None, max_len=80))
        tabs.append_text(name)
        tabs.append(" ")
        tabs.append_text(isolate(handle(account, self.session.host), "dim"))
        self.query_one("#follows-title", Static).update(DisplayText(tabs, enabled=bidi))

    # --- rows ----------------------------------------------------------------------------

    def render_account(self, account: Account, width: int, revealed: bool) -> list[Strip]:
        """A row: name and handle, how you relate, the bio's first words."""
        layout = self.tootui.layout(width, self.session)
        emojis = [e.shortcode for e in account.emojis]
        head = isolate(plain_to_text(account.name, emojis=emojis, style=None, max_len=100))
        head.stylize("bold", 0, len(head))
        head.append("  ")
        head.append_text(isolate(handle(account, layout.local_host), "dim"))
        lines = laid_out_lines(head, width, enabled=layout.bidi)
        me = self.session.me
        words = relationship_words(
            self.relationships.get(account.id), is_me=me is not None and me.id == account.id
        )
        if words:
            lines += laid_out_lines(Text(words, "cyan"), width, enabled=layout.bidi)
        bio = render_html(account.note, emojis=emojis).text.plain.strip()
        if bio:
            note = quote(clean_text(bio, max_len=400, multiline=True), width, "dim")
            lines += laid_out_lines(note, width, enabled=layout.bidi)[:1]
        return self.tootui.renderer.render_lines(lines, width)

    def selected_account(self) -> Account | None:
        entry = self.current_view.current
        return entry.item if entry is not None and isinstance(entry.item, Account) else None

    # --- loading -------------------------------------------------------------------------

    def fetch_page(
        self,
        key: str,
        source: TimelineSource | None,
        cursor: dict[str, Any],
        types: tuple[str, ...] | None,
    ) -> Page[Account]:
        """Blocks (network): a page of the list ``key``, then how you relate to its accounts
        (posted first, so the rows are drawn with it)."""
        client = self.session.client
        account = self.account
        if account is None:
            return Page(())
        call = client.followers if key == "followers" else client.following
        page = call(account.id, limit=self.PAGE_SIZE, **cursor)
        try:
            relationships = client.relationships([a.id for a in page.items])
        except ApiError:
            relationships = {}  # the rows are still worth showing without it
        self.post_message(RelationshipsLoaded(relationships))
        return page

    def on_relationships_loaded(self, message: RelationshipsLoaded) -> None:
        self.relationships.update(message.relationships)
        for key in LISTS:
            view = self.view(key)
            for account_id in message.relationships:
                entry_index = view.index_of(account_id)
                if entry_index is not None:
                    view.replace(account_id, view.entries[entry_index].item)

    # --- keys ----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_show(self, key: str) -> None:
        if key not in LISTS:
            return
        self.active = key
        self.query_one(ContentSwitcher).current = view_id(key)
        self.query_one(StatusLine).show_view(key)
        self._draw_title()
        self.current_view.focus()
        self.refresh_bindings()
        if self.account is not None and key not in self.loaded:
            self.loaded.add(key)
            self.load(key, "replace")

    def action_switch(self) -> None:
        self.action_show(LISTS[(LISTS.index(self.active) + 1) % len(LISTS)])

    def action_reload(self) -> None:
        if self.account is not None:
            self.loaded.add(self.active)
            self.load(self.active, "replace")

    def action_open(self) -> None:
        account = self.selected_account()
        if account is not None:
            show_profile(self.app, self.session, account)

    def action_follow(self) -> None:
        account = self.selected_account()
        me = self.session.me
        if account is None or (me is not None and me.id == account.id):
            return
        follow_or_unfollow(
            self,
            account,
            self.relationships.get(account.id),
            lambda relationship: RelationshipsLoaded({account.id: relationship}),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # x removes a follower only from your own followers
        if action == "remove_follower":
            return self.is_mine and self.active == "followers"
        return True

    def action_remove_follower(self) -> None:
        account = self.selected_account()
        if account is None or not self.is_mine or self.active != "followers":
            return
        client = self.session.client
        who = "@" + clean_text(account.acct, max_len=120)

        def answer(yes: bool | None) -> None:
            if yes:
                self.send(
                    lambda: client.remove_from_followers(account.id),
                    _("Removed {who} from your followers.").format(who=who),
                    lambda _rel: FollowerRemoved(account.id),
                )

        question = _("Remove {who} from your followers?").format(who=who)
        detail = _("They stop following you and are not told; they can follow you again.")
        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    def on_follower_removed(self, message: FollowerRemoved) -> None:
        self.view("followers").remove_entry(message.account_id)


def open_follows(
    over: Screen[Any], session: AccountSession, account: Account | None, show: str = "followers"
) -> None:
    """``account``'s followers or following (``show``) over the screen ``over``
    (``account`` None: the signed-in account's)."""
    over.app.push_screen(FollowsScreen(session, account, show=show))


def open_my_followers(main: MainScreen) -> None:
    """Your followers (the command palette's "Your followers")."""
    open_follows(main, main.session, None, "followers")


def open_my_following(main: MainScreen) -> None:
    """Who you follow (the command palette's "Who you follow")."""
    open_follows(main, main.session, None, "following")
