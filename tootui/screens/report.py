"""Report an account (and a post) to the moderators: a category, a comment, and whether
to forward the report to the account's own server."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from tootui.api import Account, Status
from tootui.i18n import _
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.prompt import DIALOG_CSS

CATEGORIES = [
    ("spam", _("Spam")),
    ("other", _("Something else")),
]


@dataclass(frozen=True)
class ReportRequest:
    """What the reader chose in the report dialog."""

    category: str
    comment: str
    forward: bool
    status_ids: tuple[str, ...]


class ReportScreen(ModalScreen[ReportRequest | None]):
    """The report dialog. Ctrl+S sends, Esc cancels."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ReportScreen")
        + """
    ReportScreen RadioSet { width: 100%; }
    ReportScreen Input { margin-top: 1; }
    """
    )

    BINDINGS = [
        Binding("ctrl+s", "send", _("Send report"), priority=True, id="report.send"),
        Binding("escape", "cancel", _("Cancel"), id="report.cancel"),
    ]

    def __init__(self, account: Account, status: Status | None, *, local_host: str = "") -> None:
        super().__init__()
        self.account = account
        self.status = status
        self.local_host = local_host

    @property
    def remote(self) -> bool:
        return "@" in self.account.acct

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                Text(_("Report {who}").format(who=handle(self.account, self.local_host))),
                classes="title",
            )
            with RadioSet(id="category"):
                for index, (value, label) in enumerate(CATEGORIES):
                    yield RadioButton(
                        Text(label), value=index == len(CATEGORIES) - 1, id=f"cat-{value}"
                    )
            yield Input(placeholder=_("Comment for the moderators (optional)"), id="comment")
            if self.status is not None:
                yield Checkbox(Text(_("Include the selected post")), value=True, id="include")
            if self.remote:
                server = clean_text(self.account.acct.split("@", 1)[1], max_len=100)
                yield Checkbox(
                    Text(_("Also send an anonymous copy to {server}").format(server=server)),
                    value=False,
                    id="forward",
                )
            yield Static(Text(_("Tab: next field · Ctrl+S: send · Esc: cancel")), classes="hint")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    def action_send(self) -> None:
        radio = self.query_one(RadioSet)
        index = radio.pressed_index if radio.pressed_index >= 0 else len(CATEGORIES) - 1
        category = CATEGORIES[index][0]
        include = self.status is not None and self.query_one("#include", Checkbox).value
        forward = self.remote and self.query_one("#forward", Checkbox).value
        self.dismiss(
            ReportRequest(
                category=category,
                comment=self.query_one("#comment", Input).value.strip(),
                forward=forward,
                status_ids=(self.status.id,) if include and self.status is not None else (),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
