"""Mastodon's WebSocket streaming API: one connection per account where the server allows.

Mastodon's ``/api/v1/streaming`` WebSocket carries several streams at once: the first is
named in the URL (``?stream=user``), more are added with ``{"type": "subscribe", ...}``
frames, and every event says which stream it belongs to. A ``StreamHub`` holds these
connections for one account and hands each ``Subscription`` its own events.

Not every server reads those frames (some take the stream from the URL only), and none
confirms a subscription. So the first connection sends a probe, a subscription to a
stream that does not exist: a server that reads frames answers with an error, and from
then on every stream of the account shares that one connection (``multiplex``). Silence
for ``probe_timeout`` seconds, or a connection cut right after the probe, means it does
not: each stream then gets a connection of its own, named in its URL.

The token goes in the ``Authorization`` header. A server that refuses the handshake
without it in the URL (some only read ``?access_token=``, as browsers cannot set headers)
is asked again with it there, and the hub remembers that for the account. The URL is
never logged or shown.

Each connection has one daemon thread that connects, reads and reconnects with capped
exponential backoff and jitter. It tells every subscription what happens: ``Opened``
(read, then catch up), ``Lost`` (retrying in ``retry_in`` seconds) or ``Unavailable``
(no WebSocket streaming here for this account: use another transport, which can tell
"no streaming" from "not allowed"; a WebSocket handshake answers both with 403).
While nothing arrives it sleeps in ``recv``; after ``idle_ping`` seconds of silence it
sends one ping, and a second silence ends the connection as dead.

UI-free: nothing here imports textual or rich. The callbacks run on the connection's
thread and must return quickly. The hub knows nothing of ``tootui.api.streaming``, which
uses it; what both need (the sentences about a connection) is in ``stream_events``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlparse

from tootui.api.backoff import Backoff
from tootui.api.client import USER_AGENT, MastodonClient
from tootui.api.stream_events import (
    closed_by_server,
    connection_lost,
    failed,
    no_answer,
    too_quiet,
    unreachable,
)

if TYPE_CHECKING:
    import websocket

log = logging.getLogger(__name__)

PROBE_STREAM = "tootui:probe"  # a stream no server has: a server that reads frames says so
WEBSOCKET_FEATURE = "websocket streaming"  # the name kept in ``MastodonClient.missing``


# --- what a subscription is told --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Opened:
    """The stream is subscribed on a live connection (again): catch up on what was missed."""


@dataclass(frozen=True, slots=True)
class Lost:
    """No connection; it is tried again in ``retry_in`` seconds.

    ``interrupted`` is True when a live connection ended, False when one could not be made.
    """

    reason: str
    retry_in: float
    interrupted: bool = False


@dataclass(frozen=True, slots=True)
class Unavailable:
    """The server has no WebSocket streaming API."""


Signal = Opened | Lost | Unavailable
FrameSink = Callable[[dict[str, Any]], None]
SignalSink = Callable[[Signal], None]


def available() -> bool:
    """Whether the WebSocket client library is installed."""
    try:
        import websocket  # noqa: F401
    except ImportError:
        return False
    return True


class Subscription:
    """One stream on one of the hub's connections; ``close()`` ends it."""

    def __init__(
        self, hub: StreamHub, stream: str, arg: str, on_frame: FrameSink, on_signal: SignalSink
    ) -> None:
        self.hub = hub
        self.stream = stream
        self.arg = arg
        self.on_frame = on_frame
        self.on_signal = on_signal
        self.connection: _Connection | None = None
        self.closed = False

    def __repr__(self) -> str:
        return f"Subscription({self.stream!r}, {self.arg!r})"

    @property
    def params(self) -> dict[str, str]:
        """The stream's name and argument, as the URL and subscribe frames carry them."""
        params = {"stream": self.stream}
        if self.stream.startswith("hashtag"):
            params["tag"] = self.arg
        elif self.stream == "list":
            params["list"] = self.arg
        return params

    def matches(self, names: list[str]) -> bool:
        """Whether an event labelled ``names`` (``["hashtag", "cats"]``) belongs here."""
        if not names or names[0] != self.stream:
            return False
        if len(names) > 1 and self.arg:
            return names[1].lower() == self.arg.lower()
        return True

    def close(self) -> None:
        self.hub._release(self)


