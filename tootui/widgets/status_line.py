"""The status line: one line for what just happened (loaded, boosted, what went wrong).

On a screen of several views (the main screen's tabs) every sentence belongs to a view:
the line keeps the last one said about each, shows only the one about the view on
screen, and drops a view's sentence when the view goes. A screen of one view simply says
things (``view`` left out).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Static

from tootui.context import bidi_enabled
from tootui.render.display import display_line


@dataclass(frozen=True)
class _Sentence:
    text: str
    error: bool = False
    topic: str = ""  # what kind of sentence it is, for ``saying``


class StatusLine(Static):
    """One line for what just happened, about the view on screen."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; }
    StatusLine.-error { color: $error; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._said: dict[str, _Sentence] = {}  # view key -> its last sentence
        self._view: str | None = None  # the view on screen (None: a screen of one view)

    def say(
        self, text: str, *, error: bool = False, view: str | None = None, topic: str = ""
    ) -> None:
        """Say ``text`` about ``view`` (the one on screen if None): shown while it is.

        ``topic`` names a sentence that may be taken back or redone later (see ``saying``).
        """
        key = view if view is not None else (self._view or "")
        self._said[key] = _Sentence(text, error, topic)
        if self._view is None or key == self._view:
            self._draw(text, error)

    def show_view(self, key: str) -> None:
        """``key`` is now the view on screen: show what was last said about it."""
        self._view = key
        sentence = self._said.get(key, _Sentence(""))
        self._draw(sentence.text, sentence.error)

    def forget_view(self, key: str) -> None:
        """The view ``key`` is gone (a closed tab): its sentence goes too."""
        self._said.pop(key, None)

    def said(self, key: str) -> str:
        """The last sentence about view ``key`` (shown or not)."""
        return self._said.get(key, _Sentence("")).text

    def saying(self, key: str, topic: str) -> bool:
        """Whether the last sentence about view ``key`` is still the one about ``topic``
        (nothing else was said about that view since)."""
        sentence = self._said.get(key)
        return sentence is not None and bool(topic) and sentence.topic == topic

    def _draw(self, text: str, error: bool) -> None:
        self.set_class(error, "-error")
        # tootui's own words (Arabic ones too) in display order when tootui reorders text
        self.update(display_line(text, enabled=bidi_enabled(self)))
