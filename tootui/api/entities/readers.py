"""Tolerant readers: a server's JSON field as the type an entity wants, never an exception.

Servers are strangers: a field may be missing, null, or of the wrong type (a number sent
as a string, a dict where a list belongs). Each reader falls back to an empty value, so
one odd server cannot crash a timeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

Visibility = Literal["public", "unlisted", "private", "direct", "local"]
VISIBILITIES: tuple[Visibility, ...] = ("public", "unlisted", "private", "direct", "local")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _maybe_map(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def _seq(value: Any) -> Sequence[Any]:
    if isinstance(value, (list, tuple)):
        return value
    return ()


def _str(value: Any, default: str = "") -> str:
    if value is None:
        return default
    if type(value) is str:
        return value
    if isinstance(value, str):  # Mastodon.py's id type is a str subclass; keep plain str
        return str.__str__(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return default


def _opt_str(value: Any) -> str | None:
    text = _str(value)
    return text or None


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return default
    return default


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    return _int(value)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def _datetime(value: Any) -> datetime | None:
    """Read an ISO 8601 string (JSON) or a datetime (Mastodon.py) as an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        # The stdlib's UTC, not Mastodon.py's dateutil zone: cached entities then unpickle
        # at start-up without importing dateutil.tz (~5 ms before the first frame).
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):  # a date at the very edge of the calendar
            return value
    if isinstance(value, str) and value:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _datetime_or_epoch(value: Any) -> datetime:
    """A time that must be there (a post's ``created_at``): the epoch when unreadable."""
    return _datetime(value) or _EPOCH


def _visibility(value: Any) -> Visibility:
    text = _str(value, "public")
    for known in VISIBILITIES:
        if text == known:
            return known
    return "public"


def _opt_visibility(value: Any) -> Visibility | None:
    return _visibility(value) if value else None


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(s for s in (_str(v) for v in _seq(value)) if s)


def _ints(value: Any) -> tuple[int, ...]:
    return tuple(_int(v) for v in _seq(value))
