"""Followers and following, by keys against the mock server: paged rows with how you
relate to each account, follow/unfollow, removing a follower, and featured hashtags."""

from __future__ import annotations

from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import said, settle, view_text, visible_text, wait_until
from tests.test_bidi import reference
from tests.test_timelines import SIZE, main_screen, make_app
from tootui.api import MastodonClient
from tootui.screens.follows import FollowsScreen
from tootui.screens.profile import ProfileScreen
from tootui.screens.prompt import ConfirmPrompt


def title(app: Any) -> str:
    return str(app.screen.query_one("#follows-title", Static).content)


def profile_text(app: Any) -> str:
    return str(app.screen.query_one("#profile-text", Static).content)


def follower_ids(client: MastodonClient) -> list[str]:
    me = client.verify_credentials()
    return [a.id for a in client.followers(me.id).items]


async def test_your_followers_show_how_you_relate_and_x_removes_one(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    me = alice.verify_credentials()
    bob_id = bob.verify_credentials().id
    bob.follow(me.id)
    carol = MastodonClient(server.base_url, "carol_token", timeout=10)
    carol.follow(me.id)
    assert set(follower_ids(alice)) >= {bob_id}
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).go_to("followers")  # what the command palette's entry does
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowsScreen)
        assert screen.active == "followers" and "Followers" in title(app)
        text = view_text(screen.current_view)
        assert "@bob@mock.local" in text and "@carol@mock.local" in text
        # alice follows bob already (the mock's seed), not carol
        bob_row = text[text.index("@bob@") :].split("\n")[1]
        assert "You follow them" in bob_row and "Follows you" in bob_row
        # x: asks first; no keeps bob
        keys = [e.key for e in screen.current_view.entries]
        for _ in range(keys.index(bob_id)):
            await pilot.press("j")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("n")
        await settle(pilot)
        assert bob_id in follower_ids(alice)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert bob_id not in follower_ids(alice)
        assert not bob.relationship(me.id).following
        assert screen.current_view.index_of(bob_id) is None
        assert "Removed @bob from your followers." in said(app)
        assert "@carol@mock.local" in view_text(screen.current_view)


async def test_someones_lists_from_their_profile_follow_and_withdraw(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    """P on bob's profile: his followers (carol, whom alice asked to follow: "requested"),
    F withdraws after asking; 2 shows whom he follows; x does nothing on his list."""
    carol = MastodonClient(server.base_url, "carol_token", timeout=10)
    me = alice.verify_credentials()
    bob_account = bob.verify_credentials()
    carol_id = carol.verify_credentials().id
    carol.follow(bob_account.id)
    bob.follow(me.id)
    alice.follow(carol_id)  # carol approves followers: a request
    assert alice.relationship(carol_id).requested
    bob.post("bob says hello")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")  # bob's post on home: his profile
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("P")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowsScreen)
        assert "@bob@mock.local" in title(app)
        view = screen.view("followers")
        carol_at = view.index_of(carol_id)
        assert carol_at is not None
        assert "Follow requested" in view_text(view)
        for _ in range(carol_at):
            await pilot.press("j")
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await settle(pilot)
        assert not alice.relationship(carol_id).requested
        assert "Withdraw" not in said(app) and "Unfollowed @carol" in said(app)
        assert "Follow requested" not in view_text(view)
        # F again follows (a request once more)
        await pilot.press("F")
        await settle(pilot)
        assert alice.relationship(carol_id).requested
        assert "Asked to follow @carol." in said(app)
        # 2: whom bob follows — alice herself
        await pilot.press("2")
        await settle(pilot)
        assert screen.active == "following"
        following = view_text(screen.view("following"))
        assert "@alice@mock.local" in following and "This is you" in following
        followers_before = follower_ids(bob)
        await pilot.press("x")  # not your list: nothing happens
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmPrompt)
        assert follower_ids(bob) == followers_before
        # tab goes back to the other list; enter opens a profile
        await pilot.press("tab")
        assert screen.active == "followers"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)


async def test_followers_come_a_page_at_a_time(
    server: MockServer,
    alice: MastodonClient,
    bob: MastodonClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me = alice.verify_credentials()
    carol = MastodonClient(server.base_url, "carol_token", timeout=10)
    for client in (bob, carol):
        client.follow(me.id)
    expected = follower_ids(alice)
    assert len(expected) >= 2
    monkeypatch.setattr(FollowsScreen, "PAGE_SIZE", 1)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main_screen(app).go_to("followers")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowsScreen)
        view = screen.current_view
        assert len(view.entries) == 1
        for _ in range(len(expected) + 1):
            await pilot.press("j")
            await settle(pilot)
        assert [e.key for e in view.entries] == expected
        assert view.exhausted


async def test_a_profile_shows_featured_hashtags_and_does_without(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob._api.featured_tag_create("شاي")  # typed in any script
    bob.post("bob on #شاي")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        # laid out as the screen shows it: the tag an isolated right-to-left run
        shown = reference("#شاي", "ltr", ("#شاي",))
        assert await wait_until(pilot, lambda: shown in profile_text(app))
        assert "Featured hashtags: " + shown in profile_text(app)
        await pilot.press("escape")
        await pilot.pause()
        server.fault(status=404, path_regex=r"/featured_tags$")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert await wait_until(pilot, lambda: "@bob@mock.local" in profile_text(app))
        await settle(pilot)
        assert "Featured" not in profile_text(app)
        assert "does not offer" not in said(app) and "Traceback" not in said(app)
        assert "bob on" in view_text(app.screen.current_view)


async def test_a_long_arabic_name_with_emoji_fits_a_row_at_80_columns(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    name = "ليلى حداد :tea: " + "اسم طويل جدا " * 12
    bob._api.account_update_credentials(display_name=name, note="<p>شاي بالنعناع</p>")
    bob.follow(alice.verify_credentials().id)
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main_screen(app).go_to("followers")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowsScreen)
        rows = [row.rstrip() for row in visible_text(screen.current_view).split("\n")]
        assert all(len(row) <= 80 for row in rows)
        # the name right to left, its custom emoji as text, cut and wrapped; then the handle
        assert rows[0].endswith(":tea: " + reference("ليلى حداد", "rtl"))
        assert rows[1].endswith("@bob@mock.local") and "…" in rows[1]
        assert rows[2] == "▌ You follow them · Follows you"
        assert rows[3] == "▌ " + reference("شاي بالنعناع", "rtl")
        assert all("ليلى" not in (w.id or "") for w in screen.query("*"))
