"""The sign-in screen driven by keys against the mock server over real HTTP."""

from __future__ import annotations

import asyncio
import webbrowser
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from mastodon_mock.testing.server import MockServer
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, Static

from tests.apphelpers import wait_until
from tests.test_signin import approve, web_server  # noqa: F401 - a fixture
from tootui.accounts import AccountStore, TokenStore
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.login import LoginScreen, link_text
from tootui.screens.main import MainScreen
from tootui.signin import add_with_token


@pytest.fixture(autouse=True)
def no_real_browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``webbrowser`` runs ``true URL``: the screen tries a browser, nothing opens."""
    monkeypatch.setenv("BROWSER", "true")
    monkeypatch.setattr(webbrowser, "_tryorder", None)  # re-read $BROWSER
    yield


def shown(screen: Any, selector: str) -> str:
    """What a Static draws (its content, or what it lays out itself)."""
    content = screen.query_one(selector, Static).render()
    return content.plain if isinstance(content, Text) else str(content)


def topbar(app: TootUI) -> str:
    return shown(app.screen, "#topbar")


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*text)


async def settle(app: TootUI, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def submit(app: TootUI, pilot: Any, text: str) -> None:
    """Type ``text`` into the focused field, press Enter and let the answer come."""
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(app, pilot)


async def address_submitted(app: TootUI, pilot: Any, address: str) -> Any:
    """On the first screen: type a server's ``address`` and go on; the sign-in screen."""
    await pilot.pause()
    screen = app.screen
    await submit(app, pilot, address)
    return screen


async def test_first_run_sign_in_by_keys(server: MockServer, isolated_home: Any) -> None:
    server.config.rules = ["Be kind.", "No spam."]
    host = urlsplit(server.base_url).netloc
    app = TootUI([], config=Config())
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert "No account is signed in yet" in shown(screen, "#login-title")
        assert app.focused is screen.query_one("#server", Input)

        await type_text(pilot, host)  # no scheme: 127.0.0.1 means plain http is fine
        await pilot.press("enter")
        await settle(app, pilot)

        info = shown(screen, "#server-info")
        assert "Mastodon Mock" in info
        assert "A local mock Mastodon instance" in info
        assert "1. Be kind." in info and "2. No spam." in info
        url_widget = screen.query_one("#auth-url", Static).content
        assert isinstance(url_widget, Text)
        url = url_widget.plain
        assert url.startswith(f"{server.base_url}/oauth/authorize?")
        assert url_widget.style.link == url  # type: ignore[union-attr]  # an OSC 8 hyperlink
        assert app.focused is screen.query_one("#code", Input)
        # the app is registered and remembered before the person approves anything
        registered = AccountStore().app_for(server.base_url)
        assert registered is not None and f"client_id={registered.client_id}" in url

        code = await asyncio.to_thread(approve, url, "alice")
        await submit(app, pilot, code)

        acct = f"alice@{host}"
        assert isinstance(app.screen, MainScreen)
        assert f"@{acct}" in topbar(app)
        assert app.current_acct == acct
        record = AccountStore().get(acct)
        assert record is not None and record.base_url == server.base_url
        token = TokenStore().get_token(acct)
        assert token and token != "alice_token"
        # in the (in-memory) keyring, so in no file at all
        for path in isolated_home.rglob("*"):
            if path.is_file():
                assert token.encode() not in path.read_bytes(), path


async def test_escape_on_first_run_quits(server: MockServer) -> None:
    app = TootUI([], config=Config())
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.is_running  # cancelling the first sign-in quits


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("http://mastodon.example", "unencrypted"),
        ("ftp://x.example", "is not a server address"),
    ],
)
async def test_bad_addresses_are_explained_and_kept(typed: str, expected: str) -> None:
    app = TootUI([], config=Config())
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await address_submitted(app, pilot, typed)
        assert expected in shown(screen, "#login-error")
        assert screen.query_one("#server", Input).value == typed
        assert screen.query_one("#code", Input).has_class("-hidden")
        assert app.screen is screen


async def test_not_a_fediverse_server_then_unreachable(web_server: str) -> None:  # noqa: F811
    with MockServer() as gone:
        gone_url = gone.base_url
    app = TootUI([], config=Config())
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await address_submitted(app, pilot, web_server)
        assert "does not look like a Mastodon or fediverse server" in shown(screen, "#login-error")

        screen.query_one("#server", Input).value = ""
        await submit(app, pilot, gone_url)
        assert "cannot be reached" in shown(screen, "#login-error")
        assert AccountStore().list() == []


async def test_a_wrong_code_can_be_corrected(server: MockServer) -> None:
    app = TootUI([], config=Config())
    async with app.run_test(size=(110, 40)) as pilot:
        screen = await address_submitted(app, pilot, server.base_url)
        await submit(app, pilot, "wrong-code")
        assert "That code was not accepted" in shown(screen, "#login-error")
        assert app.screen is screen

        url = shown(screen, "#auth-url")
        code = await asyncio.to_thread(approve, url, "bob")
        screen.query_one("#code", Input).value = ""
        await submit(app, pilot, code)
        assert isinstance(app.screen, MainScreen)
        assert app.current_acct is not None and app.current_acct.startswith("bob@")


