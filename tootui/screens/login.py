"""The sign-in screen: choose a server, read its rules, approve tootui in a browser, paste the code.

It dismisses with the signed-in, stored ``AccountSession``, or ``None`` if cancelled.
Every step that talks to the server runs in a thread worker (``tootui.signin``) and
reports back with a message; remote text is shown as plain ``Text``, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, Static
from textual.worker import Worker, WorkerState

from tootui.api import Instance
from tootui.context import config_of
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.sanitize import clean_text, safe_url
from tootui.screens.base import PassesFailures
from tootui.session import AccountSession
from tootui.signin import (
    PendingSignIn,
    SignInError,
    StartAgain,
    finish_sign_in,
    open_in_browser,
    prepare_sign_in,
    stores,
)
from tootui.widgets.footer import Footer


def server_text(instance: Instance) -> Text:
    """The server's title, short description and rules, skipping what it does not publish."""
    text = Text()
    if instance.title:
        text.append(clean_text(instance.title, max_len=200), "bold")
        text.append("\n")
    if instance.description:
        text.append(clean_text(instance.description.strip(), max_len=2000, multiline=True))
        text.append("\n")
    if instance.rules:
        text.append("\n" + _("Server rules:") + "\n", "bold")
        for number, rule in enumerate(instance.rules, start=1):
            text.append(f" {number}. ")
            text.append(clean_text(rule.text, max_len=1000, multiline=True))
            text.append("\n")
            if rule.hint:
                text.append("    " + clean_text(rule.hint, max_len=1000, multiline=True) + "\n")
    return text


def link_text(url: str) -> Text:
    """The URL as text that is also an OSC 8 hyperlink; unsafe URLs are not linked at all."""
    safe = safe_url(url)
    if safe is None:
        return Text(_("(the server gave an address that is not a web link)"))
    return Text(safe, style=Style(link=safe, underline=True))


