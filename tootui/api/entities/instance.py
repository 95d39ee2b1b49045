"""A server's description of itself: its rules and the limits a client must respect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tootui.api.entities.entity import Entity
from tootui.api.entities.readers import _bool, _int, _map, _opt_str, _seq, _str, _strs


@dataclass(frozen=True, slots=True)
class Rule(Entity):
    """One of a server's rules, shown before signing in."""

    id: str
    text: str
    hint: str


@dataclass(frozen=True, slots=True)
class Instance:
    """What a server says about itself, and the limits a client must respect."""

    domain: str
    title: str
    description: str
    version: str
    rules: tuple[Rule, ...]
    languages: tuple[str, ...]
    max_characters: int = 500
    max_media_attachments: int = 4
    characters_reserved_per_url: int = 23
    max_poll_options: int = 4
    max_poll_option_characters: int = 50
    min_poll_expiration: int = 300
    max_poll_expiration: int = 2629746
    streaming_url: str | None = None
    contact: str = ""
    translation_enabled: bool = False  # configuration.translation.enabled (v2)

    @classmethod
    def from_api(cls, data: Any) -> Instance:
        """Read a v2 (``/api/v2/instance``) or v1 (``/api/v1/instance``) answer."""
        d = _map(data)
        conf = _map(d.get("configuration"))
        statuses = _map(conf.get("statuses"))
        polls = _map(conf.get("polls"))
        # Pleroma/Akkoma put their limits at the top level of the v1 answer.
        pleroma_polls = _map(d.get("poll_limits"))
        urls = _map(d.get("urls"))
        conf_urls = _map(conf.get("urls"))
        contact = _map(d.get("contact"))
        max_chars = _int(statuses.get("max_characters")) or _int(d.get("max_toot_chars")) or 500

        def poll_limit(key: str, pleroma_key: str, default: int) -> int:
            return _int(polls.get(key)) or _int(pleroma_polls.get(pleroma_key)) or default

        return cls(
            domain=_str(d.get("domain")) or _str(d.get("uri")),
            title=_str(d.get("title")),
            description=_str(d.get("description")) or _str(d.get("short_description")),
            version=_str(d.get("version")),
            rules=tuple(Rule.from_api(r) for r in _seq(d.get("rules"))),
            languages=_strs(d.get("languages")),
            max_characters=max_chars,
            max_media_attachments=_int(statuses.get("max_media_attachments"), 4) or 4,
            characters_reserved_per_url=_int(statuses.get("characters_reserved_per_url"), 23) or 23,
            max_poll_options=poll_limit("max_options", "max_options", 4),
            max_poll_option_characters=poll_limit(
                "max_characters_per_option", "max_option_chars", 50
            ),
            min_poll_expiration=poll_limit("min_expiration", "min_expiration", 300),
            max_poll_expiration=poll_limit("max_expiration", "max_expiration", 2629746),
            streaming_url=_opt_str(conf_urls.get("streaming"))
            or _opt_str(urls.get("streaming_api")),
            contact=_str(contact.get("email")) or _str(d.get("email")),
            translation_enabled=_bool(_map(conf.get("translation")).get("enabled")),
        )
