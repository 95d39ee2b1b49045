"""Live updates for one timeline: the server's streaming API, or polling where it has none.

``StreamWatcher`` owns two daemon threads. The *runner* keeps the timeline's stream open,
reconnects after drops with capped exponential backoff and jitter, fills the gap after
each (re)connect with an ordinary timeline request (``min_id`` = newest id seen,
deduplicated by id), and falls back to polling the timeline when the server has no
streaming (404/410/501, remembered in ``client.missing``). The *dispatcher* hands events
to ``on_event`` in batches, at most once per ``batch_interval``, from a bounded buffer, so
a busy federated stream cannot flood the UI.

Transports, tried in this order (``transport="auto"``):

1. Mastodon's WebSocket (``tootui.api.websocket``): one connection per account carries
   every stream where the server accepts subscribe frames, else one per stream.
2. Server-Sent Events, one connection per stream (``/api/v1/streaming/...``), when the
   server has no WebSocket streaming or the ``websocket-client`` package is missing.
3. Polling every ``poll_interval`` seconds, when the server has no streaming at all.

``transport="sse"`` starts at 2, ``transport="poll"`` at 3.

Both wire formats are parsed by Mastodon.py's own ``StreamListener``; the connections are
opened here, because Mastodon.py's handles retry a 404 forever at a fixed interval, have no
backoff, and cannot interrupt a blocked read, and a watcher must stop at once and must
notice a server without streaming.

UI-free: nothing here imports textual or rich. ``on_event`` runs on the dispatcher thread.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, urlparse

from tootui.api.backoff import Backoff
from tootui.api.client import (
    MastodonClient,
    TimelineKind,
    TimelineSource,
    make_session,
)

if TYPE_CHECKING:
    import requests
from tootui.api.entities import Notification, Status
from tootui.api.errors import ApiError, BadResponse
from tootui.i18n import _, localize_digits

log = logging.getLogger(__name__)

StreamName = Literal["user", "public:local", "public", "hashtag", "list"]
Transport = Literal["auto", "sse", "poll"]
TRANSPORTS: tuple[Transport, ...] = ("auto", "sse", "poll")

STREAMING_FEATURE = "streaming"  # the name kept in ``MastodonClient.missing``

_PATHS: dict[str, str] = {
    "user": "/api/v1/streaming/user",
    "public": "/api/v1/streaming/public",
    "public:local": "/api/v1/streaming/public/local",
    "hashtag": "/api/v1/streaming/hashtag?tag={arg}",
    "list": "/api/v1/streaming/list?list={arg}",
}
_TIMELINES: dict[str, TimelineKind] = {
    "user": "home",
    "public": "federated",
    "public:local": "local",
    "hashtag": "hashtag",
    "list": "list",
}
_GAP_PAGE = 40  # posts per gap-filling request
_SEEN_IDS = 4000  # how many ids are remembered for deduplication


# --- events ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewStatus:
    """A post arrived on the stream (or by polling)."""

    status: Status


@dataclass(frozen=True, slots=True)
class StatusEdited:
    """A post already seen was edited; ``status`` is its new version."""

    status: Status


@dataclass(frozen=True, slots=True)
class StatusDeleted:
    """A post was deleted."""

    id: str


@dataclass(frozen=True, slots=True)
class NewNotification:
    """A notification arrived (``user`` stream only)."""

    notification: Notification


@dataclass(frozen=True, slots=True)
class Connected:
    """The stream is live; ``transport`` is ``"websocket"`` or ``"sse"``."""

    transport: str = "sse"


@dataclass(frozen=True, slots=True)
class Disconnected:
    """Live updates are interrupted, or replaced by polling (``polling``).

    ``reason`` is a sentence for a status bar; ``retry_in`` the seconds until the next try.
    """

    reason: str
    polling: bool = False
    retry_in: float | None = None


@dataclass(frozen=True, slots=True)
class GapFilled:
    """Posts missed while disconnected (or found by a poll), newest first, not seen before.

    ``complete`` is False when there were more than the watcher fetches: reload the timeline.
    """

    statuses: tuple[Status, ...]
    complete: bool = True


@dataclass(frozen=True, slots=True)
class Overflow:
    """Events came faster than they were consumed; ``dropped`` were thrown away: reload."""

    dropped: int


StreamEvent = (
    NewStatus
    | StatusEdited
    | StatusDeleted
    | NewNotification
    | Connected
    | Disconnected
    | GapFilled
    | Overflow
)
EventSink = Callable[[Sequence[StreamEvent]], None]


def id_key(status_id: str) -> tuple[int, str]:
    """Sort key for ids: Mastodon's numeric ids compare by length first, then text."""
    return (len(status_id), status_id)


