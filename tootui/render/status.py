"""Lay a post (or a notification, or a conversation) out as styled lines for the timeline.

The expensive part, turning remote HTML into a safe ``Text``, is cached by post id and
edit time; the cheap parts (header, counters, poll bars) are rebuilt when the timeline
asks, which it does once per post per width, not per key press.

All remote strings pass through ``tootui.render.sanitize`` before they reach a ``Text``;
nothing here is ever parsed as markup.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tootui.api.entities import (
    Account,
    Conversation,
    MediaAttachment,
    Notification,
    Poll,
    Status,
    Translation,
)
from tootui.clock import format_time
from tootui.i18n import _, localize_digits, ngettext
from tootui.render.bidi import visual_string
from tootui.render.display import Base, isolate, laid_out_lines, sentence
from tootui.render.html import RenderedContent, render_html
from tootui.render.sanitize import clean_text, safe_url, shorten_url
from tootui.render.translation import translation_lines

if TYPE_CHECKING:
    from tootui.render.previews import InlinePreviews

NAME = Style(bold=True)
HANDLE = Style(dim=True)
META = Style(dim=True)
BOOST = Style(color="green", dim=True)
CW = Style(color="yellow", bold=True)
WARN = Style(color="yellow")
ON = Style(color="yellow", bold=True)
BAR = Style(color="cyan")
LINK = Style(color="bright_blue", underline=True)


def has_warning(status: Status) -> bool:
    """Whether the post's text is behind a warning (its own, or a filter's)."""
    return bool(status.spoiler_text) or any(f.action in ("warn", "blur") for f in status.filtered)


def text_shown(status: Status, revealed: bool, expand: bool) -> bool:
    """Whether the post's text (and so its media) is shown: no warning, or opened."""
    return not has_warning(status) or revealed != expand


def media_shown(status: Status, revealed: bool, expand: bool) -> bool:
    """Whether the post's pictures are drawn rather than their blurred stand-ins: media
    not marked sensitive, or the reader pressed ``s`` on the post (or its warning is open
    by the ``expand_content_warnings`` setting)."""
    return not status.sensitive or revealed or (expand and has_warning(status))


def visibility_word(visibility: str) -> str:
    """The post's visibility in the interface language; an unknown value as sent."""
    words = {
        "public": _("public"),
        "unlisted": _("unlisted"),
        "private": _("followers only"),
        "direct": _("direct"),
        "local": _("local only"),
    }
    return words.get(visibility, visibility)


@dataclass(frozen=True, slots=True)
class Layout:
    """What a rendering depends on besides the post."""

    width: int
    now: datetime
    bidi: bool = True
    absolute_times: bool = False
    local_host: str = ""


_CONTENT_CACHE: OrderedDict[tuple[str, datetime | None, str], RenderedContent] = OrderedDict()
_CONTENT_CACHE_SIZE = 4096


def rendered_content(status: Status) -> RenderedContent:
    """The post's body as safe styled text and its links, made once per (id, edit time)."""
    key = (*status.cache_key, status.uri)  # uri: ids repeat across servers
    cached = _CONTENT_CACHE.get(key)
    if cached is not None:
        _CONTENT_CACHE.move_to_end(key)
        return cached
    mentions = {m.url: m.acct for m in status.mentions if m.url}
    emojis = [e.shortcode for e in status.emojis]
    rendered = render_html(
        status.content, mentions=mentions, emojis=emojis, hide_quote_inline=status.quote is not None
    )
    _CONTENT_CACHE[key] = rendered
    if len(_CONTENT_CACHE) > _CONTENT_CACHE_SIZE:
        _CONTENT_CACHE.popitem(last=False)
    return rendered


def content_text(status: Status) -> Text:
    """The post's body as safe styled text."""
    return rendered_content(status).text


def one_line(value: str, limit: int = 200) -> str:
    """A remote single-line string (name, CW, alt text) made safe and bounded."""
    return clean_text(value, max_len=limit)


