"""What calls return around the entities: search results, a saved read position, and a
page of a timeline with its cursors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from tootui.api.entities.accounts import Account
from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import _datetime, _map, _seq, _str
from tootui.api.entities.statuses import Status, Tag


@dataclass(frozen=True, slots=True)
class SearchResults(Entity):
    """What a search found."""

    accounts: tuple[Account, ...]
    statuses: tuple[Status, ...]
    hashtags: tuple[Tag, ...]

    _special: ClassVar[Mapping[str, FieldReader]] = {
        # A hashtag sent as a bare string (an old search answer) is left out.
        "hashtags": lambda d: tuple(
            Tag.from_api(t) for t in _seq(d.get("hashtags")) if isinstance(t, Mapping)
        )
    }


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