def _is_newer(candidate: str, current: str | None) -> bool:
    return current is None or id_key(candidate) > id_key(current)


# --- the bounded batching buffer -------------------------------------------------


class _Outbox:
    """Events waiting for the dispatcher: bounded, delivered in batches.

    The dispatcher blocks on a condition while idle (no timer), and after the first event
    of a burst waits ``interval`` to collect the rest. When more than ``limit`` events wait,
    further content events are dropped and counted; state changes are always kept.
    """

    def __init__(self, deliver: EventSink, interval: float, limit: int, stop: threading.Event):
        self._deliver = deliver
        self._interval = interval
        self._limit = limit
        self._stop = stop
        self._cond = threading.Condition()
        self._events: list[StreamEvent] = []
        self._dropped = 0
        self.dropped_total = 0
        self.high_water = 0  # the most events ever waiting at once

    def put(self, event: StreamEvent) -> None:
        with self._cond:
            if len(self._events) >= self._limit and not isinstance(event, Connected | Disconnected):
                self._dropped += 1
                self.dropped_total += 1
            else:
                self._events.append(event)
                self.high_water = max(self.high_water, len(self._events))
            self._cond.notify()

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._events and not self._dropped and not self._stop.is_set():
                    self._cond.wait()
            if self._stop.is_set():
                return
            # Let the burst gather; stop() cuts the wait short.
            if self._stop.wait(self._interval):
                return
            with self._cond:
                batch, self._events = self._events, []
                dropped, self._dropped = self._dropped, 0
            if dropped:
                batch.append(Overflow(dropped))
            try:
                self._deliver(batch)
            except Exception:  # a consumer's bug must not end live updates
                log.exception("live update consumer failed")


# --- the SSE listener ------------------------------------------------------------


_LISTENER: type | None = None


def _listener(watcher: StreamWatcher) -> Any:
    """A Mastodon.py ``StreamListener`` that turns parsed SSE events into typed events.

    The class is made on first use: Mastodon.py is loaded lazily (see
    ``tootui.api.client._load_mastodon``).
    """
    global _LISTENER
    if _LISTENER is None:
        from mastodon.streaming import StreamListener

        class Listener(StreamListener):
            def __init__(self, watcher: StreamWatcher) -> None:
                super().__init__()
                self._watcher = watcher

            def on_update(self, status: Any) -> None:
                self._watcher._on_status(status)

            def on_status_update(self, status: Any) -> None:
                self._watcher._on_edit(status)

            def on_delete(self, status_id: Any) -> None:
                self._watcher._emit(StatusDeleted(str(status_id)))

            def on_notification(self, notification: Any) -> None:
                self._watcher._on_notification(notification)

            def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
                pass  # conversations, announcements…: not shown by a timeline

        _LISTENER = Listener
    return _LISTENER(watcher)


class _Chunks:
    """Feeds ``StreamListener.handle_stream`` whole HTTP chunks instead of single bytes.

    ``handle_stream`` asks for ``chunk_size=1`` (one read per byte); a chunked response can
    instead be read a chunk at a time, which arrives as soon as the server sends it.
    """

    def __init__(self, response: requests.Response) -> None:
        self._response = response

    def iter_content(self, chunk_size: int = 1) -> Iterator[bytes]:
        chunked = bool(getattr(self._response.raw, "chunked", False))
        size = None if chunked else chunk_size
        return self._response.iter_content(chunk_size=size)


def _abort(response: requests.Response) -> None:
    """Close a streaming response so that a read blocked on it returns now.

    Closing alone does not wake a thread blocked in ``recv``; shutting the socket down does.
    """
    connection = getattr(response.raw, "connection", None) or getattr(
        response.raw, "_connection", None
    )
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):  # already closed by the other side
            sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError, AttributeError):
        response.close()


