"""Scheduled posts: a post the server keeps until its time, then publishes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from tootui.api.entities.entity import Entity, FieldReader
from tootui.api.entities.readers import Visibility, _map, _seq


def _media_count(d: Mapping[str, Any]) -> int:
    """The attachments, as the server lists them or (some servers) only by id."""
    attached = len(_seq(d.get("media_attachments")))
    return attached or len(_seq(_map(d.get("params")).get("media_ids")))


@dataclass(frozen=True, slots=True)
class ScheduledPost(Entity):
    """One of your posts waiting to be published at ``scheduled_at`` (what it will say:
    ``text``, ``spoiler_text``, ``visibility``; ``media_count`` attachments)."""

    id: str
    scheduled_at: datetime | None
    text: str
    spoiler_text: str
    visibility: Visibility
    media_count: int = 0

    _keys: ClassVar[Mapping[str, str | tuple[str, ...]]] = {
        "text": ("params.text", "params.status"),
        "spoiler_text": "params.spoiler_text",
        "visibility": "params.visibility",
    }
    _special: ClassVar[Mapping[str, FieldReader]] = {"media_count": _media_count}

    @staticmethod
    def is_one(data: Any) -> bool:
        """Whether a server's answer to a post with ``scheduled_at`` is a scheduled post
        (it has ``params``), not the published post (a time too close is published now)."""
        d = _map(data)
        return "params" in d and "content" not in d
