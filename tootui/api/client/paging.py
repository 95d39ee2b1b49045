"""Pages of results: the items of one answer and the id cursors to ask for the next ones.

Mastodon.py reads the Link header into ``_pagination_next``/``_pagination_prev``; only the
id cursors are kept from it, without Mastodon.py's private bookkeeping, and where a server
sends no Link header the items' own ids stand in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from tootui.api.entities import Page

T = TypeVar("T")

_PAGE_KEYS = ("max_id", "min_id", "since_id")


def cursor(info: Any) -> dict[str, str] | None:
    """The id cursor Mastodon.py read from a Link header, without its private bookkeeping."""
    if not isinstance(info, Mapping):
        return None
    found = {k: str.__str__(str(info[k])) for k in _PAGE_KEYS if info.get(k) is not None}
    return found or None


def page(result: Any, convert: Callable[[Any], T], *, id_of: Callable[[T], str]) -> Page[T]:
    """A Page of converted items, with cursors from the Link header or else the items' ids."""
    raw: Sequence[Any] = result if isinstance(result, list) else []
    items = tuple(convert(r) for r in raw)
    older = cursor(getattr(result, "_pagination_next", None))
    newer = cursor(getattr(result, "_pagination_prev", None))
    if items:
        older = older or {"max_id": id_of(items[-1])}
        newer = newer or {"min_id": id_of(items[0])}
    else:
        older = None
    return Page(items=items, newer=newer, older=older)
