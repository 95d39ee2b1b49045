"""Your own profile, and the form that edits it.

``open_own_profile`` shows your profile as others see it (``g p``); ``open_profile_editor``
(``E`` on it, or the command palette) opens ``ProfileEditScreen``: display name, bio,
profile fields, the locked/bot/discoverable flags, posting defaults (visibility, language,
sensitive media) and a new avatar or header from a file path. The form is filled from the
account's ``source`` (what you typed, not the server's HTML), Ctrl+S sends only what
changed, and the server's answer is what is shown afterwards. A refusal stays on the form
with everything typed in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static, TextArea

from tootui.api import Account, ApiError, ProfileChanges, ProfileSource
from tootui.api.client.profile import MAX_FIELDS, image_problem
from tootui.context import bidi_enabled
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.messages import Say
from tootui.render.display import DisplayText
from tootui.render.html import render_html
from tootui.screens.base import TootScreen
from tootui.screens.navigation import show_profile
from tootui.screens.prompt import ConfirmPrompt
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from textual.app import App

    from tootui.screens.main import MainScreen
    from tootui.session import AccountSession

# The default visibilities a server accepts for new posts ("direct" is not one).
PRIVACIES = (
    ("public", N_("Public")),
    ("unlisted", N_("Quiet public (unlisted)")),
    ("private", N_("Followers only")),
)


def open_own_profile(main: MainScreen) -> None:
    """Your own profile over the main screen (``g p``); asks the server who you are first
    when start-up has not yet."""
    session = main.session
    if session.me is not None:
        show_profile(main.app, session, session.me)
        return
    main.run_worker(
        lambda: _show_me(main, session),
        thread=True,
        group="own-profile",
        exclusive=True,
        exit_on_error=False,
    )


def _show_me(main: MainScreen, session: AccountSession) -> None:
    """In a thread worker: fetch the signed-in account and show its profile."""
    try:
        me = session.client.verify_credentials()
    except ApiError as error:
        main.post_message(Say(str(error), error=True))
        return
    main.app.call_from_thread(_show_known_me, main.app, session, me)


def _show_known_me(app: App[Any], session: AccountSession, me: Account) -> None:
    """On the UI thread: remember who the session is (so the profile knows it is yours)."""
    if session.me is None:
        session.me = me
    show_profile(app, session, me)


def open_profile_editor(main: MainScreen) -> None:
    """The profile editor for ``main``'s account (the command palette)."""
    main.app.push_screen(ProfileEditScreen(main.session))


def _fields_of(source: ProfileSource) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.value) for f in source.fields if f.name.strip() or f.value.strip())


