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

import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlparse

from tootui.api import sse, websocket
from tootui.api.backoff import Backoff
from tootui.api.client import MastodonClient, TimelineSource, make_session
from tootui.api.entities import Conversation, Notification, Status
from tootui.api.errors import ApiError, BadResponse
from tootui.api.outbox import Outbox
from tootui.api.stream_events import (
    SSE_PATHS,
    STREAM_TIMELINES,
    STREAMING_FEATURE,
    TRANSPORTS,
    Connected,
    Disconnected,
    EventSink,
    GapFilled,
    NewConversation,
    NewNotification,
    NewStatus,
    Overflow,
    StatusDeleted,
    StatusEdited,
    StreamEvent,
    StreamName,
    Transport,
    id_key,
    interrupted,
    is_newer,
    retrying,
    seconds_text,
)
from tootui.i18n import _, localize_digits

if TYPE_CHECKING:
    import requests

# Re-exported: what consumers of live updates import from here.
__all__ = [
    "STREAMING_FEATURE",
    "TRANSPORTS",
    "Connected",
    "Disconnected",
    "EventSink",
    "GapFilled",
    "NewConversation",
    "NewNotification",
    "NewStatus",
    "Overflow",
    "StatusDeleted",
    "StatusEdited",
    "StreamEvent",
    "StreamName",
    "StreamWatcher",
    "Transport",
    "id_key",
]

log = logging.getLogger(__name__)

_GAP_PAGE = 40  # posts per gap-filling request
_SEEN_IDS = 4000  # how many ids are remembered for deduplication


# --- the listener: Mastodon.py's parsed events as typed ones ------------------------


_LISTENER: type | None = None


