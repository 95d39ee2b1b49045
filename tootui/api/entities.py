"""Typed, frozen views of what a Mastodon-API server sends.

Every entity is built by a ``from_api`` class method from a plain mapping: a dict parsed
from JSON, or the dict subclasses Mastodon.py returns. Servers are strangers: a field may
be missing, null, or of the wrong type (a number sent as a string, a dict where a list
belongs). The readers below never raise on such input; they fall back to an empty value,
so one odd server cannot crash a timeline.

Remote text is kept exactly as sent here; making it safe for the terminal is the job of
``tootui.render``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

Visibility = Literal["public", "unlisted", "private", "direct", "local"]
VISIBILITIES: tuple[Visibility, ...] = ("public", "unlisted", "private", "direct", "local")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# --- tolerant readers ------------------------------------------------------------------


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maybe_map(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _seq(value: Any) -> Sequence[Any]:
    if isinstance(value, (list, tuple)):
        return value
    return ()


def _str(value: Any, default: str = "") -> str:
    if value is None:
        return default
    if type(value) is str:
        return value
    if isinstance(value, str):  # Mastodon.py's id type is a str subclass; keep plain str
        return str.__str__(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return default


def _opt_str(value: Any) -> str | None:
    text = _str(value)
    return text or None


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    return _int(value)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def _datetime(value: Any) -> datetime | None:
    """Read an ISO 8601 string (JSON) or a datetime (Mastodon.py) as an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        # The stdlib's UTC, not Mastodon.py's dateutil zone: cached entities then unpickle
        # at start-up without importing dateutil.tz (~5 ms before the first frame).
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):  # a date at the very edge of the calendar
            return value
    if isinstance(value, str) and value:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _visibility(value: Any) -> Visibility:
    text = _str(value, "public")
    for known in VISIBILITIES:
        if text == known:
            return known
    return "public"


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(s for s in (_str(v) for v in _seq(value)) if s)


# --- entities --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomEmoji:
    """A server's custom emoji; we show it as its ``:shortcode:``."""

    shortcode: str
    url: str

    @classmethod
    def from_api(cls, data: Any) -> CustomEmoji:
        d = _map(data)
        return cls(shortcode=_str(d.get("shortcode")), url=_str(d.get("url")))


@dataclass(frozen=True, slots=True)
class Field:
    """One of the name/value pairs on a profile."""

    name: str
    value: str  # HTML
    verified_at: datetime | None

    @classmethod
    def from_api(cls, data: Any) -> Field:
        d = _map(data)
        return cls(
            name=_str(d.get("name")),
            value=_str(d.get("value")),
            verified_at=_datetime(d.get("verified_at")),
        )


@dataclass(frozen=True, slots=True)
class Account:
    """A person (or bot, or group) on some server."""

    id: str
    username: str
    acct: str  # "user" on the same server, "user@host" elsewhere
    display_name: str
    url: str
    note: str  # HTML
    avatar: str
    locked: bool
    bot: bool
    group: bool
    followers_count: int
    following_count: int
    statuses_count: int
    created_at: datetime | None
    fields: tuple[Field, ...] = ()
    emojis: tuple[CustomEmoji, ...] = ()
    moved: Account | None = None
    # Present only on verify_credentials: the owner's own posting defaults.
    default_visibility: Visibility | None = None
    default_language: str | None = None
    default_sensitive: bool = False

    @classmethod
    def from_api(cls, data: Any) -> Account:
        d = _map(data)
        source = _map(d.get("source"))
        moved = _maybe_map(d.get("moved"))
        return cls(
            id=_str(d.get("id")),
            username=_str(d.get("username")),
            acct=_str(d.get("acct")) or _str(d.get("username")),
            display_name=_str(d.get("display_name")),
            url=_str(d.get("url")),
            note=_str(d.get("note")),
            avatar=_str(d.get("avatar")),
            locked=_bool(d.get("locked")),
            bot=_bool(d.get("bot")),
            group=_bool(d.get("group")),
            followers_count=_int(d.get("followers_count")),
            following_count=_int(d.get("following_count")),
            statuses_count=_int(d.get("statuses_count")),
            created_at=_datetime(d.get("created_at")),
            fields=tuple(Field.from_api(f) for f in _seq(d.get("fields"))),
            emojis=tuple(CustomEmoji.from_api(e) for e in _seq(d.get("emojis"))),
            moved=cls.from_api(moved) if moved is not None and moved is not data else None,
            default_visibility=_visibility(source["privacy"]) if source.get("privacy") else None,
            default_language=_opt_str(source.get("language")),
            default_sensitive=_bool(source.get("sensitive")),
        )

    @property
    def name(self) -> str:
        """What to call them: the display name, or the username when that is empty."""
        return self.display_name.strip() or self.username or self.acct

    def full_acct(self, local_host: str) -> str:
        """``user@host`` even for accounts on our own server (whose ``acct`` has no host)."""
        return self.acct if "@" in self.acct else f"{self.acct}@{local_host}"


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


