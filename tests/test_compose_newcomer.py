"""The composer as a newcomer meets it (issue 13): a reply starts after its mentions, no
unknown language is ever sent, the text area uses the screen, the external editor keeps
its lines, and an edit offers only what can be edited. By keys against the mock server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Input, Static, TextArea

from tests.apphelpers import said, wait_until
from tests.test_compose import (
    ALICE,
    make_app,
    my_statuses,
    open_composer,
    send,
    settle,
    status_text,
)
from tootui.api import MastodonClient
from tootui.drafts import Draft, DraftStore
from tootui.editor import edit_externally
from tootui.languages import first_language, post_language
from tootui.screens.compose import ComposeScreen
from tootui.screens.profile import ProfileScreen
from tootui.screens.prompt import ConfirmPrompt


def text_area(screen: ComposeScreen) -> TextArea:
    return screen.query_one("#text", TextArea)


async def composer_after(app: Any, pilot: Any, *keys: str) -> ComposeScreen:
    """Press ``keys``; the composer they opened."""
    await pilot.press(*keys)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ComposeScreen)
    return screen


async def type_at_the_end(pilot: Any, screen: ComposeScreen, typed: str) -> str:
    """Type ``typed`` where the cursor waits, which is after the text; the text then."""
    area = text_area(screen)
    assert area.cursor_location == area.document.end
    await pilot.press(*typed)
    return area.text


async def press_reply_on(app: Any, pilot: Any, downs: int) -> ComposeScreen:
    """Move the selection ``downs`` posts down the home timeline and press ``r``."""
    await settle(app, pilot)
    await pilot.press(*("j" for _ in range(downs)))
    return await composer_after(app, pilot, "r")


# --- 3.4: a reply starts after the mentions -------------------------------------------


async def test_a_reply_typed_by_keys_starts_after_the_mention(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    posts = [bob.post(f"bob says {n}") for n in range(5)]
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_reply_on(app, pilot, downs=2)  # from the middle, not the top
        assert screen.draft.in_reply_to_id == posts[2].id
        assert await type_at_the_end(pilot, screen, "hello") == "@bob hello"
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert "Posted." in said(app)
    (reply,) = [s for s in my_statuses(alice) if "hello" in s.content]
    assert reply.in_reply_to_id == posts[2].id
    assert alice.status_source(reply.id)[0] == "@bob hello"
    assert [m.acct for m in reply.mentions] == ["bob"]


async def open_edit(app: Any, pilot: Any) -> ComposeScreen:
    """``e`` on the selected post; its composer once the source text has come from the
    server (after the composer opens)."""
    screen = await composer_after(app, pilot, "e")
    assert await wait_until(pilot, lambda: "ctrl+s saves" in status_text(screen))
    return screen


async def test_an_edit_and_a_redraft_put_the_cursor_after_their_text(
    server: MockServer, alice: MastodonClient
) -> None:
    mine = alice.post("first version")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await open_edit(app, pilot)
        assert await type_at_the_end(pilot, screen, " (edited)") == "first version (edited)"
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert alice.status_source(mine.id)[0] == "first version (edited)"
        await pilot.press("D", "y")  # delete and redraft
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert text_area(screen).text == "first version (edited)"
        assert await type_at_the_end(pilot, screen, ", again") == "first version (edited), again"
        await send(app, pilot)
    (again,) = my_statuses(alice)
    assert alice.status_source(again.id)[0] == "first version (edited), again"


async def test_a_restored_draft_goes_on_where_it_stopped(
    server: MockServer, alice: MastodonClient
) -> None:
    DraftStore().save(Draft(acct=ALICE, text="line one\nhalf a thought"))
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await composer_after(app, pilot, "C", "enter")
        await pilot.press(*", finished")
        assert text_area(screen).text == "line one\nhalf a thought, finished"
        await send(app, pilot)
    (status,) = my_statuses(alice)
    assert alice.status_source(status.id)[0] == "line one\nhalf a thought, finished"


async def test_mention_from_a_profile_starts_after_the_handle(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("follow me")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")  # the author's profile
        await settle(app, pilot)
        assert isinstance(app.screen, ProfileScreen)
        screen = await composer_after(app, pilot, "W")
        await pilot.press(*"hi there")
        assert text_area(screen).text == "@bob hi there"
        await send(app, pilot)
        assert isinstance(app.screen, ProfileScreen)
    (status,) = my_statuses(alice)
    assert [m.acct for m in status.mentions] == ["bob"]
    assert alice.status_source(status.id)[0] == "@bob hi there"


# --- 3.6: no made-up language is ever sent ----------------------------------------------


def test_what_counts_as_a_language() -> None:
    assert post_language("en") == "en"
    assert post_language(" EN ") == "en"
    assert post_language("pt_BR") == "pt"  # a region Mastodon does not keep
    assert post_language("zh-tw") == "zh-TW"  # one it keeps
    assert post_language("kab") == "kab"  # ISO 639-3, accepted by Mastodon
    assert post_language("en-") == "en"  # as Mastodon reads it
    for nonsense in ("unk", "und", "zxx", "", None, "xx", "arabic", "e"):
        assert post_language(nonsense) is None, nonsense
    assert first_language("unk", None, "de", "fr") == "de"
    assert first_language("unk", "und") == ""


def default_language(client: MastodonClient, code: str) -> None:
    """Set the account's posting language on the server (Settings > Preferences)."""
    client._api.account_update_credentials(default_language=code)


