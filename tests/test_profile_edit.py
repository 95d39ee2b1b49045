"""Editing your own profile, by keys against the mock server: what reached the server and
what the profile shows afterwards."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import requests
from mastodon_mock.testing.server import MockServer
from textual.widgets import Checkbox, Input, Static, TextArea

from tests.apphelpers import said, settle, wait_until
from tests.conftest import refuse_once
from tests.test_bidi_everywhere import rtl
from tests.test_timelines import SIZE, make_app
from tootui.api import MastodonClient
from tootui.api.client.profile import IMAGE_LIMIT
from tootui.screens.main import MainScreen
from tootui.screens.profile import ProfileScreen
from tootui.screens.profile_edit import ProfileEditScreen
from tootui.screens.prompt import ConfirmPrompt

ARABIC_NAME = "أليس المحررة"
ARABIC_BIO = "أكتب عن الطيور والخرائط.\nسطر آخر."


def tiny_png() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def profile_text(app: Any) -> str:
    return str(app.screen.query_one("#profile-text", Static).content)


async def type_into(pilot: Any, selector: str, text: str, *, clear: bool = True) -> None:
    """Focus ``selector`` by clicking nothing: focus it, clear it with keys, then type."""
    widget = pilot.app.screen.query_one(selector)
    widget.focus()
    await pilot.pause()
    if clear:
        if isinstance(widget, TextArea):
            await pilot.press("ctrl+a", "delete")
        else:
            await pilot.press("end", "ctrl+u")
    for char in text:
        await pilot.press("enter" if char == "\n" else char)


async def open_editor(pilot: Any) -> ProfileEditScreen:
    """From the main screen: g p (your profile), then E (edit)."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("g", "p")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
    await settle(pilot)
    assert "This is you" in profile_text(app)
    return await press_edit(pilot)


async def press_edit(pilot: Any) -> ProfileEditScreen:
    """On your profile: E, then wait until the editor has the server's profile in it."""
    app = pilot.app
    await pilot.press("E")
    assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileEditScreen))
    screen = app.screen
    assert isinstance(screen, ProfileEditScreen)
    assert await wait_until(pilot, lambda: screen.account is not None)
    await settle(pilot)
    return screen


async def test_edit_name_bio_fields_flags_and_visibility_reach_the_server(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        assert (
            screen.query_one("#display-name", Input).value
            == alice.verify_credentials().display_name
        )
        await type_into(pilot, "#display-name", ARABIC_NAME)
        await type_into(pilot, "#note", ARABIC_BIO)
        await type_into(pilot, "#field-name-0", "موقع")
        await type_into(pilot, "#field-value-0", "https://example.org")
        await type_into(pilot, "#field-name-1", "Pronouns")
        await type_into(pilot, "#field-value-1", "she/her")
        screen.query_one("#locked", Checkbox).focus()
        await pilot.press("space")
        screen.query_one("#privacy").focus()
        await pilot.pause()
        # The radio set's cursor starts on the chosen one (public); two down is followers only.
        await pilot.press("down", "down", "space")
        await type_into(pilot, "#language", "ar")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
        me = alice.verify_credentials()
        assert me.display_name == ARABIC_NAME
        assert me.source is not None
        assert me.source.note == ARABIC_BIO
        assert [(f.name, f.value) for f in me.source.fields] == [
            ("موقع", "https://example.org"),
            ("Pronouns", "she/her"),
        ]
        assert me.locked is True
        assert me.source.privacy == "private"
        assert me.source.language == "ar"
        assert me.bot is False
        shown = profile_text(app)
        # laid out right to left (tootui reorders where the terminal does not)
        assert rtl(ARABIC_NAME) in shown
        assert "she/her" in shown and "Pronouns" in shown
        assert "approves followers" in shown
        assert rtl("الطيور") in shown and rtl("موقع") in shown
        assert "Profile saved." in said(app)
        # Opening the editor again shows what the server kept
        again = await press_edit(pilot)
        assert again.query_one("#note", TextArea).text == ARABIC_BIO
        assert again.query_one("#field-value-1", Input).value == "she/her"
        assert again.query_one("#locked", Checkbox).value is True
        assert again.changes().empty


async def test_avatar_from_a_file_reaches_the_server(
    server: MockServer, alice: MastodonClient, tmp_path: Path, monkeypatch: Any
) -> None:
    # mastodon-mock 0.6.1 checks the upload against FastAPI's UploadFile, but a form gives
    # Starlette's (its base class), so it would drop every avatar; check as it means to.
    from starlette.datastructures import UploadFile

    monkeypatch.setattr("mastodon_mock.routers.accounts.UploadFile", UploadFile)
    before = alice.verify_credentials().avatar
    picture = tmp_path / "me.png"
    picture.write_bytes(tiny_png())
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        await type_into(pilot, "#avatar", str(picture))
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
    after = alice.verify_credentials().avatar
    assert after != before and after.endswith(".png")
    with alice._session.get(after, timeout=10) as answer:
        assert answer.content == tiny_png()


async def test_missing_or_too_big_avatar_says_so_and_sends_nothing(
    server: MockServer, alice: MastodonClient, tmp_path: Path, monkeypatch: Any
) -> None:
    before = alice.verify_credentials().avatar
    big = tmp_path / "huge.png"
    with big.open("wb") as file:
        file.truncate(IMAGE_LIMIT + 1)  # sparse: nothing is written
    home = Path.home()
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await type_into(pilot, "#display-name", "Renamed")
        await type_into(pilot, "#avatar", "~/nothing-here.png")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileEditScreen)
        missing = str(tmp_path / "nothing-here.png")
        assert "There is no file at" in said(app) and missing in said(app)
        assert screen.query_one("#avatar", Input).has_focus
        await type_into(pilot, "#avatar", "~/huge.png")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "too big" in said(app)
        assert isinstance(app.screen, ProfileEditScreen)
        assert screen.query_one("#display-name", Input).value == "Renamed"
    assert home  # the real home was never read
    me = alice.verify_credentials()
    assert me.avatar == before
    assert me.display_name != "Renamed"


