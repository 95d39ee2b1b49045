"""Filters (v2): listing, making, changing and deleting one's filters and their keywords.

Only the list and a new filter are asked with ``feature="filters"``: a 404 there means the
server has no v2 filters. A 404 on one filter or keyword means that one is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal
from urllib.parse import quote

from tootui.api.client.core import ClientCore
from tootui.api.entities import Filter, FilterAction, FilterKeyword
from tootui.i18n import _

UNCHANGED: Final = "unchanged"
"""``update_filter``'s ``expires_in`` that leaves the expiry as it is."""


def _flag(value: bool) -> str:
    return "true" if value else "false"  # as Rails reads a form's boolean


class FilterCalls(ClientCore):
    """The account's filters (v2) and their keywords."""

    def filters(self) -> list[Filter]:
        """Every filter of the account."""
        return self._call(
            _("load your filters"),
            lambda: [Filter.from_api(f) for f in self._api.filters_v2()],
            feature="filters",
        )

    def filter(self, filter_id: str) -> Filter:
        return self._call(
            _("load the filter"), lambda: Filter.from_api(self._api.filter_v2(filter_id))
        )

    def create_filter(
        self,
        title: str,
        contexts: Sequence[str],
        action: FilterAction,
        *,
        expires_in: int | None = None,
        keywords: Sequence[tuple[str, bool]] = (),
    ) -> Filter:
        """A new filter; ``expires_in`` seconds from now (None: never), ``keywords`` as
        (keyword, whole word) pairs."""
        return self._call(
            _("create the filter"),
            lambda: Filter.from_api(
                self._api.create_filter_v2(
                    title=title,
                    context=list(contexts),
                    filter_action=action,
                    expires_in=expires_in,
                    keywords_attributes=[
                        {"keyword": word, "whole_word": whole} for word, whole in keywords
                    ]
                    or None,
                )
            ),
            feature="filters",
        )

    def update_filter(
        self,
        filter_id: str,
        title: str,
        contexts: Sequence[str],
        action: FilterAction,
        *,
        expires_in: int | None | Literal["unchanged"] = UNCHANGED,
    ) -> Filter:
        """Change a filter (not its keywords: see the keyword calls). ``expires_in``: seconds
        from now, None for never, ``UNCHANGED`` to keep it."""
        # Mastodon.py leaves out None; an empty expires_in is how Mastodon clears an expiry.
        expiry: dict[str, Any] = {}
        if expires_in != UNCHANGED:
            expiry["expires_in"] = "" if expires_in is None else expires_in
        return self._call(
            _("save the filter"),
            lambda: Filter.from_api(
                self._api.update_filter_v2(
                    filter_id, title=title, context=list(contexts), filter_action=action, **expiry
                )
            ),
        )

    def delete_filter(self, filter_id: str) -> None:
        self._call(_("delete the filter"), lambda: self._api.delete_filter_v2(filter_id))

    # --- keywords ----------------------------------------------------------------------

    def add_filter_keyword(self, filter_id: str, keyword: str, whole_word: bool) -> FilterKeyword:
        return self._call(
            _("add the keyword"),
            lambda: FilterKeyword.from_api(
                self._api.add_filter_keyword_v2(filter_id, keyword, whole_word)
            ),
        )

    def update_filter_keyword(
        self, keyword_id: str, keyword: str, whole_word: bool
    ) -> FilterKeyword:
        """Change a keyword's text or whole-word flag (Mastodon.py has no call for it)."""
        return self._call(
            _("change the keyword"),
            lambda: FilterKeyword.from_api(
                self._request(
                    "PUT",
                    f"/api/v2/filters/keywords/{quote(keyword_id, safe='')}",
                    {"keyword": keyword, "whole_word": _flag(whole_word)},
                )
            ),
        )

    def delete_filter_keyword(self, keyword_id: str) -> None:
        self._call(_("remove the keyword"), lambda: self._api.delete_filter_keyword_v2(keyword_id))
