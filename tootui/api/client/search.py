"""Search: accounts, hashtags and posts, resolving remote handles and post URLs."""

from __future__ import annotations

from tootui.api.client.core import ClientCore
from tootui.api.entities import SearchResults
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
