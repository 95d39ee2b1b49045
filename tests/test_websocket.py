"""Mastodon's WebSocket streaming: one connection per account where the server allows.

Against mastodon-mock's real ``/api/v1/streaming`` WebSocket (one stream per connection,
subscribe frames ignored) and the same behind ``MultiplexingRelay``, which adds Mastodon's
subscribe frames on top of it. The events are the mock's own in both cases.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Iterator

import pytest
from mastodon_mock.config import DatabaseConfig, MastodonMockConfig, StreamingConfig
from mastodon_mock.testing import DEFAULT_TEST_SEED
from mastodon_mock.testing.server import MockServer

from tests.conftest import quit_now
from tests.mux_relay import MultiplexingRelay
from tests.test_streaming import WAIT, Collector, CuttableProxy, _has, _has_connected
from tootui.api import MastodonClient
from tootui.api import websocket as ws
from tootui.api.streaming import (
    STREAMING_FEATURE,
    Connected,
    Disconnected,
    NewStatus,
    StatusDeleted,
    StreamWatcher,
)


@pytest.fixture
def relay(server: MockServer) -> Iterator[MultiplexingRelay]:
    front = MultiplexingRelay(server.port)
    yield front
    front.close()


def start(
    watchers: list[StreamWatcher], client: MastodonClient, stream: str, arg: str = "", **kw: object
) -> tuple[StreamWatcher, Collector]:
    sink = Collector()
    kw.setdefault("batch_interval", 0.05)
    watcher = StreamWatcher(client, stream, arg, sink, **kw)  # type: ignore[arg-type]
    watchers.append(watcher.start())
    return watcher, sink


def eventually(check: Callable[[], bool], timeout: float = WAIT) -> bool:
    """Whether ``check()`` comes true within ``timeout`` (for state no event announces)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _got(sink: Collector, status_id: str) -> bool:
    return status_id in sink.statuses()


STREAMS = [("user", ""), ("public:local", ""), ("public", ""), ("hashtag", "cats")]


def test_one_connection_carries_every_stream_where_the_server_multiplexes(
    server: MockServer,
    alice: MastodonClient,
    bob: MastodonClient,
    relay: MultiplexingRelay,
    watchers: list[StreamWatcher],
) -> None:
    sinks = []
    for stream, arg in STREAMS:
        # the relay answers the probe: a generous wait for it, however busy the machine
        _, sink = start(
            watchers, alice, stream, arg, streaming_url=relay.base_url, probe_timeout=WAIT
        )
        assert sink.wait_for(_has_connected)[0].transport == "websocket"
        sinks.append(sink)
        hub = ws.hub_for(alice, relay.base_url)
        assert eventually(lambda hub=hub: hub.multiplex is not None)
    assert hub.multiplex is True  # the probe was answered
    assert relay.connections == 1
    assert relay.subscribed() == [ws.PROBE_STREAM, "public:local", "public", "hashtag"]

    posted = bob.post("hello everyone #cats")  # bob is local, followed by alice
    for sink in sinks:
        sink.wait_for(lambda ev, sink=sink: _got(sink, posted.id))
    bob.delete(posted.id)
    for sink in sinks:
        sink.wait_for(lambda ev: [e for e in ev if isinstance(e, StatusDeleted)])

    # Leaving one view unsubscribes only its stream; the connection stays for the rest.
    watchers[1].stop()
    again = bob.post("still here")
    sinks[0].wait_for(lambda ev: _got(sinks[0], again.id))
    sinks[2].wait_for(lambda ev: _got(sinks[2], again.id))
    assert not _got(sinks[1], again.id)
    unsubscribed = [f for f in relay.frames if f.get("type") == "unsubscribe"]
    assert unsubscribed == [{"type": "unsubscribe", "stream": "public:local"}]
    assert relay.connections == 1
    assert hub.connections_opened == 1


def test_one_connection_per_stream_where_the_server_reads_no_frames(
    server: MockServer,
    alice: MastodonClient,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
) -> None:
    sinks = []
    for stream, arg in STREAMS[:3]:
        _, sink = start(watchers, alice, stream, arg, probe_timeout=0.5)
        sinks.append(sink)
    for sink in sinks:
        assert sink.wait_for(_has_connected)[0].transport == "websocket"

    hub = ws.hub_for(alice, server.base_url)
    assert eventually(lambda: hub.multiplex is not None)
    assert hub.multiplex is False  # the probe went unanswered
    assert hub.connections_opened == 3

    posted = bob.post("one for every timeline")
    for sink in sinks:
        sink.wait_for(lambda ev, sink=sink: _got(sink, posted.id))
    bob.edit(posted.id, "edited for every timeline")
    for sink in sinks:
        sink.wait_for(
            lambda ev: [
                e for e in ev if getattr(e, "status", None) and "edited" in e.status.content
            ]
        )


