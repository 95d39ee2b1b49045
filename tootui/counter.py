"""Counting a post's length the way Mastodon's ``StatusLengthValidator`` does.

Mastodon (4.x) measures ``spoiler_text + countable_text(text)`` in grapheme clusters
(``each_grapheme_cluster.size``), where ``countable_text`` replaces every http(s) URL with
``characters_reserved_per_url`` placeholder characters (23 by default, however long or
short the URL is) and every ``@user@domain`` mention with ``@user``. The content warning is
counted as typed; poll options are not counted. See docs/composing.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# twitter-text's valid_url_preceding_chars: a URL may not follow a letter, digit, @, $ or #.
_URL_RE = re.compile(
    r"(?<![A-Za-z0-9@＠$#＃])"
    r"https?://"
    r"(?:[^\s/?#<>\"'()\[\]{}]+)"  # host (and port)
    r"(?:[/?#][^\s<>\"]*)?",  # path, query, anchor
    re.IGNORECASE,
)
# What twitter-text will not end a URL with (it ends in a path character instead).
_URL_TRAILING = ".,;:!?'\"…)]}"
# Mastodon's Account::MENTION_RE: @user or @user@domain, not after a word char, = or /.
_MENTION_RE = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\w]+(?:[.-]+[\w]+)*)?",
    re.IGNORECASE,
)

DEFAULT_URL_LENGTH = 23
DEFAULT_MAX_CHARACTERS = 500


def _trim_url(url: str) -> str:
    """Drop the trailing punctuation a URL does not include (balanced parentheses stay)."""
    while url and url[-1] in _URL_TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def countable_text(text: str, url_length: int = DEFAULT_URL_LENGTH) -> str:
    """``text`` with each URL as ``url_length`` x's and each remote mention as ``@user``."""

    def url(match: re.Match[str]) -> str:
        found = match.group(0)
        kept = _trim_url(found)
        if "." not in kept.split("://", 1)[1].split("/", 1)[0]:
            return found  # twitter-text needs a dotted host; this is not a link
        return "x" * url_length + found[len(kept) :]

    text = _URL_RE.sub(url, text)
    return _MENTION_RE.sub(lambda m: "@" + m.group(1), text)


def _graphemes(text: str) -> Iterator[str]:
    try:
        from wcwidth import iter_graphemes  # full UAX #29 segmentation
    except ImportError:  # pragma: no cover - wcwidth comes with Textual's dependencies
        yield from _rough_graphemes(text)
        return
    yield from iter_graphemes(text)


def _rough_graphemes(text: str) -> Iterator[str]:
    """Code points with combining marks, ZWJ sequences and variation selectors folded in."""
    cluster = ""
    for char in text:
        joins = (
            unicodedata.combining(char)
            or char in "\u200d\ufe0e\ufe0f"
            or (cluster.endswith("\u200d"))
            or 0x1F3FB <= ord(char) <= 0x1F3FF
        )
        if cluster and not joins:
            yield cluster
            cluster = ""
        cluster += char
    if cluster:
        yield cluster


def grapheme_length(text: str) -> int:
    """How many user-perceived characters (grapheme clusters) ``text`` has."""
    return sum(1 for _ in _graphemes(text))


def post_length(text: str, spoiler_text: str = "", *, url_length: int = DEFAULT_URL_LENGTH) -> int:
    """The length Mastodon checks against ``max_characters``: CW plus countable text."""
    body = countable_text(text, url_length) if text.strip() else ""
    return grapheme_length(spoiler_text + body)


def remaining(
    text: str,
    spoiler_text: str = "",
    *,
    limit: int = DEFAULT_MAX_CHARACTERS,
    url_length: int = DEFAULT_URL_LENGTH,
) -> int:
    """Characters left before ``limit`` (negative when over)."""
    return limit - post_length(text, spoiler_text, url_length=url_length)
