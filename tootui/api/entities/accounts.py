"""People: an account (with its profile fields and custom emojis) and how the signed-in
account relates to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import Visibility, _maybe_map


@dataclass(frozen=True, slots=True)
class CustomEmoji(Entity):
    """A server's custom emoji; we show it as its ``:shortcode:``."""

    shortcode: str
    url: str


@dataclass(frozen=True, slots=True)
class Field(Entity):
    """One of the name/value pairs on a profile."""

    name: str
    value: str  # HTML
    verified_at: datetime | None


@dataclass(frozen=True, slots=True)
class SourceField(Entity):
    """A profile field as its owner typed it (plain text, not HTML)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class ProfileSource(Entity):
    """What the signed-in account's profile was typed as (``source`` on verify_credentials
    and update_credentials): the bio and fields in plain text, and the posting defaults."""

    note: str
    fields: tuple[SourceField, ...] = ()
    privacy: Visibility | None = None
    language: str | None = None
    sensitive: bool = False


def _moved(d: Mapping[str, Any]) -> Account | None:
    moved = _maybe_map(d.get("moved"))
    # An account that says it moved to itself would be read for ever.
    return Account.from_api(moved) if moved is not None and moved is not d else None


@dataclass(frozen=True, slots=True)
class Account(Entity):
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
    discoverable: bool = False
    header: str = ""
    source: ProfileSource | None = None  # the owner's own, as typed (verify_credentials)

    _keys: ClassVar[Mapping[str, str | tuple[str, ...]]] = {
        "acct": ("acct", "username"),
        "default_visibility": "source.privacy",
        "default_language": "source.language",
        "default_sensitive": "source.sensitive",
    }
    _special: ClassVar[Mapping[str, FieldReader]] = {"moved": _moved}

    @property
    def name(self) -> str:
        """What to call them: the display name, or the username when that is empty."""
        return self.display_name.strip() or self.username or self.acct

    def full_acct(self, local_host: str) -> str:
        """``user@host`` even for accounts on our own server (whose ``acct`` has no host)."""
        return self.acct if "@" in self.acct else f"{self.acct}@{local_host}"


@dataclass(frozen=True, slots=True)
class Relationship(Entity):
    """How the signed-in account and another account relate."""

    id: str
    following: bool
    followed_by: bool
    requested: bool
    muting: bool
    blocking: bool
    muting_notifications: bool = False
    domain_blocking: bool = False
