"""StreamWatcher against mastodon-mock's real SSE streaming: events, drops, polling, bursts."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from mastodon_mock.testing.server import MockServer

from tests.fault_servers import accepted, pump
from tootui.api import MastodonClient
from tootui.api.streaming import (
    STREAMING_FEATURE,
    Connected,
    Disconnected,
    GapFilled,
    NewNotification,
    NewStatus,
    Overflow,
    StatusDeleted,
    StatusEdited,
    StreamEvent,
    StreamWatcher,
)

WAIT = 20.0  # the longest any event may take on a busy machine

# Both transports against the mock's real endpoints: "auto" takes Mastodon's WebSocket
# (/api/v1/streaming) first, "sse" the Server-Sent Events ones (/api/v1/streaming/user...).
BOTH = pytest.mark.parametrize(
    ("transport", "wire"), [("auto", "websocket"), ("sse", "sse")], ids=["websocket", "sse"]
)


class Collector:
    """The watcher's consumer: keeps every batch, and lets a test wait for a condition."""

    def __init__(self) -> None:
        self.batches: list[list[StreamEvent]] = []
        self._cond = threading.Condition()

    def __call__(self, events: Sequence[StreamEvent]) -> None:
        with self._cond:
            self.batches.append(list(events))
            self._cond.notify_all()

    @property
    def events(self) -> list[StreamEvent]:
        with self._cond:
            return [e for batch in self.batches for e in batch]

    def wait_for(self, predicate: Callable[[list[StreamEvent]], Any], timeout: float = WAIT) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                events = [e for batch in self.batches for e in batch]
                found = predicate(events)
                if found:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out; events so far: {_names(events)}")
                self._cond.wait(remaining)

    def statuses(self) -> list[str]:
        """Ids of every post delivered, by stream or gap fill, in order (with repeats)."""
        ids: list[str] = []
        for event in self.events:
            if isinstance(event, NewStatus):
                ids.append(event.status.id)
            elif isinstance(event, GapFilled):
                ids.extend(s.id for s in event.statuses)
        return ids


def _names(events: Sequence[StreamEvent]) -> list[str]:
    return [type(e).__name__ for e in events]


def _has(kind: type) -> Callable[[list[StreamEvent]], bool]:
    return lambda events: any(isinstance(e, kind) for e in events)


def _has_connected(events: list[StreamEvent]) -> list[Connected]:
    return [e for e in events if isinstance(e, Connected)]


def _count(kind: type) -> Callable[[list[StreamEvent]], int]:
    return lambda events: sum(isinstance(e, kind) for e in events)


def watch(
    watchers: list[StreamWatcher],
    client: MastodonClient,
    stream: Any = "user",
    arg: str = "",
    **kw: Any,
) -> tuple[StreamWatcher, Collector]:
    sink = Collector()
    kw.setdefault("batch_interval", 0.05)
    watcher = StreamWatcher(client, stream, arg, sink, **kw)
    watchers.append(watcher)
    watcher.start()
    return watcher, sink


# --- events on the user stream -------------------------------------------------------


@BOTH
def test_post_edit_delete_arrive_on_followers_user_stream(
    alice: MastodonClient,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
    transport: str,
    wire: str,
) -> None:
    bob_id = bob.verify_credentials().id
    assert alice.relationship(bob_id).following  # the seed has alice following bob
    _, sink = watch(watchers, alice, "user", transport=transport)
    assert sink.wait_for(_has_connected)[0].transport == wire

    posted = bob.post("first words")
    new = sink.wait_for(
        lambda ev: [e for e in ev if isinstance(e, NewStatus) and e.status.id == posted.id]
    )
    assert new[0].status.account.id == bob_id
    assert "first words" in new[0].status.content

    bob.edit(posted.id, "second thoughts")
    edited = sink.wait_for(lambda ev: [e for e in ev if isinstance(e, StatusEdited)])
    assert edited[0].status.id == posted.id
    assert "second thoughts" in edited[0].status.content

    bob.delete(posted.id)
    deleted = sink.wait_for(lambda ev: [e for e in ev if isinstance(e, StatusDeleted)])
    assert deleted[0].id == posted.id
    assert sink.statuses() == [posted.id]  # the edit did not arrive as a new post


