"""The help screen: every key that works here, from the bindings themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tootui.i18n import _
from tootui.keys import binding_rows


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings of the screen below and of the app."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-height: 90%; border: round $accent; background: $panel; padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", _("Close"), id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(_("Keys") + "\n\n", "bold")
        for section, rows in binding_rows(self.app):
            text.append(section + "\n", "bold underline")
            for keys, description in rows:
                text.append(f"  {keys:<18}", "bold")
                text.append(description + "\n")
            text.append("\n")
        with VerticalScroll():
            yield Static(text)
