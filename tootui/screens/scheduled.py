"""Your scheduled posts: when each is due (in local time, with its zone), who will see it,
its content warning and text; reschedule one (``e`` or Enter) or cancel it (``d``).

Pushed over the main screen by ``open_scheduled`` (``g s`` and the command palette). A
server without scheduled posts says so on the status line. Messages it answers:
``Listed`` (its worker's result), ``Rescheduled`` and ``Cancelled`` (answers to ``send``),
besides those of ``TimelineScreen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from tootui.api import ApiError, ScheduledPost
from tootui.clock import now
from tootui.compose_rules import (
    VISIBILITY_LABELS,
    format_schedule,
    read_schedule,
    schedule_question,
)
from tootui.context import bidi_enabled
from tootui.drafts import Draft, DraftStore
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.messages import Say
from tootui.render.display import DisplayText, laid_out_lines
from tootui.render.html import plain_to_text
from tootui.screens.prompt import ConfirmPrompt, TextPrompt
from tootui.screens.timelines import TimelineScreen
from tootui.screens.views import make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from datetime import datetime

    from tootui.screens.main import MainScreen

TEXT_LINES = 6  # lines of a post's text shown; the rest is cut short
KEY = "scheduled"


@dataclass
class Listed(Message):
    posts: list[ScheduledPost]


@dataclass
class Rescheduled(Message):
    post: ScheduledPost


@dataclass
class Cancelled(Message):
    post: ScheduledPost


def open_scheduled(main: MainScreen) -> None:
    """Your scheduled posts (``g s``)."""
    main.app.push_screen(ScheduledScreen(main.session))


class ScheduledScreen(TimelineScreen):
    """The signed-in account's scheduled posts, soonest first."""

    HELP_SECTION = HelpSection(N_("Scheduled posts"), 115)
    CSS_PATH = "scheduled.tcss"

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="scheduled.back"),
        Binding("e,enter", "reschedule", _("Reschedule"), id="scheduled.reschedule"),
        Binding("d", "cancel_post", _("Cancel post"), id="scheduled.cancel"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="scheduled.reload"),
    ]

    def compose(self) -> ComposeResult:
        title = DisplayText(_("Scheduled posts"), enabled=bidi_enabled(self))
        yield Static(title, classes="screen-title")
        yield make_view(self._render_post, KEY, empty_text=_("Loading your scheduled posts…"))
        yield StatusLine(id="statusline")
        yield Footer()

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view(KEY)

    def on_mount(self) -> None:
        self.current_view.exhausted = True  # one page: Mastodon keeps at most 300
        self.current_view.focus()
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    # --- loading ----------------------------------------------------------------------

    def action_reload(self) -> None:
        self.say(_("Loading your scheduled posts…"))
        self._fetch()

    @work(thread=True, exclusive=True, group="scheduled", exit_on_error=False)
    def _fetch(self) -> None:
        client = self.session.client
        try:
            posts = client.scheduled_posts()
        except ApiError as error:
            self.call_later(self._show_empty, str(error))  # a message: run on the UI thread
            self.post_message(Say(str(error), error=True))
            return
        self.post_message(Listed(posts))

    def _show_empty(self, text: str) -> None:
        view = self.current_view
        view.empty_text = text
        view.refresh()

    def on_listed(self, message: Listed) -> None:
        view = self.current_view
        view.empty_text = _("No scheduled posts. In the composer, ctrl+l schedules one.")
        view.set_entries([(post.id, post) for post in message.posts])
        count = len(message.posts)
        self.say(
            ngettext("{n} scheduled post.", "{n} scheduled posts.", count).format(
                n=localize_digits(str(count))
            )
        )

    # --- showing one ------------------------------------------------------------------

    def _render_post(self, post: ScheduledPost, width: int, revealed: bool) -> list[Strip]:
        bidi = bidi_enabled(self)
        current = now()
        head = Text()
        when = post.scheduled_at
        head.append(format_schedule(when, current) if when else _("(no time)"), "bold")
        head.append(" · " + VISIBILITY_LABELS.get(post.visibility, post.visibility), "dim")
        if post.media_count:
            attachments = ngettext("{n} attachment", "{n} attachments", post.media_count)
            head.append(" · " + attachments.format(n=localize_digits(str(post.media_count))), "dim")
        lines = laid_out_lines(head, width, enabled=bidi)
        if post.spoiler_text:
            warning = Text(_("CW:") + " ", Style(bold=True))
            warning.append_text(plain_to_text(post.spoiler_text, emoji_style=None))
            lines += laid_out_lines(warning, width, enabled=bidi, base="own")
        body = plain_to_text(post.text, multiline=True, emoji_style=None)
        text_lines = laid_out_lines(body, width, enabled=bidi, base="own")
        if len(text_lines) > TEXT_LINES:
            text_lines = [*text_lines[: TEXT_LINES - 1], Text("…", "dim")]
        return self._strips(lines + text_lines, width)

    def _strips(self, lines: list[Text], width: int) -> list[Strip]:
        console = self.app.console
        strips = []
        for line in lines:
            line.no_wrap = True
            line.overflow = "ellipsis"
            strips.append(Strip(list(line.render(console))).crop_extend(0, width, None))
        return strips

    def _selected(self) -> ScheduledPost | None:
        entry = self.current_view.current
        return entry.item if entry is not None else None

    # --- reschedule, cancel -----------------------------------------------------------

    def action_reschedule(self) -> None:
        post = self._selected()
        if post is None:
            return
        when = post.scheduled_at
        self._ask_time(post, when.astimezone().strftime("%Y-%m-%d %H:%M") if when else "")

    def _ask_time(self, post: ScheduledPost, typed: str, problem: str = "") -> None:
        def answered(value: str | None) -> None:
            if value is None:
                return
            when, problem = read_schedule(value, now())
            if when is None:  # asked again with what was typed, to correct it
                self._ask_time(post, value, problem)
            else:
                self._reschedule(post, when)

        self.app.push_screen(TextPrompt(schedule_question(now(), problem), value=typed), answered)

    def _reschedule(self, post: ScheduledPost, when: datetime) -> None:
        client = self.session.client
        self.say(_("Rescheduling…"))
        self.send(
            lambda: client.reschedule(post.id, when),
            _("Rescheduled for {time}.").format(time=format_schedule(when, now())),
            Rescheduled,
        )

    def on_rescheduled(self, message: Rescheduled) -> None:
        view = self.current_view
        posts = [entry.item for entry in view.entries]
        posts = [message.post if p.id == message.post.id else p for p in posts]
        posts.sort(key=lambda p: (p.scheduled_at is None, p.scheduled_at or 0))
        view.set_entries([(p.id, p) for p in posts], select_key=message.post.id)

    def action_cancel_post(self) -> None:
        post = self._selected()
        if post is None:
            return
        when = format_schedule(post.scheduled_at, now()) if post.scheduled_at else ""
        detail = plain_to_text(post.spoiler_text or post.text, max_len=200, emoji_style=None)
        client = self.session.client

        def answer(yes: bool | None) -> None:
            if yes:
                self.send(
                    lambda: client.cancel_scheduled(post.id),
                    "",
                    lambda _result: Cancelled(post),
                )

        question = _("Cancel the post scheduled for {time}?").format(time=when)
        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    def on_cancelled(self, message: Cancelled) -> None:
        post = message.post
        self.current_view.remove_entry(post.id)
        # What was written is not lost with the schedule: it waits among the drafts.
        draft = Draft(
            acct=self.session.acct,
            text=post.text,
            spoiler_text=post.spoiler_text,
            cw=bool(post.spoiler_text),
            visibility=post.visibility,
        )
        try:
            DraftStore().save(draft)
        except OSError:
            self.say(_("Cancelled: it will not be published."))
            return
        self.say(_("Cancelled: it will not be published. Its text is kept in your drafts (C)."))
