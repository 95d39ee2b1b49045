"""Followed hashtags, by keys against the mock server: the list (g T), unfollowing from it,
following a hashtag from its tab (+) and from a post's links, in Arabic and Persian."""

from __future__ import annotations

from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import said, settle, view_text, wait_until
from tests.test_bidi import reference
from tests.test_timelines import SIZE, main_screen, make_app
from tootui.api import MastodonClient
from tootui.screens.followed_tags import FollowedTagsScreen
from tootui.screens.links import LinksScreen
from tootui.screens.main import MainScreen
from tootui.screens.views import hashtag_view

TEA = "شاي"  # Arabic
TEAHOUSE = "چای\u200cخانه"  # Persian, with a zero-width non-joiner


def followed(client: MastodonClient) -> list[str]:
    return [t.name for t in client.followed_tags().items]


def shown(tag: str) -> str:
    """``#tag`` as the screen lays it out (an isolated right-to-left run)."""
    return reference("#" + tag, "ltr", ("#" + tag,))


async def test_the_list_of_followed_tags_opens_and_unfollows(
    server: MockServer, alice: MastodonClient
) -> None:
    for name in (TEA, TEAHOUSE, "python"):
        alice.follow_tag(name)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowedTagsScreen)
        text = view_text(screen.current_view)
        assert "#python" in text and shown(TEA) in text
        assert len(screen.current_view.entries) == 3
        # no widget id holds a tag's name
        assert all(TEA not in (w.id or "") for w in screen.query("*"))
        names = [e.item.tag.name for e in screen.current_view.entries]
        for _ in range(names.index(TEA)):
            await pilot.press("j")
        await pilot.press("u")
        await settle(pilot)
        assert TEA not in followed(alice) and TEAHOUSE in followed(alice)
        assert len(screen.current_view.entries) == 2
        assert shown(TEA) not in view_text(screen.current_view)
        assert "Unfollowed" in said(app)
        # Enter: the hashtag's tab on the main screen
        names = [e.item.tag.name for e in screen.current_view.entries]
        await pilot.press("home")
        for _ in range(names.index(TEAHOUSE)):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.active == hashtag_view(TEAHOUSE).key


async def test_plus_on_a_hashtag_tab_follows_then_unfollows(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("plus")  # on home: not a hashtag, nothing is sent
        await settle(pilot)
        assert followed(alice) == []
        await pilot.press("number_sign")
        await pilot.press(*TEA, "enter")
        await settle(pilot)
        assert main.active == hashtag_view(TEA).key
        await pilot.press("plus")
        await settle(pilot)
        assert followed(alice) == [TEA]
        assert await wait_until(pilot, lambda: "Following" in said(app))
        assert shown(TEA) in said(app)
        await pilot.press("plus")
        await settle(pilot)
        assert followed(alice) == []
        assert await wait_until(pilot, lambda: "Unfollowed" in said(app))


async def test_plus_in_a_posts_links_follows_its_hashtag(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post(f"tea time https://example.com/tea #{TEA}")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LinksScreen)
        assert [link.kind for link in dialog.links] == ["url", "hashtag"]
        await pilot.press("plus")  # on the link: says so, sends nothing
        await settle(pilot)
        assert followed(alice) == []
        assert "Choose a hashtag first." in str(dialog.query_one("#links-hint", Static).content)
        await pilot.press("down", "plus")
        await settle(pilot)
        assert followed(alice) == [TEA]
        assert app.screen is dialog  # the dialog stays open
        hint = str(dialog.query_one("#links-hint", Static).content)
        assert hint == f"Following {shown(TEA)}."
        await pilot.press("plus")
        await settle(pilot)
        assert followed(alice) == []
        assert str(dialog.query_one("#links-hint", Static).content) == f"Unfollowed {shown(TEA)}."
        # Enter still opens the hashtag's tab
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.active == hashtag_view(TEA).key


async def test_a_server_without_followed_tags_says_so(
    server: MockServer, alice: MastodonClient
) -> None:
    server.fault(status=404, path="/api/v1/followed_tags")
    server.fault(status=404, path_regex=r"^/api/v1/tags/")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "T")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowedTagsScreen)
        assert "does not offer this (followed hashtags)" in said(app)
        assert "does not offer" in screen.current_view.empty_text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("number_sign")
        await pilot.press(*"tea", "enter")
        await settle(pilot)
        await pilot.press("plus")
        await settle(pilot)
        assert await wait_until(pilot, lambda: "does not offer" in said(app))
        assert "Traceback" not in said(app)
        assert isinstance(app.screen, MainScreen)
