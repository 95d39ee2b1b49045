"""The tootui App: start-up, the accounts it acts for, global keys, and screen routing.

The App is given its accounts (``AccountSession``, each with its own API client) by its
caller, so tests build it against a local server without patching anything.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.events import Callback
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from tootui import __version__
from tootui.api import Account, ApiError, Instance, NotAuthorised, backoff
from tootui.clock import now
from tootui.collection import release_garbage_collection
from tootui.config import Config
from tootui.context import Context
from tootui.failures import worker_failed
from tootui.i18n import N_, _, set_language
from tootui.keys import HelpSection
from tootui.messages import AccountSwitched, OpenThread, Say, ShowAccount, ShowHashtag
from tootui.render.bidi import may_need_reordering, resolve_bidi_setting
from tootui.render.display import display_line, laid_out_lines
from tootui.render.sanitize import clean_text
from tootui.render.status import Layout, StatusRenderer
from tootui.session import AccountSession

INSTANCE_CACHE_KEY = "instance"  # the server's description, beside the cached timelines

if TYPE_CHECKING:
    from tootui.render.previews import InlinePreviews, PreviewsReady


@dataclass
class Introduced(Message):
    """What the start-up worker learned about ``session``'s account: who it is, what its
    server allows, or that the server refused its sign-in. Set on the UI thread."""

    session: AccountSession
    me: Account | None = None
    instance: Instance | None = None
    refused: bool = False


class TootUI(App[None], Context):
    """A keyboard-first client for Mastodon and the fediverse (and the ``Context`` its
    screens see: they never import this module)."""

    HELP_SECTION = HelpSection(N_("Everywhere"), 10)

    TITLE = "tootui"
    SUB_TITLE = __version__
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "back_or_quit", _("Back/Quit"), id="app.quit"),
        Binding("ctrl+c", "quit", _("Quit"), show=False, priority=True, id="app.force_quit"),
        Binding("question_mark", "help", _("Help"), id="app.help"),
        Binding("c", "compose", _("New post"), id="app.compose"),
        Binding("C", "drafts", _("Drafts"), id="app.drafts"),
        Binding("at", "accounts", _("Accounts"), id="app.accounts"),
    ]

    def __init__(
        self,
        sessions: Sequence[AccountSession],
        *,
        config: Config | None = None,
        start_acct: str | None = None,
        first_frame: threading.Event | None = None,
    ) -> None:
        """``first_frame`` is set once the first frame is on screen (stored tokens wait
        for it, see ``tootui.startup``)."""
        self.first_frame = first_frame if first_frame is not None else threading.Event()
        self.config = config if config is not None else Config.load()
        set_language(self.config.language or None)
        super().__init__()
        self.sessions: dict[str, AccountSession] = {s.acct: s for s in sessions}
        self.current_acct = (
            start_acct if start_acct in self.sessions else next(iter(self.sessions), None)
        )
        self.bidi = resolve_bidi_setting(self.config.bidi, os.environ)
        self.renderer = StatusRenderer(
            self.console, expand_content_warnings=self.config.expand_content_warnings
        )
        self.previews = self._make_previews()
        self.renderer.previews = self.previews
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def _make_previews(self) -> InlinePreviews | None:
        """Pictures under posts, when the settings ask for them (off by default: the
        imaging libraries are then never imported)."""
        config = self.config
        if not config.inline_images or config.image_protocol == "off":
            return None
        from tootui.media import MediaCache, MediaLimits, fetch_image
        from tootui.media.download import media_session
        from tootui.render.previews import PREVIEW_SIDE, InlinePreviews, PreviewsReady

        limits = MediaLimits(max_bytes=config.media_max_bytes)
        cache = MediaCache(limit_bytes=config.media_cache_mb * 1024 * 1024)
        return InlinePreviews(
            lambda url, session: fetch_image(url, limits, cache, session, PREVIEW_SIDE),
            run=lambda job: self.run_worker(
                job, thread=True, group="previews", exit_on_error=False
            ),
            ready=lambda keys: self.post_message(PreviewsReady(keys)),
            color_system=self.console.color_system,
            expand_content_warnings=config.expand_content_warnings,
            session=media_session,
        )

    def on_unmount(self) -> None:
        if self.previews is not None:
            self.previews.close()  # the media sessions kept between downloads

    def on_previews_ready(self, message: PreviewsReady) -> None:
        """Pictures of inline previews arrived (or failed): the entries holding them are
        drawn again."""
        if self.previews is not None:
            self.previews.arrived(message.keys)

    @property
    def session(self) -> AccountSession:
        assert self.current_acct is not None
        return self.sessions[self.current_acct]

    def layout(self, width: int, session: AccountSession) -> Layout:
        return Layout(
            width=width,
            now=now(),
            bidi=self.bidi,
            absolute_times=self.config.absolute_times,
            local_host=session.host,
        )

    def on_mount(self) -> None:
        if self.config.problem:
            self.notify(self.config.problem, severity="warning", timeout=10)
        if self.current_acct is None:
            self.action_add_account(first_run=True)
        else:
            self.switch_account(self.current_acct)
        self.call_after_refresh(self._first_frame_shown)

    def _first_frame_shown(self) -> None:
        """The cached timeline is on screen: now the tokens may be read, and drafts offered."""
        release_garbage_collection()
        self.first_frame.set()
        current = self.current_acct
        self._check_tokens(sorted(self.sessions.values(), key=lambda s: s.acct != current))
        if self.current_acct is not None:
            from tootui.drafts import offer_saved_drafts

            offer_saved_drafts(self)

    @work(thread=True, group="start", exit_on_error=False)
    def _check_tokens(self, sessions: list[AccountSession]) -> None:
        """Read the accounts' tokens (the current one first) off the UI thread."""
        from tootui.startup import check_tokens

        missing, notice = check_tokens(sessions, self.config.token_store)
        self.post_message(Callback(callback=partial(self._tokens_checked, missing, notice)))

    def _tokens_checked(self, missing: list[str], notice: str | None) -> None:
        from tootui.startup import missing_token_message

        for acct in missing:
            if acct in self.sessions:
                self.sessions[acct].needs_sign_in = True
        # the current account's own requests already say it, on its status line
        others = [acct for acct in missing if acct != self.current_acct]
        if others:
            self.notify(missing_token_message(others), severity="warning", timeout=10)
        if notice:
            self.notify(notice, title=_("No system keyring"), severity="warning", timeout=20)

    def switch_account(self, acct: str) -> None:
        """Show ``acct``'s timelines. Each account keeps its own installed screen, so its
        timelines and positions are where they were left."""
        from tootui.screens.main import MainScreen

        session = self.sessions[acct]
        name = self.main_screen_name(acct)
        first_time = not self.is_screen_installed(name)
        if first_time:
            self.install_screen(MainScreen(session), name=name)
        self.current_acct = acct
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(name)
        else:
            self.push_screen(name)
        if first_time:
            self._remember_instance(session)
            self._introduce(session)
        self.post_message(AccountSwitched(acct))

    def _remember_instance(self, session: AccountSession) -> None:
        """The server's description as the last session saw it (kept with the cached
        timelines): its limits and rules at once, its streaming URL without a request
        first. This session asks once more in the background (``_introduce``)."""
        if session.instance is not None:
            return
        from tootui.cache import TimelineCache

        kept = TimelineCache(session.acct).load(INSTANCE_CACHE_KEY)
        if kept and isinstance(kept[0], Instance):
            session.instance = kept[0]
            session.client.remember_instance(kept[0])

    def add_session(self, session: AccountSession) -> None:
        """Take a newly signed-in account and show it."""
        self.sessions[session.acct] = session
        self.switch_account(session.acct)

    def action_add_account(self, first_run: bool = False) -> None:
        """Open the sign-in screen (also at first run, when no account is stored)."""
        from tootui.screens.login import LoginScreen

        def done(session: AccountSession | None) -> None:
            if session is not None:
                self.add_session(session)
            elif first_run:
                self.exit(message=_("No account is signed in."))

        self.push_screen(LoginScreen(first_run=first_run), done)

    @work(thread=True, group="start", exit_on_error=False)
    def _introduce(self, session: AccountSession, attempts: int = 0) -> None:
        """Learn who we are and what the server allows, off the UI thread.

        While the server cannot be reached (or is failing) this quietly tries again after
        2 s, 4 s … 60 s: the timelines already say what is wrong. A refused sign-in is
        said once and never retried.
        """
        try:
            if session.me is None:
                # said at once: a retry after the next call fails need not ask again
                self.post_message(Introduced(session, me=session.client.verify_credentials()))
            instance = session.client.instance(fresh=True)
            self.post_message(Introduced(session, instance=instance))
            from tootui.cache import TimelineCache

            TimelineCache(session.acct).save(INSTANCE_CACHE_KEY, [instance])
        except NotAuthorised as error:
            self.post_message(Introduced(session, refused=True))
            self.post_message(Say(str(error), error=True))
        except backoff.RETRYABLE as error:
            delay = backoff.load_retry_delay(attempts, error)
            again = partial(self._introduce, session, attempts + 1)

            def wait() -> None:
                self.set_timer(delay, again, name="introduce-retry")

            # post_message is the thread-safe way in: the timer is made on the UI thread
            self.post_message(Callback(callback=wait))
        except ApiError as error:
            self.post_message(Say(str(error), error=True))

    def on_introduced(self, message: Introduced) -> None:
        session = message.session
        if message.me is not None:
            session.me = message.me
        if message.instance is not None:
            session.instance = message.instance
        if message.refused:
            session.needs_sign_in = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one sink for failed workers: the app's own, and those its screens pass on."""
        if event.state == WorkerState.ERROR:
            worker_failed(self, event.worker)

    # --- moving between screens (screens ask, see tootui.screens.navigation) ------------

    def on_open_thread(self, message: OpenThread) -> None:
        from tootui.screens.thread import ThreadScreen

        self.push_screen(ThreadScreen(message.session, message.status.target))

    def on_show_account(self, message: ShowAccount) -> None:
        from tootui.screens.profile import ProfileScreen

        self.push_screen(ProfileScreen(message.session, message.account))

    def on_show_hashtag(self, message: ShowHashtag) -> None:
        """Back to the main screen, on a tab for the hashtag."""
        from tootui.screens.main import MainScreen
        from tootui.screens.views import hashtag_name, hashtag_view

        main = next((s for s in reversed(self.screen_stack) if isinstance(s, MainScreen)), None)
        if main is None:
            return
        name = hashtag_name(message.tag)
        if name is None:
            tag = clean_text(message.tag, max_len=100)
            self.notify(_("“{tag}” is not a hashtag.").format(tag=tag))
            return
        while self.screen is not main:
            self.pop_screen()
        main.open_view(hashtag_view(name))

    def _fatal_error(self) -> None:
        """Report a crash without local variables: they can hold access tokens.

        Textual's own version prints ``show_locals=True`` tracebacks; this is the same
        report minus the locals (drafts are already on disk, see ``tootui.drafts``).
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A pop-up notification; plain text unless ``markup`` is asked for.

        tootui's sentences carry names, paths and servers' words, so they are never read as
        markup by default. Where tootui lays out right-to-left text itself, each line is put
        in display order, like the rest of the interface.
        """
        if self.bidi and not markup and may_need_reordering(message + title):
            # Wrapped here, about as wide as the pop-up, then put in display order line by
            # line: wrapped after reordering, a right-to-left message would start at its end.
            width = max(10, min(60, self.size.width // 2) - 4)
            lines = laid_out_lines(Text(message), width, enabled=True, pad=False)
            message = "\n".join(line.plain for line in lines)
            title = display_line(title, enabled=True).plain if title else title
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_say(self, message: Say) -> None:
        screen = self.screen
        say = getattr(screen, "say", None)
        if callable(say):
            say(message.text, error=message.error)
        else:
            self.notify(message.text, severity="error" if message.error else "information")

    quitting = False  # set by exit(): from then on input goes nowhere (on_event)

    def exit(self, result: None = None, return_code: int = 0, message: Any | None = None) -> None:
        self.quitting = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed on after q (fast fingers, text pasted after it) would act on an app
        # being torn down: a screen opened then mounts without its children and the quit
        # ends in a traceback. Once quitting has begun, input goes nowhere.
        if self.quitting and isinstance(event, events.InputEvent | events.Paste):
            return
        await super().on_event(event)

    def action_back_or_quit(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def action_compose(self) -> None:
        """Write a new post from the current account."""
        from tootui.screens.compose import open_compose

        if self.current_acct is not None:
            open_compose(self)

    def action_drafts(self) -> None:
        """Saved drafts, to pick up or delete."""
        from tootui.screens.compose import open_drafts

        if self.current_acct is not None:
            open_drafts(self)

    def action_help(self) -> None:
        from tootui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_accounts(self) -> None:
        """Open the account switcher (unless it is already open)."""
        from tootui.screens.accounts import AccountsScreen

        if not isinstance(self.screen, AccountsScreen) and self.current_acct is not None:
            self.push_screen(AccountsScreen())

    def get_system_commands(self, screen: Any):  # type: ignore[no-untyped-def]
        from tootui.screens.destinations import DESTINATIONS

        yield from super().get_system_commands(screen)
        yield SystemCommand(
            _("Switch account"), _("List, switch, add or remove accounts"), self.action_accounts
        )
        if self.current_acct is None:
            return
        places = [
            (N_("Bookmarks"), N_("The posts you bookmarked"), "bookmarks"),
            (N_("Favourites"), N_("The posts you favourited"), "favourites"),
            (N_("Your posts"), N_("Everything you posted"), "mine"),
            *((d.label, d.help, d.name) for d in DESTINATIONS),
        ]
        for label, help_text, name in places:
            yield SystemCommand(_(label), _(help_text), partial(self.go_to, name))

    def go_to(self, where: str) -> None:
        """Back to the current account's main screen, and on to ``where`` (see
        ``MainScreen.go_to``)."""
        from tootui.screens.main import MainScreen

        main = next((s for s in reversed(self.screen_stack) if isinstance(s, MainScreen)), None)
        if main is None:
            return
        while self.screen is not main:
            self.pop_screen()
        main.go_to(where)