def test_the_token_goes_in_the_header_and_the_url_only_if_needed(
    server: MockServer,
    alice: MastodonClient,
    relay: MultiplexingRelay,
    watchers: list[StreamWatcher],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    # The relay reads the header: the token never goes into its URL.
    _, sink = start(watchers, alice, "user", streaming_url=relay.base_url)
    sink.wait_for(_has(Connected))
    assert relay.tokens_in_url == 0
    assert not ws.hub_for(alice, relay.base_url).token_in_query

    # mastodon-mock reads only ?access_token= (as for browsers): asked again with it.
    other = MastodonClient(server.base_url, "alice_token", timeout=10)
    _, sink2 = start(watchers, other, "user")
    sink2.wait_for(_has(Connected))
    assert ws.hub_for(other, server.base_url).token_in_query
    servers = ("websockets.", "uvicorn", "mastodon_mock")  # the test servers' own logs
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith(servers)]
    assert ours and not [m for m in ours if "alice_token" in m]


class NoUpgradeProxy(CuttableProxy):
    """A proxy in front of the mock that answers every WebSocket handshake with 404.

    Like a reverse proxy not set up to pass upgrades on: ordinary requests (the REST API,
    Server-Sent Events) go through.
    """

    refused = 0

    def _turn_away(self, client: socket.socket) -> bool:
        head = client.recv(65536, socket.MSG_PEEK)
        if b"upgrade: websocket" not in head.lower():
            return super()._turn_away(client)
        self.refused += 1
        client.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
        return True


def test_without_websocket_it_falls_back_to_sse_and_does_not_ask_again(
    server: MockServer,
    alice: MastodonClient,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
) -> None:
    proxy = NoUpgradeProxy(server.port)
    try:
        _, home = start(watchers, alice, "user", streaming_url=proxy.base_url)
        assert home.wait_for(_has_connected)[0].transport == "sse"
        assert ws.WEBSOCKET_FEATURE in alice.missing
        _, local = start(watchers, alice, "public:local", streaming_url=proxy.base_url)
        assert local.wait_for(_has_connected)[0].transport == "sse"
        assert proxy.refused == 1  # the second stream went straight to SSE

        posted = bob.post("over server-sent events")
        for sink in (home, local):
            sink.wait_for(lambda ev, sink=sink: _got(sink, posted.id))
    finally:
        for watcher in watchers:
            watcher.stop()
        proxy.close()


def test_a_server_without_streaming_is_polled_after_both_transports_say_no(
    watchers: list[StreamWatcher],
) -> None:
    config = MastodonMockConfig(
        database=DatabaseConfig(path=":memory:"),
        seed=DEFAULT_TEST_SEED,  # alice, bob and carol, as in the ordinary fixture
        streaming=StreamingConfig(enabled=False),
    )
    with MockServer(config=config) as quiet:
        try:
            alice = MastodonClient(quiet.base_url, "alice_token", timeout=10)
            bob = MastodonClient(quiet.base_url, "bob_token", timeout=10)
            watcher, sink = start(watchers, alice, "user", poll_interval=0.2)
            state = sink.wait_for(
                lambda ev: [e for e in ev if isinstance(e, Disconnected) and e.polling]
            )
            assert "checking every 0.2 s" in state[0].reason
            assert ws.WEBSOCKET_FEATURE in alice.missing
            assert STREAMING_FEATURE in alice.missing
            posted = bob.post("found by polling")
            sink.wait_for(lambda ev: _got(sink, posted.id))
            assert not _has(Connected)(sink.events)
            assert watcher.used_transport == "poll"
        finally:
            for watcher in watchers:
                watcher.stop()
            quit_now(quiet)


def test_a_dropped_multiplexed_connection_resubscribes_every_stream(
    server: MockServer,
    alice: MastodonClient,
    bob: MastodonClient,
    watchers: list[StreamWatcher],
) -> None:
    relay = MultiplexingRelay(server.port)
    proxy = CuttableProxy(relay.port)
    try:
        options = {
            "streaming_url": proxy.base_url,
            "backoff_initial": 0.05,
            "backoff_max": 0.3,
            "probe_timeout": WAIT,  # the relay answers it: wait for that however long
        }
        _, home = start(watchers, alice, "user", **options)
        home.wait_for(_has(Connected))
        _, local = start(watchers, alice, "public:local", **options)
        local.wait_for(_has(Connected))
        assert relay.connections == 1

        proxy.cut()
        home.wait_for(_has(Disconnected))
        local.wait_for(_has(Disconnected))
        missed = bob.post("while the connection was down")
        proxy.restore()

        for sink in (home, local):
            sink.wait_for(lambda ev: sum(isinstance(e, Connected) for e in ev) >= 2)
            sink.wait_for(lambda ev, sink=sink: _got(sink, missed.id))  # the gap, filled
        assert relay.connections == 2  # one again, not one per stream
        live = bob.post("live again")
        for sink in (home, local):
            sink.wait_for(lambda ev, sink=sink: _got(sink, live.id))
            assert sorted(sink.statuses()) == sorted([missed.id, live.id])  # each once
            assert all(isinstance(e, NewStatus) for e in sink.events if getattr(e, "status", None))
    finally:
        for watcher in watchers:
            watcher.stop()
        proxy.close()
        relay.close()


def test_websocket_module_imports_no_ui_and_no_network_library_until_used() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tootui.api.websocket; "
        "bad = [m for m in ('textual', 'rich', 'websocket') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=WAIT)
