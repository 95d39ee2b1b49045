"""A profile: who someone is, how you are related, and their posts.

The header (name, handle, bio, fields, featured hashtags, counts, relationship) sits above a ``TimelineView``
of their posts, paged like any timeline. Follow, mute and block are keys; the ones that
are hard to undo ask first; ``P`` opens their followers and whom they follow.

Messages it answers: ``ProfileLoaded`` and ``RelationshipChanged`` (its workers' results),
and those of ``PostScreen`` (``tootui.screens.posts``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from tootui.api import Account, ApiError, FeaturedTag, Relationship, TimelineSource
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.messages import Say
from tootui.render.display import Base, DisplayText, isolate, sentence
from tootui.render.html import plain_to_text, render_html
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.posts import PostScreen
from tootui.screens.prompt import ConfirmPrompt
from tootui.screens.views import ViewSpec, make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.screens.timelines import TimelineScreen
    from tootui.session import AccountSession


@dataclass
class ProfileLoaded(Message):
    account: Account
    relationship: Relationship | None
    featured: tuple[FeaturedTag, ...] = ()


@dataclass
class RelationshipChanged(Message):
    relationship: Relationship


def relationship_words(rel: Relationship | None, *, is_me: bool = False) -> str:
    """The relationship in plain words: "You follow them · Follows you"."""
    if is_me:
        return _("This is you")
    if rel is None:
        return ""
    words = []
    if rel.following:
        words.append(_("You follow them"))
    elif rel.requested:
        words.append(_("Follow requested"))
    if rel.followed_by:
        words.append(_("Follows you"))
    if rel.muting:
        words.append(_("Muted"))
    if rel.blocking:
        words.append(_("Blocked"))
    if rel.domain_blocking:
        words.append(_("Server blocked"))
    return " · ".join(words) or _("Not connected")


def follow_or_unfollow(
    screen: TimelineScreen,
    account: Account,
    rel: Relationship | None,
    answered: Callable[[Relationship], Message | None],
) -> None:
    """``F`` on an account (a profile, a row of followers): unfollow or withdraw a request
    after asking, else follow; ``answered`` turns the new relationship into a message."""
    client = screen.session.client
    who = "@" + clean_text(account.acct, max_len=120)
    if rel is not None and (rel.following or rel.requested):
        question = (
            _("Unfollow {who}?") if rel.following else _("Withdraw your request to follow {who}?")
        )

        def answer(yes: bool | None) -> None:
            if yes:
                done = _("Unfollowed {who}.").format(who=who)
                screen.send(lambda: client.unfollow(account.id), done, answered)

        screen.app.push_screen(ConfirmPrompt(question.format(who=who)), answer)
        return

    def followed(r: Relationship) -> Message | None:
        if r.requested and not r.following:
            screen.post_message(Say(_("Asked to follow {who}.").format(who=who)))
        return answered(r)

    screen.send(lambda: client.follow(account.id), _("Following {who}.").format(who=who), followed)


def profile_text(
    account: Account,
    rel: Relationship | None,
    local_host: str,
    *,
    is_me: bool = False,
    bidi: bool = False,
    featured: tuple[FeaturedTag, ...] = (),
) -> DisplayText:
    """The profile header, laid out for the screen (``tootui.render.display``).

    tootui's lines (name and badges, counts, relationship) take the interface's direction,
    with the name and each field an isolated run in its own; the bio is laid out like a
    post's text, each paragraph in its own direction.
    """
    emojis = [e.shortcode for e in account.emojis]
    head = isolate(plain_to_text(account.name, emojis=emojis, style=None, max_len=100))
    head.stylize("bold", 0, len(head))
    head.append("  ")
    head.append_text(isolate(handle(account, local_host), "dim"))
    badges = []
    if account.bot:
        badges.append(_("bot"))
    if account.group:
        badges.append(_("group"))
    if account.locked:
        badges.append(_("approves followers"))
    if badges:
        head.append("  [" + ", ".join(badges) + "]", "yellow")
    blocks: list[tuple[Text, Base]] = [(head, "interface")]
    if account.moved is not None:
        moved = isolate(handle(account.moved, local_host))
        blocks.append((sentence(_("Has moved to {who}"), "yellow", who=moved), "interface"))
    bio = render_html(account.note, emojis=emojis).text
    if bio.plain.strip():
        blocks.append((bio, "own"))
    for field in account.fields[:8]:
        line = isolate(clean_text(field.name, max_len=60), "bold")
        line.append(": ", "bold")
        line.append_text(isolate(render_html(field.value, emojis=emojis, max_len=300).text))
        if field.verified_at is not None:
            line.append(" ✓", "green")
        blocks.append((line, "interface"))
    if featured:
        # remote names, each one isolated run: an Arabic tag keeps its own order
        tags = Text(" ").join(
            isolate("#" + clean_text(tag.name, max_len=60), "bold") for tag in featured[:10]
        )
        blocks.append((sentence(_("Featured hashtags: {tags}"), tags=tags), "interface"))
    counts = [
        ngettext("{n} post", "{n} posts", account.statuses_count).format(
            n=localize_digits(str(account.statuses_count))
        ),
        ngettext("{n} following", "{n} following", account.following_count).format(
            n=localize_digits(str(account.following_count))
        ),
        ngettext("{n} follower", "{n} followers", account.followers_count).format(
            n=localize_digits(str(account.followers_count))
        ),
    ]
    blocks.append((Text(" · ".join(counts), "dim"), "interface"))
    words = relationship_words(rel, is_me=is_me)
    if words:
        blocks.append((Text(words, "bold cyan"), "interface"))
    return DisplayText(*blocks, enabled=bidi)


class ProfileScreen(PostScreen):
    """Someone's profile and posts."""

    HELP_SECTION = HelpSection(N_("Profile"), 70)

    CSS_PATH = "profile.tcss"

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="profile.back"),
        Binding("F", "follow", _("Follow/unfollow"), id="profile.follow"),
        Binding("W", "mention", _("Mention (write to them)"), id="profile.mention"),
        Binding("P", "follows", _("Followers/following"), id="profile.follows"),
        Binding("M", "mute_author", _("Mute/unmute"), id="profile.mute"),
        Binding("ctrl+x", "block_author", _("Block/unblock"), id="profile.block"),
        Binding("exclamation_mark", "report", _("Report"), show=False, id="profile.report"),
        Binding("L", "add_to_lists", _("Add to list…"), show=False, id="profile.lists"),
        Binding("full_stop,R", "refresh", _("Load newer"), show=False, id="profile.refresh"),
        Binding("E", "edit_profile", _("Edit profile"), id="profile.edit"),
    ]

    def __init__(self, session: AccountSession, account: Account) -> None:
        super().__init__(session)
        self.account = account
        self.relationship: Relationship | None = None
        self.featured: tuple[FeaturedTag, ...] = ()
        self.views = {
            "account": ViewSpec("account", account.acct, TimelineSource("account", account.id))
        }

    @property
    def is_me(self) -> bool:
        me = self.session.me
        return me is not None and me.id == self.account.id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="profile-header"):
            yield Static(self._header(), id="profile-text")
        yield make_view(self.render_status, "account", empty_text=_("Loading…"))
        yield StatusLine(id="statusline")
        yield Footer()

    def _header(self) -> DisplayText:
        return profile_text(
            self.account,
            self.relationship,
            self.session.host,
            is_me=self.is_me,
            bidi=bidi_enabled(self),
            featured=self.featured,
        )

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view("account")

    def on_mount(self) -> None:
        self.current_view.focus()
        self.loaded.add("account")
        self.load("account", "replace")
        self._fetch_profile(self.account.id)

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def _fetch_profile(self, account_id: str) -> None:
        client = self.session.client

        def featured() -> tuple[FeaturedTag, ...]:
            try:
                return tuple(client.featured_tags(account_id))
            except ApiError:
                return ()  # a server without them, or a refusal: the profile shows without

        self.post_answer(
            lambda: ProfileLoaded(
                client.account(account_id), client.relationship(account_id), featured()
            )
        )

    def on_profile_loaded(self, message: ProfileLoaded) -> None:
        self.account = message.account
        self.relationship = message.relationship
        self.featured = message.featured
        self._redraw()

    def on_relationship_changed(self, message: RelationshipChanged) -> None:
        self.relationship = message.relationship
        self._redraw()

    def _redraw(self) -> None:
        self.query_one("#profile-text", Static).update(self._header())

    def relationship_changed(self, account: Account, relationship: Any) -> Message | None:
        if account.id == self.account.id and isinstance(relationship, Relationship):
            return RelationshipChanged(relationship)
        return None

    # --- keys ----------------------------------------------------------------------------

    def _who(self) -> str:
        return "@" + clean_text(self.account.acct, max_len=120)

    def action_follows(self) -> None:
        """Their followers and whom they follow."""
        from tootui.screens.follows import open_follows

        open_follows(self, self.session, self.account)

    def action_mention(self) -> None:
        """A new post that starts with their handle (the cursor after it)."""
        from tootui.screens.compose import open_mention

        open_mention(self, self.session, self.account.acct)

    def _send_relationship(
        self,
        call: Callable[[str], Relationship],
        done: str,
        reply: Callable[[Relationship], Message | None] | None = None,
    ) -> None:
        """``call`` the server about this account; say ``done`` (``{who}``: their handle)
        and show the relationship it answers (``reply`` instead, when given)."""
        account = self.account
        self.send(
            lambda: call(account.id),
            done.format(who=self._who()),
            reply or partial(self.relationship_changed, account),
        )

    def action_follow(self) -> None:
        if not self.is_me:
            account = self.account
            follow_or_unfollow(
                self, account, self.relationship, partial(self.relationship_changed, account)
            )

    def action_mute_author(self) -> None:
        if self.is_me:
            return
        if self.relationship is not None and self.relationship.muting:
            self._send_relationship(self.session.client.unmute, _("Unmuted {who}."))
        else:
            self.mute_account(self.account)

    def action_block_author(self) -> None:
        if self.is_me:
            return
        if self.relationship is not None and self.relationship.blocking:
            self._send_relationship(self.session.client.unblock, _("Unblocked {who}."))
        else:
            self.block_account(self.account)

    def action_add_to_lists(self) -> None:
        """Your lists, marked where they are on one; Enter puts them on or takes them off."""
        from tootui.screens.lists import add_to_lists

        if not self.is_me:
            add_to_lists(self, self.account)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only your own profile can be edited: the key is not offered on anyone else's.
        return self.is_me if action == "edit_profile" else True

    def action_edit_profile(self) -> None:
        """The form that edits your own profile (``tootui.screens.profile_edit``)."""
        from tootui.screens.profile_edit import ProfileEditScreen

        self.app.push_screen(ProfileEditScreen(self.session))

    def action_report(self) -> None:
        if self.is_me:
            return
        status = self.selected_status()
        if status is not None and status.target.account.id != self.account.id:
            status = None
        self.report_account(self.account, status.target if status is not None else None)
