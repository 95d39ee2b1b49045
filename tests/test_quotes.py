"""Quote posts by keys (Mastodon 4.5): quote a post with Q as its author's policy allows,
say why not where it doesn't, choose who may quote your own posts; a server without
quote posts offers no Q at all."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import requests
from mastodon_mock.testing.server import MockServer
from textual.widgets import Static

from tests.apphelpers import main_screen, said, settle, wait_until
from tests.test_compose import open_composer
from tootui.api import MastodonClient, Status
from tootui.api.client import TimelineSource
from tootui.app import TootUI
from tootui.compose_rules import quote_problem
from tootui.screens.compose import ComposeScreen
from tootui.startup import session_for

SMALL = (80, 24)
PERSIAN = "نقل قول از این پست"


def make_app(server: MockServer) -> TootUI:
    return TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])


def mine(client: MastodonClient) -> list[Status]:
    me = client.verify_credentials()
    return list(client.timeline(TimelineSource("account", me.id), limit=40).items)


def raw_status(server: MockServer, status_id: str) -> dict[str, Any]:
    """The post as the server's JSON, for serving it changed (another server's shape)."""
    answer = requests.get(
        f"{server.base_url}/api/v1/statuses/{status_id}",
        headers={"Authorization": "Bearer alice_token"},
        timeout=10,
    )
    answer.raise_for_status()
    data: dict[str, Any] = answer.json()
    return data


def serve_home(server: MockServer, *posts: dict[str, Any]) -> None:
    """Alice's home timeline answers with ``posts`` (once)."""
    server.fault(
        status=200, body=list(posts), path="/api/v1/timelines/home", methods=["GET"], count=1
    )


def context_line(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-context", Static).render())


def form_status(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-status", Static).render())


async def press_quote_refused(app: TootUI, pilot: Any) -> None:
    """Press Q on the selected post, which does not open the composer."""
    await pilot.press("Q")
    await settle(pilot)
    assert not isinstance(app.screen, ComposeScreen)


async def open_home(app: TootUI, pilot: Any) -> None:
    await settle(pilot)
    assert await wait_until(pilot, lambda: main_screen(app).current_view.entries)


async def test_quoting_bobs_post(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    quoted = bob.post("A thought worth quoting")
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await open_home(app, pilot)
        assert main_screen(app).selected_status().id == quoted.id
        await pilot.press("Q")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        screen = app.screen
        assert "Quoting @bob: A thought worth quoting" in context_line(screen)
        await pilot.press(*PERSIAN)
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        await settle(pilot)
        assert "Posted." in said(app)
    posted = mine(alice)[0]
    assert posted.text == PERSIAN or PERSIAN in posted.content
    assert posted.quote is not None and posted.quote.id == quoted.id  # quoted_status_id


async def test_a_post_whose_author_allows_no_quotes_says_why(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("Please don't quote me", quote_approval_policy="nobody")
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await open_home(app, pilot)
        await press_quote_refused(app, pilot)
        assert "They don't allow quotes of this post." in said(app)
    assert mine(alice) == []


async def test_a_followers_only_post_cannot_be_quoted(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("Only for my followers", visibility="private")
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await open_home(app, pilot)
        await press_quote_refused(app, pilot)
        assert "Followers-only posts and private mentions can't be quoted." in said(app)


async def test_mastodon_4_5_policies_followers_only_and_asking_the_author(
    server: MockServer, bob: MastodonClient
) -> None:
    """Mastodon's own shape of the policy (``quote_approval``), served as Mastodon sends it."""
    followers_only = raw_status(server, bob.post("for followers to quote").id)
    followers_only["quote_approval"] = {
        "automatic": ["followers"],
        "manual": [],
        "current_user": "denied",
    }
    asks = raw_status(server, bob.post("ask me first").id)
    asks["quote_approval"] = {"automatic": [], "manual": ["public"], "current_user": "manual"}
    serve_home(server, followers_only, asks)
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await open_home(app, pilot)
        await press_quote_refused(app, pilot)
        assert "Only their followers can quote this post." in said(app)
        await pilot.press("j", "Q")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert "asked to approve" in form_status(app.screen)


async def test_a_server_without_quotes_offers_no_quote_key(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    """A post from a server before quote posts (no policy at all): Q does nothing."""
    old = raw_status(server, bob.post("from an older server").id)
    del old["quote_approval_policy"]
    old.pop("quote_approval", None)
    old.pop("quote", None)
    serve_home(server, old)
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await open_home(app, pilot)
        screen = main_screen(app)
        assert screen.selected_status().quote_approval is None
        assert screen.check_action("quote", ()) is False
        await press_quote_refused(app, pilot)
        assert "Traceback" not in said(app)
    assert mine(alice) == []


def test_quote_problem_reads_every_policy(bob: MastodonClient) -> None:
    post = bob.post("mine")
    me = post.account.id
    assert quote_problem(post, me) is None  # your own post
    assert quote_problem(post, "someone else") is None  # public: anyone
    refused = Status.from_api(
        {"id": "1", "account": {"id": "9"}, "quote_approval": {"current_user": "denied"}}
    )
    assert quote_problem(refused, me) == "They don't allow quotes of this post."
    following = Status.from_api(
        {
            "id": "1",
            "account": {"id": "9"},
            "quote_approval": {"automatic": ["following"], "current_user": "denied"},
        }
    )
    assert quote_problem(following, me) == "Only people they follow can quote this post."
    assert Status.from_api({"id": "1", "account": {"id": "9"}}).quote_approval is None


async def test_who_may_quote_your_post_is_sent(server: MockServer, alice: MastodonClient) -> None:
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_composer(app, pilot)
        settings = screen.query_one("#compose-settings", Static)
        assert "Who can quote: the server's default" in str(settings.render())
        await pilot.press(*"quotable by followers", "ctrl+b", "ctrl+b")
        assert "Who can quote: your followers" in str(settings.render())
        await pilot.press("ctrl+r", "ctrl+r")  # unlisted, then followers only
        assert "only you (the post is not public)" in str(settings.render())
        await pilot.press("ctrl+b")
        assert "can't be quoted" in form_status(screen)
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r")  # mentioned only, public, unlisted
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    posted = mine(alice)[0]
    assert posted.visibility == "unlisted"
    assert posted.quote_approval is not None
    assert posted.quote_approval.automatic == ("followers",)


def test_posts_cached_before_quote_policies_are_not_loaded(
    tmp_path: Path, bob: MastodonClient
) -> None:
    """A post pickled before ``Status`` had ``quote_approval`` lacks the slot: favouriting
    it (``dataclasses.replace``) would fail, so such a cache is not used."""
    from tootui import cache

    post = bob.post("cached long ago")
    store = cache.TimelineCache("alice@mock.local", tmp_path / "timelines.sqlite3")
    store.save("home", [post])
    assert [s.id for s in store.load("home")] == [post.id]
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE timeline SET schema = 1")  # as the previous version wrote it
    db.close()
    assert store.load("home") == []
