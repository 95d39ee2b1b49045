"""Access tokens never reach the screen, the status line, notifications or a crash report."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from rich.console import Console
from textual.widgets import Static

from tootui.app import TootUI
from tootui.messages import Say
from tootui.screens.main import MainScreen
from tootui.startup import session_for

SECRET = "tok_SECRET_1f2e3d4c5b6a"


class Recorder:
    """Every sentence the app shows: Say messages, notifications, the status line."""

    def __init__(self, app: TootUI) -> None:
        self.texts: list[str] = []
        original = app.notify

        def notify(message: str, **kwargs: Any) -> None:
            self.texts.append(message)
            original(message, **kwargs)

        app.notify = notify  # type: ignore[method-assign]

    def hook(self, message: Any) -> None:
        if isinstance(message, Say):
            self.texts.append(message.text)


async def test_errors_never_show_the_token(server: MockServer) -> None:
    # the token is unknown to the server: every call is a 401
    app = TootUI([session_for("alice@mock.local", server.base_url, SECRET)])
    recorder = Recorder(app)
    async with app.run_test(size=(100, 30), message_hook=recorder.hook) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        server.fault(path_regex=r"^/api/v1/timelines/.*", status=500)
        await pilot.press("2", "3", "4", "ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        recorder.texts.append(str(app.screen.query_one("#statusline", Static).content))
        screen = app.export_screenshot()
        assert isinstance(app.screen, MainScreen)
    shown = "\n".join(recorder.texts)
    assert "no longer accepts" in shown  # the errors did happen
    assert SECRET not in shown
    assert SECRET not in screen


def test_child_processes_do_not_inherit_a_token() -> None:
    # tootui keeps tokens in the keyring or a 0600 file, never in its environment
    assert not any(SECRET in value for value in os.environ.values())


class CrashingApp(TootUI):
    """Fails in a key handler, holding the token in a local variable."""

    def action_help(self) -> None:
        token_in_a_local = self.session.client._api.access_token
        raise RuntimeError(f"boom ({len(token_in_a_local or '')} characters)")

    def _fatal_error(self) -> None:
        super()._fatal_error()
        self.report = list(self._exit_renderables)  # printed (and cleared) at exit


async def test_a_crash_report_has_no_token_and_no_locals(server: MockServer) -> None:
    app = CrashingApp([session_for("alice@mock.local", server.base_url, SECRET)])
    with pytest.raises(RuntimeError):  # run_test hands the crash back to the test
        async with app.run_test(size=(100, 30)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.press("question_mark")
            await pilot.pause()
    report = "\n".join(_render(r) for r in app.report)
    assert "RuntimeError" in report and "boom (23 characters)" in report
    assert SECRET not in report
    assert "self = " not in report  # no table of local variables


def _render(renderable: Any) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()
