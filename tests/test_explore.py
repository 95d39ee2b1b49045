"""Explore (``g e``): trending hashtags, posts and links in three tabs, driven by keys.

mastodon-mock ranks hashtags and posts from its own data; it never has trending links,
so the links tab is served a real Mastodon ``/api/v1/trends/links`` answer at that path.
Every test asserts what reached the server and what the screen shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.command import CommandList

from tests.apphelpers import main_screen, said, settle, view_text, visible_text, wait_until
from tests.test_bidi import reference
from tests.test_translate import record_requests
from tootui.app import TootUI
from tootui.config import Config
from tootui.i18n import set_language
from tootui.screens.explore import ExploreScreen
from tootui.screens.prompt import ConfirmPrompt
from tootui.screens.thread import ThreadScreen
from tootui.startup import session_for

SIZE = (100, 30)
CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def make_app(server: MockServer, **config: Any) -> TootUI:
    return TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(streaming=False, **{"bidi": "on", **config}),
    )


async def open_explore(app: TootUI, pilot: Any) -> ExploreScreen:
    await settle(pilot)
    await pilot.press("g", "e")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ExploreScreen)
    return screen


def trend_requests(sent: list[tuple[str, str, str, int]]) -> list[tuple[str, int]]:
    return [(path, status) for method, path, _body, status in sent if "/trends/" in path]


# A real answer of Mastodon 4.3 (GET /api/v1/trends/links), one card in Arabic.
LINKS = [
    {
        "url": "https://news.example/2026/11/tea-harvest",
        "title": "The tea harvest of the year [b]not bold[/b]",
        "description": "Growers report the best harvest in a decade, and prices are falling.",
        "language": "en",
        "type": "link",
        "author_name": "",
        "author_url": "",
        "provider_name": "Example News",
        "provider_url": "",
        "html": "",
        "width": 400,
        "height": 200,
        "image": None,
        "image_description": "",
        "embed_url": "",
        "blurhash": None,
        "published_at": "2026-11-19T08:00:00.000Z",
        "authors": [],
        "history": [
            {"day": "1763596800", "accounts": "31", "uses": "40"},
            {"day": "1763510400", "accounts": "12", "uses": "14"},
        ],
    },
    {
        "url": "https://akhbar.example/شاي",
        "title": "موسم الشاي في الجبال",
        "description": "مزارعو الشاي يتحدثون عن موسم استثنائي",
        "language": "ar",
        "type": "link",
        "provider_name": "أخبار",
        "history": [{"day": "1763596800", "accounts": "3", "uses": "5"}],
    },
]


async def test_tags_tab_lists_what_is_used_and_enter_opens_the_tag(server: MockServer) -> None:
    bob = server.client("bob")
    bob.status_post("first cup #tea")
    bob.status_post("second cup #tea")
    bob.status_post("بعد الظهر #شاي")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sent = record_requests(app)
        screen = await open_explore(app, pilot)
        assert trend_requests(sent) == [("/api/v1/trends/tags", 200)]
        text = view_text(screen.current_view)
        assert "# tea" in text
        assert "2 posts by 1 person in the last 7 days" in text
        assert f"# {reference('شاي', 'rtl')}" in text
        assert "Hashtags: 2 loaded" in said(app)

        await pilot.press("down", "enter")  # the second: شاي
        await settle(pilot)
        main = main_screen(app)
        assert app.screen is main and main.active == "tag-شاي"
        assert reference("بعد الظهر", "rtl") in view_text(main.current_view)


async def test_posts_tab_is_a_list_of_posts_every_post_key_works(server: MockServer) -> None:
    bob = server.client("bob")
    carol = server.client("carol")
    hot = bob.status_post("a post everyone likes")
    bob.status_post("a quiet post")
    carol.status_favourite(hot["id"])
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        sent: list[tuple[str, str, str, int]] = []
        await settle(pilot)
        sent = record_requests(app)
        screen = await open_explore(app, pilot)
        await pilot.press("2")
        await settle(pilot)
        assert screen.active == "trend-posts"
        assert ("/api/v1/trends/statuses", 200) in trend_requests(sent)
        view = screen.current_view
        assert view.entries[0].key == str(hot["id"])
        assert "a post everyone likes" in visible_text(view)

        await pilot.press("f")  # a post key: favourite, on the server
        await settle(pilot)
        assert server.client("alice").status(hot["id"])["favourited"] is True
        assert "Favourited." in said(app)
        await pilot.press("enter")  # its thread
        await settle(pilot)
        assert isinstance(app.screen, ThreadScreen)
        await pilot.press("escape")
        assert app.screen is screen and screen.active == "trend-posts"


async def test_links_tab_shows_cards_safely_and_opens_after_asking(
    server: MockServer, opened: list[str]
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sent = record_requests(app)
        screen = await open_explore(app, pilot)
        with server.fault(path="/api/v1/trends/links", status=200, body=LINKS):
            await pilot.press("3")
            await settle(pilot)
        assert ("/api/v1/trends/links", 200) in trend_requests(sent)
        text = view_text(screen.current_view)
        assert "🔗 The tea harvest of the year" in text
        assert "Example News · news.example/2026/11/tea-harvest" in text
        assert "54 posts by 43 people in the last 2 days" in text
        assert "year [b]not bold[/b]" in text  # remote text is shown as written, never markup
        assert not CONTROLS.search(text)

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await settle(pilot)
        assert opened == ["https://news.example/2026/11/tea-harvest"]


async def test_a_server_without_trends_says_so_in_each_tab(server: MockServer) -> None:
    server.fault(path_regex=r"^/api/v1/trends", status=404)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sent = record_requests(app)
        screen = await open_explore(app, pilot)
        host = screen.session.client.host
        expected = {
            "1": f"{host} does not share trending hashtags.",
            "2": f"{host} does not share trending posts.",
            "3": f"{host} does not share trending links.",
        }
        for key, sentence in expected.items():
            await pilot.press(key)
            await settle(pilot)
            assert said(app) == sentence
            assert sentence in visible_text(screen.current_view)
        assert sorted(trend_requests(sent)) == [
            ("/api/v1/trends/links", 404),
            ("/api/v1/trends/statuses", 404),
            ("/api/v1/trends/tags", 404),
        ]
        await pilot.press("1", "enter", "o")  # nothing to open: nothing happens
        await settle(pilot)
        assert app.screen is screen and app.is_running


async def test_explore_in_arabic_at_80x24(server: MockServer) -> None:
    bob = server.client("bob")
    bob.status_post("بعد الظهر #شاي_بالنعناع")
    app = make_app(server, language="ar", bidi="on")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explore(app, pilot)
        tabs = str(screen.query_one("#explore-tabs").render())
        assert reference("الوسوم", "rtl") in tabs or "الوسوم" in tabs
        text = visible_text(screen.current_view)
        lines = [line.removeprefix("▌").rstrip() for line in text.split("\n")]
        name = next(line for line in lines if reference("شاي_بالنعناع", "rtl") in line)
        assert name.startswith("  ")  # right to left: the name's line ends at the right
        assert max(len(line) for line in lines) <= 80
        assert not CONTROLS.search(text)
        with server.fault(path="/api/v1/trends/links", status=200, body=LINKS):
            await pilot.press("3")
            await settle(pilot)
        text = visible_text(screen.current_view)
        assert reference("موسم الشاي في الجبال", "rtl") in text
        assert not CONTROLS.search(text)


def test_trends_read_from_real_and_odd_answers() -> None:
    """History counts come as strings (Mastodon) and sometimes not at all, or broken."""
    from tootui.api import TrendingLink, TrendingTag

    link = TrendingLink.from_api(LINKS[0])
    assert (link.uses, link.accounts, link.days) == (54, 43, 2)
    assert link.provider_name == "Example News"
    odd = TrendingTag.from_api(
        {"name": "شاي", "history": [{"uses": "x", "accounts": None}, "day", {"uses": "-4"}]}
    )
    assert (odd.name, odd.uses, odd.accounts, odd.days) == ("شاي", 0, 0, 2)
    assert TrendingTag.from_api(None) == TrendingTag("", "")


async def test_the_command_palette_finds_explore(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sent = record_requests(app)
        await pilot.press("ctrl+p", *"Explore")
        # the palette gathers its matches in a worker of its own, after a short delay
        assert await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExploreScreen)
        assert trend_requests(sent) == [("/api/v1/trends/tags", 200)]
        await pilot.press("escape")
        assert app.screen is main_screen(app)


async def test_a_server_without_trends_says_so_in_arabic(server: MockServer) -> None:
    """The tab's sentence stands where its posts would: laid out right to left (it was
    drawn in logical order, each Arabic word backwards, before the timeline reordered it)."""
    server.fault(path_regex=r"^/api/v1/trends", status=404)
    app = make_app(server, language="ar")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_explore(app, pilot)
        text = visible_text(screen.current_view)
        assert reference("الوسوم الرائجة", "rtl") in text
        assert "الوسوم الرائجة" not in text
        assert not CONTROLS.search(text)
