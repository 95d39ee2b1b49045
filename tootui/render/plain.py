"""A post as plain text, for leaving the terminal: the clipboard, a pipe, an editor.

The screen shows posts through ``render.html`` (remote HTML to Rich ``Text``). Text that
leaves tootui wants something else: what a person would have typed. html2text turns the
post's HTML into Markdown-ish plain text (paragraphs, line breaks, lists, quotes, code,
``**bold**``), and this module adds what it does not know about Mastodon's HTML:

- mentions and hashtags are links to the server; as text they are just ``@bob`` and
  ``#tea``, so their anchors are dropped and their words kept;
- a bare URL is shortened on screen with hidden spans; as text it is the whole address
  once, not ``[https://…](https://…)``.

The result is remote text all the same: it goes through ``clean_text`` (no terminal
escape, bidi override or control character survives).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tootui.render.sanitize import clean_text

if TYPE_CHECKING:
    from html2text import HTML2Text

# [https://example.com/x](https://example.com/x): a link whose words are its address
_SELF_LINK = re.compile(r"\[(https?://[^\]\s]+)\]\(\1\)")
_BLANK_LINES = re.compile(r"\n{3,}")
_HARD_BREAK = re.compile(r"[ \t]+\n")  # Markdown's "two spaces, newline" <br>
_MAX_HTML = 100_000  # a post's HTML is a few KB; a hostile one is not converted whole


def _is_mention_or_tag(attrs: dict[str, str | None]) -> bool:
    classes = (attrs.get("class") or "").split()
    return "mention" in classes or "hashtag" in classes


def _converter() -> HTML2Text:
    import html2text  # ~10 ms: only when a post is copied, never at start-up

    converter = html2text.HTML2Text()
    converter.body_width = 0  # no hard wrapping: the reader's program wraps
    converter.images_to_alt = True  # remote emoji are <img>: their :shortcode: is the alt
    converter.unicode_snob = True  # keep “quotes” and non-ASCII as they are
    skipped: list[bool] = []  # per open <a>: whether its tag was left out

    def links(parser: HTML2Text, tag: str, attrs: dict[str, str | None], start: bool) -> bool:
        if tag != "a":
            return False
        if start:
            skipped.append(_is_mention_or_tag(attrs))
            return skipped[-1]
        return skipped.pop() if skipped else False

    converter.tag_callback = links  # type: ignore[assignment]  # typed None, takes a callable
    return converter


def html_to_plain(html: str) -> str:
    """The plain text of a post's (untrusted) HTML, safe to hand to any program."""
    text = _converter().handle(html[:_MAX_HTML])
    text = _SELF_LINK.sub(r"\1", text)
    text = _HARD_BREAK.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return clean_text(text, multiline=True)


def post_as_plain(content_html: str, spoiler_text: str = "") -> str:
    """A post's text as a person would have typed it: its content warning first."""
    body = html_to_plain(content_html)
    warning = clean_text(spoiler_text).strip()
    return f"{warning}\n\n{body}" if warning else body