class ProfileEditScreen(TootScreen[None]):
    """The form that edits the signed-in account's profile. Ctrl+S saves, Esc leaves."""

    HELP_SECTION = HelpSection(N_("Editing your profile"), 73)

    CSS_PATH = "profile_edit.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save profile"), priority=True, id="profile_edit.save"),
        Binding("escape", "leave", _("Back (asks if unsaved)"), id="profile_edit.back"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The account as the server has it, with its ``source``."""

        account: Account

    @dataclass
    class Saved(Message, bubble=False):
        account: Account

    @dataclass
    class Failed(Message, bubble=False):
        error: ApiError
        saving: bool

    def __init__(self, session: AccountSession) -> None:
        super().__init__()
        self.session = session
        self.account: Account | None = None  # as the server last answered
        self.source = ProfileSource(note="")
        self.saving = False

    # --- layout ---------------------------------------------------------------------

    def _label(self, text: str) -> Static:
        return Static(DisplayText(text, enabled=bidi_enabled(self)), classes="label")

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        yield Static(DisplayText(_("Edit your profile"), enabled=bidi), id="profile-edit-title")
        with VerticalScroll(id="profile-form"):
            yield self._label(_("Display name"))
            yield Input(id="display-name")
            yield self._label(_("Bio"))
            yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
            yield self._label(_("Profile fields (a name and a value on each line)"))
            yield VerticalScroll(id="fields")
            yield Checkbox(_("Approve followers by hand (locked)"), id="locked")
            yield Checkbox(_("This account is a bot"), id="bot")
            yield Checkbox(_("Suggest this profile to others (discoverable)"), id="discoverable")
            yield self._label(_("Visibility of new posts"))
            with RadioSet(id="privacy"):
                for value, label in PRIVACIES:
                    yield RadioButton(_(label), id=f"privacy-{value}")
            yield self._label(_("Language of new posts (a code such as en or ar; empty: none)"))
            yield Input(id="language", max_length=8)
            yield Checkbox(_("Mark my media as sensitive"), id="sensitive")
            yield self._label(_("New avatar: the path of an image file (empty: keep it)"))
            yield Input(id="avatar", placeholder="~/pictures/me.png")
            yield self._label(_("New header: the path of an image file (empty: keep it)"))
            yield Input(id="header", placeholder="~/pictures/header.png")
        yield Static(id="profile-problem")
        yield StatusLine(id="statusline")
        yield Footer()

    def on_mount(self) -> None:
        self._add_field_rows(MAX_FIELDS)
        self.query_one("#profile-form").disabled = True
        self.say(_("Loading your profile…"))
        self._load()

    def _add_field_rows(self, count: int) -> None:
        rows = self.query_one("#fields")
        for index in range(len(rows.children), count):
            rows.mount(
                Horizontal(
                    Input(placeholder=_("Name"), id=f"field-name-{index}", classes="field-name"),
                    Input(placeholder=_("Value"), id=f"field-value-{index}", classes="field-value"),
                    classes="field-row",
                )
            )

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    def on_say(self, message: Say) -> None:
        message.stop()
        self.say(message.text, error=message.error)

    def _problem(self, text: str) -> None:
        self.query_one("#profile-problem", Static).update(
            DisplayText(text, enabled=bidi_enabled(self))
        )

    # --- loading ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="profile-load", exit_on_error=False)
    def _load(self) -> None:
        try:
            account = self.session.client.verify_credentials()
        except ApiError as error:
            self.post_message(self.Failed(error, saving=False))
            return
        self.post_message(self.Loaded(account))

    def on_profile_edit_screen_loaded(self, message: Loaded) -> None:
        self._fill(message.account)
        self.query_one("#profile-form").disabled = False
        self.query_one("#display-name", Input).focus()
        self.say(_("Ctrl+S saves; Esc goes back."))

    def _fill(self, account: Account) -> None:
        """Show ``account`` (the server's own words) in the form, and take it as unchanged."""
        self.account = account
        # A server that sends no ``source`` gets its bio back as the text it shows, never
        # as its HTML (which saving would turn into literal tags).
        source = account.source or ProfileSource(
            note=render_html(account.note).text.plain,
            privacy=account.default_visibility,
            language=account.default_language,
            sensitive=account.default_sensitive,
        )
        self.source = source
        self.query_one("#display-name", Input).value = account.display_name
        self.query_one("#note", TextArea).text = source.note
        fields = _fields_of(source)
        self._add_field_rows(max(MAX_FIELDS, len(fields)))
        rows = len(self.query_one("#fields").children)
        for index in range(rows):
            name, value = fields[index] if index < len(fields) else ("", "")
            self.query_one(f"#field-name-{index}", Input).value = name
            self.query_one(f"#field-value-{index}", Input).value = value
        self.query_one("#locked", Checkbox).value = account.locked
        self.query_one("#bot", Checkbox).value = account.bot
        self.query_one("#discoverable", Checkbox).value = account.discoverable
        privacy = source.privacy if source.privacy in dict(PRIVACIES) else "public"
        self.query_one(f"#privacy-{privacy}", RadioButton).value = True
        self.query_one("#language", Input).value = source.language or ""
        self.query_one("#sensitive", Checkbox).value = source.sensitive
        self.query_one("#avatar", Input).value = ""
        self.query_one("#header", Input).value = ""

    # --- what changed -----------------------------------------------------------------

    def _typed_fields(self) -> tuple[tuple[str, str], ...]:
        pairs = []
        for index in range(len(self.query_one("#fields").children)):
            name = self.query_one(f"#field-name-{index}", Input).value.strip()
            value = self.query_one(f"#field-value-{index}", Input).value.strip()
            if name or value:
                pairs.append((name, value))
        return tuple(pairs)

    def _privacy(self) -> str:
        pressed = self.query_one("#privacy", RadioSet).pressed_index
        return PRIVACIES[pressed][0] if pressed >= 0 else self.source.privacy or "public"

    def _path(self, widget_id: str) -> Path | None:
        typed = self.query_one(f"#{widget_id}", Input).value.strip()
        return Path(typed).expanduser() if typed else None

    def changes(self) -> ProfileChanges:
        """What the form says that the server does not have yet."""
        account, source = self.account, self.source
        if account is None:
            return ProfileChanges()

        def differs(now: Any, before: Any) -> Any:
            return now if now != before else None

        def flag(widget_id: str, before: bool) -> bool | None:
            now = self.query_one(f"#{widget_id}", Checkbox).value
            return now if now != before else None

        fields = self._typed_fields()
        return ProfileChanges(
            display_name=differs(
                self.query_one("#display-name", Input).value, account.display_name
            ),
            note=differs(self.query_one("#note", TextArea).text, source.note),
            fields=fields if fields != _fields_of(source) else None,
            locked=flag("locked", account.locked),
            bot=flag("bot", account.bot),
            discoverable=flag("discoverable", account.discoverable),
            privacy=differs(self._privacy(), source.privacy or "public"),
            language=differs(
                self.query_one("#language", Input).value.strip(), source.language or ""
            ),
            sensitive=flag("sensitive", source.sensitive),
            avatar=self._path("avatar"),
            header=self._path("header"),
        )

    # --- saving -----------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        if self.account is None:
            self.say(_("Still loading your profile…"))
            return
        changes = self.changes()
        if changes.empty:
            self.say(_("Nothing has changed."))
            return
        for widget_id, path in (("avatar", changes.avatar), ("header", changes.header)):
            problem = image_problem(path) if path is not None else None
            if problem is not None:
                self._problem(problem)
                self.say(problem, error=True)
                self.query_one(f"#{widget_id}", Input).focus()
                return
        self.saving = True
        self._problem("")
        self.say(_("Saving your profile…"))
        self._save(changes)

    @work(thread=True, exclusive=True, group="profile-save", exit_on_error=False)
    def _save(self, changes: ProfileChanges) -> None:
        try:
            account = self.session.client.update_credentials(changes)
        except ApiError as error:
            self.post_message(self.Failed(error, saving=True))
            return
        self.post_message(self.Saved(account))

    def on_profile_edit_screen_failed(self, message: Failed) -> None:
        self.saving = False
        self._problem(str(message.error))
        self.say(str(message.error), error=True)

    def on_profile_edit_screen_saved(self, message: Saved) -> None:
        """Show the server's answer: on the profile underneath, or a new one."""
        self.saving = False
        account = message.account
        self.session.me = account
        self._fill(account)  # what the server kept, should anything stop the leaving
        app = self.app
        app.pop_screen()
        _show_saved(app, self.session, account)

    # --- leaving ------------------------------------------------------------------------

    def action_leave(self) -> None:
        if self.account is None or self.changes().empty:
            self.app.pop_screen()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmPrompt(
                _("Leave without saving?"),
                detail=_("Your changes to your profile have not been sent."),
            ),
            answered,
        )


def _show_saved(app: App[Any], session: AccountSession, account: Account) -> None:
    """After a save: the profile on top now shows ``account``, or one is opened."""
    from tootui.screens.profile import ProfileLoaded, ProfileScreen

    screen = app.screen
    if isinstance(screen, ProfileScreen) and screen.account.id == account.id:
        screen.post_message(ProfileLoaded(account, screen.relationship))
        screen.post_message(Say(_("Profile saved.")))
        return
    show_profile(app, session, account)
    app.notify(_("Profile saved."))
