"""People: an account (with its profile fields and custom emojis) and how the signed-in
account relates to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tootui.api.entities.readers import (
    Visibility,
    _bool,
    _datetime,
    _int,
    _map,
    _maybe_map,
    _opt_str,
    _seq,
    _str,
    _visibility,
)


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
