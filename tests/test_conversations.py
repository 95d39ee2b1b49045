"""Direct conversations: the tab (``g d``), opening, deleting, replying, live updates, and a
server without them. Driven by keys against mastodon-mock; bob writes to alice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from rich.cells import cell_len
from textual.widgets import TextArea

from tests.apphelpers import said, settle, view_text, visible_text, wait_until
from tootui.api import Conversation, MastodonClient
from tootui.app import TootUI
from tootui.config import Config
from tootui.render.bidi import visual_string
from tootui.screens.compose import ComposeScreen
from tootui.screens.conversations import ConversationsView
from tootui.screens.main import MainScreen, TopBar
from tootui.screens.prompt import ConfirmPrompt
from tootui.screens.thread import ThreadScreen
from tootui.screens.views import CONVERSATIONS
from tootui.startup import session_for


def make_app(server: MockServer, **config: Any) -> TootUI:
    config.setdefault("streaming", False)
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")], config=Config(**config)
    )


def main_of(app: TootUI) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def open_tab(app: TootUI, pilot: Any, rows: int = 1) -> ConversationsView:
    """Press ``g d`` and wait for ``rows`` conversations."""
    await settle(pilot)
    await pilot.press("g", "d")
    main = main_of(app)
    assert await wait_until(pilot, lambda: CONVERSATIONS in main.loaded)
    view = main.current_view
    assert isinstance(view, ConversationsView)
    assert await wait_until(pilot, lambda: len(view.entries) == rows)
    await settle(pilot)
    return view


@asynccontextmanager
async def conversations_of_alice(
    server: MockServer, **config: Any
) -> AsyncIterator[tuple[TootUI, Any, ConversationsView]]:
    """Alice's app at 100x30 on her conversations tab, its one row loaded."""
    app = make_app(server, **config)
    async with app.run_test(size=(100, 30)) as pilot:
        yield app, pilot, await open_tab(app, pilot)


async def asked_after_x(app: TootUI, pilot: Any) -> None:
    await pilot.press("x")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmPrompt))


def tab_bar(app: TootUI) -> str:
    return main_of(app).query_one(TopBar).fit(300).plain


def on_server(client: MastodonClient) -> list[Conversation]:
    return list(client.conversations().items)


async def test_g_d_lists_conversations_and_enter_opens_the_thread_and_marks_it_read(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    dm = bob.post("@alice psst, a secret", visibility="direct")
    bob.post("a public post is no conversation")
    async with conversations_of_alice(server) as (app, pilot, view):
        shown = visible_text(view)
        assert "With Bob" in shown and "unread" in shown
        assert "psst, a secret" in shown and "public post" not in shown
        assert "Conversations (1)" in tab_bar(app)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ThreadScreen))
        await settle(pilot)
        assert app.screen.status.id == dm.id  # type: ignore[attr-defined]
        (conversation,) = on_server(alice)
        assert not conversation.unread  # the server was told
        await pilot.press("q")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        (entry,) = view.entries
        assert not entry.item.unread
        assert "unread" not in visible_text(view)
        assert "Conversations (" not in tab_bar(app)


