"""New posts arriving while you read: seen at the top, announced further down, one key away.

Over a stream (WebSocket) and over polling (a server without streaming), against the mock
server. Before the fix a post arriving at the top went above the screen unseen, and `.`
and `g g` did not reach posts announced further down.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot

from tests.apphelpers import said, settle, visible_text, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.main import MainScreen, StatusLine
from tootui.startup import session_for
from tootui.widgets.timeline import TimelineView

TRANSPORTS = pytest.mark.parametrize("transport", ["auto", "poll"], ids=["stream", "polling"])


def make_app(server: MockServer, transport: str) -> TootUI:
    config = Config(streaming=True, streaming_transport=transport, poll_interval=1)
    return TootUI([session_for("alice@mock.local", server.base_url, "alice_token")], config=config)


async def live_home(pilot: Any, app: TootUI, entries: int) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    view = screen.view("home")

    def ready() -> bool:
        controller = screen.live.get("home")
        watcher = controller.watcher if controller else None
        return (
            len(view.entries) == entries
            and watcher is not None
            and watcher.used_transport is not None
            and "home" in screen.reading.positions.ready
            # the connection state is said before anything arrives
            and any(word in said(app) for word in ("Live", "checking every"))
        )

    assert await wait_until(pilot, ready, 30)
    return screen


def older_posts(bob: MastodonClient, n: int = 20) -> None:
    for i in range(n):
        bob.post(f"older post {i}\n\nwith a second paragraph")


@asynccontextmanager
async def reading_home(
    server: MockServer, bob: MastodonClient, transport: str
) -> AsyncIterator[tuple[TootUI, Pilot[None], MainScreen, TimelineView[Any]]]:
    """Twenty older posts on a live Home at 100x30: the app, its pilot, screen and view."""
    older_posts(bob)
    app = make_app(server, transport)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 20)
        yield app, pilot, screen, screen.view("home")


@TRANSPORTS
async def test_at_the_top_a_new_post_comes_into_sight(
    server: MockServer, bob: MastodonClient, transport: str
) -> None:
    async with reading_home(server, bob, transport) as (app, pilot, screen, view):
        reading = view.current
        assert reading is not None and view.at_top
        fresh = bob.post("FRESH arrives at the top")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0, 30)
        await pilot.pause()
        assert "FRESH arrives at the top" in visible_text(view)  # on screen, not above it
        assert view.at_top
        assert view.current is reading  # the post being read stays selected
        assert "Home: 1 new" in said(app)
        assert "Home (1)" in str(screen.query_one("#topbar").render())


@TRANSPORTS
async def test_further_down_new_posts_are_announced_and_dot_goes_there(
    server: MockServer, bob: MastodonClient, transport: str
) -> None:
    async with reading_home(server, bob, transport) as (app, pilot, screen, view):
        await pilot.press(*"jjjjjjjj")  # reading from the middle of the timeline
        reading = view.current
        before = visible_text(view)
        first = bob.post("FIRST of two arrivals")
        second = bob.post("SECOND of two arrivals")
        assert await wait_until(
            pilot, lambda: view.index_of(second.id) == 0 and view.index_of(first.id) == 1, 30
        )
        await pilot.pause()
        assert view.current is reading and visible_text(view) == before  # nothing moved
        assert "2 new posts above — press . to go to them" in said(app)
        await pilot.press(".")
        await pilot.pause()
        assert view.selected == 0 and view.current is not None
        assert view.current.key == second.id
        assert "SECOND of two arrivals" in visible_text(view)
        assert "Home: 2 new" in said(app)


@TRANSPORTS
async def test_g_g_reaches_the_new_first_post(
    server: MockServer, bob: MastodonClient, transport: str
) -> None:
    async with reading_home(server, bob, transport) as (app, pilot, screen, view):
        await pilot.press(*"jjjjj")
        fresh = bob.post("NEWEST after reading a while")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0, 30)
        assert "1 new post above" in said(app)
        await pilot.press("g", "g")
        await pilot.pause()
        assert view.current is not None and view.current.key == fresh.id
        assert "NEWEST after reading a while" in visible_text(view)
        assert "new post above" not in said(app)  # reached: no longer announced
        assert screen.unread.get("home", 0) == 0


async def test_moving_up_to_new_posts_counts_them_down(
    server: MockServer, bob: MastodonClient
) -> None:
    older_posts(bob, 8)
    app = make_app(server, "auto")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 8)
        view = screen.view("home")
        await pilot.press(*"jjjj")
        posts = [bob.post(f"arrival {n}") for n in range(3)]
        assert await wait_until(pilot, lambda: view.index_of(posts[-1].id) == 0, 30)
        assert "3 new posts above" in said(app)
        await pilot.press(*"kkkkk")  # up through the old ones, then the first arrival
        assert "2 new posts above" in said(app)
        await pilot.press("k", "k")
        assert view.selected == 0
        assert "new posts above" not in said(app) and "new post above" not in said(app)


async def test_each_view_has_its_own_status_line(
    server: MockServer, bob: MastodonClient, alice: MastodonClient
) -> None:
    older_posts(bob)
    alice.favourite(bob.post("a favourite").id)
    app = make_app(server, "auto")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await live_home(pilot, app, 21)
        view = screen.view("home")
        await pilot.press("g", "F")
        await settle(pilot)
        assert "Favourites: 1 loaded" in said(app)
        await pilot.press("w")  # closing the tab takes its sentence with it
        await settle(pilot)
        assert screen.active == "home"
        assert "Favourites" not in said(app)
        await pilot.press(*"jjjj")
        await pilot.press("g", "u")  # your own posts
        await settle(pilot)
        assert screen.active == "mine"
        fresh = bob.post("arrives in Home while you look at your posts")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0, 30)
        await pilot.pause()
        assert "new post" not in said(app)  # about Home: not said on "Your posts"
        assert "Your posts" in said(app)
        await pilot.press("1")
        assert "1 new post above" in said(app)  # Home's own sentence, back with Home
        line = screen.query_one(StatusLine)
        assert line.said("mine").startswith("Your posts")
