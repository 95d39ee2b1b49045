"""Suggestions while writing: @handles, #tags and :emoji: the server knows.

``Suggesting`` is the composer's part that offers them: the ``SuggestionList`` under the
text asks (``SuggestionList.Wanted``) after a pause in typing, a thread worker asks the
server and answers with a ``Suggestions`` message, and up, down and tab move through and
take a suggestion while the list shows (else they do what they always do).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message
from textual.widgets import OptionList, TextArea

from tootui.compose_rules import suggestions_for
from tootui.screens.composer_base import ComposerBase
from tootui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from tootui.session import AccountSession


class Suggesting(ComposerBase):
    """The composer's suggestions for the @handle, #tag or :emoji: being typed."""

    @dataclass
    class Suggestions(Message, bubble=False):
        """Handles or hashtags the server knows that start like ``token``."""

        token: str
        items: list[str]

    @on(SuggestionList.Wanted)
    def _find_suggestions(self, message: SuggestionList.Wanted) -> None:
        self._search(message.token, self.session)

    @work(thread=True, exclusive=True, group="autocomplete", exit_on_error=False)
    def _search(self, token: str, session: AccountSession) -> None:
        self.post_message(self.Suggestions(token, suggestions_for(session.client, token)))

    def on_suggesting_suggestions(self, message: Suggestions) -> None:
        self.query_one(SuggestionList).offer(message.token, message.items)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Up and down move through the suggestions while they show; else the cursor.
        if action == "suggestion":
            return self._suggesting()
        return True

    def _suggesting(self) -> bool:
        showing = self.query_one(SuggestionList).showing
        return showing and self.focused is self.query_one("#text", TextArea)

    def action_suggestion(self, step: int) -> None:
        self.query_one(SuggestionList).move(step)

    def action_accept_suggestion(self) -> None:
        if not self._suggesting():
            # this binding stands in for the screen's own tab: move on as usual
            self.focus_next()
            return
        suggestions = self.query_one(SuggestionList)
        choice = suggestions.chosen
        if choice is None:
            return
        area = self.query_one("#text", TextArea)
        token = self.form.token_at_cursor()
        row, column = area.cursor_location
        area.replace(choice + " ", (row, column - len(token)), (row, column))
        suggestions.close()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_clicked(self, event: OptionList.OptionSelected) -> None:
        self.query_one(SuggestionList).highlighted = event.option_index
        self.query_one("#text", TextArea).focus()
        self.action_accept_suggestion()
