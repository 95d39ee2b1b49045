"""Composing by keys against the mock server, then reading back what reached it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.message import Message
from textual.widgets import Input, OptionList, Select, Static, TextArea

import tootui.screens.composer_base as composer_module
from tests.apphelpers import wait_until
from tootui.api import MastodonClient, Status
from tootui.app import TootUI
from tootui.compose_rules import reply_draft
from tootui.drafts import DraftStore
from tootui.editor import edit_externally, editor_environment
from tootui.screens.compose import ComposeScreen, DraftsScreen, open_reply
from tootui.startup import session_for
from tootui.widgets.suggestions import SuggestionList

ALICE = "alice@mock.local"
BOB = "bob@mock.local"


def make_app(server: MockServer, *, bob: bool = False) -> TootUI:
    sessions = [session_for(ALICE, server.base_url, "alice_token")]
    if bob:
        sessions.append(session_for(BOB, server.base_url, "bob_token"))
    return TootUI(sessions)


async def settle(app: TootUI, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def suggested(app: TootUI, pilot: Any, screen: ComposeScreen, token: str) -> None:
    """Wait for ``token`` to be the one being typed, the pause before suggesting to end,
    and the server's answer to be shown."""
    suggestions = screen.query_one(SuggestionList)
    assert await wait_until(pilot, lambda: suggestions.token == token and not suggestions.waiting)
    await settle(app, pilot)


async def open_composer(app: TootUI, pilot: Any) -> ComposeScreen:
    await settle(app, pilot)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ComposeScreen)
    return app.screen


