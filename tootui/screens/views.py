"""The tab model: which views (tabs) there are, their keys and widget ids, what they list.

A view is one timeline on a screen, named by a key ("home", "tag-شاي", "list-7"). Keys
can hold remote or typed text, so a view's widget id is derived from its key
(``view_id``) and the key itself travels as the widget's name (``key_of``). Nothing here
draws anything: the top bar (``tootui.widgets.tab_bar``) shows these views as tabs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from textual.strip import Strip

from tootui.api import Conversation, Notification, Status, TimelineSource
from tootui.api.streaming import StreamName
from tootui.i18n import N_, _
from tootui.render.sanitize import clean_text
from tootui.widgets.timeline import TimelineView


@dataclass(frozen=True)
class ViewSpec:
    """A tab: its key, its label, and where its entries come from."""

    key: str
    label: str
    source: TimelineSource | None  # None: notifications, or the conversations (by key)


_READABLE_KEY = re.compile(r"[a-z][a-z0-9_-]*")


def view_id(key: str) -> str:
    """The widget id of the view ``key``, valid whatever the key holds.

    Keys carry remote or typed text (a hashtag in any script, a list id from any server),
    and widget ids allow only ASCII letters, digits, ``-`` and ``_``: such a key is hashed.
    Readable keys stay readable; a hashed one starts with ``view--``, which no readable key
    can produce, so two keys never share an id.
    """
    if _READABLE_KEY.fullmatch(key):
        return f"view-{key}"
    digest = hashlib.blake2s(key.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return f"view--{digest}"


def make_view(
    render: Callable[[Any, int, bool], list[Strip]], key: str, **kwargs: Any
) -> TimelineView[Any]:
    """A timeline for the view ``key``: its id from ``view_id``, the key itself as its name."""
    return TimelineView(render, id=view_id(key), name=key, **kwargs)


def key_of(view: TimelineView[Any]) -> str:
    """The view key a timeline was made for (see ``make_view``)."""
    return view.name or ""


BASE_TABS = (
    ViewSpec("home", N_("Home"), TimelineSource("home")),
    ViewSpec("local", N_("Local"), TimelineSource("local")),
    ViewSpec("federated", N_("Federated"), TimelineSource("federated")),
    ViewSpec("notifications", N_("Notifications"), None),
)
"""The four tabs every account has, in order, their labels not yet translated (``_()``
where they are shown). Their tabs, number keys and keys after ``g`` are made from these."""


CONVERSATIONS = "conversations"
"""The key of the tab of direct conversations (opened with ``g d``)."""


def conversations_view() -> ViewSpec:
    """The tab of direct conversations: not a timeline, so no source."""
    return ViewSpec(CONVERSATIONS, _("Conversations"), None)


def base_views() -> list[ViewSpec]:
    """The four tabs every account has, which cannot be closed."""
    return [replace(tab, label=_(tab.label)) for tab in BASE_TABS]


_TAG_EXTRA = {"_", "·", "\u200c"}  # besides letters, marks and digits (Mastodon's rule)


def hashtag_name(text: str) -> str | None:
    """The hashtag in ``text`` ("#شاي", "tea", "##Café"), or None if it cannot be one.

    Typed or remote text: a name holds letters, marks (Arabic vowel signs), digits, ``_``,
    ``·`` and the zero-width non-joiner (Persian), as on Mastodon; nothing else.
    """
    name = text.strip().lstrip("#")
    if not name or len(name) > 100:
        return None
    for char in name:
        if char not in _TAG_EXTRA and unicodedata.category(char)[0] not in "LMN":
            return None
    return name


def hashtag_view(tag: str) -> ViewSpec:
    """The tab for a hashtag (``tag`` as ``hashtag_name`` gives it)."""
    tag = clean_text(tag.strip().lstrip("#"), max_len=100)
    return ViewSpec(f"tag-{tag.casefold()}", "#" + tag, TimelineSource("hashtag", tag))


# (label, notification types) in the order the filter key cycles through them
NOTIFICATION_FILTERS: list[tuple[str, tuple[str, ...] | None]] = [
    (_("All"), None),
    (_("Mentions"), ("mention",)),
    (_("Follows"), ("follow", "follow_request")),
    (_("Boosts & favourites"), ("reblog", "favourite")),
    (_("Polls & edits"), ("poll", "update", "status")),
]


def is_hidden(item: Any) -> bool:
    """Whether a server filter with the "hide" action removes this entry."""
    if isinstance(item, Conversation):
        return False  # a conversation stays, whatever its last post matched
    status = status_of(item)  # None for a row that is no post (an account, a tag)
    if status is None:
        return False
    return any(f.action == "hide" for f in status.target.filtered)


def status_of(item: Any) -> Status | None:
    """The post an entry shows (a notification's post, a conversation's last one)."""
    if isinstance(item, Notification):
        return item.status
    if isinstance(item, Conversation):
        return item.last_status
    return item if isinstance(item, Status) else None


def entry_key(item: Status | Notification | Conversation) -> str:
    """The key of an entry in its view: a post's id, a notification's group (or id), a
    conversation's id."""
    if isinstance(item, Conversation):
        return item.id
    if isinstance(item, Notification):
        return item.group_key or item.id
    return item.id


CACHED_VIEWS = ("home", "notifications")  # shown from the disk cache at start
# The streaming API's name for each kind of timeline that can be live.
LIVE_STREAMS: dict[str, StreamName] = {
    "home": "user",
    "local": "public:local",
    "federated": "public",
    "hashtag": "hashtag",
    "list": "list",
}


def live_stream(spec: ViewSpec | None) -> tuple[StreamName, str] | None:
    """The stream that keeps a tab live (``user`` for home, ``hashtag`` + tag…), if any."""
    if spec is not None and spec.key == CONVERSATIONS:
        return "direct", ""
    if spec is None or spec.source is None or spec.source.kind not in LIVE_STREAMS:
        return None
    return LIVE_STREAMS[spec.source.kind], spec.source.arg


def newest_id(view: TimelineView[Any]) -> str:
    """Where a live view's first catch-up starts: its newest post's id (a conversation's
    last post), or "0" when it shows none."""
    for entry in view.entries:
        item = entry.item
        if isinstance(item, Conversation):
            return item.page_id
        if isinstance(item, Status):
            return item.id
    return "0"
