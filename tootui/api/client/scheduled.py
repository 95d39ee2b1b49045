"""Scheduled posts: your posts waiting for their time, moved to another time, or cancelled.

A post is scheduled by publishing it with ``scheduled_at`` (``StatusCalls.post``)."""

from __future__ import annotations

from datetime import datetime

from tootui.api.client.core import ClientCore
from tootui.api.entities import ScheduledPost
from tootui.i18n import _

FEATURE = "scheduled posts"


class ScheduledCalls(ClientCore):
    """The signed-in account's scheduled posts."""

    def scheduled_posts(self) -> list[ScheduledPost]:
        """Your scheduled posts, soonest first."""

        def fetch() -> list[ScheduledPost]:
            posts = [ScheduledPost.from_api(s) for s in self._api.scheduled_statuses(limit=40)]
            return sorted(posts, key=lambda p: (p.scheduled_at is None, p.scheduled_at or 0))

        return self._call(_("load your scheduled posts"), fetch, feature=FEATURE)

    def reschedule(self, scheduled_id: str, when: datetime) -> ScheduledPost:
        """Move a scheduled post to ``when`` (at least five minutes ahead)."""
        return self._call(
            _("reschedule the post"),
            lambda: ScheduledPost.from_api(self._api.scheduled_status_update(scheduled_id, when)),
            feature=FEATURE,
        )

    def cancel_scheduled(self, scheduled_id: str) -> None:
        """Cancel a scheduled post: it is never published."""
        self._call(
            _("cancel the scheduled post"),
            lambda: self._api.scheduled_status_delete(scheduled_id),
            feature=FEATURE,
        )