async def test_a_refusal_keeps_the_form_and_esc_asks_first(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await type_into(pilot, "#display-name", "X" * 40)
        await type_into(pilot, "#note", "a bio that must not be lost")
        refuse_once(
            server,
            422,
            "Validation failed: Display name is too long (maximum is 30 characters)",
            path="/api/v1/accounts/update_credentials",
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileEditScreen)
        problem = str(screen.query_one("#profile-problem", Static).content)
        assert "Display name is too long" in problem
        assert "Display name is too long" in said(app)
        assert screen.query_one("#display-name", Input).value == "X" * 40
        assert screen.query_one("#note", TextArea).text == "a bio that must not be lost"
        assert alice.verify_credentials().display_name != "X" * 40
        # Esc with unsaved changes asks; "n" stays with everything typed
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#note", TextArea).text == "a bio that must not be lost"
        # saving again now works, and the profile shows the server's answer
        await type_into(pilot, "#display-name", "Alice again")
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
        assert "Alice again" in profile_text(app)
        assert alice.verify_credentials().display_name == "Alice again"
        # Esc with nothing changed leaves at once; y leaves with changes dropped
        await press_edit(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await press_edit(pilot)
        await type_into(pilot, "#display-name", "dropped")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
    assert alice.verify_credentials().display_name == "Alice again"


async def test_the_palette_editor_opens_your_profile_after_saving_and_e_is_only_yours(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    from tootui.screens.destinations import open_destination

    bob_account = bob.verify_credentials()
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        open_destination(main, "edit_profile")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileEditScreen))
        editor = app.screen
        assert isinstance(editor, ProfileEditScreen)
        assert await wait_until(pilot, lambda: editor.account is not None)
        editor.query_one("#bot", Checkbox).focus()
        await pilot.press("space", "ctrl+s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
        assert "bot" in profile_text(app)
        assert alice.verify_credentials().bot is True
        await pilot.press("escape")
        await pilot.pause()
        from tootui.screens.navigation import show_profile

        show_profile(app, main.session, bob_account)
        assert await wait_until(
            pilot, lambda: isinstance(app.screen, ProfileScreen) and not app.screen.is_me
        )
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert not any(
            b.binding.id == "profile.edit" and b.enabled
            for b in app.screen.active_bindings.values()
        )


async def test_g_p_asks_who_you_are_when_start_up_has_not_yet(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        main.session.me = None  # as before start-up's verify_credentials has answered
        await pilot.press("g", "p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
        assert main.session.me is not None and main.session.me.id == alice.verify_credentials().id
        assert "This is you" in profile_text(app)
        await press_edit(pilot)


async def test_g_p_says_why_when_the_server_cannot_say_who_you_are(
    server: MockServer, alice: MastodonClient
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        main.session.me = None
        server.fault(status=503, path="/api/v1/accounts/verify_credentials", count=1)
        await pilot.press("g", "p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Could not check the sign-in" in said(app) and "error 503" in said(app)


def own_json(server: MockServer) -> dict[str, Any]:
    """alice's account as the server sends it to her (verify_credentials)."""
    asked = requests.get(
        f"{server.base_url}/api/v1/accounts/verify_credentials",
        headers={"Authorization": "Bearer alice_token"},
        timeout=10,
    )
    found: dict[str, Any] = asked.json()
    return found


async def test_a_server_without_source_gets_its_bio_back_as_text_not_html(
    server: MockServer,
) -> None:
    """Not every server sends ``source``: the form then shows the bio as it reads."""
    me = own_json(server)  # the server's own JSON, less its source
    me.pop("source")
    me["note"] = "<p>Birds &amp; maps</p><p>second</p>"
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g", "p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ProfileScreen))
        await settle(pilot)
        server.fault(status=200, body=me, path="/api/v1/accounts/verify_credentials", count=1)
        screen = await press_edit(pilot)
        note = screen.query_one("#note", TextArea).text
        assert "Birds & maps" in note and "second" in note and "<p>" not in note
        assert screen.changes().empty
