"""Your filters (v2): what each hides or warns about, where, and until when (``g m``).

Each row shows a filter's title, action, places, keyword count and expiry. ``n`` makes a
filter, Enter or ``e`` edits one (``tootui.screens.filter_edit``), ``d`` deletes one
after asking. A change loads the open timelines again, so the server's new verdicts
show: a post a "hide" filter matches drops out, a "warn" one collapses.

Messages it answers: ``FiltersLoaded`` (its worker's result), ``FilterDeleted`` and ``Say``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from tootui.api import ApiError, Filter, Status
from tootui.context import bidi_enabled
from tootui.i18n import N_, _, localize_digits, ngettext
from tootui.keys import HelpSection
from tootui.messages import Say
from tootui.render.display import DisplayText, isolate, sentence
from tootui.render.sanitize import clean_text
from tootui.screens.base import TootScreen
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, TextPrompt
from tootui.widgets.footer import Footer
from tootui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tootui.screens.main import MainScreen
    from tootui.screens.posts import PostScreen
    from tootui.session import AccountSession


def action_name(action: str) -> str:
    """A filter action in the interface's words."""
    names = {"warn": _("Warn"), "hide": _("Hide"), "blur": _("Blur media")}
    return names.get(action, action)


def context_name(context: str) -> str:
    """Where a filter applies, in the interface's words."""
    names = {
        "home": _("Home and lists"),
        "notifications": _("Notifications"),
        "public": _("Public timelines"),
        "thread": _("Threads"),
        "account": _("Profiles"),
    }
    return names.get(context, clean_text(context, max_len=40))


def local_time(when: datetime) -> str:
    """A time in the reader's zone, with the date."""
    return localize_digits(when.astimezone().strftime("%Y-%m-%d %H:%M"))


def expiry_text(when: datetime | None) -> str:
    if when is None:
        return _("never expires")
    if when <= datetime.now(UTC):
        return _("expired {time}").format(time=local_time(when))
    return _("expires {time}").format(time=local_time(when))


def filter_row(found: Filter, *, bidi: bool) -> DisplayText:
    """One filter as two lines: its title (typed text, isolated), then what it does."""
    title = clean_text(found.title, max_len=100) or _("(untitled)")
    count = len(found.keywords)
    details = " · ".join(
        [
            action_name(found.filter_action),
            ", ".join(context_name(c) for c in found.context) or _("nowhere"),
            ngettext("{n} keyword", "{n} keywords", count).format(n=localize_digits(str(count))),
            expiry_text(found.expires_at),
        ]
    )
    return DisplayText(isolate(title, "bold"), Text("  " + details, "dim"), enabled=bidi)


def reload_timelines(app: App[Any], *, then: Screen[Any] | None = None, say: str = "") -> None:
    """Load every open timeline of posts afresh, so the server's filters apply anew;
    then ``say`` on ``then``'s status line, after what the loads say about themselves."""
    from tootui.screens.timelines import TimelineScreen

    for screen in app.screen_stack:
        if isinstance(screen, TimelineScreen):
            for key in [k for k in screen.views if k in screen.loaded]:
                screen.load(key, "replace")
    if then is not None and say:
        loading = [w for w in app.workers if w.group == "timeline" and not w.is_finished]
        then.run_worker(_say_after(then, loading, say), group="filters-said", exit_on_error=False)


async def _say_after(screen: Screen[Any], workers: list[Worker[Any]], text: str) -> None:
    # Each load posts its page before its worker ends: a Say posted now comes after it.
    await screen.app.workers.wait_for_complete(workers)
    screen.post_message(Say(text))


@dataclass
class FiltersLoaded(Message):
    filters: list[Filter] | None
    error: ApiError | None = None
    done: str = ""  # what to say once shown (a change just made), else the count


@dataclass
class FilterDeleted(Message):
    title: str


