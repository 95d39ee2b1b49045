"""Search by keys: accounts, hashtags and posts, each opening where it should."""

from __future__ import annotations

import json

from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList

from tests.test_timelines import SIZE, main_screen, make_app, said, settle, view_text
from tootui.api import MastodonClient
from tootui.screens.profile import ProfileScreen
from tootui.screens.search import SearchScreen
from tootui.screens.thread import ThreadScreen


def results(app: object) -> list[str]:
    """What each result opens, as "kind:id" (a tag by its name)."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, SearchScreen)
    return [
        f"{kind}:{value if kind == 'tag' else value.id}"
        for kind, value in (t for t in screen.targets if t is not None)
    ]


def option_index(app: object, wanted: str) -> int:
    """The position in the list of the result that opens ``wanted`` ("kind:id")."""
    screen = app.screen  # type: ignore[attr-defined]
    for index, target in enumerate(screen.targets):
        if target is not None:
            kind, value = target
            if f"{kind}:{value if kind == 'tag' else value.id}" == wanted:
                return index
    raise AssertionError(f"no result opens {wanted}")


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
        options.highlighted = option_index(app, "tag:birdwatching")
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
        options.highlighted = option_index(app, f"status:{post.id}")
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


async def test_results_a_server_repeats_open_what_they_show(server: MockServer) -> None:
    """Two results with one id (a server listing an account twice) crashed the list."""
    me = server.client("alice").account_verify_credentials()
    bob = server.client("bob").account_lookup("bob")
    answer = {
        "accounts": [dict(bob), dict(bob), dict(me)],
        "statuses": [],
        "hashtags": [{"name": "شاي", "url": "https://x.example/tags/شاي"}] * 2,
    }
    answer = json.loads(json.dumps(answer, default=str))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with server.fault(path="/api/v2/search", status=200, body=answer):
            await pilot.press("slash", *"bob", "enter")
            await settle(pilot)
        assert app.is_running
        assert results(app) == [
            f"account:{bob['id']}",
            f"account:{bob['id']}",
            f"account:{me['id']}",
            "tag:شاي",
            "tag:شاي",
        ]
        await pilot.press("down", "down", "enter")  # the third: alice
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.account.username == "alice"
