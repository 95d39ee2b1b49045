"""Make or change a filter: its title, keywords, places, action and expiry; Ctrl+S saves.

Keywords are typed in the box under the list (Enter adds one); in the list, Space turns
"whole word" on or off, ``e`` puts a keyword back in the box to change it and Delete
removes it. Saving a new filter is one call; saving a changed one is the filter, then
each keyword removed, added or changed. If the server refuses any of it the form stays
as typed with the server's sentence on it, and what did reach the server is remembered,
so Ctrl+S again sends only the rest.

Messages it answers: ``FilterSaved`` and ``SaveFailed`` (its worker's results).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from tootui.api import ApiError, Filter
from tootui.api.client.filters import UNCHANGED
from tootui.api.entities import FILTER_CONTEXTS, FilterAction
from tootui.context import bidi_enabled
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.render.display import DisplayText, display_line, isolate
from tootui.render.sanitize import clean_text
from tootui.screens.base import TootScreen
from tootui.screens.filters import action_name, context_name, expiry_text
from tootui.screens.prompt import ConfirmPrompt
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tootui.api import MastodonClient
    from tootui.api.entities import Instance
    from tootui.session import AccountSession

NEVER = 0
KEEP = -1  # an existing filter's expiry, unchanged
EXPIRIES = [
    (NEVER, N_("Never")),
    (30 * 60, N_("30 minutes")),
    (60 * 60, N_("1 hour")),
    (6 * 60 * 60, N_("6 hours")),
    (12 * 60 * 60, N_("12 hours")),
    (24 * 60 * 60, N_("1 day")),
    (7 * 24 * 60 * 60, N_("1 week")),
]
"""The expiry choices, as Mastodon's web interface offers them (seconds from saving)."""

# A new filter applies where Mastodon's web interface starts one: everywhere but profiles.
DEFAULT_CONTEXTS = ("home", "notifications", "public", "thread")


def offers_blur(instance: Instance | None) -> bool:
    """Whether the server may take the "blur" action (Mastodon 4.4 and later). Unknown
    servers are given the benefit of the doubt: a refusal then reaches the reader."""
    if instance is None:
        return True
    found = re.match(r"(\d+)\.(\d+)", instance.version)
    if found is None:
        return True
    return (int(found[1]), int(found[2])) >= (4, 4)


@dataclass
class KeywordRow:
    """A keyword in the form; ``id`` is None until the server has it."""

    keyword: str
    whole_word: bool
    id: str | None = None


@dataclass
class SavePlan:
    """What Ctrl+S sends: the filter, then the keywords removed, added and changed."""

    filter_id: str | None
    title: str
    contexts: tuple[str, ...]
    action: FilterAction
    expires_in: int | None | Literal["unchanged"]
    rows: list[KeywordRow]
    removed: list[str]
    original: dict[str, tuple[str, bool]]  # keyword id -> (text, whole word) on the server


@dataclass
class FilterSaved(Message):
    saved: Filter


@dataclass
class SaveFailed(Message):
    error: ApiError
    added: dict[int, str] = field(default_factory=dict)  # row index -> its new keyword id
    removed: list[str] = field(default_factory=list)  # keyword ids the server dropped
    changed: dict[str, tuple[str, bool]] = field(default_factory=dict)


class KeywordList(SelectionList[int]):
    """A filter's keywords; ticked means "whole word"."""

    HELP_SECTION = HelpSection(N_("A filter's keywords"), 87)

    BINDINGS = [
        Binding("e", "change", _("Change keyword"), id="filter_edit.change_keyword"),
        Binding("delete,d", "remove", _("Remove keyword"), id="filter_edit.remove_keyword"),
    ]

    class Change(Message):
        """Put the highlighted keyword back in the box."""

        def __init__(self, keywords: KeywordList, index: int) -> None:
            super().__init__()
            self.keywords = keywords
            self.index = index

        @property
        def control(self) -> KeywordList:
            return self.keywords

    class Remove(Change):
        """Remove the highlighted keyword."""

    def action_change(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Change(self, self.highlighted))

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Remove(self, self.highlighted))


def _save(client: MastodonClient, plan: SavePlan) -> Filter:
    """Blocks (network): send ``plan``; on a refusal, ``_Partial`` says what got through."""
    if plan.filter_id is None:
        expires = plan.expires_in if plan.expires_in != UNCHANGED else None
        return client.create_filter(
            plan.title,
            plan.contexts,
            plan.action,
            expires_in=expires,
            keywords=[(row.keyword, row.whole_word) for row in plan.rows],
        )
    filter_id = plan.filter_id
    done = SaveFailed(ApiError(""))
    try:
        client.update_filter(
            filter_id, plan.title, plan.contexts, plan.action, expires_in=plan.expires_in
        )
        for keyword_id in plan.removed:
            client.delete_filter_keyword(keyword_id)
            done.removed.append(keyword_id)
        for index, row in enumerate(plan.rows):
            if row.id is None:
                added = client.add_filter_keyword(filter_id, row.keyword, row.whole_word)
                done.added[index] = added.id
            elif plan.original.get(row.id) != (row.keyword, row.whole_word):
                client.update_filter_keyword(row.id, row.keyword, row.whole_word)
                done.changed[row.id] = (row.keyword, row.whole_word)
        return client.filter(filter_id)
    except ApiError as error:
        done.error = error
        raise _Partial(done) from error


