"""The top bar: the account in use and its tabs, the active one highlighted.

``Tab`` is what one tab's label says (its name, number, filter note and unread count);
``TopBar`` fits them into one line at any width (see ``TopBar.fit``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from tootui.i18n import localize_digits
from tootui.render.display import display_line


@dataclass(frozen=True)
class Tab:
    """One tab in the top bar: its key and what its label says."""

    key: str
    name: str
    number: int | None = None  # 1-4 for the keys that show them
    note: str = ""  # e.g. the notifications filter ": Mentions"
    unread: int = 0
    active: bool = False

    def label(self, form: str, name_cells: int = 0) -> str:
        """The label in its ``full`` or ``short`` form, or ``fit`` (the name cut to
        ``name_cells``)."""
        count = f" ({localize_digits(str(self.unread))})" if self.unread else ""
        number = f"{self.number}" if self.number is not None else ""
        if form == "short" and number:
            return f" {number}{count} "
        name = self.name + self.note
        if form == "short":
            name = _cut(name, 12)
        elif form == "fit":
            name = _cut(name, name_cells)
        return f" {number + ' ' if number else ''}{name}{count} "


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells, an ellipsis marking the cut."""
    if cell_len(text) <= cells:
        return text
    while text and cell_len(text) > max(0, cells - 1):
        text = text[:-1]
    return text + "…"


class TopBar(Static):
    """The account in use and the tabs, the active one highlighted.

    Laid out at its own width: when everything does not fit, the brand goes first, then the
    inactive tabs shrink to their number (and unread count), then the account to its name;
    the active tab and every unread count stay in sight.
    """

    DEFAULT_CSS = """
    TopBar { height: 1; background: $panel; color: $text; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._acct = ""
        self._warning = ""
        self._tabs: list[Tab] = []
        self._bidi = False

    def show(self, acct: str, tabs: list[Tab], *, warning: str = "", bidi: bool = False) -> None:
        """Show ``tabs`` for ``acct``; ``bidi``: put labels in display order (tootui lays
        out right-to-left text itself)."""
        self._acct, self._tabs, self._warning, self._bidi = acct, tabs, warning, bidi
        self.refresh()

    def render(self) -> Text:
        return self.fit(self.size.width or 10_000)

    def fit(self, width: int) -> Text:
        """The bar in at most ``width`` cells (see the class docstring)."""
        user = "@" + self._acct.split("@", 1)[0]
        attempts = [
            (True, "@" + self._acct, "full"),
            (False, "@" + self._acct, "full"),
            (False, "@" + self._acct, "short"),
            (False, user, "short"),
            (False, "", "short"),
        ]
        bar = Text()
        for brand, account, form in attempts:
            bar = self._bar(brand, account, form)
            if bar.cell_len <= width:
                return bar
        # still too wide: only the numbered tabs and the active one, its name cut to fit
        spare = width - self._bar(False, "", "short", others=False).cell_len
        active = next((t for t in self._tabs if t.active), None)
        room = cell_len(active.name + active.note) + spare if active else 0
        bar = self._bar(False, "", "fit", others=False, name_cells=max(1, room))
        bar.truncate(width)
        return bar

    def _bar(
        self, brand: bool, account: str, form: str, *, others: bool = True, name_cells: int = 0
    ) -> Text:
        bidi = self._bidi
        bar = Text()
        if brand:
            bar.append(" tootui ", "bold reverse")
        if account:
            bar.append(" " + account + " ", "bold")
        if self._warning:
            bar.append(self._warning + " ", "bold red")
        hidden = 0
        for tab in self._tabs:
            if tab.active:
                label = tab.label("full" if form != "fit" else "fit", name_cells)
            elif form == "full":
                label = tab.label("full")
            elif others or tab.number is not None or tab.unread:
                label = tab.label("short")
            else:
                hidden += 1
                continue
            label = display_line(label, enabled=bidi).plain  # Arabic tab names
            bar.append("│")
            bar.append(label, "bold reverse" if tab.active else "")
        if hidden:
            bar.append("│ +" + localize_digits(str(hidden)) + " ")
        return bar
