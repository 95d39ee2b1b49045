"""What is trending on the server: hashtags, posts and links (``/api/v1/trends/*``).

Each is an optional endpoint of its own (servers that are not Mastodon often have none,
or only hashtags): a 404 makes it ``Unsupported`` and is remembered. Trends page by
``offset``, not by id.
"""

from __future__ import annotations

from tootui.api.client.core import ClientCore
from tootui.api.entities import Status, TrendingLink, TrendingTag
from tootui.i18n import _


class TrendCalls(ClientCore):
    """The server's trends, as its Explore page shows them."""

    def trending_tags(self, *, offset: int = 0, limit: int = 20) -> tuple[TrendingTag, ...]:
        """Hashtags used a lot lately, with their uses over the last days."""
        return self._call(
            _("load the trending hashtags"),
            lambda: tuple(
                TrendingTag.from_api(t)
                for t in self._api.trending_tags(limit=limit, offset=offset or None)
            ),
            feature="trending hashtags",
        )

    def trending_statuses(self, *, offset: int = 0, limit: int = 20) -> tuple[Status, ...]:
        """Posts many people are boosting and favouriting."""
        return self._call(
            _("load the trending posts"),
            lambda: tuple(
                Status.from_api(s)
                for s in self._api.trending_statuses(limit=limit, offset=offset or None)
            ),
            feature="trending posts",
        )

    def trending_links(self, *, offset: int = 0, limit: int = 20) -> tuple[TrendingLink, ...]:
        """Links many posts share, as preview cards."""
        return self._call(
            _("load the trending links"),
            lambda: tuple(
                TrendingLink.from_api(card)
                for card in self._api.trending_links(limit=limit, offset=offset or None)
            ),
            feature="trending links",
        )