class _Partial(Exception):
    def __init__(self, failed: SaveFailed) -> None:
        super().__init__(str(failed.error))
        self.failed = failed


class FilterEditScreen(TootScreen[Filter | None]):
    """The form for one filter (``found`` None: a new one). Answers the saved filter."""

    HELP_SECTION = HelpSection(N_("Editing a filter"), 86)

    CSS_PATH = "filter_edit.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), priority=True, id="filter_edit.save"),
        Binding("escape", "cancel", _("Cancel"), id="filter_edit.cancel"),
    ]

    def __init__(self, session: AccountSession, found: Filter | None = None) -> None:
        super().__init__()
        self.session = session
        self.found = found
        self.rows = (
            [KeywordRow(k.keyword, k.whole_word, k.id) for k in found.keywords] if found else []
        )
        self.removed: list[str] = []
        self.original = {k.id: (k.keyword, k.whole_word) for k in found.keywords} if found else {}
        self.editing: int | None = None  # the row whose text is in the box, being changed
        self.saving = False
        self._start: tuple[object, ...] = ()

    @property
    def bidi(self) -> bool:
        return bidi_enabled(self)

    def _line(self, text: str) -> Text:
        return display_line(text, enabled=self.bidi)

    def compose(self) -> ComposeResult:
        found = self.found
        heading = _("Edit the filter") if found else _("New filter")
        yield Static(DisplayText(heading, enabled=self.bidi), classes="screen-title")
        with VerticalScroll(id="form"):
            yield Static(self._line(_("Title")), classes="label")
            yield Input(
                found.title if found else "", placeholder=_("A name for this filter"), id="title"
            )
            label = _("Keywords (ticked: whole word only · Space: tick · e: change · d: remove)")
            yield Static(self._line(label), classes="label")
            yield KeywordList(id="keywords")
            yield Input(placeholder=_("A word or phrase to filter, then Enter"), id="new-keyword")
            yield Static(self._line(_("Where")), classes="label")
            contexts = set(found.context) if found else set(DEFAULT_CONTEXTS)
            yield SelectionList[str](
                *(
                    Selection[str](self._line(context_name(c)), c, c in contexts)
                    for c in FILTER_CONTEXTS
                ),
                id="contexts",
            )
            yield Static(self._line(_("Action")), classes="label")
            action = found.filter_action if found else "warn"
            actions: list[FilterAction] = ["warn", "hide"]
            if action == "blur" or offers_blur(self.session.instance):
                actions.append("blur")
            with RadioSet(id="action"):
                for value in actions:
                    yield RadioButton(
                        self._line(action_name(value)), value=value == action, id=f"action-{value}"
                    )
            yield Static(self._line(_("Expires")), classes="label")
            choices = [(self._line(_(label)), seconds) for seconds, label in EXPIRIES]
            start = NEVER
            if found is not None and found.expires_at is not None:
                keep = _("Unchanged ({when})").format(when=expiry_text(found.expires_at))
                choices.insert(0, (self._line(keep), KEEP))
                start = KEEP
            yield Select(choices, value=start, allow_blank=False, id="expiry")
        yield StatusLine(id="statusline")
        yield Footer()

    def on_mount(self) -> None:
        self._show_keywords()
        self.query_one("#title", Input).focus()
        self._start = self._state()

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    # --- keywords ----------------------------------------------------------------------

    def _busy(self) -> bool:
        """While a save is under way the keywords stay put (its answer refers to them)."""
        if self.saving:
            self.say(_("Saving the filter…"))
        return self.saving

    def _sync_whole_words(self) -> None:
        ticked = set(self.query_one(KeywordList).selected)
        for index, row in enumerate(self.rows):
            row.whole_word = index in ticked

    def _show_keywords(self, highlight: int | None = None) -> None:
        keywords = self.query_one(KeywordList)
        keywords.clear_options()
        # keywords are typed text in any script: plain Text, laid out at the list's width
        keywords.add_options(
            [
                Selection(Text(row.keyword), index, row.whole_word)
                for index, row in enumerate(self.rows)
            ]
        )
        for index, row in enumerate(self.rows):
            prompt = DisplayText(isolate(clean_text(row.keyword, max_len=200)), enabled=self.bidi)
            keywords.replace_option_prompt_at_index(index, prompt)
        keywords.display = bool(self.rows)
        if self.rows:
            keywords.highlighted = min(highlight or 0, len(self.rows) - 1)

    @on(Input.Submitted, "#new-keyword")
    def _add_keyword(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text or self._busy():
            return
        self._sync_whole_words()
        if self.editing is not None and self.editing < len(self.rows):
            index = self.editing
            self.rows[index].keyword = text
            self.say(_("Keyword changed (Ctrl+S saves)."))
        else:
            index = len(self.rows)
            self.rows.append(KeywordRow(text, True))
            self.say(_("Keyword added (Ctrl+S saves)."))
        self.editing = None
        event.input.value = ""
        self._show_keywords(index)

    @on(KeywordList.Remove)
    def _remove_keyword(self, event: KeywordList.Remove) -> None:
        event.stop()
        if self._busy():
            return
        self._sync_whole_words()
        row = self.rows.pop(event.index)
        if row.id is not None:
            self.removed.append(row.id)
        if self.editing is not None:
            self.editing = (
                None if self.editing == event.index else self.editing - (self.editing > event.index)
            )
        self._show_keywords(event.index)
        self.say(_("Keyword removed (Ctrl+S saves)."))
        if not self.rows:
            self.query_one("#new-keyword", Input).focus()

    @on(KeywordList.Change)
    def _change_keyword(self, event: KeywordList.Change) -> None:
        if isinstance(event, KeywordList.Remove):
            return
        event.stop()
        if self._busy():
            return
        box = self.query_one("#new-keyword", Input)
        self.editing = event.index
        box.value = self.rows[event.index].keyword
        box.focus()
        self.say(_("Change the keyword, then Enter."))

    # --- saving ------------------------------------------------------------------------

    def _action(self) -> FilterAction:
        pressed = self.query_one(RadioSet).pressed_button
        value = (pressed.id or "") if pressed is not None else ""
        return next((a for a in ("warn", "hide", "blur") if value == f"action-{a}"), "warn")

    def _expiry(self) -> int | None | Literal["unchanged"]:
        value = self.query_one("#expiry", Select).value
        if value == KEEP:
            return UNCHANGED
        return value if isinstance(value, int) and value > 0 else None

    def _state(self) -> tuple[object, ...]:
        """Everything the form holds, to tell whether anything was changed."""
        self._sync_whole_words()
        return (
            self.query_one("#title", Input).value,
            tuple((r.keyword, r.whole_word, r.id) for r in self.rows),
            tuple(self.removed),
            tuple(self.query_one("#contexts", SelectionList).selected),
            self._action(),
            self.query_one("#expiry", Select).value,
            self.query_one("#new-keyword", Input).value,
        )

    def action_save(self) -> None:
        if self.saving:
            return
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.say(_("A filter needs a title."), error=True)
            self.query_one("#title", Input).focus()
            return
        chosen = set(self.query_one("#contexts", SelectionList).selected)
        contexts = tuple(c for c in FILTER_CONTEXTS if c in chosen)
        if not contexts:
            self.say(_("Tick at least one place where the filter applies."), error=True)
            self.query_one("#contexts").focus()
            return
        if self.query_one("#new-keyword", Input).value.strip():
            self.say(_("Press Enter to add the keyword in the box first."), error=True)
            self.query_one("#new-keyword", Input).focus()
            return
        self._sync_whole_words()
        plan = SavePlan(
            filter_id=self.found.id if self.found else None,
            title=title,
            contexts=contexts,
            action=self._action(),
            expires_in=self._expiry(),
            rows=[KeywordRow(r.keyword, r.whole_word, r.id) for r in self.rows],
            removed=list(self.removed),
            original=dict(self.original),
        )
        self.saving = True
        self.say(_("Saving the filter…"))
        self._send(plan)

    @work(thread=True, exclusive=True, group="filter-save", exit_on_error=False)
    def _send(self, plan: SavePlan) -> None:
        try:
            saved = _save(self.session.client, plan)
        except _Partial as partial:
            self.post_message(partial.failed)
            return
        except ApiError as error:
            self.post_message(SaveFailed(error))
            return
        self.post_message(FilterSaved(saved))

    def on_filter_saved(self, message: FilterSaved) -> None:
        self.saving = False
        self.dismiss(message.saved)

    def on_save_failed(self, message: SaveFailed) -> None:
        """Keep everything typed; remember what reached the server for the next Ctrl+S."""
        self.saving = False
        for index, keyword_id in message.added.items():
            if index < len(self.rows) and self.rows[index].id is None:
                self.rows[index].id = keyword_id
                self.original[keyword_id] = (self.rows[index].keyword, self.rows[index].whole_word)
        self.removed = [k for k in self.removed if k not in message.removed]
        self.original.update(message.changed)
        self.say(str(message.error), error=True)

    def action_cancel(self) -> None:
        if self._state() == self._start:
            self.dismiss(None)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmPrompt(
                _("Leave without saving?"), detail=_("Your changes to this filter will be lost.")
            ),
            answer,
        )
