"""Terminal notifications (OSC 9 / OSC 777): the sequences, and the app sending them live.

The app tests run against mastodon-mock with streaming on; the app is told the terminal
lost focus with the ``AppBlur`` event Textual posts when a terminal reports it, and what
reaches the terminal is read from the driver's ``write`` (headless in ``run_test``). The
pty test runs the installed ``tootui`` and reads the real bytes.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual import events

from tests.apphelpers import wait_until
from tests.pty_app import PtyApp, pty_env, store_account
from tootui.api import Account, MastodonClient, Notification, Status
from tootui.app import TootUI
from tootui.config import Config
from tootui.screens.main import MainScreen
from tootui.screens.views import CONVERSATIONS
from tootui.startup import session_for
from tootui.terminal_notify import (
    detect_protocol,
    notification_sequence,
    resolve_protocol,
    safe_field,
    summary,
)

HOSTILE = "Bob\x1b]0;PWNED\x07 \x1b[2J;evil\u202eDESREVER\u202c\x9b31m\x9d8;;x\x9c"
OSC = re.compile(r"\x1b\](?:9|777);")


# --- the sequences ----------------------------------------------------------------------


def test_osc9_is_one_string_ended_by_bel() -> None:
    seq = notification_sequence("tootui", "bob mentioned you: hello", "osc9", {})
    assert seq == "\x1b]9;tootui: bob mentioned you: hello\x07"


def test_osc777_has_title_and_body_fields() -> None:
    seq = notification_sequence("tootui", "bob mentioned you", "osc777", {})
    assert seq == "\x1b]777;notify;tootui;bob mentioned you\x07"


def test_inside_tmux_the_sequence_is_wrapped_with_every_esc_doubled() -> None:
    seq = notification_sequence("tootui", "hi", "osc9", {"TMUX": "/tmp/tmux-1/default,1,0"})
    assert seq == "\x1bPtmux;\x1b\x1b]9;tootui: hi\x07\x1b\\"


def test_inside_gnu_screen_the_sequence_is_a_dcs_string() -> None:
    seq = notification_sequence("tootui", "hi", "osc777", {"STY": "1.pts", "TERM": "screen"})
    assert seq == "\x1bP\x1b]777;notify;tootui;hi\x07\x1b\\"


@pytest.mark.parametrize("protocol", ["osc9", "osc777"])
@pytest.mark.parametrize("environ", [{}, {"TMUX": "x"}], ids=["plain", "tmux"])
def test_a_hostile_name_carries_no_escape_bel_separator_or_override(
    protocol: Any, environ: dict[str, str]
) -> None:
    seq = notification_sequence("tootui", f"{HOSTILE} mentioned you: {HOSTILE}", protocol, environ)
    # Only the sequence's own framing: one introducer, one BEL, the tmux wrapper.
    inner = seq
    if environ:
        assert seq.startswith("\x1bPtmux;\x1b\x1b]") and seq.endswith("\x1b\\")
        inner = seq[len("\x1bPtmux;\x1b") : -2].replace("\x1b\x1b", "\x1b")
    assert inner.count("\x1b") == 1 and inner.startswith("\x1b]")
    assert inner.count("\x07") == 1 and inner.endswith("\x07")
    payload = inner[2:-1]
    separators = 3 if protocol == "osc777" else 1  # 777;notify;title;body — 9;text
    assert payload.count(";") == separators
    assert not any(0x80 <= ord(c) <= 0x9F or ord(c) < 0x20 for c in payload)
    for override in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert override not in payload
    assert "DESREVER" in payload and "PWNED" in payload  # the text is kept, made harmless


def test_remote_text_is_shortened() -> None:
    field = safe_field("x" * 5000)
    assert len(field) == 200 and field.endswith("…")
    assert len(notification_sequence("t", "y" * 5000, "osc9", {})) < 300


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"TERM_PROGRAM": "iTerm.app"}, "osc9"),
        ({"TERM": "xterm-kitty", "KITTY_WINDOW_ID": "1"}, "osc9"),
        ({"LC_TERMINAL": "iTerm2", "TERM": "xterm-256color"}, "osc9"),  # over SSH
        ({"TERM_PROGRAM": "WezTerm"}, "osc777"),
        ({"TERM": "xterm-ghostty"}, "osc777"),
        ({"TERM": "tmux-256color", "TMUX": "x", "KITTY_WINDOW_ID": "3"}, "osc9"),
        ({"TERM": "foot"}, "osc777"),
        ({"TERM": "rxvt-unicode-256color"}, "osc777"),
        ({"TERM": "xterm-256color", "VTE_VERSION": "7600"}, "osc777"),
        ({"TERM": "xterm-256color"}, "osc9"),
    ],
)
def test_the_protocol_follows_the_terminal(environ: dict[str, str], expected: str) -> None:
    assert detect_protocol(environ) == expected
    other = "osc9" if expected == "osc777" else "osc777"
    assert resolve_protocol(other, environ) == other  # the setting wins


def _account(name: str) -> Account:
    return Account.from_api({"id": name, "username": name, "acct": name, "display_name": name})


def _note(kind: str, who: str, n: int) -> Notification:
    status = None
    if kind == "mention":
        status = Status.from_api(
            {
                "id": str(n),
                "content": "<p>hi</p>",
                "account": {"id": who, "username": who, "acct": who},
                "created_at": "2026-11-20T12:00:00Z",
                "visibility": "public",
            }
        )
    return Notification(
        id=str(n),
        type=kind,
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
        accounts=(_account(who),),
        status=status,
    )


def test_several_at_once_make_one_sentence() -> None:
    notes = [_note("mention", "bob", 1), _note("mention", "carol", 2), _note("mention", "bob", 3)]
    assert summary(notes) == "3 new mentions from bob, carol"
    mixed = [_note("mention", "bob", 1), _note("follow_request", "dave", 2)]
    assert summary(mixed) == "2 new notifications from bob, dave"
    assert summary([_note("follow_request", "dave", 2)]) == "dave asks to follow you"


# --- in the app, live --------------------------------------------------------------------


def make_app(server: MockServer, *, also: tuple[str, ...] = (), **config: Any) -> TootUI:
    """The app signed in as alice (and the users in ``also``), alice's timelines shown."""
    users = ("alice", *also)
    return TootUI(
        [session_for(f"{u}@mock.local", server.base_url, f"{u}_token") for u in users],
        config=Config(streaming=True, **config),
        start_acct="alice@mock.local",
    )


