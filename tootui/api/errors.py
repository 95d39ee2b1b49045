"""The only errors that leave ``tootui.api``: a small hierarchy with sentences people can read.

Each error's ``str()`` is a complete sentence fit for a status bar. ``status`` is the HTTP
status when there was one. Nothing here ever contains an access token.
"""

from __future__ import annotations

from datetime import datetime


class ApiError(Exception):
    """Something went wrong talking to the server."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


class NetworkError(ApiError):
    """The server could not be reached (no network, DNS failure, refused, TLS failure)."""


class RequestTimedOut(NetworkError):
    """The server did not answer in time."""


class NotAuthorised(ApiError):
    """The server refused our token (401): it was revoked or has expired. Sign in again."""


class TokenUnavailable(ApiError):
    """The account's access token could not be read here (its keyring or file failed)."""


class Forbidden(ApiError):
    """The server understood but will not do it (403)."""


class NotFound(ApiError):
    """The post, account or page does not exist (404), or no longer does (410)."""


class Unsupported(NotFound):
    """This server does not offer that feature (the endpoint is missing)."""


class RateLimited(ApiError):
    """The server asks us to slow down (429). ``retry_at`` says when to try again, if known."""

    def __init__(self, message: str, *, retry_at: datetime | None = None) -> None:
        super().__init__(message, status=429)
        self.retry_at = retry_at


class ServerError(ApiError):
    """The server failed (5xx)."""


class Rejected(ApiError):
    """The server refused the request as it was (422 and other 4xx), with its own reason."""

    def __init__(self, message: str, *, status: int | None = 422, server_message: str = "") -> None:
        super().__init__(message, status=status)
        self.server_message = server_message


class BadResponse(ApiError):
    """The server answered with something that is not what the API promises."""
