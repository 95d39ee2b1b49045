"""SVG snapshots of the reading screens, 100x30, fixed clock and time zone.

The app runs against the mock server (so screens, workers and keys are real), and the
entries shown are real Mastodon 4.7 JSON from the fixtures, put into the views directly:
their ids and times never change, so neither do the pictures.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.pilot import Pilot

from tests.conftest import load_fixture
from tests.test_timelines import SIZE, main_screen, make_app, settle
from tootui.api import Account, Context, Notification, Relationship, Status
from tootui.screens.main import PostScreen
from tootui.screens.profile import ProfileLoaded, ProfileScreen
from tootui.screens.thread import ThreadLoaded, ThreadScreen
from tootui.screens.views import entry_key

pytestmark = pytest.mark.usefixtures("utc")  # dates older than a month are in local time


def statuses(*indexes: int) -> list[Status]:
    rows = load_fixture("statuses")
    return [Status.from_api(rows[i]) for i in indexes]


def show(screen: PostScreen, items: list[Any], *, say: str) -> None:
    """Put fixture entries into the screen's current view and a fixed status line."""
    view = screen.current_view
    view.set_entries([(entry_key(item), item) for item in items])
    view.exhausted = True
    screen.say(say)


def timeline_app(server: MockServer, items: list[Any], *, press: tuple[str, ...] = ()) -> Any:
    app = make_app(server)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press(*press)
        await settle(pilot)
        main = main_screen(app)
        show(main, items, say="snapshot")
        await pilot.pause()

    return app, before


def test_home_timeline(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(8, 28, 3))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_content_warning_closed(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(83, 29))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_content_warning_open(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(83, 29))
    assert snap_compare(app, terminal_size=SIZE, run_before=before, press=["s"])


def test_boost(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(130, 29))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_poll(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(25))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_media_with_and_without_alt_text(snap_compare: Any, server: MockServer) -> None:
    app, before = timeline_app(server, statuses(27, 111))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_notifications(snap_compare: Any, server: MockServer) -> None:
    rows = load_fixture("notifications")
    wanted = [0, 43, 44, 47]  # a mention, a follow, a sign-up, a new post
    notes = [Notification.from_api(rows[i]) for i in wanted]
    app, before = timeline_app(server, notes, press=("4",))
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_thread(snap_compare: Any, server: MockServer) -> None:
    root, reply, nested, other = statuses(8, 7, 16, 33)
    reply = replace(reply, in_reply_to_id=root.id)
    nested = replace(nested, in_reply_to_id=reply.id)
    other = replace(other, in_reply_to_id=root.id)
    app = make_app(server)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = ThreadScreen(app.session, reply)
        await app.push_screen(screen)
        await settle(pilot)  # the mock does not know this post: it says so, then
        screen.post_message(ThreadLoaded(Context((root,), (nested, other)), reply))
        await pilot.pause()
        screen.say("snapshot")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_profile(snap_compare: Any, server: MockServer) -> None:
    account = Account.from_api(load_fixture("accounts")[9])
    posts = statuses(5, 83)
    rel = Relationship(
        id=account.id,
        following=True,
        followed_by=True,
        requested=False,
        muting=False,
        blocking=False,
    )
    app = make_app(server)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = ProfileScreen(app.session, account)
        await app.push_screen(screen)
        await settle(pilot)
        screen.post_message(ProfileLoaded(account, rel))
        await pilot.pause()
        show(screen, posts, say="snapshot")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=before)


def test_help(snap_compare: Any, server: MockServer) -> None:
    app = make_app(server)

    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        main_screen(app).say("snapshot")

    assert snap_compare(app, terminal_size=SIZE, run_before=before, press=["question_mark"])
