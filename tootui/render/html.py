"""Turn Mastodon status HTML into a safe, styled :class:`rich.text.Text`.

:func:`render_html` is the one entry point; it returns :class:`RenderedContent`, which
holds the ``Text`` and every link found (:class:`Link`, in document order) for an
"open a link" key. :func:`html_to_text` and :func:`extract_links` are shortcuts for its
two halves, and :func:`plain_to_text` does the same job for plain remote strings
(display names, content warnings).

Safety rules:

* The HTML is parsed with the stdlib ``HTMLParser`` (iterative, tolerant of broken HTML);
  our own element stack is a list, so 10 000-deep nesting is fine.
* Every text piece goes through :func:`~tootui.render.sanitize.clean_text`, and the result
  is assembled from plain strings and ``Span``\\s. Nothing is ever parsed as Rich or
  Textual markup, so remote ``[bold]`` or ``[@click=app.quit]`` stays literal.
* Only URLs accepted by :func:`~tootui.render.sanitize.safe_url` become links
  (``Style(link=url)``, which Textual emits as an OSC 8 hyperlink). Any other ``href``
  (``javascript:``, ``file:``, ``data:``...) leaves the anchor's text as plain text.
* A link whose text is itself a URL is shown as the shortened *real* target, so text
  saying one address cannot hide an ``href`` pointing at another.
* Work is bounded: at most ``max_input`` characters of HTML are parsed and at most
  ``max_len`` characters produced (then ``…``); runs of non-space text longer than
  ``word_limit`` get break opportunities (see
  :func:`~tootui.render.sanitize.break_long_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rich.style import Style
from rich.text import Text

from tootui.render.html_parser import (
    _FEED_CHUNK,
    _UNFINISHED_TAG,
    Link,
    LinkKind,
    RenderedContent,
    _StatusParser,
)
from tootui.render.sanitize import (
    ELLIPSIS,
    clean_text,
    long_word_pattern,
)

__all__ = [
    "CODE_STYLE",
    "EMOJI_STYLE",
    "HASHTAG_STYLE",
    "LINK_STYLE",
    "MENTION_STYLE",
    "QUOTE_STYLE",
    "Link",
    "LinkKind",
    "RenderedContent",
    "extract_links",
    "html_to_text",
    "plain_to_text",
    "render_html",
]

LINK_STYLE = Style(color="bright_blue", underline=True)
MENTION_STYLE = Style(color="magenta", bold=True)
HASHTAG_STYLE = Style(color="cyan")
CODE_STYLE = Style(color="bright_green")
QUOTE_STYLE = Style(dim=True)
EMOJI_STYLE = Style(color="yellow")

MAX_LEN = 20_000
"""Default cap on rendered characters."""
MAX_INPUT = 100_000
"""Default cap on HTML characters parsed (tag soup is slow to parse, text is not)."""
WORD_LIMIT = 80

_SHORTCODE = re.compile(r":([A-Za-z0-9_]+):")  # a custom emoji's :name:


def render_html(
    html: str | None,
    *,
    mentions: Mapping[str, str] | None = None,
    emojis: Iterable[str] = (),
    link_style: Style = LINK_STYLE,
    mention_style: Style = MENTION_STYLE,
    hashtag_style: Style = HASHTAG_STYLE,
    code_style: Style = CODE_STYLE,
    quote_style: Style = QUOTE_STYLE,
    emoji_style: Style | None = EMOJI_STYLE,
    hide_quote_inline: bool = False,
    max_len: int = MAX_LEN,
    max_input: int = MAX_INPUT,
    word_limit: int | None = WORD_LIMIT,
) -> RenderedContent:
    """Render status HTML to styled text plus its links.

    ``mentions`` maps a mentioned account's URL to its ``acct`` (build it from the
    status's ``mentions`` list: ``{m.url: m.acct}``); it lets a mention be recognised
    without Mastodon's CSS classes and fills :attr:`Link.name`. ``emojis`` are the
    status's custom emoji shortcodes: they stay ``:shortcode:`` text, styled with
    ``emoji_style``. ``hide_quote_inline`` drops Mastodon's ``quote-inline`` fallback
    ("RE: <link>") for callers that show the quoted post themselves.
    """
    max_len = max(1, max_len)
    parser = _StatusParser(
        mentions=mentions or {},
        link_style=link_style,
        mention_style=mention_style,
        hashtag_style=hashtag_style,
        code_style=code_style,
        quote_style=quote_style,
        max_len=max_len,
        hide_quote_inline=hide_quote_inline,
    )
    source = html or ""
    cut = len(source) > max_input
    if cut:
        source = source[:max_input]
    for offset in range(0, len(source), _FEED_CHUNK):
        parser.feed(source[offset : offset + _FEED_CHUNK])
        if parser.full:
            break
    if not parser.full:
        if cut or _UNFINISHED_TAG.match(parser.rawdata):
            parser.rawdata = ""  # close() would print a half tag as text
        parser.close()
        parser.finish()
        if cut and parser.length:
            parser._append(ELLIPSIS, None)
    text = Text("".join(parser.pieces), spans=parser.spans, end="")
    if word_limit is not None:
        text = _break_long_runs(text, word_limit)
    if emoji_style is not None:
        _style_shortcodes(text, emojis, emoji_style)
    return RenderedContent(text=text, links=tuple(parser.links))


def _break_long_runs(text: Text, limit: int) -> Text:
    """Apply :func:`break_long_words` to a styled Text without losing its spans."""
    plain = text.plain
    pattern = long_word_pattern(limit)
    if len(plain) <= limit or not pattern.search(plain):
        return text
    offsets: list[int] = []
    for match in pattern.finditer(plain):
        offsets.extend(range(match.start() + limit, match.end(), limit))
    parts = text.divide(offsets)
    return Text(" ", end="").join(parts)


def _style_shortcodes(text: Text, emojis: Iterable[str], style: Style) -> None:
    codes = set(emojis)
    if not codes:
        return
    for match in _SHORTCODE.finditer(text.plain):
        if match.group(1) in codes:
            text.stylize(style, match.start(), match.end())


def html_to_text(html: str | None, **options: Any) -> Text:
    """Just the ``Text`` of :func:`render_html` (same keyword options)."""
    return render_html(html, **options).text


def extract_links(html: str | None, *, mentions: Mapping[str, str] | None = None) -> list[Link]:
    """Just the links of :func:`render_html`, in document order."""
    return list(render_html(html, mentions=mentions).links)


def plain_to_text(
    text: str | None,
    *,
    emojis: Iterable[str] = (),
    multiline: bool = False,
    style: Style | None = None,
    emoji_style: Style | None = EMOJI_STYLE,
    max_len: int = 1000,
) -> Text:
    """A safe ``Text`` for a plain remote string such as a display name or content warning."""
    cleaned = clean_text(text or "", max_len=max_len, multiline=multiline)
    result = Text(cleaned, style=style or "", end="")
    if emoji_style is not None:
        _style_shortcodes(result, emojis, emoji_style)
    return result
