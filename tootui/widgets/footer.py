"""Textual's footer, with the key descriptions laid out for right-to-left languages."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tootui.context import bidi_enabled
from tootui.render.bidi import visual_string


class Footer(TextualFooter):
    """The key bar. Where tootui lays out right-to-left text itself (``app.bidi``), each
    description (Arabic, say) is put in display order, like every other label tootui draws;
    elsewhere it is Textual's footer unchanged."""

    def compose(self) -> ComposeResult:
        reorder = bidi_enabled(self)
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Born with the footer's setting (Textual's keys start compact, then the
                # data binding turns that off): no class flip, so no stylesheet pass per
                # key while the first frame is being made (~10 ms).
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            if reorder and isinstance(widget, FooterKey) and widget.description:
                widget.description = visual_string(widget.description)
            yield widget
