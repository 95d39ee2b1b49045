"""Writing posts: the composer, replies, edits, delete (and redraft), and saved drafts.

Nothing typed is lost: the composer saves its draft to disk as you type (``tootui.drafts``),
a failed post keeps the composer open with everything intact and says why, and a retry
sends the same ``Idempotency-Key`` so it never makes a second post. Network calls run in
thread workers that report back with messages.
"""

from __future__ import annotations

import copy
import locale
import os
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Checkbox, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from tootui.api import ApiError, Status
from tootui.context import Context, bidi_enabled, context
from tootui.counter import post_length
from tootui.drafts import Draft, DraftMedia, DraftStore
from tootui.i18n import _, ngettext
from tootui.languages import LONGEST, first_language, post_language
from tootui.messages import StatusChanged, StatusDeleted
from tootui.render.bidi import may_need_reordering
from tootui.render.display import DisplayText, isolate, quote
from tootui.render.sanitize import clean_text
from tootui.screens.prompt import ConfirmPrompt
from tootui.widgets.compose_fields import AttachmentRow, CharacterCounter, PathSuggester
from tootui.widgets.footer import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

    from tootui.session import AccountSession

SAVE_DELAY = 0.5  # seconds of quiet before the draft is written to disk
SUGGEST_DELAY = 0.3  # seconds of quiet before suggesting @handles, #tags or :emoji:
SUGGESTIONS = 6  # how many suggestions are shown at most
PROCESSING_TIMEOUT = 120.0  # how long to wait for the server to process an upload

VISIBILITY_LABELS = {
    "public": _("Public"),
    "unlisted": _("Unlisted (quiet public)"),
    "private": _("Followers only"),
    "direct": _("Mentioned people only"),
    "local": _("Local only"),
}
# How far a post travels; a reply may never travel further than what it answers.
_WIDTH = {"public": 4, "local": 3, "unlisted": 3, "private": 2, "direct": 1}