@asynccontextmanager
async def live_app(
    server: MockServer, *, blurred: bool = True, also: tuple[str, ...] = (), **config: Any
) -> AsyncIterator[tuple[Any, MainScreen, list[str]]]:
    """The app with home live (the terminal unfocused if ``blurred``); the list holds
    what the app writes to the terminal from then on."""
    app = make_app(server, also=also, **config)
    written: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)

        def live() -> bool:
            controller = screen.live.get("home")
            return bool(controller and controller.watcher and controller.watcher.used_transport)

        assert await wait_until(pilot, live)
        driver = app._driver
        assert driver is not None
        original = driver.write

        def write(data: str) -> None:
            written.append(data)
            original(data)

        driver.write = write  # type: ignore[method-assign]
        if blurred:
            app.post_message(events.AppBlur())  # as Textual does when the terminal says so
            assert await wait_until(pilot, lambda: not app.app_focus)
        yield pilot, screen, written


def sent(written: list[str]) -> list[str]:
    return [w for w in written if OSC.search(w)]


async def settled(pilot: Any, screen: MainScreen, notifications: int) -> None:
    """Wait until ``notifications`` arrived and nothing is waiting to be written."""
    alerts = screen.alerts
    assert alerts is not None
    assert await wait_until(
        pilot,
        lambda: screen.session.unread_notifications == notifications and not alerts.waiting,
    )


async def test_a_mention_while_unfocused_sends_one_notification(
    server: MockServer, bob: MastodonClient
) -> None:
    server.client("bob").account_update_credentials(display_name=HOSTILE)
    async with live_app(server, notification_protocol="osc777") as (pilot, screen, written):
        bob.post("@alice are you there? \x1b]0;TITLE\x07")
        assert await wait_until(pilot, lambda: len(sent(written)) == 1)
        await settled(pilot, screen, 1)
        (seq,) = sent(written)  # one, not one per stream or per message
        assert seq.startswith("\x1b]777;notify;tootui;") and seq.endswith("\x07")
        body = seq[len("\x1b]777;notify;tootui;") : -1]
        assert "\x1b" not in body and "\x07" not in body and ";" not in body
        assert "\u202e" not in body and "\x9b" not in body
        assert body.startswith("Bob␛]0,PWNED␇ ␛[2J,evil") and "DESREVER" in body
        assert "mentioned you: @alice are you there?" in body


async def test_several_mentions_at_once_make_one_notification(
    server: MockServer, bob: MastodonClient
) -> None:
    async with live_app(server) as (pilot, screen, written):
        bob.post("@alice one")
        bob.post("@alice two")
        bob.post("@alice three")
        await settled(pilot, screen, 3)
        # gathered into one; a loaded machine may split them in two, never one each
        notes = sent(written)
        assert len(notes) in (1, 2), notes
        if len(notes) == 1:
            assert notes[0] == "\x1b]9;tootui: 3 new mentions from Bob\x07"


async def test_no_notification_while_focused(server: MockServer, bob: MastodonClient) -> None:
    async with live_app(server, blurred=False) as (pilot, screen, written):
        bob.post("@alice you are looking at me")
        await settled(pilot, screen, 1)
        assert sent(written) == []
        screen.app.post_message(events.AppBlur())  # what comes after this is said
        assert await wait_until(pilot, lambda: not screen.app.app_focus)
        bob.post("@alice and now you are not")
        await settled(pilot, screen, 2)
        assert [note[-20:] for note in sent(written)] == ["and now you are not\x07"]


async def test_notify_when_always_sends_while_focused(
    server: MockServer, bob: MastodonClient
) -> None:
    async with live_app(server, blurred=False, notify_when="always") as (pilot, screen, written):
        assert screen.app.app_focus
        bob.post("@alice focus or not")
        await settled(pilot, screen, 1)
        assert sent(written) == ["\x1b]9;tootui: Bob mentioned you: @alice focus or not\x07"]


