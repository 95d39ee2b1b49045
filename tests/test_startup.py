"""Start-up from stored accounts: the cached timeline is drawn before any token is read.

The app is built the way ``tootui`` builds it (``load_sessions`` + ``TootUI`` sharing a
first-frame event), against the mock server, with a timeline cache filled beforehand.
"""

from __future__ import annotations

import pickle
import sqlite3
import threading
from datetime import UTC
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.strip import Strip
from textual.widgets import OptionList

from tests.apphelpers import main_screen, notes_of, said, settle, visible_text
from tests.conftest import last_line_printed
from tests.test_login_screen import topbar
from tootui.accounts import AccountRecord, AccountStore, TokenStore
from tootui.api import MastodonClient, NotAuthorised, TimelineSource, TokenUnavailable
from tootui.app import TootUI
from tootui.cache import TimelineCache
from tootui.config import Config
from tootui.messages import Say
from tootui.screens.accounts import AccountsScreen
from tootui.signin import add_with_token
from tootui.startup import StoredToken, load_sessions, session_for
from tootui.widgets.timeline import TimelineView

SIZE = (100, 30)
CACHED = "Words kept in the timeline cache"


def fill_cache(server: MockServer, acct: str) -> None:
    """A post on alice's home timeline, saved in ``acct``'s cache as a session would."""
    alice = MastodonClient(server.base_url, "alice_token")
    alice.post(CACHED)
    page = alice.timeline(TimelineSource("home"))
    TimelineCache(acct).save("home", list(page.items))


def stored_account(server: MockServer, username: str, token: str | None) -> str:
    """An account in the list, with ``token`` in the token store (none if ``None``)."""
    host = server.base_url.split("://", 1)[1]
    acct = f"{username}@{host}"
    AccountStore().add_or_update(
        AccountRecord(acct=acct, base_url=server.base_url, username=username)
    )
    if token is not None:
        TokenStore().set_token(acct, token)
    return acct


def start_app(wanted: str | None = None) -> TootUI:
    """The app as ``tootui`` starts it: tokens wait for the first frame."""
    first_frame = threading.Event()
    sessions, start, problem = load_sessions(wanted, not_before=first_frame)
    assert problem is None
    return TootUI(sessions, config=Config.load(), start_acct=start, first_frame=first_frame)


