"""The composer's :emoji: completion from the server's custom emojis, its questions
asked with the shared ``ConfirmPrompt``, and its wait for an upload the server is still
processing; by keys against the mock server."""

from __future__ import annotations

from pathlib import Path

from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList, Static, TextArea

from tests.apphelpers import wait_until
from tests.test_compose import (
    make_app,
    my_statuses,
    open_composer,
    send,
    status_text,
    suggested,
)
from tests.test_publish import processing
from tootui.api import MastodonClient
from tootui.compose_rules import matching_emojis
from tootui.drafts import DraftStore
from tootui.screens.compose import ComposeScreen, DraftsScreen
from tootui.screens.prompt import ConfirmPrompt


def test_matching_emojis_prefers_the_start() -> None:
    codes = ["blobcat", "catjam", "mastodon", "BlobFox", "a", "b", "c"]
    assert matching_emojis(codes, "blob") == ["blobcat", "BlobFox"]
    assert matching_emojis(codes, "cat") == ["catjam", "blobcat"]
    assert matching_emojis(codes, "zz") == []
    assert len(matching_emojis([f"e{i}" for i in range(20)], "e")) == 6


async def test_emoji_shortcodes_complete_from_the_server(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        suggestions = screen.query_one("#suggestions", OptionList)
        area = screen.query_one("#text", TextArea)
        await pilot.press(*"hello :blo")
        await suggested(app, pilot, screen, ":blo")
        assert suggestions.has_class("-on")
        shown = [
            str(suggestions.get_option_at_index(i).prompt) for i in range(suggestions.option_count)
        ]
        assert shown == [":blobcat:"]
        await pilot.press("tab")
        assert area.text == "hello :blobcat: "
        assert not suggestions.has_class("-on")
        # 12:30 and a URL are not shortcodes: nothing is suggested
        await pilot.press(*"at 12:30 see https://ex.ample/x:ma")
        await suggested(app, pilot, screen, "")
        assert not suggestions.has_class("-on")
        await pilot.press(*" :mast")
        await suggested(app, pilot, screen, ":mast")
        assert suggestions.has_class("-on")
        await pilot.press("tab")
        assert area.text.endswith(" :mastodon: ")
        await send(app, pilot)
        assert not isinstance(app.screen, ComposeScreen)
    posted = my_statuses(alice)[0]
    assert ":blobcat:" in posted.content and ":mastodon:" in posted.content


async def test_unknown_emoji_and_a_server_without_them_suggest_nothing(
    server: MockServer,
) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        suggestions = screen.query_one("#suggestions", OptionList)
        with server.fault(path="/api/v1/custom_emojis", status=404):
            await pilot.press(*":zzz")
            await suggested(app, pilot, screen, ":zzz")
            assert not suggestions.has_class("-on")
            await pilot.press(*" :blo")
            await suggested(app, pilot, screen, ":blo")
            assert not suggestions.has_class("-on")  # typing in full still works
        assert str(screen.query_one("#compose-status", Static).render()) == ""


async def test_closing_asks_with_the_shared_confirm_prompt(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_composer(app, pilot)
        await pilot.press(*"a thought", "escape")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, ConfirmPrompt)
        hint = " ".join(str(s.render()) for s in prompt.query(Static))
        assert "Discard this draft?" in hint and "k: keep as a draft" in hint
        await pilot.press("k")
        await pilot.pause()
        assert [d.text for d in DraftStore().list()] == ["a thought"]
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("k")  # not offered here: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        assert DraftStore().list() == []


async def test_right_to_left_text_gets_a_preview_as_it_will_read(
    server: MockServer, alice: MastodonClient
) -> None:
    from bidi import get_display

    app = make_app(server)
    app.bidi = True  # as on a terminal that does not reorder by itself
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_composer(app, pilot)
        preview = screen.query_one("#compose-preview", Static)
        await pilot.press(*"plain")
        await pilot.pause()
        assert not preview.has_class("-on")  # left-to-right text needs no preview
        area = screen.query_one("#text", TextArea)
        area.load_text("")
        hebrew = "שלום עולם 123"
        await pilot.press(*hebrew)
        await pilot.pause()
        assert preview.has_class("-on")
        # the editor keeps what was typed; the preview shows the library's visual order
        assert area.text == hebrew
        assert get_display(hebrew) in str(preview.render())
        await send(app, pilot)
    assert my_statuses(alice)[0].content.find("שלום עולם") >= 0


async def test_the_composer_waits_while_the_server_processes_an_upload(
    server: MockServer, alice: MastodonClient, tmp_path: Path
) -> None:
    from tootui.demo import tiny_png

    picture = tmp_path / "cat.png"
    picture.write_bytes(tiny_png(8, 8, (200, 100, 50), (0, 0, 0)))
    media_id, questions = processing(server, alice, picture, polls=None)
    app = make_app(server)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"Slow cat", "ctrl+o", *str(picture), "enter", *"A cat")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: "is processing cat.png" in status_text(screen))
        # uploaded once: kept in the draft on disk, so a retry would not upload it again
        (saved,) = DraftStore().list()
        assert [m.media_id for m in saved.media] == [media_id]
        assert "uploaded" in str(screen.query_one("#media-state-0", Static).render())
        await pilot.press("escape")  # the post is on its way: the composer stays
        assert isinstance(app.screen, ComposeScreen)
        assert "Still sending" in status_text(screen)
        questions.delete()  # the server has finished processing
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    (status,) = [s for s in my_statuses(alice) if "Slow cat" in s.content]
    assert [m.id for m in status.media_attachments] == [media_id]
    assert DraftStore().list() == []
