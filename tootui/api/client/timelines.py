"""Reading posts: timelines, a post and its thread, and read positions (markers)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import page
from tootui.api.entities import Context, Marker, Page, Status
from tootui.i18n import _

TimelineKind = Literal[
    "home", "local", "federated", "hashtag", "list", "bookmarks", "favourites", "account"
]


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Which timeline to read: a kind and, for hashtag/list/account, its argument."""

    kind: TimelineKind
    arg: str = ""

    @property
    def key(self) -> str:
        """A stable name, used for caches and read positions."""
        return f"{self.kind}:{self.arg}" if self.arg else self.kind


class TimelineCalls(ClientCore):
    """Timelines, posts and threads, and the server-side read positions."""

    def timeline(self, source: TimelineSource, *, limit: int = 40, **cursor: str) -> Page[Status]:
        """A page of posts from ``source``; pass a Page's ``older``/``newer`` as ``cursor``."""
        api = self._api
        args: dict[str, Any] = {"limit": limit, **cursor}
        calls: dict[str, Callable[[], Any]] = {
            "home": lambda: api.timeline_home(**args),
            "local": lambda: api.timeline_local(**args),
            "federated": lambda: api.timeline_public(**args),
            # typed or remote text in a URL path: quoted, so "what?" or "a/b" stay one tag
            "hashtag": lambda: api.timeline_hashtag(quote(source.arg.lstrip("#"), safe=""), **args),
            "list": lambda: api.timeline_list(source.arg, **args),
            "bookmarks": lambda: api.bookmarks(**args),
            "favourites": lambda: api.favourites(**args),
            "account": lambda: api.account_statuses(source.arg, **args),
        }
        names = {
            "home": _("load the home timeline"),
            "local": _("load the local timeline"),
            "federated": _("load the federated timeline"),
            "hashtag": _("load #{tag}").format(tag=source.arg.lstrip("#")),
            "list": _("load the list"),
            "bookmarks": _("load your bookmarks"),
            "favourites": _("load your favourites"),
            "account": _("load the account's posts"),
        }
        return self._call(
            names[source.kind],
            lambda: page(calls[source.kind](), Status.from_api, id_of=lambda s: s.id),
        )

    def context(self, status_id: str) -> Context:
        """The thread around a post."""
        return self._call(
            _("load the thread"), lambda: Context.from_api(self._api.status_context(status_id))
        )

    def status(self, status_id: str) -> Status:
        return self._call(_("load the post"), lambda: Status.from_api(self._api.status(status_id)))

    def status_source(self, status_id: str) -> tuple[str, str]:
        """The plain source text and content warning of one's own post, for editing."""

        def fetch() -> tuple[str, str]:
            data = self._api.status_source(status_id)
            text = data.get("text") if isinstance(data, Mapping) else None
            spoiler = data.get("spoiler_text") if isinstance(data, Mapping) else None
            return (
                text if isinstance(text, str) else "",
                spoiler if isinstance(spoiler, str) else "",
            )

        return self._call(_("load the post's text"), fetch, feature="status source")

    # --- read positions ------------------------------------------------------------

    def markers(self, timelines: Sequence[str] = ("home", "notifications")) -> dict[str, Marker]:
        def fetch() -> dict[str, Marker]:
            data = self._api.markers_get(list(timelines))
            if not isinstance(data, Mapping):
                return {}
            return {name: Marker.from_api(name, data[name]) for name in timelines if name in data}

        return self._call(_("read your read position"), fetch, feature="markers")

    def set_marker(self, timeline: str, last_read_id: str) -> None:
        self._call(
            _("save your read position"),
            lambda: self._api.markers_set([timeline], [last_read_id]),
            feature="markers",
        )
