"""The read position: saved with the Markers API (or a local file), the app opens there.

Driven by keys against mastodon-mock; what reached the server is read back with
``alice.markers()``, the local fallback from its file.
"""

from __future__ import annotations

import json
from typing import Any

from mastodon_mock.testing.server import MockServer

from tests.apphelpers import visible_text, wait_until
from tootui.api import MastodonClient, Unsupported
from tootui.app import TootUI
from tootui.config import Config
from tootui.live import marker_file
from tootui.screens.main import MainScreen

ACCT = "alice@mock.local"


def make_app(server: MockServer, **config: Any) -> TootUI:
    from tootui.startup import session_for

    return TootUI(
        [session_for(ACCT, server.base_url, "alice_token")],
        config=Config(streaming=False, **config),
    )


def main_screen(app: TootUI) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def top_bar(screen: MainScreen) -> str:
    return str(screen.query_one("#topbar").render())


def server_marker(client: MastodonClient, timeline: str = "home") -> str | None:
    marker = client.markers((timeline,)).get(timeline)
    return marker.last_read_id if marker is not None else None


async def opened_at(pilot: Any, app: TootUI, post_id: str, post_text: str) -> MainScreen:
    """Wait until the home timeline is placed at its read position; check it is ``post_id``."""
    screen = main_screen(app)
    assert await wait_until(pilot, lambda: "home" in screen.reading.positions.ready), "not placed"
    view = screen.view("home")
    assert view.current is not None and view.current.key == post_id
    await pilot.pause()
    # the divider is drawn on screen just above the last-read post
    lines = visible_text(view).splitlines()
    at = next(i for i, line in enumerate(lines) if "── last read ──" in line)
    assert post_text in "\n".join(lines[at : at + 4])
    return screen


async def test_read_position_round_trips_through_the_markers_api(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    posts = [bob.post(f"post number {n}") for n in range(6)]
    alice.set_marker("home", posts[2].id)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_at(pilot, app, posts[2].id, "post number 2")
        assert screen.unread["home"] == 3
        assert "Home (3)" in top_bar(screen)
        await pilot.press("j")  # reading on downwards does not move the position
        await pilot.press("k", "k")  # one post newer than the last read one
        view = screen.view("home")
        assert view.current is not None and view.current.key == posts[3].id
        assert screen.unread["home"] == 2 and "Home (2)" in top_bar(screen)
        # saved once the selection rests for a moment
        assert await wait_until(pilot, lambda: server_marker(alice) == posts[3].id)
        await pilot.press("k")  # and quitting saves what was read since
        assert screen.reading.positions.last_read["home"] == posts[4].id
    assert screen.reading.final_save is not None
    screen.reading.final_save.join(10)
    assert server_marker(alice) == posts[4].id

    bob.post("written while tootui was closed")
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_at(pilot, app, posts[4].id, "post number 4")
        assert screen.unread["home"] == 2
        assert "Home (2)" in top_bar(screen)
        await app.workers.wait_for_complete()


async def test_without_a_markers_api_the_position_is_kept_in_a_local_file(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    posts = [bob.post(f"post number {n}") for n in range(4)]
    with server.fault(path_regex=r"^/api/v1/markers", status=404):
        app = make_app(server)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = main_screen(app)
            view = screen.view("home")
            assert await wait_until(pilot, lambda: "home" in screen.reading.positions.ready)
            assert view.current is not None and view.current.key == posts[-1].id
            newer = bob.post("a newer post")
            await pilot.press(".")  # load newer, and go to it: read
            assert await wait_until(pilot, lambda: view.index_of(newer.id) == 0)
            assert await wait_until(
                pilot, lambda: view.current is not None and view.current.key == newer.id
            )
            assert screen.unread["home"] == 0
            local = marker_file(ACCT)
            assert await wait_until(
                pilot,
                lambda: (
                    local.exists()
                    and json.loads(local.read_text(encoding="utf-8")).get("home") == newer.id
                ),
            )
            assert (local.stat().st_mode & 0o777) == 0o600
            assert view.current is not None and view.current.key == newer.id
        later = [bob.post(f"later {n}") for n in range(2)]
        app = make_app(server)
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await opened_at(pilot, app, newer.id, "a newer post")
            assert screen.unread["home"] == len(later)
            await app.workers.wait_for_complete()
        try:
            alice.markers(("home",))
        except Unsupported:
            pass
        else:  # pragma: no cover - the fault is what this test is about
            raise AssertionError("the markers fault was not active")
    # nothing reached the server (a fresh client: alice's remembers the 404)
    assert server_marker(MastodonClient(server.base_url, "alice_token", timeout=10)) is None


async def test_a_read_position_older_than_the_first_page_loads_older_pages(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    posts = [bob.post(f"post number {n}") for n in range(45)]  # a page holds 40
    alice.set_marker("home", posts[1].id)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_at(pilot, app, posts[1].id, "post number 1")
        assert screen.reading.positions.seek["home"] == 1
        assert screen.unread["home"] == 43
        await app.workers.wait_for_complete()


async def test_a_read_position_on_a_deleted_post_opens_at_the_next_older_one(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    posts = [bob.post(f"post number {n}") for n in range(5)]
    alice.set_marker("home", posts[2].id)
    bob.delete(posts[2].id)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await opened_at(pilot, app, posts[1].id, "post number 1")
        assert screen.unread["home"] == 2
        await app.workers.wait_for_complete()


async def test_unread_notifications_count_from_the_marker_and_go_down_as_read(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    for n in range(3):
        bob.post(f"@alice hello {n}")
    notes = alice.notifications(grouped=False).items  # newest first
    assert len(notes) == 3
    alice.set_marker("notifications", notes[-1].id)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = main_screen(app)
        session = screen.session
        assert await wait_until(pilot, lambda: session.unread_notifications == 2)
        assert "Notifications (2)" in top_bar(screen)
        await pilot.press("4")
        assert await wait_until(pilot, lambda: "notifications" in screen.reading.positions.ready)
        view = screen.view("notifications")
        assert view.current is not None and view.current.item.id == notes[-1].id
        await pilot.press("k")
        assert session.unread_notifications == 1
        assert "Notifications (1)" in top_bar(screen)
        await pilot.press("1")  # leaving the view saves at once
        assert await wait_until(pilot, lambda: server_marker(alice, "notifications") == notes[1].id)
