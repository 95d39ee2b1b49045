"""The walk through a post's HTML: tags in, plain pieces and style spans out.

``_StatusParser`` is the state machine behind :func:`tootui.render.html.render_html`
(read that module's docstring for the safety rules it keeps): an element stack of our
own (a list, so any depth is fine), anchors classified as mention, hashtag or URL, lists
and quotes with bounded depth, and a length cap. ``Link`` and ``RenderedContent`` are what
it produces; ``tootui.render.html`` is the public face and re-exports them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from rich.style import Style
from rich.text import Span, Text

from tootui.render.sanitize import (
    ELLIPSIS,
    MAX_COMBINING,
    clean_text,
    leading_marks,
    safe_url,
    shorten_url,
    trailing_marks,
)

LinkKind = Literal["url", "mention", "hashtag"]


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a post, as shown to the reader.

    ``url`` is a :func:`safe_url`-approved address, or ``None`` for a mention or hashtag
    whose ``href`` was missing or unsafe. ``name`` is the account (``user@host`` when the
    ``mentions`` mapping knows it) for a mention, the tag without ``#`` for a hashtag, and
    ``""`` for a plain URL.
    """

    kind: LinkKind
    text: str
    url: str | None
    name: str = ""


@dataclass(frozen=True, slots=True)
class RenderedContent:
    """A rendered post body: the styled text and the links in it, in order."""

    text: Text
    links: tuple[Link, ...]


_BLOCK_TAGS = frozenset(
    "address article aside blockquote details dl figure footer h1 h2 h3 h4 h5 h6 header "
    "hr main nav ol p pre section table ul".split()
)
_LINE_TAGS = frozenset("dd div dt figcaption li summary tr".split())
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_SKIP_TAGS = frozenset("script style template head title noscript svg math object".split())
_STYLE_TAGS: dict[str, Style] = {
    "b": Style(bold=True),
    "strong": Style(bold=True),
    "i": Style(italic=True),
    "em": Style(italic=True),
    "cite": Style(italic=True),
    "u": Style(underline=True),
    "ins": Style(underline=True),
    "del": Style(strike=True),
    "s": Style(strike=True),
    "strike": Style(strike=True),
    "h1": Style(bold=True),
    "h2": Style(bold=True),
    "h3": Style(bold=True),
    "h4": Style(bold=True),
    "h5": Style(bold=True),
    "h6": Style(bold=True),
}
_MAX_QUOTE_DEPTH = 6
_MAX_LIST_DEPTH = 6
_MAX_NEWLINES = 3
_FEED_CHUNK = 8192
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_LOOKS_LIKE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_UNFINISHED_TAG = re.compile(r"<[a-zA-Z/!?]")


@dataclass(slots=True)
class _Element:
    """One open element on the parser's stack, with what closing it must undo."""

    tag: str
    style: Style | None
    hidden: bool = False
    skip: bool = False
    quote: bool = False
    list_level: bool = False
    pre: bool = False
    anchor: bool = False
    h_card: bool = False
    ellipsis: bool = False


@dataclass(slots=True)
class _Anchor:
    """An ``<a>`` being read: its text is gathered and emitted in one piece when it closes."""

    href: str
    classes: frozenset[str]
    rel: frozenset[str]
    in_h_card: bool
    style: Style | None
    visible: list[str]
    full: list[str]
    shortened: bool = False
    ellipsis: bool = False
    size: int = 0


@dataclass(slots=True)
class _ListLevel:
    ordered: bool
    counter: int
    width: int = 2


