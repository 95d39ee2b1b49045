"""Reading timelines by keys against the mock server: views, paging, toggles, filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import main_screen, said, settle, view_text
from tootui.api import MastodonClient, Notification, Status
from tootui.app import TootUI
from tootui.keys import markdown
from tootui.keys.__main__ import every_sectioned_class
from tootui.screens.main import MainScreen
from tootui.startup import session_for

SIZE = (100, 30)


def make_app(server: MockServer, user: str = "alice") -> TootUI:
    return TootUI([session_for(f"{user}@mock.local", server.base_url, f"{user}_token")])


def selected_status(app: TootUI) -> Status | None:
    screen = app.screen
    getter = getattr(screen, "selected_status", None)
    return getter() if callable(getter) else None


def post_many(client: MastodonClient, count: int, prefix: str = "post") -> list[Status]:
    return [client.post(f"{prefix} number {i}") for i in range(count)]


# --- views --------------------------------------------------------------------------------


async def test_switching_views_by_number_and_g_prefix(
    server: MockServer, bob: MastodonClient, alice: MastodonClient
) -> None:
    bob.post("hello from bob #tootui")
    carol = MastodonClient(server.base_url, "carol_token")
    carol.post("carol speaks locally")
    alice.favourite(bob.post("a favourite of alice").id)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        assert "hello from bob" in view_text(main.view("home"))
        assert "carol speaks" not in view_text(main.view("home"))
        await pilot.press("2")
        await settle(pilot)
        assert main.active == "local"
        assert "carol speaks locally" in view_text(main.view("local"))
        await pilot.press("g", "h")
        await settle(pilot)
        assert main.active == "home"
        await pilot.press("g", "F")
        await settle(pilot)
        assert main.active == "favourites"
        assert "a favourite of alice" in view_text(main.view("favourites"))
        assert "hello from bob" not in view_text(main.view("favourites"))
        await pilot.press("g", "n")
        await settle(pilot)
        assert main.active == "notifications"
        await pilot.press("g", "b")
        await settle(pilot)
        assert main.active == "bookmarks"
        await pilot.press("g", "u")
        await settle(pilot)
        assert main.active == "mine"
        await pilot.press("g", "escape")
        await settle(pilot)
        assert main.active == "mine"  # Esc left the prefix, nothing else happened
        assert isinstance(app.screen, MainScreen)


async def test_paging_older_has_no_duplicates(server: MockServer, bob: MastodonClient) -> None:
    posts = post_many(bob, 55)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main_screen(app).view("home")
        assert len(view.entries) == 40  # one page
        await pilot.press("G")  # to the end: the view asks for older posts
        await settle(pilot)
        keys = [entry.key for entry in view.entries]
        assert len(keys) == len(set(keys)) == 55
        assert keys == [p.id for p in reversed(posts)]
        await pilot.press("G", "j")
        await settle(pilot)
        assert len(view.entries) == 55
        assert view.exhausted


async def test_load_newer_goes_to_the_newest_and_only_if_there_is_one(
    server: MockServer, bob: MastodonClient
) -> None:
    post_many(bob, 5)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main_screen(app).view("home")
        await pilot.press("j", "j")
        chosen = view.current
        assert chosen is not None and chosen.item.content.find("number 2") >= 0
        await pilot.press(".")  # nothing newer: the reader stays where they were
        await settle(pilot)
        assert view.current is chosen
        assert "Home: nothing new" in said(app)
        fresh = post_many(bob, 3, prefix="fresh")
        await pilot.press(".")
        await settle(pilot)
        assert len(view.entries) == 8
        assert [e.key for e in view.entries[:3]] == [p.id for p in reversed(fresh)]
        assert view.current is not None and view.current.key == fresh[-1].id
        assert "Home: 3 new" in said(app)
        await pilot.press("R")
        await settle(pilot)
        assert len(view.entries) == 8
        assert "nothing new" in said(app)


async def test_boost_favourite_bookmark_reach_the_server(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    post = bob.post("toggle me")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f", "b", "B")
        await settle(pilot)
        back = alice.status(post.id)
        assert back.favourited and back.reblogged and back.bookmarked
        view = main_screen(app).view("home")
        shown = view_text(view)
        assert "★ 1" in shown and "↻ 1" in shown and "bookmarked" in shown
        await pilot.press("f", "B")
        await settle(pilot)
        back = alice.status(post.id)
        assert not back.favourited and not back.bookmarked and back.reblogged
        assert "★ 0" in view_text(view)


async def test_favourite_rolls_back_when_the_server_refuses(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    post = bob.post("the server says no")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with server.fault(path_regex=".*/favourite", status=500):
            await pilot.press("f")
            await settle(pilot)
        assert not alice.status(post.id).favourited
        current = main_screen(app).view("home").current
        assert current is not None and not current.item.favourited
        assert app.screen.query_one("#statusline").has_class("-error")
        assert "favourite" in said(app).lower()


async def test_hashtag_view_by_hash_key(server: MockServer, bob: MastodonClient) -> None:
    bob.post("about #tootui things")
    bob.post("nothing tagged here")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("number_sign")
        await pilot.press(*"#TootUI", "enter")
        await settle(pilot)
        main = main_screen(app)
        assert main.active == "tag-tootui"
        text = view_text(main.view("tag-tootui"))
        assert "about #tootui things" in text and "nothing tagged" not in text
        await pilot.press("g", "t", *"other", "enter")
        await settle(pilot)
        assert main.active == "tag-other"
        await pilot.press("w")  # close the tab
        await pilot.pause()
        assert main.active == "home" and "tag-other" not in main.views


async def test_lists_chosen_after_g_L(server: MockServer, bob: MastodonClient) -> None:
    raw = server.client("alice")
    made = raw.list_create("Friends")
    raw.list_accounts_add(made["id"], [raw.account_lookup("bob")["id"]])
    bob.post("in the friends list")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "L")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        main = main_screen(app)
        assert main.active == f"list-{made['id']}"
        assert "in the friends list" in view_text(main.view(main.active))


async def test_notifications_filter_cycles_types(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    mine = alice.post("alice writes")
    bob.favourite(mine.id)
    bob.post("@alice hello there")
    MastodonClient(server.base_url, "carol_token").follow(alice.lookup("alice").id)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        main = main_screen(app)
        view = main.view("notifications")
        types = {e.item.type for e in view.entries}
        assert {"favourite", "mention", "follow"} <= types
        await pilot.press("F")
        await settle(pilot)
        assert {e.item.type for e in view.entries} == {"mention"}
        assert "mentioned you" in view_text(view)
        assert "Mentions" in str(main.query_one("#topbar", Static).render())
        await pilot.press("F")
        await settle(pilot)
        assert {e.item.type for e in view.entries} == {"follow"}
        assert "Carol followed you" in view_text(view)
        await pilot.press("F")
        await settle(pilot)
        assert {e.item.type for e in view.entries} == {"favourite"}
        assert "Bob favourited your post" in view_text(view)


@pytest.mark.parametrize("accept", [True, False])
async def test_follow_request_accept_and_reject(
    server: MockServer, alice: MastodonClient, accept: bool
) -> None:
    carol_id = alice.lookup("carol").id
    assert alice.follow(carol_id).requested
    app = make_app(server, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        view = main_screen(app).view("notifications")
        assert view.current is not None
        assert isinstance(view.current.item, Notification)
        assert view.current.item.type == "follow_request"
        assert "asked to follow you" in view_text(view)
        await pilot.press("A" if accept else "X")
        await settle(pilot)
        rel = alice.relationship(carol_id)
        assert rel.following is accept and not rel.requested
        assert not view.entries
        assert ("Accepted" if accept else "Rejected") in said(app)


async def test_hide_filters_drop_posts_warn_filters_collapse(
    server: MockServer, bob: MastodonClient
) -> None:
    raw = server.client("alice")
    raw.create_filter_v2(
        title="No spoilers",
        context=["home"],
        filter_action="hide",
        keywords_attributes=[{"keyword": "spoiler"}],
    )
    raw.create_filter_v2(
        title="Weather",
        context=["home"],
        filter_action="warn",
        keywords_attributes=[{"keyword": "rain"}],
    )
    bob.post("a big spoiler for the film")
    bob.post("rain again today")
    bob.post("a fine day")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = view_text(main_screen(app).view("home"))
        assert "spoiler" not in text
        assert "a fine day" in text
        assert "Filtered: Weather" in text and "rain again" not in text


async def test_absolute_times_toggle(server: MockServer, bob: MastodonClient) -> None:
    bob.post("what time is it")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main_screen(app).view("home")
        assert "20" + "26-" not in view_text(view).splitlines()[0]
        await pilot.press("T")
        await pilot.pause()
        assert app.config.absolute_times
        assert "2026-" in view_text(view).splitlines()[0]
        await pilot.press("T")
        await pilot.pause()
        assert "2026-" not in view_text(view).splitlines()[0]


async def test_open_in_browser_and_copy_link(
    server: MockServer, bob: MastodonClient, opened: list[str]
) -> None:
    post = bob.post("link to me")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        assert opened == [post.url]
        assert post.url in said(app)
        await pilot.press("y")
        assert app.clipboard == post.url


async def test_copy_a_posts_text_from_the_middle_of_the_timeline(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    """Y copies what a person would have typed: warning first, tags and mentions as words,
    a link whole — and no escape that rode in the post."""
    post_many(bob, 3, "after")
    wanted = bob.post(
        "@alice شاي بالنعناع #شاي https://example.com/a/very/long/path/to/a/page \x1b[31mred",
        spoiler_text="مشروبات",
    )
    post_many(bob, 3, "before")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(10):
            if (status := selected_status(app)) is not None and status.id == wanted.id:
                break
            await pilot.press("j")
            await pilot.pause()
        status = selected_status(app)
        assert status is not None and status.id == wanted.id
        await pilot.press("Y")
        await pilot.pause()
        copied = app.clipboard
        assert copied.startswith("مشروبات\n\n@alice شاي بالنعناع #شاي ")
        assert "https://example.com/a/very/long/path/to/a/page" in copied
        assert "\x1b" not in copied and "](" not in copied
        assert "Copied the post's text." in said(app)


async def test_vote_in_a_poll(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    post = bob.post("tea or coffee", poll_options=["tea", "coffee"], poll_expires_in=3600)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "press V to vote" in view_text(main_screen(app).view("home"))
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        poll = alice.status(post.id).poll
        assert poll is not None and poll.voted and poll.own_votes == (1,)
        text = view_text(main_screen(app).view("home"))
        assert "✓ coffee" in text and "press V" not in text


def test_keys_doc_matches_the_bindings() -> None:
    committed = (Path(__file__).resolve().parents[1] / "docs" / "keys.md").read_text("utf-8")
    assert committed == markdown(every_sectioned_class()), (
        "run: python -m tootui.keys > docs/keys.md"
    )


async def test_g_g_goes_to_the_first_post(server: MockServer, bob: MastodonClient) -> None:
    posts = post_many(bob, 6)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = main_screen(app).view("home")
        await pilot.press("G")
        assert view.current is not None and view.current.key == posts[0].id
        await pilot.press("g")
        await pilot.pause()
        assert "Bookmarks" in str(app.screen.query_one(Static).content)  # the hint line
        await pilot.press("g")
        await pilot.pause()
        assert view.current is not None and view.current.key == posts[-1].id
