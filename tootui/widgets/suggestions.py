"""The list of @handles, #tags and :emoji: offered for what is being typed in the composer.

``token_before`` reads the token before the cursor. Told what is typed (``typed``), the
``SuggestionList`` waits for a pause, then posts ``Wanted``; the composer asks the server and
hands the answer to ``offer``, which shows only what can go into a post as it is (one word,
nothing to neutralise; a server can list the same account twice). The composer also puts
the choice into the text: this widget never calls the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tootui.render.sanitize import clean_text

# What is being typed before the cursor: an @handle, a #tag or an :emoji shortcode.
_TOKEN_RE = re.compile(r"(?:^|(?<=[\s(]))([@#][\w.-]*(?:@[\w.-]*)?|:\w*)$")


def token_before(line: str) -> str:
    """The @handle, #tag or :emoji at the end of ``line`` (the text before the cursor), or ""."""
    match = _TOKEN_RE.search(line)
    return match.group(1) if match else ""


def one_safe_word(text: str) -> bool:
    """Whether remote ``text`` can go into a post as it is: one word, nothing to neutralise."""
    return bool(text) and text == clean_text(text, max_len=200) and text.split() == [text]


class SuggestionList(OptionList):
    """Suggestions for the token being typed, shown (class ``-on``) only while there are some.

    It never takes the focus: typing goes on in the text, tab takes the highlighted one.
    """

    DELAY = 0.3  # seconds of quiet before asking for suggestions

    @dataclass
    class Wanted(Message):
        """The pause after typing ``token`` is over: find what to suggest for it."""

        suggestion_list: SuggestionList
        token: str

        @property
        def control(self) -> SuggestionList:
            return self.suggestion_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self.items: list[str] = []  # what the list shows, in order
        self.token = ""  # what is typed before the cursor, as last told
        self.waiting = False  # for the pause to end, or for the answer about ``token``
        self._timer: Timer | None = None

    def typed(self, token: str) -> None:
        """``token`` is now what is typed before the cursor: ask about it after a pause."""
        if token == self.token:
            return
        self.token = token
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.waiting = len(token) >= 3  # the sigil and two characters before asking
        if not self.waiting:
            self.hide()
            return
        self._timer = self.set_timer(self.DELAY, self._ask)

    def _ask(self) -> None:
        self._timer = None
        if self.token:
            self.post_message(self.Wanted(self, self.token))
        else:
            self.waiting = False

    def close(self) -> None:
        """Hide, and offer nothing more for the token now typed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.token = ""
        self.waiting = False
        self.hide()

    @property
    def showing(self) -> bool:
        return self.has_class("-on")

    def offer(self, token: str, items: list[str]) -> None:
        """Show the safe ones of ``items`` (remote handles and tags) found for ``token``,
        each once; or hide, when there are none or typing went on to another token."""
        if token != self.token:
            self.hide()
            return
        self.waiting = False
        safe = list(dict.fromkeys(i for i in items if one_safe_word(i)))
        if not safe:
            self.hide()
            return
        self.items = safe
        self.clear_options()
        self.add_options([Option(Text(item)) for item in safe])
        self.highlighted = 0
        self.add_class("-on")

    def hide(self) -> None:
        self.remove_class("-on")

    def move(self, step: int) -> None:
        """Highlight the next (``step`` 1) or previous (-1) suggestion, round the ends."""
        if self.option_count:
            self.highlighted = ((self.highlighted or 0) + step) % self.option_count

    @property
    def chosen(self) -> str | None:
        """The highlighted suggestion, if any."""
        index = self.highlighted or 0
        return self.items[index] if 0 <= index < len(self.items) else None
