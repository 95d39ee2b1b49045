"""Report an account (and a post) to the moderators: a category (for a broken rule, which
rules), a comment, and whether to forward the report to the account's own server.

It answers its worker's ``RulesLoaded`` and ``RulesFailed`` (the server's rules, asked for
when it opens) and the category's ``RadioSet.Changed`` (the rules show for "a broken rule");
it dismisses with a ``ReportRequest`` that the screen below sends.
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
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from tootui.api import Account, ApiError, Instance, Status
from tootui.api.entities import Rule
from tootui.context import bidi_enabled, session_of
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, display_line, isolate, sentence
from tootui.render.sanitize import clean_text
from tootui.render.status import handle
from tootui.screens.base import PassesFailures
from tootui.screens.prompt import DIALOG_CSS_PATH

if TYPE_CHECKING:
    from tootui.session import AccountSession

# Mastodon's report categories ("legal" since 4.2: an older server refuses it in its own
# words, which the status line then shows).
CATEGORIES = [
    ("spam", _("Spam")),
    ("legal", _("Illegal content")),
    ("violation", _("Breaks the server's rules")),
    ("other", _("Something else")),
]


@dataclass(frozen=True)
class ReportRequest:
    """What the reader chose in the report dialog."""

    category: str
    comment: str
    forward: bool
    status_ids: tuple[str, ...]
    rule_ids: tuple[str, ...] = ()


class ReportScreen(PassesFailures, ModalScreen[ReportRequest | None]):
    """The report dialog. Ctrl+S sends, Esc cancels."""

    HELP_SECTION = HelpSection(N_("Report"), 100)

    CSS_PATH = [DIALOG_CSS_PATH, "report.tcss"]
    DEFAULT_CLASSES = "dialog"

    BINDINGS = [
        Binding("ctrl+s", "send", _("Send report"), priority=True, id="report.send"),
        Binding("escape,q", "cancel", _("Cancel"), id="report.cancel"),
    ]

    @dataclass
    class RulesLoaded(Message, bubble=False):
        instance: Instance

    @dataclass
    class RulesFailed(Message, bubble=False):
        error: ApiError

    def __init__(
        self,
        account: Account,
        status: Status | None,
        *,
        local_host: str = "",
        session: AccountSession | None = None,
        previous: ReportRequest | None = None,
    ) -> None:
        super().__init__()
        self.previous = previous  # a report the server refused: shown again as it was
        self.account = account
        self.status = status
        self.local_host = local_host
        self._session = session
        self.rules: tuple[Rule, ...] | None = None  # None until the server's rules are known

    @property
    def session(self) -> AccountSession | None:
        """The account reporting: the one given, else the app's current account."""
        return self._session or session_of(self)

    @property
    def remote(self) -> bool:
        return "@" in self.account.acct

    @property
    def bidi(self) -> bool:
        """Whether tootui lays right-to-left text out itself (``TootUI.bidi``)."""
        return bidi_enabled(self)

    def compose(self) -> ComposeResult:
        bidi = self.bidi
        with Vertical():
            who = isolate(handle(self.account, self.local_host))
            yield Static(
                DisplayText(sentence(_("Report {who}"), who=who), enabled=bidi), classes="title"
            )
            previous = self.previous
            chosen = previous.category if previous else CATEGORIES[-1][0]
            with RadioSet(id="category"):
                for value, label in CATEGORIES:
                    yield RadioButton(
                        display_line(label, enabled=bidi), value=value == chosen, id=f"cat-{value}"
                    )
            yield SelectionList[str](id="rules")
            yield Input(
                previous.comment if previous else "",
                placeholder=_("Comment for the moderators (optional)"),
                id="comment",
            )
            if self.status is not None:
                include = bool(previous.status_ids) if previous else True
                yield Checkbox(
                    display_line(_("Include the selected post"), enabled=bidi),
                    value=include,
                    id="include",
                )
            if self.remote:
                server = isolate(clean_text(self.account.acct.split("@", 1)[1], max_len=100))
                forward = sentence(_("Also send an anonymous copy to {server}"), server=server)
                yield Checkbox(
                    display_line(forward, enabled=bidi),
                    value=bool(previous and previous.forward),
                    id="forward",
                )
            yield Static(id="report-problem")
            hint = _("Tab: next field · Ctrl+S: send · Esc: cancel")
            yield Static(DisplayText(hint, enabled=bidi), classes="hint")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self.query_one("#rules").set_class(self._category() == "violation", "-on")
        session = self.session
        if session is not None and session.instance is not None:
            self._show_rules(session.instance.rules)
        elif session is not None:
            self._fetch_rules(session)

    # --- the server's rules, for "breaks the server's rules" ---------------------------

    @work(thread=True, exclusive=True, group="report-rules", exit_on_error=False)
    def _fetch_rules(self, session: AccountSession) -> None:
        try:
            instance = session.client.instance()
        except ApiError as error:
            self.post_message(self.RulesFailed(error))
            return
        self.post_message(self.RulesLoaded(instance))

    def on_report_screen_rules_loaded(self, message: RulesLoaded) -> None:
        session = self.session
        if session is not None and session.instance is None:
            session.instance = message.instance  # the limits are useful elsewhere too
        self._show_rules(message.instance.rules)

    def on_report_screen_rules_failed(self, message: RulesFailed) -> None:
        self.rules = ()
        if self._category() == "violation":
            self._problem(str(message.error))

    def _show_rules(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        chooser = self.query_one("#rules", SelectionList)
        chooser.clear_options()
        ticked = set(self.previous.rule_ids) if self.previous else set()
        texts = [clean_text(rule.text, max_len=300) for rule in rules]
        chooser.add_options(
            [
                Selection(Text(text), rule.id, rule.id in ticked)
                for text, rule in zip(texts, rules, strict=True)
            ]
        )
        # A Selection's prompt becomes plain content cut to one line; a rule is laid out at
        # the list's width instead, so a long right-to-left rule wraps in reading order.
        for index, text in enumerate(texts):
            chooser.replace_option_prompt_at_index(
                index, DisplayText(isolate(text), enabled=self.bidi)
            )
        if rules:
            chooser.highlighted = 0

    def _category(self) -> str:
        radio = self.query_one(RadioSet)
        index = radio.pressed_index if radio.pressed_index >= 0 else len(CATEGORIES) - 1
        return CATEGORIES[index][0]

    def _problem(self, text: str) -> None:
        self.query_one("#report-problem", Static).update(DisplayText(text, enabled=self.bidi))

    @on(RadioSet.Changed)
    def _category_changed(self) -> None:
        violation = self._category() == "violation"
        self.query_one("#rules").set_class(violation, "-on")
        self._problem("")
        if violation and self.rules == ():
            self._problem(_("This server has published no rules; choose another category."))

    # --- answering ---------------------------------------------------------------------

    def action_send(self) -> None:
        category = self._category()
        rule_ids: tuple[str, ...] = ()
        if category == "violation":
            if not self.rules:
                self._problem(
                    _("This server has published no rules; choose another category.")
                    if self.rules == ()
                    else _("Still loading the server's rules…")
                )
                return
            chosen = set(self.query_one("#rules", SelectionList).selected)
            rule_ids = tuple(rule.id for rule in self.rules if rule.id in chosen)
            if not rule_ids:
                self._problem(_("Tick the rule or rules it breaks (Space ticks)."))
                self.query_one("#rules").focus()
                return
        include = self.status is not None and self.query_one("#include", Checkbox).value
        forward = self.remote and self.query_one("#forward", Checkbox).value
        self.dismiss(
            ReportRequest(
                category=category,
                comment=self.query_one("#comment", Input).value.strip(),
                forward=forward,
                status_ids=(self.status.id,) if include and self.status is not None else (),
                rule_ids=rule_ids,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
