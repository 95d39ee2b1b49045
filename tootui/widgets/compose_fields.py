"""Pieces of the composer: file path completion, the character counter, attachment rows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import Suggester
from textual.widgets import Input, Static

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
