"""Accounts and how they relate: who is signed in, their preferences, a profile, finding
someone by handle, and following, muting or blocking them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tootui.api.client.core import ClientCore
from tootui.api.entities import Account, Relationship
from tootui.api.errors import NotFound
from tootui.i18n import _


class AccountCalls(ClientCore):
    """The signed-in account, other accounts, and relationships with them."""

    def verify_credentials(self) -> Account:
        """The signed-in account, with its posting defaults."""
        return self._call(
            _("check the sign-in"), lambda: Account.from_api(self._api.account_verify_credentials())
        )

    def preferences(self) -> dict[str, Any]:
        """The account's preferences (default visibility, language, expand CWs…)."""
        return self._call(
            _("read your preferences"),
            lambda: dict(self._api.preferences()),
            feature="preferences",
        )

    def account(self, account_id: str) -> Account:
        return self._call(
            _("load the profile"), lambda: Account.from_api(self._api.account(account_id))
        )

    def lookup(self, acct: str) -> Account:
        """An account by ``user`` or ``user@host`` (resolving remote ones through search)."""

        def fetch() -> Account:
            from mastodon.errors import MastodonNotFoundError  # loaded by _call

            try:
                return Account.from_api(self._api.account_lookup(acct))
            except MastodonNotFoundError:
                found = self._api.search(acct, resolve=True, result_type="accounts")
                accounts = found.get("accounts") if isinstance(found, Mapping) else None
                if not accounts:
                    raise
                return Account.from_api(accounts[0])

        return self._call(_("find {acct}").format(acct=acct), fetch)

    # --- relationships ---------------------------------------------------------------

    def relationship(self, account_id: str) -> Relationship:
        def fetch() -> Relationship:
            found = self._api.account_relationships([account_id])
            if not found:
                raise NotFound(
                    _("{host} sent no relationship for this account.").format(host=self.host),
                    status=404,
                )
            return Relationship.from_api(found[0])

        return self._call(_("load the relationship"), fetch)

    def _relate(self, what: str, fn: Callable[[str], Any], account_id: str) -> Relationship:
        return self._call(what, lambda: Relationship.from_api(fn(account_id)))

    def follow(self, account_id: str) -> Relationship:
        return self._relate(_("follow"), self._api.account_follow, account_id)

    def unfollow(self, account_id: str) -> Relationship:
        return self._relate(_("unfollow"), self._api.account_unfollow, account_id)

    def mute(self, account_id: str) -> Relationship:
        return self._relate(_("mute"), self._api.account_mute, account_id)

    def unmute(self, account_id: str) -> Relationship:
        return self._relate(_("unmute"), self._api.account_unmute, account_id)

    def block(self, account_id: str) -> Relationship:
        return self._relate(_("block"), self._api.account_block, account_id)

    def unblock(self, account_id: str) -> Relationship:
        return self._relate(_("unblock"), self._api.account_unblock, account_id)