class Timeline:
    """Records, in order, when the cached post is drawn and when a token is read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[str] = []
        draw, read = TimelineView.render_line, TokenStore.get_token

        def render_line(view: TimelineView[Any], y: int) -> Strip:
            strip = draw(view, y)
            if CACHED in strip.text and "drawn" not in self.events:
                self.events.append("drawn")
            return strip

        def get_token(store: TokenStore, acct: str) -> str | None:
            self.events.append(f"token {acct}")
            return read(store, acct)

        monkeypatch.setattr(TimelineView, "render_line", render_line)
        monkeypatch.setattr(TokenStore, "get_token", get_token)


async def test_cached_posts_are_on_screen_before_any_token_is_read(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    fill_cache(server, session.acct)
    timeline = Timeline(monkeypatch)
    app = start_app()
    messages: list[Any] = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        assert "token" not in " ".join(timeline.events)  # nothing read while starting
        await settle(pilot)
        screen = main_screen(app)
        assert CACHED in visible_text(screen.current_view)
        assert not app.sessions[session.acct].needs_sign_in
        assert "sign in again" not in topbar(app)
    # drawn from the cache first; then the token, once (the client keeps it)
    assert timeline.events == ["drawn", f"token {session.acct}"]
    assert app.first_frame.is_set()
    # and the refresh that followed reached the server with it: no error was said
    assert not [m for m in messages if isinstance(m, Say) and m.error]


def test_the_keyring_is_not_imported_before_the_first_frame() -> None:
    probe = (
        "import sys\n"
        "from tootui.startup import load_sessions\n"
        "import tootui.app, tootui.screens.main\n"
        "load_sessions()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'keyring'))\n"
    )
    assert last_line_printed(probe) == "[]"


async def test_a_missing_token_still_asks_to_sign_in_again(server: MockServer) -> None:
    alice = stored_account(server, "alice", None)
    bob = stored_account(server, "bob", None)
    carol = stored_account(server, "carol", "carol_token")
    fill_cache(server, alice)
    app = start_app(alice)
    notified = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        # what was cached stays on screen; the account says it needs signing in
        assert CACHED in visible_text(screen.current_view)
        assert "sign in again" in topbar(app)
        assert said(app) == (f"No token is stored for {alice}: sign in again with `tootui login`.")
        assert app.sessions[alice].needs_sign_in and app.sessions[bob].needs_sign_in
        assert not app.sessions[carol].needs_sign_in
        # the other account without a token is named once, in a notification
        assert f"No token is stored for {bob}: sign in again with `tootui login`." in notified
        assert not any(alice in message for message in notified)
        # and the switcher marks exactly those two
        await pilot.press("at")
        await pilot.pause()
        assert isinstance(app.screen, AccountsScreen)
        options = app.screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [("sign in again" in row) for row in rows] == [True, True, False]


async def test_a_token_stored_later_is_used_on_the_next_refresh(server: MockServer) -> None:
    alice = stored_account(server, "alice", None)
    MastodonClient(server.base_url, "alice_token").post("Posted while signed out here")
    app = start_app(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No token is stored" in said(app)
        TokenStore().set_token(alice, "alice_token")  # e.g. `tootui login` in another terminal
        await pilot.press("R")
        await settle(pilot)
        assert "No token" not in said(app)
        assert "Posted while signed out here" in visible_text(main_screen(app).current_view)


async def test_a_failing_token_store_is_said_and_the_cache_stays(
    server: MockServer, memory_keyring: Any
) -> None:
    from keyring.errors import KeyringLocked

    alice = stored_account(server, "alice", "alice_token")
    fill_cache(server, alice)
    Config.path().write_text('streaming = false\ntoken_store = "keyring"\n')
    memory_keyring.error = KeyringLocked("the keyring is locked")
    app = start_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert CACHED in visible_text(main_screen(app).current_view)
        assert "could not read a secret" in said(app)
        assert "the keyring is locked" in said(app)
        assert not app.sessions[alice].needs_sign_in  # signing in again would not help


def test_a_stored_token_never_shows_itself(server: MockServer) -> None:
    alice = stored_account(server, "alice", "alice_token")
    source = StoredToken(alice, TokenStore())
    client = MastodonClient(server.base_url, source)
    assert "alice_token" not in repr(source) + repr(client)
    assert client.verify_credentials().username == "alice"
    assert source() == "alice_token"


def test_stored_token_errors(server: MockServer, memory_keyring: Any) -> None:
    from keyring.errors import KeyringLocked

    alice = stored_account(server, "alice", None)
    with pytest.raises(NotAuthorised, match="No token is stored for"):
        MastodonClient(server.base_url, StoredToken(alice, TokenStore())).verify_credentials()
    memory_keyring.error = KeyringLocked("locked")
    with pytest.raises(TokenUnavailable, match="could not read a secret"):
        StoredToken(alice, TokenStore("keyring"))()


def test_cached_entities_need_no_dateutil_to_load(server: MockServer) -> None:
    """Mastodon.py hands over datetimes in dateutil's UTC; entities keep the stdlib's, so
    the cache unpickles at start-up without importing dateutil."""
    alice = MastodonClient(server.base_url, "alice_token")
    posted = alice.post("A post with a time")
    status = alice.timeline(TimelineSource("home")).items[0]
    assert status.id == posted.id
    assert status.created_at.tzinfo is UTC
    assert status.created_at == posted.created_at
    blob = pickle.dumps([status], protocol=pickle.HIGHEST_PROTOCOL)
    assert b"dateutil" not in blob
    assert pickle.loads(blob) == [status]


async def test_the_key_bar_is_styled_once_per_key(
    server: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's footer keys start compact and are switched back by a data binding, each
    switch a stylesheet pass per key on the way to the first frame; ours are made right."""
    from textual.widgets._footer import FooterKey

    restyled: list[FooterKey] = []
    original = FooterKey.update_node_styles

    def update_node_styles(key: FooterKey, animate: bool = True) -> None:
        restyled.append(key)
        original(key, animate)

    monkeypatch.setattr(FooterKey, "update_node_styles", update_node_styles)
    app = TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = [k for k in app.screen.query(FooterKey) if not k.has_class("-command-palette")]
        assert len(keys) > 5
        assert not any(key.has_class("-compact") for key in keys)  # as Textual leaves them
        assert not [key for key in restyled if not key.has_class("-command-palette")]


def test_a_damaged_cache_file_is_ignored_and_its_connection_closed(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def keep(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        opened.append(db)  # kept alive here, so a connection left open stays visible
        return db

    monkeypatch.setattr(sqlite3, "connect", keep)
    path = tmp_path / "timelines.sqlite3"
    path.write_bytes(b"not a database at all " * 200)
    cache = TimelineCache("alice@mock.local", path)
    assert cache.load("home") == []
    cache.save("home", [])
    assert len(opened) == 2
    for db in opened:
        with pytest.raises(sqlite3.ProgrammingError):  # closed
            db.execute("SELECT 1")


async def test_collection_waits_for_the_first_frame_then_skips_what_start_up_made(
    server: MockServer,
) -> None:
    import gc

    from tootui.collection import hold_garbage_collection

    session = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    fill_cache(server, session.acct)
    frozen_before = gc.get_freeze_count()
    hold_garbage_collection()  # as the tootui command does, before its imports
    try:
        app = start_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.first_frame.is_set()
            assert CACHED in visible_text(main_screen(app).current_view)
            assert gc.isenabled()  # collecting again once the first frame is drawn
            assert gc.get_freeze_count() > frozen_before  # start-up's objects set aside
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_that_did_not_hold_collection_freezes_nothing(server: MockServer) -> None:
    import gc

    session = add_with_token(server.base_url, "alice_token", AccountStore(), TokenStore())
    fill_cache(server, session.acct)
    frozen_before = gc.get_freeze_count()
    app = start_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.first_frame.is_set()
        assert CACHED in visible_text(main_screen(app).current_view)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before
