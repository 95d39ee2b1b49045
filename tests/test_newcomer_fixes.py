"""What a newcomer hits in the first minutes (issue 13, items 3.7 and 3.12).

The demo quits silently; an account added inside the demo is not kept; ``--account`` with an
unknown name stops and says so; ``q`` closes every dialog it can; a language name in the
config is understood or reported; the key bar shows keys as characters; help scrolls with
the vim keys and its headings are translated.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from mastodon_mock.testing.server import MockServer
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, RadioSet, Static

from tests.apphelpers import notes_of, view_text
from tests.conftest import quit_now
from tests.pty_app import PtyApp, cli_env, pty_env, store_account
from tests.test_signin import approve
from tests.test_timelines import SIZE, make_app, settle
from tootui.accounts import AccountStore
from tootui.api import MastodonClient
from tootui.app import TootUI
from tootui.config import Config
from tootui.i18n import set_language
from tootui.screens.accounts import AccountsScreen, ConfirmRemoveScreen
from tootui.screens.compose import DraftsScreen
from tootui.screens.help import HelpScreen
from tootui.screens.links import LinksScreen
from tootui.screens.main import MainScreen
from tootui.screens.profile import ProfileScreen
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, MultiChoicePrompt, TextPrompt
from tootui.screens.report import ReportScreen
from tootui.screens.search import SearchScreen
from tootui.screens.thread import ThreadScreen
from tootui.startup import session_for

REPO = Path(__file__).resolve().parents[1]
ALT_SCREEN_OFF = b"\x1b[?1049l"


# --- 3.7: the demo quits silently ---------------------------------------------------------


def wait_for_exit(app: PtyApp, timeout: float = 30.0) -> int | None:
    """Read the pty until the process has ended (or ``timeout``); its exit status."""
    deadline = time.monotonic() + timeout
    while app.proc.poll() is None and time.monotonic() < deadline:
        app.pump(0.05)
    app.pump(0.1)
    return app.proc.poll()


def test_quitting_the_demo_prints_nothing_after_the_app(tmp_path: Path) -> None:
    env = pty_env(tmp_path, tmp_path / "home")
    app = PtyApp(["--demo"], env)
    try:
        assert app.wait_for("↩", timeout=90), app.text()  # the first posts are on screen
        # The live stream is open: that is what held the server's shutdown and made it
        # print a traceback per stream.
        assert app.wait_for("Live", timeout=60), app.text()
        app.press("q")
        assert wait_for_exit(app, timeout=60) == 0, bytes(app.raw[-3000:])
    finally:
        app.close()
    raw = bytes(app.raw)
    assert ALT_SCREEN_OFF in raw
    after = raw[raw.rindex(ALT_SCREEN_OFF) + len(ALT_SCREEN_OFF) :]
    for word in (b"Traceback", b"WebSocketDisconnect", b"Error", b"ERROR"):
        assert word not in after, after.decode(errors="replace")


class ServerLog(logging.Handler):
    """Keeps every record that reaches uvicorn's (or asyncio's) own loggers."""

    names = ("uvicorn", "asyncio")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> ServerLog:
        for name in self.names:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.names:
            logging.getLogger(name).removeHandler(self)


def test_demo_server_stops_quietly_while_a_stream_is_open() -> None:
    import websocket

    from tootui.demo import start_demo_server

    # Started first: uvicorn sets up its loggers (and drops their handlers) as it starts.
    server = start_demo_server(posts=20)
    thread = server._thread
    assert thread is not None
    with ServerLog() as log:
        ws = websocket.create_connection(
            f"ws://{server.host}/api/v1/streaming?stream=user&access_token={server.token}",
            timeout=10,
        )
        try:
            server.post_as("maya", "a post the stream carries")
            assert "a post the stream carries" in ws.recv()
        finally:
            ws.shutdown()  # gone without a word, as the app's streams go when it quits
        server.stop()
    assert not thread.is_alive()
    problems = [r for r in log.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]


# --- 3.12: nothing done inside the demo is kept ---------------------------------------------

OSC8_AUTHORIZE = re.compile(
    rb"\x1b\]8;[^;\x07\x1b]*;(http[^\x07\x1b]*/oauth/authorize[^\x07\x1b]*)"
)


def wait_for_raw(app: PtyApp, pattern: re.Pattern[bytes], timeout: float = 30.0) -> bytes:
    """The first match of ``pattern`` in everything the app wrote (waits for it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.pump(0.1)
        found = pattern.search(bytes(app.raw))
        if found:
            return found.group(1)
    raise AssertionError(f"{pattern.pattern!r} never written:\n{app.text()}")


def test_an_account_added_in_the_demo_is_not_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with MockServer() as server:
        host = urlsplit(server.base_url).netloc
        env = pty_env(tmp_path, home, BROWSER="true")
        app = PtyApp(["--demo"], env, columns=120, lines=40)
        try:
            assert app.wait_for("↩", timeout=90), app.text()
            app.press("@")
            assert app.wait_for("Accounts"), app.text()
            app.press("a")
            assert app.wait_for("Add an account"), app.text()
            assert app.wait_for("This is the demo"), app.text()  # said before anything is typed
            app.press(host + "\r")
            url = wait_for_raw(app, OSC8_AUTHORIZE).decode()
            code = approve(url, "bob")
            app.press(code + "\r")
            assert app.wait_for(f"@bob@{host}"), app.text()  # signed in, for the demo's length
            app.press("q")
            assert wait_for_exit(app, timeout=60) == 0, app.text()
        finally:
            app.close()
        quit_now(server)
    # The user's own folders were never written: no account, no default, no token, no
    # cache; only the seeded demo world is kept, for the next demo (tootui.demo.snapshot).
    written = sorted(str(p.relative_to(home)) for p in home.rglob("*")) if home.exists() else []
    assert written == ["cache", "cache/demo", "cache/demo/world-300-7-0.sqlite3"]
    store = AccountStore(home / "config" / "accounts.json").load()
    assert store.list() == [] and store.default is None and store.last_used is None


def test_the_demo_sandbox_goes_and_leaves_the_folders_as_they_were(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    from tootui.demo.sandbox import demo_config, demo_sandbox
    from tootui.paths import cache_dir, config_dir, data_dir

    monkeypatch.setenv("TOOTUI_CACHE_DIR", str(isolated_home / "elsewhere"))
    with demo_sandbox() as sandbox:
        assert {config_dir(), data_dir(), cache_dir()} == {
            sandbox / "config",
            sandbox / "data",
            sandbox / "cache",
        }
        assert AccountStore().path.is_relative_to(sandbox)
    assert not sandbox.exists()
    assert config_dir() == isolated_home / "config"
    assert cache_dir() == isolated_home / "elsewhere"
    assert "TOOTUI_DATA_DIR" not in os.environ
    assert demo_config(Config(token_store="keyring", language="ar")) == Config(
        token_store="file", language="ar"
    )


# --- 3.12: --account with an account that is not stored ---------------------------------------


def run_tootui(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m tootui ARGS`` with no terminal (an app that started would fail or hang)."""
    env = cli_env(home, LANG="C.UTF-8")
    return subprocess.run(
        [sys.executable, "-m", "tootui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def test_an_unknown_account_stops_and_names_the_stored_ones(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store_account(home, "alice@one.example", "https://one.example", "a-token")
    store_account(home, "bob@two.example", "https://two.example", "b-token")
    done = run_tootui(home, "--account", "nobody@nowhere")
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (
        "No stored account is called nobody@nowhere. "
        "The stored accounts are: alice@one.example, bob@two.example."
    )
    assert "\x1b[" not in done.stdout  # no screen was drawn


def test_an_unknown_account_with_none_stored_says_how_to_sign_in(tmp_path: Path) -> None:
    done = run_tootui(tmp_path / "home", "--account", "@Nobody@Nowhere")
    assert done.returncode == 1, done.stderr
    assert "No stored account is called @Nobody@Nowhere" in done.stderr
    assert "tootui login SERVER" in done.stderr


def test_a_stored_account_is_still_found_however_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tootui.startup import load_sessions

    store_account(tmp_path / "home", "alice@one.example", "https://one.example", "a-token")
    monkeypatch.setenv("TOOTUI_HOME", str(tmp_path / "home"))
    sessions, start, problem = load_sessions("@Alice@One.Example", token_store="file")
    assert (start, problem) == ("alice@one.example", None)
    assert [s.acct for s in sessions] == ["alice@one.example"]


# --- 3.12: q closes every dialog where q is not being typed -----------------------------------


S = TypeVar("S", bound=Screen[Any])


async def press_and_wait(pilot: Pilot[Any], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def screen_after(pilot: Pilot[Any], kind: type[S], *keys: str) -> S:
    """Press ``keys`` and let the app settle; the screen then on top, a ``kind``."""
    await press_and_wait(pilot, *keys)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


async def test_q_closes_the_links_dialog_and_follows_nothing(
    server: MockServer, bob: MastodonClient, opened: list[str]
) -> None:
    bob.post("see https://example.org/page and @carol about #Gardening")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        await press_and_wait(pilot, "o")
        assert isinstance(app.screen, LinksScreen)
        await press_and_wait(pilot, "q")
        assert app.screen is main
        # q on a link's "open in the browser?" question says no
        await press_and_wait(pilot, "o", "enter")
        assert isinstance(app.screen, ConfirmPrompt)
        await press_and_wait(pilot, "q")
        assert app.screen is main
        assert app.is_running
    assert opened == []


async def test_q_closes_the_vote_dialogs_without_voting(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    one = bob.post("tea or coffee", poll_options=["tea", "coffee"], poll_expires_in=3600)
    several = bob.post("pick some", poll_options=["red", "green", "blue"], poll_multiple=True)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        await press_and_wait(pilot, "V")  # the newest: several choices
        assert isinstance(app.screen, MultiChoicePrompt)
        await press_and_wait(pilot, "space", "q")
        assert app.screen is main
        await press_and_wait(pilot, "j", "V")
        assert isinstance(app.screen, ChoicePrompt)
        await press_and_wait(pilot, "q")
        assert app.screen is main
    for post in (one, several):
        poll = alice.status(post.id).poll
        assert poll is not None and not poll.voted


async def test_q_types_into_the_hashtag_prompt(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press_and_wait(pilot, "number_sign", "q", "u", "i", "z")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "quiz"
        await press_and_wait(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_q_closes_the_report_dialog_but_types_in_its_comment(
    server: MockServer, bob: MastodonClient
) -> None:
    bob.post("buy cheap things")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        report = await screen_after(pilot, ReportScreen, "exclamation_mark")
        await press_and_wait(pilot, "tab", *"quite q")
        assert report.query_one("#comment", Input).value == "quite q"
        assert app.screen is report
        await press_and_wait(pilot, "shift+tab")  # back on the categories
        assert isinstance(app.focused, RadioSet)
        await press_and_wait(pilot, "q")
        assert isinstance(app.screen, MainScreen)
    assert server.client("carol").admin_reports() == []


async def test_q_in_search_types_in_the_box_and_leaves_from_the_results(
    server: MockServer,
) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        search = await screen_after(pilot, SearchScreen, "slash", "q")
        assert search.query_one(Input).value == "q"
        await press_and_wait(pilot, "tab")
        assert not isinstance(app.focused, Input)
        await press_and_wait(pilot, "q")
        assert isinstance(app.screen, MainScreen)


async def test_q_closes_help_drafts_and_the_remove_question(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.screen
        for key, dialog in (("question_mark", HelpScreen), ("C", DraftsScreen)):
            await press_and_wait(pilot, key)
            assert isinstance(app.screen, dialog)
            await press_and_wait(pilot, "q")
            assert app.screen is main, key
        switcher = await screen_after(pilot, AccountsScreen, "at")
        await press_and_wait(pilot, "d")
        assert isinstance(app.screen, ConfirmRemoveScreen)
        await press_and_wait(pilot, "q")
        assert app.screen is switcher
        assert "alice@mock.local" in app.sessions  # kept
        await press_and_wait(pilot, "q")
        assert app.screen is main


# --- 3.12: a language written as a name, or one tootui does not have ------------------------


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("arabic", "ar"),
        ("Arabic", "ar"),
        ("العربية", "ar"),
        ("ar_EG", "ar"),
        ("ar-EG", "ar"),
        ("ar_EG.UTF-8", "ar"),
        ("english", "en"),
        ("en_GB", "en"),
    ],
)
def test_a_language_name_or_regional_code_is_understood(
    written: str, code: str, isolated_home: Path
) -> None:
    write_config(isolated_home, f'language = "{written}"\n')
    config = Config.load()
    assert (config.language, config.problem) == (code, None)


def test_the_interface_speaks_the_language_named_in_the_config(isolated_home: Path) -> None:
    write_config(isolated_home, 'language = "arabic"\n')
    done = run_tootui(isolated_home, "--help")
    assert done.returncode == 0, done.stderr
    assert "تشغيل خادم تجريبي" in done.stdout  # --demo's help, in Arabic


@pytest.mark.parametrize("written", ["klingon", "fr", "xx_YY"])
async def test_an_unknown_language_is_named_with_the_ones_there_are(
    written: str, server: MockServer, isolated_home: Path
) -> None:
    path = write_config(isolated_home, f'language = "{written}"\nstreaming = false\n')
    config = Config.load()
    assert config.language == "" and config.problem is not None
    app = TootUI([session_for("alice@mock.local", server.base_url, "alice_token")], config=config)
    notes = notes_of(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert notes[:1] == [config.problem]
    assert str(path) in notes[0] and repr(written) in notes[0]
    assert "en (English)" in notes[0] and "ar (العربية)" in notes[0]


# --- 3.12: keys are shown as the characters they are, and bound as the keys a terminal sends ---


def terminal_keys() -> set[str]:
    """Every key name Textual makes from what a terminal sends (``.`` is ``full_stop``)."""
    import string

    from textual.keys import Keys, _character_to_key

    printable = {_character_to_key(c) for c in string.printable if c.isprintable()}
    return printable | {k.value for k in Keys}


def every_binding() -> list[Any]:
    """(class, binding id, key) for every key of every binding a user can press."""
    from textual.binding import Binding

    from tootui.keys.__main__ import every_sectioned_class
    from tootui.widgets.timeline import TimelineView

    classes = set(every_sectioned_class()) | {
        TimelineView,
        TextPrompt,
        ChoicePrompt,
        ConfirmRemoveScreen,
    }
    cases = []
    for cls in sorted(classes, key=lambda c: c.__name__):
        for binding in vars(cls).get("BINDINGS", []):
            if not isinstance(binding, Binding):
                continue
            for key in (k.strip() for k in binding.key.split(",")):
                cases.append(pytest.param(cls, binding.id, key, id=f"{binding.id}:{key}"))
    return cases


@pytest.mark.parametrize(("cls", "binding_id", "key"), every_binding())
def test_every_binding_is_a_key_a_terminal_sends(cls: type, binding_id: str, key: str) -> None:
    assert key.rpartition("+")[2] in terminal_keys(), (
        f"{cls.__name__} {binding_id}: no terminal sends {key!r}"
    )


async def test_dot_reloads_a_thread_and_a_profile(
    server: MockServer, alice: MastodonClient, bob: MastodonClient
) -> None:
    root = bob.post("root of the thread")
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        thread = await screen_after(pilot, ThreadScreen, "enter")
        alice.post("@bob a late reply", in_reply_to_id=root.id)
        await press_and_wait(pilot, ".")
        assert "a late reply" in view_text(thread.current_view)
        profile = await screen_after(pilot, ProfileScreen, "escape", "a")
        bob.post("bob again, later")
        await press_and_wait(pilot, ".")
        assert "bob again, later" in view_text(profile.current_view)


def footer_row(app: TootUI) -> str:
    """The key bar as it is on screen (the last row)."""
    return app.screen._compositor.render_strips()[-1].text


async def test_help_shows_each_key_as_the_key_bar_does(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        bar = footer_row(app)
        for shown in ("↓ Next", "⏎ Thread", "/ Search", "^p palette"):
            assert shown in bar, bar
        await press_and_wait(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = [" ".join(line.split()) for line in help_text(app).splitlines()]
        for row in ("⏎, t Thread", "/ Search", "? Help", "@ Accounts", "# Hashtag", "! Report"):
            assert row in lines, row
        assert "esc, q, ? Close" in lines
        for name in ("question_mark", "number_sign", "exclamation_mark", "slash", "Esc", "Enter"):
            assert not any(name in line.split(",")[0].split() for line in lines), name


async def test_the_key_bar_shows_load_newer_as_a_dot(server: MockServer) -> None:
    app = make_app(server)
    async with app.run_test(size=(300, 30)) as pilot:
        await settle(pilot)
        assert ". Load newer" in footer_row(app)


def help_text(app: TootUI) -> str:
    return str(app.screen.query_one("#help-text", Static).content)


# --- 3.12: help scrolls with the reading keys, and its headings are translated ---------------


@pytest.fixture
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("en", ("Everywhere", "Moving around", "Help")),
        ("ar", ("في كل مكان", "التنقل", "مساعدة")),
    ],
)
async def test_help_scrolls_with_the_reading_keys_in_each_language(
    language: str, headings: tuple[str, ...], server: MockServer, english_after: None
) -> None:
    app = TootUI(
        [session_for("alice@mock.local", server.base_url, "alice_token")],
        config=Config(language=language, streaming=False),
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        help_screen = await screen_after(pilot, HelpScreen, "question_mark")
        text = help_text(app)
        for heading in headings:
            assert f"\n{heading}\n" in text, heading
        if language == "ar":
            assert "Everywhere" not in text and "Moving around" not in text
        box = help_screen.query_one(VerticalScroll)
        assert box.scroll_y == 0 and box.max_scroll_y > box.size.height
        await press_and_wait(pilot, "j", "j", "j")
        assert box.scroll_y == 3
        await press_and_wait(pilot, "k")
        assert box.scroll_y == 2
        await press_and_wait(pilot, "G")
        assert box.scroll_y == box.max_scroll_y
        await press_and_wait(pilot, "g")
        assert box.scroll_y == 0
        await press_and_wait(pilot, "space")
        page = box.scroll_y
        assert page >= box.size.height - 2
        await press_and_wait(pilot, "pagedown", "end")
        assert box.scroll_y == box.max_scroll_y
        await press_and_wait(pilot, "home")
        assert box.scroll_y == 0
        await press_and_wait(pilot, "q")
        assert isinstance(app.screen, MainScreen)


async def test_the_go_prefix_shows_keys_as_the_key_bar_does_and_q_leaves(
    server: MockServer,
) -> None:
    app = make_app(server)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        hint = str(app.screen.query_one(Static).render())
        assert "h Home" in hint and "esc Cancel" in hint
        assert "escape" not in hint  # a key name, not what the key bar shows
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.is_running
