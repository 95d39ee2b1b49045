"""Search: accounts, hashtags and posts (remote handles and post URLs are resolved).

Enter in the box searches (in a worker); Enter on a result opens a profile, a hashtag
timeline or a thread (asking the app, ``tootui.screens.navigation``).

Messages it answers: ``SearchDone`` (its worker's result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tootui.api import ApiError, SearchResults
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, quote
from tootui.render.sanitize import clean_text
from tootui.render.status import content_text, handle
from tootui.screens.base import TootScreen
from tootui.screens.navigation import show_hashtag, show_profile, show_thread
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tootui.session import AccountSession


@dataclass
class SearchDone(Message):
    query: str
    results: SearchResults | None
    error: ApiError | None = None


class SearchScreen(TootScreen[None]):
    """A search box over a list of results."""

    HELP_SECTION = HelpSection(N_("Search"), 80)

    CSS_PATH = "search.tcss"

    BINDINGS = [
        Binding("escape,q", "back", _("Back"), id="search.back"),
        Binding("slash", "focus_box", _("New search"), show=False, id="search.again"),
    ]

    def __init__(self, session: AccountSession, query: str = "") -> None:
        super().__init__()
        self.session = session
        self.query_text = query
        self.targets: list[tuple[str, Any] | None] = []  # what each result opens

    @property
    def bidi(self) -> bool:
        """Whether tootui lays right-to-left text out itself (``TootUI.bidi``)."""
        return bidi_enabled(self)

    def compose(self) -> ComposeResult:
        yield Static(DisplayText(_("Search"), enabled=self.bidi), classes="screen-title")
        yield Input(
            value=self.query_text,
            placeholder=_("@user@server, #tag, words or a post's address"),
            id="query",
        )
        yield OptionList(id="results")
        yield StatusLine(id="statusline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_box(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#query")
    def _search(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        if not query:
            return
        self.say(_("Searching for {query}…").format(query=clean_text(query, max_len=100)))
        self._run(query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _run(self, query: str) -> None:
        try:
            results = self.session.client.search(query, resolve=True)
        except ApiError as error:
            self.post_message(SearchDone(query, None, error))
            return
        self.post_message(SearchDone(query, results))

    def on_search_done(self, message: SearchDone) -> None:
        if message.error is not None or message.results is None:
            self.say(str(message.error), error=True)
            return
        results = message.results
        host = self.session.host
        options: list[Option | None] = []
        # what each option opens, by position: ids from a server may repeat
        targets: list[tuple[str, Any] | None] = []

        def row(text: Text) -> DisplayText:
            # a row of tootui's words and remote pieces, each piece isolated in it
            return DisplayText(text, enabled=self.bidi)

        def heading(title: str) -> Option:
            targets.append(None)
            return Option(row(Text(title, "bold underline")), disabled=True)

        if results.accounts:
            options.append(heading(_("Accounts")))
            for account in results.accounts:
                line = isolate(clean_text(account.name, max_len=80), "bold")
                line.append("  ")
                line.append_text(isolate(handle(account, host), "dim"))
                options.append(Option(row(line)))
                targets.append(("account", account))
        if results.hashtags:
            options.append(heading(_("Hashtags")))
            for tag in results.hashtags:
                line = isolate("#" + clean_text(tag.name, max_len=100))
                options.append(Option(row(line)))
                targets.append(("tag", tag.name))
        if results.statuses:
            options.append(heading(_("Posts")))
            for status in results.statuses:
                line = isolate(handle(status.account, host), "bold")
                line.append(": ", "bold")
                line.append_text(quote(content_text(status).plain, 120))
                options.append(Option(row(line)))
                targets.append(("status", status))
        results_list = self.query_one(OptionList)
        results_list.clear_options()
        results_list.add_options(options)
        self.targets = targets
        total = len(results.accounts) + len(results.hashtags) + len(results.statuses)
        if total:
            results_list.focus()
            results_list.highlighted = next(
                i for i, option in enumerate(options) if option is not None and not option.disabled
            )
            self.say(
                ngettext("{n} result", "{n} results", total).format(n=localize_digits(str(total)))
            )
        else:
            self.say(_("Nothing found."))

    @on(OptionList.OptionSelected, "#results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        target = self.targets[index] if 0 <= index < len(self.targets) else None
        if target is None:
            return
        kind, value = target
        if kind == "account":
            show_profile(self.app, self.session, value)
        elif kind == "tag":
            show_hashtag(self.app, value)
        elif kind == "status":
            show_thread(self.app, self.session, value)