class _NoStreaming(Exception):
    """The server answered that it has no streaming API."""


class _Refused(Exception):
    """The stream could not be opened (network, 5xx); worth trying again later."""


class _Fatal(Exception):
    """The stream will never open with these credentials (401/403)."""


# --- the watcher -------------------------------------------------------------------


class StreamWatcher:
    """Live updates of one timeline for one account, delivered to ``on_event`` in batches.

    ``stream`` is ``user`` (home + notifications), ``public:local``, ``public``, ``hashtag``
    (``arg`` = tag) or ``list`` (``arg`` = list id). ``since_id`` is the newest post the
    caller already shows: the first gap fill starts there. ``on_event`` receives a list of
    events per batch on the dispatcher thread and must return quickly.
    """

    def __init__(
        self,
        client: MastodonClient,
        stream: StreamName,
        arg: str = "",
        on_event: EventSink | None = None,
        *,
        poll_interval: float = 60.0,
        since_id: str | None = None,
        batch_interval: float = 0.15,
        max_pending: int = 500,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        read_timeout: float = 90.0,
        max_gap_pages: int = 5,
        streaming_url: str | None = None,
        transport: Transport = "auto",
        probe_timeout: float = 5.0,
    ) -> None:
        if stream not in _PATHS:
            raise ValueError(f"unknown stream {stream!r}")
        if stream in ("hashtag", "list") and not arg:
            raise ValueError(f"the {stream} stream needs an argument")
        self.client = client
        self.stream = stream
        self.arg = arg.lstrip("#") if stream == "hashtag" else arg
        self.source = TimelineSource(_TIMELINES[stream], self.arg)
        self.poll_interval = poll_interval
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.read_timeout = read_timeout
        self.max_gap_pages = max_gap_pages
        self._streaming_url = streaming_url
        self.transport: Transport = transport if transport in TRANSPORTS else "auto"
        self.probe_timeout = probe_timeout
        self.used_transport: str | None = None  # "websocket", "sse" or "poll", once known
        self._signals: queue.SimpleQueue[Any] | None = None  # the WebSocket's, while used
        self._subscription: Any = None
        self._on_event: EventSink = on_event or (lambda events: None)
        self._stop = threading.Event()
        self._outbox = _Outbox(self._on_event, batch_interval, max_pending, self._stop)
        self._newest: str | None = since_id
        self._have_baseline = since_id is not None
        self._newest_notification: str | None = None
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._response: requests.Response | None = None
        self._session = make_session()
        self._last_state: StreamEvent | None = None
        self._runner: threading.Thread | None = None
        self._dispatcher: threading.Thread | None = None
        self.polling = False  # True once the server proved to have no streaming
        self.connect_attempts = 0

    def __repr__(self) -> str:
        return f"StreamWatcher({self.client.host!r}, {self.stream!r}, {self.arg!r})"

    # --- lifecycle -----------------------------------------------------------------

    def start(self) -> StreamWatcher:
        """Start the threads; returns at once. A watcher starts only once."""
        if self._runner is not None:
            raise RuntimeError("a StreamWatcher can only be started once")
        name = f"tootui-live-{self.stream}"
        self._dispatcher = threading.Thread(
            target=self._outbox.run, name=f"{name}-out", daemon=True
        )
        self._runner = threading.Thread(target=self._run, name=name, daemon=True)
        self._dispatcher.start()
        self._runner.start()
        return self

    def stop(self, timeout: float | None = 2.0) -> None:
        """Stop now: close the connection, deliver nothing more, join the threads.

        Returns within about ``timeout`` seconds even if a thread is stuck in a connect;
        such a daemon thread ends on its own and delivers nothing.
        """
        self._stop.set()
        with self._lock:
            response = self._response
            subscription, self._subscription = self._subscription, None
        if response is not None:
            _abort(response)
        if subscription is not None:
            subscription.close()
        if self._signals is not None:
            self._signals.put(None)  # wakes the runner waiting for the WebSocket
        self._outbox.wake()
        for thread in (self._runner, self._dispatcher):
            if thread is not None and thread is not threading.current_thread():
                thread.join(timeout)
        self._session.close()

    @property
    def running(self) -> bool:
        return self._runner is not None and self._runner.is_alive() and not self._stop.is_set()

    @property
    def dropped(self) -> int:
        """How many events were thrown away because the consumer fell behind."""
        return self._outbox.dropped_total

    @property
    def max_buffered(self) -> int:
        """The most events that ever waited for delivery at once (bounded by max_pending)."""
        return self._outbox.high_water

    # --- the runner thread ------------------------------------------------------------

    def _run(self) -> None:
        if self.transport == "poll":
            self.polling = True
        elif self.transport == "auto" and self._websocket_possible():
            if self._run_websocket():
                return
        self._run_sse()

    def _run_sse(self) -> None:
        failures = 0
        while not self._stop.is_set():
            if self.polling or STREAMING_FEATURE in self.client.missing:
                self._poll_forever()
                return
            try:
                response = self._open()
            except _NoStreaming:
                self.client.missing.add(STREAMING_FEATURE)
                self.polling = True
                continue
            except _Fatal as exc:
                self._state(Disconnected(str(exc)))
                return
            except _Refused as exc:
                failures += 1
                delay = self._backoff(failures)
                if failures >= 3:
                    # The streaming server stays away: keep the timeline fresh meanwhile.
                    self._catch_up()
                self._state(Disconnected(_retrying(str(exc), delay), retry_in=delay))
                self._stop.wait(delay)
                continue
            if not self._catch_up():
                # Streaming without the missed posts would leave a hole: try again later.
                self._close(response)
                failures += 1
                self._stop.wait(self._catch_up_failed(failures))
                continue
            failures = 0
            self.used_transport = "sse"
            self._state(Connected("sse"))
            reason = self._read(response)
            if self._stop.is_set():
                return
            delay = self._backoff(0)
            self._state(Disconnected(_interrupted(reason), retry_in=delay))
            self._stop.wait(delay)

    def _catch_up_failed(self, failures: int) -> float:
        """Say that the missed posts could not be fetched; returns how long to wait."""
        delay = self._backoff(failures)
        text = _("Could not catch up on missed posts. Retrying in {delay}.")
        self._state(Disconnected(text.format(delay=_seconds(delay)), retry_in=delay))
        return delay

    def _backoff(self, failures: int) -> float:
        return Backoff(self.backoff_initial, self.backoff_max).delay(failures)

    # --- the WebSocket -----------------------------------------------------------------

    def _websocket_possible(self) -> bool:
        from tootui.api import websocket

        if websocket.WEBSOCKET_FEATURE in self.client.missing:
            return False
        if STREAMING_FEATURE in self.client.missing:
            return False
        return websocket.available()

    def _run_websocket(self) -> bool:
        """Stream over the account's WebSocket; False if the server has none (use SSE).

        The hub's connection thread reports what happens as signals; this thread waits for
        them, and after each ``Opened`` catches up on what was missed before saying
        ``Connected``. Events go straight from the connection thread to the outbox.
        """
        from mastodon.errors import MastodonError

        from tootui.api import websocket

        signals: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._signals = signals
        hub = websocket.hub_for(
            self.client,
            self._stream_base(),
            probe_timeout=self.probe_timeout,
            backoff_initial=self.backoff_initial,
            backoff_max=self.backoff_max,
        )
        listener = _listener(self)

        def on_frame(message: dict[str, Any]) -> None:
            try:
                listener.handle_websocket_message(message)
            except (MastodonError, ValueError, TypeError, KeyError, AttributeError) as exc:
                log.warning("skipping a malformed streamed event: %s", type(exc).__name__)

        if self._stop.is_set():
            return True
        subscription = hub.subscribe(self.stream, self.arg, on_frame, signals.put)
        with self._lock:
            if self._stop.is_set():
                subscription.close()
                return True
            self._subscription = subscription
        failures = 0
        while not self._stop.is_set():
            signal = signals.get()
            if signal is None or self._stop.is_set():
                return True
            if isinstance(signal, websocket.Unavailable):
                self._drop_subscription()
                return False
            if isinstance(signal, websocket.Lost):
                if not signal.interrupted:
                    self.connect_attempts += 1  # one that failed
                failures = 0 if signal.interrupted else failures + 1
                if failures >= 3:
                    # The streaming server stays away: keep the timeline fresh meanwhile.
                    self._catch_up()
                if signal.interrupted:
                    text = _interrupted(signal.reason)
                else:
                    text = _retrying(signal.reason, signal.retry_in)
                self._state(Disconnected(text, retry_in=signal.retry_in))
                continue
            # Opened: subscribed (again) on a live connection. Catch up, then say so.
            self.connect_attempts += 1
            attempt = 0
            while not self._catch_up():
                attempt += 1
                if self._stop.wait(self._catch_up_failed(attempt)):
                    return True
            failures = 0
            self.used_transport = "websocket"
            self._state(Connected("websocket"))
        return True

    def _drop_subscription(self) -> None:
        with self._lock:
            subscription, self._subscription = self._subscription, None
        if subscription is not None:
            subscription.close()

    def _poll_forever(self) -> None:
        self.polling = True
        self.used_transport = "poll"
        polling = Disconnected(
            _("{host} has no live updates; checking every {seconds} s.").format(
                host=self.client.host, seconds=localize_digits(f"{self.poll_interval:g}")
            ),
            polling=True,
            retry_in=self.poll_interval,
        )
        while not self._stop.is_set():
            if self._catch_up():
                self._state(polling)
            if self._stop.wait(self.poll_interval):
                return

    def _stream_base(self) -> str:
        """Where the streaming API lives: the server's advertised URL, else the API's."""
        if self._streaming_url is None:
            try:
                advertised = self.client.instance().streaming_url
            except ApiError as exc:
                # Not remembered: the next connect asks again.
                log.info("no instance description, streaming from the API host: %s", exc)
                return self.client.base_url
            url = self.client.base_url
            if advertised:
                parsed = urlparse(advertised)
                scheme = {"wss": "https", "ws": "http"}.get(parsed.scheme, parsed.scheme)
                if scheme in ("http", "https") and parsed.netloc:
                    url = f"{scheme}://{parsed.netloc}"
            self._streaming_url = url
        return self._streaming_url.rstrip("/")

    def _open(self) -> requests.Response:
        import requests

        url = self._stream_base() + _PATHS[self.stream].format(arg=quote(self.arg, safe=""))
        token = getattr(self.client._api, "access_token", None)  # the client's own Mastodon
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        headers["Accept"] = "text/event-stream"
        self.connect_attempts += 1
        try:
            response = self._session.get(
                url, headers=headers, stream=True, timeout=(10.0, self.read_timeout)
            )
        except requests.Timeout as exc:
            raise _Refused(no_answer(self.client.host)) from exc
        except (requests.RequestException, OSError) as exc:
            raise _Refused(unreachable(self.client.host)) from exc
        code = response.status_code
        if code == 200:
            with self._lock:
                if self._stop.is_set():
                    _abort(response)
                    raise _Refused("stopped")
                self._response = response
            return response
        response.close()
        if code in (404, 410, 501):
            raise _NoStreaming
        if code in (401, 403):
            raise _Fatal(
                _("{host} refused live updates for this account (error {code}).").format(
                    host=self.client.host, code=code
                )
            )
        raise _Refused(failed(self.client.host, code))

    def _read(self, response: requests.Response) -> str:
        """Pass events on until the stream ends; returns why it ended."""
        import requests
        from mastodon.errors import MastodonError

        try:
            _listener(self).handle_stream(_Chunks(response))
            return closed_by_server()
        except (MastodonError, requests.RequestException, OSError, ValueError) as exc:
            return _describe(exc)
        finally:
            self._close(response)

    def _close(self, response: requests.Response) -> None:
        with self._lock:
            self._response = None
        _abort(response)

    # --- catching up: gap fill after (re)connecting, and polling ---------------------

    def _catch_up(self) -> bool:
        """Fetch what arrived since the newest id seen; the first call only sets a baseline.

        Returns False if the server could not be asked (the next try fills the gap).
        """
        if self._stop.is_set():
            return False
        try:
            self._catch_up_statuses()
            self._catch_up_notifications()
        except ApiError as exc:
            if self.polling:
                self._state(Disconnected(str(exc), polling=True, retry_in=self.poll_interval))
            else:
                log.info("gap fill failed: %s", exc)
            return False
        return True

    def _catch_up_statuses(self) -> None:
        if not self._have_baseline:
            page = self.client.timeline(self.source, limit=1)
            for status in page.items:
                self._remember(status.id)
            self._have_baseline = True
            return
        found: list[Status] = []
        complete = False
        cursor = self._newest  # None: the timeline was empty, so everything is new
        for _page in range(self.max_gap_pages):
            after = {"min_id": cursor} if cursor is not None else {}
            page = self.client.timeline(self.source, limit=_GAP_PAGE, **after)
            for status in page.items:
                if status.id not in self._seen:
                    found.append(status)
                if _is_newer(status.id, cursor):
                    cursor = status.id
            if len(page.items) < _GAP_PAGE:
                complete = True
                break
        for status in found:
            self._remember(status.id)
        if found or not complete:
            found.sort(key=lambda s: id_key(s.id), reverse=True)
            self._emit(GapFilled(tuple(found), complete=complete))

    def _catch_up_notifications(self) -> None:
        if self.stream != "user":
            return  # only the user stream carries notifications
        if self._newest_notification is None:
            page = self.client.notifications(limit=1, grouped=False)
            self._newest_notification = page.items[0].id if page.items else "0"
            return
        page = self.client.notifications(
            limit=_GAP_PAGE, grouped=False, min_id=self._newest_notification
        )
        for notification in sorted(page.items, key=lambda n: id_key(n.id)):
            self._note_notification(notification)

    # --- events from the stream ---------------------------------------------------

    def _remember(self, status_id: str) -> bool:
        """Record an id; False if it was already seen."""
        if status_id in self._seen:
            return False
        self._seen[status_id] = None
        if len(self._seen) > _SEEN_IDS:
            self._seen.popitem(last=False)
        if _is_newer(status_id, self._newest):
            self._newest = status_id
        return True

    def _on_status(self, data: Any) -> None:
        status = _convert(Status.from_api, data)
        if status is not None and self._remember(status.id):
            self._emit(NewStatus(status))

    def _on_edit(self, data: Any) -> None:
        status = _convert(Status.from_api, data)
        if status is not None:
            self._emit(StatusEdited(status))

    def _on_notification(self, data: Any) -> None:
        notification = _convert(Notification.from_api, data)
        if notification is not None:
            self._note_notification(notification)

    def _note_notification(self, notification: Notification) -> None:
        key = f"n:{notification.id}"
        if key in self._seen:
            return
        self._seen[key] = None
        if _is_newer(notification.id, self._newest_notification):
            self._newest_notification = notification.id
        self._emit(NewNotification(notification))

    def _emit(self, event: StreamEvent) -> None:
        if not self._stop.is_set():
            self._outbox.put(event)

    def _state(self, event: Connected | Disconnected) -> None:
        """Pass on a change of connection state, but not the same state twice in a row."""
        if event != self._last_state:
            self._last_state = event
            self._emit(event)


