"""Textual's footer, with the key descriptions laid out for right-to-left languages.

Textual has no public name for the keys in its footer: ``Footer.compose`` yields
``textual.widgets._footer.FooterKey`` widgets, and a key's ``description`` and its
``compact`` reactive are what this footer sets. The public surface (``Footer``'s
``compact`` and ``show_command_palette``, ``App.get_key_display`` for the key itself)
reaches neither, so the private name is imported here and nowhere else in tootui, and
tests/test_help_sections.py fails when a Textual release moves or changes it. Should an
installed Textual lack it, the key bar is Textual's own, unchanged (Arabic descriptions in
logical order) rather than an app that cannot start.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter

from tootui.context import bidi_enabled
from tootui.render.bidi import visual_string

try:
    from textual.widgets._footer import FooterKey
except ImportError:  # a Textual that moved it (see above)
    FooterKey = None  # type: ignore[assignment,misc]


class Footer(TextualFooter):
    """The key bar. Where tootui lays out right-to-left text itself (``app.bidi``), each
    description (Arabic, say) is put in display order, like every other label tootui draws;
    elsewhere it is Textual's footer unchanged."""

    def bindings_changed(self, screen: Any) -> None:
        """Textual rebuilds the key bar whenever its screen's bindings change, also while
        another screen covers it (the viewer, a dialog): ~30 ms of widgets made before
        the new screen's first frame, for a bar nobody sees. A covered bar waits; the
        screen's bindings change again when it comes back, and the bar is made then."""
        if self.is_attached and self.screen is not self.app.screen:
            self._bindings_ready = True
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if FooterKey is None:
            yield from super().compose()
            return
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
