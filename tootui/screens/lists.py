"""Your lists: open one as a tab, make, change and delete them, and who is on them.

``open_lists`` (``g L``) shows ``ListsScreen``: one row per list with its title, which
replies it shows and whether it is exclusive. ``ListForm`` is the small form for a list's
title, replies policy and exclusivity. ``ListMembershipPrompt`` (``L`` on a profile) puts
an account on your lists or takes it off. The members of one list are
``tootui.screens.list_members``.

Titles are remote or typed text: each is cleaned and shown as an isolated run (an Arabic
title reads right to left inside an English row), never as markup or in a widget id.

Messages it answers: ``ListsLoaded``, ``ListSaved`` and ``ListDeleted`` (its workers'
results), besides those of ``TimelineScreen``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Checkbox, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from tootui.api import Account, ApiError, TimelineSource, UserList
from tootui.api.entities import REPLIES_POLICIES, RepliesPolicy
from tootui.context import bidi_enabled
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.messages import Say
from tootui.render.display import DisplayText, display_line, isolate, laid_out_lines, sentence
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.base import PassesFailures
from tootui.screens.prompt import DIALOG_CSS_PATH, ConfirmPrompt
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import ViewSpec, make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.screens.main import MainScreen
    from tootui.session import AccountSession


def open_lists(main: MainScreen) -> None:
    """Your lists, to open, make and manage (``g L``)."""
    main.app.push_screen(ListsScreen(main))


# --- words and rows ----------------------------------------------------------------------


def policy_words(policy: RepliesPolicy) -> str:
    """Which replies a list shows, in words."""
    words = {
        "followed": _("replies to anyone you follow"),
        "list": _("replies to members of the list"),
        "none": _("no replies"),
    }
    return words[policy]


def list_title(user_list: UserList) -> Text:
    """A list's title, made safe, as one isolated run."""
    return isolate(clean_text(user_list.title, max_len=100) or _("(untitled)"))


def list_row(user_list: UserList) -> Text:
    """A row of the lists screen: the title, then its settings, dim."""
    row = list_title(user_list)
    row.stylize("bold")
    details = policy_words(user_list.replies_policy)
    if user_list.exclusive:
        details += " · " + _("exclusive (not in Home)")
    row.append("\n")
    row.append(details, "dim")
    return row


def account_row(account: Account, local_host: str) -> Text:
    """A person on one line: their name, bold, and their handle, dim (each isolated)."""
    row = isolate(clean_text(account.name, max_len=80) or account.username, "bold")
    row.append("  ")
    row.append_text(isolate(handle(account, local_host), "dim"))
    return row


def row_strips(text: Text, width: int, *, bidi: bool, console: Console) -> list[Strip]:
    """A row of tootui's words and remote pieces, laid out for ``width`` cells."""
    strips = []
    for line in laid_out_lines(text, width, enabled=bidi):
        line.no_wrap = True
        line.overflow = "ellipsis"
        strips.append(Strip(list(line.render(console))).crop_extend(0, width, None))
    return strips


def unique_keys(ids: Sequence[str]) -> list[str]:
    """Entry keys for items by id: a server may send one id twice, each row keeps its own."""
    seen: dict[str, int] = {}
    keys = []
    for item_id in ids:
        count = seen.get(item_id, 0)
        seen[item_id] = count + 1
        keys.append(item_id if not count else f"{item_id}\x00{count}")
    return keys


# --- messages ----------------------------------------------------------------------------


@dataclass
class ListsLoaded(Message):
    """The server's answer for your lists: the lists, or why not."""

    lists: list[UserList]
    error: ApiError | None = None


@dataclass
class ListSaved(Message):
    """A list was made (``created``) or changed; this is what the server saved."""

    user_list: UserList
    created: bool


@dataclass
class ListDeleted(Message):
    list_id: str


# --- the form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListDraft:
    """What the form holds: a title, a replies policy and whether the list is exclusive."""

    title: str
    replies_policy: RepliesPolicy = "list"
    exclusive: bool = False

    @classmethod
    def of(cls, user_list: UserList) -> ListDraft:
        return cls(user_list.title, user_list.replies_policy, user_list.exclusive)


