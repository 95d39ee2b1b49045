"""The composer's form: one draft laid out as fields, and read back from them.

``ComposeForm`` shows who posts and what the post answers, quotes or edits, when it is
scheduled for and who may quote it, the content warning,
the text (with right-to-left text also shown as it will read), the suggestions for what is
being typed, visibility, language, sensitive media, the characters left, the attachments
and the poll, and the status line. ``collect()`` puts what the fields show back into the
draft. What the keys do, saving and sending belong to ``tootui.screens.composer``.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from tootui.api import Status
from tootui.clock import now
from tootui.compose_rules import (
    VISIBILITY_LABELS,
    format_schedule,
    quote_policy_label,
    scheduled_time,
)
from tootui.context import bidi_enabled
from tootui.counter import post_length
from tootui.drafts import Draft, DraftMedia
from tootui.i18n import _
from tootui.languages import LONGEST, post_language
from tootui.render.bidi import may_need_reordering
from tootui.render.display import DisplayText, isolate, quote
from tootui.widgets.compose_fields import (
    AttachmentRow,
    CharacterCounter,
    PathSuggester,
    PollFields,
)
from tootui.widgets.suggestions import SuggestionList, token_before


class ComposeForm(Vertical):
    """Every field of one draft. ``visibilities``: the choices to offer, widest first;
    ``poll_choices``: how many choices a poll may have on this server."""

    DEFAULT_CSS = """
    ComposeForm #compose-account { height: 1; padding: 0 1; background: $panel; }
    ComposeForm #compose-context { height: auto; max-height: 2; padding: 0 1;
        color: $text-muted; }
    ComposeForm #compose-settings { height: auto; max-height: 2; padding: 0 1;
        color: $text-muted; }
    ComposeForm #cw { display: none; }
    ComposeForm #cw.-on { display: block; }
    ComposeForm #text { height: 1fr; min-height: 5; }
    ComposeForm #compose-preview { display: none; height: auto; max-height: 8;
        padding: 0 1; border-top: dashed $accent; }
    ComposeForm #compose-preview.-on { display: block; }
    ComposeForm #suggestions { display: none; height: auto; max-height: 6; }
    ComposeForm #suggestions.-on { display: block; }
    ComposeForm #options { height: 3; }
    ComposeForm #visibility { width: 36; }  /* "Unlisted (quiet public)" on one line */
    ComposeForm #language { width: 10; }  /* "zh-YUE", the longest code */
    ComposeForm .-fixed { display: none; }  /* what an edit cannot change */
    ComposeForm #sensitive { width: auto; }
    /* Attachments and the poll take room only when there are some; the text keeps the rest. */
    ComposeForm #extras { height: auto; max-height: 45%; }
    ComposeForm #media { height: auto; }
    ComposeForm #media-path { display: none; }
    ComposeForm #media-path.-on { display: block; }
    ComposeForm #poll { display: none; height: auto; }
    ComposeForm #poll.-on { display: block; }
    ComposeForm #poll-settings { height: 3; }
    ComposeForm #poll-duration { width: 16; }
    ComposeForm #compose-status { height: auto; max-height: 3; padding: 0 1; }
    ComposeForm #compose-status.-error { color: $error; text-style: bold; }
    """

    def __init__(
        self,
        draft: Draft,
        *,
        reply_to: Status | None,
        visibilities: list[str],
        poll_choices: int,
        quote_of: Status | None = None,
    ) -> None:
        super().__init__(id="compose-box")
        self.draft = draft
        self.reply_to = reply_to
        self.quote_of = quote_of
        self.visibilities = visibilities
        self.poll_choices = poll_choices

    def compose(self) -> ComposeResult:
        draft = self.draft
        fixed = "-fixed" if draft.edit_id else ""  # an edit keeps visibility and language
        yield Static(id="compose-account")
        yield Static(id="compose-context")
        yield Static(id="compose-settings")
        yield Input(
            value=draft.spoiler_text,
            placeholder=_("Content warning (shown instead of the post until opened)"),
            id="cw",
            classes="-on" if draft.cw else "",
        )
        yield TextArea(
            draft.text, id="text", soft_wrap=True, show_line_numbers=False, tab_behavior="focus"
        )
        # You type in logical order; right-to-left text is also shown as it will read.
        yield Static(id="compose-preview")
        yield SuggestionList(id="suggestions")
        with Horizontal(id="options"):
            yield Select(
                [(VISIBILITY_LABELS[v], v) for v in self.visibilities],
                value=draft.visibility,
                allow_blank=False,
                id="visibility",
                classes=fixed,
            )
            yield Input(
                value=draft.language,
                placeholder=_("lang"),
                id="language",
                max_length=LONGEST,
                classes=fixed,
            )
            yield Checkbox(_("Sensitive media"), draft.sensitive, id="sensitive")
            yield CharacterCounter(id="counter")
        with VerticalScroll(id="extras"):
            yield Input(
                placeholder=_("File to attach: type a path (→ completes), enter adds it"),
                suggester=PathSuggester(),
                id="media-path",
            )
            yield Vertical(id="media")
            yield PollFields(draft, self.poll_choices)
        yield Static(id="compose-status")

    def draw_header(self, *, other_accounts: bool) -> None:
        """Who posts (and that ctrl+n changes it), and what the post answers or edits."""
        draft = self.draft
        bar = Text()
        bar.append(_("From") + " ", "dim")
        bar.append("@" + draft.acct, "bold")
        if other_accounts and not draft.edit_id:
            bar.append("   " + _("ctrl+n: another account"), "dim")
        self.query_one("#compose-account", Static).update(bar)
        context = Text()
        if draft.edit_id:
            context.append(_("Editing your post"), "italic")
            context.append(
                " · "
                + _("visibility ({visibility}) and language stay as they are").format(
                    visibility=VISIBILITY_LABELS.get(draft.visibility, draft.visibility)
                ),
                "dim",
            )
        elif self.reply_to is not None:
            self._about(context, _("Replying to"), self.reply_to)
        elif self.quote_of is not None:
            self._about(context, _("Quoting"), self.quote_of)
        elif draft.quoted_status_id:
            context.append(_("Quoting a post"), "italic")
        elif draft.in_reply_to_id:
            context.append(_("Reply"), "italic")
        line = self.query_one("#compose-context", Static)
        line.update(DisplayText(context, enabled=bidi_enabled(self)))
        line.display = bool(context.plain)  # a new post has no context: the text gets the line

    @staticmethod
    def _about(context: Text, words: str, status: Status) -> None:
        """ "Replying to @who: what they wrote" (or quoting), the text shortened."""
        from tootui.render.html import html_to_text

        target = status.target
        context.append(words + " ", "italic")
        context.append_text(isolate("@" + target.account.acct, "bold"))
        context.append(": ")
        plain = html_to_text(target.content).plain  # remote text: never markup
        context.append_text(quote(plain, 120))  # paragraph by paragraph, in order

    def show_settings(self) -> None:
        """When the post is to be published, if not now, and who may quote it."""
        draft = self.draft
        line = Text()
        when = scheduled_time(draft)
        if when is not None:
            line.append(_("Scheduled for {time}").format(time=format_schedule(when, now())), "bold")
            line.append(" (ctrl+l)  ", "dim")
        if not draft.edit_id:
            line.append(_("Who can quote: {who}").format(who=quote_policy_label(draft)))
            line.append(" (ctrl+b)", "dim")
        settings = self.query_one("#compose-settings", Static)
        settings.update(DisplayText(line, enabled=bidi_enabled(self)))
        settings.display = bool(line.plain)

    async def show_attachment(self, index: int, media: DraftMedia) -> None:
        """Add the row of the draft's attachment number ``index``."""
        label = Path(media.path).name if media.path else _("(already attached)")
        row = AttachmentRow(index, label, media.description)
        await self.query_one("#media", Vertical).mount(row)
        if media.media_id:
            row.set_state(_("uploaded"))

    def say(self, text: str, *, error: bool = False) -> None:
        """One sentence in the form's status line (in red when ``error``)."""
        status = self.query_one("#compose-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    def toggle_cw(self) -> None:
        """Show or hide the content warning; the cursor goes to it, or back to the text."""
        field = self.query_one("#cw", Input)
        field.toggle_class("-on")
        (field if field.has_class("-on") else self.query_one("#text", TextArea)).focus()

    def toggle_poll(self) -> None:
        """Show or hide the poll; the cursor goes to its first choice, or back to the text."""
        poll = self.query_one(PollFields)
        poll.toggle_class("-on")
        first = self.query_one("#poll-0", Input) if poll.has_class("-on") else None
        (first or self.query_one("#text", TextArea)).focus()

    def load_source(self, text: str, spoiler_text: str) -> None:
        """Show a post's own text and content warning, as the server keeps them."""
        self.query_one("#text", TextArea).load_text(text)
        cw_field = self.query_one("#cw", Input)
        cw_field.value = spoiler_text
        cw_field.set_class(bool(spoiler_text), "-on")

    def collect(self) -> Draft:
        """The draft as the form now shows it (also kept in ``self.draft``)."""
        draft = self.draft
        draft.text = self.query_one("#text", TextArea).text
        draft.spoiler_text = self.query_one("#cw", Input).value
        draft.cw = self.query_one("#cw", Input).has_class("-on")
        value = self.query_one("#visibility", Select).value
        if isinstance(value, str):
            draft.visibility = value
        typed = self.query_one("#language", Input).value.strip()
        draft.language = post_language(typed) or typed.lower()  # "EN" -> "en"; "unk" is refused
        draft.sensitive = self.query_one("#sensitive", Checkbox).value
        for index, media in enumerate(draft.media):
            alt = self.query(f"#alt-{index}")
            if alt:
                media.description = alt.first(Input).value
        self.query_one(PollFields).read_into(draft)
        return draft

    def count(self, limit: int, url_length: int) -> None:
        """Show the characters left of ``limit``, counted as the server counts them."""
        text = self.query_one("#text", TextArea).text
        cw_field = self.query_one("#cw", Input)
        spoiler = cw_field.value if cw_field.has_class("-on") else ""
        used = post_length(text, spoiler, url_length=url_length)
        self.query_one(CharacterCounter).show(used, limit)

    def show_preview(self) -> None:
        """Right-to-left text as it will read (shaped, in visual order) under the editor."""
        preview = self.query_one("#compose-preview", Static)
        text = self.query_one("#text", TextArea).text
        shown = bidi_enabled(self) and may_need_reordering(text)
        preview.set_class(shown, "-on")
        if not shown:
            return
        # laid out at the preview's own width when drawn: wrapped, then each line reordered
        preview.update(DisplayText(Text(text), enabled=True, base="own"))

    def token_at_cursor(self) -> str:
        """The @handle, #tag or :emoji being typed just before the cursor, or ""."""
        area = self.query_one("#text", TextArea)
        row, column = area.cursor_location
        return token_before(area.document.get_line(row)[:column])
