"""The time now, and times shown to people ("5m", "3h", or a date).

``TOOTUI_NOW`` (an ISO 8601 time) fixes "now", so tests and snapshots do not depend on
the clock.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from tootui.i18n import _, localize_digits


def now() -> datetime:
    fixed = os.environ.get("TOOTUI_NOW")
    if fixed:
        try:
            value = datetime.fromisoformat(fixed)
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.now(UTC)


def format_time(when: datetime, current: datetime, *, absolute: bool = False) -> str:
    """A short relative time ("now", "5m", "3h", "2d", "in 4h") or, if asked, the date.

    Digits are the interface language's (``localize_digits``).
    """
    return localize_digits(_format_time(when, current, absolute=absolute))


def _format_time(when: datetime, current: datetime, *, absolute: bool) -> str:
    if absolute:
        return when.astimezone().strftime("%Y-%m-%d %H:%M")
    seconds = int((current - when).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 45 and not future:
        return _("now")
    if seconds < 3600:
        amount = _("{n}m").format(n=max(1, round(seconds / 60)))
    elif seconds < 86400:
        amount = _("{n}h").format(n=round(seconds / 3600))
    elif seconds < 86400 * 30:
        amount = _("{n}d").format(n=round(seconds / 86400))
    else:
        return when.astimezone().strftime("%Y-%m-%d")
    return _("in {time}").format(time=amount) if future else amount
