"""Pieces of the composer: file path completion, the character counter, attachment rows,
the poll's fields."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import Suggester
from textual.widgets import Checkbox, Input, Static

from tootui.compose_rules import format_duration, parse_duration
from tootui.drafts import Draft
from tootui.i18n import _


class PathSuggester(Suggester):
    """Completes a file path from what exists on disk (first match, folders get a slash)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        return await asyncio.to_thread(complete_path, value)


def complete_path(value: str) -> str | None:
    """The first existing file or folder whose path starts with ``value``."""
    typed = Path(value).expanduser()
    if value.endswith("/"):
        folder, stem = typed, ""
    else:
        folder, stem = typed.parent, typed.name
    try:
        names = sorted(
            p.name + ("/" if p.is_dir() else "")
            for p in folder.iterdir()
            if p.name.startswith(stem) and not p.name.startswith(".")
        )
    except OSError:
        return None
    if not names:
        return None
    prefix = value if value.endswith("/") else value[: len(value) - len(stem)]
    return prefix + names[0]


class CharacterCounter(Static):
    """Characters left before the server's limit; red and bold when over."""

    DEFAULT_CSS = """
    CharacterCounter { width: auto; min-width: 9; padding: 0 1; }
    CharacterCounter.-over { color: $error; text-style: bold; }
    """

    def show(self, used: int, limit: int) -> None:
        left = limit - used
        self.set_class(left < 0, "-over")
        self.update(Text(f"{left}"))
        self.tooltip = _("{used} of {limit} characters").format(used=used, limit=limit)


class AttachmentRow(Horizontal):
    """One attached file: its name, its state (waiting, uploading, ready) and its alt text."""

    DEFAULT_CSS = """
    AttachmentRow { height: 3; }
    AttachmentRow > .name { width: 30; padding: 1 1 0 0; }
    AttachmentRow > .state { width: 16; padding: 1 1 0 0; color: $text-muted; }
    AttachmentRow > Input { width: 1fr; }
    """

    def __init__(self, index: int, label: str, description: str) -> None:
        super().__init__(id=f"media-{index}", classes="attachment")
        self.index = index
        self.label = label
        self.description = description

    def compose(self) -> ComposeResult:
        yield Static(Text(self.label, overflow="ellipsis", no_wrap=True), classes="name")
        yield Static(Text(_("not sent yet")), classes="state", id=f"media-state-{self.index}")
        yield Input(
            value=self.description,
            placeholder=_("Describe this for people who cannot see it (alt text)"),
            id=f"alt-{self.index}",
            classes="alt",
        )

    def set_state(self, text: str) -> None:
        self.query_one(".state", Static).update(Text(text))


class PollFields(Vertical):
    """A poll's choices, how long it runs, multiple choice and hidden totals.

    Shown (class ``-on``) only when the post has a poll; ``read_into`` puts what it shows
    into a draft.
    """

    def __init__(self, draft: Draft, choices: int) -> None:
        super().__init__(id="poll", classes="-on" if draft.poll else "")
        self.draft = draft
        self.choices = choices

    def compose(self) -> ComposeResult:
        draft = self.draft
        for index in range(self.choices):
            value = draft.poll_options[index] if index < len(draft.poll_options) else ""
            yield Input(
                value=value,
                placeholder=_("Choice {n}").format(n=index + 1),
                id=f"poll-{index}",
                classes="poll-option",
            )
        with Horizontal(id="poll-settings"):
            yield Input(
                value=format_duration(draft.poll_expires_in),
                placeholder=_("e.g. 30m, 6h, 3d"),
                id="poll-duration",
            )
            yield Checkbox(_("Multiple choice"), draft.poll_multiple, id="poll-multiple")
            yield Checkbox(_("Hide totals"), draft.poll_hide_totals, id="poll-hide")

    @property
    def duration_readable(self) -> bool:
        """Whether the duration, as typed, reads as one (e.g. 30m, 6h, 3d)."""
        return parse_duration(self.query_one("#poll-duration", Input).value) is not None

    def read_into(self, draft: Draft) -> None:
        """Put the poll as shown into ``draft`` (an unreadable duration keeps the last one)."""
        draft.poll = self.has_class("-on")
        draft.poll_options = [field.value for field in self.query(".poll-option").results(Input)]
        duration = parse_duration(self.query_one("#poll-duration", Input).value)
        if duration is not None:
            draft.poll_expires_in = duration
        draft.poll_multiple = self.query_one("#poll-multiple", Checkbox).value
        draft.poll_hide_totals = self.query_one("#poll-hide", Checkbox).value
