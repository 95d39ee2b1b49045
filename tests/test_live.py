"""tootui.live: messages from a real stream into a Textual app, "N new posts", read positions."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from mastodon_mock.testing.server import MockServer
from textual.app import App
from textual.message import Message

from tootui.api import MastodonClient, Status
from tootui.api.streaming import (
    Connected,
    Disconnected,
    GapFilled,
    NewStatus,
    Overflow,
    StatusDeleted,
    StatusEdited,
)
from tootui.live import (
    LiveController,
    LiveDelete,
    LiveEdit,
    LiveState,
    LiveStatuses,
    load_marker,
    marker_file,
    messages_for,
    save_marker,
)
from tootui.paths import data_dir

WAIT = 20.0


def status(status_id: str, text: str = "hi") -> Status:
    return Status.from_api(
        {
            "id": status_id,
            "content": f"<p>{text}</p>",
            "account": {"id": "1", "username": "bob", "acct": "bob"},
        }
    )


# --- messages from event batches ---------------------------------------------------------


def test_a_batch_becomes_few_messages_in_order() -> None:
    events = [
        Connected(),
        NewStatus(status("5")),
        NewStatus(status("7")),
        GapFilled((status("6"), status("5"))),
        StatusEdited(status("7", "edited")),
        StatusDeleted("5"),
        NewStatus(status("8")),
        Disconnected("gone", polling=True),
    ]
    messages = messages_for("home", events)
    assert [type(m).__name__ for m in messages] == [
        "LiveState",
        "LiveStatuses",
        "LiveEdit",
        "LiveDelete",
        "LiveStatuses",
        "LiveState",
    ]
    assert all(m.view_key == "home" for m in messages)
    first = messages[1]
    assert isinstance(first, LiveStatuses)
    assert [s.id for s in first.statuses] == ["7", "6", "5"]  # newest first, 5 once
    last = messages[-1]
    assert isinstance(last, LiveState) and last.polling and not last.connected


def test_overflow_and_incomplete_gaps_ask_for_a_reload() -> None:
    messages = messages_for("local", [Overflow(12), GapFilled((), complete=False)])
    states = [m for m in messages if isinstance(m, LiveState)]
    assert len(states) == 2 and all(s.reload for s in states)
    assert "12 updates were skipped" in states[0].text


def test_state_and_edit_messages_merge_but_posts_do_not() -> None:
    assert LiveState("home", True, "Live").can_replace(LiveState("home", False, "gone"))
    assert not LiveState("home", True, "Live").can_replace(LiveState("local", False, "x"))
    reload = LiveState("home", True, "reload", reload=True)
    assert not LiveState("home", True, "Live").can_replace(reload)
    assert LiveEdit("home", status("3", "b")).can_replace(LiveEdit("home", status("3", "a")))
    assert not LiveEdit("home", status("3")).can_replace(LiveEdit("home", status("4")))
    posts = LiveStatuses("home", [status("1")])
    assert not posts.can_replace(LiveStatuses("home", [status("2")]))
    assert not LiveDelete("home", "1").can_replace(LiveDelete("home", "2"))


# --- the controller in a real app ----------------------------------------------------------


class LiveApp(App[None]):
    """The smallest owner of a LiveController: it records what reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.received: list[Message] = []
        self.changed = asyncio.Event()

    def _note(self, message: Message) -> None:
        self.received.append(message)
        self.changed.set()

    def on_live_statuses(self, message: LiveStatuses) -> None:
        self._note(message)

    def on_live_state(self, message: LiveState) -> None:
        self._note(message)

    def on_live_delete(self, message: LiveDelete) -> None:
        self._note(message)

    async def wait_for(self, predicate: Any) -> Any:
        async def until() -> Any:
            while not (found := predicate(self.received)):
                self.changed.clear()
                await self.changed.wait()
            return found

        return await asyncio.wait_for(until(), WAIT)