NotificationType = str  # the server's own word; new types appear over time


@dataclass(frozen=True, slots=True)
class Notification:
    """One notification (v1), or one group of them (v2 grouped notifications)."""

    id: str
    type: NotificationType
    created_at: datetime
    accounts: tuple[Account, ...]  # who did it: one for v1, a sample for a group
    status: Status | None
    group_key: str | None = None
    count: int = 1  # how many notifications the group stands for

    @property
    def account(self) -> Account | None:
        """The (most recent) account behind the notification."""
        return self.accounts[0] if self.accounts else None

    @classmethod
    def from_api(cls, data: Any) -> Notification:
        d = _map(data)
        status = _maybe_map(d.get("status"))
        account = _maybe_map(d.get("account"))
        return cls(
            id=_str(d.get("id")),
            type=_str(d.get("type"), "unknown"),
            created_at=_datetime(d.get("created_at")) or _EPOCH,
            accounts=(Account.from_api(account),) if account is not None else (),
            status=Status.from_api(status) if status is not None else None,
            group_key=_opt_str(d.get("group_key")),
        )

    @classmethod
    def from_group(
        cls,
        data: Any,
        accounts: Mapping[str, Account],
        statuses: Mapping[str, Status],
    ) -> Notification:
        """Build from a v2 ``NotificationGroup`` and the accounts/statuses sent beside it."""
        d = _map(data)
        sample = tuple(accounts[a] for a in _strs(d.get("sample_account_ids")) if a in accounts)
        status_id = _str(d.get("status_id"))
        return cls(
            id=_str(d.get("most_recent_notification_id")) or _str(d.get("page_max_id")),
            type=_str(d.get("type"), "unknown"),
            created_at=_datetime(d.get("latest_page_notification_at")) or _EPOCH,
            accounts=sample,
            status=statuses.get(status_id) if status_id else None,
            group_key=_opt_str(d.get("group_key")),
            count=max(1, _int(d.get("notifications_count"), 1)),
        )


@dataclass(frozen=True, slots=True)
class Rule:
    """One of a server's rules, shown before signing in."""

    id: str
    text: str
    hint: str

    @classmethod
    def from_api(cls, data: Any) -> Rule:
        d = _map(data)
        return cls(id=_str(d.get("id")), text=_str(d.get("text")), hint=_str(d.get("hint")))


