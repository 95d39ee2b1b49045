"""What both live transports share: the streams, the events a watcher delivers, and words.

``tootui.api.streaming`` (one timeline's live updates) and ``tootui.api.websocket`` (the
account's WebSocket connections) both read this module and neither reads the other's
internals: the watcher uses the hub, the hub never imports the watcher.

Here: which streams exist and where the Server-Sent Events ones live, the typed events a
``StreamWatcher`` hands its consumer, the order of Mastodon ids, and the sentences (in
the interface language) that say what happened to a connection.

UI-free: nothing here imports textual or rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from tootui.api.client import TimelineKind
from tootui.api.entities import Conversation, Notification, Status
from tootui.i18n import _, localize_digits

StreamName = Literal["user", "public:local", "public", "hashtag", "list", "direct"]
Transport = Literal["auto", "sse", "poll"]
TRANSPORTS: tuple[Transport, ...] = ("auto", "sse", "poll")

STREAMING_FEATURE = "streaming"  # the name kept in ``MastodonClient.missing``

# Where each stream's Server-Sent Events live, under the streaming API's base URL.
SSE_PATHS: dict[str, str] = {
    "user": "/api/v1/streaming/user",
    "public": "/api/v1/streaming/public",
    "public:local": "/api/v1/streaming/public/local",
    "hashtag": "/api/v1/streaming/hashtag?tag={arg}",
    "list": "/api/v1/streaming/list?list={arg}",
    "direct": "/api/v1/streaming/direct",
}
# The timeline each stream carries, asked to fill the gaps between connections
# (``direct`` carries conversations: its gaps are filled from the conversations list).
STREAM_TIMELINES: dict[str, TimelineKind] = {
    "user": "home",
    "public": "federated",
    "public:local": "local",
    "hashtag": "hashtag",
    "list": "list",
}


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
class NewConversation:
    """A direct conversation has a new post (``direct`` stream only)."""

    conversation: Conversation


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
    | NewConversation
    | Connected
    | Disconnected
    | GapFilled
    | Overflow
)
EventSink = Callable[[Sequence[StreamEvent]], None]


def id_key(status_id: str) -> tuple[int, str]:
    """Sort key for ids: Mastodon's numeric ids compare by length first, then text."""
    return (len(status_id), status_id)


def is_newer(candidate: str, current: str | None) -> bool:
    """Whether id ``candidate`` comes after ``current`` (None: nothing yet)."""
    return current is None or id_key(candidate) > id_key(current)


# --- the sentences both transports use, for the status line ------------------------


def seconds_text(delay: float) -> str:
    return _("{n} s").format(n=localize_digits(str(max(1, round(delay)))))


def retrying(reason: str, delay: float) -> str:
    return _("{reason} Retrying in {delay}.").format(reason=reason, delay=seconds_text(delay))


def interrupted(reason: str) -> str:
    return _("Live updates interrupted: {reason}").format(reason=reason)


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