async def send(app: TootUI, pilot: Any, key: str = "ctrl+s") -> None:
    await pilot.press(key)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def status_text(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-status", Static).render())


def my_statuses(client: MastodonClient) -> list[Status]:
    from tootui.api.client import TimelineSource

    me = client.verify_credentials()
    return list(client.timeline(TimelineSource("account", me.id), limit=40).items)


async def test_a_post_typed_by_keys_reaches_the_server(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    seen: list[Message] = []
    async with app.run_test(size=(100, 30), message_hook=seen.append) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Hello from tootui")
        await pilot.press("ctrl+w")  # content warning
        await pilot.press(*"spoilers")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
        posted = [m for m in seen if isinstance(m, ComposeScreen.Posted)]
        assert len(posted) == 1
        assert screen.draft.idempotency_key()  # it had one
    status = alice.status(posted[0].status.id)
    assert "Hello from tootui" in status.content
    assert status.spoiler_text == "spoilers"
    assert status.account.username == "alice"
    assert DraftStore().list() == []  # a successful post deletes its draft


@pytest.mark.parametrize("visibility", ["public", "unlisted", "private", "direct"])
async def test_each_visibility(server: MockServer, alice: MastodonClient, visibility: str) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*f"@bob a {visibility} post")
        select = screen.query_one("#visibility", Select)
        for _ in range(5):
            if select.value == visibility:
                break
            await pilot.press("ctrl+r")
        assert select.value == visibility
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (status,) = [s for s in my_statuses(alice) if f"a {visibility} post" in s.content]
    assert status.visibility == visibility


async def test_language_and_sensitive_by_keys(server: MockServer, alice: MastodonClient) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Guten Tag")
        await pilot.press("tab", "tab")  # text -> visibility -> language
        assert app.focused is screen.query_one("#language", Input)
        await pilot.press("end", "backspace", "backspace", "backspace", "d", "e")
        await pilot.press("ctrl+t")  # sensitive
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (status,) = [s for s in my_statuses(alice) if "Guten Tag" in s.content]
    assert status.language == "de"
    assert status.sensitive is True


async def test_defaults_come_from_the_account(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        me = app.session.me
        assert me is not None
        assert screen.query_one("#visibility", Select).value == (me.default_visibility or "public")
        if me.default_language:
            assert screen.query_one("#language", Input).value == me.default_language
        header = str(screen.query_one("#compose-account", Static).render())
        assert "@alice@mock.local" in header


async def test_the_posting_account_can_be_changed(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    app = make_app(server, bob=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Posted as bob")
        await pilot.press("ctrl+n")
        assert screen.draft.acct == BOB
        assert "@bob@mock.local" in str(screen.query_one("#compose-account", Static).render())
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    assert [s for s in my_statuses(bob) if "Posted as bob" in s.content]
    assert not [s for s in my_statuses(alice) if "Posted as bob" in s.content]


async def test_over_the_limit_is_refused_and_nothing_is_lost(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        area = screen.query_one("#text", TextArea)
        area.insert("y" * 494 + " ")  # typing 495 keys would only slow the test down
        await pilot.press(*"https://example.com/a/long/link/indeed")  # counts 23: over
        await pilot.pause()
        assert str(screen.query_one("#counter").render()) == str(500 - 495 - 23)
        await send(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "18 characters over" in status_text(screen)
        assert area.text.endswith("indeed")
        await pilot.press(*("backspace" for _ in range(50)))
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    assert len([s for s in my_statuses(alice) if "yyyy" in s.content]) == 1


async def test_reply_mentions_everyone_but_me_and_keeps_cw_and_visibility(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    original = bob.post(
        "@alice @carol what do you think?", spoiler_text="food", visibility="private"
    )
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        open_reply(app.screen, app.session, alice.status(original.id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        text = screen.query_one("#text", TextArea).text
        assert text.startswith("@bob ") and "@carol" in text and "@alice" not in text
        assert screen.query_one("#cw", Input).value == "food"
        select = screen.query_one("#visibility", Select)
        assert select.value == "private"
        for _ in range(4):  # cycling never offers anything wider than followers-only
            await pilot.press("ctrl+r")
            assert select.value in ("private", "direct")
        while select.value != "private":
            await pilot.press("ctrl+r")
        await pilot.press("end", *" I agree")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (reply,) = [s for s in my_statuses(alice) if "I agree" in s.content]
    assert reply.in_reply_to_id == original.id
    assert reply.spoiler_text == "food"
    assert reply.visibility == "private"


def test_a_reply_to_a_direct_message_stays_direct(server: MockServer, bob: MastodonClient) -> None:
    session = session_for(ALICE, server.base_url, "alice_token")
    dm = bob.post("@alice psst", visibility="direct")
    assert reply_draft(session, dm).visibility == "direct"
    public = bob.post("hello all", visibility="public")
    assert reply_draft(session, public).visibility in ("public", "unlisted", "private")


async def test_r_on_the_selected_post_opens_a_reply(
    server: MockServer, alice: MastodonClient
) -> None:
    alice.post("something to answer")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        selected = app.screen.selected_status()  # type: ignore[attr-defined]
        assert selected is not None, "the home timeline has no post selected"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.draft.in_reply_to_id == selected.target.id


async def test_edit_loads_the_source_and_saves(server: MockServer, alice: MastodonClient) -> None:
    mine = alice.post("first version", spoiler_text="cw one")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        from tootui.screens.compose import open_edit

        open_edit(app.screen, app.session, alice.status(mine.id))
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#text", TextArea).text == "first version"
        assert screen.query_one("#cw", Input).value == "cw one"
        await pilot.press("ctrl+e")  # no $EDITOR set: says so, changes nothing
        assert "VISUAL" in status_text(screen)
        await pilot.press("end", *" (edited)")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    edited = alice.status(mine.id)
    assert "first version (edited)" in edited.content
    assert edited.spoiler_text == "cw one"
    assert len([s for s in my_statuses(alice) if "first version" in s.content]) == 1


async def test_delete_asks_first_and_redraft_brings_the_text_back(
    server: MockServer, alice: MastodonClient
) -> None:
    mine = alice.post("delete me", spoiler_text="gone")
    keep = alice.post("keep me")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        from tootui.screens.compose import confirm_delete

        confirm_delete(app.screen, app.session, alice.status(keep.id))
        await pilot.pause()
        await pilot.press("n")  # changed my mind
        await settle(app, pilot)
        confirm_delete(app.screen, app.session, alice.status(mine.id), redraft=True)
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#text", TextArea).text == "delete me"
        assert screen.query_one("#cw", Input).value == "gone"
        await send(app, pilot)
    texts = [s.content for s in my_statuses(alice)]
    assert any("keep me" in t for t in texts)
    assert sum("delete me" in t for t in texts) == 1  # the redraft, not the original
    assert mine.id not in [s.id for s in my_statuses(alice)]


async def test_media_with_alt_text(
    server: MockServer, alice: MastodonClient, tmp_path: Path
) -> None:
    from tootui.demo import tiny_png

    picture = tmp_path / "cat.png"
    picture.write_bytes(tiny_png(8, 8, (200, 100, 50), (0, 0, 0)))
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Look at this")
        await pilot.press("ctrl+o", *str(picture), "enter")
        await pilot.pause()
        assert len(screen.draft.media) == 1
        await send(app, pilot)  # no alt text yet: a reminder, not a post
        assert isinstance(app.screen, ComposeScreen)
        assert "no description" in status_text(screen)
        assert app.focused is screen.query_one("#alt-0", Input)
        await pilot.press(*"A small striped square")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (status,) = [s for s in my_statuses(alice) if "Look at this" in s.content]
    assert len(status.media_attachments) == 1
    assert status.media_attachments[0].description == "A small striped square"


async def test_poll_by_keys(server: MockServer, alice: MastodonClient) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Tea or coffee?")
        await pilot.press("ctrl+g", *"Tea", "tab", *"Coffee", "tab", *"Both")
        for _ in range(screen._max_poll_options() - 2):
            await pilot.press("tab")
        assert app.focused is screen.query_one("#poll-duration", Input)
        await pilot.press("end", "backspace", "backspace", *"6h", "tab", "space")  # multiple
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen), status_text(screen)
    (status,) = [s for s in my_statuses(alice) if "Tea or coffee" in s.content]
    assert status.poll is not None
    assert [o.title for o in status.poll.options] == ["Tea", "Coffee", "Both"]
    assert status.poll.multiple is True
    assert status.poll.expires_at is not None
    hours = (status.poll.expires_at - datetime.now(UTC)).total_seconds() / 3600
    assert 5.5 < hours <= 6.01


async def test_a_poll_needs_two_choices(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Question", "ctrl+g", *"Only one")
        await send(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "two choices" in status_text(screen)


async def test_escape_asks_before_discarding(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_composer(app, pilot)
        await pilot.press(*"half a thought", "escape")
        await pilot.pause()
        await pilot.press("n")  # back to writing
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press("escape", "k")  # keep it for later
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
        assert [d.text for d in DraftStore().list()] == ["half a thought"]
        await pilot.press("C")  # the drafts list
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#text", TextArea).text == "half a thought"
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
        assert DraftStore().list() == []
        await pilot.press("c", "escape")  # empty: closes without asking
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)


async def test_drafts_are_saved_while_typing(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        assert screen._save_timer is None  # idle: no timer
        await pilot.press(*"saved as I type")
        assert screen._save_timer is not None
        assert await wait_until(pilot, lambda: screen._save_timer is None)  # saved once quiet
        assert [d.text for d in DraftStore().list()] == ["saved as I type"]


async def test_external_editor_gets_no_tokens_and_its_text_comes_back(
    server: MockServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake-editor"
    dump = tmp_path / "env.txt"
    script.write_text(
        "#!/bin/sh\n"
        f'env > "{dump}"\n'
        'printf "%s\\n" "$(cat "$1") and more from the editor" > "$1"\n',
        encoding="utf-8",
    )
    script.chmod(0o700)
    monkeypatch.setenv("VISUAL", str(script))
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "secret-token")
    assert "MASTODON_ACCESS_TOKEN" not in editor_environment()
    assert edit_externally("x", str(script)) == "x and more from the editor"  # one "\n" off
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"draft", "ctrl+e")
        await pilot.pause()
        assert screen.query_one("#text", TextArea).text == "draft and more from the editor"
    assert "secret-token" not in dump.read_text(encoding="utf-8")
    assert "alice_token" not in dump.read_text(encoding="utf-8")


async def test_autocomplete_handles_and_tags(server: MockServer, alice: MastodonClient) -> None:
    alice.post("I love #coffeebreaks")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"hi @bo")
        await suggested(app, pilot, screen, "@bo")
        suggestions = screen.query_one("#suggestions", OptionList)
        assert suggestions.has_class("-on")
        assert "@bob" in [
            str(suggestions.get_option_at_index(i).prompt) for i in range(suggestions.option_count)
        ]
        while str(suggestions.get_option_at_index(suggestions.highlighted or 0).prompt) != "@bob":
            suggestions.action_cursor_down()
        await pilot.press("tab")
        area = screen.query_one("#text", TextArea)
        assert area.text == "hi @bob "
        assert not suggestions.has_class("-on")
        await pilot.press(*"#coffee")
        await suggested(app, pilot, screen, "#coffee")
        assert suggestions.has_class("-on")
        await pilot.press("tab")
        assert area.text == "hi @bob #coffeebreaks "
        await pilot.press(*"#zzzz")
        await suggested(app, pilot, screen, "#zzzz")
        assert not suggestions.has_class("-on")  # nothing known: nothing shown
        await pilot.press("tab")  # and tab moves on as usual
        assert app.focused is screen.query_one("#visibility", Select)


async def test_quitting_mid_sentence_keeps_the_last_keys(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a save that waits an hour: however slowly the keys go in, it has not run at quit
    monkeypatch.setattr(composer_module, "SAVE_DELAY", 3600.0)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"typed then quit")
        assert screen._save_timer is not None  # the debounced save has not run yet
        app.exit()
        await pilot.pause()
    assert [d.text for d in DraftStore().list()] == ["typed then quit"]


async def test_draft_text_is_never_read_as_markup(server: MockServer) -> None:
    from tootui.drafts import Draft

    hostile = "[b]bold?[/b] [link=https://evil.example]click[/link] [/]"
    DraftStore().save(Draft(acct=ALICE, text=hostile))
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)  # the start-up notice quotes the draft
        await pilot.press("C")
        await pilot.pause()
        options = app.screen.query_one("#drafts", OptionList)
        assert hostile in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#text", TextArea).text == hostile


async def test_arrow_keys_move_through_suggestions_and_else_the_cursor(
    server: MockServer, alice: MastodonClient
) -> None:
    alice.post("#coffee #coffeebreaks #cofounders")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        area = screen.query_one("#text", TextArea)
        await pilot.press(*"first line", "enter", *"hi #cof")
        await suggested(app, pilot, screen, "#cof")
        suggestions = screen.query_one("#suggestions", OptionList)
        assert suggestions.has_class("-on") and suggestions.option_count >= 2
        names = [
            str(suggestions.get_option_at_index(i).prompt) for i in range(suggestions.option_count)
        ]
        await pilot.press("down")
        assert suggestions.highlighted == 1
        assert area.cursor_location == (1, 7)  # the text cursor stayed put
        await pilot.press("up", "up")  # past the first: round to the last
        assert suggestions.highlighted == len(names) - 1
        await pilot.press("down", "down", "tab")
        assert area.text == f"first line\nhi {names[1]} "
        assert not suggestions.has_class("-on")
        await pilot.press("up")  # no suggestions: the cursor moves up a line
        assert area.cursor_location[0] == 0