async def test_controller_posts_live_messages_to_its_owner(
    alice: MastodonClient, bob: MastodonClient
) -> None:
    app = LiveApp()
    async with app.run_test():
        live = LiveController(app, alice, "home", "user", batch_interval=0.05)
        live.start()
        try:
            await app.wait_for(
                lambda got: [m for m in got if isinstance(m, LiveState) and m.connected]
            )
            posted = await asyncio.to_thread(bob.post, "live to the screen")
            arrived = await app.wait_for(
                lambda got: [m for m in got if isinstance(m, LiveStatuses)]
            )
            assert [s.id for s in arrived[0].statuses] == [posted.id]
            assert arrived[0].view_key == "home"
            await asyncio.to_thread(bob.delete, posted.id)
            gone = await app.wait_for(lambda got: [m for m in got if isinstance(m, LiveDelete)])
            assert gone[0].status_id == posted.id
        finally:
            live.stop()
        assert not live.running
        count = len(app.received)
        # A witness on the same stream: once it has the next post, a controller that still
        # ran would have posted it too (or be about to: a stopped one posts nothing).
        witness = LiveController(app, alice, "witness", "user", batch_interval=0.05)
        witness.start()
        try:
            await app.wait_for(
                lambda got: [
                    m
                    for m in got
                    if isinstance(m, LiveState) and m.view_key == "witness" and m.connected
                ]
            )
            after = await asyncio.to_thread(bob.post, "after stop")
            await app.wait_for(
                lambda got: [
                    m
                    for m in got
                    if isinstance(m, LiveStatuses)
                    and m.view_key == "witness"
                    and after.id in [s.id for s in m.statuses]
                ]
            )
        finally:
            witness.stop()
        assert [m for m in app.received[count:] if getattr(m, "view_key", "") == "home"] == []


# --- read position ----------------------------------------------------------------------


def test_marker_round_trip_through_the_server(server: MockServer, alice: MastodonClient) -> None:
    posted = alice.post("read up to here")
    assert save_marker(alice, "home", posted.id) == "server"
    fresh = MastodonClient(server.base_url, "alice_token", timeout=10)
    assert load_marker(fresh, "home") == posted.id
    assert fresh.markers(("home",))["home"].last_read_id == posted.id  # really on the server


def test_marker_falls_back_to_a_local_file_without_the_markers_api(
    server: MockServer, alice: MastodonClient
) -> None:
    posted = alice.post("read up to here, locally")
    with server.fault(path="/api/v1/markers", status=404):
        assert save_marker(alice, "home", posted.id) == "local"
        path = marker_file(f"alice@{alice.host}")
        assert path.parent == data_dir() / "markers"
        assert json.loads(path.read_text(encoding="utf-8")) == {"home": posted.id}
        assert path.stat().st_mode & 0o777 == 0o600
        fresh = MastodonClient(server.base_url, "alice_token", timeout=10)
        assert load_marker(fresh, "home") == posted.id
    server_side = MastodonClient(server.base_url, "alice_token", timeout=10).markers(("home",))
    assert "home" not in server_side or server_side["home"].last_read_id != posted.id


def test_timelines_the_server_cannot_mark_are_kept_locally(alice: MastodonClient) -> None:
    assert save_marker(alice, "hashtag:cats", "42", acct="alice") == "local"
    assert load_marker(alice, "hashtag:cats", acct="alice") == "42"
    assert load_marker(alice, "list:7", acct="alice") is None


def test_live_states_are_in_the_interface_language() -> None:
    from tootui.api.sse import describe
    from tootui.api.stream_events import Overflow, retrying, unreachable
    from tootui.i18n import set_language

    try:
        set_language("ar")
        states = messages_for("home", [Connected(), Overflow(12)])
        assert [m.text for m in states if isinstance(m, LiveState)] == [
            "مباشر",
            "تُخطّي ١٢ تحديثًا: أعد التحميل لرؤيتها كلها.",
        ]
        text = retrying(unreachable("example.social"), 8.2)
        assert (
            text == "لا يمكن الوصول إلى التحديثات الحيّة من example.social. إعادة المحاولة بعد ٨ ث."
        )
        assert describe(OSError("reset")) == "انقطع الاتصال."
    finally:
        set_language("en")
    assert messages_for("home", [Connected()])[0].text == "Live"  # type: ignore[attr-defined]
