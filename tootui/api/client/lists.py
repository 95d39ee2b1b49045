"""Lists: yours, made, renamed and deleted, and who is on them.

``GET /api/v1/lists`` and making a list are the optional endpoints (``feature="lists"``):
a server without lists answers them 404. A 404 on one list's path means that list is gone,
not that lists are missing, so those calls name no feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import page
from tootui.api.entities import Account, Page, UserList
from tootui.api.entities.lists import RepliesPolicy
from tootui.i18n import _


def _lists(result: Any) -> list[UserList]:
    return [UserList.from_api(item) for item in result if isinstance(item, Mapping)]


class ListCalls(ClientCore):
    """The signed-in account's lists and their members."""

    def lists(self) -> list[UserList]:
        """Every list of the signed-in account."""
        return self._call(_("load your lists"), lambda: _lists(self._api.lists()), feature="lists")

    def create_list(
        self, title: str, *, replies_policy: RepliesPolicy = "list", exclusive: bool = False
    ) -> UserList:
        return self._call(
            _("make the list"),
            lambda: UserList.from_api(
                self._api.list_create(title, replies_policy=replies_policy, exclusive=exclusive)
            ),
            feature="lists",
        )

    def update_list(
        self, list_id: str, title: str, *, replies_policy: RepliesPolicy, exclusive: bool
    ) -> UserList:
        """Change a list's title, replies policy and exclusivity; the list as saved."""
        return self._call(
            _("change the list"),
            lambda: UserList.from_api(
                self._api.list_update(
                    list_id, title, replies_policy=replies_policy, exclusive=exclusive
                )
            ),
        )

    def delete_list(self, list_id: str) -> None:
        self._call(_("delete the list"), lambda: self._api.list_delete(list_id))

    def list_members(
        self, list_id: str, cursor: Mapping[str, str] | None = None, *, limit: int = 40
    ) -> Page[Account]:
        """A page of the accounts on a list; pass a Page's ``older`` as ``cursor``."""
        return self._call(
            _("load the list's members"),
            lambda: page(
                self._api.list_accounts(list_id, limit=limit, **(cursor or {})),
                Account.from_api,
                id_of=lambda a: a.id,
            ),
        )

    def add_to_list(self, list_id: str, account_ids: Sequence[str]) -> None:
        """Put accounts on a list (Mastodon refuses, 422, those you do not follow)."""
        self._call(
            _("add to the list"), lambda: self._api.list_accounts_add(list_id, list(account_ids))
        )

    def remove_from_list(self, list_id: str, account_ids: Sequence[str]) -> None:
        self._call(
            _("remove from the list"),
            lambda: self._api.list_accounts_delete(list_id, list(account_ids)),
        )

    def account_lists(self, account_id: str) -> list[UserList]:
        """Those of your lists that ``account_id`` is on."""
        return self._call(
            _("load the lists they are on"), lambda: _lists(self._api.account_lists(account_id))
        )
