"""Posts: a status with what it carries (media, poll, link card, mentions, tags, the
filters it matched) and a post's thread."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from tootui.api.entities.accounts import Account, CustomEmoji
from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.filters import FilterAction, filter_action
from tootui.api.entities.readers import Visibility, _map, _maybe_map, _str, _strs


@dataclass(frozen=True, slots=True)
class Mention(Entity):
    """An account mentioned in a post."""

    id: str
    username: str
    acct: str
    url: str


@dataclass(frozen=True, slots=True)
class Tag(Entity):
    """A hashtag on a post or in search results."""

    name: str
    url: str
    following: bool = False


def _aspect(meta: Any) -> float | None:
    """The preview's (else the original's) width / height from an attachment's ``meta``,
    or None when it is missing or absurd (a server's numbers are not trusted)."""
    meta = _map(meta)
    for size in ("small", "original"):
        info = _map(meta.get(size))
        aspect = info.get("aspect")
        if not isinstance(aspect, (int, float)) or isinstance(aspect, bool):
            width, height = info.get("width"), info.get("height")
            if isinstance(width, int) and isinstance(height, int) and height > 0:
                aspect = width / height
            else:
                continue
        if 0.05 <= aspect <= 20:  # also False for NaN
            return float(aspect)
    return None


@dataclass(frozen=True, slots=True)
class MediaAttachment(Entity):
    """An image, video, audio or other file attached to a post."""

    id: str
    type: str  # image, gifv, video, audio, unknown
    url: str
    preview_url: str
    remote_url: str
    description: str | None  # alt text
    blurhash: str | None = None  # a blurred stand-in, drawn while sensitive media is hidden
    aspect: float | None = None  # width / height of the preview, when the server says

    _special: ClassVar[Mapping[str, FieldReader]] = {
        "type": lambda d: _str(d.get("type"), "unknown"),
        "aspect": lambda d: _aspect(d.get("meta")),
    }

    @property
    def processed(self) -> bool:
        """Whether the server has finished processing the file (it then has a URL)."""
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class PollOption(Entity):
    """One answer of a poll, with its vote count when the server shares it."""

    title: str
    votes_count: int | None


@dataclass(frozen=True, slots=True)
class Poll(Entity):
    """A poll attached to a post."""

    id: str
    expires_at: datetime | None
    expired: bool
    multiple: bool
    votes_count: int
    voters_count: int | None
    options: tuple[PollOption, ...]
    voted: bool
    own_votes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Card(Entity):
    """A link preview."""

    url: str
    title: str
    description: str
    provider_name: str


@dataclass(frozen=True, slots=True)
class FilterResult:
    """A server-side filter that matched a post: hide it, or warn behind the title."""

    title: str
    action: FilterAction

    @classmethod
    def from_api(cls, data: Any) -> FilterResult:
        f = _map(_map(data).get("filter"))
        return cls(title=_str(f.get("title")), action=filter_action(f.get("filter_action")))


# Who may quote a post when a server sends only the policy word (mastodon-mock, early 4.5).
_POLICY_APPROVAL = {
    "public": (("public",), "automatic"),
    "followers": (("followers",), "unknown"),  # whether you follow them is not in the post
    "nobody": ((), "denied"),
}


@dataclass(frozen=True, slots=True)
class QuoteApproval:
    """Who may quote a post (Mastodon 4.5 and later). ``automatic`` and ``manual`` name
    who ("public", "followers", "following"); ``current_user`` is what it means for you:
    "automatic", "manual" (the author is asked), "denied" or "unknown"."""

    automatic: tuple[str, ...]
    manual: tuple[str, ...]
    current_user: str

    @classmethod
    def of_status(cls, d: Mapping[str, Any]) -> QuoteApproval | None:
        """The post's quote policy, or None from a server without quotes."""
        approval = _maybe_map(d.get("quote_approval"))
        if approval is not None:
            return cls(
                automatic=_strs(approval.get("automatic")),
                manual=_strs(approval.get("manual")),
                current_user=_str(approval.get("current_user"), "unknown"),
            )
        policy = _str(d.get("quote_approval_policy"))
        if policy in _POLICY_APPROVAL:
            automatic, current = _POLICY_APPROVAL[policy]
            return cls(automatic=automatic, manual=(), current_user=current)
        return None


@dataclass(frozen=True, slots=True)
class Status(Entity):
    """A post. A boost is a Status whose ``reblog`` is the boosted post."""

    id: str
    uri: str
    url: str
    created_at: datetime
    edited_at: datetime | None
    account: Account
    content: str  # HTML
    spoiler_text: str
    sensitive: bool
    visibility: Visibility
    language: str | None
    in_reply_to_id: str | None
    in_reply_to_account_id: str | None
    replies_count: int
    reblogs_count: int
    favourites_count: int
    favourited: bool
    reblogged: bool
    bookmarked: bool
    muted: bool
    pinned: bool
    reblog: Status | None = None
    quote: Status | None = None
    poll: Poll | None = None
    card: Card | None = None
    media_attachments: tuple[MediaAttachment, ...] = ()
    mentions: tuple[Mention, ...] = ()
    tags: tuple[Tag, ...] = ()
    emojis: tuple[CustomEmoji, ...] = ()
    filtered: tuple[FilterResult, ...] = ()
    text: str | None = None  # the source text, on edit/delete responses
    quote_approval: QuoteApproval | None = None  # None: the server has no quote posts

    _keys: ClassVar[Mapping[str, str | tuple[str, ...]]] = {"url": ("url", "uri")}
    _special: ClassVar[Mapping[str, FieldReader]] = {"quote_approval": QuoteApproval.of_status}
    _given = ("reblog", "quote")

    @classmethod
    def from_api(cls, data: Any, *, _depth: int = 0) -> Status:
        """Read a post, following a boost or a quote two levels deep at the most."""
        d = _map(data)
        if _depth >= 2:  # a quote of a quote of a quote is not followed further
            return cls._read(d, reblog=None, quote=None)
        reblog = _maybe_map(d.get("reblog"))
        quoted = _maybe_map(_map(d.get("quote")).get("quoted_status"))
        return cls._read(
            d,
            reblog=cls.from_api(reblog, _depth=_depth + 1) if reblog is not None else None,
            quote=cls.from_api(quoted, _depth=_depth + 1) if quoted is not None else None,
        )

    @property
    def target(self) -> Status:
        """The post a reader means: the boosted one for a boost, else this one."""
        return self.reblog if self.reblog is not None else self

    @property
    def cache_key(self) -> tuple[str, datetime | None]:
        """Identity of a rendering: a post is rendered again only when edited."""
        return (self.id, self.edited_at)


@dataclass(frozen=True, slots=True)
class Context(Entity):
    """A post's thread: the posts above it and the replies below it."""

    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]
