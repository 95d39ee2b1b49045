"""Posts: a status with what it carries (media, poll, link card, mentions, tags, the
filters it matched) and a post's thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from tootui.api.entities.accounts import Account, CustomEmoji
from tootui.api.entities.readers import (
    _EPOCH,
    Visibility,
    _bool,
    _datetime,
    _int,
    _map,
    _maybe_map,
    _opt_int,
    _opt_str,
    _seq,
    _str,
    _visibility,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An account mentioned in a post."""

    id: str
    username: str
    acct: str
    url: str

    @classmethod
    def from_api(cls, data: Any) -> Mention:
        d = _map(data)
        return cls(
            id=_str(d.get("id")),
            username=_str(d.get("username")),
            acct=_str(d.get("acct")),
            url=_str(d.get("url")),
        )


@dataclass(frozen=True, slots=True)
class Tag:
    """A hashtag on a post or in search results."""

    name: str
    url: str
    following: bool = False

    @classmethod
    def from_api(cls, data: Any) -> Tag:
        d = _map(data)
        return cls(
            name=_str(d.get("name")), url=_str(d.get("url")), following=_bool(d.get("following"))
        )


@dataclass(frozen=True, slots=True)
class MediaAttachment:
    """An image, video, audio or other file attached to a post."""

    id: str
    type: str  # image, gifv, video, audio, unknown
    url: str
    preview_url: str
    remote_url: str
    description: str | None  # alt text

    @classmethod
    def from_api(cls, data: Any) -> MediaAttachment:
        d = _map(data)
        return cls(
            id=_str(d.get("id")),
            type=_str(d.get("type"), "unknown"),
            url=_str(d.get("url")),
            preview_url=_str(d.get("preview_url")),
            remote_url=_str(d.get("remote_url")),
            description=_opt_str(d.get("description")),
        )

    @property
    def processed(self) -> bool:
        """Whether the server has finished processing the file (it then has a URL)."""
        return bool(self.url)


@dataclass(frozen=True, slots=True)
class PollOption:
    """One answer of a poll, with its vote count when the server shares it."""

    title: str
    votes_count: int | None

    @classmethod
    def from_api(cls, data: Any) -> PollOption:
        d = _map(data)
        return cls(title=_str(d.get("title")), votes_count=_opt_int(d.get("votes_count")))


@dataclass(frozen=True, slots=True)
class Poll:
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

    @classmethod
    def from_api(cls, data: Any) -> Poll:
        d = _map(data)
        return cls(
            id=_str(d.get("id")),
            expires_at=_datetime(d.get("expires_at")),
            expired=_bool(d.get("expired")),
            multiple=_bool(d.get("multiple")),
            votes_count=_int(d.get("votes_count")),
            voters_count=_opt_int(d.get("voters_count")),
            options=tuple(PollOption.from_api(o) for o in _seq(d.get("options"))),
            voted=_bool(d.get("voted")),
            own_votes=tuple(_int(v) for v in _seq(d.get("own_votes"))),
        )


@dataclass(frozen=True, slots=True)
class Card:
    """A link preview."""

    url: str
    title: str
    description: str
    provider_name: str

    @classmethod
    def from_api(cls, data: Any) -> Card | None:
        d = _maybe_map(data)
        if d is None:
            return None
        return cls(
            url=_str(d.get("url")),
            title=_str(d.get("title")),
            description=_str(d.get("description")),
            provider_name=_str(d.get("provider_name")),
        )


@dataclass(frozen=True, slots=True)
class FilterResult:
    """A server-side filter that matched a post: hide it, or warn behind the title."""

    title: str
    action: Literal["warn", "hide", "blur"]

    @classmethod
    def from_api(cls, data: Any) -> FilterResult:
        f = _map(_map(data).get("filter"))
        action = _str(f.get("filter_action"), "warn")
        return cls(
            title=_str(f.get("title")),
            action="hide" if action == "hide" else "blur" if action == "blur" else "warn",
        )


@dataclass(frozen=True, slots=True)
class Status:
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

    @classmethod
    def from_api(cls, data: Any, *, _depth: int = 0) -> Status:
        d = _map(data)
        reblog = _maybe_map(d.get("reblog"))
        poll = _maybe_map(d.get("poll"))
        quoted = _maybe_map(_map(d.get("quote")).get("quoted_status"))
        nested = _depth < 2  # a quote of a quote of a quote is not followed further
        return cls(
            id=_str(d.get("id")),
            uri=_str(d.get("uri")),
            url=_str(d.get("url")) or _str(d.get("uri")),
            created_at=_datetime(d.get("created_at")) or _EPOCH,
            edited_at=_datetime(d.get("edited_at")),
            account=Account.from_api(d.get("account")),
            content=_str(d.get("content")),
            spoiler_text=_str(d.get("spoiler_text")),
            sensitive=_bool(d.get("sensitive")),
            visibility=_visibility(d.get("visibility")),
            language=_opt_str(d.get("language")),
            in_reply_to_id=_opt_str(d.get("in_reply_to_id")),
            in_reply_to_account_id=_opt_str(d.get("in_reply_to_account_id")),
            replies_count=_int(d.get("replies_count")),
            reblogs_count=_int(d.get("reblogs_count")),
            favourites_count=_int(d.get("favourites_count")),
            favourited=_bool(d.get("favourited")),
            reblogged=_bool(d.get("reblogged")),
            bookmarked=_bool(d.get("bookmarked")),
            muted=_bool(d.get("muted")),
            pinned=_bool(d.get("pinned")),
            reblog=cls.from_api(reblog, _depth=_depth + 1)
            if reblog is not None and nested
            else None,
            quote=cls.from_api(quoted, _depth=_depth + 1)
            if quoted is not None and nested
            else None,
            poll=Poll.from_api(poll) if poll is not None else None,
            card=Card.from_api(d.get("card")),
            media_attachments=tuple(
                MediaAttachment.from_api(m) for m in _seq(d.get("media_attachments"))
            ),
            mentions=tuple(Mention.from_api(m) for m in _seq(d.get("mentions"))),
            tags=tuple(Tag.from_api(t) for t in _seq(d.get("tags"))),
            emojis=tuple(CustomEmoji.from_api(e) for e in _seq(d.get("emojis"))),
            filtered=tuple(FilterResult.from_api(f) for f in _seq(d.get("filtered"))),
            text=_opt_str(d.get("text")),
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
class Context:
    """A post's thread: the posts above it and the replies below it."""

    ancestors: tuple[Status, ...]
    descendants: tuple[Status, ...]

    @classmethod
    def from_api(cls, data: Any) -> Context:
        d = _map(data)
        return cls(
            ancestors=tuple(Status.from_api(s) for s in _seq(d.get("ancestors"))),
            descendants=tuple(Status.from_api(s) for s in _seq(d.get("descendants"))),
        )
