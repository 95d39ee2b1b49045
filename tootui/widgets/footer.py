"""Textual's footer, with the key descriptions laid out for right-to-left languages."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tootui.render.bidi import visual_string


class Footer(TextualFooter):
    """The key bar. Where tootui lays out right-to-left text itself (``app.bidi``), each
    description (Arabic, say) is put in display order, like every other label tootui draws;
    elsewhere it is Textual's footer unchanged."""

    def compose(self) -> ComposeResult:
        reorder = bool(getattr(self.app, "bidi", False))
        for widget in super().compose():
            if reorder and isinstance(widget, FooterKey) and widget.description:
                widget.description = visual_string(widget.description)
            yield widget
