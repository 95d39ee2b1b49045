"""The saved drafts: DraftsScreen.

Lists the drafts on disk (``tootui.drafts``), newest first, each as its first words, its
account and whether it is a reply or an edit. Enter dismisses with the draft picked (the
composer opens it: ``tootui.screens.compose.open_drafts``), x asks before deleting one.
It answers the ``OptionList.OptionSelected`` of its list; it sends nothing to a server.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tootui.context import bidi_enabled
from tootui.drafts import Draft, DraftStore
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, quote
from tootui.screens.prompt import ConfirmPrompt
from tootui.widgets.footer import Footer


class DraftsScreen(ModalScreen[Draft | None]):
    """Saved drafts, newest first: enter picks one up, x deletes it."""

    HELP_SECTION = HelpSection(N_("Saved drafts"), 120)
    CSS_PATH = "drafts.tcss"

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="drafts.close"),
        Binding("x,delete", "delete_draft", _("Delete draft"), id="drafts.delete"),
    ]

    def __init__(self, store: DraftStore | None = None) -> None:
        super().__init__()
        self.store = store or DraftStore()
        self.drafts: list[Draft] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Saved drafts — enter: continue, x: delete")), id="drafts-title")
            yield OptionList(id="drafts")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self.drafts = self.store.list()
        options = self.query_one("#drafts", OptionList)
        options.clear_options()
        bidi = bidi_enabled(self)
        for draft in self.drafts:
            # the draft's text paragraph by paragraph, each in its own direction
            line = quote(draft.spoiler_text if draft.cw else draft.text, 56) or Text(
                draft.summary(56)
            )
            line.append(f"  @{draft.acct}", "dim")
            if draft.in_reply_to_id:
                line.append("  " + _("reply"), "dim italic")
            if draft.edit_id:
                line.append("  " + _("edit"), "dim italic")
            options.add_option(Option(DisplayText(line, enabled=bidi), id=draft.id))
        if self.drafts:
            options.highlighted = 0
        else:
            options.add_option(Option(Text(_("No saved drafts.")), disabled=True))
        options.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#drafts")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        draft = next((d for d in self.drafts if d.id == event.option.id), None)
        if draft is not None:
            self.dismiss(draft)

    def action_delete_draft(self) -> None:
        options = self.query_one("#drafts", OptionList)
        index = options.highlighted
        if index is None or index >= len(self.drafts):
            return
        draft = self.drafts[index]

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete(draft.id)
                self._fill()

        self.app.push_screen(
            ConfirmPrompt(_("Delete the draft “{d}”?").format(d=draft.summary(40))), answered
        )
