"""Several accounts on two mock servers: add, switch (each keeps its timeline), re-sign-in, remove."""

from __future__ import annotations

import asyncio
import webbrowser
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import OptionList

from tests.test_login_screen import settle, shown, topbar, type_text
from tests.test_signin import approve
from tootui.accounts import AccountRecord, AccountStore, TokenStore
from tootui.api import MastodonClient, NotAuthorised
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.accounts import AccountsScreen, ConfirmRemoveScreen
from tootui.screens.login import LoginScreen
from tootui.screens.main import MainScreen
from tootui.signin import add_with_token, finish_sign_in, prepare_sign_in
from tootui.startup import load_sessions


@pytest.fixture(autouse=True)
def no_real_browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BROWSER", "true")
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    yield


@pytest.fixture
def server2() -> Iterator[MockServer]:
    """A second, separate server (same seeded people, different address)."""
    with MockServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def posts(server: MockServer, server2: MockServer) -> None:
    """Something in each home timeline, different on each server."""
    MastodonClient(server.base_url, "alice_token").post("Alice on the first server")
    MastodonClient(server2.base_url, "bob_token").post("Bob on the second server")


def host(srv: MockServer) -> str:
    return urlsplit(srv.base_url).netloc


def sign_in(srv: MockServer, username: str) -> str:
    """Sign ``username`` in through the OAuth flow (outside the TUI); its acct."""
    accounts, tokens = AccountStore(), TokenStore()
    pending = prepare_sign_in(srv.base_url, accounts, tokens)
    return finish_sign_in(pending, approve(pending.authorize_url, username), accounts, tokens).acct


def account_rows(app: TootUI) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def open_switcher(app: TootUI, pilot: Any) -> AccountsScreen:
    await pilot.press("@")
    await pilot.pause()
    assert isinstance(app.screen, AccountsScreen)
    return app.screen


async def choose(app: TootUI, pilot: Any, acct: str) -> None:
    """Move the highlight to ``acct`` with the arrow keys."""
    options = app.screen.query_one(OptionList)
    target = options.get_option_index(acct)
    while options.highlighted != target:
        await pilot.press("down" if (options.highlighted or 0) < target else "up")


async def remove_selected(app: TootUI, pilot: Any) -> None:
    """In the switcher: remove the highlighted account, answering yes."""
    await pilot.press("d")
    await pilot.pause()
    await pilot.press("y")
    await settle(app, pilot)


def home_keys(screen: object) -> list[str]:
    assert isinstance(screen, MainScreen)
    return [entry.key for entry in screen.view("home").entries]


