"""The top bar at 80x24 and with many tabs: the active tab and unread counts stay in sight."""

from __future__ import annotations

import pytest
from mastodon_mock.testing.server import MockServer
from rich.cells import cell_len

from tests.apphelpers import main_screen, settle, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.screens.main import Tab, TopBar
from tootui.startup import session_for


def bar_text(app: TootUI) -> str:
    return str(main_screen(app).query_one(TopBar).render())


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (60, 20)])
async def test_many_tabs_at_small_sizes(
    server: MockServer, bob: MastodonClient, size: tuple[int, int]
) -> None:
    for n in range(3):
        bob.post(f"@alice mention {n} #tea #coffee")
    app = TootUI(
        [session_for("alice@averyveryverylonghost.example", server.base_url, "alice_token")]
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main = main_screen(app)
        main.session.unread_notifications = 3  # what the read position would say
        for tag in ("tea", "coffee", "a_rather_long_hashtag_name"):
            await pilot.press("number_sign", *tag, "enter")
            await settle(pilot)
        await pilot.press("g", "F")
        await settle(pilot)
        await pilot.press("g", "b")
        await settle(pilot)
        text = bar_text(app)
        assert cell_len(text) <= size[0]
        assert "Bookmarks" in text  # the active tab, by name
        assert "4 (3)" in text or "Notifications (3)" in text  # unread notifications
        await pilot.press("3")
        await wait_until(pilot, lambda: "Federated" in bar_text(app))
        assert cell_len(bar_text(app)) <= size[0]
        assert "Federated" in bar_text(app)
        await pilot.press("g", "t", *"ﺵ", "enter")  # a tab named in Arabic
        await settle(pilot)
        assert cell_len(bar_text(app)) <= size[0]


def test_the_bar_shrinks_in_order() -> None:
    bar = TopBar()
    tabs = [
        Tab("home", "Home", 1, active=True),
        Tab("local", "Local", 2),
        Tab("federated", "Federated", 3),
        Tab("notifications", "Notifications", 4, unread=12),
        Tab("tag-x", "#a_very_long_tag_name_indeed", None),
        Tab("favourites", "Favourites", None, unread=0),
    ]
    bar.show("alice@example.social", tabs)
    wide = str(bar.fit(200))
    assert wide.startswith(" tootui ") and "Notifications (12)" in wide
    narrow = str(bar.fit(80))
    assert cell_len(narrow) <= 80 and "tootui" not in narrow
    assert "1 Home" in narrow and "4 (12)" in narrow  # active by name, others by number
    tiny = str(bar.fit(30))
    assert cell_len(tiny) <= 30 and "│ 1 Ho" in tiny and "(12)" in tiny  # active, cut
