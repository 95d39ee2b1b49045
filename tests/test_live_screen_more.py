"""More live updates on the main screen: edits, notifications, the read position while
posts stream in, and keys handled while a flood of posts streams into federated (how
fast: benchmarks/responsiveness.py).

Extends ``test_live_screen.py`` (a streamed post and a delete); same mock server, with
``Config(streaming=True)``.
"""

from __future__ import annotations

import threading
from typing import Any

from mastodon_mock.testing.server import MockServer
from textual import events

from tests.apphelpers import visible_text, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.main import MainScreen
from tootui.startup import session_for

WAIT = 30.0  # bounds a failure only: a busy machine may be slow, never this slow


def make_app(server: MockServer) -> TootUI:
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(streaming=True),
    )


def send_key(app: TootUI, key: str) -> None:
    """A key as the terminal sends it. ``Pilot.press`` also waits for the whole process to
    go idle, which the flooding thread and the in-process server never let happen: that
    would time the test machinery, not how fast tootui handles the key."""
    event = events.Key(key, key)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def top_bar(screen: MainScreen) -> str:
    return str(screen.query_one("#topbar").render())


async def live_home(pilot: Any, app: TootUI, entries: int) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    view = screen.view("home")
    assert await wait_until(
        pilot,
        lambda: (
            len(view.entries) == entries
            and "home" in screen.live
            and screen.live["home"].running
            and "home" in screen.reading.positions.ready
        ),
    )
    return screen


async def test_an_edit_replaces_the_post_on_screen(server: MockServer, bob: MastodonClient) -> None:
    post = bob.post("first thoughts")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 1)
        view = screen.view("home")
        assert "first thoughts" in visible_text(view)
        # An edit made before the server has subscribed the stream is not replayed (only
        # new posts are caught up), so first see a post arrive live: the stream is on.
        probe = bob.post("probe: the stream is live")
        assert await wait_until(pilot, lambda: view.index_of(probe.id) is not None)
        bob.edit(post.id, "second thoughts")
        assert await wait_until(pilot, lambda: "second thoughts" in visible_text(view))
        assert "first thoughts" not in visible_text(view)
        assert [e.key for e in view.entries] == [probe.id, post.id]  # in place, not a new entry


async def test_a_mention_counts_as_unread_and_shows_in_notifications(
    server: MockServer, bob: MastodonClient
) -> None:
    # not into empty views: see the last test
    bob.post("@alice an earlier word")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 1)
        await pilot.press("4")
        notes = screen.view("notifications")
        assert await wait_until(pilot, lambda: "notifications" in screen.reading.positions.ready)
        assert screen.session.unread_notifications == 0
        bob.post("@alice are you there?")
        assert await wait_until(pilot, lambda: len(notes.entries) == 2)
        assert await wait_until(pilot, lambda: screen.session.unread_notifications == 1)
        assert "Notifications (1)" in top_bar(screen)
        text = visible_text(notes)
        assert text.index("are you there?") < text.index("── last read ──")
        assert text.index("── last read ──") < text.index("an earlier word")


async def test_posts_arriving_above_the_reader_are_unread_under_a_divider(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("already read")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 1)
        view = screen.view("home")
        assert screen.unread.get("home", 0) == 0
        assert "last read" not in visible_text(view)  # nothing above it: no divider
        fresh = bob.post("fresh from the stream")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0)
        assert await wait_until(pilot, lambda: screen.unread.get("home") == 1)
        assert "Home (1)" in top_bar(screen)
        text = visible_text(view)
        assert text.index("fresh from the stream") < text.index("── last read ──")
        assert text.index("── last read ──") < text.index("already read")
        await pilot.press("k")  # reading it: nothing unread, the divider goes
        assert screen.unread["home"] == 0 and "Home (" not in top_bar(screen)
        await pilot.pause()
        assert "last read" not in visible_text(view)


async def test_keys_are_handled_while_posts_stream_into_federated(
    server: MockServer, bob: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        earlier = [bob.post(f"earlier {n}", visibility="public") for n in range(10)]
        first = bob.post("opening the thread", visibility="public")
        await pilot.press("3")
        view = screen.view("federated")
        assert await wait_until(
            pilot,
            lambda: (
                len(view.entries) == len(earlier) + 1
                and "federated" in screen.live
                and screen.live["federated"].running
            ),
        )

        # bob posts until the test has pressed its keys: each press is handled while
        # posts keep streaming in, however slowly this machine runs both
        stop = threading.Event()
        posted: list[str] = []
        failures: list[BaseException] = []

        def flood() -> None:
            try:
                parent = first.id
                while not stop.is_set():
                    text = f"flood {len(posted)}"
                    parent = bob.post(text, visibility="public", in_reply_to_id=parent).id
                    posted.append(parent)
            except BaseException as error:  # reported by the test below
                failures.append(error)

        writer = threading.Thread(target=flood, name="flood")
        writer.start()
        try:
            assert await wait_until(pilot, lambda: len(view.entries) > 15, WAIT)
            for presses in range(20):
                before = view.selected
                key = "j" if presses % 4 < 2 else "k"
                send_key(app, key)
                assert await wait_until(
                    pilot, lambda before=before: view.selected != before, WAIT
                ), f"{key} was not handled while posts streamed in"
                assert writer.is_alive(), failures  # still flooding as the key was handled
        finally:
            stop.set()
            writer.join(WAIT)
        assert not failures, failures
        # everything has arrived, each post once, in the view (above the reader)
        shown = len(earlier) + 1
        assert await wait_until(pilot, lambda: len(view.entries) == shown + len(posted), WAIT)
        assert len({entry.key for entry in view.entries}) == shown + len(posted)


async def test_a_live_post_into_an_empty_home_timeline(
    server: MockServer, bob: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 0)
        view = screen.view("home")
        fresh = bob.post("the very first post")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0)


async def test_your_own_new_post_is_shown_and_read(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("something to read first")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 1)
        view = screen.view("home")
        assert await wait_until(pilot, lambda: screen.session.me is not None)
        mine = alice.post("my own words")
        assert await wait_until(pilot, lambda: view.index_of(mine.id) == 0)
        assert await wait_until(pilot, lambda: view.selected == 0)
        assert screen.unread.get("home", 0) == 0
        assert "Home (" not in top_bar(screen)
