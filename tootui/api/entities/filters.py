"""Filters (v2): a named set of keywords, where it applies, what it does, until when.

A post that matches one carries a ``FilterResult`` (``statuses``), whose action is read by
the same ``filter_action`` reader as a ``Filter``'s here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal

from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import _str

FilterAction = Literal["warn", "hide", "blur"]
FILTER_ACTIONS: tuple[FilterAction, ...] = ("warn", "hide", "blur")

FilterContext = Literal["home", "notifications", "public", "thread", "account"]
FILTER_CONTEXTS: tuple[FilterContext, ...] = (
    "home",
    "notifications",
    "public",
    "thread",
    "account",
)


def filter_action(value: Any) -> FilterAction:
    """A filter's action as sent: "warn" for anything unknown (what Mastodon defaults to)."""
    text = _str(value, "warn")
    return next((action for action in FILTER_ACTIONS if action == text), "warn")


@dataclass(frozen=True, slots=True)
class FilterKeyword(Entity):
    """One word or phrase of a filter; ``whole_word``: it must stand on its own."""

    id: str
    keyword: str
    whole_word: bool


@dataclass(frozen=True, slots=True)
class Filter(Entity):
    """A filter of one's own: its title, where it applies (``context``), its action,
    when it expires (None: never) and its keywords."""

    id: str
    title: str
    context: tuple[str, ...]
    filter_action: FilterAction
    expires_at: datetime | None
    keywords: tuple[FilterKeyword, ...] = ()

    _special: ClassVar[Mapping[str, FieldReader]] = {
        "filter_action": lambda d: filter_action(d.get("filter_action"))
    }