class FiltersScreen(TootScreen[None]):
    """The list of your filters."""

    HELP_SECTION = HelpSection(N_("Filters (muted words)"), 85)

    CSS_PATH = "filters.tcss"

    BINDINGS = [
        Binding("n", "new_filter", _("New filter"), id="filters.new"),
        Binding("e", "edit_filter", _("Edit"), id="filters.edit"),
        Binding("d", "delete_filter", _("Delete"), id="filters.delete"),
        Binding("full_stop,R", "reload", _("Reload"), show=False, id="filters.reload"),
        Binding("escape,q", "back", _("Back"), id="filters.back"),
    ]

    def __init__(self, session: AccountSession) -> None:
        super().__init__()
        self.session = session
        self.filters: list[Filter] = []

    @property
    def bidi(self) -> bool:
        return bidi_enabled(self)

    def compose(self) -> ComposeResult:
        title = _("Filters (muted words)")
        yield Static(DisplayText(title, enabled=self.bidi), classes="screen-title")
        yield OptionList(id="filters")
        yield StatusLine(id="statusline")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_reload()

    def say(self, text: str, *, error: bool = False) -> None:
        self.query_one(StatusLine).say(text, error=error)

    def on_say(self, message: Say) -> None:
        message.stop()
        self.say(message.text, error=message.error)

    # --- loading -----------------------------------------------------------------------

    def action_reload(self) -> None:
        self.say(_("Loading your filters…"))
        self._load()

    @work(thread=True, exclusive=True, group="filters", exit_on_error=False)
    def _load(self, done: str = "") -> None:
        try:
            found = self.session.client.filters()
        except ApiError as error:
            self.post_message(FiltersLoaded(None, error, done))
            return
        self.post_message(FiltersLoaded(found, done=done))

    def on_filters_loaded(self, message: FiltersLoaded) -> None:
        chooser = self.query_one(OptionList)
        if message.filters is None:
            self.say(" ".join(filter(None, [message.done, str(message.error)])), error=True)
            return
        keep = self.selected()
        self.filters = message.filters
        chooser.clear_options()
        # options by position, never by id: an id from a server is not a widget id
        chooser.add_options([Option(filter_row(f, bidi=self.bidi)) for f in self.filters])
        if self.filters:
            ids = [f.id for f in self.filters]
            chooser.highlighted = ids.index(keep.id) if keep is not None and keep.id in ids else 0
            count = len(self.filters)
            self.say(
                message.done
                or ngettext("{n} filter", "{n} filters", count).format(
                    n=localize_digits(str(count))
                )
            )
        else:
            empty = _("You have no filters. n makes one.")
            chooser.add_option(Option(DisplayText(empty, enabled=self.bidi), disabled=True))
            self.say(message.done or empty)

    def selected(self) -> Filter | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.filters):
            return None
        return self.filters[index]

    # --- making, editing, deleting -----------------------------------------------------

    def _edit(self, found: Filter | None) -> None:
        from tootui.screens.filter_edit import FilterEditScreen

        def saved(result: Filter | None) -> None:
            if result is None:
                return
            title = clean_text(result.title, max_len=100)
            self._load(_("Saved the filter “{title}”.").format(title=title))
            reload_timelines(self.app)

        self.app.push_screen(FilterEditScreen(self.session, found), saved)

    def action_new_filter(self) -> None:
        self._edit(None)

    def action_edit_filter(self) -> None:
        found = self.selected()
        if found is not None:
            self._edit(found)

    @on(OptionList.OptionSelected, "#filters")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_edit_filter()

    def action_delete_filter(self) -> None:
        found = self.selected()
        if found is None:
            return
        title = clean_text(found.title, max_len=100)

        def answer(yes: bool | None) -> None:
            if yes:
                self._delete(found.id, title)

        question = sentence(_("Delete the filter {title}?"), title=isolate(title, "bold"))
        detail = _("What it hides or warns about will show again.")
        self.app.push_screen(ConfirmPrompt(question, detail=detail), answer)

    @work(thread=True, group="filters-change", exit_on_error=False)
    def _delete(self, filter_id: str, title: str) -> None:
        try:
            self.session.client.delete_filter(filter_id)
        except ApiError as error:
            self.post_message(Say(str(error), error=True))
            return
        self.post_message(FilterDeleted(title))

    def on_filter_deleted(self, message: FilterDeleted) -> None:
        self._load(_("Deleted the filter “{title}”.").format(title=message.title))
        reload_timelines(self.app)

    def action_back(self) -> None:
        self.app.pop_screen()


MUTE_CONTEXTS = ("home", "notifications", "public", "thread")
"""Where a word muted from a post is hidden: everywhere but profiles."""


def mute_word(screen: PostScreen, status: Status | None) -> None:
    """Ask for a word (offering the post's hashtags) and hide it with a new filter:
    titled by the word, whole word, no expiry. The open timelines then load afresh."""
    client = screen.session.client

    def create(word: str | None) -> None:
        word = (word or "").strip()
        if not word:
            return
        done = _("Muted “{word}”: posts with it are hidden (g m to change or undo).").format(
            word=clean_text(word, max_len=100)
        )

        def reload(_created: Filter) -> None:
            # in the worker: reloading is done on the UI thread (call_later is a message)
            screen.call_later(reload_timelines, screen.app, then=screen, say=done)

        screen.send(
            lambda: client.create_filter(word, MUTE_CONTEXTS, "hide", keywords=[(word, True)]),
            "",
            reload,
        )

    def ask() -> None:
        prompt = TextPrompt(_("Mute a word"), placeholder=_("A word or phrase to hide everywhere"))
        screen.app.push_screen(prompt, create)

    tags = [tag.name for tag in status.target.tags if tag.name] if status is not None else []
    if not tags:
        ask()
        return
    choices: list[tuple[str, str | Text]] = [("", Text(_("Type a word…")))]
    choices += [("#" + tag, "#" + clean_text(tag, max_len=100)) for tag in dict.fromkeys(tags)]
    screen.app.push_screen(
        ChoicePrompt(_("Mute a word"), choices),
        lambda chosen: ask() if chosen == "" else create(chosen),
    )


def open_filters(main: MainScreen) -> None:
    """Your filters (``g m``)."""
    main.app.push_screen(FiltersScreen(main.session))
