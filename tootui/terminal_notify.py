"""Notifications that reach you: a desktop notification asked of the terminal itself.

When a mention, a direct message or a follow request arrives while the terminal window is
not focused, tootui writes an OSC 9 (``ESC ] 9 ; text BEL``: iTerm2, kitty, foot, WezTerm,
Ghostty) or OSC 777 (``ESC ] 777 ; notify ; title ; body BEL``: foot, rxvt-unicode with
its notify extension, VTE terminals that carry the notify patch, WezTerm, Ghostty). It
travels with the screen's own output, so it works over SSH, where a desktop notifier
would run on the wrong machine. Inside tmux or GNU screen the sequence is wrapped so the
multiplexer passes it on to the real terminal.

Everything remote in the text goes through ``clean_text`` (no ESC, BEL, C0/C1 controls or
bidi overrides survive) and loses ``;``, which both protocols read as a separator. The
functions here build strings; ``TerminalAlerts`` (on the main screen) decides when to send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from textual.app import App

from tootui.api import Account, Conversation, Notification, Status
from tootui.config import Config
from tootui.i18n import _, localize_digits, ngettext
from tootui.render.html import html_to_text
from tootui.render.sanitize import ELLIPSIS, clean_text

Protocol = Literal["osc9", "osc777"]
Level = Literal["off", "mentions", "all"]

ESC = "\x1b"
BEL = "\x07"
ST = ESC + "\\"
TITLE = "tootui"
MAX_TEXT = 200  # characters of remote text in one notification

# What "mentions" (the default) lets through: someone speaks to you or asks something of you.
PERSONAL = frozenset({"mention", "follow_request"})


def detect_protocol(environ: Mapping[str, str]) -> Protocol:
    """The protocol the terminal most likely understands, from its environment variables.

    OSC 777 where it carries a title and the terminal is known to show it (foot,
    rxvt-unicode, VTE, WezTerm, Ghostty); OSC 9 for iTerm2 and kitty, and when nothing says
    which terminal this is (terminals that know neither ignore an unknown OSC). Inside tmux
    the variables the outer terminal set (``KITTY_WINDOW_ID``, ``VTE_VERSION``…) are
    usually still there, so they are read before ``TERM``.
    """
    term = environ.get("TERM", "")
    program = environ.get("TERM_PROGRAM", "")
    if program == "iTerm.app" or environ.get("LC_TERMINAL") == "iTerm2":  # LC_: over SSH
        return "osc9"
    if environ.get("KITTY_WINDOW_ID") or term == "xterm-kitty":
        return "osc9"
    if program in ("WezTerm", "ghostty") or term in ("wezterm", "xterm-ghostty"):
        return "osc777"
    if environ.get("VTE_VERSION") or term.startswith(("foot", "rxvt-unicode")):
        return "osc777"
    return "osc9"


def resolve_protocol(setting: str, environ: Mapping[str, str]) -> Protocol:
    """The ``notification_protocol`` setting, with ``"auto"`` detected from ``environ``."""
    if setting == "osc777":
        return "osc777"
    if setting == "osc9":
        return "osc9"
    return detect_protocol(environ)


def safe_field(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` made safe inside an OSC string: one line of printable text without ``;``.

    ``clean_text`` shows ESC, BEL and every C0/C1 control as a visible symbol and drops bidi
    overrides; ``;`` goes too, since OSC 777 splits its fields there and ConEmu reads
    ``9;<digit>;`` as a command rather than a notification.
    """
    cleaned = clean_text(text, max_len=limit * 2).replace(";", ",")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + ELLIPSIS
    return cleaned


def wrap_for_multiplexer(sequence: str, environ: Mapping[str, str]) -> str:
    """``sequence`` wrapped so tmux or GNU screen hands it to the terminal outside.

    tmux passes ``ESC P tmux; …  ESC \\`` on with every ESC inside doubled (tmux 3.3 and
    later only with ``set -g allow-passthrough on``); screen passes a DCS string on as is.
    """
    if environ.get("TMUX"):
        return f"{ESC}Ptmux;" + sequence.replace(ESC, ESC + ESC) + ST
    if environ.get("STY") and environ.get("TERM", "").startswith("screen"):
        return f"{ESC}P" + sequence + ST
    return sequence


def notification_sequence(
    title: str, body: str, protocol: Protocol, environ: Mapping[str, str]
) -> str:
    """The bytes (as ``str``) that ask the terminal for one notification."""
    title, body = safe_field(title, 60), safe_field(body)
    if protocol == "osc777":
        sequence = f"{ESC}]777;notify;{title};{body}{BEL}"
    else:
        sequence = f"{ESC}]9;{title}: {body}{BEL}"
    return wrap_for_multiplexer(sequence, environ)


# --- what to say ----------------------------------------------------------------------


def wanted(notification: Notification, level: str) -> bool:
    """Whether ``notification`` is worth a terminal notification at ``level``."""
    if level == "all":
        return True
    return level == "mentions" and notification.type in PERSONAL


def _who(account: Account | None) -> str:
    return safe_field(account.name, 60) if account is not None else _("Someone")


def post_text(status: Status | None) -> str:
    """A post's text for a notification: its content warning instead, when it has one."""
    if status is None:
        return ""
    if status.spoiler_text.strip():
        return _("CW: {warning}").format(warning=safe_field(status.spoiler_text))
    return safe_field(html_to_text(status.content).plain)