_DURATION_RE = re.compile(r"^\s*(\d+)\s*([mhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 60, "m": 60, "h": 3600, "d": 86400}
# What is being typed before the cursor: an @handle, a #tag or an :emoji shortcode.
_TOKEN_RE = re.compile(r"(?:^|(?<=[\s(]))([@#][\w.-]*(?:@[\w.-]*)?|:\w*)$")
_SECRET_ENV = re.compile(r"TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|AUTH", re.IGNORECASE)


# --- defaults and the drafts made from posts -------------------------------------------


def system_language() -> str:
    """The two-letter language of the user's locale, or "" when it cannot be told."""
    for value in (
        locale.getlocale()[0],
        os.environ.get("LC_ALL"),
        os.environ.get("LC_MESSAGES"),
        os.environ.get("LANG"),
    ):
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            code = re.split(r"[_.@-]", value)[0].lower()
            if 2 <= len(code) <= 3 and code.isalpha():
                return code
    return ""


def offers_local_only(session: AccountSession) -> bool:
    """Whether the server has local-only posts (glitch-soc, Hometown and their forks)."""
    version = (session.instance.version if session.instance else "").lower()
    return any(name in version for name in ("glitch", "hometown", "chuckya"))


def visibilities(session: AccountSession, widest: str | None = None) -> list[str]:
    """The visibilities to offer, widest first, none wider than ``widest``."""
    names = ["public", "unlisted", "private", "direct"]
    if offers_local_only(session) or widest == "local":
        names.insert(1, "local")
    if widest in _WIDTH:
        names = [n for n in names if _WIDTH[n] <= _WIDTH[widest]]
    return names


def narrower(a: str, b: str) -> str:
    """The visibility of ``a`` and ``b`` that reaches fewer people."""
    return a if _WIDTH.get(a, 4) <= _WIDTH.get(b, 4) else b


def new_draft(session: AccountSession) -> Draft:
    """An empty draft with the account's posting defaults (then the system locale)."""
    me = session.me
    prefs = session.preferences
    visibility = (me.default_visibility if me else None) or prefs.get(
        "posting:default:visibility", "public"
    )
    # A code that names no language ("unk" from some servers) is skipped, as Mastodon does.
    language = first_language(
        me.default_language if me else None,
        prefs.get("posting:default:language"),
        system_language(),
    )
    sensitive = (me.default_sensitive if me else False) or bool(
        prefs.get("posting:default:sensitive", False)
    )
    return Draft(
        acct=session.acct,
        visibility=str(visibility or "public"),
        language=language,
        sensitive=sensitive,
    )


def _my_names(session: AccountSession) -> set[str]:
    user, _at, host = session.acct.partition("@")
    names = {session.acct.lower(), user.lower()}
    if session.me is not None:
        names.add(session.me.acct.lower())
    return names | {f"{user}@{host}".lower()}


def reply_draft(session: AccountSession, status: Status) -> Draft:
    """A reply: everyone in the conversation mentioned (but yourself), CW carried over,
    visibility no wider than the post answered."""
    target = status.target
    mine = _my_names(session)
    handles: list[str] = []
    for acct in [target.account.acct, *(m.acct for m in target.mentions)]:
        if acct and acct.lower() not in mine and acct not in handles:
            handles.append(acct)
    draft = new_draft(session)
    draft.in_reply_to_id = target.id
    draft.text = "".join(f"@{h} " for h in handles)  # ends in a space: typing goes after
    draft.visibility = narrower(draft.visibility, target.visibility)
    if target.spoiler_text:
        draft.cw = True
        draft.spoiler_text = target.spoiler_text
    draft.sensitive = draft.sensitive or target.sensitive
    # The post's language when it names one; else the account's default ("unk" is no language).
    draft.language = post_language(target.language) or draft.language
    return draft


def mention_draft(session: AccountSession, acct: str) -> Draft:
    """A new post that starts by mentioning ``acct`` (from their profile)."""
    draft = new_draft(session)
    if acct.lower() not in _my_names(session):
        draft.text = f"@{acct} "
    return draft


def edit_draft(session: AccountSession, status: Status) -> Draft:
    """Editing one's own post; its source text arrives later from the server."""
    target = status.target
    return Draft(
        acct=session.acct,
        edit_id=target.id,
        in_reply_to_id=target.in_reply_to_id,
        text=target.text or "",
        spoiler_text=target.spoiler_text,
        cw=bool(target.spoiler_text),
        visibility=target.visibility,
        language=post_language(target.language) or "",  # not sent with an edit
        sensitive=target.sensitive,
        media=[
            DraftMedia(path="", description=m.description or "", media_id=m.id)
            for m in target.media_attachments
        ],
    )


def redraft_draft(session: AccountSession, deleted: Status) -> Draft:
    """A new draft from a post just deleted (its source text came back with the delete)."""
    draft = edit_draft(session, deleted)
    draft.edit_id = None
    draft.media = []  # deleted with the post on most servers; attach again
    draft.language = draft.language or new_draft(session).language
    if deleted.poll is not None:
        draft.poll = True
        draft.poll_options = [o.title for o in deleted.poll.options]
        draft.poll_multiple = deleted.poll.multiple
    return draft


def matching_emojis(shortcodes: Iterable[str], typed: str) -> list[str]:
    """The shortcodes that start with ``typed`` (any case), then those that contain it."""
    wanted = typed.lower()
    starts = [c for c in shortcodes if c.lower().startswith(wanted)]
    within = [c for c in shortcodes if wanted in c.lower() and c not in starts]
    return (starts + within)[:SUGGESTIONS]


def parse_duration(value: str) -> int | None:
    """Seconds from "30m", "6h", "3d" (a bare number is minutes); None if unreadable."""
    match = _DURATION_RE.match(value)
    if not match:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def editor_environment() -> dict[str, str]:
    """The environment for $VISUAL/$EDITOR: ours, minus anything that looks like a secret."""
    return {k: v for k, v in os.environ.items() if not _SECRET_ENV.search(k)}


def edit_externally(text: str, editor: str) -> str:
    """Run ``editor`` on a private temporary file holding ``text``; return what it saved.

    The file ends in a newline, as a text file does, so a line the editor (or a script)
    appends starts on its own line; one final newline is taken off again on the way back,
    so opening and saving without a change gives back exactly ``text``.
    """
    handle, name = tempfile.mkstemp(prefix="tootui-draft-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text + "\n" if text else "")
        subprocess.run(  # noqa: S603 - the user's own editor, by design
            [*shlex.split(editor), str(path)], env=editor_environment(), check=False
        )
        return path.read_text(encoding="utf-8").removesuffix("\n")  # "\r\n" reads as "\n"
    finally:
        path.unlink(missing_ok=True)


# --- small dialogs ------------------------------------------------------------------


class DeleteScreen(ModalScreen[Status | None]):
    """Asks, then deletes one's own post; dismisses with the deleted post (for redraft)."""

    DEFAULT_CSS = """
    DeleteScreen { align: center middle; }
    DeleteScreen > Static {
        width: 64; height: auto; border: round $error; background: $panel; padding: 1 2;
    }
    """

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

    def on_delete_screen_done(self, message: Done) -> None:
        self.dismiss(message.status)

    def on_delete_screen_failed(self, message: Failed) -> None:
        self.busy = False
        text = Text(str(message.error) + "\n\n", "bold red")
        text.append(_("y to try again, n to keep the post"))
        self.query_one("#delete-question", Static).update(text)


# --- the composer ------------------------------------------------------------------


class ComposeScreen(ModalScreen[Status | None]):
    """Write (or edit) one post; dismisses with the published post, or None."""

    DEFAULT_CSS = """
    ComposeScreen { align: center middle; }
    ComposeScreen > #compose-box {
        width: 100%; max-width: 110; height: 100%; max-height: 44;
        border: round $accent; background: $surface;
    }
    ComposeScreen #compose-account { height: 1; padding: 0 1; background: $panel; }
    ComposeScreen #compose-context { height: auto; max-height: 2; padding: 0 1;
        color: $text-muted; }
    ComposeScreen #cw { display: none; }
    ComposeScreen #cw.-on { display: block; }
    ComposeScreen #text { height: 1fr; min-height: 5; }
    ComposeScreen #compose-preview { display: none; height: auto; max-height: 8;
        padding: 0 1; border-top: dashed $accent; }
    ComposeScreen #compose-preview.-on { display: block; }
    ComposeScreen #suggestions { display: none; height: auto; max-height: 6; }
    ComposeScreen #suggestions.-on { display: block; }
    ComposeScreen #options { height: 3; }
    ComposeScreen #visibility { width: 36; }  /* "Unlisted (quiet public)" on one line */
    ComposeScreen #language { width: 10; }  /* "zh-YUE", the longest code */
    ComposeScreen .-fixed { display: none; }  /* what an edit cannot change */
    ComposeScreen #sensitive { width: auto; }
    /* Attachments and the poll take room only when there are some; the text keeps the rest. */
    ComposeScreen #extras { height: auto; max-height: 45%; }
    ComposeScreen #media { height: auto; }
    ComposeScreen #media-path { display: none; }
    ComposeScreen #media-path.-on { display: block; }
    ComposeScreen #poll { display: none; height: auto; }
    ComposeScreen #poll.-on { display: block; }
    ComposeScreen #poll-settings { height: 3; }
    ComposeScreen #poll-duration { width: 16; }
    ComposeScreen #compose-status { height: auto; max-height: 3; padding: 0 1; }
    ComposeScreen #compose-status.-error { color: $error; text-style: bold; }
    """

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
    ) -> None:
        """``prefilled``: the starting text is not the user's own (the mentions of a reply,
        a post being edited), so closing without a change loses nothing and asks nothing."""
        super().__init__()
        self.draft = draft
        self.reply_to = reply_to
        self.load_source = load_source
        self.store = store or DraftStore()
        self.sending = False
        self.finished = False  # posted or discarded: nothing more to save
        self._save_timer: Timer | None = None
        self._alt_warned: str | None = None  # key of the draft we already reminded about
        self._saved_state = draft.idempotency_key()
        self._suggest_timer: Timer | None = None
        self._suggest_token = ""
        self._suggestions: list[str] = []  # what the suggestion list shows, in order
        self._widest = draft.visibility if (reply_to is not None or draft.edit_id) else None
        self.prefilled = prefilled
        self._pristine_state: str | None = None  # the form as it opened, when prefilled
        self._language_note = ""
        self._text_before_source = draft.text

    # --- helpers --------------------------------------------------------------------

    @property
    def tootui(self) -> Context:
        return context(self)

    @property
    def session(self) -> AccountSession:
        sessions = self.tootui.sessions
        return sessions.get(self.draft.acct) or self.tootui.session

    def _limit(self) -> tuple[int, int]:
        instance = self.session.instance
        if instance is None:
            return 500, 23
        return instance.max_characters, instance.characters_reserved_per_url

    def say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#compose-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    # --- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        draft = self.draft
        if not draft.edit_id and draft.language and post_language(draft.language) is None:
            # e.g. a draft saved before codes were checked, with a server's "unk"
            given = draft.language
            draft.language = new_draft(self.session).language
            self._language_note = _(
                "“{code}” is not a language code, so the language is now {language}."
            ).format(code=given, language=draft.language or _("the server's choice"))
        fixed = "-fixed" if draft.edit_id else ""  # an edit keeps visibility and language
        with Vertical(id="compose-box"):
            yield Static(id="compose-account")
            yield Static(id="compose-context")
            yield Input(
                value=draft.spoiler_text,
                placeholder=_("Content warning (shown instead of the post until opened)"),
                id="cw",
                classes="-on" if draft.cw else "",
            )
            yield TextArea(
                draft.text,
                id="text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
            )
            # You type in logical order; right-to-left text is also shown as it will read.
            yield Static(id="compose-preview")
            suggestions = OptionList(id="suggestions")
            suggestions.can_focus = False  # tab takes the highlighted one; typing goes on
            yield suggestions
            with Horizontal(id="options"):
                yield Select(
                    [(VISIBILITY_LABELS[v], v) for v in self._visibility_choices()],
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
                with Vertical(id="poll", classes="-on" if draft.poll else ""):
                    for index in range(self._max_poll_options()):
                        value = draft.poll_options[index] if index < len(draft.poll_options) else ""
                        yield Input(
                            value=value,
                            placeholder=_("Choice {n}").format(n=index + 1),
                            id=f"poll-{index}",
                            classes="poll-option",
                        )
                    with Horizontal(id="poll-settings"):
                        yield Input(
                            value=_format_duration(draft.poll_expires_in),
                            placeholder=_("e.g. 30m, 6h, 3d"),
                            id="poll-duration",
                        )
                        yield Checkbox(
                            _("Multiple choice"), draft.poll_multiple, id="poll-multiple"
                        )
                        yield Checkbox(_("Hide totals"), draft.poll_hide_totals, id="poll-hide")
            yield Static(id="compose-status")
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
            await self._mount_attachment(index, media)
        self._draw_header()
        self._update_counter()
        self.call_after_refresh(self._show_preview)  # a restored draft in Arabic, say
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
        if self.load_source and self.draft.edit_id:
            self.say(_("Loading the post's text…"))
            self._fetch_source(self.draft.edit_id)

    def _draw_header(self) -> None:
        bar = Text()
        bar.append(_("From") + " ", "dim")
        bar.append("@" + self.draft.acct, "bold")
        if len(self.tootui.sessions) > 1 and not self.draft.edit_id:
            bar.append("   " + _("ctrl+n: another account"), "dim")
        self.query_one("#compose-account", Static).update(bar)
        context = Text()
        if self.draft.edit_id:
            context.append(_("Editing your post"), "italic")
            context.append(
                " · "
                + _("visibility ({visibility}) and language stay as they are").format(
                    visibility=VISIBILITY_LABELS.get(self.draft.visibility, self.draft.visibility)
                ),
                "dim",
            )
        elif self.reply_to is not None:
            target = self.reply_to.target
            context.append(_("Replying to") + " ", "italic")
            context.append_text(isolate("@" + target.account.acct, "bold"))
            context.append(": ")
            from tootui.render.html import html_to_text

            plain = html_to_text(target.content).plain  # remote text: never markup
            context.append_text(quote(plain, 120))  # paragraph by paragraph, in order
        elif self.draft.in_reply_to_id:
            context.append(_("Reply"), "italic")
        bidi = bidi_enabled(self)
        line = self.query_one("#compose-context", Static)
        line.update(DisplayText(context, enabled=bidi))
        line.display = bool(context.plain)  # a new post has no context: the text gets the line

    async def _mount_attachment(self, index: int, media: DraftMedia) -> None:
        label = Path(media.path).name if media.path else _("(already attached)")
        row = AttachmentRow(index, label, media.description)
        await self.query_one("#media", Vertical).mount(row)
        if media.media_id:
            row.set_state(_("uploaded"))

    def _cursor_to_end(self) -> None:
        """After text that was not typed here (prefilled, loaded, from the editor)."""
        area = self.query_one("#text", TextArea)
        area.move_cursor(area.document.end)
        # A #tag it ends with was not just typed: nothing to suggest for it.
        self._suggest_token = self._token_at_cursor()

    # --- reading the form into the draft ---------------------------------------------

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
        draft.poll = self.query_one("#poll").has_class("-on")
        draft.poll_options = [field.value for field in self.query(".poll-option").results(Input)]
        duration = parse_duration(self.query_one("#poll-duration", Input).value)
        if duration is not None:
            draft.poll_expires_in = duration
        draft.poll_multiple = self.query_one("#poll-multiple", Checkbox).value
        draft.poll_hide_totals = self.query_one("#poll-hide", Checkbox).value
        return draft

    def _update_counter(self) -> None:
        limit, url_length = self._limit()
        draft = self.draft
        text = self.query_one("#text", TextArea).text
        cw_field = self.query_one("#cw", Input)
        spoiler = cw_field.value if cw_field.has_class("-on") else ""
        used = post_length(text, spoiler, url_length=url_length)
        self.query_one(CharacterCounter).show(used, limit)
        del draft

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
            self._maybe_suggest()
            self._show_preview()
        self._changed()

    def _show_preview(self) -> None:
        """Right-to-left text as it will read (shaped, in visual order) under the editor."""
        preview = self.query_one("#compose-preview", Static)
        text = self.query_one("#text", TextArea).text
        shown = bidi_enabled(self) and may_need_reordering(text)
        preview.set_class(shown, "-on")
        if not shown:
            return
        # laid out at the preview's own width when drawn: wrapped, then each line reordered
        preview.update(DisplayText(Text(text), enabled=True, base="own"))

    # --- autocomplete of @handles, #tags and :emoji: --------------------------------

    def _token_at_cursor(self) -> str:
        """The @handle, #tag or :emoji being typed just before the cursor, or ""."""
        area = self.query_one("#text", TextArea)
        row, column = area.cursor_location
        line = area.document.get_line(row)[:column]
        match = _TOKEN_RE.search(line)
        return match.group(1) if match else ""

    def _maybe_suggest(self) -> None:
        token = self._token_at_cursor()
        if token == self._suggest_token:
            return
        self._suggest_token = token
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
            self._suggest_timer = None
        if len(token) < 3:  # the sigil and two characters before asking the server
            self._hide_suggestions()
            return
        self._suggest_timer = self.set_timer(SUGGEST_DELAY, self._ask_for_suggestions)

    def _ask_for_suggestions(self) -> None:
        self._suggest_timer = None
        if self._suggest_token:
            self._search(self._suggest_token, self.session)

    @work(thread=True, exclusive=True, group="autocomplete", exit_on_error=False)
    def _search(self, token: str, session: AccountSession) -> None:
        query = token[1:]
        try:
            if token.startswith("@"):
                found = session.client.search(
                    query, resolve=False, kind="accounts", limit=SUGGESTIONS
                )
                items = ["@" + a.acct for a in found.accounts]
            elif token.startswith("#"):
                found = session.client.search(
                    query, resolve=False, kind="hashtags", limit=SUGGESTIONS
                )
                items = ["#" + t.name for t in found.hashtags]
            else:  # asked once per account, then matched here
                items = [
                    f":{code}:" for code in matching_emojis(session.client.custom_emojis(), query)
                ]
        except ApiError:
            items = []  # autocomplete is a help, not a task: typing in full still works
        self.post_message(self.Suggestions(token, items))

    def on_compose_screen_suggestions(self, message: Suggestions) -> None:
        if message.token != self._suggest_token or not message.items:
            self._hide_suggestions()
            return
        # Remote handles and tags go into what you write: one word each, no control
        # characters, each once (a server can list the same account twice).
        items = list(dict.fromkeys(i for i in message.items if _one_safe_word(i)))
        if not items:
            self._hide_suggestions()
            return
        self._suggestions = items
        options = self.query_one("#suggestions", OptionList)
        options.clear_options()
        options.add_options([Option(Text(item)) for item in items])
        options.highlighted = 0
        options.add_class("-on")

    def _hide_suggestions(self) -> None:
        self.query_one("#suggestions", OptionList).remove_class("-on")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Up and down move through the suggestions while they show; else the cursor.
        if action == "suggestion":
            return self._suggesting()
        return True

    def _suggesting(self) -> bool:
        options = self.query_one("#suggestions", OptionList)
        return options.has_class("-on") and self.focused is self.query_one("#text", TextArea)

    def action_suggestion(self, step: int) -> None:
        options = self.query_one("#suggestions", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def action_accept_suggestion(self) -> None:
        options = self.query_one("#suggestions", OptionList)
        area = self.query_one("#text", TextArea)
        if not options.has_class("-on") or self.focused is not area:
            # this binding stands in for the screen's own tab: move on as usual
            self.focus_next()
            return
        index = options.highlighted or 0
        if not 0 <= index < len(self._suggestions):
            return
        choice = self._suggestions[index]
        token = self._token_at_cursor()
        row, column = area.cursor_location
        area.replace(choice + " ", (row, column - len(token)), (row, column))
        self._suggest_token = ""
        self._hide_suggestions()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_clicked(self, event: OptionList.OptionSelected) -> None:
        options = self.query_one("#suggestions", OptionList)
        options.highlighted = event.option_index
        self.query_one("#text", TextArea).focus()
        self.action_accept_suggestion()

    def on_unmount(self) -> None:
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
        field = self.query_one("#cw", Input)
        field.toggle_class("-on")
        if field.has_class("-on"):
            field.focus()
        else:
            self.query_one("#text", TextArea).focus()
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
        poll = self.query_one("#poll")
        poll.toggle_class("-on")
        if poll.has_class("-on"):
            self.query_one("#poll-0", Input).focus()
        else:
            self.query_one("#text", TextArea).focus()
        self._changed()

    def _attachable(self, value: str) -> Path | None:
        """The file to attach, or None after saying why it cannot be."""
        path = Path(value).expanduser()
        instance = self.session.instance
        limit = instance.max_media_attachments if instance else 4
        if not path.is_file():
            self.say(_("There is no file at {path}.").format(path=path), error=True)
            return None
        if len(self.draft.media) >= limit:
            self.say(
                _("{host} takes at most {n} attachments per post.").format(
                    host=self.session.host, n=limit
                ),
                error=True,
            )
            return None
        if self.draft.poll or self.query_one("#poll").has_class("-on"):
            self.say(_("A post can have media or a poll, not both."), error=True)
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
        await self._mount_attachment(index, media)
        event.input.value = ""
        event.input.remove_class("-on")
        self.query_one(f"#alt-{index}", Input).focus()
        self.say(_("Attached {name}: now describe it (alt text).").format(name=path.name))
        self._changed()

    def action_external_editor(self) -> None:
        from textual.app import SuspendNotSupported

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
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
        if self.query_one("#suggestions", OptionList).has_class("-on"):
            self._suggest_token = ""
            self._hide_suggestions()
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

    def _problem(self, draft: Draft) -> str | None:
        """Why ``draft`` cannot be sent as it is (nothing is sent), or None."""
        limit, url_length = self._limit()
        used = post_length(
            draft.text, draft.spoiler_text if draft.cw else "", url_length=url_length
        )
        if used > limit:
            return _(
                "The post is {over} characters over {host}'s limit of {limit}; "
                "shorten it (nothing was sent, nothing is lost)."
            ).format(over=used - limit, host=self.session.host, limit=limit)
        if not draft.text.strip() and not draft.media and not draft.poll:
            return _("Write something first.")
        if draft.poll:
            options = [o.strip() for o in draft.poll_options if o.strip()]
            instance = self.session.instance
            if len(options) < 2:
                return _("A poll needs at least two choices.")
            if len(set(options)) != len(options):
                return _("Two poll choices are the same.")
            longest = instance.max_poll_option_characters if instance else 50
            if any(len(o) > longest for o in options):
                return _("A poll choice is longer than {n} characters.").format(n=longest)
            low = instance.min_poll_expiration if instance else 300
            high = instance.max_poll_expiration if instance else 2629746
            if parse_duration(self.query_one("#poll-duration", Input).value) is None:
                return _("Poll duration: write e.g. 30m, 6h or 3d.")
            if not low <= draft.poll_expires_in <= high:
                return _("A poll must run between {low} and {high}.").format(
                    low=_format_duration(low), high=_format_duration(high)
                )
            if draft.media:
                return _("A post can have media or a poll, not both.")
        return None

    def action_send(self) -> None:
        if self.sending:
            return
        draft = self.collect()
        if not draft.edit_id and draft.language and post_language(draft.language) is None:
            self.say(
                _(
                    "Language: “{code}” is not a language code. Write one such as en, de "
                    "or ar, or leave the field empty (nothing was sent, nothing is lost)."
                ).format(code=draft.language),
                error=True,
            )
            self.query_one("#language", Input).focus()
            return
        problem = self._problem(draft)
        if problem:
            self.say(problem, error=True)
            return
        self.save_now()
        missing = [i for i, m in enumerate(draft.media) if not m.description.strip()]
        key = draft.idempotency_key()
        if missing and self._alt_warned != key:
            self._alt_warned = key
            self.say(
                ngettext(
                    "{n} attachment has no description, so people who cannot see it "
                    "will not know what it shows. Add alt text, or press ctrl+s again to "
                    "post anyway.",
                    "{n} attachments have no description, so people who cannot see them "
                    "will not know what they show. Add alt text, or press ctrl+s again to "
                    "post anyway.",
                    len(missing),
                ).format(n=len(missing)),
                error=True,
            )
            self.query_one(f"#alt-{missing[0]}", Input).focus()
            return
        self.sending = True
        self.say(_("Posting…"))
        self._send(copy.deepcopy(draft), self.session)

    @work(thread=True, group="compose-send", exit_on_error=False)
    def _send(self, draft: Draft, session: AccountSession) -> None:
        client = session.client
        try:
            media_ids: list[str] = []
            for index, media in enumerate(draft.media):
                name = Path(media.path).name if media.path else str(index + 1)
                if media.media_id is None:
                    self.post_message(
                        self.Progress(
                            _("Uploading {name} ({i} of {n})…").format(
                                name=name, i=index + 1, n=len(draft.media)
                            )
                        )
                    )
                    uploaded = client.upload_media(
                        Path(media.path), description=media.description or None
                    )
                    media.media_id = uploaded.id
                    self.post_message(self.MediaUploaded(index, uploaded.id))
                    attachment = uploaded
                elif media.path:
                    attachment = client.update_media(media.media_id, media.description)
                else:
                    media_ids.append(media.media_id)
                    continue
                waited = 0.0
                while not attachment.processed:
                    if waited >= PROCESSING_TIMEOUT:
                        raise ApiError(
                            _("{host} is still processing {name}; try again in a moment.").format(
                                host=session.host, name=name
                            )
                        )
                    self.post_message(
                        self.Progress(
                            _("{host} is processing {name}…").format(host=session.host, name=name)
                        )
                    )
                    time.sleep(1.0)
                    waited += 1.0
                    attachment = client.media(media.media_id)
                media_ids.append(media.media_id)
            self.post_message(self.Progress(_("Publishing…")))
            spoiler = draft.spoiler_text if draft.cw else ""
            if draft.edit_id:
                status = client.edit(
                    draft.edit_id,
                    draft.text,
                    spoiler_text=spoiler,
                    sensitive=draft.sensitive,
                    media_ids=media_ids,
                )
            else:
                options = [o.strip() for o in draft.poll_options if o.strip()] if draft.poll else []
                status = client.post(
                    draft.text,
                    spoiler_text=spoiler,
                    visibility=draft.visibility,  # type: ignore[arg-type]
                    language=draft.language or None,
                    sensitive=draft.sensitive,
                    in_reply_to_id=draft.in_reply_to_id,
                    media_ids=media_ids,
                    poll_options=options,
                    poll_expires_in=draft.poll_expires_in,
                    poll_multiple=draft.poll_multiple,
                    poll_hide_totals=draft.poll_hide_totals,
                    idempotency_key=draft.idempotency_key(),
                )
        except ApiError as error:
            self.post_message(self.PostFailed(error))
            return
        self.post_message(self.Posted(status))

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
        self.dismiss(status)
        self.app.screen.post_message(StatusChanged(status))
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
        area.load_text(message.text)
        self._cursor_to_end()
        cw_field = self.query_one("#cw", Input)
        cw_field.value = message.spoiler_text
        cw_field.set_class(bool(message.spoiler_text), "-on")
        # The loaded post is the starting point: unchanged, it is neither saved nor asked about.
        self._saved_state = self.collect().idempotency_key()
        if self.prefilled:
            self._pristine_state = self._saved_state
        self.say(_("Editing: ctrl+s saves the change."))
        self._update_counter()


def _one_safe_word(text: str) -> bool:
    """Whether remote ``text`` can go into a post as it is: one word, nothing to neutralise."""
    return bool(text) and text == clean_text(text, max_len=200) and text.split() == [text]


def _format_duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        return f"{seconds // 86400}d"
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{max(1, seconds // 60)}m"


# --- the saved drafts --------------------------------------------------------------


class DraftsScreen(ModalScreen[Draft | None]):
    """Saved drafts, newest first: enter picks one up, x deletes it."""

    DEFAULT_CSS = """
    DraftsScreen { align: center middle; }
    DraftsScreen > Vertical {
        width: 90; max-height: 80%; height: auto; border: round $accent; background: $panel;
    }
    DraftsScreen #drafts-title { padding: 0 1; text-style: bold; }
    DraftsScreen OptionList { height: auto; max-height: 30; }
    """

    BINDINGS = [
        Binding("escape,q", "close", _("Close"), id="drafts.close"),
        Binding("x,delete", "delete_draft", _("Delete draft"), id="drafts.delete"),
    ]

    def __init__(self, store: DraftStore | None = None) -> None:
        super().__init__()
        self.store = store or DraftStore()
        self.drafts: list[Draft] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(_("Saved drafts — enter: continue, x: delete")), id="drafts-title")
            yield OptionList(id="drafts")
        yield Footer()

    def on_mount(self) -> None:
        self._fill()

    def _fill(self) -> None:
        self.drafts = self.store.list()
        options = self.query_one("#drafts", OptionList)
        options.clear_options()
        bidi = bidi_enabled(self)
        for draft in self.drafts:
            # the draft's text paragraph by paragraph, each in its own direction
            line = quote(draft.spoiler_text if draft.cw else draft.text, 56) or Text(
                draft.summary(56)
            )
            line.append(f"  @{draft.acct}", "dim")
            if draft.in_reply_to_id:
                line.append("  " + _("reply"), "dim italic")
            if draft.edit_id:
                line.append("  " + _("edit"), "dim italic")
            options.add_option(Option(DisplayText(line, enabled=bidi), id=draft.id))
        if self.drafts:
            options.highlighted = 0
        else:
            options.add_option(Option(Text(_("No saved drafts.")), disabled=True))
        options.focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#drafts")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        draft = next((d for d in self.drafts if d.id == event.option.id), None)
        if draft is not None:
            self.dismiss(draft)

    def action_delete_draft(self) -> None:
        options = self.query_one("#drafts", OptionList)
        index = options.highlighted
        if index is None or index >= len(self.drafts):
            return
        draft = self.drafts[index]

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.delete(draft.id)
                self._fill()

        self.app.push_screen(
            ConfirmPrompt(_("Delete the draft “{d}”?").format(d=draft.summary(40))), answered
        )


# --- entry points for the app and the main screen ----------------------------------


def tell(screen: Screen[object], text: str) -> None:
    """One sentence in the screen's status line, or a notification where it has none."""
    say = getattr(screen, "say", None)
    if callable(say):
        say(text)
    else:
        screen.app.notify(text, markup=False)


def act_on(what: str, screen: Screen[Any], session: AccountSession, status: Status) -> None:
    """The main screen's post keys: "reply", "edit", "delete" or "redraft"."""
    if what == "reply":
        open_reply(screen, session, status)
    elif what == "edit":
        open_edit(screen, session, status)
    elif what in ("delete", "redraft"):
        confirm_delete(screen, session, status, redraft=what == "redraft")


def open_compose(app: App[Any], draft: Draft | None = None) -> None:
    """A new post from the current account (or ``draft`` picked up again)."""
    if isinstance(app.screen, ComposeScreen | DraftsScreen | ConfirmPrompt):
        return  # e.g. "c" pressed on a checkbox inside the composer
    app.push_screen(ComposeScreen(draft or new_draft(context(app).session)))


def open_drafts(app: App[Any]) -> None:
    """The saved drafts; the one picked opens in the composer."""
    if isinstance(app.screen, ComposeScreen | DraftsScreen | ConfirmPrompt):
        return

    def picked(draft: Draft | None) -> None:
        if draft is None:
            return
        ctx = context(app)
        if draft.acct not in ctx.sessions:
            draft.acct = ctx.session.acct
        open_compose(app, draft)

    app.push_screen(DraftsScreen(), picked)


def open_reply(screen: Screen[object], session: AccountSession, status: Status) -> None:
    screen.app.push_screen(
        ComposeScreen(reply_draft(session, status), reply_to=status, prefilled=True)
    )


def open_mention(screen: Screen[Any], session: AccountSession, acct: str) -> None:
    """A new post mentioning ``acct`` (from a profile)."""
    if isinstance(screen.app.screen, ComposeScreen | DraftsScreen | ConfirmPrompt):
        return
    screen.app.push_screen(ComposeScreen(mention_draft(session, acct), prefilled=True))


def open_edit(screen: Screen[object], session: AccountSession, status: Status) -> None:
    target = status.target
    me = session.me
    if me is not None and target.account.id != me.id:
        screen.app.notify(_("You can only edit your own posts."), severity="warning", markup=False)
        return
    screen.app.push_screen(
        ComposeScreen(edit_draft(session, status), load_source=True, prefilled=True)
    )


def confirm_delete(
    screen: Screen[object], session: AccountSession, status: Status, *, redraft: bool = False
) -> None:
    """Ask, delete, and for a redraft open the deleted post's text as a new draft."""
    target = status.target
    me = session.me
    if me is not None and target.account.id != me.id:
        screen.app.notify(
            _("You can only delete your own posts."), severity="warning", markup=False
        )
        return

    def done(deleted: Status | None) -> None:
        if deleted is None:
            return
        screen.post_message(StatusDeleted(target.id))
        tell(screen, _("Deleted."))
        if redraft:
            source = deleted if deleted.text is not None else target
            screen.app.push_screen(ComposeScreen(redraft_draft(session, source)))

    screen.app.push_screen(DeleteScreen(session, status, redraft=redraft), done)
