"""Live updates on screen: messages from the streaming threads, and read positions.

``LiveController`` runs a ``tootui.api.streaming.StreamWatcher`` for one timeline view and
turns its event batches into Textual messages posted to the screen that owns it
(``post_message`` is thread-safe). ``save_marker``/``load_marker`` keep the read position
in the server's Markers API, or in a local file where the server has none; they block, so
call them from a thread worker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from tootui.api import Conversation, MastodonClient, Notification, Status, Unsupported
from tootui.api.streaming import (
    Connected,
    Disconnected,
    GapFilled,
    NewConversation,
    NewNotification,
    NewStatus,
    Overflow,
    StatusDeleted,
    StatusEdited,
    StreamEvent,
    StreamName,
    StreamWatcher,
    id_key,
)
from tootui.i18n import _, localize_digits, ngettext
from tootui.paths import atomic_write, data_dir

# --- messages ------------------------------------------------------------------------


class LiveMessage(Message, bubble=False):
    """Base of the live-update messages; ``view_key`` names the timeline they belong to."""

    def __init__(self, view_key: str) -> None:
        super().__init__()
        self.view_key = view_key


class LiveStatuses(LiveMessage):
    """New posts for ``view_key``, newest first, each id at most once."""

    def __init__(self, view_key: str, statuses: Sequence[Status]) -> None:
        super().__init__(view_key)
        self.statuses = tuple(statuses)


class LiveEdit(LiveMessage):
    """A post shown (or buffered) in ``view_key`` was edited."""

    def __init__(self, view_key: str, status: Status) -> None:
        super().__init__(view_key)
        self.status = status

    def can_replace(self, message: Message) -> bool:
        # A later edit of the same post supersedes a pending earlier one.
        return (
            isinstance(message, LiveEdit)
            and message.view_key == self.view_key
            and message.status.id == self.status.id
        )


class LiveDelete(LiveMessage):
    """A post was deleted: remove it from ``view_key``."""

    def __init__(self, view_key: str, status_id: str) -> None:
        super().__init__(view_key)
        self.status_id = status_id


class LiveNotifications(LiveMessage):
    """New notifications (``user`` stream), oldest first."""

    def __init__(self, view_key: str, notifications: Sequence[Notification]) -> None:
        super().__init__(view_key)
        self.notifications = tuple(notifications)


class LiveConversations(LiveMessage):
    """Conversations with a new post (``direct`` stream), oldest first."""

    def __init__(self, view_key: str, conversations: Sequence[Conversation]) -> None:
        super().__init__(view_key)
        self.conversations = tuple(conversations)


class LiveState(LiveMessage):
    """The connection state for ``view_key``, as a sentence for the status bar.

    ``connected`` is True while streaming; ``polling`` while the server is polled instead.
    ``reload`` is True when posts were missed (too many at once): reload the timeline.
    """

    def __init__(
        self,
        view_key: str,
        connected: bool,
        text: str,
        *,
        polling: bool = False,
        reload: bool = False,
    ) -> None:
        super().__init__(view_key)
        self.connected = connected
        self.text = text
        self.polling = polling
        self.reload = reload

    def can_replace(self, message: Message) -> bool:
        # Only the newest state matters, unless the older one asks for a reload.
        return (
            isinstance(message, LiveState)
            and message.view_key == self.view_key
            and not message.reload
        )


# --- the controller ------------------------------------------------------------------


class LiveController:
    """Live updates for one timeline view, posted as messages to ``target``.

    Create it on the screen, ``start()`` it once the timeline is loaded (passing the newest
    id shown, so the first gap fill starts there) and ``stop()`` it on unmount or when the
    view changes. Every message carries ``view_key``, so stale ones can be ignored.
    """

    def __init__(
        self,
        target: MessagePump,
        client: MastodonClient,
        view_key: str,
        stream: StreamName,
        arg: str = "",
        *,
        poll_interval: float = 60.0,
        **watcher_options: Any,
    ) -> None:
        self.target = target
        self.client = client
        self.view_key = view_key
        self.stream: StreamName = stream
        self.arg = arg
        self.poll_interval = poll_interval
        self._options = watcher_options
        self.watcher: StreamWatcher | None = None

    @property
    def running(self) -> bool:
        return self.watcher is not None and self.watcher.running

    def start(self, since_id: str | None = None) -> None:
        """Start watching (no network on the calling thread); restarts if running."""
        self.stop()
        self.watcher = StreamWatcher(
            self.client,
            self.stream,
            self.arg,
            self._deliver,
            poll_interval=self.poll_interval,
            since_id=since_id,
            **self._options,
        ).start()

    def stop(self, timeout: float = 0.5) -> None:
        """Stop watching; nothing more is posted. Safe to call when not running."""
        watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.stop(timeout)

    def _deliver(self, events: Sequence[StreamEvent]) -> None:
        """On the watcher's thread: one batch of events becomes as few messages as possible."""
        for message in messages_for(self.view_key, events):
            self.target.post_message(message)


