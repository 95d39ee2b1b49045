"""The composer's ground: one draft in its form, saved to disk as it changes.

``ComposerBase`` holds what every part of the composer stands on: the draft, its form
(``ComposeForm``), the account it posts from, the composer's status line, and saving as you
type (one timer while typing, none while idle; the last words are kept when the app quits
with the composer open). It answers the fields' ``Changed`` messages. The keys that change a
draft are ``DraftKeys`` (composer_keys.py), the suggestions for @handles, #tags and :emoji:
are ``Suggesting`` (composer_suggestions.py), and the screen itself, with its layout and
sending, is ``ComposeScreen`` (composer.py).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import on
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Select, TextArea

from tootui.api import Status
from tootui.compose_rules import limits, visibilities
from tootui.context import Context, context
from tootui.drafts import Draft, DraftStore
from tootui.i18n import _
from tootui.screens.base import PassesFailures
from tootui.widgets.compose_form import ComposeForm
from tootui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from tootui.session import AccountSession

SAVE_DELAY = 0.5  # seconds of quiet before the draft is written to disk


class ComposerBase(PassesFailures, ModalScreen[Status | None]):
    """One draft in its form, saved as it changes; the composer's parts build on it."""

    def __init__(
        self,
        draft: Draft,
        *,
        reply_to: Status | None = None,
        load_source: bool = False,
        prefilled: bool = False,
        store: DraftStore | None = None,
        quote_of: Status | None = None,
    ) -> None:
        """``prefilled``: the starting text is not the user's own (the mentions of a reply,
        a post being edited), so closing without a change loses nothing and asks nothing."""
        super().__init__()
        self.draft = draft
        self.reply_to = reply_to
        self.quote_of = quote_of  # the post quoted, when the draft quotes one
        self.load_source = load_source
        self.store = store or DraftStore()
        self.sending = False
        self.finished = False  # posted or discarded: nothing more to save
        self._save_timer: Timer | None = None
        self._alt_warned: str | None = None  # key of the draft we already reminded about
        self._saved_state = draft.idempotency_key()
        self._widest = draft.visibility if (reply_to is not None or draft.edit_id) else None
        self.prefilled = prefilled
        self._pristine_state: str | None = None  # the form as it opened, when prefilled
        self._language_note = ""
        self._text_before_source = draft.text
        self._stop_sending = threading.Event()  # set when the composer goes away

    # --- helpers --------------------------------------------------------------------

    @property
    def tootui(self) -> Context:
        return context(self)

    @property
    def session(self) -> AccountSession:
        sessions = self.tootui.sessions
        return sessions.get(self.draft.acct) or self.tootui.session

    @property
    def form(self) -> ComposeForm:
        return self.query_one(ComposeForm)

    def say(self, text: str, *, error: bool = False) -> None:
        """One sentence in the composer's status line (in red when ``error``)."""
        self.form.say(text, error=error)

    def _visibility_choices(self) -> list[str]:
        if self.draft.edit_id:
            return [self.draft.visibility]  # a post's visibility cannot be edited
        return visibilities(self.session, self._widest)

    def _draw_header(self) -> None:
        self.form.draw_header(other_accounts=len(self.tootui.sessions) > 1)

    def _cursor_to_end(self) -> None:
        """After text that was not typed here (prefilled, loaded, from the editor)."""
        area = self.query_one("#text", TextArea)
        area.move_cursor(area.document.end)
        # A #tag it ends with was not just typed: nothing to suggest for it.
        self.query_one(SuggestionList).token = self.form.token_at_cursor()

    def collect(self) -> Draft:
        """The draft as the form now shows it (also kept in ``self.draft``)."""
        return self.form.collect()

    def _update_counter(self) -> None:
        self.form.count(*limits(self.session.instance))

    # --- saving as you type ----------------------------------------------------------

    def _changed(self) -> None:
        self._update_counter()
        if self.finished or not self.is_mounted:
            return
        state = self.collect().idempotency_key()  # a digest of everything in the form
        if state == self._saved_state:
            return  # e.g. widgets announcing their first value: nothing new to save
        # One timer while typing, none while idle: each change pushes the save back.
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._autosave)
        else:
            self._save_timer.reset()

    def _autosave(self) -> None:
        self._save_timer = None
        self.save_now()

    def save_now(self) -> None:
        """Write the draft to disk at once (also on close and quit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.finished or not self.is_mounted:
            return
        try:
            self.store.save(self.collect())
            self._saved_state = self.draft.idempotency_key()
        except OSError as error:
            self.say(_("Could not save the draft: {error}").format(error=error), error=True)

    @on(TextArea.Changed, "#text")
    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _on_field_changed(self, event: Message) -> None:
        if isinstance(event, Input.Changed) and event.input.id == "media-path":
            return
        if isinstance(event, TextArea.Changed):
            self.query_one(SuggestionList).typed(self.form.token_at_cursor())
            self.form.show_preview()
        if isinstance(event, Select.Changed):
            self.collect()
            self.form.show_settings()  # who can quote depends on the visibility
        self._changed()

    def on_unmount(self) -> None:
        self._stop_sending.set()  # no waiting on for uploads nobody will post
        # A quit (or crash handling) while the composer is open keeps the last words.
        if self._save_timer is not None and not self.finished:
            self._save_timer.stop()
            self._save_timer = None
            try:
                self.store.save(self.draft)
            except OSError:
                pass  # the app is going away; the previous save is still on disk
