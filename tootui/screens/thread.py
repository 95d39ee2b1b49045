"""A thread: the posts a post answers, the post itself, and the replies, indented by depth.

Pushed over the timeline it came from, so Esc/q pops it and the timeline is exactly as it
was (same widget, same selection, same scroll position).

Messages it answers: ``ThreadLoaded`` (its worker's result), and those of ``PostScreen``
(``tootui.screens.posts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Static

from tootui.api import Context, Status
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.render.display import DisplayText
from tootui.screens.posts import PostScreen
from tootui.screens.views import is_hidden, make_view
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.session import AccountSession

MAX_INDENT = 8  # deeper replies stay at this depth, so text keeps some width
GUIDE = Style(dim=True)


def reply_depths(root_id: str, posts: list[Status]) -> dict[str, int]:
    """Depth of each post below the thread's first post, from ``in_reply_to_id``.

    A post whose parent is not in the thread (deleted, not visible) is placed at depth 0.
    """
    by_id = {p.id: p for p in posts}
    depths: dict[str, int] = {}

    def depth(status: Status) -> int:
        seen: set[str] = set()
        chain: list[Status] = []
        current: Status | None = status
        while current is not None and current.id not in depths and current.id not in seen:
            seen.add(current.id)
            chain.append(current)
            parent_id = current.in_reply_to_id
            current = by_id.get(parent_id) if parent_id else None
        base = depths.get(current.id, -1) if current is not None else -1
        for offset, item in enumerate(reversed(chain), start=1):
            depths[item.id] = base + offset
        return depths[status.id]

    for post in posts:
        depth(post)
    return depths


@dataclass
class ThreadLoaded(Message):
    context: Context
    status: Status


class ThreadScreen(PostScreen):
    """One conversation around a post."""

    HELP_SECTION = HelpSection(N_("Thread"), 60)

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="thread.back"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="thread.reload"),
    ]

    def __init__(self, session: AccountSession, status: Status) -> None:
        super().__init__(session)
        self.status = status
        self.depths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        title = DisplayText(_("Thread"), enabled=bidi_enabled(self))
        yield Static(title, id="thread-title", classes="screen-title")
        yield make_view(self._render_post, "thread", empty_text=_("Loading the thread…"))
        yield StatusLine(id="statusline")
        yield Footer()

    CSS_PATH = "thread.tcss"

    @property
    def current_view(self) -> TimelineView[Any]:
        return self.view("thread")

    def on_mount(self) -> None:
        view = self.current_view
        view.set_entries([(self.status.id, self.status)])
        view.exhausted = True
        view.focus()
        self.action_reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_reload(self) -> None:
        self.say(_("Loading the thread…"))
        self._fetch_thread(self.status.id)

    @work(thread=True, exclusive=True, group="thread", exit_on_error=False)
    def _fetch_thread(self, status_id: str) -> None:
        client = self.session.client
        self.post_answer(
            lambda: ThreadLoaded(status=client.status(status_id), context=client.context(status_id))
        )

    def on_thread_loaded(self, message: ThreadLoaded) -> None:
        self.status = message.status
        posts = [
            p
            for p in (*message.context.ancestors, message.status, *message.context.descendants)
            if p.id == message.status.id or not is_hidden(p)
        ]
        root = posts[0].id if posts else message.status.id
        self.depths = reply_depths(root, posts)
        view = self.current_view
        view.set_entries([(p.id, p) for p in posts], select_key=message.status.id)
        view.exhausted = True
        n, m = len(message.context.ancestors), len(message.context.descendants)
        before = ngettext("{n} post before", "{n} posts before", n)
        after = ngettext("{n} reply", "{n} replies", m)
        self.say(
            _("{before}, {after}").format(
                before=before.format(n=localize_digits(str(n))),
                after=after.format(n=localize_digits(str(m))),
            )
        )

    def _render_post(self, status: Status, width: int, revealed: bool) -> list[Strip]:
        depth = min(self.depths.get(status.id, 0), MAX_INDENT)
        if depth == 0:
            return self.render_status(status, width, revealed)
        guide = Strip([Segment("│ " * depth, GUIDE)])
        inner = self.render_status(status, max(10, width - 2 * depth), revealed)
        return [Strip.join([guide, strip]) for strip in inner]