def messages_for(view_key: str, events: Iterable[StreamEvent]) -> list[LiveMessage]:
    """The messages for one batch of events, in order; runs of posts are merged."""
    out: list[LiveMessage] = []
    statuses: list[Status] = []
    notifications: list[Notification] = []
    conversations: list[Conversation] = []

    def flush() -> None:
        if statuses:
            ordered = sorted(_unique(statuses), key=lambda s: id_key(s.id), reverse=True)
            out.append(LiveStatuses(view_key, ordered))
            statuses.clear()
        if notifications:
            out.append(LiveNotifications(view_key, tuple(notifications)))
            notifications.clear()
        if conversations:
            out.append(LiveConversations(view_key, tuple(conversations)))
            conversations.clear()

    for event in events:
        if isinstance(event, NewStatus):
            statuses.append(event.status)
            continue
        if isinstance(event, GapFilled):
            statuses.extend(event.statuses)
            if not event.complete:
                flush()
                out.append(_reload_state(view_key, _("Many posts arrived while away")))
            continue
        if isinstance(event, NewNotification):
            notifications.append(event.notification)
            continue
        if isinstance(event, NewConversation):
            conversations.append(event.conversation)
            continue
        flush()
        if isinstance(event, StatusEdited):
            out.append(LiveEdit(view_key, event.status))
        elif isinstance(event, StatusDeleted):
            out.append(LiveDelete(view_key, event.id))
        elif isinstance(event, Connected):
            out.append(LiveState(view_key, True, _("Live")))
        elif isinstance(event, Disconnected):
            out.append(LiveState(view_key, False, event.reason, polling=event.polling))
        elif isinstance(event, Overflow):
            skipped = ngettext(
                "{n} update was skipped", "{n} updates were skipped", event.dropped
            ).format(n=localize_digits(str(event.dropped)))
            out.append(_reload_state(view_key, skipped))
    flush()
    return out


def _reload_state(view_key: str, why: str) -> LiveState:
    text = _("{why}: reload to see them all.").format(why=why)
    return LiveState(view_key, True, text, reload=True)


def _unique(statuses: Iterable[Status]) -> list[Status]:
    seen: set[str] = set()
    out: list[Status] = []
    for status in statuses:
        if status.id not in seen:
            seen.add(status.id)
            out.append(status)
    return out


# --- read position -------------------------------------------------------------------

SERVER_MARKERS = ("home", "notifications")  # the timelines the Markers API knows


def marker_file(acct: str) -> Path:
    """The local read-position file of one account (``user@host``)."""
    safe = re.sub(r"[^A-Za-z0-9@._-]", "_", acct) or "account"
    return data_dir() / "markers" / f"{safe}.json"


def _account_key(client: MastodonClient, acct: str) -> str:
    if acct:
        return acct if "@" in acct else f"{acct}@{client.host}"
    me = client.verify_credentials()
    return f"{me.acct.split('@', 1)[0]}@{client.host}"


def _read_local(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str | int)}


def save_marker(client: MastodonClient, timeline: str, last_read_id: str, *, acct: str = "") -> str:
    """Remember ``last_read_id`` as the read position in ``timeline``.

    Written locally every time, and to the server's Markers API for ``home`` and
    ``notifications`` where the server has it. Returns ``"server"`` or ``"local"``.
    Blocks (network): call from a thread worker. Raises ``ApiError`` on other failures,
    after the local copy was saved.
    """
    path = marker_file(_account_key(client, acct))
    data = _read_local(path)
    data[timeline] = last_read_id
    atomic_write(path, json.dumps(data, indent=1, sort_keys=True))
    if timeline not in SERVER_MARKERS:
        return "local"
    try:
        client.set_marker(timeline, last_read_id)
    except Unsupported:
        return "local"
    return "server"


def load_marker(client: MastodonClient, timeline: str, *, acct: str = "") -> str | None:
    """The saved read position in ``timeline``: the server's, else the local copy."""
    key = _account_key(client, acct)
    if timeline in SERVER_MARKERS:
        try:
            marker = client.markers((timeline,)).get(timeline)
        except Unsupported:
            marker = None
        if marker is not None and marker.last_read_id:
            return marker.last_read_id
    return _read_local(marker_file(key)).get(timeline)
