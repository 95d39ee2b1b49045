"""What is trending on a server (``/api/v1/trends/*``): hashtags and links.

Trending posts are plain ``Status`` entities; a trending hashtag or link carries its
``history``, one entry a day (newest first), which is summed here into uses and people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import _int, _map, _seq


def _history_total(key: str) -> FieldReader:
    """A reader of the sum of ``key`` ("uses", "accounts") over the days of ``history``."""

    def total(d: Mapping[str, Any]) -> int:
        return sum(max(0, _int(_map(day).get(key))) for day in _seq(d.get("history")))

    return total


def _history_days(d: Mapping[str, Any]) -> int:
    return sum(1 for day in _seq(d.get("history")) if isinstance(day, Mapping))


_HISTORY: Mapping[str, FieldReader] = {
    "uses": _history_total("uses"),
    "accounts": _history_total("accounts"),
    "days": _history_days,
}


@dataclass(frozen=True, slots=True)
class TrendingTag(Entity):
    """A hashtag people use a lot lately: its name and how much over ``days`` days."""

    name: str
    url: str
    uses: int = 0
    accounts: int = 0
    days: int = 0
    following: bool = False

    _special: ClassVar[Mapping[str, FieldReader]] = _HISTORY


@dataclass(frozen=True, slots=True)
class TrendingLink(Entity):
    """A link many posts share (a preview card): where it goes and what it says it is."""

    url: str
    title: str
    description: str
    provider_name: str
    uses: int = 0
    accounts: int = 0
    days: int = 0

    _special: ClassVar[Mapping[str, FieldReader]] = _HISTORY
