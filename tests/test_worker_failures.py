"""One sink for failures in workers (``tootui.failures``): never silence.

An ``ApiError`` a worker lets through is said on the status line; anything else is a bug,
logged with its traceback and said in a notification. And what a start-up worker learns
about an account reaches it on the UI thread, as a message.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import main_screen, said, settle, wait_until
from tootui.api import ApiError, MastodonClient, Status
from tootui.app import TootUI
from tootui.config import Config
from tootui.session import AccountSession

ACCT = "alice@mock.local"


class BrokenFavourites(MastodonClient):
    """Our client with a bug in one call: favouriting raises what no code expects."""

    def favourite(self, status_id: str, on: bool = True) -> Status:
        raise ZeroDivisionError("a bug in favourite")


def toasts(app: TootUI) -> str:
    """The text of the notifications on screen now (``run_test(notifications=True)``)."""
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


def app_with(server: MockServer, client: MastodonClient) -> TootUI:
    session = AccountSession(acct=ACCT, base_url=server.base_url, client=client)
    return TootUI([session], config=Config(streaming=False))


async def test_a_bug_in_a_worker_is_said_and_logged_with_its_traceback(
    server: MockServer,
    bob: MastodonClient,
    alice: MastodonClient,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    textual_log = tmp_path / "textual.log"
    monkeypatch.setattr("textual.constants.LOG_FILE", str(textual_log))
    caplog.set_level(logging.ERROR, logger="tootui")
    post = bob.post("a post to favourite")
    app = app_with(server, BrokenFavourites(server.base_url, "alice_token"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert main.view("home").current is not None
        await pilot.press("f")
        assert await wait_until(pilot, lambda: "Something went wrong" in toasts(app))
        sentence = toasts(app)
        assert "Something went wrong (ZeroDivisionError)" in sentence
        assert "bug in tootui" in sentence
        # the app is still up and takes keys
        await pilot.press("2")
        await settle(pilot)
        assert main.active == "local"
    # logged with its traceback: Python's logging and Textual's log
    records = [r for r in caplog.records if r.exc_info and r.exc_info[0] is ZeroDivisionError]
    assert records, caplog.text
    assert "Traceback" in caplog.text and "in favourite" in caplog.text
    logged = textual_log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: a bug in favourite" in logged
    # the server never saw a favourite
    assert not alice.status(post.id).favourited


async def run_in_worker(server: MockServer, on_screen: bool, work: Any, until: Any) -> str:
    """Run ``work`` in a thread worker of the main screen (or the app) until ``until(app)``
    holds; the notifications then on screen."""
    app = app_with(server, MastodonClient(server.base_url, "alice_token"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        node = main_screen(app) if on_screen else app
        node.run_worker(work, thread=True, exit_on_error=False)
        assert await wait_until(pilot, lambda: until(app))
        await pilot.pause()
        return toasts(app)


async def test_an_api_error_a_worker_lets_through_is_said_on_the_status_line(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    def refused() -> None:
        raise ApiError("mock.local refused to do that.")

    def said_it(app: TootUI) -> bool:
        line = app.screen.query_one("#statusline", Static)
        return "refused to do that" in said(app) and line.has_class("-error")

    shown = await run_in_worker(server, True, refused, said_it)
    assert not shown  # a sentence, not a bug report
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_bug_in_an_app_worker_is_reported_too(
    server: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise KeyError("nobody expected this")

    shown = await run_in_worker(server, False, broken, lambda app: bool(toasts(app)))
    assert "Something went wrong (KeyError)" in shown
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)


class WatchedSession(AccountSession):
    """A session that notes which thread sets what start-up learns about the account."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("me", "instance", "needs_sign_in") and "writes" in self.__dict__:
            on_ui = threading.current_thread() is threading.main_thread()
            self.__dict__["writes"].append((name, on_ui))
        super().__setattr__(name, value)


def watched(server: MockServer, token: str) -> WatchedSession:
    session = WatchedSession(
        acct=ACCT, base_url=server.base_url, client=MastodonClient(server.base_url, token)
    )
    session.__dict__["writes"] = []
    return session


async def test_what_start_up_learns_is_set_on_the_ui_thread(server: MockServer) -> None:
    session = watched(server, "alice_token")
    app = TootUI([session], config=Config(streaming=False))
    async with app.run_test(size=(100, 30)) as pilot:
        assert await wait_until(pilot, lambda: session.instance is not None)
        assert session.me is not None and session.me.username == "alice"
    writes = session.__dict__["writes"]
    assert {name for name, _ in writes} >= {"me", "instance"}
    assert all(on_ui for _, on_ui in writes), writes


async def test_a_refused_sign_in_is_marked_on_the_ui_thread(server: MockServer) -> None:
    session = watched(server, "not_a_token")
    app = TootUI([session], config=Config(streaming=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: session.needs_sign_in)
        assert "sign in again" in str(app.screen.query_one("#topbar").render())
    writes = session.__dict__["writes"]
    assert ("needs_sign_in", True) in writes
    assert all(on_ui for _, on_ui in writes), writes


class BrokenDelete(MastodonClient):
    """Our client with a bug in deleting: a modal dialog's worker raises."""

    def delete(self, status_id: str) -> Status:
        raise ZeroDivisionError("a bug in delete")


async def test_a_bug_in_a_dialogs_worker_reaches_the_sink_and_the_dialog_recovers(
    server: MockServer, alice: MastodonClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Modal screens pass their failed workers on too: the delete dialog's bug is reported,
    and the dialog asks again instead of saying "Deleting…" for ever."""
    caplog.set_level(logging.ERROR, logger="tootui")
    mine = alice.post("my own post, kept by a bug")
    app = app_with(server, BrokenDelete(server.base_url, "alice_token"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert main_screen(app).view("home").current is not None
        await pilot.press("d")
        assert await wait_until(pilot, lambda: type(app.screen).__name__ == "DeleteScreen")
        await pilot.press("y")
        assert await wait_until(pilot, lambda: "Something went wrong" in toasts(app))
        assert "Something went wrong (ZeroDivisionError)" in toasts(app)
        question = app.screen.query_one("#delete-question", Static)
        assert await wait_until(
            pilot, lambda: "Could not delete the post." in str(question.render())
        )
        await pilot.press("n")
        assert await wait_until(pilot, lambda: type(app.screen).__name__ == "MainScreen")
    assert "in delete" in caplog.text and "Traceback" in caplog.text
    assert alice.status(mine.id).content  # still there on the server
