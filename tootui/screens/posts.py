"""The keys that act on the selected post, shared by every screen that lists posts.

``PostScreen`` is the base of the main screen, a thread and a profile (it shows nothing of
its own; paging and the status line come from ``TimelineScreen``): boost, favourite and
bookmark (shown at once, undone if the server refuses), reply, edit and delete, the
post's thread and author, its links and web address, polls, and muting, blocking and
reporting its author, translating it (``tootui.screens.translating``).

Messages it answers: ``StatusChanged`` (a new version of a post from the server), besides
those of ``TimelineScreen``. Where a key leads to another screen, it asks the app
(``tootui.screens.navigation``).
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from tootui.api import Account, ApiError, Notification, Status
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.messages import Say, ShowAccount, StatusChanged
from tootui.render.plain import post_as_plain
from tootui.render.sanitize import clean_text, safe_url
from tootui.screens.navigation import show_hashtag, show_profile, show_thread
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, MultiChoicePrompt
from tootui.screens.translating import TranslatingScreen
from tootui.screens.views import status_of
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.render.html import Link
    from tootui.screens.report import ReportRequest
    from tootui.session import AccountSession


def browse(url: str) -> str | None:
    """Hand ``url`` to the browser (it may block: call it in a worker); None, or why not."""
    try:
        opened = webbrowser.open(url)
    except webbrowser.Error as error:
        return str(error)
    return None if opened else _("No browser could open {url}").format(url=url)


class PostScreen(TranslatingScreen):
    """A screen of timelines whose selected post the keys act on."""

    HELP_SECTION = HelpSection(N_("On the selected post"), 40)

    BINDINGS = [
        Binding("enter,t", "thread", _("Thread"), id="status.thread"),
        Binding("a", "author", _("Author"), id="status.author"),
        Binding("b", "boost", _("Boost"), id="status.boost"),
        Binding("f", "favourite", _("Favourite"), id="status.favourite"),
        Binding("B", "bookmark", _("Bookmark"), id="status.bookmark"),
        Binding("r", "reply", _("Reply"), id="status.reply"),
        Binding("Q", "quote", _("Quote"), show=False, id="status.quote"),
        Binding("e", "edit_post", _("Edit"), show=False, id="status.edit"),
        Binding("d", "delete_post", _("Delete"), show=False, id="status.delete"),
        Binding("D", "redraft_post", _("Delete & redraft"), show=False, id="status.redraft"),
        Binding("o", "links", _("Links"), id="status.links"),
        Binding("v", "view_media", _("View media"), show=False, id="status.media"),
        Binding("O", "open_in_browser", _("Open in browser"), show=False, id="status.browser"),
        Binding("y", "copy_link", _("Copy link"), show=False, id="status.copy_link"),
        Binding("Y", "copy_text", _("Copy text"), show=False, id="status.copy_text"),
        Binding("V", "vote", _("Vote in poll"), show=False, id="status.vote"),
        Binding("M", "mute_author", _("Mute author"), show=False, id="status.mute_author"),
        Binding("ctrl+x", "block_author", _("Block author"), show=False, id="status.block_author"),
        Binding("m", "mute_conversation", _("Mute conversation"), show=False, id="status.mute"),
        Binding("K", "mute_word", _("Mute a word"), show=False, id="status.mute_word"),
        Binding("exclamation_mark", "report", _("Report"), show=False, id="status.report"),
        Binding("i", "translate", _("Translate"), show=False, id="status.translate"),
        Binding("T", "toggle_times", _("Absolute times"), show=False, id="view.absolute_times"),
        Binding("slash", "search", _("Search"), id="app.search"),
        Binding("ctrl+r", "retry_now", _("Retry now"), show=False, id="timeline.retry"),
    ]

    # --- boost, favourite, bookmark ----------------------------------------------------

    def _toggle(self, attribute: str, word_on: str, word_off: str) -> None:
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        new_state = not getattr(target, attribute)
        self.apply_flag_everywhere(target.id, attribute, new_state)  # instant feedback
        self.say(word_on if new_state else word_off)
        self._send_toggle(target.id, attribute, new_state)

    def apply_flag_everywhere(self, status_id: str, attribute: str, state: bool) -> None:
        """Show a flag on every open screen's copy of the post."""
        for screen in self.app.screen_stack:
            if isinstance(screen, PostScreen):
                screen._apply_flag(status_id, attribute, state)

    def _apply_flag(self, status_id: str, attribute: str, state: bool) -> None:
        counters = {"reblogged": "reblogs_count", "favourited": "favourites_count"}
        for view in self.query(TimelineView):
            for entry in list(view.entries):
                item = entry.item
                status = status_of(item)
                if status is None or status.target.id != status_id:
                    continue
                target = status.target
                if getattr(target, attribute) == state:
                    continue
                changes: dict[str, Any] = {attribute: state}
                if attribute in counters:
                    count = getattr(target, counters[attribute]) + (1 if state else -1)
                    changes[counters[attribute]] = max(0, count)
                new_target = replace(target, **changes)
                new_status = (
                    replace(status, reblog=new_target) if status.reblog is not None else new_target
                )
                if isinstance(item, Notification):
                    view.replace(entry.key, replace(item, status=new_status))
                else:
                    view.replace(entry.key, new_status)

    @work(thread=True, group="actions", exit_on_error=False)
    def _send_toggle(self, status_id: str, attribute: str, state: bool) -> None:
        client = self.session.client
        calls = {
            "reblogged": client.boost,
            "favourited": client.favourite,
            "bookmarked": client.bookmark,
        }
        try:
            calls[attribute](status_id, state)
        except ApiError as error:
            # undone on the UI thread (a message), before the sentence that says why
            self.call_later(self.apply_flag_everywhere, status_id, attribute, not state)
            self.post_message(Say(str(error), error=True))

    def action_boost(self) -> None:
        self._toggle("reblogged", _("Boosted."), _("Boost removed."))

    def action_favourite(self) -> None:
        self._toggle("favourited", _("Favourited."), _("Favourite removed."))

    def action_bookmark(self) -> None:
        self._toggle("bookmarked", _("Bookmarked."), _("Bookmark removed."))

    # --- reply, edit, delete -------------------------------------------------------------

    def action_reply(self) -> None:
        """Reply to the selected post."""
        from tootui.screens.compose import open_reply

        self._with_selected(open_reply)

    def action_quote(self) -> None:
        """Quote the selected post, if its author's policy allows it."""
        from tootui.screens.compose import open_quote

        self._with_selected(open_quote)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Quoting is offered only for posts from servers that have quote posts.
        if action == "quote":
            status = self.selected_status() if self.is_mounted else None
            # getattr: a post cached before quote policies were read has no such slot
            return status is not None and getattr(status.target, "quote_approval", None) is not None
        return True

    def action_edit_post(self) -> None:
        """Edit the selected post (your own)."""
        from tootui.screens.compose import open_edit

        self._with_selected(open_edit)

    def action_delete_post(self) -> None:
        """Delete the selected post (your own), after asking."""
        from tootui.screens.compose import confirm_delete

        self._with_selected(confirm_delete)

    def action_redraft_post(self) -> None:
        """Delete the selected post and open its text as a new draft, after asking."""
        from tootui.screens.compose import confirm_delete

        self._with_selected(partial(confirm_delete, redraft=True))

    def _with_selected(
        self, entry_point: Callable[[Screen[Any], AccountSession, Status], object]
    ) -> None:
        """Open one of the composer's entry points on the selected post, if there is one."""
        if (status := self.selected_status()) is not None:
            entry_point(self, self.session, status)

    def on_status_changed(self, message: StatusChanged) -> None:
        for view in self.query(TimelineView):
            if view.index_of(message.status.id) is not None:
                view.replace(message.status.id, message.status)

    # --- going places ------------------------------------------------------------------

    def action_thread(self) -> None:
        status = self.selected_status()
        if status is not None:
            show_thread(self.app, self.session, status)
        else:
            self.action_author()  # a follow (or sign-up) notification: who it is about

    def action_author(self) -> None:
        entry = self.current_view.current
        if entry is None:
            return
        item = entry.item
        if isinstance(item, Notification) and item.status is None:
            account = item.account
        else:
            status = status_of(item)
            account = status.target.account if status is not None else None
        if account is not None:
            show_profile(self.app, self.session, account)

    def action_search(self) -> None:
        from tootui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.session))

    def action_links(self) -> None:
        from tootui.screens.links import LinksScreen, links_of

        status = self.selected_status()
        if status is None:
            return
        links = links_of(status.target)
        if not links:
            self.say(_("This post has no links, mentions or tags."))
            return

        def chosen(link: Link | None) -> None:
            if link is not None:
                self.follow_link(status.target, link)

        self.app.push_screen(LinksScreen(links), chosen)

    def follow_link(self, status: Status, link: Link) -> None:
        if link.kind == "hashtag" and link.name:
            show_hashtag(self.app, link.name)
        elif link.kind == "mention":
            mention = next(
                (m for m in status.mentions if m.url == link.url or m.acct == link.name), None
            )
            client = self.session.client
            session = self.session
            # the account found is shown by the app (the message bubbles up to it)
            if mention is not None:
                mention_id = mention.id
                self.send(lambda: client.account(mention_id), "", partial(ShowAccount, session))
            elif link.name:
                name = link.name
                self.send(lambda: client.lookup(name), "", partial(ShowAccount, session))
        elif link.url:
            self.confirm_open(link.url)

    def confirm_open(self, url: str) -> None:
        """Open an http(s) address in the browser after showing where it really goes."""
        real = safe_url(url)
        if real is None:
            self.say(_("Only http and https addresses are opened."), error=True)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.open_url(real)

        self.app.push_screen(
            ConfirmPrompt(_("Open this address in your browser?"), detail=Text(real)), answer
        )

    def open_url(self, url: str) -> None:
        self.say(_("Opening {url}").format(url=url))
        self._browse(url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _browse(self, url: str) -> None:
        if (problem := browse(url)) is not None:
            self.post_message(Say(problem, error=True))

    def _post_url(self) -> str | None:
        status = self.selected_status()
        if status is None:
            return None
        return safe_url(status.target.url) or safe_url(status.target.uri)

    def action_open_in_browser(self) -> None:
        url = self._post_url()
        if url is None:
            self.say(_("This post has no web address."), error=True)
            return
        self.open_url(url)

    def action_view_media(self) -> None:
        """The selected post's pictures, videos and audio, full-screen."""
        from tootui.screens.media_viewer import MediaViewerScreen

        status = self.selected_status()
        if status is None:
            return
        if not status.target.media_attachments:
            self.say(_("This post has no media."))
            return
        self.app.push_screen(MediaViewerScreen(status.target))

    def action_copy_link(self) -> None:
        url = self._post_url()
        if url is None:
            self.say(_("This post has no web address."), error=True)
            return
        self.app.copy_to_clipboard(url)
        self.say(_("Copied {url}").format(url=url))

    def action_copy_text(self) -> None:
        """The post's words as plain text (its content warning first), for pasting
        elsewhere: mentions and hashtags as words, links as whole addresses."""
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        text = post_as_plain(target.content, target.spoiler_text)
        if not text:
            self.say(_("This post has no text."))
            return
        self.app.copy_to_clipboard(text)
        self.say(_("Copied the post's text."))

    # --- polls -------------------------------------------------------------------------

    def action_vote(self) -> None:
        status = self.selected_status()
        poll = status.target.poll if status is not None else None
        if status is None or poll is None:
            self.say(_("This post has no poll."))
            return
        if poll.expired:
            self.say(_("This poll has ended."))
            return
        if poll.voted:
            self.say(_("You have already voted in this poll."))
            return
        titles = [clean_text(option.title, max_len=200) for option in poll.options]
        target = status.target
        client = self.session.client

        def vote(choices: list[int] | None) -> None:
            if not choices or poll is None:
                return
            poll_id = poll.id
            self.send(
                lambda: client.vote(poll_id, choices),
                _("Vote sent."),
                lambda new_poll: StatusChanged(replace(target, poll=new_poll)),
            )

        if poll.multiple:
            self.app.push_screen(MultiChoicePrompt(_("Vote (several choices)"), titles), vote)
        else:
            self.app.push_screen(
                ChoicePrompt(_("Vote"), [(str(i), t) for i, t in enumerate(titles)]),
                lambda value: vote([int(value)] if value is not None else None),
            )

    # --- moderation --------------------------------------------------------------------

    def _author(self) -> Account | None:
        status = self.selected_status()
        return status.target.account if status is not None else None

    def confirm_then(self, question: str, detail: str, then: Callable[[], object]) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    def relationship_changed(self, account: Account, relationship: Any) -> Message | None:
        """A hook for screens that show a relationship (the profile)."""
        return None

    def _confirm_relation(
        self,
        account: Account,
        call: Callable[[str], Any],
        question: str,
        detail: str,
        done: str,
    ) -> None:
        """Ask ``question`` about ``account``, then ``call`` the server and say ``done``."""
        who = "@" + clean_text(account.acct, max_len=120)
        self.confirm_then(
            question.format(who=who),
            detail,
            lambda: self.send(
                lambda: call(account.id),
                done.format(who=who),
                lambda rel: self.relationship_changed(account, rel),
            ),
        )

    def mute_account(self, account: Account) -> None:
        self._confirm_relation(
            account,
            self.session.client.mute,
            _("Mute {who}?"),
            _("Their posts and notifications will be hidden from you."),
            _("Muted {who}."),
        )

    def block_account(self, account: Account) -> None:
        self._confirm_relation(
            account,
            self.session.client.block,
            _("Block {who}?"),
            _("They will not be able to follow you or see your posts."),
            _("Blocked {who}."),
        )

    def action_mute_author(self) -> None:
        account = self._author()
        if account is not None:
            self.mute_account(account)

    def action_block_author(self) -> None:
        account = self._author()
        if account is not None:
            self.block_account(account)

    def action_mute_conversation(self) -> None:
        status = self.selected_status()
        if status is None:
            return
        target = status.target
        client = self.session.client
        on_now = not target.muted
        self.send(
            lambda: client.mute_conversation(target.id, on_now),
            _("Conversation muted.") if on_now else _("Conversation unmuted."),
            lambda new: (
                StatusChanged(replace(status, muted=new.muted)) if status.reblog is None else None
            ),
        )

    def action_mute_word(self) -> None:
        """Hide a word, or one of the post's hashtags, everywhere (a new filter)."""
        from tootui.screens.filters import mute_word

        mute_word(self, self.selected_status())

    def report_account(
        self, account: Account, status: Status | None, previous: ReportRequest | None = None
    ) -> None:
        """The report dialog; a report the server refuses comes back as it was written."""
        from tootui.screens.report import ReportScreen

        client = self.session.client

        def send(request: ReportRequest | None) -> None:
            if request is None:
                return
            self.send(
                lambda: client.report(
                    account.id,
                    status_ids=request.status_ids,
                    comment=request.comment,
                    category=request.category,
                    forward=request.forward,
                    rule_ids=request.rule_ids,
                ),
                _("Report sent to the moderators."),
                failed=lambda: self.report_account(account, status, request),
            )

        dialog = ReportScreen(account, status, local_host=self.session.host, previous=previous)
        self.app.push_screen(dialog, send)

    def action_report(self) -> None:
        status = self.selected_status()
        if status is not None:
            self.report_account(status.target.account, status.target)

    # --- display -----------------------------------------------------------------------

    def action_translate(self) -> None:
        """The selected post translated by the server (again: the original)."""
        self.toggle_translation()

    def action_toggle_times(self) -> None:
        """Absolute or relative times, for this session (not saved)."""
        app = self.tootui
        app.config = replace(app.config, absolute_times=not app.config.absolute_times)
        for screen in self.app.screen_stack:
            for view in screen.query(TimelineView):
                view.invalidate()
        self.say(_("Absolute times.") if app.config.absolute_times else _("Relative times."))
