"""Notifications: grouped (``/api/v2``) where the server has them, else v1; follow requests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import cursor as page_cursor
from tootui.api.client.paging import page
from tootui.api.entities import Account, Notification, Page, Relationship, Status
from tootui.api.errors import BadResponse, Unsupported
from tootui.i18n import _


class NotificationCalls(ClientCore):
    """Notifications and answering follow requests."""

    def notifications(
        self,
        *,
        types: Iterable[str] | None = None,
        limit: int = 40,
        grouped: bool = True,
        **cursor: str,
    ) -> Page[Notification]:
        """A page of notifications: grouped (``/api/v2``) where the server has them, else v1."""
        type_list = list(types) if types else None
        if grouped and "grouped notifications" not in self.missing:
            try:
                return self._call(
                    _("load notifications"),
                    lambda: self._grouped(type_list, limit, cursor),
                    feature="grouped notifications",
                )
            except Unsupported:
                pass
            except BadResponse:
                self.missing.add("grouped notifications")
        return self._call(
            _("load notifications"),
            lambda: page(
                self._api.notifications(types=type_list, limit=limit, **cursor),
                Notification.from_api,
                id_of=lambda n: n.id,
            ),
        )

    def _grouped(
        self, types: list[str] | None, limit: int, cursor: Mapping[str, str]
    ) -> Page[Notification]:
        result = self._api.grouped_notifications(
            types=types, limit=limit, expand_accounts="full", **cursor
        )
        if not isinstance(result, Mapping) or not isinstance(
            result.get("notification_groups"), list
        ):
            raise BadResponse("no notification groups")
        accounts = {a.id: a for a in (Account.from_api(x) for x in result.get("accounts") or [])}
        statuses = {s.id: s for s in (Status.from_api(x) for x in result.get("statuses") or [])}
        groups = result["notification_groups"]
        items = tuple(Notification.from_group(g, accounts, statuses) for g in groups)
        older = page_cursor(getattr(result, "_pagination_next", None))
        newer = page_cursor(getattr(result, "_pagination_prev", None))
        if items:
            last = groups[-1] if isinstance(groups[-1], Mapping) else {}
            first = groups[0] if isinstance(groups[0], Mapping) else {}
            older = older or {"max_id": str(last.get("page_min_id") or items[-1].id)}
            newer = newer or {"min_id": str(first.get("page_max_id") or items[0].id)}
        else:
            older = None
        return Page(items=items, newer=newer, older=older)

    def authorize_follow_request(self, account_id: str) -> Relationship:
        return self._call(
            _("accept the follow request"),
            lambda: Relationship.from_api(self._api.follow_request_authorize(account_id)),
        )

    def reject_follow_request(self, account_id: str) -> Relationship:
        return self._call(
            _("reject the follow request"),
            lambda: Relationship.from_api(self._api.follow_request_reject(account_id)),
        )