def _convert(convert: Callable[[Any], Any], data: Any) -> Any:
    try:
        return convert(data)
    except (BadResponse, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("skipping a malformed streamed event: %s", exc)
        return None


def _seconds(delay: float) -> str:
    return _("{n} s").format(n=localize_digits(str(max(1, round(delay)))))


def _retrying(reason: str, delay: float) -> str:
    return _("{reason} Retrying in {delay}.").format(reason=reason, delay=_seconds(delay))


def _interrupted(reason: str) -> str:
    return _("Live updates interrupted: {reason}").format(reason=reason)


def _describe(exc: BaseException) -> str:
    import requests

    if isinstance(exc, requests.Timeout) or "Timed out" in str(exc):
        return too_quiet()
    return connection_lost()


# The sentences both transports use, for the status line (in the interface language).


def no_answer(host: str) -> str:
    return _("{host} did not answer.").format(host=host)


def unreachable(host: str) -> str:
    return _("{host}'s live updates cannot be reached.").format(host=host)


def failed(host: str, code: int) -> str:
    return _("{host}'s live updates failed (error {code}).").format(host=host, code=code)


def closed_by_server() -> str:
    return _("the server closed the stream.")


def too_quiet() -> str:
    return _("no word from the server for too long.")


def connection_lost() -> str:
    return _("the connection was lost.")