# --- the hub -----------------------------------------------------------------------------


_HUBS: weakref.WeakKeyDictionary[MastodonClient, StreamHub] = weakref.WeakKeyDictionary()
_HUBS_LOCK = threading.Lock()


def hub_for(client: MastodonClient, base_url: str, **options: Any) -> StreamHub:
    """The account's hub (one per client, gone with it), made on first use."""
    with _HUBS_LOCK:
        hub = _HUBS.get(client)
        if hub is None or hub.base_url != base_url.rstrip("/"):
            hub = _HUBS[client] = StreamHub(client, base_url, **options)
        return hub


class StreamHub:
    """The WebSocket connections of one account, shared by its streams where possible.

    ``base_url`` is where the streaming API lives (``https://host``); the WebSocket URL is
    made from it. ``multiplex`` is None until the first connection's probe is answered or
    not, then True (one connection carries every stream) or False (one per stream).
    """

    def __init__(
        self,
        client: MastodonClient,
        base_url: str,
        *,
        probe_timeout: float = 5.0,
        idle_ping: float = 45.0,
        connect_timeout: float = 10.0,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
    ) -> None:
        # Weakly: the hub is kept in a WeakKeyDictionary under its client.
        self._client = weakref.ref(client)
        self.host = client.host
        self.missing = client.missing  # the client's own set: what is added here, it knows
        self.base_url = base_url.rstrip("/")
        self.probe_timeout = probe_timeout
        self.idle_ping = idle_ping
        self.connect_timeout = connect_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.multiplex: bool | None = None
        self.token_in_query = False  # the server reads the token from the URL only
        self._lock = threading.Lock()
        self._connections: list[_Connection] = []
        self.connections_opened = 0  # handshakes that succeeded, for tests and the docs

    def __repr__(self) -> str:
        return f"StreamHub({self.host!r}, multiplex={self.multiplex})"

    def token(self) -> str | None:
        """The account's access token, or None (no token, or the client is gone)."""
        client = self._client()
        if client is None:
            return None
        try:
            token = getattr(client._api, "access_token", None)  # the client's own Mastodon
        except Exception:  # no token stored: the handshake goes without, and is refused
            return None
        return token if isinstance(token, str) else None

    @property
    def url(self) -> str:
        parsed = urlparse(self.base_url)
        scheme = {"https": "wss", "http": "ws"}.get(parsed.scheme, parsed.scheme)
        return f"{scheme}://{parsed.netloc}{parsed.path}/api/v1/streaming"

    def subscribe(
        self, stream: str, arg: str, on_frame: FrameSink, on_signal: SignalSink
    ) -> Subscription:
        """Start receiving ``stream``; returns at once, without touching the network.

        Signals arrive on a connection's thread, the first usually ``Opened``. Until the
        probe is answered a stream gets a connection of its own rather than waiting: on a
        server that multiplexes the answer takes one round trip, so at worst the streams
        opened in that moment keep a connection each.
        """
        sub = Subscription(self, stream, arg, on_frame, on_signal)
        with self._lock:
            primary = self._primary()
            if primary is not None and self.multiplex:
                primary.add(sub)
                return sub
            connection = _Connection(self, sub)
            self._connections.append(connection)
        connection.start()
        return sub

    # --- for the connections ----------------------------------------------------------

    def _primary(self) -> _Connection | None:
        """The connection that probes and, if the server multiplexes, carries everything."""
        return next((c for c in self._connections if not c.stopped), None)

    def _decide(self, multiplex: bool) -> None:
        if self.multiplex is None:
            log.info("%s: one WebSocket for all streams: %s", self.host, multiplex)
            self.multiplex = multiplex

    def _release(self, sub: Subscription) -> None:
        with self._lock:
            if sub.closed:
                return
            sub.closed = True
            connection = sub.connection
            empty = connection is not None and connection.remove(sub)
            if empty and connection in self._connections:
                self._connections.remove(connection)
        if empty and connection is not None:
            connection.stop()

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            if connection in self._connections:
                self._connections.remove(connection)

    def _backoff(self, failures: int) -> float:
        return Backoff(self.backoff_initial, self.backoff_max).delay(failures)


# --- one connection ------------------------------------------------------------------------


class _NoWebSocket(Exception):
    """The handshake was answered with anything but "101 Switching Protocols" or an error
    worth waiting out (429, 5xx)."""