@BOTH
def test_mention_and_favourite_arrive_as_notifications(
    alice: MastodonClient,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
    transport: str,
    wire: str,
) -> None:
    _, sink = watch(watchers, alice, "user", transport=transport)
    assert sink.wait_for(_has_connected)[0].transport == wire

    mention = bob.post("@alice look at this")
    own = alice.post("a post of alice's")
    bob.favourite(own.id)

    def notifications(events: list[StreamEvent]) -> list[Any]:
        found = [e.notification for e in events if isinstance(e, NewNotification)]
        return found if len(found) >= 2 else []

    found = sink.wait_for(notifications)
    kinds = {(n.type, n.status.id if n.status else None) for n in found}
    assert ("mention", mention.id) in kinds
    assert ("favourite", own.id) in kinds
    assert all(n.account is not None and n.account.acct == "bob" for n in found)


# --- a dropped stream ------------------------------------------------------------------


class CuttableProxy:
    """A TCP forwarder in front of the mock server that can cut every connection.

    ``cut()`` closes all live connections and turns new ones away until ``restore()``,
    which is what a lost network looks like to the client.
    """

    def __init__(self, port: int) -> None:
        self._target = ("127.0.0.1", port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.5)  # backstop so close() ends the accept loop
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._refusing = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        for client in accepted(self._listener, self._closed):
            if self._turn_away(client):
                client.close()
                continue
            upstream = socket.create_connection(self._target)
            with self._lock:
                self._open += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(src, dst), daemon=True).start()

    def _turn_away(self, client: socket.socket) -> bool:
        """Whether to close a new connection instead of forwarding it."""
        return self._refusing.is_set()

    def cut(self) -> None:
        self._refusing.set()
        with self._lock:
            held, self._open = self._open, []
        for sock in held:
            with contextlib.suppress(OSError):  # already shut
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def restore(self) -> None:
        self._refusing.clear()

    def close(self) -> None:
        self._closed.set()
        self.cut()
        self._listener.close()
        self._thread.join(2)


@BOTH
def test_dropped_stream_reconnects_and_fills_the_gap_once(
    server: MockServer,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
    transport: str,
    wire: str,
) -> None:
    proxy = CuttableProxy(server.port)
    try:
        alice = MastodonClient(proxy.base_url, "alice_token", timeout=WAIT)
        watcher, sink = watch(
            watchers,
            alice,
            "user",
            backoff_initial=0.05,
            backoff_max=0.3,
            read_timeout=30,
            transport=transport,
        )
        assert sink.wait_for(_has_connected)[0].transport == wire
        before = bob.post("seen live")
        sink.wait_for(lambda ev: before.id in sink.statuses())

        proxy.cut()
        sink.wait_for(_has(Disconnected))
        missed = bob.post("posted while alice was offline")  # bob talks to the server directly
        proxy.restore()

        sink.wait_for(lambda ev: _count(Connected)(ev) >= 2)
        gaps = sink.wait_for(lambda ev: [e for e in ev if isinstance(e, GapFilled) and e.statuses])
        assert [s.id for s in gaps[0].statuses] == [missed.id]
        assert gaps[0].complete

        after = bob.post("live again")
        sink.wait_for(lambda ev: after.id in sink.statuses())
        assert sink.statuses() == [before.id, missed.id, after.id]  # each exactly once
        assert watcher.connect_attempts >= 2
    finally:
        proxy.close()


# --- no streaming: polling ---------------------------------------------------------


def test_server_without_streaming_is_polled_and_asked_once(
    server: MockServer, alice: MastodonClient, bob: MastodonClient, watchers: list[StreamWatcher]
) -> None:
    # One 404 only: if the watcher ever tried the stream again, it would now connect.
    server.fault(path="/api/v1/streaming/*", status=404, count=1)
    watcher, sink = watch(watchers, alice, "user", poll_interval=0.2, transport="sse")
    state = sink.wait_for(lambda ev: [e for e in ev if isinstance(e, Disconnected) and e.polling])
    assert "checking every 0.2 s" in state[0].reason

    first = bob.post("found by polling")
    second = bob.post("also found by polling")
    sink.wait_for(lambda ev: {first.id, second.id} <= set(sink.statuses()))
    assert sorted(sink.statuses()) == sorted([first.id, second.id])
    assert not _has(Connected)(sink.events)
    assert watcher.connect_attempts == 1
    assert STREAMING_FEATURE in alice.missing
    assert watcher.polling

    # A later watcher on the same client knows already and does not ask again.
    again, sink2 = watch(watchers, alice, "public", poll_interval=0.2)
    sink2.wait_for(_has(Disconnected))  # announced once its baseline is taken
    third = bob.post("third")
    sink2.wait_for(lambda ev: third.id in sink2.statuses())
    assert again.connect_attempts == 0
    assert not _has(Connected)(sink2.events)