class ListForm(ModalScreen[ListDraft | None]):
    """A list's title, replies policy and exclusivity; Enter or ctrl+s saves, Esc cancels."""

    HELP_SECTION = HelpSection(N_("Making or changing a list"), 77)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="list_form.save"),
        Binding("escape", "cancel", _("Cancel"), id="list_form.cancel"),
    ]

    def __init__(self, heading: str, draft: ListDraft) -> None:
        super().__init__()
        self.heading = heading
        self.draft = draft

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        draft = self.draft
        with Vertical():
            yield Static(DisplayText(self.heading, enabled=bidi), classes="title")
            yield Input(value=draft.title, placeholder=_("The list's name"), id="list-title")
            yield Static(DisplayText(_("Show replies:"), enabled=bidi))
            with RadioSet(id="replies", compact=True):
                for policy in REPLIES_POLICIES:
                    yield RadioButton(
                        display_line(policy_words(policy), enabled=bidi),
                        value=policy == draft.replies_policy,
                    )
            yield Checkbox(
                display_line(_("Exclusive: their posts show here, not in Home"), enabled=bidi),
                value=draft.exclusive,
                id="exclusive",
                compact=True,
            )
            yield Static(
                DisplayText(
                    _("Enter (in the name) or ctrl+s saves · Tab: next field · Esc cancels"),
                    enabled=bidi,
                ),
                classes="hint",
                id="form-hint",
            )

    def current(self) -> ListDraft:
        """What the form holds now."""
        pressed = self.query_one(RadioSet).pressed_index
        policy = REPLIES_POLICIES[pressed] if 0 <= pressed < len(REPLIES_POLICIES) else "list"
        return ListDraft(
            self.query_one("#list-title", Input).value.strip(),
            policy,
            self.query_one(Checkbox).value,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        draft = self.current()
        if not draft.title:
            hint = self.query_one("#form-hint", Static)
            hint.update(DisplayText(_("A list needs a name."), enabled=bidi_enabled(self)))
            self.query_one("#list-title", Input).focus()
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the lists screen --------------------------------------------------------------------


class ListsScreen(TimelineScreen):
    """Your lists, one row each."""

    HELP_SECTION = HelpSection(N_("Your lists"), 75)

    CSS_PATH = "lists.tcss"

    BINDINGS = [
        Binding("escape,q", "back", _("Back"), id="lists.back"),
        Binding("enter", "open_list", _("Open"), id="lists.open"),
        Binding("n", "new_list", _("New list"), id="lists.new"),
        Binding("e", "edit_list", _("Edit"), id="lists.edit"),
        Binding("d", "delete_list", _("Delete"), id="lists.delete"),
        Binding("m", "members", _("Members"), id="lists.members"),
        Binding("full_stop,R", "refresh", _("Load again"), show=False, id="lists.refresh"),
    ]

    def __init__(self, main: MainScreen) -> None:
        super().__init__(main.session)
        self.main = main

    def compose(self) -> ComposeResult:
        title = DisplayText(_("Your lists"), enabled=bidi_enabled(self))
        yield Static(title, classes="screen-title")
        yield make_view(self._render_row, "lists", empty_text=_("Loading…"), revealable=False)
        yield StatusLine(id="statusline")
        yield Footer()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view("lists")

    def _render_row(self, user_list: UserList, width: int, revealed: bool) -> list[Strip]:
        return row_strips(
            list_row(user_list), width, bidi=bidi_enabled(self), console=self.app.console
        )

    def selected_list(self) -> UserList | None:
        entry = self.current_view.current
        return None if entry is None else entry.item

    def on_mount(self) -> None:
        view = self.current_view
        view.exhausted = True  # one answer holds every list
        view.focus()
        self._fetch_lists()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self._fetch_lists()

    @work(thread=True, exclusive=True, group="lists", exit_on_error=False)
    def _fetch_lists(self) -> None:
        try:
            found = self.session.client.lists()
        except ApiError as error:
            self.post_message(ListsLoaded([], error))
            return
        self.post_message(ListsLoaded(found))

    def on_lists_loaded(self, message: ListsLoaded) -> None:
        view = self.current_view
        if message.error is not None:
            view.empty_text = str(message.error)
            view.refresh()
            self.say(str(message.error), error=True)
            return
        keep = view.current.key if view.current is not None else None
        keys = unique_keys([found.id for found in message.lists])
        view.set_entries(zip(keys, message.lists, strict=True), select_key=keep)
        view.empty_text = _("You have no lists yet: n makes one.")
        view.refresh()
        if message.lists:
            self.say(_("Enter opens a list · n new · e edit · d delete · m members"))
        else:
            self.say(_("You have no lists."))

    # --- keys ----------------------------------------------------------------------------

    def action_open_list(self) -> None:
        """The list's timeline as a tab on the main screen."""
        user_list = self.selected_list()
        if user_list is None:
            return
        spec = ViewSpec(
            f"list-{user_list.id}",
            clean_text(user_list.title, max_len=60),
            TimelineSource("list", user_list.id),
        )
        self.app.pop_screen()
        self.main.open_view(spec)

    def action_new_list(self) -> None:
        self._edit(None, ListDraft(""))

    def action_edit_list(self) -> None:
        user_list = self.selected_list()
        if user_list is not None:
            self._edit(user_list, ListDraft.of(user_list))

    def _edit(self, user_list: UserList | None, draft: ListDraft) -> None:
        """The form for a new list (``user_list`` None) or for ``user_list``; then save."""
        heading = _("New list") if user_list is None else _("Change the list")

        def answered(answer: ListDraft | None) -> None:
            if answer is not None:
                self._save(user_list, answer)

        self.app.push_screen(ListForm(heading, draft), answered)

    def _save(self, user_list: UserList | None, draft: ListDraft) -> None:
        """Send the form; if the server refuses, the form comes back as it was typed."""
        client = self.session.client
        title = clean_text(draft.title, max_len=100)
        if user_list is None:
            list_id = ""
            done = _("Made the list “{title}”.").format(title=title)
        else:
            list_id = user_list.id
            done = _("Saved the list “{title}”.").format(title=title)

        def call() -> UserList:
            if not list_id:
                return client.create_list(
                    draft.title, replies_policy=draft.replies_policy, exclusive=draft.exclusive
                )
            return client.update_list(
                list_id,
                draft.title,
                replies_policy=draft.replies_policy,
                exclusive=draft.exclusive,
            )

        self.send(
            call,
            done,
            lambda saved: ListSaved(saved, created=not list_id),
            failed=lambda: self._edit(user_list, draft),
        )

    def on_list_saved(self, message: ListSaved) -> None:
        view = self.current_view
        saved = message.user_list
        if message.created:
            key = unique_keys([entry.item.id for entry in view.entries] + [saved.id])[-1]
            view.append([(key, saved)])
            view.selected = len(view.entries) - 1
        else:
            for entry in list(view.entries):
                if entry.item.id == saved.id:
                    view.replace(entry.key, saved)
            self.main.relabel_view(f"list-{saved.id}", clean_text(saved.title, max_len=60))
        view.refresh()

    def action_delete_list(self) -> None:
        user_list = self.selected_list()
        if user_list is None:
            return
        client = self.session.client
        title = clean_text(user_list.title, max_len=100)

        def answer(yes: bool | None) -> None:
            if yes:
                self.send(
                    lambda: client.delete_list(user_list.id),
                    _("Deleted the list “{title}”.").format(title=title),
                    lambda _result: ListDeleted(user_list.id),
                )

        question = sentence(_("Delete the list {title}?"), title=list_title(user_list))
        detail = _("Its members stay followed; only the list goes.")
        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    def on_list_deleted(self, message: ListDeleted) -> None:
        view = self.current_view
        for entry in list(view.entries):
            if entry.item.id == message.list_id:
                view.remove_entry(entry.key)
        view.refresh()
        self.main.close_view(f"list-{message.list_id}")

    def action_members(self) -> None:
        user_list = self.selected_list()
        if user_list is not None:
            from tootui.screens.list_members import ListMembersScreen

            self.app.push_screen(ListMembersScreen(self.session, user_list))


# --- from a profile: put someone on your lists --------------------------------------------


@dataclass
class MembershipLoaded(Message):
    """Your lists and the ids of those the account is on (or why not)."""

    lists: list[UserList]
    inside: set[str]
    error: ApiError | None = None


@dataclass
class MembershipChanged(Message):
    """Whether the account is on a list now, and the sentence that says what happened."""

    list_id: str
    inside: bool
    text: str
    error: bool = False


class ListMembershipPrompt(PassesFailures, ModalScreen[None]):
    """Your lists, marked ✓ where ``account`` is on them; Enter adds or removes them.

    Sentences (done, or the server's refusal) go to ``reporter``'s status line, where
    the screen underneath (the profile) shows them, and to this dialog's hint.
    """

    HELP_SECTION = HelpSection(N_("Adding someone to your lists"), 78)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape,q", "close", _("Close"), id="list_membership.close")]

    def __init__(self, session: AccountSession, account: Account, reporter: TimelineScreen) -> None:
        super().__init__()
        self.session = session
        self.account = account
        self.reporter = reporter
        self.lists: list[UserList] = []
        self.inside: set[str] = set()
        self.busy: set[str] = set()  # lists with a change on its way

    @property
    def who(self) -> str:
        return handle(self.account, self.session.host)

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        title = sentence(_("Lists with {who}"), who=isolate(self.who))
        with Vertical():
            yield Static(DisplayText(title, enabled=bidi), classes="title")
            yield OptionList(id="lists")
            yield Static(DisplayText(_("Loading your lists…"), enabled=bidi), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._fetch()

    def _hint(self, text: str) -> None:
        self.query_one(".hint", Static).update(DisplayText(text, enabled=bidi_enabled(self)))

    def _tell(self, text: str, *, error: bool = False) -> None:
        """A sentence for the hint and for the status line underneath."""
        self._hint(text)
        self.reporter.post_message(Say(text, error=error))

    @work(thread=True, exclusive=True, group="list-membership", exit_on_error=False)
    def _fetch(self) -> None:
        client = self.session.client
        try:
            found = client.lists()
            inside = {found.id for found in client.account_lists(self.account.id)}
        except ApiError as error:
            self.post_message(MembershipLoaded([], set(), error))
            return
        self.post_message(MembershipLoaded(found, inside))

    def _option(self, user_list: UserList) -> Option:
        mark = Text("✓ " if user_list.id in self.inside else "  ", "bold green")
        mark.append_text(list_title(user_list))
        return Option(DisplayText(mark, enabled=bidi_enabled(self)))

    def on_membership_loaded(self, message: MembershipLoaded) -> None:
        if message.error is not None:
            self.reporter.post_message(Say(str(message.error), error=True))
            self.dismiss(None)
            return
        if not message.lists:
            self.reporter.post_message(Say(_("You have no lists: g L makes one.")))
            self.dismiss(None)
            return
        self.lists = message.lists
        self.inside = message.inside
        options = self.query_one(OptionList)
        options.add_options([self._option(found) for found in self.lists])
        options.highlighted = 0
        self._hint(_("Enter adds or removes them (✓: on the list) · Esc closes"))

    @on(OptionList.OptionSelected)
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if not 0 <= index < len(self.lists):
            return
        user_list = self.lists[index]
        if user_list.id in self.busy:
            return
        self.busy.add(user_list.id)
        self._change(user_list, user_list.id not in self.inside)

    @work(thread=True, group="list-membership-change", exit_on_error=False)
    def _change(self, user_list: UserList, add: bool) -> None:
        client = self.session.client
        title = clean_text(user_list.title, max_len=100)
        try:
            if add:
                client.add_to_list(user_list.id, [self.account.id])
            else:
                client.remove_from_list(user_list.id, [self.account.id])
        except ApiError as error:
            self.post_message(MembershipChanged(user_list.id, not add, str(error), error=True))
            return
        done = _("Added {who} to “{title}”.") if add else _("Removed {who} from “{title}”.")
        self.post_message(
            MembershipChanged(user_list.id, add, done.format(who=self.who, title=title))
        )

    def on_membership_changed(self, message: MembershipChanged) -> None:
        self.busy.discard(message.list_id)
        self._tell(message.text, error=message.error)
        if message.inside:
            self.inside.add(message.list_id)
        else:
            self.inside.discard(message.list_id)
        options = self.query_one(OptionList)
        for index, user_list in enumerate(self.lists):
            if user_list.id == message.list_id:
                options.replace_option_prompt_at_index(index, self._option(user_list).prompt)

    def action_close(self) -> None:
        self.dismiss(None)


def add_to_lists(screen: TimelineScreen, account: Account) -> None:
    """From a profile: put ``account`` on your lists or take it off."""
    screen.app.push_screen(ListMembershipPrompt(screen.session, account, screen))
