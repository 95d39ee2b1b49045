"""The help screen: every key that works here, from the bindings themselves.

It answers no messages: it is drawn once when it opens, from each screen's
``HELP_SECTION`` and bindings, and scrolls like a timeline.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tootui.i18n import N_, _
from tootui.keys import HelpSection, help_sections, sectioned_classes
from tootui.screens import load_all


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings of the app and of every screen, each screen's under the
    section it declares; scrolls like a timeline."""

    HELP_SECTION = HelpSection(N_("Help"), 210)

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", _("Close"), id="help.close"),
        Binding("down", "scroll('down')", _("Scroll down"), id="help.down"),
        Binding("j", "scroll('down')", _("Scroll down"), show=False, id="help.down_vim"),
        Binding("up", "scroll('up')", _("Scroll up"), id="help.up"),
        Binding("k", "scroll('up')", _("Scroll up"), show=False, id="help.up_vim"),
        Binding("pagedown,space", "scroll('page_down')", _("Page down"), id="help.page_down"),
        Binding(
            "ctrl+f", "scroll('page_down')", _("Page down"), show=False, id="help.page_down_vim"
        ),
        Binding("pageup", "scroll('page_up')", _("Page up"), id="help.page_up"),
        Binding("ctrl+b", "scroll('page_up')", _("Page up"), show=False, id="help.page_up_vim"),
        Binding("home", "scroll('home')", _("Top"), id="help.top"),
        Binding("g", "scroll('home')", _("Top"), show=False, id="help.top_vim"),
        Binding("end", "scroll('end')", _("Bottom"), id="help.bottom"),
        Binding("G", "scroll('end')", _("Bottom"), show=False, id="help.bottom_vim"),
    ]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(_("Keys") + "\n\n", "bold")
        load_all()  # every screen, opened yet or not, has its section
        for section, rows in help_sections(sectioned_classes(), self.app):
            text.append(section + "\n", "bold underline")
            for keys, description in rows:
                text.append(f"  {keys:<18}", "bold")
                text.append(description + "\n")
            text.append("\n")
        with VerticalScroll():
            yield Static(text, id="help-text")

    def action_scroll(self, where: str) -> None:
        box = self.query_one(VerticalScroll)
        if where == "down":
            box.scroll_down(animate=False)
        elif where == "up":
            box.scroll_up(animate=False)
        elif where == "page_down":
            box.scroll_page_down(animate=False)
        elif where == "page_up":
            box.scroll_page_up(animate=False)
        elif where == "home":
            box.scroll_home(animate=False)
        else:
            box.scroll_end(animate=False)