class LoginScreen(PassesFailures, Screen[AccountSession | None]):
    """Sign in to a server (a new account, the first account, or one whose sign-in expired)."""

    HELP_SECTION = HelpSection(N_("Sign in"), 200)

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="login.cancel"),
        # Not in the key bar: the focused Input holds these keys (and passes them on).
        Binding(
            "pagedown", "scroll_info(1)", _("Scroll the rules down"), id="login.more", show=False
        ),
        Binding("pageup", "scroll_info(-1)", _("Scroll the rules up"), id="login.back", show=False),
    ]

    # Two parts: the server and what it says (scrolls), then the approval step: its
    # address, the code field and the error, always on screen however long the rules are.
    CSS_PATH = "login.tcss"

    @dataclass
    class Prepared(Message):
        """The server answered and tootui is registered: show rules and the URL."""

        pending: PendingSignIn

    @dataclass
    class SignedIn(Message):
        session: AccountSession

    @dataclass
    class Failed(Message):
        """A step failed; ``text`` says why in plain words."""

        text: str
        step: str  # "server" or "code"

    def __init__(
        self,
        *,
        first_run: bool = False,
        server: str = "",
        reauth_acct: str | None = None,
    ) -> None:
        super().__init__()
        self.first_run = first_run
        self.initial_server = server
        self.reauth_acct = reauth_acct
        self.pending: PendingSignIn | None = None
        self.busy = False
        self._info_first = False  # scroll the server's text to the top once it is laid out

    def compose(self) -> ComposeResult:
        if self.reauth_acct:
            title = _("Sign in again as @{acct}").format(acct=self.reauth_acct)
        elif self.first_run:
            title = _("Welcome to tootui. No account is signed in yet: sign in to your server.")
        else:
            title = _("Add an account")
        with Vertical(id="login-box"):
            with VerticalScroll(id="login-top"):
                yield Label(title, id="login-title")
                yield Label(_("Server (e.g. mastodon.social or @you@mastodon.social):"))
                yield Input(
                    value=self.initial_server,
                    placeholder="mastodon.social",
                    id="server",
                    disabled=bool(self.reauth_acct),
                )
                yield Static("", id="server-info", classes="-hidden")
            with Vertical(id="login-step"):
                yield Static("", id="auth-intro", classes="-hidden")
                yield Static("", id="auth-url", classes="-hidden")
                yield Label(_("Code shown by the server:"), id="code-label", classes="-hidden")
                yield Input(placeholder=_("paste the code here"), id="code", classes="-hidden")
                yield Static("", id="login-error")
                yield Static("", id="login-progress")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(
            self.query_one("#login-top", VerticalScroll),
            "virtual_size",
            self._top_laid_out,
            init=False,
        )
        if self.reauth_acct and self.initial_server:
            self._start(self.initial_server)
        else:
            self.query_one("#server", Input).focus()

    # --- what the person does --------------------------------------------------------

    @on(Input.Submitted, "#server")
    def _server_entered(self, event: Input.Submitted) -> None:
        self._start(event.value)

    @on(Input.Submitted, "#code")
    def _code_entered(self, event: Input.Submitted) -> None:
        if self.pending is None or self.busy:
            return
        self._error("")
        self.busy = True
        self._progress(_("Checking the code…"))
        self._finish(self.pending, event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _top_laid_out(self) -> None:
        """Put the server's text at the top of its part, once laid out (see ``_info_first``)."""
        info = self.query_one("#server-info", Static)
        if self._info_first and info.virtual_region.height:
            self._info_first = False
            top = self.query_one("#login-top", VerticalScroll)
            # After this refresh, when the part's own new height is known too.
            self.call_after_refresh(
                top.scroll_to_widget, info, top=True, animate=False, immediate=True
            )

    def action_scroll_info(self, pages: int) -> None:
        """Page through the server's description and rules while typing elsewhere."""
        top = self.query_one("#login-top", VerticalScroll)
        top.scroll_to(y=top.scroll_y + pages * max(1, top.scrollable_content_region.height - 1))

    # --- steps ----------------------------------------------------------------------

    def _start(self, text: str) -> None:
        if self.busy:
            return
        self._error("")
        self._forget_pending()
        self.busy = True
        self._progress(_("Contacting the server…"))
        self._prepare(text)

    def _forget_pending(self) -> None:
        """Back to the first step: no sign-in under way, its code step hidden."""
        self.pending = None
        for name in ("#server-info", "#auth-intro", "#auth-url", "#code-label", "#code"):
            self.query_one(name).add_class("-hidden")
        self.remove_class("-code-step")

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _prepare(self, text: str) -> None:
        try:
            accounts, tokens = stores(config_of(self))
            pending = prepare_sign_in(text, accounts, tokens)
        except SignInError as error:
            self.post_message(self.Failed(str(error), "server"))
            return
        self.post_message(self.Prepared(pending))

    @work(thread=True, exclusive=True, group="login", exit_on_error=False)
    def _finish(self, pending: PendingSignIn, code: str) -> None:
        try:
            accounts, tokens = stores(config_of(self))
            session = finish_sign_in(pending, code, accounts, tokens, expect_acct=self.reauth_acct)
        except StartAgain as error:
            self.post_message(self.Failed(str(error), "server"))
            return
        except SignInError as error:
            self.post_message(self.Failed(str(error), "code"))
            return
        self.post_message(self.SignedIn(session))

    @work(thread=True, group="login-browser", exit_on_error=False)
    def _open_browser(self, url: str) -> None:
        opened = open_in_browser(url)
        if opened:
            self.app.call_from_thread(
                self._progress, _("A browser window should have opened with that page.")
            )

    # --- results --------------------------------------------------------------------

    def on_login_screen_prepared(self, message: Prepared) -> None:
        self.busy = False
        self.pending = message.pending
        info = self.query_one("#server-info", Static)
        described = server_text(message.pending.instance)
        info.update(described)
        info.set_class(not described.plain, "-hidden")
        intro = self.query_one("#auth-intro", Static)
        intro.update(
            Text(
                _(
                    "Open this page in a web browser, sign in and approve tootui, "
                    "then paste the code it shows below:"
                )
            )
        )
        self.query_one("#auth-url", Static).update(link_text(message.pending.authorize_url))
        for name in ("#auth-intro", "#auth-url", "#code-label", "#code"):
            self.query_one(name).remove_class("-hidden")
        self.add_class("-code-step")
        self._progress("")
        code = self.query_one("#code", Input)
        code.focus(scroll_visible=False)
        # What the server says comes first in the part that scrolls (the address was typed
        # already; the rules are what to read before approving), once it is laid out.
        self._info_first = bool(described.plain)
        self._open_browser(message.pending.authorize_url)

    def on_login_screen_signed_in(self, message: SignedIn) -> None:
        self.busy = False
        self.dismiss(message.session)

    def on_login_screen_failed(self, message: Failed) -> None:
        self.busy = False
        self._progress("")
        self._error(message.text)
        if message.step == "server":
            self._forget_pending()  # the code step, if shown, cannot succeed any more
            server = self.query_one("#server", Input)
            server.disabled = False
            server.focus()
        else:
            self.query_one("#code", Input).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything a step did not expect still ends as a sentence, and the screen stays usable.
        if event.state == WorkerState.ERROR and event.worker.group == "login":
            error = event.worker.error
            step = "code" if self.pending is not None else "server"
            self.post_message(
                self.Failed(_("Signing in failed: {error}").format(error=error), step)
            )

    def _error(self, text: str) -> None:
        self.query_one("#login-error", Static).update(Text(text))

    def _progress(self, text: str) -> None:
        self.query_one("#login-progress", Static).update(Text(text))
