"""The composer: ComposeScreen, where one post is written, or one's own post edited.

It shows a ``ComposeForm`` (tootui/widgets/compose_form.py) for one draft and answers the
keys that change it (content warning, visibility, account, sensitive, attach, poll, the
external editor, the time to publish it, who may quote it, suggestions for @handles,
#tags and :emoji:), then sends it. It answers the messages of its own workers:
``Suggestions`` (autocomplete), ``SourceLoaded`` (an edited post's text), and from the
send worker ``Progress``, ``MediaUploaded``, ``Posted``, ``Scheduled`` and ``PostFailed``; plus the fields' ``Changed`` messages and ``SuggestionList.Wanted``
(the pause after typing a @handle, #tag or :emoji). It dismisses with the published post,
or None.

Nothing typed is lost: the draft is saved to disk as you type (``tootui.drafts``), a failed
post keeps the composer open with everything intact and says why, and a retry sends the
same ``Idempotency-Key`` so it never makes a second post. The rules of a draft live in
``tootui.compose_rules``; the upload-wait-post workflow is ``tootui.api.publish``, run in a
thread worker that reports back only with messages. The ways in are the named functions
of ``tootui.screens.compose``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, OptionList, Select, TextArea
from textual.worker import Worker, WorkerState

from tootui.api import ApiError, ScheduledPost, Status
from tootui.api.client.scheduled import FEATURE as SCHEDULING
from tootui.api.publish import OutgoingPost, PublishCancelled, PublishProgress, publish
from tootui.clock import now
from tootui.compose_rules import (
    VISIBILITY_LABELS,
    attachment_problem,
    format_schedule,
    language_problem,
    limits,
    outgoing,
    quote_policies,
    quote_policy_label,
    read_schedule,
    repair_language,
    schedule_problem,
    schedule_question,
    scheduled_time,
    send_problem,
    suggestions_for,
    undescribed,
    undescribed_reminder,
    visibilities,
)
from tootui.context import Context, context
from tootui.drafts import Draft, DraftMedia, DraftStore
from tootui.editor import chosen_editor, edit_externally
from tootui.i18n import N_, _
from tootui.keys import HelpSection
from tootui.messages import StatusChanged
from tootui.screens.base import PassesFailures
from tootui.screens.prompt import ChoicePrompt, ConfirmPrompt, TextPrompt
from tootui.widgets.compose_fields import AttachmentRow, PollFields
from tootui.widgets.compose_form import ComposeForm
from tootui.widgets.footer import Footer
from tootui.widgets.suggestions import SuggestionList

if TYPE_CHECKING:
    from textual.screen import Screen

    from tootui.session import AccountSession

SAVE_DELAY = 0.5  # seconds of quiet before the draft is written to disk


class ComposeScreen(PassesFailures, ModalScreen[Status | None]):
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
    class Suggestions(Message, bubble=False):
        """Handles or hashtags the server knows that start like ``token``."""

        token: str
        items: list[str]

    @dataclass
    class SourceLoaded(Message, bubble=False):
        text: str
        spoiler_text: str

    def __init__(
        self,
        draft: Draft,
        *,
        reply_to: Status | None = None,
        load_source: bool = False,
        prefilled: bool = False,
        store: DraftStore | None = None,
        quote_of: Status | None = None,
    ) -> None:
        """``prefilled``: the starting text is not the user's own (the mentions of a reply,
        a post being edited), so closing without a change loses nothing and asks nothing."""
        super().__init__()
        self.draft = draft
        self.reply_to = reply_to
        self.quote_of = quote_of  # the post quoted, when the draft quotes one
        self.load_source = load_source
        self.store = store or DraftStore()
        self.sending = False
        self.finished = False  # posted or discarded: nothing more to save
        self._save_timer: Timer | None = None
        self._alt_warned: str | None = None  # key of the draft we already reminded about
        self._saved_state = draft.idempotency_key()
        self._widest = draft.visibility if (reply_to is not None or draft.edit_id) else None
        self.prefilled = prefilled
        self._pristine_state: str | None = None  # the form as it opened, when prefilled
        self._language_note = ""
        self._text_before_source = draft.text
        self._stop_sending = threading.Event()  # set when the composer goes away

    # --- helpers --------------------------------------------------------------------

    @property
    def tootui(self) -> Context:
        return context(self)

    @property
    def session(self) -> AccountSession:
        sessions = self.tootui.sessions
        return sessions.get(self.draft.acct) or self.tootui.session

    @property
    def form(self) -> ComposeForm:
        return self.query_one(ComposeForm)

    def say(self, text: str, *, error: bool = False) -> None:
        """One sentence in the composer's status line (in red when ``error``)."""
        self.form.say(text, error=error)

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

    def _visibility_choices(self) -> list[str]:
        if self.draft.edit_id:
            return [self.draft.visibility]  # a post's visibility cannot be edited
        return visibilities(self.session, self._widest)

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

    def _draw_header(self) -> None:
        self.form.draw_header(other_accounts=len(self.tootui.sessions) > 1)

    def _cursor_to_end(self) -> None:
        """After text that was not typed here (prefilled, loaded, from the editor)."""
        area = self.query_one("#text", TextArea)
        area.move_cursor(area.document.end)
        # A #tag it ends with was not just typed: nothing to suggest for it.
        self.query_one(SuggestionList).token = self.form.token_at_cursor()

    def collect(self) -> Draft:
        """The draft as the form now shows it (also kept in ``self.draft``)."""
        return self.form.collect()

    def _update_counter(self) -> None:
        self.form.count(*limits(self.session.instance))

    # --- saving as you type ----------------------------------------------------------

    def _changed(self) -> None:
        self._update_counter()
        if self.finished or not self.is_mounted:
            return
        state = self.collect().idempotency_key()  # a digest of everything in the form
        if state == self._saved_state:
            return  # e.g. widgets announcing their first value: nothing new to save
        # One timer while typing, none while idle: each change pushes the save back.
        if self._save_timer is None:
            self._save_timer = self.set_timer(SAVE_DELAY, self._autosave)
        else:
            self._save_timer.reset()

    def _autosave(self) -> None:
        self._save_timer = None
        self.save_now()

    def save_now(self) -> None:
        """Write the draft to disk at once (also on close and quit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.finished or not self.is_mounted:
            return
        try:
            self.store.save(self.collect())
            self._saved_state = self.draft.idempotency_key()
        except OSError as error:
            self.say(_("Could not save the draft: {error}").format(error=error), error=True)

    @on(TextArea.Changed, "#text")
    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _on_field_changed(self, event: Message) -> None:
        if isinstance(event, Input.Changed) and event.input.id == "media-path":
            return
        if isinstance(event, TextArea.Changed):
            self.query_one(SuggestionList).typed(self.form.token_at_cursor())
            self.form.show_preview()
        if isinstance(event, Select.Changed):
            self.collect()
            self.form.show_settings()  # who can quote depends on the visibility
        self._changed()

    # --- autocomplete of @handles, #tags and :emoji: --------------------------------

    @on(SuggestionList.Wanted)
    def _find_suggestions(self, message: SuggestionList.Wanted) -> None:
        self._search(message.token, self.session)

    @work(thread=True, exclusive=True, group="autocomplete", exit_on_error=False)
    def _search(self, token: str, session: AccountSession) -> None:
        self.post_message(self.Suggestions(token, suggestions_for(session.client, token)))

    def on_compose_screen_suggestions(self, message: Suggestions) -> None:
        self.query_one(SuggestionList).offer(message.token, message.items)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Up and down move through the suggestions while they show; else the cursor.
        if action == "suggestion":
            return self._suggesting()
        return True

    def _suggesting(self) -> bool:
        showing = self.query_one(SuggestionList).showing
        return showing and self.focused is self.query_one("#text", TextArea)

    def action_suggestion(self, step: int) -> None:
        self.query_one(SuggestionList).move(step)

    def action_accept_suggestion(self) -> None:
        if not self._suggesting():
            # this binding stands in for the screen's own tab: move on as usual
            self.focus_next()
            return
        suggestions = self.query_one(SuggestionList)
        choice = suggestions.chosen
        if choice is None:
            return
        area = self.query_one("#text", TextArea)
        token = self.form.token_at_cursor()
        row, column = area.cursor_location
        area.replace(choice + " ", (row, column - len(token)), (row, column))
        suggestions.close()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_clicked(self, event: OptionList.OptionSelected) -> None:
        self.query_one(SuggestionList).highlighted = event.option_index
        self.query_one("#text", TextArea).focus()
        self.action_accept_suggestion()

    def on_unmount(self) -> None:
        self._stop_sending.set()  # no waiting on for uploads nobody will post
        # A quit (or crash handling) while the composer is open keeps the last words.
        if self._save_timer is not None and not self.finished:
            self._save_timer.stop()
            self._save_timer = None
            try:
                self.store.save(self.draft)
            except OSError:
                pass  # the app is going away; the previous save is still on disk

    # --- actions ---------------------------------------------------------------------

    def action_toggle_cw(self) -> None:
        self.form.toggle_cw()
        self._changed()

    def action_cycle_visibility(self) -> None:
        if self.draft.edit_id:
            self.say(_("An edit cannot change who sees the post."), error=True)
            return
        select = self.query_one("#visibility", Select)
        choices = self._visibility_choices()
        current = select.value if select.value in choices else choices[0]
        select.value = choices[(choices.index(str(current)) + 1) % len(choices)]
        self.say(_("Visibility: {v}").format(v=VISIBILITY_LABELS[str(select.value)]))

    def action_cycle_account(self) -> None:
        if self.draft.edit_id:
            self.say(_("An edit stays with the account that wrote the post."), error=True)
            return
        accts = list(self.tootui.sessions)
        if self.draft.in_reply_to_id:
            # a post id only means something on its own server
            host = self.session.host
            accts = [a for a in accts if self.tootui.sessions[a].host == host]
        if len(accts) < 2:
            self.say(_("No other account to post from."))
            return
        index = accts.index(self.draft.acct) if self.draft.acct in accts else -1
        self.draft.acct = accts[(index + 1) % len(accts)]
        self._draw_header()
        self._update_counter()
        self.say(_("Posting as @{acct}").format(acct=self.draft.acct))
        self._changed()

    def action_toggle_sensitive(self) -> None:
        box = self.query_one("#sensitive", Checkbox)
        box.value = not box.value

    def action_attach(self) -> None:
        path_input = self.query_one("#media-path", Input)
        path_input.add_class("-on")
        path_input.focus()

    def action_toggle_poll(self) -> None:
        if self.draft.edit_id:
            self.say(_("An edit cannot add a poll; delete and redraft the post (D)."), error=True)
            return
        self.form.toggle_poll()
        self._changed()

    def action_schedule(self) -> None:
        """Choose when the post is published (typed in local time), or clear the schedule."""
        if self.draft.edit_id:
            self.say(_("An edit is saved at once; it cannot be scheduled."), error=True)
            return
        when = scheduled_time(self.draft)
        if when is None:
            self._ask_time()
            return

        def chosen(answer: str | None) -> None:
            if answer == "change":
                self._ask_time()
            elif answer == "clear":
                self._set_schedule(None)

        title = _("Scheduled for {time}").format(time=format_schedule(when, now()))
        choices = [
            ("change", _("Choose another time")),
            ("clear", _("Publish when sent (no schedule)")),
        ]
        self.app.push_screen(ChoicePrompt(title, choices), chosen)

    def _ask_time(self, typed: str = "", problem: str = "") -> None:
        question = schedule_question(now(), problem)
        self.app.push_screen(TextPrompt(question, value=typed), self._time_typed)

    def _time_typed(self, typed: str | None) -> None:
        if typed is None:
            return
        when, problem = read_schedule(typed, now())
        if when is None:  # asked again with what was typed, to correct it
            self._ask_time(typed, problem)
            return
        self._set_schedule(when.astimezone(UTC).isoformat())
        self.say(
            _("Scheduled for {time}: ctrl+s hands it to the server.").format(
                time=format_schedule(when, now())
            )
        )

    def _set_schedule(self, value: str | None) -> None:
        self.draft.scheduled_at = value
        if value is None:
            self.say(_("No schedule: ctrl+s publishes the post at once."))
        self.form.show_settings()
        self._changed()

    def action_cycle_quote_policy(self) -> None:
        if self.draft.edit_id:
            self.say(_("An edit keeps who can quote the post."), error=True)
            return
        draft = self.collect()
        choices = quote_policies(draft.visibility)
        if len(choices) == 1:
            self.say(_("Followers-only posts and private mentions can't be quoted."))
            return
        index = choices.index(draft.quote_policy) if draft.quote_policy in choices else -1
        draft.quote_policy = choices[(index + 1) % len(choices)]
        self.form.show_settings()
        self.say(_("Who can quote: {who}").format(who=quote_policy_label(draft)))
        self._changed()

    def _attachable(self, value: str) -> Path | None:
        """The file to attach, or None after saying why it cannot be."""
        path = Path(value).expanduser()
        poll = self.query_one(PollFields).has_class("-on")
        session = self.session
        problem = attachment_problem(path, self.draft, session.instance, session.host, poll=poll)
        if problem:
            self.say(problem, error=True)
            return None
        return path.resolve()

    @on(Input.Submitted, "#media-path")
    async def _add_media(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            event.input.remove_class("-on")
            self.query_one("#text", TextArea).focus()
            return
        path = self._attachable(value)
        if path is None:
            return
        self.collect()
        media = DraftMedia(path=str(path))
        self.draft.media.append(media)
        index = len(self.draft.media) - 1
        await self.form.show_attachment(index, media)
        event.input.value = ""
        event.input.remove_class("-on")
        self.query_one(f"#alt-{index}", Input).focus()
        self.say(_("Attached {name}: now describe it (alt text).").format(name=path.name))
        self._changed()

    def action_external_editor(self) -> None:
        from textual.app import SuspendNotSupported

        editor = chosen_editor()
        if not editor:
            self.say(_("Set $VISUAL or $EDITOR to write in your own editor."), error=True)
            return
        area = self.query_one("#text", TextArea)
        try:
            with self.app.suspend():
                text = edit_externally(area.text, editor)
        except SuspendNotSupported:  # e.g. under a test driver: no terminal to hand over
            text = edit_externally(area.text, editor)
        except OSError as error:
            self.say(_("Could not run {editor}: {error}").format(editor=editor, error=error))
            return
        area.load_text(text)
        self._cursor_to_end()
        self._changed()
        self.save_now()

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
