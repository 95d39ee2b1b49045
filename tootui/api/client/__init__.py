"""One client per signed-in account: Mastodon.py behind typed calls and readable errors.

Every method blocks (Mastodon.py uses ``requests``): call them from a thread worker, never
from the UI thread. Each returns frozen entities from ``tootui.api.entities`` or raises an
``tootui.api.errors.ApiError``; no other exception leaves this package.

Servers that speak the Mastodon API without being Mastodon (GoToSocial, Pleroma/Akkoma,
Takahē, Iceshrimp, snac, …) are expected: Mastodon.py never reads their version (see
``ASSUMED_VERSION``), only the documented paths are asked (``/api/v2/instance``, not
Mastodon.py's ``/api/v2/instance/``), and a call to an endpoint the server lacks raises
``Unsupported`` and is remembered in ``missing`` so it is not tried again.

``MastodonClient`` is composed, as Mastodon.py's own client is, of one class per area:

- ``core``: construction, the token, the one ``_call`` path, errors and rate limits
- ``timelines``: timelines, a post and its thread, read positions
- ``lists``: your lists and their members
- ``notifications``: notifications and follow requests
- ``conversations``: direct conversations
- ``statuses``: publishing, editing and acting on posts, polls, reports
- ``media``: uploads
- ``accounts``: the signed-in account, profiles, relationships
- ``profile``: editing your own profile
- ``instance``: the server's description, rules and custom emojis
- ``search``: search
- ``filters``: filters (v2) and their keywords
- ``scheduled``: scheduled posts, rescheduled or cancelled
- ``tags``: hashtags, and following them
- ``trends``: trending hashtags, posts and links
- ``oauth``: signing in and out
"""

from __future__ import annotations

from tootui.api.client.accounts import AccountCalls
from tootui.api.client.conversations import ConversationCalls
from tootui.api.client.core import (
    ASSUMED_VERSION,
    DEFAULT_TIMEOUT,
    USER_AGENT,
    TokenSource,
    make_session,
)
from tootui.api.client.filters import FilterCalls
from tootui.api.client.instance import InstanceCalls
from tootui.api.client.lists import ListCalls
from tootui.api.client.media import MediaCalls
from tootui.api.client.notifications import NotificationCalls
from tootui.api.client.oauth import OOB_REDIRECT, SCOPES, OAuthCalls
from tootui.api.client.profile import ProfileCalls
from tootui.api.client.scheduled import ScheduledCalls
from tootui.api.client.search import SearchCalls
from tootui.api.client.statuses import StatusCalls
from tootui.api.client.tags import TagCalls
from tootui.api.client.timelines import TimelineCalls, TimelineKind, TimelineSource
from tootui.api.client.trends import TrendCalls


class MastodonClient(
    TimelineCalls,
    ListCalls,
    NotificationCalls,
    ConversationCalls,
    StatusCalls,
    MediaCalls,
    AccountCalls,
    ProfileCalls,
    InstanceCalls,
    SearchCalls,
    FilterCalls,
    ScheduledCalls,
    TagCalls,
    TrendCalls,
    OAuthCalls,
):
    """The signed-in view of one account on one server.

    ``access_token`` is the token, ``None`` (signing in), or a ``TokenSource`` read on first use.
    """


__all__ = [
    "ASSUMED_VERSION",
    "DEFAULT_TIMEOUT",
    "OOB_REDIRECT",
    "SCOPES",
    "USER_AGENT",
    "MastodonClient",
    "TimelineKind",
    "TimelineSource",
    "TokenSource",
    "make_session",
]