async def test_add_a_second_server_and_switch_between(
    server: MockServer, server2: MockServer
) -> None:
    alice = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    app = TootUI([alice], config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        alice_screen = app.screen
        assert isinstance(alice_screen, MainScreen)
        assert f"@{alice.acct}" in topbar(app)
        alice_home = home_keys(alice_screen)
        assert alice_home

        switcher = await open_switcher(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert "Add an account" in shown(login, "#login-title")
        await type_text(pilot, f"@bob@{host(server2)}")
        await pilot.press("enter")
        await settle(app, pilot)
        code = await asyncio.to_thread(approve, shown(login, "#auth-url"), "bob")
        await type_text(pilot, code)
        await pilot.press("enter")
        await settle(app, pilot)

        bob = f"bob@{host(server2)}"
        bob_screen = app.screen
        assert isinstance(bob_screen, MainScreen) and bob_screen is not alice_screen
        assert f"@{bob}" in topbar(app)
        assert len(app.screen_stack) == 2  # the switcher and sign-in are gone
        assert switcher not in app.screen_stack
        bob_home = home_keys(bob_screen)
        assert AccountStore().get(bob) is not None and TokenStore().get_token(bob)

        # back to alice: her screen and timeline are as she left them
        await open_switcher(app, pilot)
        rows = account_rows(app)
        assert any(f"@{bob}" in r and "(current)" in r for r in rows)
        assert any(f"@{alice.acct}" in r and server.base_url in r for r in rows)
        await choose(app, pilot, alice.acct)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is alice_screen and app.current_acct == alice.acct
        assert home_keys(alice_screen) == alice_home
        assert f"@{alice.acct}" in topbar(app)

        await open_switcher(app, pilot)
        await choose(app, pilot, bob)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is bob_screen and home_keys(bob_screen) == bob_home

        # the command palette offers the switcher too
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Switch account" in titles


async def test_a_refused_token_asks_only_that_account_to_sign_in_again(
    server: MockServer, server2: MockServer
) -> None:
    alice = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    bob = f"bob@{host(server2)}"
    AccountStore().add_or_update(AccountRecord(acct=bob, base_url=server2.base_url, username="bob"))
    TokenStore().set_token(bob, "a-token-the-server-revoked")
    sessions, start, problem = load_sessions(alice.acct)
    assert problem is None and start == alice.acct
    app = TootUI(sessions, config=Config(), start_acct=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        alice_screen = app.screen
        await open_switcher(app, pilot)
        await choose(app, pilot, bob)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.current_acct == bob
        assert "sign in again" in topbar(app)
        assert app.sessions[bob].needs_sign_in and not app.sessions[alice.acct].needs_sign_in

        await open_switcher(app, pilot)
        rows = account_rows(app)
        assert [("sign in again" in r) for r in rows] == [False, True]

        # alice still works
        await choose(app, pilot, alice.acct)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is alice_screen and "sign in again" not in topbar(app)
        await pilot.press("R")
        await settle(app, pilot)
        assert not app.sessions[alice.acct].needs_sign_in
        assert home_keys(alice_screen)

        # Enter on bob opens the sign-in for his server only, already started
        await open_switcher(app, pilot)
        await choose(app, pilot, bob)
        await pilot.press("enter")
        await settle(app, pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert f"@{bob}" in shown(login, "#login-title")
        url = shown(login, "#auth-url")
        assert url.startswith(server2.base_url)
        code = await asyncio.to_thread(approve, url, "bob")
        await type_text(pilot, code)
        await pilot.press("enter")
        await settle(app, pilot)

        assert isinstance(app.screen, MainScreen) and app.current_acct == bob
        assert not app.sessions[bob].needs_sign_in
        assert "sign in again" not in topbar(app)
        assert home_keys(app.screen)
        new_token = TokenStore().get_token(bob)
        assert new_token and new_token != "a-token-the-server-revoked"
        assert [s.acct for s in AccountStore().list()] == [alice.acct, bob]


async def test_signing_in_again_as_someone_else_is_refused(
    server: MockServer,
) -> None:
    bob = f"bob@{host(server)}"
    AccountStore().add_or_update(AccountRecord(acct=bob, base_url=server.base_url, username="bob"))
    TokenStore().set_token(bob, "expired")
    sessions, start, _problem = load_sessions()
    app = TootUI(sessions, config=Config(), start_acct=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.sessions[bob].needs_sign_in
        await open_switcher(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        code = await asyncio.to_thread(approve, shown(login, "#auth-url"), "carol")
        await type_text(pilot, code)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is login
        assert "this was to sign @" in shown(login, "#login-error")
        assert TokenStore().get_token(bob) == "expired"
        assert [r.acct for r in AccountStore().list()] == [bob]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccountsScreen)


async def test_removing_accounts(server: MockServer, server2: MockServer) -> None:
    alice = sign_in(server, "alice")
    bob = sign_in(server2, "bob")
    alice_token = TokenStore().get_token(alice)
    bob_token = TokenStore().get_token(bob)
    assert alice_token and bob_token
    sessions, start, _problem = load_sessions(alice)
    app = TootUI(sessions, config=Config(), start_acct=start)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await open_switcher(app, pilot)

        # "no" keeps it
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmRemoveScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, AccountsScreen) and AccountStore().get(alice)

        # remove the account in use: signed out on its server, forgotten, bob takes over
        await remove_selected(app, pilot)
        with pytest.raises(NotAuthorised):
            MastodonClient(server.base_url, alice_token).verify_credentials()
        assert AccountStore().get(alice) is None and TokenStore().get_token(alice) is None
        assert list(app.sessions) == [bob] and app.current_acct == bob
        assert isinstance(app.screen, MainScreen) and f"@{bob}" in topbar(app)
        assert not app.is_screen_installed(app.main_screen_name(alice))
        MastodonClient(server2.base_url, bob_token).verify_credentials()  # bob untouched

        # remove the last one: the first-run sign-in appears
        await open_switcher(app, pilot)
        await remove_selected(app, pilot)
        with pytest.raises(NotAuthorised):
            MastodonClient(server2.base_url, bob_token).verify_credentials()
        assert AccountStore().list() == [] and app.sessions == {}
        assert isinstance(app.screen, LoginScreen) and app.screen.first_run
