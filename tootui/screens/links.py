"""The links, mentions and hashtags of one post, to choose one and follow it.

A plain link shows its real destination (after ``safe_url``), not only the text the
post's author wrote for it, so a link cannot pretend to go somewhere else. On a hashtag,
``+`` follows or unfollows it without closing the dialog.

Messages it answers: ``TagToggled`` (its worker's result).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tootui.api import ApiError, Status, Tag
from tootui.context import bidi_enabled, session_of
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, isolate
from tootui.render.html import Link
from tootui.render.sanitize import clean_text, safe_url
from tootui.render.status import rendered_content
from tootui.screens.base import PassesFailures
from tootui.screens.prompt import DIALOG_CSS_PATH

if TYPE_CHECKING:
    from tootui.api import MastodonClient


def links_of(status: Status) -> list[Link]:
    """The post's links in reading order, then mentions and tags not linked in the text."""
    links = list(rendered_content(status).links)
    mentioned = {link.name for link in links if link.kind == "mention"}
    tagged = {link.name.lower() for link in links if link.kind == "hashtag"}
    for mention in status.mentions:
        if mention.acct not in mentioned:
            links.append(Link("mention", "@" + mention.acct, safe_url(mention.url), mention.acct))
    for tag in status.tags:
        if tag.name.lower() not in tagged:
            links.append(Link("hashtag", "#" + tag.name, safe_url(tag.url), tag.name))
    for media in status.media_attachments:  # opened in the browser, which shows any type
        url = safe_url(media.url or media.remote_url)
        if url:
            alt = clean_text(media.description or _("no description"), max_len=80)
            links.append(Link("url", f"{media.type}: {alt}", url))
    if status.card is not None and safe_url(status.card.url):
        if not any(link.url == safe_url(status.card.url) for link in links):
            links.append(
                Link("url", status.card.title or status.card.url, safe_url(status.card.url))
            )
    return links


def describe(link: Link) -> Text:
    """One line: what kind, the text, and for a plain link the real destination.

    The remote pieces are isolated (``tootui.render.display``): an Arabic tag or link text
    reads in its own direction inside the interface's line.
    """
    icon = {"url": "🔗", "mention": "@", "hashtag": "#"}[link.kind]
    line = Text(f"{icon} ", "bold")
    if link.kind == "url":
        line.append_text(isolate(clean_text(link.text, max_len=80)))
        line.append("  → ", "dim")
        if link.url:
            line.append_text(isolate(link.url, "underline"))
        else:
            line.append(_("(unsafe address, will not open)"), "underline")
    elif link.kind == "mention":
        line.append_text(isolate("@" + clean_text(link.name or link.text.lstrip("@"), max_len=120)))
        line.append("  " + _("profile"), "dim")
    else:
        line.append_text(isolate("#" + clean_text(link.name or link.text.lstrip("#"), max_len=100)))
        line.append("  " + _("hashtag timeline"), "dim")
    return line


@dataclass
class TagToggled(Message):
    """A hashtag was followed or unfollowed (``tag``), or the server refused (``error``)."""

    tag: Tag | None
    error: str = ""


class LinksScreen(PassesFailures, ModalScreen[Link | None]):
    """Choose one of a post's links; Enter follows it, Esc or q closes."""

    HELP_SECTION = HelpSection(N_("Links of a post"), 90)

    CSS_PATH = DIALOG_CSS_PATH
    DEFAULT_CLASSES = "dialog"
    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="links.close"),
        Binding("plus", "follow_tag", _("Follow/unfollow hashtag"), id="links.follow_tag"),
    ]

    def __init__(self, links: list[Link]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        bidi = bidi_enabled(self)
        with Vertical():
            yield Static(DisplayText(_("Links in this post"), enabled=bidi), classes="title")
            yield OptionList(
                *(
                    Option(DisplayText(describe(link), enabled=bidi), id=str(i))
                    for i, link in enumerate(self.links)
                ),
                id="links",
            )
            yield Static(
                DisplayText(
                    _(
                        "Enter: open a link (asks first), a profile or a hashtag · "
                        "+: follow/unfollow a hashtag · Esc: close"
                    ),
                    enabled=bidi,
                ),
                classes="hint",
                id="links-hint",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_follow_tag(self) -> None:
        """Follow or unfollow the highlighted hashtag (the dialog stays open)."""
        options = self.query_one("#links", OptionList)
        index = options.highlighted
        link = self.links[index] if index is not None and 0 <= index < len(self.links) else None
        session = session_of(self)
        if link is None or link.kind != "hashtag" or not link.name or session is None:
            self._hint(_("Choose a hashtag first."))
            return
        self._toggle(session.client, link.name)

    @work(thread=True, group="links", exclusive=True, exit_on_error=False)
    def _toggle(self, client: MastodonClient, name: str) -> None:
        from tootui.screens.followed_tags import toggle_tag_follow

        try:
            self.post_message(TagToggled(toggle_tag_follow(client, name)))
        except ApiError as error:
            self.post_message(TagToggled(None, str(error)))

    def on_tag_toggled(self, message: TagToggled) -> None:
        from tootui.screens.followed_tags import tag_followed_sentence

        if message.tag is None:
            self._hint(message.error)
        else:
            self._hint(tag_followed_sentence(message.tag))

    def _hint(self, text: str) -> None:
        hint = self.query_one("#links-hint", Static)
        hint.update(DisplayText(Text(text, "bold"), enabled=bidi_enabled(self)))
