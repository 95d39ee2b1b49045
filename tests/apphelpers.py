"""Small helpers the app-driving tests share: waiting, and reading what the screen shows."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from tootui.app import TootUI
from tootui.screens.main import MainScreen
from tootui.widgets.timeline import TimelineView


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers finish and their messages be handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot: Any, condition: Any, seconds: float = 60.0) -> bool:
    """Let the app run until ``condition()`` holds (for streams and timers); its last value.

    ``seconds`` only bounds a failure: a loaded machine may be slow, never this slow."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        await pilot.pause(0.05)
        if condition():
            return True
    return condition()


def main_screen(app: TootUI) -> MainScreen:
    """The account's main screen, wherever it is in the stack."""
    for screen in app.screen_stack:
        if isinstance(screen, MainScreen):
            return screen
    raise AssertionError("no main screen")


def view_text(view: TimelineView[Any]) -> str:
    """Every rendered line of a timeline (not only what fits on screen)."""
    lines: list[str] = []
    for index in range(len(view.entries)):
        lines.extend(strip.text for strip in view._strips_for(index))
    return "\n".join(lines)


def visible_text(widget: Any) -> str:
    """What a line-API widget shows on screen now."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.size.height)
    )


def notes_of(app: TootUI) -> list[str]:
    """The text of every notification ``app`` shows from now on (shown as before)."""
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kwargs: Any) -> None:
        notes.append(message)
        original(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


def said(app: TootUI) -> str:
    """The status line's text."""
    return str(app.screen.query_one("#statusline", Static).content)