# --- bursts ---------------------------------------------------------------------------


@BOTH
def test_500_posts_on_public_are_batched_and_bounded(
    server: MockServer,
    alice: MastodonClient,
    watchers: list[StreamWatcher],
    transport: str,
    wire: str,
) -> None:
    carol = server.client("carol")  # the Mastodon.py client: fastest way to post many
    watcher, sink = watch(
        watchers, alice, "public", batch_interval=0.15, max_pending=200, transport=transport
    )
    assert sink.wait_for(_has_connected)[0].transport == wire

    posted = [str(carol.status_post(f"burst {i}")["id"]) for i in range(500)]

    def done(events: list[StreamEvent]) -> bool:
        dropped = sum(e.dropped for e in events if isinstance(e, Overflow))
        return len(set(sink.statuses())) + dropped >= 500

    sink.wait_for(done, timeout=60)
    delivered = sink.statuses()
    assert len(delivered) == len(set(delivered))  # no post twice
    assert set(delivered) <= set(posted)
    overflow = [e for e in sink.events if isinstance(e, Overflow)]
    if not overflow:
        assert set(delivered) == set(posted)
    assert watcher.max_buffered <= 200
    assert all(len(batch) <= 200 + 3 for batch in sink.batches)
    # batched, not one delivery per post (how many go together depends on the pace)
    assert len(sink.batches) < len(delivered)


def test_a_consumer_that_falls_behind_gets_an_overflow_signal(
    server: MockServer, alice: MastodonClient, watchers: list[StreamWatcher]
) -> None:
    carol = server.client("carol")
    release = threading.Event()
    sink = Collector()

    def slow(events: Sequence[StreamEvent]) -> None:
        sink(events)
        if any(isinstance(e, NewStatus) for e in events):
            release.wait(WAIT)  # stuck, like a UI that stopped draining messages

    watcher = StreamWatcher(alice, "public", "", slow, batch_interval=0.02, max_pending=5)
    watchers.append(watcher.start())
    sink.wait_for(_has(Connected))
    for i in range(30):
        carol.status_post(f"flood {i}")

    deadline = time.monotonic() + WAIT
    while watcher.dropped == 0 and time.monotonic() < deadline:
        release.wait(0.05)  # bounded poll of the counter; nothing to wait on in between
    release.set()
    assert watcher.dropped > 0

    def settled(events: list[StreamEvent]) -> bool:
        dropped = sum(e.dropped for e in events if isinstance(e, Overflow))
        return dropped > 0 and len(sink.statuses()) + dropped == 30

    sink.wait_for(settled)
    assert watcher.max_buffered <= 5


# --- stopping, credentials, hygiene ----------------------------------------------------


@BOTH
def test_stop_is_prompt_and_ends_the_threads(
    alice: MastodonClient, watchers: list[StreamWatcher], transport: str, wire: str
) -> None:
    watcher, sink = watch(watchers, alice, "user", transport=transport)
    assert sink.wait_for(_has_connected)[0].transport == wire
    # Nothing will arrive: left alone, the runner would wait for the WebSocket's next
    # signal forever, or for the SSE read timeout. The threads end within the join's
    # bound only because stop() wakes them and cuts the connection at once.
    assert watcher.read_timeout > WAIT
    watcher.stop(timeout=WAIT)
    assert not watcher.running
    assert watcher._runner is not None and not watcher._runner.is_alive()
    assert watcher._dispatcher is not None and not watcher._dispatcher.is_alive()


def test_refused_token_stops_with_a_reason(
    server: MockServer, watchers: list[StreamWatcher]
) -> None:
    stranger = MastodonClient(server.base_url, "not-a-token", timeout=WAIT)
    watcher, sink = watch(watchers, stranger, "user")
    state = sink.wait_for(lambda ev: [e for e in ev if isinstance(e, Disconnected)])
    assert "refused live updates" in state[0].reason
    assert watcher._runner is not None
    watcher._runner.join(WAIT)
    assert not watcher._runner.is_alive()


def test_streaming_module_imports_no_ui() -> None:
    code = (
        "import sys, tootui.api.streaming; "
        "bad = [m for m in ('textual', 'rich') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_bad_arguments_are_refused(alice: MastodonClient) -> None:
    with pytest.raises(ValueError):
        StreamWatcher(alice, "hashtag", "")
    with pytest.raises(ValueError):
        StreamWatcher(alice, "public:remote", "")  # type: ignore[arg-type]
