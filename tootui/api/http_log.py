"""Requests in the debug log: method, path, status and time taken, never a secret.

``log_response`` is a requests response hook on every session tootui makes
(``tootui.api.client.core.make_session``). It writes to the ``tootui.http`` logger only when
something listens (``tootui --log FILE``); otherwise it costs one level check. It never
writes headers (the ``Authorization`` token lives there), and the query string keeps its
keys but not the values of secret ones (``access_token``, ``code``, ``client_secret``,
``password``…). Request bodies (posts, direct messages) are written only when
``log_bodies`` is on, with the same values hidden.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

log = logging.getLogger("tootui.http")

# Keys whose values are secrets wherever they appear: a query, a form, a JSON body.
SECRET_KEYS = frozenset(
    {"access_token", "refresh_token", "token", "code", "client_secret", "password"}
)
HIDDEN = "[hidden]"


class _Settings:
    bodies = False  # request bodies in the log too (``log_bodies`` in the config)


def log_bodies(on: bool) -> None:
    """Whether request bodies are written to the log (with secret values hidden)."""
    _Settings.bodies = on


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{k}={HIDDEN if k.lower() in SECRET_KEYS else v}" for k, v in pairs)


def loggable_url(url: str) -> str:
    """The path of ``url`` with its query, the values of secret keys hidden."""
    parts = urlsplit(url)
    query = parts.query
    if not query:
        return parts.path or "/"
    return f"{parts.path}?{_pairs(parse_qsl(query, keep_blank_values=True))}"


def _hide_in(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: HIDDEN if str(k).lower() in SECRET_KEYS else _hide_in(v) for k, v in data.items()
        }
    if isinstance(data, list):
        return [_hide_in(v) for v in data]
    return data


def loggable_body(body: Any, content_type: str) -> str:
    """A request body for the log: a form or JSON with secret values hidden; anything else
    (an uploaded picture) only by its size."""
    if not body:
        return ""
    raw = body.encode("utf-8", "replace") if isinstance(body, str) else body
    if not isinstance(raw, bytes):
        return "<streamed body>"
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            return _pairs(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        if content_type.startswith("application/json"):
            return json.dumps(_hide_in(json.loads(raw)), ensure_ascii=False)
    except ValueError:
        pass
    return f"<{len(raw)} bytes>"


def log_response(response: Any, *args: Any, **kwargs: Any) -> None:
    """requests' response hook: one line per answered request, when the log is on."""
    if not log.isEnabledFor(logging.INFO):
        return
    request = response.request
    took = response.elapsed.total_seconds() * 1000
    log.info(
        "%s %s -> %s in %.0f ms",
        request.method,
        loggable_url(request.url or ""),
        response.status_code,
        took,
    )
    if _Settings.bodies and request.body:
        kind = request.headers.get("Content-Type", "")
        log.info("  body: %s", loggable_body(request.body, kind))