class _StatusParser(HTMLParser):
    """Streams HTML events into plain-text pieces with styles (see :func:`render_html`)."""

    def __init__(
        self,
        *,
        mentions: Mapping[str, str],
        link_style: Style,
        mention_style: Style,
        hashtag_style: Style,
        code_style: Style,
        quote_style: Style,
        max_len: int,
        hide_quote_inline: bool,
    ) -> None:
        super().__init__(convert_charrefs=True)
        self.mentions = mentions
        self.link_style = link_style
        self.mention_style = mention_style
        self.hashtag_style = hashtag_style
        self.code_style = code_style
        self.quote_style = quote_style
        self.max_len = max_len
        self.hide_quote_inline = hide_quote_inline

        self.pieces: list[str] = []
        self.spans: list[Span] = []
        self.links: list[Link] = []
        self.length = 0
        self.full = False

        self.stack: list[_Element] = []
        self.open_counts: dict[str, int] = {}
        self.hidden = 0
        self.skip = 0
        self.pre = 0
        self.quote_depth = 0
        self.lists: list[_ListLevel] = []
        self.anchor: _Anchor | None = None
        self.h_card = 0

        self.pending_newlines = 0
        self.pending_bullet = False
        self.at_line_start = True
        self.last_space = True
        self.last_line_quote_depth = 0
        self.trailing_marks = 0

    # -- output -----------------------------------------------------------------------

    @property
    def style(self) -> Style | None:
        return self.stack[-1].style if self.stack else None

    def _append(self, text: str, style: Style | None) -> None:
        """Add ``text`` (already clean) to the output, respecting the length cap."""
        if not text or self.full:
            return
        room = self.max_len - self.length
        if len(text) >= room:
            text = text[: max(0, room - 1)] + ELLIPSIS
            self.full = True
        start = self.length
        self.pieces.append(text)
        self.length += len(text)
        if style is not None:
            last = self.spans[-1] if self.spans else None
            if last is not None and last.end == start and last.style == style:
                self.spans[-1] = Span(last.start, self.length, style)
            else:
                self.spans.append(Span(start, self.length, style))
        self.at_line_start = text.endswith("\n")
        self.last_space = text[-1] in " \n"

    def _quote_prefix(self, depth: int) -> str:
        return "▎ " * min(depth, _MAX_QUOTE_DEPTH)

    def _start_line(self) -> None:
        """Write pending newlines and this line's prefix (quote bars, list bullet)."""
        if self.pending_newlines and self.length:
            self._trim_trailing_space()
            blank_depth = min(self.last_line_quote_depth, self.quote_depth)
            for index in range(min(self.pending_newlines, _MAX_NEWLINES)):
                if index:
                    bar = self._quote_prefix(blank_depth).rstrip()
                    self._append(bar, self.quote_style)
                self._append("\n", None)
        self.pending_newlines = 0
        if not self.at_line_start and self.length:
            return
        if self.quote_depth:
            self._append(self._quote_prefix(self.quote_depth), self.quote_style)
        if self.lists:
            shown = self.lists[-_MAX_LIST_DEPTH:]
            indent = "".join(" " * level.width for level in shown[:-1])
            innermost = shown[-1]
            if self.pending_bullet:
                bullet = f"{innermost.counter}. " if innermost.ordered else "• "
                innermost.width = len(bullet)
                self._append(indent + bullet, None)
            else:
                self._append(indent + " " * innermost.width, None)
        self.pending_bullet = False
        self.at_line_start = False
        self.last_space = True
        self.last_line_quote_depth = self.quote_depth
        self.trailing_marks = 0

    def _trim_trailing_space(self) -> None:
        """Drop spaces before a line break (pieces never overlap, nor do their spans)."""
        while self.pieces and self.pieces[-1].endswith(" "):
            old = self.pieces[-1]
            new = old.rstrip(" ")
            self.length -= len(old) - len(new)
            if new:
                self.pieces[-1] = new
            else:
                self.pieces.pop()
            while self.spans and self.spans[-1].end > self.length:
                span = self.spans.pop()
                if span.start < self.length:
                    self.spans.append(Span(span.start, self.length, span.style))
                    break
            if new:
                break

    def _cap_marks(self, text: str) -> str:
        """Keep zalgo in check across piece boundaries (clean_text caps within a piece)."""
        lead = leading_marks(text)
        if lead == len(text):
            keep = max(0, MAX_COMBINING - self.trailing_marks)
            text = text[:keep]
            self.trailing_marks += len(text)
            return text
        if lead and self.trailing_marks + lead > MAX_COMBINING:
            text = text[lead - max(0, MAX_COMBINING - self.trailing_marks) :]
        self.trailing_marks = trailing_marks(text)
        return text

    def _emit(self, raw: str, style: Style | None) -> None:
        """Emit a text node: collapse HTML whitespace (unless in <pre>), clean, write."""
        if self.pre:
            text = clean_text(raw, max_len=self.max_len, multiline=True).expandtabs(4)
            for index, line in enumerate(text.split("\n")):
                if index:
                    self._start_line_pre()
                if line:
                    if self.pending_newlines or self.at_line_start:
                        self._start_line()
                    self._append(self._cap_marks(line), style)
            return
        text = _HTML_SPACE.sub(" ", raw)
        if self.last_space or self.pending_newlines or self.at_line_start:
            text = text.lstrip(" ")
        if not text:
            return
        text = clean_text(text, max_len=self.max_len)
        if not text:
            return
        if self.pending_newlines or self.at_line_start:
            self._start_line()
        self._append(self._cap_marks(text), style)

    def _start_line_pre(self) -> None:
        """A newline inside <pre> is written at once (blank lines there are content)."""
        if self.length:
            self._trim_trailing_space()
            self._append("\n", None)
            self.at_line_start = True
        self.pending_newlines = 0

    def _request_break(self, newlines: int) -> None:
        if self.hidden or self.skip:
            return
        if self.anchor is not None:
            self._anchor_text(" ")
            return
        self.pending_newlines = max(self.pending_newlines, newlines)

    # -- anchors ----------------------------------------------------------------------

    def _anchor_text(self, raw: str) -> None:
        anchor = self.anchor
        assert anchor is not None
        if anchor.size > self.max_len:
            return
        anchor.size += len(raw)
        anchor.full.append(raw)
        if not self.hidden:
            anchor.visible.append(raw)

    def _open_anchor(self, attrs: dict[str, str]) -> None:
        self.anchor = _Anchor(
            href=attrs.get("href", ""),
            classes=frozenset(attrs.get("class", "").split()),
            rel=frozenset(attrs.get("rel", "").lower().split()),
            in_h_card=self.h_card > 0,
            style=self.style,
            visible=[],
            full=[],
        )

    def _close_anchor(self) -> None:
        anchor = self.anchor
        self.anchor = None
        if anchor is None or self.full:
            return
        visible = _HTML_SPACE.sub(" ", "".join(anchor.visible)).strip()
        full = _HTML_SPACE.sub(" ", "".join(anchor.full)).strip()
        url = safe_url(anchor.href.strip())
        kind: LinkKind = "url"
        if "hashtag" in anchor.classes or "tag" in anchor.rel:
            kind = "hashtag"
        elif (
            "mention" in anchor.classes
            or anchor.in_h_card
            or (url is not None and url in self.mentions)
        ):
            kind = "mention"

        name = ""
        if kind == "url":
            if url is None:
                display = visible
            elif anchor.shortened and full == anchor.href.strip():
                display = visible + (ELLIPSIS if anchor.ellipsis else "")
            elif not visible or _LOOKS_LIKE_URL.match(full):
                display = shorten_url(url)
            else:
                display = visible
        elif kind == "mention":
            acct = self.mentions.get(url or anchor.href.strip(), "")
            display = visible or (f"@{acct}" if acct else shorten_url(url or ""))
            name = acct or clean_text(display.lstrip("@"), max_len=200)
        else:
            display = visible
            name = clean_text(display.lstrip("#"), max_len=200)

        if not display:
            return
        style = anchor.style
        if kind != "url" or url is not None:
            kind_style = {
                "url": self.link_style,
                "mention": self.mention_style,
                "hashtag": self.hashtag_style,
            }[kind]
            style = style + kind_style if style else kind_style
            if url is not None:
                style = style + Style(link=url)
        before = self.length
        self._emit(display, style)
        if self.length > before and (url is not None or kind != "url"):
            shown = clean_text(_HTML_SPACE.sub(" ", display).strip(), max_len=self.max_len)
            self.links.append(Link(kind=kind, text=shown, url=url, name=name))

    # -- HTMLParser callbacks ---------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.full:
            return
        if tag in _VOID_TAGS:
            self._void(tag, attrs)
            return
        attr = {key: value or "" for key, value in attrs}
        classes = attr.get("class", "").split()
        element = _Element(tag=tag, style=self.style)
        if tag in _SKIP_TAGS:
            element.skip = True
            self.skip += 1
        if "invisible" in classes or (self.hide_quote_inline and "quote-inline" in classes):
            element.hidden = True
            if self.anchor is not None and "invisible" in classes:
                self.anchor.shortened = True
            self.hidden += 1
        if "ellipsis" in classes and self.anchor is not None:
            element.ellipsis = True
            self.anchor.shortened = True
        if "h-card" in classes:
            element.h_card = True
            self.h_card += 1
        style = _STYLE_TAGS.get(tag)
        if tag == "code" or tag == "pre":
            style = self.code_style
        if style is not None:
            element.style = element.style + style if element.style else style

        if tag in _BLOCK_TAGS:
            self._request_break(2 if not (tag in ("ul", "ol") and self.lists) else 1)
        elif tag in _LINE_TAGS:
            self._request_break(1)
        if tag == "blockquote":
            element.quote = True
            self.quote_depth += 1
        elif tag in ("ul", "ol"):
            element.list_level = True
            start = 1
            if tag == "ol":
                try:
                    start = max(-999_999, min(999_999, int(attr.get("start", "1"))))
                except ValueError:
                    start = 1
            self.lists.append(_ListLevel(ordered=tag == "ol", counter=start - 1))
        elif tag == "li" and self.lists and not self.hidden and not self.skip:
            self.lists[-1].counter += 1
            self.pending_bullet = True
        elif tag == "pre":
            element.pre = True
            self.pre += 1
        elif tag == "a" and self.anchor is None and not (self.skip or self.hidden):
            element.anchor = True
            self._open_anchor(attr)
        self.stack.append(element)
        self.open_counts[tag] = self.open_counts.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self._void(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def _void(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden or self.skip or self.full:
            return
        if tag == "br":
            if self.anchor is not None:
                self._anchor_text(" ")
            else:
                self.pending_newlines = min(self.pending_newlines + 1, _MAX_NEWLINES)
                if self.pre:
                    self._start_line_pre()
        elif tag == "hr":
            self._request_break(2)
            self._emit("─" * 8, self.quote_style)
            self._request_break(2)
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.handle_data(alt)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_counts.get(tag):
            if tag == "br":  # "</br>" is treated as "<br>" by browsers
                self._void("br", [])
            return
        while self.stack:
            element = self.stack.pop()
            self.open_counts[element.tag] -= 1
            self._close(element)
            if element.tag == tag:
                break

    def _close(self, element: _Element) -> None:
        if element.anchor:
            self._close_anchor()
        if element.ellipsis and self.anchor is not None:
            self.anchor.ellipsis = True
        if element.hidden:
            self.hidden -= 1
        if element.skip:
            self.skip -= 1
        if element.h_card:
            self.h_card -= 1
        if element.pre:
            self.pre -= 1
        tag = element.tag
        if tag in _BLOCK_TAGS:
            self._request_break(2 if not (tag in ("ul", "ol") and len(self.lists) > 1) else 1)
        elif tag in _LINE_TAGS:
            self._request_break(1)
        if element.quote:
            self.quote_depth -= 1
        if element.list_level:
            self.lists.pop()

    def handle_data(self, data: str) -> None:
        if self.skip or self.full:
            return
        if self.anchor is not None:
            self._anchor_text(data)
        elif not self.hidden:
            self._emit(data, self.style)

    def finish(self) -> None:
        """Close whatever the HTML left open, so pending anchors are written."""
        while self.stack:
            element = self.stack.pop()
            self._close(element)
        self._trim_trailing_space()