def is_direct(notification: Notification) -> bool:
    status = notification.status
    return notification.type == "mention" and status is not None and status.visibility == "direct"


def describe(notification: Notification) -> str:
    """One notification as one sentence: who did what (and the post's text for a mention)."""
    who = _who(notification.account)
    kind = notification.type
    text = post_text(notification.status)
    if is_direct(notification):
        sentence = _("{who} sent you a direct message").format(who=who)
    elif kind == "mention":
        sentence = _("{who} mentioned you").format(who=who)
    elif kind == "follow_request":
        return _("{who} asks to follow you").format(who=who)
    elif kind == "follow":
        return _("{who} followed you").format(who=who)
    elif kind == "favourite":
        sentence = _("{who} favourited your post").format(who=who)
    elif kind == "reblog":
        sentence = _("{who} boosted your post").format(who=who)
    elif kind == "poll":
        sentence = _("A poll has ended")
    elif kind == "status":
        sentence = _("{who} posted").format(who=who)
    elif kind == "update":
        sentence = _("{who} edited a post").format(who=who)
    else:
        return _("New notification from {who}").format(who=who)
    return f"{sentence}: {text}" if text else sentence


def _kind(notification: Notification) -> str:
    return "direct" if is_direct(notification) else notification.type


def summary(notifications: Sequence[Notification]) -> str:
    """Several notifications as one sentence ("3 new mentions from bob, carol"), not a burst."""
    if len(notifications) == 1:
        return describe(notifications[0])
    n = len(notifications)
    count = localize_digits(str(n))
    kinds = {_kind(note) for note in notifications}
    if kinds == {"mention"}:
        text = ngettext("{n} new mention", "{n} new mentions", n)
    elif kinds == {"direct"}:
        text = ngettext("{n} new direct message", "{n} new direct messages", n)
    elif kinds == {"follow_request"}:
        text = ngettext("{n} new follow request", "{n} new follow requests", n)
    else:
        text = ngettext("{n} new notification", "{n} new notifications", n)
    names: list[str] = []
    for note in notifications:
        name = _who(note.account)
        if name not in names:
            names.append(name)
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    return _("{what} from {who}").format(what=text.format(n=count), who=shown)


def from_conversations(conversations: Iterable[Conversation], me: str | None) -> list[Notification]:
    """Direct messages that arrived on the ``direct`` stream, as mention notifications
    (so they are counted and said like the ones the ``user`` stream brings)."""
    out = []
    for conversation in conversations:
        last = conversation.last_status
        if last is None or not conversation.unread or last.account.id == me:
            continue
        out.append(
            Notification(
                id=f"direct-{last.id}",
                type="mention",
                created_at=last.created_at,
                accounts=(last.account,),
                status=last,
            )
        )
    return out


def driver_writer(app: App[object]) -> Callable[[str], None]:
    """Write to the terminal through Textual's driver, as ``App.bell`` does: the driver's
    writer thread queues it between whole frames, so it never tears the screen."""

    def write(data: str) -> None:
        driver = app._driver
        if driver is not None:
            driver.write(data)

    return write


class TerminalAlerts:
    """Sends one account's new notifications to the terminal while its window is unfocused.

    ``arrived`` takes what the live streams bring; what is worth it (``notifications``
    setting) waits ``DELAY`` seconds, so a burst of arrivals, or a direct message brought by
    both the ``user`` and the ``direct`` stream, becomes one notification. ``title`` names
    it (with the account, when several are signed in); ``write`` is where the sequence goes
    (the terminal, through Textual's driver).
    """

    DELAY = 0.5  # seconds to gather what arrives together

    def __init__(
        self,
        app: App[object],
        config: Config,
        environ: Mapping[str, str],
        *,
        title: Callable[[], str] = lambda: TITLE,
        write: Callable[[str], None] | None = None,
    ) -> None:
        self.app = app
        self.title = title
        self.level = config.notifications
        self.always = config.notify_when == "always"
        self.protocol = resolve_protocol(config.notification_protocol, environ)
        self.environ = dict(environ)
        self.write = write or driver_writer(app)
        self._pending: list[Notification] = []
        self._seen: dict[str, None] = {}  # posts and notifications already said (bounded)
        self._scheduled = False

    @property
    def waiting(self) -> bool:
        """Whether a notification is gathering what arrives with it (not yet written)."""
        return self._scheduled

    def arrived(self, notifications: Iterable[Notification]) -> None:
        """New notifications, oldest first; the ones worth it are said shortly."""
        if self.level == "off" or (self.app.app_focus and not self.always):
            return
        for note in notifications:
            if not wanted(note, self.level):
                continue
            key = note.status.id if note.type == "mention" and note.status else note.id
            if key in self._seen:
                continue
            self._seen[key] = None
            self._pending.append(note)
        while len(self._seen) > 500:
            del self._seen[next(iter(self._seen))]
        if self._pending and not self._scheduled:
            self._scheduled = True
            self.app.set_timer(self.DELAY, self.flush)

    def flush(self) -> None:
        """Say what is pending as one notification."""
        pending, self._pending = self._pending, []
        self._scheduled = False
        if pending:
            sequence = notification_sequence(
                self.title(), summary(pending), self.protocol, self.environ
            )
            self.write(sequence)
