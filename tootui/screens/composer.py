"""The composer: ComposeScreen, where one post is written, or one's own post edited.

It shows a ``ComposeForm`` (tootui/widgets/compose_form.py) for one draft, lists every key
of the composer, and sends the draft. It answers the messages of its own workers:
``SourceLoaded`` (an edited post's text), and from the send worker ``Progress``,
``MediaUploaded``, ``Posted``, ``Scheduled`` and ``PostFailed``. It dismisses with the
published post, or None. Its parts: ``ComposerBase`` (composer_base.py: the draft, its form,
saving as you type), ``DraftKeys`` (composer_keys.py: the keys that change the draft) and
``Suggesting`` (composer_suggestions.py: @handles, #tags and :emoji: while typing).

Nothing typed is lost: the draft is saved to disk as you type (``tootui.drafts``), a failed
post keeps the composer open with everything intact and says why, and a retry sends the
same ``Idempotency-Key`` so it never makes a second post. The rules of a draft live in
``tootui.compose_rules``; the upload-wait-post workflow is ``tootui.api.publish``, run in a
thread worker that reports back only with messages. The ways in are the named functions
of ``tootui.screens.compose``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from tootui.api import ApiError, ScheduledPost, Status
from tootui.api.client.scheduled import FEATURE as SCHEDULING
from tootui.api.publish import OutgoingPost, PublishCancelled, PublishProgress, publish
from tootui.clock import now
from tootui.compose_rules import (
    format_schedule,
    language_problem,
    outgoing,
    repair_language,
    schedule_problem,
    scheduled_time,
    send_problem,
    undescribed,
    undescribed_reminder,
)
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.messages import StatusChanged
from tootui.screens.composer_keys import DraftKeys
from tootui.screens.composer_suggestions import Suggesting
from tootui.screens.prompt import ConfirmPrompt
from tootui.widgets.compose_fields import AttachmentRow, PollFields
from tootui.widgets.compose_form import ComposeForm
from tootui.widgets.footer import Footer
from tootui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from textual.screen import Screen

    from tootui.session import AccountSession


class ComposeScreen(DraftKeys, Suggesting):
    """Write (or edit) one post; dismisses with the published post, or None."""

    HELP_SECTION = HelpSection(N_("Composer"), 110)
    CSS_PATH = "composer.tcss"

    BINDINGS = [
        Binding("ctrl+s,ctrl+enter", "send", _("Post"), priority=True, id="compose.send"),
        Binding("escape", "close", _("Close"), id="compose.close"),
        Binding("ctrl+w", "toggle_cw", _("Content warning"), priority=True, id="compose.cw"),
        Binding(
            "ctrl+r", "cycle_visibility", _("Visibility"), priority=True, id="compose.visibility"
        ),
        Binding("ctrl+n", "cycle_account", _("Account"), priority=True, id="compose.account"),
        Binding(
            "ctrl+t", "toggle_sensitive", _("Sensitive"), priority=True, id="compose.sensitive"
        ),
        Binding("ctrl+o", "attach", _("Attach"), priority=True, id="compose.attach"),
        Binding("ctrl+g", "toggle_poll", _("Poll"), priority=True, id="compose.poll"),
        Binding("ctrl+e", "external_editor", _("Editor"), priority=True, id="compose.editor"),
        Binding(
            "ctrl+l", "schedule", _("Schedule…"), show=False, priority=True, id="compose.schedule"
        ),
        Binding(
            "ctrl+b",
            "cycle_quote_policy",
            _("Who can quote"),
            show=False,
            priority=True,
            id="compose.quote_policy",
        ),
        Binding(
            "tab",
            "accept_suggestion",
            _("Take the suggestion (else next field)"),
            show=False,
            priority=True,
            id="compose.complete",
        ),
        Binding(
            "down",
            "suggestion(1)",
            _("Next suggestion"),
            show=False,
            priority=True,
            id="compose.suggestion.next",
        ),
        Binding(
            "up",
            "suggestion(-1)",
            _("Previous suggestion"),
            show=False,
            priority=True,
            id="compose.suggestion.previous",
        ),
    ]

    @dataclass
    class Progress(Message, bubble=False):
        """The send worker has news (uploading, processing, publishing)."""

        text: str

    @dataclass
    class MediaUploaded(Message, bubble=False):
        index: int
        media_id: str

    @dataclass
    class Posted(Message, bubble=False):
        status: Status

    @dataclass
    class Scheduled(Message, bubble=False):
        """The server keeps the post until its time."""

        post: ScheduledPost

    @dataclass
    class PostFailed(Message, bubble=False):
        error: ApiError

    @dataclass
    class SourceLoaded(Message, bubble=False):
        text: str
        spoiler_text: str

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # e.g. a draft saved before codes were checked, with a server's "unk"
        self._language_note = repair_language(self.draft, self.session) or ""
        yield ComposeForm(
            self.draft,
            reply_to=self.reply_to,
            visibilities=self._visibility_choices(),
            poll_choices=self._max_poll_options(),
            quote_of=self.quote_of,
        )
        yield Footer()

    def _max_poll_options(self) -> int:
        instance = self.session.instance
        return max(2, instance.max_poll_options if instance else 4)

    async def on_mount(self) -> None:
        for index, media in enumerate(self.draft.media):
            await self.form.show_attachment(index, media)
        self._draw_header()
        self.form.show_settings()
        self._update_counter()
        self.call_after_refresh(self.form.show_preview)  # a restored draft in Arabic, say
        if self.load_source:
            self._saved_state = self.collect().idempotency_key()
        else:
            self.save_now()  # a reply or redraft is worth keeping before the first key
        if self.prefilled:
            self._pristine_state = self.collect().idempotency_key()
        self.query_one("#text", TextArea).focus()
        self._cursor_to_end()  # after the mentions (and their space), never before them
        if self._language_note:
            self.say(self._language_note)
        approval = self.quote_of.quote_approval if self.quote_of is not None else None
        if approval is not None and approval.current_user == "manual":
            self.say(_("The author will be asked to approve your quote before it shows."))
        if self.load_source and self.draft.edit_id:
            self.say(_("Loading the post's text…"))
            self._fetch_source(self.draft.edit_id)

    def action_close(self) -> None:
        if self.query_one(SuggestionList).showing:
            self.query_one(SuggestionList).close()
            return
        if self.sending:
            self.say(_("Still sending; wait for the answer."))
            return
        draft = self.collect()
        if draft.is_empty or draft.idempotency_key() == self._pristine_state:
            # nothing of the user's own would be lost: close without a question
            self.finished = True
            self.store.delete(draft.id)
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard is False:
                return  # back to writing
            if discard:
                self.store.delete(draft.id)
            else:  # k: keep it for later
                self.save_now()
            self.finished = True
            self.dismiss(None)

        self.app.push_screen(
            ConfirmPrompt(_("Discard this draft?"), keep=_("keep as a draft")), answered
        )

    # --- sending -----------------------------------------------------------------------

    def action_send(self) -> None:
        if self.sending:
            return
        draft = self.collect()
        problem = language_problem(draft)
        if problem:
            self.say(problem, error=True)
            self.query_one("#language", Input).focus()
            return
        session = self.session
        problem = send_problem(
            draft,
            session.instance,
            session.host,
            duration_readable=self.query_one(PollFields).duration_readable,
        )
        if problem:
            self.say(problem, error=True)
            return
        self.save_now()
        missing = undescribed(draft)
        key = draft.idempotency_key()
        if missing and self._alt_warned != key:
            self._alt_warned = key  # said once; ctrl+s again posts as it is
            self.say(undescribed_reminder(len(missing)), error=True)
            self.query_one(f"#alt-{missing[0]}", Input).focus()
            return
        when = scheduled_time(draft)
        if when is not None:
            problem = self._schedule_refused(when, session)
            if problem:
                self.say(problem, error=True)
                return
        self.sending = True
        self.say(_("Scheduling…") if when else _("Posting…"))
        self._send(outgoing(draft), session)

    def _schedule_refused(self, when: datetime, session: AccountSession) -> str | None:
        """Why the post cannot be scheduled for ``when`` now (nothing is sent), or None."""
        if SCHEDULING in session.client.missing:
            return _(
                "{host} does not offer scheduled posts: press ctrl+l to clear the time "
                "and post now (nothing was sent)."
            ).format(host=session.host)
        problem = schedule_problem(when, now())
        if problem:
            return problem + " " + _("Press ctrl+l to choose a later time (nothing was sent).")
        return None

    @work(thread=True, group="compose-send", exit_on_error=False)
    def _send(self, post: OutgoingPost, session: AccountSession) -> None:
        def report(progress: PublishProgress) -> None:
            if progress.step == "uploaded" and progress.media_id is not None:
                self.post_message(self.MediaUploaded(progress.index, progress.media_id))
            else:
                self.post_message(self.Progress(progress.sentence(session.host)))

        try:
            result = publish(session.client, post, report, self._stop_sending)
        except PublishCancelled:
            return  # the composer closed (the app quit) while the server was processing
        except ApiError as error:
            self.post_message(self.PostFailed(error))
            return
        if isinstance(result, ScheduledPost):
            self.post_message(self.Scheduled(result))
        else:
            self.post_message(self.Posted(result))

    def on_compose_screen_progress(self, message: Progress) -> None:
        self.say(message.text)

    def on_compose_screen_media_uploaded(self, message: MediaUploaded) -> None:
        if message.index < len(self.draft.media):
            self.draft.media[message.index].media_id = message.media_id
            rows = self.query(f"#media-{message.index}")
            if rows:
                rows.first(AttachmentRow).set_state(_("uploaded"))
            self.save_now()  # a retry must not upload it again

    def on_compose_screen_posted(self, message: Posted) -> None:
        self.sending = False
        self.finished = True
        self.store.delete(self.draft.id)
        status = message.status
        text = _("Edited.") if self.draft.edit_id else _("Posted.")
        if scheduled_time(self.draft) is not None:
            text = _("Posted now: {host} published it at once instead of scheduling it.").format(
                host=self.session.host
            )
        self.dismiss(status)
        self.app.screen.post_message(StatusChanged(status))
        tell(self.app.screen, text)

    def on_compose_screen_scheduled(self, message: Scheduled) -> None:
        self.sending = False
        self.finished = True
        self.store.delete(self.draft.id)
        when = message.post.scheduled_at or scheduled_time(self.draft)
        text = (
            _("Scheduled for {time}.").format(time=format_schedule(when, now()))
            if when is not None
            else _("Scheduled.")
        )
        self.dismiss(None)
        tell(self.app.screen, text)

    def on_compose_screen_post_failed(self, message: PostFailed) -> None:
        self.sending = False
        error = message.error
        text = str(error)
        if not text.endswith((".", "!", "?")):
            text += "."
        text += " " + _("Your post is kept here; press ctrl+s to try again.")
        self.say(text, error=True)
        self.save_now()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Anything the send worker did not expect still ends in one sentence, not a crash.
        if event.worker.group == "compose-send" and event.state == WorkerState.ERROR:
            self.sending = False
            self.say(
                _("Could not post: {error}. Your post is kept here.").format(
                    error=event.worker.error
                ),
                error=True,
            )
        elif event.worker.group == "compose-source" and event.state == WorkerState.ERROR:
            self.say(_("Could not load the post's text."), error=True)

    @work(thread=True, group="compose-source", exit_on_error=False)
    def _fetch_source(self, status_id: str) -> None:
        try:
            text, spoiler = self.session.client.status_source(status_id)
        except ApiError as error:
            self.post_message(
                self.Progress(_("{error} Editing what is shown instead.").format(error=error))
            )
            return
        self.post_message(self.SourceLoaded(text, spoiler))

    def on_compose_screen_source_loaded(self, message: SourceLoaded) -> None:
        area = self.query_one("#text", TextArea)
        if area.text != self._text_before_source:  # typed while the source was on its way
            self.say(_("The post's text arrived after you started typing; your text is kept."))
            return
        self.form.load_source(message.text, message.spoiler_text)
        self._cursor_to_end()
        # The loaded post is the starting point: unchanged, it is neither saved nor asked about.
        self._saved_state = self.collect().idempotency_key()
        if self.prefilled:
            self._pristine_state = self._saved_state
        self.say(_("Editing: ctrl+s saves the change."))
        self._update_counter()


def tell(screen: Screen[object], text: str) -> None:
    """One sentence in the screen's status line, or a notification where it has none."""
    say = getattr(screen, "say", None)
    if callable(say):
        say(text)
    else:
        screen.app.notify(text, markup=False)