class _Failed(Exception):
    """The connection could not be made (network, 5xx); worth trying again."""


def _ssl_options() -> dict[str, Any]:
    """Verify certificates against the same bundle as requests (or the one set for it)."""
    import ssl

    cafile = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("SSL_CERT_FILE")
    if not cafile:
        with contextlib.suppress(ImportError):
            import certifi

            cafile = certifi.where()
    return {"context": ssl.create_default_context(cafile=cafile or None)}


class _Connection:
    """One WebSocket and the thread that keeps it open; carries one or more subscriptions."""

    def __init__(self, hub: StreamHub, first: Subscription) -> None:
        self.hub = hub
        self.subs: list[Subscription] = [first]
        first.connection = self
        self.stopped = False
        self._stop = threading.Event()
        self._ws: websocket.WebSocket | None = None
        self._send_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, name=f"tootui-ws-{first.stream}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.stopped = True
        self._stop.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.abort()  # type: ignore[no-untyped-call]  # wakes a blocked recv

    def add(self, sub: Subscription) -> None:
        """Another stream on this connection (called with the hub's lock held)."""
        sub.connection = self
        shared = any(s.params == sub.params for s in self.subs)
        self.subs.append(sub)
        if self._ws is None:
            return  # the next (re)connect subscribes it and says Opened
        if shared or self._send({"type": "subscribe", **sub.params}):
            self._tell(sub, Opened())

    def remove(self, sub: Subscription) -> bool:
        """Drop a stream (hub's lock held); True if the connection has nothing left.

        The server is told only when no other subscription wants the same stream: it keeps
        one subscription per stream and connection.
        """
        if sub in self.subs:
            self.subs.remove(sub)
            wanted = any(s.params == sub.params for s in self.subs)
            if self.subs and not wanted and self._ws is not None:
                self._send({"type": "unsubscribe", **sub.params})
        return not self.subs

    # --- the thread -----------------------------------------------------------------

    def _run(self) -> None:
        hub = self.hub
        failures = 0
        while not self._stop.is_set():
            subs = list(self.subs)
            if not subs:
                return
            try:
                ws = self._connect(subs[0])
            except _NoWebSocket:
                hub.missing.add(WEBSOCKET_FEATURE)
                self._end(Unavailable())
                return
            except _Failed as exc:
                failures += 1
                delay = hub._backoff(failures)
                self._tell_all(Lost(str(exc), delay))
                if self._stop.wait(delay):
                    return
                continue
            failures = 0
            with hub._lock:  # a stream added while connecting is subscribed here
                subs = list(self.subs)
            probing = hub.multiplex is None
            if probing:
                self._send({"type": "subscribe", "stream": PROBE_STREAM})
            named = [subs[0].params]
            for sub in subs[1:]:
                if sub.params not in named:
                    named.append(sub.params)
                    self._send({"type": "subscribe", **sub.params})
            self._tell_all(Opened())
            reason = self._read(ws, probing)
            self._drop()
            if self._stop.is_set():
                return
            delay = hub._backoff(0)
            self._tell_all(Lost(reason, delay, interrupted=True))
            if self._stop.wait(delay):
                return

    def _connect(self, first: Subscription) -> websocket.WebSocket:
        import websocket

        hub = self.hub
        token = hub.token()
        for in_query in (hub.token_in_query, True):
            query = dict(first.params)
            if token and in_query:
                query["access_token"] = token
            headers = [f"User-Agent: {USER_AGENT}"]
            if token:
                headers.append(f"Authorization: Bearer {token}")
            try:
                ws = websocket.create_connection(
                    f"{hub.url}?{urlencode(query)}",
                    header=headers,
                    timeout=hub.connect_timeout,
                    enable_multithread=True,
                    sslopt=_ssl_options(),
                    suppress_origin=True,
                )
            except websocket.WebSocketBadStatusException as exc:
                code = exc.status_code
                if code in (401, 403) and token and not in_query:
                    continue  # perhaps the server reads the token from the URL only
                if code == 429 or 500 <= code < 600 and code != 501:
                    raise _Failed(failed(hub.host, code)) from None
                raise _NoWebSocket from None
            except websocket.WebSocketTimeoutException:
                raise _Failed(no_answer(hub.host)) from None
            except (websocket.WebSocketException, OSError, ValueError):
                raise _Failed(unreachable(hub.host)) from None
            if in_query and not hub.token_in_query and token:
                log.info("%s reads the streaming token from the URL only", hub.host)
                hub.token_in_query = True
            with hub._lock:
                if self._stop.is_set():
                    with contextlib.suppress(Exception):
                        ws.abort()  # type: ignore[no-untyped-call]
                        ws.shutdown()  # type: ignore[no-untyped-call]
                    raise _Failed("stopped")
                self._ws = ws
                hub.connections_opened += 1
            return ws
        raise AssertionError("unreachable")

    def _read(self, ws: websocket.WebSocket, probing: bool) -> str:
        """Hand frames on until the connection ends; returns why it ended."""
        import websocket

        hub = self.hub
        probe_until = time.monotonic() + hub.probe_timeout if probing else None
        pinged = False
        while not self._stop.is_set():
            wait = hub.idle_ping
            if probe_until is not None:
                wait = max(0.05, min(wait, probe_until - time.monotonic()))
            ws.settimeout(wait)
            try:
                opcode, frame = ws.recv_data_frame(True)
            except websocket.WebSocketTimeoutException:
                if probe_until is not None and time.monotonic() >= probe_until:
                    probe_until = None
                    hub._decide(False)  # no answer: the server does not read our frames
                    continue
                if probe_until is not None:
                    continue
                if pinged:
                    return too_quiet()
                pinged = self._ping(ws)
                continue
            except (websocket.WebSocketException, OSError, ValueError):
                if probe_until is not None:
                    hub._decide(False)  # the probe ended the connection
                return connection_lost()
            pinged = False
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                if probe_until is not None:
                    hub._decide(False)
                return closed_by_server()
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue  # ping, pong, binary: only proof of life
            message = _decode(frame.data)
            if message is None:
                continue
            if _is_answer(message):
                if probe_until is not None:
                    probe_until = None
                    hub._decide(True)
                else:
                    log.info("%s: a subscription was refused", hub.host)
                continue
            self._route(message)
        return "stopped."

    def _ping(self, ws: websocket.WebSocket) -> bool:
        try:
            ws.ping()
        except Exception:
            return False
        return True

    def _route(self, message: dict[str, Any]) -> None:
        subs = list(self.subs)
        if len({repr(s.params) for s in subs}) > 1:
            names = message.get("stream")
            names = [str(n) for n in names] if isinstance(names, list) else [str(names)]
            subs = [s for s in subs if s.matches(names)]
        for sub in subs:
            try:
                sub.on_frame(message)
            except Exception:  # a consumer's bug must not end the connection
                log.exception("live update consumer failed")

    def _send(self, message: dict[str, str]) -> bool:
        ws = self._ws
        if ws is None:
            return False
        try:
            with self._send_lock:
                ws.send(json.dumps(message, separators=(",", ":")))
        except Exception:
            return False  # the reader notices the broken connection and reconnects
        return True

    def _drop(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.abort()  # type: ignore[no-untyped-call]
                ws.shutdown()  # type: ignore[no-untyped-call]

    def _end(self, signal: Signal) -> None:
        self.stopped = True
        self.hub._forget(self)
        self._tell_all(signal)

    def _tell_all(self, signal: Signal) -> None:
        for sub in list(self.subs):
            self._tell(sub, signal)

    def _tell(self, sub: Subscription, signal: Signal) -> None:
        if sub.closed:
            return
        try:
            sub.on_signal(signal)
        except Exception:
            log.exception("live update consumer failed")


def _decode(data: bytes | str) -> dict[str, Any] | None:
    try:
        message = json.loads(data)
    except (TypeError, ValueError, UnicodeDecodeError):
        log.warning("skipping a WebSocket frame that is not JSON")
        return None
    return message if isinstance(message, dict) else None


def _is_answer(message: dict[str, Any]) -> bool:
    """A reply to a (un)subscribe frame rather than an event of a stream.

    Mastodon answers a bad subscription with ``{"error": ..., "status": 400}``; Pleroma and
    Akkoma answer every one with a ``pleroma:respond`` event.
    """
    return ("error" in message and "event" not in message) or message.get(
        "event"
    ) == "pleroma:respond"
