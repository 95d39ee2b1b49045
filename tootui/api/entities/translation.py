"""A post's text as the server's translation service gave it back."""

from __future__ import annotations

from dataclasses import dataclass

from tootui.api.entities.entity import Entity


@dataclass(frozen=True, slots=True)
class Translation(Entity):
    """``POST /api/v1/statuses/:id/translate``: the content (HTML) and content warning in
    the language asked for, the language the server found, and who translated it.

    Translated poll options and media descriptions are not kept: tootui shows only the text.
    """

    content: str  # HTML, remote as a post's own
    spoiler_text: str
    detected_source_language: str
    provider: str
