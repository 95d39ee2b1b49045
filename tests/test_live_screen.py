"""The main screen with live updates and the on-disk cache, against the mock server."""

from __future__ import annotations

from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer

from tests.apphelpers import visible_text, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.main import MainScreen
from tootui.startup import session_for


def make_app(server: MockServer, **config: Any) -> TootUI:
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")], config=Config(**config)
    )


async def test_a_post_arrives_on_the_home_timeline_by_itself(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("before the app started")
    app = make_app(server, streaming=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.view("home")
        assert await wait_until(pilot, lambda: len(view.entries) == 1 and "home" in screen.live)
        fresh = bob.post("LIVE arrives without pressing a key")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0)
        bob.delete(fresh.id)
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) is None)
    assert not screen.live  # unmounting stopped the stream


async def test_cached_posts_show_when_the_server_fails(
    server: MockServer, bob: MastodonClient
) -> None:
    posts = [bob.post(f"cached post {n}") for n in range(3)]
    app = make_app(server, streaming=False)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.screen.view("home")  # type: ignore[attr-defined]
        assert await wait_until(pilot, lambda: len(view.entries) == 3)
        await app.workers.wait_for_complete()
    with server.fault(path_regex=r"/api/v1/timelines/home", status=503):
        app = make_app(server, streaming=False)
        async with app.run_test(size=(100, 30)) as pilot:
            view = app.screen.view("home")  # type: ignore[attr-defined]
            assert [e.key for e in view.entries] == [p.id for p in reversed(posts)]
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert [e.key for e in view.entries] == [p.id for p in reversed(posts)]
            status = str(app.screen.query_one("#statusline").render())
            assert "503" in status or "problem" in status


def test_media_attachments_are_offered_to_open(alice: MastodonClient, tmp_path: Any) -> None:
    from tootui.screens.links import links_of

    image = tmp_path / "dot.png"
    image.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    media = alice.upload_media(image, description="a single dot")
    post = alice.post("with a picture", media_ids=[media.id])
    links = links_of(post)
    assert any(link.url == media.url and "a single dot" in link.text for link in links)


@pytest.mark.parametrize(
    ("transport", "wire"), [("auto", "websocket"), ("sse", "sse")], ids=["websocket", "sse"]
)
async def test_a_post_an_edit_a_notification_and_a_delete_reach_the_screen(
    server: MockServer, bob: MastodonClient, transport: str, wire: str
) -> None:
    app = make_app(server, streaming=True, streaming_transport=transport)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        view = screen.view("home")

        def live_over(wire: str) -> bool:
            controller = screen.live.get("home")
            watcher = controller.watcher if controller else None
            return watcher is not None and watcher.used_transport == wire

        assert await wait_until(pilot, lambda: live_over(wire))
        fresh = bob.post(f"LIVE over {wire}")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0)
        assert f"LIVE over {wire}" in visible_text(view)

        bob.edit(fresh.id, "EDITED while on screen")
        assert await wait_until(pilot, lambda: "EDITED while on screen" in visible_text(view))
        assert f"LIVE over {wire}" not in visible_text(view)

        bob.post("@alice a mention for the notifications view")
        topbar = screen.query_one("#topbar")
        assert await wait_until(pilot, lambda: screen.session.unread_notifications == 1)
        assert await wait_until(pilot, lambda: "Notifications (1)" in str(topbar.render()))

        bob.delete(fresh.id)
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) is None)
        assert "EDITED while on screen" not in visible_text(view)


async def test_a_hashtag_tab_is_live_until_it_is_closed(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("an older post about #cats")
    app = make_app(server, streaming=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("number_sign", *"cats", "enter")
        assert await wait_until(pilot, lambda: screen.active == "tag-cats")
        view = screen.view("tag-cats")

        def live() -> bool:
            controller = screen.live.get("tag-cats")
            return bool(controller and controller.watcher and controller.watcher.used_transport)

        assert await wait_until(pilot, live)
        controller = screen.live["tag-cats"]
        assert (controller.stream, controller.arg) == ("hashtag", "cats")
        fresh = bob.post("a new post about #cats, live")
        bob.post("a post about #dogs, not for this tab")
        assert await wait_until(pilot, lambda: view.index_of(fresh.id) == 0)
        assert "a new post about #cats, live" in visible_text(view)
        assert "#dogs" not in visible_text(view)

        await pilot.press("w")  # close the tab: its stream stops
        assert await wait_until(pilot, lambda: "tag-cats" not in screen.views)
        assert "tag-cats" not in screen.live and not controller.running
