"""The ``g`` prefix: after ``g``, the next key says where to go, and a hint line shows the
choices.

Shows one line at the bottom of the main screen; answers no messages. It is dismissed
with where to go ("home", "hashtag", or a place of ``tootui.screens.destinations``),
or None for Esc.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.screens.destinations import DESTINATIONS
from tootui.screens.views import BASE_TABS


class GoPrefix(ModalScreen[str | None]):
    """After ``g``: the next key says where to go. A hint line shows the choices.

    A tiny modal whose bindings are the second keys, so each is a real ``Binding`` (shown in
    help and docs, remappable) and no key dispatcher is needed; Esc leaves.
    """

    HELP_SECTION = HelpSection(N_("After g (go to)"), 30)

    CSS_PATH = "go_prefix.tcss"

    BINDINGS = [
        *(
            Binding(letter, f"go('{tab.key}')", _(tab.label), id=f"go.{tab.key}")
            for letter, tab in zip("hlfn", BASE_TABS, strict=True)
        ),
        Binding("g", "go('first')", _("First post"), id="go.first"),
        Binding("t", "go('hashtag')", _("Hashtag…"), id="go.hashtag"),
        Binding("b", "go('bookmarks')", _("Bookmarks"), id="go.bookmarks"),
        Binding("F", "go('favourites')", _("Favourites"), id="go.favourites"),
        Binding("u", "go('mine')", _("Your posts"), id="go.mine"),
        *(
            Binding(place.key, f"go('{place.name}')", _(place.label), id=f"go.{place.name}")
            for place in DESTINATIONS
            if place.key is not None
        ),
        Binding("escape,q", "go('')", _("Cancel"), id="go.cancel"),
    ]

    def compose(self) -> ComposeResult:
        yield Static()

    def on_mount(self) -> None:
        # The keys as they are now (a keymap may have changed them), shown as the key bar
        # shows keys; each binding once, by its first key.
        hint = Text(" g → ", "bold")
        seen: set[str] = set()
        parts = []
        for active in self.active_bindings.values():
            binding = active.binding
            if active.node is self and binding.id and binding.id not in seen:
                seen.add(binding.id)
                parts.append(f"{self.app.get_key_display(binding)} {binding.description}")
        hint.append("  ".join(parts))
        self.query_one(Static).update(hint)

    def action_go(self, where: str) -> None:
        self.dismiss(where or None)