async def test_notifications_off_sends_none(server: MockServer, bob: MastodonClient) -> None:
    async with live_app(server, notifications="off", notify_when="always") as (
        pilot,
        screen,
        written,
    ):
        bob.post("@alice nobody hears this")
        await settled(pilot, screen, 1)
        assert sent(written) == []


@pytest.mark.parametrize(("level", "expected"), [("mentions", 0), ("all", 1)])
async def test_a_favourite_is_said_only_with_all(
    server: MockServer, alice: MastodonClient, bob: MastodonClient, level: str, expected: int
) -> None:
    mine = alice.post("a post of mine")
    async with live_app(server, notifications=level) as (pilot, screen, written):
        bob.favourite(mine.id)
        await settled(pilot, screen, 1)
        favourited = "\x1b]9;tootui: Bob favourited your post: a post of mine\x07"
        assert sent(written) == [favourited] * expected


async def test_a_direct_message_on_two_streams_is_said_once(
    server: MockServer, bob: MastodonClient
) -> None:
    async with live_app(server) as (pilot, screen, written):
        await pilot.press("g", "d")  # the conversations tab: the direct stream too

        def direct_live() -> bool:
            controller = screen.live.get(CONVERSATIONS)
            return bool(controller and controller.watcher and controller.watcher.used_transport)

        assert await wait_until(pilot, direct_live)
        screen.app.post_message(events.AppBlur())  # the key press counted as focus
        assert await wait_until(pilot, lambda: not screen.app.app_focus)
        dm = bob.post("@alice just between us", visibility="direct")
        view = screen.view(CONVERSATIONS)
        assert await wait_until(pilot, lambda: view.index_of(dm.id) is not None)
        await settled(pilot, screen, 1)
        assert sent(written) == [
            "\x1b]9;tootui: Bob sent you a direct message: @alice just between us\x07"
        ]


async def test_a_mention_behind_a_content_warning_shows_only_the_warning(
    server: MockServer, bob: MastodonClient
) -> None:
    async with live_app(server) as (pilot, screen, written):
        bob.post("@alice the ending of the film", spoiler_text="film spoilers")
        await settled(pilot, screen, 1)
        assert sent(written) == ["\x1b]9;tootui: Bob mentioned you: CW: film spoilers\x07"]


async def test_with_several_accounts_the_title_names_the_one_mentioned(
    server: MockServer, bob: MastodonClient
) -> None:
    async with live_app(server, also=("carol",), notification_protocol="osc777") as (
        pilot,
        screen,
        written,
    ):
        assert screen.session.acct == "alice@mock.local"
        bob.post("@alice which of you?")
        await settled(pilot, screen, 1)
        assert sent(written) == [
            "\x1b]777;notify;tootui alice@mock.local;Bob mentioned you: @alice which of you?\x07"
        ]


# --- the real bytes, in a pty -------------------------------------------------------------

FOCUS_OUT = "\x1b[O"  # what a terminal with focus reporting (mode 1004) sends


@pytest.mark.parametrize(
    ("extra", "start"),
    [({}, b"\x1b]9;"), ({"TMUX": "/tmp/tmux-1/default,1,0"}, b"\x1bPtmux;\x1b\x1b]9;")],
    ids=["plain", "tmux"],
)
def test_a_hostile_name_cannot_inject_escapes_through_a_notification(
    server: MockServer, bob: MastodonClient, tmp_path: Path, extra: dict[str, str], start: bytes
) -> None:
    server.client("bob").account_update_credentials(display_name=HOSTILE)
    home = tmp_path / "home"
    store_account(home, "alice@mock.local", server.base_url, "alice_token")
    bob.post("the newest post before the app started")
    env = pty_env(tmp_path, home, TOOTUI_NOW="2026-11-20T12:00:00+00:00", **extra)
    app = PtyApp([], env)
    try:
        # "Live": the stream is connected, so the mention comes as a live notification
        assert app.wait_for("the newest post before the app started", "Live"), app.text()
        assert b"\x1b[?1004h" in app.raw  # Textual asked the terminal to report focus
        app.press(FOCUS_OUT)
        bob.post("@alice PING from a hostile name")
        assert app.wait_until(lambda _t: start in app.raw), app.text()
        raw = bytes(app.raw)
        assert raw.count(b"]9;") == 1
        begin = raw.index(start) + len(start)
        payload = raw[begin : raw.index(b"\x07", begin)]
        if extra:
            assert raw[begin + len(payload) :].startswith(b"\x07\x1b\\")  # the wrapper's end
        assert payload.startswith(b"tootui: Bob") and b"PING from a hostile name" in payload
        assert b"\x1b" not in payload and b";" not in payload
        text = payload.decode()
        assert "\u202e" not in text and not any(0x80 <= ord(c) <= 0x9F for c in text)
        assert b"\x1b]0;PWNED" not in raw and b"\x1b[2J;evil" not in raw
        assert "\x9d8;;x".encode() not in raw
        assert app.proc.poll() is None
    finally:
        app.close()
