"""Notifications: one (v1), or one group of them (v2 grouped notifications)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from tootui.api.entities.accounts import Account
from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import (
    _EPOCH,
    _datetime,
    _int,
    _map,
    _maybe_map,
    _opt_str,
    _str,
    _strs,
)
from tootui.api.entities.statuses import Status

NotificationType = str  # the server's own word; new types appear over time


def _one_account(d: Mapping[str, Any]) -> tuple[Account, ...]:
    account = _maybe_map(d.get("account"))
    return (Account.from_api(account),) if account is not None else ()


@dataclass(frozen=True, slots=True)
class Notification(Entity):
    """One notification (v1), or one group of them (v2 grouped notifications)."""

    id: str
    type: NotificationType
    created_at: datetime
    accounts: tuple[Account, ...]  # who did it: one for v1, a sample for a group
    status: Status | None
    group_key: str | None = None
    count: int = 1  # how many notifications the group stands for

    _special: ClassVar[Mapping[str, FieldReader]] = {
        "type": lambda d: _str(d.get("type"), "unknown"),
        "accounts": _one_account,
        "count": lambda d: 1,  # a v1 notification is one
    }

    @property
    def account(self) -> Account | None:
        """The (most recent) account behind the notification."""
        return self.accounts[0] if self.accounts else None

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
