"""Your lists (``/api/v1/lists``): a title, which replies a list shows, and whether its
members' posts leave Home for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import _str

RepliesPolicy = Literal["followed", "list", "none"]
REPLIES_POLICIES: tuple[RepliesPolicy, ...] = ("followed", "list", "none")


def _policy(d: Mapping[str, object]) -> RepliesPolicy:
    """The replies policy, Mastodon's default ("list") when a server sends none or another."""
    value = _str(d.get("replies_policy"))
    for policy in REPLIES_POLICIES:
        if value == policy:
            return policy
    return "list"


@dataclass(frozen=True, slots=True)
class UserList(Entity):
    """One of the signed-in account's lists (its title is remote text)."""

    id: str
    title: str
    replies_policy: RepliesPolicy
    exclusive: bool

    _special: ClassVar[Mapping[str, FieldReader]] = {"replies_policy": _policy}
