"""Crashes a newcomer met in the first minutes, driven by keys against the mock server.

Each test failed (the app died) before its fix; see issue "Works in the world".
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mastodon_mock.testing.server import MockServer
from rich.segment import Segment
from textual import events
from textual.app import App, ComposeResult
from textual.dom import check_identifiers
from textual.strip import Strip
from textual.widgets import OptionList, TextArea

from tests.apphelpers import main_screen, said, settle, view_text, wait_until
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.screens.links import LinksScreen
from tootui.screens.main import hashtag_name, view_id
from tootui.startup import session_for
from tootui.widgets.timeline import TimelineView

SIZE = (100, 30)


def shown_letters(word: str, screen_text: str) -> bool:
    """Whether ``word`` is on screen, shaped or not, in stored or display order."""
    plain = unicodedata.normalize("NFKC", screen_text)
    return word in plain or word[::-1] in plain


def make_app(server: MockServer, user: str = "alice") -> TootUI:
    return TootUI([session_for(f"{user}@mock.local", server.base_url, f"{user}_token")])


# --- remote or typed text in widget ids ---------------------------------------------------


@given(st.text(max_size=40))
def test_every_view_key_gives_a_valid_widget_id(key: str) -> None:
    ident = view_id(key)
    check_identifiers("id", ident)  # raises BadIdentifier if not
    assert ident.startswith("view-")


def test_view_ids_of_different_keys_differ() -> None:
    keys = ["home", "tag-شاي", "tag-tea", "list-1", "list-ü", "tag-شای", "mine", "-x", "tag-"]
    assert len({view_id(k) for k in keys}) == len(keys)
    assert view_id("home") == "view-home"  # readable keys stay readable


def test_hashtag_names_in_every_script() -> None:
    assert hashtag_name("#شاي") == "شاي"
    assert hashtag_name("##Café_2") == "Café_2"
    assert hashtag_name("کتاب‌خانه") == "کتاب‌خانه"  # Persian, with a zero-width non-joiner
    assert hashtag_name("مَدرسة") == "مَدرسة"  # an Arabic vowel sign is a mark
    for not_a_tag in ("", "#", "two words", "what?", "a/b", "x" * 101, "tab\there"):
        assert hashtag_name(not_a_tag) is None


async def test_opening_an_arabic_hashtag_from_a_post(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("tea time #شاي")
    bob.post("a later post without tags")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("j")  # the tagged post is the second one: reply from the middle
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert main.active == "tag-شاي"
        assert main.views["tag-شاي"].label == "#شاي"
        assert shown_letters("شاي", str(main.query_one("#topbar").render()))
        # the tag's own timeline came from the server: the post is in it, the other not
        assert await wait_until(pilot, lambda: "tea time" in view_text(main.current_view))
        assert "a later post" not in view_text(main.current_view)


async def test_typing_an_arabic_hashtag(server: MockServer, bob: MastodonClient) -> None:
    bob.post("morning #شاي with mint")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("number_sign", *"شاي", "enter")
        await settle(pilot)
        assert app.is_running
        assert main.active == "tag-شاي"
        assert await wait_until(pilot, lambda: "with mint" in view_text(main.current_view))
        # the same tag again goes to the same tab, whatever its case or leading #s
        await pilot.press("1", "number_sign", *"##شاي", "enter")
        await settle(pilot)
        assert main.active == "tag-شاي"
        assert list(main.views).count("tag-شاي") == 1
        # w closes it, its widget goes with it
        await pilot.press("w")
        await settle(pilot)
        assert main.active == "home"
        assert not main.query(f"#{view_id('tag-شاي')}")


async def test_typing_something_that_is_not_a_hashtag(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("number_sign", *"what?", "enter")
        await settle(pilot)
        assert app.is_running
        assert main.active == "home"
        assert "is not a hashtag" in said(app)


# --- the selection outliving a change of entries -----------------------------------------


class OneView(App[None]):
    """A timeline of ``lines``-line entries, alone on screen."""

    def compose(self) -> ComposeResult:
        yield TimelineView(self.render_item, id="view")

    def render_item(self, item: int, width: int, revealed: bool) -> list[Strip]:
        return [Strip([Segment(f"entry {item}".ljust(width))], width) for _ in range(3)]


@pytest.mark.parametrize("change", ["emptied", "fewer", "removed", "filtered"])
async def test_a_resize_after_the_entries_shrank(change: str) -> None:
    """The demo died on quit: a view emptied while its selection was further down, then
    resized (``self._starts[self.selected]``: list index out of range)."""
    app = OneView()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TimelineView)
        view.set_entries([(str(i), i) for i in range(30)])
        await pilot.pause()
        view.selected = 25
        await pilot.pause()
        if change == "emptied":
            view.set_entries([])
        elif change == "fewer":
            view.set_entries([(str(i), i) for i in range(3)])
        elif change == "removed":
            for i in range(30):
                view.remove_entry(str(i))
        else:  # a filter keeps the same posts minus some: the selected one is gone
            view.set_entries([(str(i), i) for i in range(10)], select_key="25")
        assert view.selected < max(1, len(view.entries))
        await pilot.resize_terminal(50, 16)
        await pilot.pause()
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        for key in ("j", "k", "G", "pagedown", "pageup", "home", "s"):
            await pilot.press(key)
        assert app.is_running
        assert view.region_of(40).height == 0  # no such entry: an empty region, no error
        if view.entries:
            assert view.current is not None


async def test_filtering_notifications_then_resizing(
    server: MockServer, bob: MastodonClient
) -> None:
    for n in range(12):
        bob.post(f"@alice question number {n}")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        await pilot.press("4")
        await settle(pilot)
        view = main.view("notifications")
        assert await wait_until(pilot, lambda: len(view.entries) >= 12)
        await pilot.press("G")
        # the filtered reload fails: the view stays empty with its selection cleared
        with server.fault(path_regex="notifications", status=503):
            await pilot.press("F")
            await settle(pilot)
            assert not view.entries
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await pilot.press("j", "k", "G")
            await pilot.resize_terminal(100, 30)
            await settle(pilot)
        assert app.is_running
        assert "503" in said(app)


async def test_suggestions_a_server_repeats_or_fills_with_spaces(server: MockServer) -> None:
    """A server (or a hostile one) listing an account twice crashed the list of suggestions
    (two options with one id); one with a space or an escape would have gone into the post."""

    def account(acct: str, n: int) -> dict[str, object]:
        return {"id": str(n), "username": acct.split("@")[0], "acct": acct, "display_name": acct}

    found = {
        "accounts": [
            account("bob", 1),
            account("bob", 1),
            account("bo b@evil.example", 2),
            account("bo\x1b[2Jb", 3),
            account("bobby@شاي.example", 4),
        ],
        "statuses": [],
        "hashtags": [],
    }
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        with server.fault(path="/api/v2/search", status=200, body=found):
            await pilot.press(*"hi @bo")
            screen = app.screen
            options = screen.query_one("#suggestions", OptionList)
            assert await wait_until(pilot, lambda: options.has_class("-on"))
        assert app.is_running
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown == ["@bob", "@bobby@شاي.example"]
        await pilot.press("down", "tab")
        assert screen.query_one("#text", TextArea).text == "hi @bobby@شاي.example "


async def test_lists_a_server_names_oddly(server: MockServer) -> None:
    """List ids are the server's own strings: two alike, or not ASCII, still open a tab."""
    lists = [
        {"id": "ü-1", "title": "Freunde", "replies_policy": "list"},
        {"id": "ü-1", "title": "Freunde (again)", "replies_policy": "list"},
        {"id": "7", "title": "قائمة", "replies_policy": "list"},
    ]
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = main_screen(app)
        with server.fault(path="/api/v1/lists", methods=["GET"], status=200, body=lists):
            await pilot.press("g", "L")
            await settle(pilot)
        assert app.is_running
        await pilot.press("down", "enter")  # the second one
        await settle(pilot)
        assert app.is_running
        assert main.active == "list-ü-1"
        assert "Freunde" in str(main.query_one("#topbar").render())


@pytest.mark.parametrize("after_q", ["t", "a", "c", "o", "slash", "question_mark", "g"])
async def test_keys_typed_after_q_do_not_crash_the_quitting_app(
    server: MockServer, bob: MastodonClient, after_q: str
) -> None:
    """Typing on after q (fast fingers, or pasted text starting with q): the app was being
    torn down when the next key opened a screen on it — NoMatches and a traceback instead
    of a clean quit. Keys that arrive once quitting has begun are dropped."""
    bob.post("a post to open")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert main_screen(app).view("home").current is not None
        # both keys reach the app before either is handled, as when typed ahead
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(after_q, None))
        assert await wait_until(pilot, lambda: app.quitting)
    assert app.return_code == 0
    assert app._exception is None  # no traceback: Textual keeps the one it would print
