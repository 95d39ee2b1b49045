"""The keys that change a draft: its warning, visibility, account, media, poll, time.

``DraftKeys`` is the composer's part that answers them (their bindings are listed with the
others on ``ComposeScreen``): content warning, who sees the post, the account it is posted
from, sensitive media, attaching a file (``Input.Submitted`` from the path field), a poll,
the time to publish it (asked with ``TextPrompt``/``ChoicePrompt``), who may quote it, and
writing in ``$VISUAL``/``$EDITOR``. An edit of a published post refuses what a server cannot
change, with a sentence.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from textual import on
from textual.widgets import Checkbox, Input, Select, TextArea

from tootui.clock import now
from tootui.compose_rules import (
    VISIBILITY_LABELS,
    attachment_problem,
    format_schedule,
    quote_policies,
    quote_policy_label,
    read_schedule,
    schedule_question,
    scheduled_time,
)
from tootui.drafts import DraftMedia
from tootui.editor import chosen_editor, edit_externally
from tootui.i18n import _
from tootui.screens.composer_base import ComposerBase
from tootui.screens.prompt import ChoicePrompt, TextPrompt
from tootui.widgets.compose_fields import PollFields


class DraftKeys(ComposerBase):
    """The composer's keys that change the draft's settings and contents."""

    def _edit_refuses(self, sentence: str) -> bool:
        """True, having said ``sentence``, when the draft edits a published post (which
        cannot change what the key changes)."""
        if self.draft.edit_id:
            self.say(sentence, error=True)
            return True
        return False

    def action_toggle_cw(self) -> None:
        self.form.toggle_cw()
        self._changed()

    def action_cycle_visibility(self) -> None:
        if self._edit_refuses(_("An edit cannot change who sees the post.")):
            return
        select = self.query_one("#visibility", Select)
        choices = self._visibility_choices()
        current = select.value if select.value in choices else choices[0]
        select.value = choices[(choices.index(str(current)) + 1) % len(choices)]
        self.say(_("Visibility: {v}").format(v=VISIBILITY_LABELS[str(select.value)]))

    def action_cycle_account(self) -> None:
        if self._edit_refuses(_("An edit stays with the account that wrote the post.")):
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
        if self._edit_refuses(_("An edit cannot add a poll; delete and redraft the post (D).")):
            return
        self.form.toggle_poll()
        self._changed()

    def action_schedule(self) -> None:
        """Choose when the post is published (typed in local time), or clear the schedule."""
        if self._edit_refuses(_("An edit is saved at once; it cannot be scheduled.")):
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
        if self._edit_refuses(_("An edit keeps who can quote the post.")):
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