async def test_a_lost_registration_starts_the_sign_in_again(server: MockServer) -> None:
    """The server no longer knows tootui's app (it was reset): back to the server step."""
    app = TootUI([], config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await address_submitted(app, pilot, server.base_url)
        first = AccountStore().app_for(server.base_url)
        assert first is not None
        server.fault(
            path="/oauth/token",
            methods=["POST"],
            status=401,
            body={"error": "invalid_client", "error_description": "Client authentication failed"},
            count=1,
        )
        await submit(app, pilot, "a-code")
        assert shown(screen, "#login-error").startswith(
            f"{urlsplit(server.base_url).netloc} no longer knows tootui's registration"
        )
        assert app.focused is screen.query_one("#server", Input)
        assert screen.query_one("#code", Input).has_class("-hidden")
        assert AccountStore().app_for(server.base_url) is None

        await pilot.press("enter")  # the address is still there: start again
        await settle(app, pilot)
        again = AccountStore().app_for(server.base_url)
        assert again is not None and again.client_id != first.client_id
        url = shown(screen, "#auth-url")
        assert f"client_id={again.client_id}" in url
        code = await asyncio.to_thread(approve, url, "alice")
        await submit(app, pilot, code)
        assert isinstance(app.screen, MainScreen)


def on_screen(app: TootUI, widget: Widget) -> bool:
    """Whether all of ``widget`` is inside the terminal and nothing covers it."""
    region = widget.region
    if not region or not Region(0, 0, *app.size).contains_region(region):
        return False
    corners = {(region.x, region.y), (region.right - 1, region.bottom - 1)}
    return all(
        app.screen.get_widget_at(x, y)[0] in (widget, *widget.walk_children()) for x, y in corners
    )


MANY_RULES = [
    "Be kind to each other, always, even when you disagree strongly about something.",
    "No spam, no advertising, no bots without the bot flag.",
    "No hate speech.",
    "Content warnings for graphic content.",
    "Respect privacy: no doxxing.",
    "English or Arabic posts please.",
]


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
async def test_a_wrong_code_and_its_field_stay_on_screen(
    server: MockServer, size: tuple[int, int]
) -> None:
    server.config.rules = list(MANY_RULES)
    app = TootUI([], config=Config())
    async with app.run_test(size=size) as pilot:
        screen = await address_submitted(app, pilot, server.base_url)
        code = screen.query_one("#code", Input)
        url = screen.query_one("#auth-url", Static)
        assert app.focused is code
        assert on_screen(app, code) and on_screen(app, url)
        # What the server says is scrolled to the top of its part (below its one-line
        # margin), as far as the part scrolls.
        top = screen.query_one("#login-top", VerticalScroll)
        rules = screen.query_one("#server-info", Static)
        assert top.max_scroll_y > 0
        assert await wait_until(
            pilot,
            lambda: rules.region.y == top.region.y + 1 or top.scroll_y == top.max_scroll_y,
        )
        assert top.region.contains(rules.region.x, rules.region.y)

        await submit(app, pilot, "wrong-code")
        error = screen.query_one("#login-error", Static)
        assert shown(screen, "#login-error").startswith("That code was not accepted by ")
        assert on_screen(app, error), error.region
        assert on_screen(app, code), code.region
        assert on_screen(app, url), url.region
        assert app.focused is code and code.value == "wrong-code"  # kept, to correct it

        # The rules can still be read: page down scrolls them, the code stays where it is.
        assert "6. English or Arabic posts please." in shown(screen, "#server-info")
        for _ in range(10):
            if top.scroll_y >= top.max_scroll_y:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert top.scroll_y == top.max_scroll_y
        assert rules.region.bottom <= top.region.bottom  # its last line is in view
        assert app.focused is code and code.value == "wrong-code"
        await pilot.press("pageup")
        await pilot.pause()
        assert top.scroll_y < top.max_scroll_y or top.max_scroll_y == 0


def test_only_web_links_become_hyperlinks() -> None:
    good = link_text("https://example.social/oauth/authorize?x=1")
    assert good.style.link == "https://example.social/oauth/authorize?x=1"  # type: ignore[union-attr]
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "https://e.x/\x1b]8;;evil\x07"):
        text = link_text(bad)
        assert not text.spans and not getattr(text.style, "link", None)
        assert "\x1b" not in text.plain


async def test_file_fallback_is_announced_once(server: MockServer, memory_keyring: Any) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]  # no keyring: file
    session = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    seen: list[list[str]] = []
    for _ in range(2):
        app = TootUI([session], config=Config())
        async with app.run_test(size=(110, 40)) as pilot:
            await settle(app, pilot)
            seen.append([n.message for n in app._notifications])
    first, second = seen
    assert any("readable only by you" in m and "tokens.json" in m for m in first)
    assert not any("readable only by you" in m for m in second)
