"""Every place to go is in the go menu and the command palette, and opens from there."""

from __future__ import annotations

import pytest
from mastodon_mock.testing.server import MockServer
from textual.command import CommandPalette
from textual.widgets import OptionList

from tests.apphelpers import main_screen, settle, wait_until
from tootui.app import TootUI
from tootui.i18n import _
from tootui.screens.destinations import DESTINATIONS, opener
from tootui.screens.go_prefix import GoPrefix
from tootui.startup import session_for

SIZE = (100, 30)


def make_app(server: MockServer) -> TootUI:
    return TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])


@pytest.mark.parametrize("place", DESTINATIONS, ids=lambda d: d.name)
def test_every_place_names_a_function_that_exists(place: object) -> None:
    assert callable(opener(place.name))  # type: ignore[attr-defined]


def test_every_place_with_a_key_is_in_the_go_menu() -> None:
    bound = {(b.key, b.id) for b in GoPrefix.BINDINGS}  # type: ignore[union-attr]
    for place in DESTINATIONS:
        if place.key is not None:
            assert (place.key, f"go.{place.name}") in bound
    keys = [b.key for b in GoPrefix.BINDINGS]  # type: ignore[union-attr]
    assert len(keys) == len(set(keys)), "two places share a key after g"


@pytest.mark.parametrize("place", DESTINATIONS, ids=lambda d: d.name)
async def test_the_command_palette_finds_and_opens_each_place(
    server: MockServer, place: object
) -> None:
    label = _(place.label).rstrip("…")  # type: ignore[attr-defined]
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("ctrl+p")
        assert await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        for char in label:
            await pilot.press(char if char != " " else "space")

        def first_hit() -> str:
            options = palette.query_one(OptionList)
            if options.option_count == 0:
                return ""
            return str(options.get_option_at_index(0).prompt)

        assert await wait_until(pilot, lambda: label in first_hit()), first_hit()
        await pilot.press("enter")

        def opened() -> bool:
            screen = app.screen
            return (screen is not main and not isinstance(screen, CommandPalette)) or (
                main.active != "home"
            )

        assert await wait_until(pilot, opened), f"{place.name} did not open"  # type: ignore[attr-defined]
        await settle(pilot)


async def test_lists_of_things_that_are_not_posts_do_not_offer_show_hide_cw(
    server: MockServer,
) -> None:
    """``s`` (show/hide a content warning) is for posts: lists, followed hashtags and
    followers have none, so their key bar does not offer it."""
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)

        def offers_reveal() -> bool:
            return any(
                active.binding.action == "toggle_reveal"
                for active in app.screen.active_bindings.values()
            )

        assert offers_reveal()  # home: posts
        for key in ("L", "T"):
            await pilot.press("g", key)
            assert await wait_until(pilot, lambda: app.screen is not main)
            await settle(pilot)
            assert not offers_reveal(), key
            await pilot.press("escape")
            assert await wait_until(pilot, lambda: app.screen is main)
