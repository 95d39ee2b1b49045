"""Threads, profiles, links and moderation, by keys against the mock server."""

from __future__ import annotations

from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.test_timelines import SIZE, main_screen, make_app, said, settle, view_text
from tootui.api import MastodonClient
from tootui.screens.links import LinksScreen
from tootui.screens.main import MainScreen
from tootui.screens.profile import ProfileScreen
from tootui.screens.prompt import ConfirmPrompt
from tootui.screens.report import ReportScreen
from tootui.screens.thread import ThreadScreen, reply_depths


def profile_text(app: Any) -> str:
    return str(app.screen.query_one("#profile-text", Static).content)


async def test_thread_shows_depth_and_esc_returns_to_the_same_post(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    root = bob.post("root of the thread")
    first = alice.post("@bob first reply", in_reply_to_id=root.id)
    nested = bob.post("@alice nested answer", in_reply_to_id=first.id)
    second = alice.post("@bob second reply", in_reply_to_id=root.id)
    for index in range(6):
        bob.post(f"filler {index}")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = main_screen(app).view("home")
        target = home.index_of(first.id)
        assert target is not None
        for _ in range(target):
            await pilot.press("j")
        scroll_before = home.scroll_offset.y
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThreadScreen)
        view = screen.current_view
        assert [e.key for e in view.entries] == [root.id, first.id, nested.id]
        assert view.current is not None and view.current.key == first.id
        assert screen.depths == {root.id: 0, first.id: 1, nested.id: 2}
        lines = view_text(view).splitlines()
        assert any(line.startswith("│ │ ") and "nested answer" in line for line in lines)
        assert any(line.startswith("│ ") and "first reply" in line for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert home.current is not None and home.current.key == first.id
        assert home.scroll_offset.y == scroll_before
        # t opens it too, and q also goes back
        await pilot.press("k", "k", "t")
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert {e.key for e in app.screen.current_view.entries} >= {root.id, second.id}
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert home.current is not None and home.current.key == second.id


def test_reply_depths_handles_missing_parents_and_cycles() -> None:
    class Fake:
        def __init__(self, id: str, parent: str | None) -> None:
            self.id = id
            self.in_reply_to_id = parent

    posts: list[Any] = [Fake("a", None), Fake("b", "a"), Fake("c", "zz"), Fake("d", "c")]
    assert reply_depths("a", posts) == {"a": 0, "b": 1, "c": 0, "d": 1}
    looped: list[Any] = [Fake("x", "y"), Fake("y", "x")]
    assert set(reply_depths("x", looped)) == {"x", "y"}


async def test_profile_follow_a_locked_account_then_withdraw(
    server: MockServer, alice: MastodonClient
) -> None:
    carol = MastodonClient(server.base_url, "carol_token")
    carol.post("carol's only post")
    carol_id = alice.lookup("carol").id
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # local: carol's post
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        text = profile_text(app)
        assert "Carol" in text and "@carol@" in text and "approves followers" in text
        assert "Not connected" in text and "1 post" in text
        assert "carol's only post" in view_text(app.screen.current_view)
        await pilot.press("F")
        await settle(pilot)
        rel = alice.relationship(carol_id)
        assert rel.requested and not rel.following
        assert "Follow requested" in profile_text(app)
        await pilot.press("F")  # withdraw: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await settle(pilot)
        assert not alice.relationship(carol_id).requested
        assert "Not connected" in profile_text(app)


async def test_profile_unfollow_asks_and_no_keeps_following(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("bob posts")
    bob_id = alice.lookup("bob").id
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "You follow them" in profile_text(app)
        await pilot.press("F", "n")
        await settle(pilot)
        assert alice.relationship(bob_id).following
        await pilot.press("F", "y")
        await settle(pilot)
        assert not alice.relationship(bob_id).following
        assert "Not connected" in profile_text(app)
        await pilot.press("F")
        await settle(pilot)
        assert alice.relationship(bob_id).following
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_mute_and_block_from_a_post_ask_first(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("annoying post")
    bob_id = alice.lookup("bob").id
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert not alice.relationship(bob_id).muting
        await pilot.press("M", "y")
        await settle(pilot)
        assert alice.relationship(bob_id).muting
        assert "Muted @bob" in said(app)
        await pilot.press("ctrl+x", "y")
        await settle(pilot)
        assert alice.relationship(bob_id).blocking
        assert "Blocked @bob" in said(app)


async def test_profile_unmute_and_unblock(server: MockServer, alice: MastodonClient) -> None:
    bob_id = alice.lookup("bob").id
    MastodonClient(server.base_url, "bob_token").post("still here")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("M", "y")
        await settle(pilot)
        assert "Muted" in profile_text(app)
        await pilot.press("M")  # unmuting does not ask
        await settle(pilot)
        assert not alice.relationship(bob_id).muting
        await pilot.press("ctrl+x", "y")
        await settle(pilot)
        assert "Blocked" in profile_text(app)
        await pilot.press("ctrl+x")
        await settle(pilot)
        assert not alice.relationship(bob_id).blocking


async def test_mute_conversation(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    post = alice.post("my conversation")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert alice.status(post.id).muted
        assert "Conversation muted" in said(app)
        await pilot.press("m")
        await settle(pilot)
        assert not alice.status(post.id).muted


async def test_report_reaches_the_server(server: MockServer, bob: MastodonClient) -> None:
    bad = bob.post("buy cheap things")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("enter")  # "Spam", the first, is highlighted: press it
        await pilot.press("tab", *"selling stuff", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Report sent" in said(app)
    reports = server.client("carol").admin_reports()
    mine = [r for r in reports if str(r["target_account"]["id"]) == bad.account.id]
    assert len(mine) == 1
    assert mine[0]["category"] == "spam"
    assert mine[0]["comment"] == "selling stuff"
    assert [str(s["id"]) for s in mine[0]["statuses"]] == [bad.id]


async def test_links_open_hashtag_mention_and_url(
    server: MockServer, alice: MastodonClient, bob: MastodonClient, opened: list[str]
) -> None:
    bob.post("see https://example.org/page and @carol about #Gardening")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LinksScreen)
        kinds = [link.kind for link in screen.links]
        assert kinds == ["url", "mention", "hashtag"]
        await pilot.press("enter")  # the URL: asks, showing where it goes
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        assert "https://example.org/page" in app.screen.detail.plain
        await pilot.press("y")
        await settle(pilot)
        assert opened == ["https://example.org/page"]
        await pilot.press("o", "down", "enter")  # the mention: carol's profile
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.account.username == "carol"
        await pilot.press("escape", "o", "down", "down", "enter")  # the tag
        await settle(pilot)
        main = main_screen(app)
        assert main.active == "tag-gardening"
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_follow_notification_opens_the_profile(
    server: MockServer, alice: MastodonClient
) -> None:
    MastodonClient(server.base_url, "bob_token").follow(alice.lookup("alice").id)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.account.username == "bob"
        assert "Follows you" in profile_text(app)


async def test_thread_that_cannot_load_says_why_and_keeps_the_post(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("lonely post")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with server.fault(path_regex=".*/context", status=500):
            await pilot.press("t")
            await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        assert app.screen.query_one("#statusline").has_class("-error")
        assert "thread" in said(app).lower()
        assert "lonely post" in view_text(app.screen.current_view)
        await pilot.press("R")  # the server is back: reload works
        await settle(pilot)
        assert not app.screen.query_one("#statusline").has_class("-error")
