"""Hashtags an account features on its profile (``/api/v1/accounts/:id/featured_tags``).

A followed hashtag is a ``Tag`` (``tootui.api.entities.statuses``) with ``following`` set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tootui.api.entities.entity import Entity


@dataclass(frozen=True, slots=True)
class FeaturedTag(Entity):
    """A hashtag someone shows on their profile, with how often they used it."""

    id: str
    name: str
    url: str
    statuses_count: int  # Mastodon sends it as a string: read as a number all the same
    last_status_at: datetime | None = None
