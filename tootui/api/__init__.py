"""The typed API layer: Mastodon.py behind frozen entities and readable errors.

UI-free by rule: nothing under ``tootui.api`` imports textual or rich.
"""

from tootui.api.client import MastodonClient, TimelineSource, TokenSource
from tootui.api.entities import (
    Account,
    Context,
    Instance,
    Marker,
    MediaAttachment,
    Notification,
    Page,
    Poll,
    Relationship,
    SearchResults,
    Status,
    Translation,
    TrendingLink,
    TrendingTag,
)
from tootui.api.errors import (
    ApiError,
    BadResponse,
    Forbidden,
    NetworkError,
    NotAuthorised,
    NotFound,
    RateLimited,
    Rejected,
    RequestTimedOut,
    ServerError,
    TokenUnavailable,
    Unsupported,
)

__all__ = [
    "Account",
    "ApiError",
    "BadResponse",
    "Context",
    "Forbidden",
    "Instance",
    "Marker",
    "MastodonClient",
    "MediaAttachment",
    "NetworkError",
    "NotAuthorised",
    "NotFound",
    "Notification",
    "Page",
    "Poll",
    "RateLimited",
    "Rejected",
    "Relationship",
    "RequestTimedOut",
    "SearchResults",
    "ServerError",
    "Status",
    "TimelineSource",
    "TokenSource",
    "TokenUnavailable",
    "Translation",
    "TrendingLink",
    "TrendingTag",
    "Unsupported",
]
