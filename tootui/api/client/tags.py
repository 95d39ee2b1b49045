"""Hashtags: one tag (whether you follow it), the tags you follow, following and unfollowing.

A tag's name is typed or remote text in any script (``شاي``, Persian with a zero-width
non-joiner): it is quoted into the URL path, so "what?" or "a/b" stay one tag.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import quote

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import cursor as page_cursor
from tootui.api.client.paging import page
from tootui.api.entities import Page, Tag
from tootui.i18n import _


def _in_path(name: str) -> str:
    return quote(name.strip().lstrip("#"), safe="")


class TagCalls(ClientCore):
    """Hashtags and following them (Mastodon 4.0 and later)."""

    def tag(self, name: str) -> Tag:
        """One hashtag, with whether the signed-in account follows it.

        Not marked as an optional feature: some servers answer 404 for a tag nobody has
        used yet, which says nothing about whether they can follow tags.
        """
        return self._call(
            _("load #{tag}").format(tag=name.lstrip("#")),
            lambda: Tag.from_api(self._api.tag(_in_path(name))),
        )

    def followed_tags(self, *, limit: int = 100, **cursor: str) -> Page[Tag]:
        """A page of the hashtags the signed-in account follows."""

        def fetch() -> Page[Tag]:
            result: Any = self._api.followed_tags(limit=limit, **cursor)
            found = page(result, Tag.from_api, id_of=lambda t: t.name)
            # The cursors are the follows' ids, which only the Link header carries: without
            # one, the server sent them all.
            return replace(
                found,
                older=page_cursor(getattr(result, "_pagination_next", None)),
                newer=page_cursor(getattr(result, "_pagination_prev", None)),
            )

        return self._call(_("load your followed hashtags"), fetch, feature="followed tags")

    def follow_tag(self, name: str) -> Tag:
        return self._call(
            _("follow #{tag}").format(tag=name.lstrip("#")),
            lambda: Tag.from_api(self._api.tag_follow(_in_path(name))),
            feature="followed tags",
        )

    def unfollow_tag(self, name: str) -> Tag:
        return self._call(
            _("unfollow #{tag}").format(tag=name.lstrip("#")),
            lambda: Tag.from_api(self._api.tag_unfollow(_in_path(name))),
            feature="followed tags",
        )
