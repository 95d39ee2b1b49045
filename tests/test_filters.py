"""Filters (v2), by keys against the mock server at 80x24: the list (``g m``), the form,
muting a word from a post (``K``), and a server without v2 filters.

Each flow checks what reached the server (read back through the API) and what the screen
shows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.apphelpers import main_screen, said, settle, view_text, visible_text, wait_until
from tests.conftest import refuse_once
from tests.test_bidi import reference
from tootui.api import Filter, MastodonClient
from tootui.api.entities import Instance
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.filter_edit import FilterEditScreen, KeywordList, offers_blur
from tootui.screens.filters import FiltersScreen
from tootui.screens.main import MainScreen
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, TextPrompt
from tootui.startup import session_for

SIZE = (80, 24)
PERSIAN = "می\u200cخواهم"  # "I want", with a zero-width non-joiner inside
ARABIC_TITLE = "كلمات مكتومة"


def make_app(server: MockServer, user: str = "alice") -> TootUI:
    return TootUI(
        [session_for(f"{user}@mock.local", server.base_url, f"{user}_token")],
        config=Config(bidi="on", streaming=False),
    )


def rows_of(app: TootUI) -> list[str]:
    """The filter list's lines as drawn."""
    lines = visible_text(app.screen.query_one("#filters", OptionList)).split("\n")
    return [line.rstrip() for line in lines if line.strip()]


def shown(app: TootUI) -> str:
    """The filter list's words, its wrapped lines joined."""
    return " ".join(line.strip() for line in rows_of(app))


def only(filters: list[Filter], title: str) -> Filter:
    found = [f for f in filters if f.title == title]
    assert len(found) == 1, filters
    return found[0]


def keywords_of(found: Filter) -> set[tuple[str, bool]]:
    return {(k.keyword, k.whole_word) for k in found.keywords}


async def open_filters(pilot: Pilot[Any], app: TootUI) -> FiltersScreen:
    await settle(pilot)
    await pilot.press("g", "m")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, FiltersScreen)
    return screen


async def test_a_new_filter_is_made_from_the_form(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("the ending is a spoiler")
    bob.post("a quiet day")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = main_screen(app).view("home")
        assert "the ending is a spoiler" in view_text(home)
        await open_filters(pilot, app)
        assert "You have no filters" in said(app)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FilterEditScreen)
        await pilot.press(*"Spoilers", "tab")  # the empty keyword list is skipped
        assert app.focused is form.query_one("#new-keyword", Input)
        await pilot.press(*"spoiler", "enter", *"film", "enter")
        await pilot.press("shift+tab")  # to the keywords: "film" is highlighted
        assert isinstance(app.focused, KeywordList)
        await pilot.press("space")  # film: not only as a whole word
        await pilot.press("tab", "tab")  # past the box, to the places (all but profiles)
        await pilot.press("tab", "right", "enter")  # the action: hide
        await pilot.press("tab", "enter", "down", "down", "enter")  # expires in 1 hour
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiltersScreen)
        made = only(alice.filters(), "Spoilers")
        assert made.filter_action == "hide"
        assert set(made.context) == {"home", "notifications", "public", "thread"}
        assert keywords_of(made) == {("spoiler", True), ("film", False)}
        assert made.expires_at is not None
        left = made.expires_at - datetime.now(UTC)
        assert timedelta(minutes=50) < left <= timedelta(hours=1)
        assert "Saved the filter “Spoilers”." in said(app)
        expires = made.expires_at.astimezone().strftime("%Y-%m-%d %H:%M")
        assert shown(app) == (
            "Spoilers Hide · Home and lists, Notifications, Public timelines, Threads"
            f" · 2 keywords · expires {expires}"
        )
        # the open timelines loaded again: the server's "hide" leaves the post out
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "a quiet day" in view_text(home)
        assert "spoiler" not in view_text(home)


async def test_editing_keeps_keyword_ids_and_delete_asks(
    server: MockServer, alice: MastodonClient
) -> None:
    made = alice.create_filter(
        "Films", ["home"], "warn", keywords=[("spoiler", True), ("film", True)]
    )
    film_id = next(k.id for k in made.keywords if k.keyword == "film")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_filters(pilot, app)
        assert shown(app) == "Films Warn · Home and lists · 2 keywords · never expires"
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FilterEditScreen)
        assert form.query_one("#title", Input).value == "Films"
        await pilot.press("tab")  # the keywords, "spoiler" highlighted
        await pilot.press("d")  # removed
        await pilot.press("e")  # "film" into the box to change it
        box = form.query_one("#new-keyword", Input)
        assert box.value == "film" and app.focused is box
        await pilot.press("ctrl+u", *"movie", "enter", *"trailer", "enter")
        await pilot.press("shift+tab", "up", "space")  # movie: not only as a whole word
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiltersScreen)
        saved = alice.filter(made.id)
        assert keywords_of(saved) == {("movie", False), ("trailer", True)}
        assert film_id in {k.id for k in saved.keywords}  # changed, not removed and added
        assert shown(app) == "Films Warn · Home and lists · 2 keywords · never expires"
        # d asks first; n keeps it
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("n")
        await settle(pilot)
        assert [f.id for f in alice.filters()] == [made.id]
        await pilot.press("d", "y")
        await settle(pilot)
        assert alice.filters() == []
        assert "Deleted the filter “Films”." in said(app)
        assert shown(app) == "You have no filters. n makes one."


