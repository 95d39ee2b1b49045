"""Search: accounts, hashtags and posts, resolving remote handles and post URLs."""

from __future__ import annotations

from tootui.api.client.core import ClientCore
from tootui.api.entities import Account, SearchResults
from tootui.i18n import _


class SearchCalls(ClientCore):
    """The server's search."""

    def search(
        self, query: str, *, resolve: bool = True, kind: str | None = None, limit: int = 20
    ) -> SearchResults:
        """Accounts, hashtags and posts; ``resolve`` fetches remote handles and post URLs."""
        return self._call(
            _("search for {query}").format(query=repr(query)),
            lambda: SearchResults.from_api(
                self._api.search(query, resolve=resolve, result_type=kind, limit=limit)
            ),
        )

    def search_accounts(
        self, query: str, *, following: bool = False, limit: int = 20
    ) -> list[Account]:
        """Accounts whose name or handle matches ``query``; only those you follow with
        ``following`` (to pick someone for a list)."""
        return self._call(
            _("search for {query}").format(query=repr(query)),
            lambda: [
                Account.from_api(a)
                for a in self._api.account_search(query, limit=limit, following=following)
            ],
        )