def display_name(account: Account, *, bidi: bool) -> str:
    """The account's name, safe, with right-to-left names in visual order when asked."""
    name = one_line(account.name, 100)
    return visual_string(name) if bidi else name


def handle(account: Account, local_host: str) -> str:
    acct = account.acct if "@" in account.acct or not local_host else f"{account.acct}@{local_host}"
    return "@" + one_line(acct, 120)


class StatusRenderer:
    """Turns posts into strips for one console (and so one colour system)."""

    def __init__(self, console: Console, *, expand_content_warnings: bool = False) -> None:
        self.console = console
        # With the setting on, posts start open and ``s`` hides them instead.
        self.expand_content_warnings = expand_content_warnings
        # Pictures under posts (``inline_images``); None: none, only a line per attachment.
        self.previews: InlinePreviews | None = None

    # --- helpers ----------------------------------------------------------------------

    def _wrap(self, text: Text, width: int, *, bidi: bool, base: Base = "interface") -> list[Text]:
        """Wrap, reorder and align: a sentence in the interface's direction by default, a
        post's text (``base="own"``) paragraph by paragraph in its own."""
        return laid_out_lines(text, width, enabled=bidi, base=base)

    def render_lines(self, lines: list[Text], width: int) -> list[Strip]:
        """Lines already laid out (a list's own rows: an account, a hashtag, a link) as strips
        ``width`` cells wide."""
        return self._strips(lines, width)

    def _strips(self, lines: list[Text], width: int) -> list[Strip]:
        console = self.console
        strips = []
        for line in lines:
            line.no_wrap = True
            line.overflow = "ellipsis"
            if line.style and not line.spans:
                # Text.render leaves out the base style of a line that has no spans
                line.stylize(line.style)
            segments = list(line.render(console))
            strips.append(Strip(segments).crop_extend(0, width, None))
        return strips

    # --- parts ------------------------------------------------------------------------

    def _header(self, status: Status, layout: Layout) -> Text:
        account = status.account
        header = Text()
        header.append(display_name(account, bidi=layout.bidi), NAME)
        header.append(" ")
        header.append(handle(account, layout.local_host), HANDLE)
        meta = [format_time(status.created_at, layout.now, absolute=layout.absolute_times)]
        meta.append(visibility_word(status.visibility))
        if status.edited_at is not None:
            meta.append(_("edited"))
        if layout.bidi:  # interface words (Arabic ones too), each a unit inside the line
            meta = [visual_string(part) for part in meta]
        header.append(" · " + " · ".join(meta), META)
        return header

    def _media(self, media: MediaAttachment, sensitive: bool) -> Text:
        kind = {
            "image": _("image"),
            "gifv": _("GIF"),
            "video": _("video"),
            "audio": _("audio"),
        }.get(media.type, _("file"))
        line = Text("  ▣ ", META)
        line.append(kind, Style(bold=True))
        if sensitive:
            line.append(" " + _("(sensitive)"), WARN)
        line.append(": ")
        if media.description:
            line.append_text(isolate(clean_text(media.description, max_len=1500, multiline=False)))
        else:
            line.append(_("no description"), Style(italic=True, dim=True))
        return line

    def _poll(self, poll: Poll, width: int, layout: Layout) -> list[Text]:
        lines: list[Text] = []
        total = max(poll.votes_count, 1)
        bar_width = max(5, min(20, width // 4))
        for index, option in enumerate(poll.options):
            votes = option.votes_count
            share = (votes or 0) / total if votes is not None else 0.0
            filled = round(share * bar_width)
            line = Text("  ")
            line.append("█" * filled, BAR)
            line.append("░" * (bar_width - filled), META)
            line.append(
                localize_digits(f" {share:4.0%} ") if votes is not None else " ?  ",
                Style(bold=True),
            )
            mark = "✓ " if index in poll.own_votes else ""
            line.append(f"{index + 1}. {mark}")
            line.append(
                visual_string(one_line(option.title)) if layout.bidi else one_line(option.title)
            )
            lines.append(line)
        summary = ngettext("{n} vote", "{n} votes", poll.votes_count).format(
            n=localize_digits(str(poll.votes_count))
        )
        if poll.expired:
            summary += " · " + _("closed")
        elif poll.expires_at is not None:
            summary += " · " + _("ends {when}").format(
                when=format_time(poll.expires_at, layout.now, absolute=layout.absolute_times)
            )
        if poll.multiple:
            summary += " · " + _("several choices")
        if not poll.voted and not poll.expired:
            summary += " · " + _("press V to vote")
        # interface words (Arabic ones too), each part a unit in its own direction
        if layout.bidi:
            summary = " · ".join(visual_string(part) for part in summary.split(" · "))
        lines.append(Text("  " + summary, META))
        return lines

    def _counts(self, status: Status, *, bidi: bool) -> Text:
        line = Text()
        digits = localize_digits
        line.append(f"↩ {digits(str(status.replies_count))}  ", META)
        line.append(f"↻ {digits(str(status.reblogs_count))}", ON if status.reblogged else META)
        line.append("  ")
        line.append(f"★ {digits(str(status.favourites_count))}", ON if status.favourited else META)
        if status.bookmarked:  # an interface word (Arabic too): in display order
            word = _("bookmarked")
            line.append("  ▪ " + (visual_string(word) if bidi else word), ON)
        return line

    # --- whole posts ------------------------------------------------------------------

    def status_lines(
        self,
        status: Status,
        layout: Layout,
        *,
        revealed: bool = False,
        quote_depth: int = 0,
        translation: Translation | None = None,
    ) -> list[Text]:
        """The lines of a post as Text, already wrapped to ``layout.width``; with
        ``translation`` (of the post, or of the boosted one), it follows the text."""
        width = max(10, layout.width)
        lines: list[Text] = []
        if status.reblog is not None:
            # Sentences that hold a name are laid out whole (names in logical order), so
            # the interface's words and the name read in one direction together.
            boost = Text("↻ ", BOOST)
            name = isolate(display_name(status.account, bidi=False))
            boost.append_text(sentence(_("{name} boosted"), BOOST, name=name))
            lines.extend(self._wrap(boost, width, bidi=layout.bidi))
        target = status.target
        lines.append(self._header(target, layout))
        if target.in_reply_to_id:
            mention = next(
                (m for m in target.mentions if m.id == target.in_reply_to_account_id), None
            )
            if target.in_reply_to_account_id == target.account.id:
                reply = Text("↪ ", META)
                reply.append_text(sentence(_("continues {who}"), META, who=_("a thread")))
                lines.extend(self._wrap(reply, width, bidi=layout.bidi))
            else:
                who = isolate("@" + one_line(mention.acct)) if mention else Text(_("a post"))
                reply = Text("↪ ", META)
                reply.append_text(sentence(_("in reply to {who}"), META, who=who))
                lines.extend(self._wrap(reply, width, bidi=layout.bidi))

        warnings = [f.title for f in target.filtered if f.action in ("warn", "blur")]
        hidden_reason: Text | None = None
        if warnings:
            title = isolate(one_line(", ".join(warnings)))
            hidden_reason = sentence(_("Filtered: {title}"), CW, title=title)
        elif target.spoiler_text:
            cw = isolate(one_line(target.spoiler_text, 500))
            hidden_reason = sentence(_("CW: {text}"), CW, text=cw)
        if hidden_reason is not None:
            # the whole sentence is wrapped, then reordered, in the interface's direction,
            # the remote text inside it as one run in its own
            lines.extend(self._wrap(Text("⚠ ", CW) + hidden_reason, width, bidi=layout.bidi))
        if hidden_reason and revealed == self.expand_content_warnings:
            hint = Text("  " + _("(hidden — press s to show)"), META)
            lines.extend(self._wrap(hint, width, bidi=layout.bidi))
            if translation is not None:  # the warning in the reader's language, not the text
                lines.extend(
                    translation_lines(target, translation, width, bidi=layout.bidi, text=False)
                )
        else:
            body = content_text(target)
            if body.plain:
                lines.extend(self._wrap(body.copy(), width, bidi=layout.bidi, base="own"))
            if translation is not None:
                lines.extend(translation_lines(target, translation, width, bidi=layout.bidi))
            if self.previews is not None and target.media_attachments and quote_depth == 0:
                shown = media_shown(target, revealed, self.expand_content_warnings)
                lines.extend(self.previews.lines(target, width, shown=shown, bidi=layout.bidi))
            for media in target.media_attachments:
                media_line = self._media(media, target.sensitive)
                lines.extend(self._wrap(media_line, width, bidi=layout.bidi))
            if target.poll is not None:
                lines.extend(self._poll(target.poll, width, layout))
            if target.quote is not None and quote_depth < 1:
                inner = self.status_lines(
                    target.quote,
                    Layout(
                        width - 2, layout.now, layout.bidi, layout.absolute_times, layout.local_host
                    ),
                    revealed=False,
                    quote_depth=quote_depth + 1,
                )
                for line in inner:
                    lines.append(Text("│ ", META) + line)
            if target.card is not None and target.card.title:
                card = Text("  🔗 ", META)
                card.append_text(isolate(one_line(target.card.title, 150), Style(bold=True)))
                url = safe_url(target.card.url)
                if url:  # the link alone: its span is laid out as one isolated run
                    card.append(" — ", META)
                    card.append(shorten_url(url), LINK + Style(link=url))
                lines.extend(self._wrap(card, width, bidi=layout.bidi))
        if quote_depth == 0:
            lines.append(self._counts(target, bidi=layout.bidi))
        return lines

    def render_status(
        self,
        status: Status,
        layout: Layout,
        *,
        revealed: bool = False,
        translation: Translation | None = None,
    ) -> list[Strip]:
        lines = self.status_lines(status, layout, revealed=revealed, translation=translation)
        return self._strips(lines, layout.width)

    def notification_lines(
        self,
        note: Notification,
        layout: Layout,
        *,
        revealed: bool = False,
        translation: Translation | None = None,
    ) -> list[Text]:
        """A notification: a line saying who did what, then the post it is about."""
        # The sentence takes the interface's direction; each name is one isolated run in
        # its own, so a Hebrew name does not turn an English sentence around.
        names = [isolate(display_name(a, bidi=False)) for a in note.accounts[:2]]
        who = Text(_(" and ")).join(names) if names else Text(_("Someone"))
        others = note.count - len(names)
        if others > 0:
            who = sentence(
                ngettext("{who} and {n} other", "{who} and {n} others", others),
                who=who,
                n=localize_digits(str(others)),
            )
        head = Text(NOTIFICATION_ICONS.get(note.type, "•") + " ", ON)
        kind = isolate(one_line(note.type, 40))
        head.append_text(sentence(notification_sentence(note.type), NAME, who=who, kind=kind))
        head.append(
            " · " + format_time(note.created_at, layout.now, absolute=layout.absolute_times), META
        )
        lines = self._wrap(head, layout.width, bidi=layout.bidi)
        if note.status is not None:
            inner = self.status_lines(
                note.status,
                Layout(
                    layout.width - 2,
                    layout.now,
                    layout.bidi,
                    layout.absolute_times,
                    layout.local_host,
                ),
                revealed=revealed,
                translation=translation,
            )
            lines.extend(Text("  ") + line for line in inner)
        elif note.account is not None and note.type in (
            "follow",
            "follow_request",
            "admin.sign_up",
        ):
            lines.append(Text("  " + handle(note.account, layout.local_host), HANDLE))
            if note.type == "follow_request":
                hint = Text("  " + _("press A to accept, X to reject"), META)
                lines.extend(self._wrap(hint, layout.width, bidi=layout.bidi))
        return lines

    def render_notification(
        self,
        note: Notification,
        layout: Layout,
        *,
        revealed: bool = False,
        translation: Translation | None = None,
    ) -> list[Strip]:
        lines = self.notification_lines(note, layout, revealed=revealed, translation=translation)
        return self._strips(lines, layout.width)

    def conversation_lines(
        self,
        conversation: Conversation,
        layout: Layout,
        *,
        revealed: bool = False,
        translation: Translation | None = None,
    ) -> list[Text]:
        """A direct conversation: who is in it and whether it is unread, then its last post."""
        shown = conversation.accounts[:3]
        # Each name is one isolated run in the interface's sentence (see notification_lines).
        names = [isolate(display_name(a, bidi=False)) for a in shown]
        who = Text(", ").join(names) if names else Text(_("only you"))
        others = len(conversation.accounts) - len(shown)
        if others > 0:
            who = sentence(
                ngettext("{who} and {n} other", "{who} and {n} others", others),
                who=who,
                n=localize_digits(str(others)),
            )
        head = Text("● " if conversation.unread else "✉ ", ON if conversation.unread else META)
        head.append_text(sentence(_("With {who}"), NAME, who=who))
        if conversation.unread:
            head.append(" · " + _("unread"), ON)
        lines = self._wrap(head, layout.width, bidi=layout.bidi)
        status = conversation.last_status
        if status is None:
            lines.append(Text("  " + _("No post left in this conversation."), META))
            return lines
        inner = self.status_lines(
            status,
            Layout(
                layout.width - 2, layout.now, layout.bidi, layout.absolute_times, layout.local_host
            ),
            revealed=revealed,
            translation=translation,
        )
        lines.extend(Text("  ") + line for line in inner)
        return lines

    def render_conversation(
        self,
        conversation: Conversation,
        layout: Layout,
        *,
        revealed: bool = False,
        translation: Translation | None = None,
    ) -> list[Strip]:
        lines = self.conversation_lines(
            conversation, layout, revealed=revealed, translation=translation
        )
        return self._strips(lines, layout.width)


NOTIFICATION_ICONS = {
    "mention": "@",
    "status": "✎",
    "reblog": "↻",
    "favourite": "★",
    "follow": "+",
    "follow_request": "?",
    "poll": "▥",
    "update": "✎",
    "admin.sign_up": "⚑",
    "admin.report": "⚑",
}


def notification_sentence(kind: str) -> str:
    """The sentence for a notification type, with ``{who}`` for the people (and ``{kind}``
    for the type itself when tootui does not know it)."""
    sentences: dict[str, Callable[[], str]] = {
        "mention": lambda: _("{who} mentioned you"),
        "status": lambda: _("{who} posted"),
        "reblog": lambda: _("{who} boosted your post"),
        "favourite": lambda: _("{who} favourited your post"),
        "follow": lambda: _("{who} followed you"),
        "follow_request": lambda: _("{who} asked to follow you"),
        "poll": lambda: _("A poll you voted in or created has ended"),
        "update": lambda: _("{who} edited a post you interacted with"),
        "admin.sign_up": lambda: _("{who} signed up"),
        "admin.report": lambda: _("{who} filed a report"),
        "quote": lambda: _("{who} quoted your post"),
        "annual_report": lambda: _("Your year in review is ready"),
        "severed_relationships": lambda: _("Some of your follow relationships were severed"),
        "moderation_warning": lambda: _("You received a moderation warning"),
    }
    maker = sentences.get(kind)
    return maker() if maker else _("{who}: {kind}")  # {kind}: the type as the server sent it
