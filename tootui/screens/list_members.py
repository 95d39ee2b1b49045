"""Who is on one of your lists: paged, one person a row; add someone you follow, or
take someone off.

Reached with ``m`` on the lists screen (``tootui.screens.lists``). Enter opens a
member's profile (asking the app, ``tootui.screens.navigation``).

Messages it answers: ``MembersLoaded``, ``MatchesFound``, ``MemberAdded`` and
``MemberRemoved`` (its workers' results), besides those of ``TimelineScreen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from tootui.api import Account, ApiError, Page, UserList
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, sentence
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.lists import account_row, list_title, row_strips
from tootui.screens.navigation import show_profile
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, TextPrompt
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.session import AccountSession


@dataclass
class MembersLoaded(Message):
    """A page of members (``mode``: "replace" or "older"), or why not."""

    page: Page[Account] | None
    mode: str
    error: ApiError | None = None


@dataclass
class MatchesFound(Message):
    """People you follow who match what was typed after ``a``."""

    query: str
    accounts: list[Account]


@dataclass
class MemberAdded(Message):
    account: Account


@dataclass
class MemberRemoved(Message):
    account_id: str


class ListMembersScreen(TimelineScreen):
    """The accounts on one list."""

    HELP_SECTION = HelpSection(N_("A list's members"), 76)

    CSS_PATH = "lists.tcss"

    BINDINGS = [
        Binding("escape,q", "back", _("Back"), id="list_members.back"),
        Binding("enter", "profile", _("Profile"), id="list_members.profile"),
        Binding("a", "add_member", _("Add someone"), id="list_members.add"),
        Binding("x", "remove_member", _("Remove"), id="list_members.remove"),
        Binding("full_stop,R", "refresh", _("Load again"), show=False, id="list_members.refresh"),
    ]

    def __init__(self, session: AccountSession, user_list: UserList) -> None:
        super().__init__(session)
        self.user_list = user_list

    def compose(self) -> ComposeResult:
        title = sentence(_("Members of {title}"), title=list_title(self.user_list))
        yield Static(DisplayText(title, enabled=bidi_enabled(self)), classes="screen-title")
        yield make_view(self._render_row, "members", empty_text=_("Loading…"), revealable=False)
        yield StatusLine(id="statusline")
        yield Footer()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view("members")

    def _render_row(self, account: Account, width: int, revealed: bool) -> list[Strip]:
        row = account_row(account, self.session.host)
        return row_strips(row, width, bidi=bidi_enabled(self), console=self.app.console)

    def selected_account(self) -> Account | None:
        entry = self.current_view.current
        return None if entry is None else entry.item

    def _who(self, account: Account) -> str:
        return handle(account, self.session.host)

    def _title(self) -> str:
        return clean_text(self.user_list.title, max_len=100)

    def on_mount(self) -> None:
        self.current_view.focus()
        self._load("replace")

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self._load("replace")

    # --- paging --------------------------------------------------------------------------

    def _load(self, mode: str) -> None:
        view = self.current_view
        cursor: dict[str, str] = {}
        if mode == "older":
            if view.loading_older or view.exhausted or not view.older_cursor:
                return
            view.loading_older = True
            cursor = dict(view.older_cursor)
        self._fetch(mode, cursor)

    @work(thread=True, group="members", exit_on_error=False)
    def _fetch(self, mode: str, cursor: dict[str, str]) -> None:
        try:
            page = self.session.client.list_members(self.user_list.id, cursor)
        except ApiError as error:
            self.post_message(MembersLoaded(None, mode, error))
            return
        self.post_message(MembersLoaded(page, mode))

    def on_members_loaded(self, message: MembersLoaded) -> None:
        view = self.current_view
        view.loading_older = False
        if message.page is None:
            if message.mode == "replace":
                view.empty_text = str(message.error)
                view.refresh()
            self.say(str(message.error), error=True)
            return
        page = message.page
        items = [(account.id, account) for account in page.items]
        if message.mode == "replace":
            keep = view.current.key if view.current is not None else None
            view.set_entries(items, select_key=keep)
            view.empty_text = _("No one is on this list yet: a adds someone you follow.")
            view.exhausted = page.older is None
        elif not view.append(items):
            view.exhausted = True  # a server that ignores the cursor sends the same again
        else:
            view.exhausted = page.older is None
        view.older_cursor = page.older
        view.refresh()
        count = len(view.entries)
        # the count without the title: a right-to-left title beside a number in a
        # plain sentence would swap them about
        self.say(ngettext("{n} member", "{n} members", count).format(n=localize_digits(str(count))))

    @on(TimelineView.LoadOlder)
    def _more(self, event: TimelineView.LoadOlder) -> None:
        event.stop()
        self._load("older")

    # --- keys ----------------------------------------------------------------------------

    def action_profile(self) -> None:
        account = self.selected_account()
        if account is not None:
            show_profile(self.app, self.session, account)

    def action_add_member(self) -> None:
        """Type a name, pick one of the people you follow who match it, add them."""

        def typed(query: str | None) -> None:
            if query:
                self.say(_("Looking for {query}…").format(query=clean_text(query, max_len=100)))
                self._find(query)

        prompt = TextPrompt(_("Add someone you follow (a name or @handle)"), placeholder="@name")
        self.app.push_screen(prompt, typed)

    @work(thread=True, exclusive=True, group="members-search", exit_on_error=False)
    def _find(self, query: str) -> None:
        self.post_answer(
            lambda: MatchesFound(
                query,
                self.session.client.search_accounts(query.lstrip("@"), following=True, limit=10),
            )
        )

    def on_matches_found(self, message: MatchesFound) -> None:
        if not message.accounts:
            self.say(
                _("No one you follow matches {query}.").format(
                    query=clean_text(message.query, max_len=100)
                ),
                error=True,
            )
            return
        host = self.session.host
        by_id = {account.id: account for account in message.accounts}

        def chosen(account_id: str | None) -> None:
            if account_id is not None:
                self._add(by_id[account_id])

        choices: list[tuple[str, str | Text]] = [
            (account.id, account_row(account, host)) for account in message.accounts
        ]
        title = _("Add to “{title}”").format(title=self._title())
        self.app.push_screen(ChoicePrompt(title, choices), chosen)

    def _add(self, account: Account) -> None:
        client = self.session.client
        list_id = self.user_list.id
        self.send(
            lambda: client.add_to_list(list_id, [account.id]),
            _("Added {who} to “{title}”.").format(who=self._who(account), title=self._title()),
            lambda _result: MemberAdded(account),
        )

    def on_member_added(self, message: MemberAdded) -> None:
        view = self.current_view
        if view.append([(message.account.id, message.account)]):
            view.selected = len(view.entries) - 1
        view.refresh()

    def action_remove_member(self) -> None:
        account = self.selected_account()
        if account is None:
            return
        client = self.session.client
        list_id = self.user_list.id
        who = self._who(account)

        def answer(yes: bool | None) -> None:
            if yes:
                self.send(
                    lambda: client.remove_from_list(list_id, [account.id]),
                    _("Removed {who} from “{title}”.").format(who=who, title=self._title()),
                    lambda _result: MemberRemoved(account.id),
                )

        question = sentence(
            _("Take {who} off {title}?"), who=isolate(who), title=list_title(self.user_list)
        )
        self.app.push_screen(ConfirmPrompt(question), answer)

    def on_member_removed(self, message: MemberRemoved) -> None:
        self.current_view.remove_entry(message.account_id)
        self.current_view.refresh()
