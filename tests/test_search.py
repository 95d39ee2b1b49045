"""Search by keys: accounts, hashtags and posts, each opening where it should."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList

from tests.test_timelines import SIZE, main_screen, make_app, said, settle, view_text
from tootui.api import MastodonClient
from tootui.screens.profile import ProfileScreen
from tootui.screens.search import SearchScreen
from tootui.screens.thread import ThreadScreen


def results(app: object) -> list[str]:
    options = app.screen.query_one("#results", OptionList)  # type: ignore[attr-defined]
    return [
        str(options.get_option_at_index(i).id)
        for i in range(options.option_count)
        if not options.get_option_at_index(i).disabled
    ]


async def test_search_opens_an_account(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"carol", "enter")
        await settle(pilot)
        found = results(app)
        assert found and found[0].startswith("account:")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.account.username == "carol"
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)  # back to the results


async def test_search_opens_a_hashtag_view(server: MockServer, bob: MastodonClient) -> None:
    bob.post("all about #birdwatching")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"#birdwatching", "enter")
        await settle(pilot)
        assert "tag:birdwatching" in results(app)
        options = app.screen.query_one("#results", OptionList)
        options.highlighted = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == "tag:birdwatching"
        )
        await pilot.press("enter")
        await settle(pilot)
        main = main_screen(app)
        assert app.screen is main and main.active == "tag-birdwatching"
        assert "all about #birdwatching" in view_text(main.current_view)


async def test_search_opens_a_post_as_a_thread(server: MockServer, bob: MastodonClient) -> None:
    post = bob.post("a findable post")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"findable", "enter")
        await settle(pilot)
        assert f"status:{post.id}" in results(app)
        options = app.screen.query_one("#results", OptionList)
        options.highlighted = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == f"status:{post.id}"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.current_view.current is not None
        assert app.screen.current_view.current.key == post.id


async def test_search_with_nothing_found_and_a_server_error(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzqqxx", "enter")
        await settle(pilot)
        assert results(app) == []
        assert "Nothing found" in said(app)
        with server.fault(path_regex=".*/search", status=500):
            await pilot.press("enter")
            await settle(pilot)
        assert app.screen.query_one("#statusline").has_class("-error")
