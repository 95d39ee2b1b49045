"""The account switcher: every stored account, switch, add, remove, or sign one in again.

Removing signs out on the server (in a thread worker) and forgets the account here. It
answers the list's ``OptionSelected`` (switch to that account) and its own worker's
``Removed`` and ``RemoveFailed``; it is drawn again on ``ScreenResume`` (after signing in).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tootui.context import Context, bidi_enabled, context
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, sentence
from tootui.render.status import display_name
from tootui.screens.base import PassesFailures
from tootui.session import AccountSession
from tootui.signin import SignInError, remove_account, stores
from tootui.widgets.footer import Footer


def account_line(session: AccountSession, *, current: bool) -> Text:
    """One row of the list: the account, its server, and what needs attention.

    In logical order, the name and addresses each an isolated run: a ``DisplayText``
    lays the row out in the interface's direction.
    """
    text = Text()
    text.append("▶ " if current else "  ", "bold")
    text.append_text(isolate("@" + session.acct, "bold" if current else ""))
    if session.me is not None and session.me.display_name:
        text.append("  ")
        text.append_text(isolate(display_name(session.me, bidi=False), "italic"))
    text.append("  ")
    text.append_text(isolate(session.base_url, "dim"))
    if current:
        text.append("  " + _("(current)"))
    if session.needs_sign_in:
        text.append("  " + _("sign in again"), "bold red")
    elif session.unread_notifications:
        text.append(
            "  "
            + ngettext(
                "{n} unread notification", "{n} unread notifications", session.unread_notifications
            ).format(n=localize_digits(str(session.unread_notifications))),
            "bold",
        )
    return text


class ConfirmRemoveScreen(ModalScreen[bool]):
    """Ask before signing an account out and forgetting it."""

    HELP_SECTION = HelpSection(N_("Removing an account"), 190)

    BINDINGS = [
        Binding("y", "answer(True)", _("Yes, remove"), id="accounts.confirm_yes"),
        Binding("n,escape,q", "answer(False)", _("No"), id="accounts.confirm_no"),
    ]

    CSS_PATH = "accounts.tcss"

    def __init__(self, acct: str) -> None:
        super().__init__()
        self.acct = acct

    def compose(self) -> ComposeResult:
        question = _(
            "Remove @{acct}? tootui signs it out on its server (when it can) "
            "and forgets its token here. Press y to remove, n to keep it."
        )
        with Vertical():
            yield Static(
                DisplayText(
                    sentence(question, acct=isolate(self.acct)),
                    enabled=bidi_enabled(self),
                )
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class AccountsScreen(PassesFailures, Screen[None]):
    """Every stored account; Enter switches (or signs in again), a adds, d removes."""

    HELP_SECTION = HelpSection(N_("Accounts"), 180)

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="accounts.close"),
        Binding("a", "add", _("Add account"), id="accounts.add"),
        Binding("d", "remove", _("Remove"), id="accounts.remove"),
    ]

    CSS_PATH = "accounts.tcss"

    @dataclass
    class Removed(Message):
        """The account was signed out and forgotten; ``note`` says how it went."""

        acct: str
        note: str

    @dataclass
    class RemoveFailed(Message):
        acct: str
        text: str

    @property
    def tootui(self) -> Context:
        return context(self)

    def compose(self) -> ComposeResult:
        title = _("Accounts (Enter: switch · a: add · d: remove)")
        yield Label(DisplayText(title, enabled=self.tootui.bidi), id="accounts-title")
        yield OptionList(id="accounts-list")
        yield Static("", id="accounts-status")
        yield Footer()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Redraw the list from the app's sessions, keeping the highlighted account."""
        options = self.query_one(OptionList)
        keep = self.highlighted_acct() or self.tootui.current_acct
        options.clear_options()
        current = self.tootui.current_acct
        for acct, session in self.tootui.sessions.items():
            line = account_line(session, current=acct == current)
            options.add_option(Option(DisplayText(line, enabled=self.tootui.bidi), id=acct))
        if keep is not None and keep in self.tootui.sessions:
            options.highlighted = options.get_option_index(keep)
        elif self.tootui.sessions:
            options.highlighted = 0

    def highlighted_acct(self) -> str | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= options.option_count:
            return None
        return options.get_option_at_index(index).id

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#accounts-status", Static)
        status.set_class(error, "-error")
        status.update(DisplayText(text, enabled=self.tootui.bidi))

    # --- actions --------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#accounts-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.open_account(event.option.id)

    def open_account(self, acct: str) -> None:
        """Switch to ``acct``; if its server refused its token, sign it in again first."""
        session = self.tootui.sessions.get(acct)
        if session is None:
            return
        if session.needs_sign_in:
            from tootui.screens.login import LoginScreen

            self.app.push_screen(
                LoginScreen(server=session.base_url, reauth_acct=acct), self._signed_in_again
            )
            return
        self.tootui.switch_account(acct)

    def _signed_in_again(self, fresh: AccountSession | None) -> None:
        if fresh is None:
            return
        app = self.tootui
        old = app.sessions.get(fresh.acct)
        if old is None:
            app.add_session(fresh)
            return
        # The account's screen keeps its session object: give it the new sign-in.
        old.client = fresh.client
        old.me = fresh.me
        old.instance = fresh.instance or old.instance
        old.needs_sign_in = False
        app.switch_account(fresh.acct)
        name = app.main_screen_name(fresh.acct)
        screen = self.app.get_screen(name)
        reload = getattr(screen, "action_show", None)
        active = getattr(screen, "active", "home")
        if screen.is_mounted and callable(reload):
            screen.call_after_refresh(reload, active)
        self.app.notify(_("Signed in again as @{acct}.").format(acct=fresh.acct))

    def action_add(self) -> None:
        self.tootui.action_add_account()

    def action_remove(self) -> None:
        acct = self.highlighted_acct()
        if acct is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.say(_("Signing out @{acct}…").format(acct=acct))
                self._remove(acct)

        self.app.push_screen(ConfirmRemoveScreen(acct), answered)

    def action_close(self) -> None:
        if self.tootui.current_acct is None:
            self.app.exit()
        else:
            self.dismiss(None)

    # --- removing ---------------------------------------------------------------------

    @work(thread=True, group="accounts", exit_on_error=False)
    def _remove(self, acct: str) -> None:
        try:
            accounts, tokens = stores(self.tootui.config)
            note = remove_account(acct, accounts, tokens)
        except SignInError as error:
            self.post_message(self.RemoveFailed(acct, str(error)))
            return
        self.post_message(self.Removed(acct, note))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "accounts":
            self.say(_("Could not remove the account: {error}").format(error=event.worker.error))

    def on_accounts_screen_remove_failed(self, message: RemoveFailed) -> None:
        self.say(message.text, error=True)

    def on_accounts_screen_removed(self, message: Removed) -> None:
        app = self.tootui
        acct = message.acct
        app.sessions.pop(acct, None)
        name = app.main_screen_name(acct)
        if acct == app.current_acct:
            remaining = list(app.sessions)
            if remaining:
                app.switch_account(remaining[0])  # also closes this screen
            else:
                app.current_acct = None
                while len(self.app.screen_stack) > 1:
                    self.app.pop_screen()
            self._forget_screen(name)
            self.app.notify(message.note, timeout=10)
            if not remaining:
                app.action_add_account(first_run=True)
            return
        self._forget_screen(name)
        self.rebuild()
        self.say(message.note)

    def _forget_screen(self, name: str) -> None:
        app = self.app
        if not app.is_screen_installed(name):
            return
        screen = app.get_screen(name)
        if screen in app.screen_stack:
            return  # still shown; it goes when it is switched away from
        app.uninstall_screen(name)
        if screen.is_mounted:
            screen.remove()
