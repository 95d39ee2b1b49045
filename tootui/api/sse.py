"""The Server-Sent Events transport, one connection per stream: opening it, reading it
by chunks, closing it so that a blocked read returns at once, and why it could not open.

The events themselves are parsed by Mastodon.py's ``StreamListener``; the watcher
(``tootui.api.streaming``) decides when to connect and what to do about failures.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tootui.api.stream_events import (
    closed_by_server,
    connection_lost,
    failed,
    no_answer,
    too_quiet,
    unreachable,
)
from tootui.i18n import _

if TYPE_CHECKING:
    import requests


class Chunks:
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


def abort(response: requests.Response) -> None:
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


def describe(exc: BaseException) -> str:
    """Why a stream that was being read ended, as a sentence for the status line."""
    import requests

    if isinstance(exc, requests.Timeout) or "Timed out" in str(exc):
        return too_quiet()
    return connection_lost()


class NoStreaming(Exception):
    """The server answered that it has no streaming API."""


class Refused(Exception):
    """The stream could not be opened (network, 5xx); worth trying again later."""


class Fatal(Exception):
    """The stream will never open with these credentials (401/403)."""


def connect(
    session: requests.Session, url: str, token: str | None, *, host: str, read_timeout: float
) -> requests.Response:
    """Open the event stream at ``url``: the response (status 200), or why not as
    ``NoStreaming``, ``Fatal`` or ``Refused`` (with a sentence naming ``host``)."""
    import requests

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    headers["Accept"] = "text/event-stream"
    try:
        response = session.get(url, headers=headers, stream=True, timeout=(10.0, read_timeout))
    except requests.Timeout as exc:
        raise Refused(no_answer(host)) from exc
    except (requests.RequestException, OSError) as exc:
        raise Refused(unreachable(host)) from exc
    code = response.status_code
    if code == 200:
        return response
    response.close()
    if code in (404, 410, 501):
        raise NoStreaming
    if code in (401, 403):
        raise Fatal(
            _("{host} refused live updates for this account (error {code}).").format(
                host=host, code=code
            )
        )
    raise Refused(failed(host, code))


def read(response: requests.Response, listener: Any) -> str:
    """Hand the stream's events to ``listener`` (a Mastodon.py ``StreamListener``) until
    it ends; returns why it ended. The caller closes ``response``."""
    import requests
    from mastodon.errors import MastodonError

    try:
        listener.handle_stream(Chunks(response))
        return closed_by_server()
    except (MastodonError, requests.RequestException, OSError, ValueError) as exc:
        return describe(exc)
