"""Small modal dialogs: ask for a line of text, confirm an action, choose from a list.

Each returns its answer through ``dismiss`` (so callers use ``push_screen(..., callback)``)
and shows remote text only as ``rich.text.Text``, never as markup. Titles, questions and
hints are laid out in the interface's direction (``tootui.render.display``): a caller puts
a remote name into one with ``sentence``/``isolate``. A choice given as a ``str`` is one
isolated item, in its own direction.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from tootui.context import bidi_enabled
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate, sentence

# Every dialog's look: beside this file, shared by the prompts, links and report.
DIALOG_CSS_PATH = "dialog.tcss"


def _text(value: str | Text) -> Text:
    return value if isinstance(value, Text) else Text(value)


def _item(value: str | Text) -> Text:
    """A choice: a plain string (a poll option, a list's title) is one isolated run."""
    return value if isinstance(value, Text) else isolate(value)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Esc gives ``None``."""

    HELP_SECTION = HelpSection(N_("Typing a line (a hashtag, say)"), 170)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="prompt.cancel")]

    def __init__(self, title: str, *, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        with Vertical():
            yield Static(DisplayText(self.title_text, enabled=bidi), classes="title")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static(
                DisplayText(_("Enter to accept, Esc to cancel"), enabled=bidi), classes="hint"
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmPrompt(ModalScreen[bool]):
    """A yes/no question for anything hard to undo; only ``y`` says yes.

    With a ``keep`` label a third answer is offered: ``k`` answers ``None`` (neither yes
    nor no, e.g. "keep this draft for later").
    """

    HELP_SECTION = HelpSection(N_("A question (asks first)"), 140)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [
        Binding("y", "answer(True)", _("Yes"), id="confirm.yes"),
        Binding("n,escape,q", "answer(False)", _("No"), id="confirm.no"),
        Binding("k", "keep", _("Keep for later (where offered)"), id="confirm.keep"),
    ]

    def __init__(
        self, question: str | Text, *, detail: str | Text = "", keep: str | Text = ""
    ) -> None:
        super().__init__()
        self.question = _text(question)
        self.detail = _text(detail)
        self.keep_label = _text(keep)

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        with Vertical():
            yield Static(DisplayText(self.question, enabled=bidi), classes="title")
            if self.detail.plain:
                yield Static(DisplayText(self.detail, enabled=bidi))
            if self.keep_label.plain:
                hint = sentence(_("y: yes · k: {keep} · n or Esc: no"), keep=self.keep_label)
            else:
                hint = Text(_("y: yes · n or Esc: no"))
            yield Static(DisplayText(hint, enabled=bidi), classes="hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return bool(self.keep_label.plain) if action == "keep" else True

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_keep(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ModalScreen[str | None]):
    """Choose one of ``choices`` (value, label); Enter picks, Esc gives ``None``."""

    HELP_SECTION = HelpSection(N_("Choosing one from a list"), 150)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [Binding("escape,q", "cancel", _("Cancel"), id="choice.cancel")]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str | Text]], *, hint: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.hint = hint or _("Enter to choose, Esc to cancel")

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        with Vertical():
            yield Static(DisplayText(self.title_text, enabled=bidi), classes="title")
            # Options by position: values can come from a server (list ids), and two
            # options with one id would be an error.
            yield OptionList(
                *(
                    Option(DisplayText(_item(label), enabled=bidi))
                    for _value, label in self.choices
                ),
                id="choices",
            )
            yield Static(DisplayText(self.hint, enabled=bidi), classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class MultiChoicePrompt(ModalScreen[list[int] | None]):
    """Tick several options (Space), Enter answers with their indexes, Esc cancels."""

    HELP_SECTION = HelpSection(N_("Voting on several choices"), 160)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [
        Binding("enter", "accept", _("Accept"), priority=True, id="multichoice.accept"),
        Binding("escape,q", "cancel", _("Cancel"), id="multichoice.cancel"),
    ]

    def __init__(self, title: str, options: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        with Vertical():
            yield Static(DisplayText(self.title_text, enabled=bidi), classes="title")
            yield SelectionList[int](
                *((Text(label), index) for index, label in enumerate(self.options)),
                id="selection",
            )
            hint = _("Space to tick, Enter to accept, Esc to cancel")
            yield Static(DisplayText(hint, enabled=bidi), classes="hint")

    def on_mount(self) -> None:
        # A Selection's prompt becomes plain content cut to one line; this one is laid out
        # at the list's width, so a long right-to-left option wraps in reading order.
        selection = self.query_one(SelectionList)
        for index, label in enumerate(self.options):
            prompt = DisplayText(_item(label), enabled=bidi_enabled(self))
            selection.replace_option_prompt_at_index(index, prompt)

    def action_accept(self) -> None:
        chosen = sorted(self.query_one(SelectionList).selected)
        self.dismiss(chosen or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