async def test_a_reply_to_a_post_in_language_unk_proposes_and_sends_the_default(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    default_language(alice, "de")
    odd = bob.post("which language is this?", language="unk")
    assert bob.status(odd.id).language == "unk"  # as a non-Mastodon server marks it
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_reply_on(app, pilot, downs=0)
        assert screen.draft.in_reply_to_id == odd.id
        assert screen.query_one("#language", Input).value == "de"
        await pilot.press(*"hallo")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (reply,) = my_statuses(alice)
    assert reply.in_reply_to_id == odd.id
    assert reply.language == "de"


async def test_a_reply_keeps_a_real_language_of_the_post(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    default_language(alice, "de")
    bob.post("مرحبا", language="ar")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await press_reply_on(app, pilot, downs=0)
        assert screen.query_one("#language", Input).value == "ar"
        await pilot.press(*"أهلا")
        await send(app, pilot)
    assert my_statuses(alice)[0].language == "ar"


async def test_a_typed_language_that_is_no_language_is_refused_and_kept(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Guten Tag")
        await pilot.press("tab", "tab")  # text -> visibility -> language
        language = screen.query_one("#language", Input)
        assert app.focused is language
        await pilot.press("ctrl+u", *"xyz")
        await send(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        said_here = status_text(screen)
        assert "“xyz” is not a language code" in said_here and "nothing is lost" in said_here
        assert app.focused is language
        assert text_area(screen).text == "Guten Tag"
        assert my_statuses(alice) == []
        await pilot.press("ctrl+u", *"DE")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    (status,) = my_statuses(alice)
    assert status.language == "de"


async def test_a_restored_draft_and_a_redraft_never_carry_unk(
    server: MockServer, alice: MastodonClient
) -> None:
    default_language(alice, "de")
    DraftStore().save(Draft(acct=ALICE, text="saved long ago", language="unk"))
    mine = alice.post("redraft me", language="unk")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await composer_after(app, pilot, "C", "enter")
        assert screen.query_one("#language", Input).value == "de"
        assert "“unk” is not a language code" in status_text(screen)
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
        await pilot.press("j", "D", "y")  # the older post: delete and redraft
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert text_area(screen).text == "redraft me"
        assert screen.query_one("#language", Input).value == "de"
        await send(app, pilot)
    statuses = {s.content: s for s in my_statuses(alice)}
    assert mine.id not in [s.id for s in statuses.values()]
    assert [s.language for s in statuses.values()] == ["de", "de"]


# --- 3.10: the text area takes the room -------------------------------------------------


def on_screen(app: Any, widget: Any) -> bool:
    region = widget.region
    width, height = app.size
    return region.height > 0 and region.y >= 0 and region.bottom <= height - 1  # key bar


async def test_at_80x24_the_text_area_fills_the_composer(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("a post to answer")
    app = make_app(server)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await press_reply_on(app, pilot, downs=0)
        await pilot.pause()
        area = text_area(screen)
        assert area.region.height >= 12  # was 4 (two lines of text) above an empty panel
        for name in ("#visibility", "#language", "#sensitive", "#counter"):
            assert on_screen(app, screen.query_one(name)), name
        await pilot.press(*"a reply", "ctrl+g")  # a poll takes room, the essentials stay
        await pilot.pause()
        assert area.region.height >= 5
        for name in ("#counter", "#poll-0"):
            assert on_screen(app, screen.query_one(name)), name
        await pilot.press("ctrl+s")  # a poll with no choices: the sentence is on screen
        await pilot.pause()
        assert "two choices" in status_text(screen)
        assert on_screen(app, screen.query_one("#compose-status"))


# --- 3.12: the external editor keeps the newline -----------------------------------------


def fake_editor(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(0o700)
    return script


async def test_a_line_the_editor_adds_stays_on_its_own_line(
    server: MockServer, alice: MastodonClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    appends = fake_editor(tmp_path, "printf 'added by the editor\\n' >> \"$1\"\n")
    monkeypatch.setenv("VISUAL", str(appends))
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"typed here", "ctrl+e")
        await pilot.pause()
        area = text_area(screen)
        assert area.text == "typed here\nadded by the editor"
        assert area.cursor_location == area.document.end
        await send(app, pilot)
    (status,) = my_statuses(alice)
    assert alice.status_source(status.id)[0] == "typed here\nadded by the editor"


def test_an_unchanged_round_trip_through_the_editor_gives_the_same_text(
    tmp_path: Path,
) -> None:
    unchanged = fake_editor(tmp_path, "exit 0\n")
    for text in ("one line", "two\nlines", "ends with a newline\n", ""):
        assert edit_externally(text, str(unchanged)) == text


# --- 3.12: an edit closes without asking, and offers only what it can change -------------


async def test_an_unchanged_edit_closes_without_asking(
    server: MockServer, alice: MastodonClient
) -> None:
    mine = alice.post("leave me be #coffee", visibility="unlisted", language="en")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = await open_edit(app, pilot)
        # visibility and language cannot be changed by an edit: not offered, but named
        assert not screen.query_one("#visibility").display
        assert not screen.query_one("#language").display
        context = str(screen.query_one("#compose-context", Static).render())
        assert "Unlisted" in context and "stay as they are" in context
        await pilot.press("ctrl+r")
        assert "cannot change who sees" in status_text(screen)
        await pilot.pause(0.5)  # the pause before suggesting: a loaded #tag was not typed
        await settle(app, pilot)
        assert not screen.query_one("#suggestions").has_class("-on")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmPrompt | ComposeScreen)
        assert DraftStore().list() == []
        # a changed edit does ask, and what is shown (sensitive) is what is sent
        screen = await open_edit(app, pilot)
        await pilot.press(*", changed", "ctrl+t", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("n")  # back to the edit
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    edited = alice.status(mine.id)
    assert alice.status_source(mine.id)[0] == "leave me be #coffee, changed"
    assert edited.sensitive is True
    assert (edited.visibility, edited.language) == ("unlisted", "en")


async def test_a_reply_closed_before_typing_asks_nothing_and_keeps_nothing(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("say something")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_reply_on(app, pilot, downs=0)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmPrompt | ComposeScreen)
        assert DraftStore().list() == []
        await press_reply_on(app, pilot, downs=0)
        await pilot.press(*"words", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)  # typed words are worth a question
        await pilot.press("k")
        await pilot.pause()
    assert [d.text for d in DraftStore().list()] == ["@bob words"]
