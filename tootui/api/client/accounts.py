"""Accounts and how they relate: who is signed in, their preferences, a profile, finding
someone by handle, who follows whom, and following, muting or blocking them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import page
from tootui.api.entities import Account, FeaturedTag, Page, Relationship
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

    def featured_tags(self, account_id: str) -> list[FeaturedTag]:
        """The hashtags an account shows on its profile."""
        return self._call(
            _("load the featured hashtags"),
            lambda: [FeaturedTag.from_api(t) for t in self._api.account_featured_tags(account_id)],
            feature="featured tags",
        )

    # --- who follows whom ------------------------------------------------------------

    def followers(self, account_id: str, *, limit: int = 40, **cursor: str) -> Page[Account]:
        """A page of the accounts that follow ``account_id``; a Page's ``older`` is ``cursor``."""
        return self._call(
            _("load the followers"),
            lambda: page(
                self._api.account_followers(account_id, limit=limit, **cursor),
                Account.from_api,
                id_of=lambda a: a.id,
            ),
        )

    def following(self, account_id: str, *, limit: int = 40, **cursor: str) -> Page[Account]:
        """A page of the accounts ``account_id`` follows."""
        return self._call(
            _("load who they follow"),
            lambda: page(
                self._api.account_following(account_id, limit=limit, **cursor),
                Account.from_api,
                id_of=lambda a: a.id,
            ),
        )

    def remove_from_followers(self, account_id: str) -> Relationship:
        """Make ``account_id`` stop following the signed-in account."""
        return self._relate(
            _("remove the follower"), self._api.account_remove_from_followers, account_id
        )

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

    def relationships(self, account_ids: Sequence[str]) -> dict[str, Relationship]:
        """How the signed-in account relates to each of ``account_ids`` (one request), by id."""
        if not account_ids:
            return {}

        def fetch() -> dict[str, Relationship]:
            found = (Relationship.from_api(r) for r in self._api.account_relationships(ids))
            return {r.id: r for r in found}

        ids = list(account_ids)
        return self._call(_("load the relationships"), fetch)

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
