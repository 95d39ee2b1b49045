"""Direct conversations (``/api/v1/conversations``): who is in one, its last post, unread."""

from __future__ import annotations

from dataclasses import dataclass

from tootui.api.entities.accounts import Account
from tootui.api.entities.entity import Entity
from tootui.api.entities.statuses import Status


@dataclass(frozen=True, slots=True)
class Conversation(Entity):
    """One direct conversation: the other participants, its newest post, whether it is unread."""

    id: str
    accounts: tuple[Account, ...]  # the participants, yourself left out
    last_status: Status | None
    unread: bool = False

    @property
    def page_id(self) -> str:
        """The id servers page conversations by: their last post's (Mastodon's Link header)."""
        return self.last_status.id if self.last_status is not None else self.id
