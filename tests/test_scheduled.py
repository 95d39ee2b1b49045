"""Scheduled posts by keys: schedule one in the composer at a typed local time, then see,
reschedule and cancel it in the scheduled posts view; a server without them says so."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer
from textual.widgets import Input, Static

from tests.apphelpers import said, settle, view_text, wait_until
from tests.conftest import refuse_once
from tests.test_compose import open_composer
from tootui.api import MastodonClient, ScheduledPost
from tootui.api.publish import OutgoingPost, publish
from tootui.app import TootUI
from tootui.compose_rules import format_schedule, parse_schedule, read_schedule, schedule_problem
from tootui.drafts import DraftStore
from tootui.screens.compose import ComposeScreen
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, TextPrompt
from tootui.screens.scheduled import ScheduledScreen
from tootui.startup import session_for

ARABIC = "موعدنا غدا في المساء"
SMALL = (80, 24)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[datetime]:
    """Local time is Berlin's, and "now" is the real time (mastodon-mock schedules by
    its own clock), to the minute. Yields that now."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    current = datetime.now(UTC).replace(second=0, microsecond=0)
    monkeypatch.setenv("TOOTUI_NOW", current.isoformat())
    yield current
    monkeypatch.undo()
    time.tzset()


def make_app(server: MockServer) -> TootUI:
    return TootUI([session_for("alice@mock.local", server.base_url, "alice_token")])


def form_status(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-status", Static).render())


def settings_line(screen: ComposeScreen) -> str:
    return str(screen.query_one("#compose-settings", Static).render())


async def type_time(pilot: Any, typed: str) -> None:
    """Answer the time prompt that is open with ``typed`` (replacing what it holds)."""
    app = pilot.app
    assert await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt))
    app.screen.query_one(Input).value = ""
    await pilot.press(*typed, "enter")
    await pilot.pause()


def prompt_title(app: TootUI) -> str:
    return str(app.screen.query_one(".title", Static).render())


# --- reading a typed time -------------------------------------------------------------


def test_typed_times_read_in_local_time(berlin: datetime) -> None:
    now = datetime(2026, 12, 24, 15, 0, tzinfo=UTC)  # 16:00 in Berlin
    assert parse_schedule("2026-12-24 18:30", now) == datetime(2026, 12, 24, 17, 30, tzinfo=UTC)
    assert parse_schedule("18:30", now) == datetime(2026, 12, 24, 17, 30, tzinfo=UTC)
    assert parse_schedule("09:15", now) == datetime(2026, 12, 25, 8, 15, tzinfo=UTC)  # tomorrow
    assert parse_schedule("+2h", now) == now + timedelta(hours=2)
    assert parse_schedule("+30m", now) == now + timedelta(minutes=30)
    assert parse_schedule("١٨:٣٠", now) == datetime(2026, 12, 24, 17, 30, tzinfo=UTC)
    for nonsense in ("", "soon", "25:00", "2026-02-31 10:00", "+", "+0m", "18"):
        assert parse_schedule(nonsense, now) is None, nonsense
    assert format_schedule(now + timedelta(hours=2), now) == "Thu 24 Dec 18:00 CET"
    assert (
        format_schedule(datetime(2027, 7, 1, 10, 0, tzinfo=UTC), now)
        == "Thu 01 Jul 2027 12:00 CEST"
    )
    when, problem = read_schedule("+4m", now)
    assert when is None and "at least 5 minutes" in problem
    when, problem = read_schedule("15:30", now)  # today's 15:30 has passed: tomorrow's
    assert when == datetime(2026, 12, 25, 14, 30, tzinfo=UTC) and problem == ""
    assert schedule_problem(now - timedelta(hours=1), now) == "Thu 24 Dec 15:00 CET has passed."


# --- scheduling in the composer -------------------------------------------------------


async def test_a_post_in_arabic_scheduled_for_a_typed_time(
    server: MockServer, alice: MastodonClient, berlin: datetime
) -> None:
    local = (berlin + timedelta(days=1)).astimezone()
    typed = local.strftime("%Y-%m-%d %H:%M")
    expected = local.replace(second=0, microsecond=0).astimezone(UTC)
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*ARABIC)
        await pilot.press("ctrl+l")
        assert "Europe/Berlin" not in prompt_title(app)  # the zone's own name: CET/CEST
        assert local.strftime("%Z") in prompt_title(app)
        await type_time(pilot, typed)
        shown = format_schedule(expected, berlin)
        assert shown.endswith(local.strftime("%Z"))
        assert f"Scheduled for {shown}" in settings_line(screen)
        assert screen.draft.scheduled_at == expected.isoformat()

        def saved_time() -> str | None:  # the schedule is saved with the draft (as typed)
            saved = DraftStore().load(screen.draft.id)
            return saved.scheduled_at if saved is not None else None

        assert await wait_until(pilot, lambda: saved_time() == expected.isoformat())
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        await settle(pilot)
        assert f"Scheduled for {shown}." in said(app)
    scheduled = alice.scheduled_posts()
    assert [(p.text, p.scheduled_at) for p in scheduled] == [(ARABIC, expected)]
    me = alice.verify_credentials()
    from tootui.api.client import TimelineSource

    mine = alice.timeline(TimelineSource("account", me.id), limit=40).items
    assert not any(ARABIC in s.content for s in mine)  # not published now
    assert DraftStore().list() == []


