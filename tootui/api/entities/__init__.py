"""Typed, frozen views of what a Mastodon-API server sends.

Every entity is built by a ``from_api`` class method from a plain mapping: a dict parsed
from JSON, or the dict subclasses Mastodon.py returns. Most inherit it from ``Entity``
(``entity``), which reads each field by its annotation. Servers are strangers: a field may
be missing, null, or of the wrong type (a number sent as a string, a dict where a list
belongs). The readers (``readers``) never raise on such input; they fall back to an empty
value, so one odd server cannot crash a timeline.

Remote text is kept exactly as sent here; making it safe for the terminal is the job of
``tootui.render``.

By area: ``accounts`` (Account, Relationship), ``conversations``, ``tags`` (FeaturedTag), ``statuses`` (Status and
what it carries, Context), ``notifications``, ``instance`` (Instance, Rule), ``lists``
(UserList), ``filters`` (Filter, FilterKeyword), ``results`` (SearchResults, Marker, Page).
Every name is importable from here, which is also where pickles written
before the split (the timeline cache) find them.
"""

from tootui.api.entities.accounts import (
    Account,
    CustomEmoji,
    Field,
    ProfileSource,
    Relationship,
    SourceField,
)
from tootui.api.entities.conversations import Conversation
from tootui.api.entities.filters import (
    FILTER_ACTIONS,
    FILTER_CONTEXTS,
    Filter,
    FilterAction,
    FilterContext,
    FilterKeyword,
)
from tootui.api.entities.instance import Instance, Rule
from tootui.api.entities.lists import REPLIES_POLICIES, RepliesPolicy, UserList
from tootui.api.entities.notifications import Notification, NotificationType
from tootui.api.entities.readers import VISIBILITIES, Visibility
from tootui.api.entities.results import Marker, Page, SearchResults
from tootui.api.entities.scheduled import ScheduledPost
from tootui.api.entities.statuses import (
    Card,
    Context,
    FilterResult,
    MediaAttachment,
    Mention,
    Poll,
    PollOption,
    QuoteApproval,
    Status,
    Tag,
)
from tootui.api.entities.tags import FeaturedTag
from tootui.api.entities.translation import Translation
from tootui.api.entities.trends import TrendingLink, TrendingTag

__all__ = [
    "REPLIES_POLICIES",
    "FILTER_ACTIONS",
    "FILTER_CONTEXTS",
    "VISIBILITIES",
    "Account",
    "Card",
    "Context",
    "Conversation",
    "CustomEmoji",
    "FeaturedTag",
    "Field",
    "Filter",
    "FilterAction",
    "FilterContext",
    "FilterKeyword",
    "FilterResult",
    "Instance",
    "Marker",
    "MediaAttachment",
    "Mention",
    "Notification",
    "NotificationType",
    "Page",
    "Poll",
    "PollOption",
    "ProfileSource",
    "QuoteApproval",
    "Relationship",
    "RepliesPolicy",
    "Rule",
    "ScheduledPost",
    "SearchResults",
    "SourceField",
    "Status",
    "Tag",
    "UserList",
    "Translation",
    "TrendingLink",
    "TrendingTag",
    "Visibility",
]
