"""Asking before deleting one's own post: DeleteScreen.

Shows the question (delete, or delete and redraft) and, once answered with y, "Deleting…"
until the server answers; a failure is shown in its place, with y to try again. Answers
its own ``Done`` and ``Failed`` messages from the delete worker, and dismisses with the
deleted post (whose source text a redraft starts from) or None. Opened by
``tootui.screens.compose.confirm_delete``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from tootui.api import ApiError, Status
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.screens.base import PassesFailures

if TYPE_CHECKING:
    from tootui.session import AccountSession


class DeleteScreen(PassesFailures, ModalScreen[Status | None]):
    """Asks, then deletes one's own post; dismisses with the deleted post (for redraft)."""

    HELP_SECTION = HelpSection(N_("Deleting a post"), 130)
    CSS_PATH = "delete.tcss"

    BINDINGS = [
        Binding("y", "delete", _("Delete"), id="delete.yes"),
        Binding("n,escape", "cancel", _("Keep it"), id="delete.no"),
    ]

    @dataclass
    class Done(Message, bubble=False):
        status: Status

    @dataclass
    class Failed(Message, bubble=False):
        error: ApiError

    def __init__(self, session: AccountSession, status: Status, *, redraft: bool) -> None:
        super().__init__()
        self.session = session
        self.status = status
        self.redraft = redraft
        self.busy = False

    def compose(self) -> ComposeResult:
        question = (
            _("Delete this post and open it again as a new draft?")
            if self.redraft
            else _("Delete this post? This cannot be undone.")
        )
        text = Text(question + "\n\n")
        text.append("y", "bold")
        text.append(" " + _("delete") + "   ")
        text.append("n", "bold")
        text.append(" " + _("keep it"))
        yield Static(text, id="delete-question")

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)

    def action_delete(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.query_one("#delete-question", Static).update(Text(_("Deleting…")))
        self._delete()

    @work(thread=True, group="delete", exit_on_error=False)
    def _delete(self) -> None:
        try:
            deleted = self.session.client.delete(self.status.target.id)
        except ApiError as error:
            self.post_message(self.Failed(error))
            return
        self.post_message(self.Done(deleted))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A failure nobody expected (the app reports it as a bug): the question comes back,
        # so y tries again and n keeps the post, instead of "Deleting…" for ever.
        if event.state == WorkerState.ERROR and event.worker.group == "delete":
            self.busy = False
            text = Text(_("Could not delete the post.") + "\n\n", "bold red")
            text.append(_("y to try again, n to keep the post"))
            self.query_one("#delete-question", Static).update(text)

    def on_delete_screen_done(self, message: Done) -> None:
        self.dismiss(message.status)

    def on_delete_screen_failed(self, message: Failed) -> None:
        self.busy = False
        text = Text(str(message.error) + "\n\n", "bold red")
        text.append(_("y to try again, n to keep the post"))
        self.query_one("#delete-question", Static).update(text)