async def test_a_time_too_close_is_refused_and_kept_for_correcting(
    server: MockServer, alice: MastodonClient, berlin: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"soon")
        await pilot.press("ctrl+l")
        await type_time(pilot, "+3m")
        assert isinstance(app.screen, TextPrompt)  # asked again, with what was typed
        assert "at least 5 minutes" in prompt_title(app)
        assert app.screen.query_one(Input).value == "+3m"
        await type_time(pilot, "+10m")
        assert isinstance(app.screen, ComposeScreen)
        assert screen.draft.scheduled_at is not None
        # Writing took a while: at the send the time is too close, and nothing is sent.
        monkeypatch.setenv("TOOTUI_NOW", (berlin + timedelta(minutes=7)).isoformat())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "at least 5 minutes" in form_status(screen)
        assert "nothing was sent" in form_status(screen)
        # The schedule can be cleared: then ctrl+s posts at once.
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.draft.scheduled_at is None
        assert "Scheduled" not in settings_line(screen)
    assert alice.scheduled_posts() == []


async def test_a_failed_schedule_keeps_the_post_and_its_time(
    server: MockServer, alice: MastodonClient, berlin: datetime
) -> None:
    refuse_once(server, 503, "Down for maintenance", path="/api/v1/statuses", methods=["POST"])
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"later")
        await pilot.press("ctrl+l")
        await type_time(pilot, "+2h")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "kept here" in form_status(screen)
        saved = DraftStore().load(screen.draft.id)
        assert saved is not None and saved.scheduled_at == screen.draft.scheduled_at
        await pilot.press("ctrl+s")  # again: now the server takes it
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    expected = berlin + timedelta(hours=2)
    assert [(p.text, p.scheduled_at) for p in alice.scheduled_posts()] == [("later", expected)]


# --- the scheduled posts view ---------------------------------------------------------


async def test_the_view_reschedules_and_cancels(
    server: MockServer, alice: MastodonClient, berlin: datetime
) -> None:
    first = alice.post(ARABIC, scheduled_at=berlin + timedelta(days=2))
    second = alice.post(
        "a quiet one",
        visibility="unlisted",
        spoiler_text="CW here",
        scheduled_at=berlin + timedelta(days=1),
    )
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("g", "s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ScheduledScreen))
        screen = app.screen
        await settle(pilot)
        text = view_text(screen.current_view)
        assert format_schedule(berlin + timedelta(days=1), berlin) in text
        assert "CW: CW here" in text and "Unlisted" in text
        assert "2 scheduled posts." in said(app)
        assert [e.item.id for e in screen.current_view.entries] == [second.id, first.id]
        # e: reschedule the first (the soonest) to a typed time, three days on
        await pilot.press("e")
        new_local = (berlin + timedelta(days=3)).astimezone()
        await type_time(pilot, new_local.strftime("%Y-%m-%d %H:%M"))
        await settle(pilot)
        assert "Rescheduled for" in said(app)
        # d: cancel the other, after a question
        screen.current_view.selected = 0
        cancelled = screen.current_view.current.item
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmPrompt)
        await pilot.press("y")
        await settle(pilot)
        assert "Cancelled" in said(app)
        assert len(screen.current_view.entries) == 1
    left = alice.scheduled_posts()
    assert [p.id for p in left] == [second.id]
    assert left[0].scheduled_at == berlin + timedelta(days=3)
    assert cancelled.id == first.id
    assert [d.text for d in DraftStore().list()] == [ARABIC]  # its words are not lost


async def test_a_server_without_scheduled_posts_says_so(
    server: MockServer, berlin: datetime
) -> None:
    server.fault(status=404, path="/api/v1/scheduled_statuses", body={"error": "Not Found"})
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("g", "s")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ScheduledScreen))
        await settle(pilot)
        assert "does not offer this (scheduled posts)" in said(app)
        assert "Traceback" not in said(app)
        # the composer then refuses to post a scheduled post at once by mistake
        await pilot.press("escape", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        await pilot.press(*"hi", "ctrl+l")
        await type_time(pilot, "+1h")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "does not offer scheduled posts" in form_status(screen)


def test_publish_answers_with_a_scheduled_post_not_a_status(alice: MastodonClient) -> None:
    when = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    post = OutgoingPost("for later", visibility="unlisted", scheduled_at=when)
    result = publish(alice, post)
    assert isinstance(result, ScheduledPost)
    assert (result.text, result.visibility, result.scheduled_at) == ("for later", "unlisted", when)
    assert [p.id for p in alice.scheduled_posts()] == [result.id]


async def test_a_server_that_publishes_at_once_is_reported(
    server: MockServer, alice: MastodonClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Our clock says two hours ahead; the server's says that time has passed, so it
    publishes the post at once (a Status comes back): the composer says so."""
    monkeypatch.setenv("TOOTUI_NOW", (datetime.now(UTC) - timedelta(days=1)).isoformat())
    app = make_app(server)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_composer(app, pilot)
        await pilot.press(*"now, it seems", "ctrl+l")
        await type_time(pilot, "+2h")
        assert screen.draft.scheduled_at is not None
        await pilot.press("ctrl+s")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
        await settle(pilot)
        assert "Posted now" in said(app)
    assert alice.scheduled_posts() == []