def _listener(watcher: StreamWatcher) -> Any:
    """A Mastodon.py ``StreamListener`` that turns parsed SSE events into typed events.

    The class is made on first use: Mastodon.py is loaded lazily (see
    ``tootui.api.client.core._load_mastodon``).
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

            def on_conversation(self, conversation: Any) -> None:
                self._watcher._on_conversation(conversation)

            def on_unknown_event(self, name: str, unknown_event: Any = None) -> None:
                pass  # announcements…: not shown by a timeline

        _LISTENER = Listener
    return _LISTENER(watcher)


# --- the watcher -------------------------------------------------------------------


class StreamWatcher:
    """Live updates of one timeline for one account, delivered to ``on_event`` in batches.

    ``stream`` is ``user`` (home + notifications), ``public:local``, ``public``, ``hashtag``
    (``arg`` = tag), ``list`` (``arg`` = list id) or ``direct`` (conversations). ``since_id``
    is the newest post the caller already shows (for ``direct``, the newest conversation's
    last post): the first gap fill starts there. ``on_event`` receives a list of
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
        if stream not in SSE_PATHS:
            raise ValueError(f"unknown stream {stream!r}")
        if stream in ("hashtag", "list") and not arg:
            raise ValueError(f"the {stream} stream needs an argument")
        self.client = client
        self.stream = stream
        self.arg = arg.lstrip("#") if stream == "hashtag" else arg
        kind = STREAM_TIMELINES.get(stream)
        self.source = TimelineSource(kind, self.arg) if kind is not None else None
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
        self._outbox = Outbox(self._on_event, batch_interval, max_pending, self._stop)
        self._newest: str | None = since_id
        self._have_baseline = since_id is not None
        self._newest_notification: str | None = None
        # the newest last post of a conversation seen (``direct``)
        self._newest_conversation: str | None = since_id if stream == "direct" else None
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
            sse.abort(response)
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
            except sse.NoStreaming:
                self.client.missing.add(STREAMING_FEATURE)
                self.polling = True
                continue
            except sse.Fatal as exc:
                self._state(Disconnected(str(exc)))
                return
            except sse.Refused as exc:
                failures += 1
                delay = self._backoff(failures)
                if failures >= 3:
                    # The streaming server stays away: keep the timeline fresh meanwhile.
                    self._catch_up()
                self._state(Disconnected(retrying(str(exc), delay), retry_in=delay))
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
            self._state(Disconnected(interrupted(reason), retry_in=delay))
            self._stop.wait(delay)

    def _catch_up_failed(self, failures: int) -> float:
        """Say that the missed posts could not be fetched; returns how long to wait."""
        delay = self._backoff(failures)
        text = _("Could not catch up on missed posts. Retrying in {delay}.")
        self._state(Disconnected(text.format(delay=seconds_text(delay)), retry_in=delay))
        return delay

    def _backoff(self, failures: int) -> float:
        return Backoff(self.backoff_initial, self.backoff_max).delay(failures)

    # --- the WebSocket -----------------------------------------------------------------

    def _websocket_possible(self) -> bool:
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
                    text = interrupted(signal.reason)
                else:
                    text = retrying(signal.reason, signal.retry_in)
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
        url = self._stream_base() + SSE_PATHS[self.stream].format(arg=quote(self.arg, safe=""))
        token = getattr(self.client._api, "access_token", None)  # the client's own Mastodon
        self.connect_attempts += 1
        response = sse.connect(
            self._session, url, token, host=self.client.host, read_timeout=self.read_timeout
        )
        with self._lock:
            if self._stop.is_set():
                sse.abort(response)
                raise sse.Refused("stopped")
            self._response = response
        return response

    def _read(self, response: requests.Response) -> str:
        """Pass events on until the stream ends; returns why it ended."""
        try:
            return sse.read(response, _listener(self))
        finally:
            self._close(response)

    def _close(self, response: requests.Response) -> None:
        with self._lock:
            self._response = None
        sse.abort(response)

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
            self._catch_up_conversations()
        except ApiError as exc:
            if self.polling:
                self._state(Disconnected(str(exc), polling=True, retry_in=self.poll_interval))
            else:
                log.info("gap fill failed: %s", exc)
            return False
        return True

    def _catch_up_statuses(self) -> None:
        if self.source is None:
            return  # a stream of no timeline (``direct``)
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
                if is_newer(status.id, cursor):
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

    def _catch_up_conversations(self) -> None:
        if self.stream != "direct":
            return
        page = self.client.conversations(limit=_GAP_PAGE)
        if self._newest_conversation is None:
            self._newest_conversation = page.items[0].page_id if page.items else "0"
            return
        for conversation in sorted(page.items, key=lambda c: id_key(c.page_id)):
            self._note_conversation(conversation)

    # --- events from the stream ---------------------------------------------------

    def _remember(self, status_id: str) -> bool:
        """Record an id; False if it was already seen."""
        if status_id in self._seen:
            return False
        self._seen[status_id] = None
        if len(self._seen) > _SEEN_IDS:
            self._seen.popitem(last=False)
        if is_newer(status_id, self._newest):
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
        if is_newer(notification.id, self._newest_notification):
            self._newest_notification = notification.id
        self._emit(NewNotification(notification))

    def _on_conversation(self, data: Any) -> None:
        conversation = _convert(Conversation.from_api, data)
        if conversation is not None:
            self._note_conversation(conversation)

    def _note_conversation(self, conversation: Conversation) -> None:
        """Pass on a conversation whose last post is newer than any seen."""
        newest = conversation.page_id
        if not is_newer(newest, self._newest_conversation):
            return
        self._newest_conversation = newest
        self._emit(NewConversation(conversation))

    def _emit(self, event: StreamEvent) -> None:
        if not self._stop.is_set():
            self._outbox.put(event)

    def _state(self, event: Connected | Disconnected) -> None:
        """Pass on a change of connection state, but not the same state twice in a row."""
        if event != self._last_state:
            self._last_state = event
            if isinstance(event, Connected):
                log.info(
                    "%s %s stream: connected (%s)", self.client.host, self.stream, event.transport
                )
            else:
                state = (
                    "polling"
                    if event.polling
                    else "reconnecting"
                    if event.retry_in is not None
                    else "disconnected"
                )
                log.info("%s %s stream: %s: %s", self.client.host, self.stream, state, event.reason)
            self._emit(event)


def _convert(convert: Callable[[Any], Any], data: Any) -> Any:
    try:
        return convert(data)
    except (BadResponse, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("skipping a malformed streamed event: %s", exc)
        return None