async def test_a_refused_save_keeps_the_form_and_what_reached_the_server(
    server: MockServer, alice: MastodonClient
) -> None:
    refuse_once(
        server,
        422,
        "Validation failed: Filter action is not included in the list",
        methods=["POST"],
        path="/api/v2/filters",
    )
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_filters(pilot, app)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FilterEditScreen)
        await pilot.press(*"Blurry", "tab", *"gore", "enter")
        await pilot.press("tab", "tab", "right", "right", "enter")  # blur (a 4.6 server)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert form.is_current  # still there, as typed, with the server’s sentence
        assert "Filter action is not included in the list" in said(app)
        assert form.query_one("#title", Input).value == "Blurry"
        assert [row.keyword for row in form.rows] == ["gore"]
        assert alice.filters() == []
        await pilot.press("ctrl+s")  # the refusal was once: now it goes through
        await settle(pilot)
        assert isinstance(app.screen, FiltersScreen)
        made = only(alice.filters(), "Blurry")
        assert made.filter_action == "blur" and keywords_of(made) == {("gore", True)}

        # a change refused half way: the part that got through is not sent twice
        await pilot.press("e")
        await settle(pilot)
        edit = app.screen
        assert isinstance(edit, FilterEditScreen)
        refuse_once(
            server, 500, "oops", methods=["POST"], path=f"/api/v2/filters/{made.id}/keywords"
        )
        await pilot.press("tab", "space", "tab", *"blood", "enter", "ctrl+s")  # gore: any part
        await settle(pilot)
        assert edit.is_current
        assert "had a problem" in said(app)
        assert keywords_of(alice.filter(made.id)) == {("gore", False)}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FiltersScreen)
        assert keywords_of(alice.filter(made.id)) == {("gore", False), ("blood", True)}


async def test_leaving_a_changed_form_asks_first(server: MockServer, alice: MastodonClient) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_filters(pilot, app)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: it just closes
        await pilot.pause()
        assert isinstance(app.screen, FiltersScreen)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Half typed", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FilterEditScreen)
        assert form.query_one("#title", Input).value == "Half typed"
        await pilot.press("ctrl+s")  # no places ticked? they are, by default; no keywords is fine
        await settle(pilot)
        assert only(alice.filters(), "Half typed").keywords == ()


async def test_persian_and_arabic_filters_are_shown_in_their_order_never_in_an_id(
    server: MockServer, alice: MastodonClient
) -> None:
    alice.create_filter(ARABIC_TITLE, ["home", "thread"], "hide", keywords=[(PERSIAN, True)])
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_filters(pilot, app)
        assert rows_of(app) == [
            reference(ARABIC_TITLE, "ltr"),
            "  Hide · Home and lists, Threads · 1 keyword · never expires",
        ]
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FilterEditScreen)
        keywords = visible_text(form.query_one(KeywordList))
        assert reference(PERSIAN, "rtl") in keywords
        ids = [node.id or "" for node in app.screen.query("*")]
        assert not any(PERSIAN in i or "خواهم" in i or "كلمات" in i for i in ids)
        # typed the same way: whole word off, saved as typed (ZWNJ kept)
        await pilot.press("tab", "space", "ctrl+s")
        await settle(pilot)
        (saved,) = alice.filters()
        assert keywords_of(saved) == {(PERSIAN, False)}


async def test_mute_a_word_from_a_post_hides_matching_posts(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    bob.post("nothing to see")
    coffee = bob.post("good coffee with #tea after")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = main_screen(app).view("home")
        assert home.current is not None and home.current.key == coffee.id
        await pilot.press("K")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePrompt)  # "type a word" or the post's #tea
        await pilot.press("enter")  # type a word
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"coffee", "enter")
        await settle(pilot)
        assert await wait_until(pilot, lambda: home.index_of(coffee.id) is None)
        assert isinstance(app.screen, MainScreen)
        made = only(alice.filters(), "coffee")
        assert made.filter_action == "hide" and made.expires_at is None
        assert set(made.context) == {"home", "notifications", "public", "thread"}
        assert keywords_of(made) == {("coffee", True)}
        assert "Muted “coffee”" in said(app)
        text = view_text(home)
        assert "nothing to see" in text and "good coffee" not in text
        # the post's hashtag, offered
        tea = bob.post("more #tea please")
        await pilot.press("R")
        await settle(pilot)
        assert home.index_of(tea.id) is not None
        home.go_to_first()
        await pilot.press("K")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(pilot)
        assert keywords_of(only(alice.filters(), "#tea")) == {("#tea", True)}
        assert await wait_until(pilot, lambda: home.index_of(tea.id) is None)


async def test_a_server_without_filters_says_so(server: MockServer, bob: MastodonClient) -> None:
    bob.post("a post to act on")
    server.fault(status=404, path="/api/v2/filters*")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await open_filters(pilot, app)
        assert "does not offer this (filters of muted words)" in said(app)
        assert shown(app) == ""
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("K", *"word", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "does not offer this (filters of muted words)" in said(app)
        assert "Traceback" not in said(app)


def test_blur_is_offered_from_mastodon_4_4_and_where_the_version_is_unknown() -> None:
    def server(version: str) -> Instance:
        return Instance.from_api({"domain": "example.social", "version": version})

    assert offers_blur(server("4.4.0")) and offers_blur(server("4.5.0+glitch"))
    assert offers_blur(server("10.0.0")) and offers_blur(None) and offers_blur(server(""))
    assert not offers_blur(server("4.3.2"))
    assert not offers_blur(server("3.5.3 (compatible; Pleroma 2.6.0)"))