@dataclass(frozen=True, slots=True)
class Instance:
    """What a server says about itself, and the limits a client must respect."""

    domain: str
    title: str
    description: str
    version: str
    rules: tuple[Rule, ...]
    languages: tuple[str, ...]
    max_characters: int = 500
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    max_poll_options: int = 4
    max_poll_option_characters: int = 50
    min_poll_expiration: int = 300
    max_poll_expiration: int = 2629746
    streaming_url: str | None = None
    contact: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Instance:
        """Read a v2 (``/api/v2/instance``) or v1 (``/api/v1/instance``) answer."""
        d = _map(data)
        conf = _map(d.get("configuration"))
        statuses = _map(conf.get("statuses"))
        polls = _map(conf.get("polls"))
        # Pleroma/Akkoma put their limits at the top level of the v1 answer.
        pleroma_polls = _map(d.get("poll_limits"))
        urls = _map(d.get("urls"))
        conf_urls = _map(conf.get("urls"))
        contact = _map(d.get("contact"))
        max_chars = _int(statuses.get("max_characters")) or _int(d.get("max_toot_chars")) or 500
        return cls(
            domain=_str(d.get("domain")) or _str(d.get("uri")),
            title=_str(d.get("title")),
            description=_str(d.get("description")) or _str(d.get("short_description")),
            version=_str(d.get("version")),
            rules=tuple(Rule.from_api(r) for r in _seq(d.get("rules"))),
            languages=_strs(d.get("languages")),
            max_characters=max_chars,
            max_media_attachments=_int(statuses.get("max_media_attachments"), 4) or 4,
            characters_reserved_per_url=_int(statuses.get("characters_reserved_per_url"), 23) or 23,
            max_poll_options=_int(polls.get("max_options"))
            or _int(pleroma_polls.get("max_options"))
            or 4,
            max_poll_option_characters=_int(polls.get("max_characters_per_option"))
            or _int(pleroma_polls.get("max_option_chars"))
            or 50,
            min_poll_expiration=_int(polls.get("min_expiration"))
            or _int(pleroma_polls.get("min_expiration"))
            or 300,
            max_poll_expiration=_int(polls.get("max_expiration"))
            or _int(pleroma_polls.get("max_expiration"))
            or 2629746,
            streaming_url=_opt_str(conf_urls.get("streaming"))
            or _opt_str(urls.get("streaming_api")),
            contact=_str(contact.get("email")) or _str(d.get("email")),
        )


@dataclass(frozen=True, slots=True)
class Relationship:
    """How the signed-in account and another account relate."""

    id: str
    following: bool
    followed_by: bool
    requested: bool
    muting: bool
    blocking: bool
    muting_notifications: bool = False
    domain_blocking: bool = False

    @classmethod
    def from_api(cls, data: Any) -> Relationship:
        d = _map(data)
        return cls(
            id=_str(d.get("id")),
            following=_bool(d.get("following")),
            followed_by=_bool(d.get("followed_by")),
            requested=_bool(d.get("requested")),
            muting=_bool(d.get("muting")),
            blocking=_bool(d.get("blocking")),
            muting_notifications=_bool(d.get("muting_notifications")),
            domain_blocking=_bool(d.get("domain_blocking")),
        )


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


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found."""

    accounts: tuple[Account, ...]
    statuses: tuple[Status, ...]
    hashtags: tuple[Tag, ...]

    @classmethod
    def from_api(cls, data: Any) -> SearchResults:
        d = _map(data)
        return cls(
            accounts=tuple(Account.from_api(a) for a in _seq(d.get("accounts"))),
            statuses=tuple(Status.from_api(s) for s in _seq(d.get("statuses"))),
            hashtags=tuple(
                Tag.from_api(t) for t in _seq(d.get("hashtags")) if isinstance(t, Mapping)
            ),
        )


@dataclass(frozen=True, slots=True)
class Marker:
    """A saved read position (``/api/v1/markers``)."""

    timeline: str
    last_read_id: str
    updated_at: datetime | None

    @classmethod
    def from_api(cls, timeline: str, data: Any) -> Marker:
        d = _map(data)
        return cls(
            timeline=timeline,
            last_read_id=_str(d.get("last_read_id")),
            updated_at=_datetime(d.get("updated_at")),
        )


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A page of a timeline with the cursors to load the newer and the older items.

    ``newer`` and ``older`` are query parameters (``min_id`` / ``max_id``) to pass back to
    the same call; ``None`` means there is nothing more that way (as far as we know).
    """

    items: tuple[T, ...]
    newer: Mapping[str, str] | None = None
    older: Mapping[str, str] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.items)