async def test_x_deletes_a_conversation_after_asking(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("@alice first conversation", visibility="direct")
    async with conversations_of_alice(server) as (app, pilot, view):
        await asked_after_x(app, pilot)
        await pilot.press("n")  # changed my mind
        await settle(pilot)
        assert len(view.entries) == 1 and len(on_server(alice)) == 1
        await asked_after_x(app, pilot)
        await pilot.press("y")
        assert await wait_until(pilot, lambda: not view.entries)
        await settle(pilot)
        assert "Conversation deleted." in said(app)
    assert on_server(alice) == []


async def test_a_reply_from_a_conversation_stays_direct_and_mentions_everyone(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("@alice @carol a word among three", visibility="direct")
    async with conversations_of_alice(server) as (app, pilot, _view):
        await pilot.press("r")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        composer = app.screen
        assert isinstance(composer, ComposeScreen)
        assert composer.draft.visibility == "direct"
        area = composer.query_one("#text", TextArea)
        assert "@bob" in area.text and "@carol" in area.text and "@alice" not in area.text
        await pilot.press(*" agreed")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        await settle(pilot)
    (conversation,) = on_server(alice)
    reply = conversation.last_status
    assert reply is not None and "agreed" in reply.content
    assert reply.visibility == "direct"
    assert {m.acct.split("@")[0] for m in reply.mentions} == {"bob", "carol"}


async def test_a_server_without_conversations_says_so_in_one_sentence(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("@alice never shown", visibility="direct")
    server.fault(status=404, path_regex=r"^/api/v1/conversations")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("g", "d")
        main = main_of(app)
        assert await wait_until(pilot, lambda: "does not offer" in said(app))
        await settle(pilot)
        sentence = said(app)
        assert "direct conversations" in sentence and "Traceback" not in sentence
        view = main.current_view
        assert isinstance(view, ConversationsView) and not view.entries
        assert "does not offer this (direct conversations)" in visible_text(view)
        await pilot.press("1")  # the rest of the app goes on
        assert main.active == "home"
        assert isinstance(app.screen, MainScreen)


async def test_arabic_participant_names_at_80x24(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    name = "سارة [b]عبد الله[/b] من مدينة الإسكندرية الجميلة على البحر الأبيض المتوسط"
    server.client("bob").account_update_credentials(display_name=name)
    bob.post("@alice مرحبا يا صديقتي", visibility="direct")
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_tab(app, pilot)
        shown = visible_text(view)
        assert "[b]" in shown  # remote text is never taken for markup
        assert all(cell_len(line) <= 80 for line in shown.splitlines())
        # laid out right to left: each word in display order (reshaped, as shown)
        assert visual_string("سارة") in shown and visual_string("صديقتي") in shown


@pytest.mark.parametrize("transport", ["sse", "poll"])
async def test_a_new_direct_message_arrives_live_and_counts_on_the_tab(
    server: MockServer, alice: MastodonClient, bob: MastodonClient, transport: str
) -> None:
    first = bob.post("@alice hello", visibility="direct")
    live = {"streaming": True, "streaming_transport": transport, "poll_interval": 1}
    async with conversations_of_alice(server, **live) as (app, pilot, view):
        main = main_of(app)
        assert await wait_until(pilot, lambda: CONVERSATIONS in main.live)
        if transport == "sse":
            watcher = main.live[CONVERSATIONS].watcher
            assert await wait_until(pilot, lambda: watcher is not None and watcher.used_transport)
        assert "Conversations (1)" in tab_bar(app)
        server.client("carol").status_post("@alice a new one from carol", visibility="direct")
        assert await wait_until(pilot, lambda: len(view.entries) == 2)
        assert "Conversations (2)" in tab_bar(app)
        assert "a new one from carol" in visible_text(view).split("hello")[0]  # on top
        answer = bob.post("@alice hello again", visibility="direct", in_reply_to_id=first.id)
        assert await wait_until(pilot, lambda: view.index_of(answer.id) == 0)
        assert len(view.entries) == 2  # bob's conversation moved up, not doubled
        assert "hello again" in visible_text(view).split("carol")[0]


async def test_post_keys_act_on_the_last_message_and_the_row_stays_a_conversation(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    dm = bob.post("@alice worth a star", visibility="direct")
    async with conversations_of_alice(server) as (app, pilot, view):
        await pilot.press("f")
        await settle(pilot)
        assert alice.status(dm.id).favourited  # the server was told
        (entry,) = view.entries
        assert isinstance(entry.item, Conversation)
        assert entry.item.last_status is not None and entry.item.last_status.favourited
        assert "★ 1" in view_text(view) and "With Bob" in view_text(view)


async def test_a_refused_mark_as_read_shows_the_conversation_unread_again(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("@alice read me", visibility="direct")
    server.fault(status=500, path_regex=r"^/api/v1/conversations/[^/]+/read$", count=1)
    async with conversations_of_alice(server) as (app, pilot, view):
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ThreadScreen))
        await pilot.press("q")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert await wait_until(pilot, lambda: view.entries[0].item.unread)
        assert "error 500" in said(app)
        assert "Conversations (1)" in tab_bar(app)
    (conversation,) = on_server(alice)
    assert conversation.unread
