"""Direct conversations as a tab of the main screen (``g d``, or the command palette).

Each row says who is in the conversation (never markup, right-to-left names laid out as
such), whether it is unread, and shows its last post as posts are shown. Enter (or ``t``)
opens the thread of that post and marks the conversation read, on the server and in the
view; ``x`` deletes it after asking. The post keys (reply, favourite…) act on the last
post: a reply stays ``direct`` and mentions everyone in it (``tootui.compose_rules``).

New direct messages arrive on the ``direct`` stream, or by polling where the server has
none (``tootui.live``); the tab's unread count follows. The main screen holds one
``ConversationsTab`` and hands it what concerns the tab.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from tootui.api import Conversation, Status
from tootui.i18n import N_, _, localize_digits
from tootui.keys import HelpSection
from tootui.live import LiveConversations
from tootui.render.sanitize import clean_text
from tootui.screens.navigation import show_thread
from tootui.screens.views import CONVERSATIONS, conversations_view, view_id
from tootui.terminal_notify import from_conversations
from tootui.widgets.timeline import TimelineView

if TYPE_CHECKING:
    from tootui.screens.main import MainScreen


def open_conversations(main: MainScreen) -> None:
    """Open (or go to) the conversations tab (``g d``)."""
    main.open_view(conversations_view())


class ConversationsView(TimelineView[Conversation]):
    """The list of conversations: its own keys, asked of the main screen as messages."""

    HELP_SECTION = HelpSection(N_("Conversations (direct messages)"), 63)

    BINDINGS = [
        Binding("enter,t", "open", _("Open conversation"), id="conversation.open"),
        Binding("x", "delete", _("Delete conversation"), id="conversation.delete"),
    ]

    class Open(TimelineView._TimelineMessage):
        """Open the selected conversation's thread (and mark it read)."""

    class Delete(TimelineView._TimelineMessage):
        """Delete the selected conversation, after asking."""

    def action_open(self) -> None:
        self.post_message(self.Open(self))

    def action_delete(self) -> None:
        self.post_message(self.Delete(self))

    def replace(self, key: str, item: Any) -> None:
        """Show a changed entry; a new version of a conversation's last post (a favourite,
        an edit) goes into its conversation."""
        if isinstance(item, Status):
            index = self.index_of(key)
            current = self.entries[index].item if index is not None else None
            if current is None or current.last_status is None:
                return
            if current.last_status.id != item.id:
                return
            item = replace(current, last_status=item)
        super().replace(key, item)


@dataclass
class ConversationChanged(Message):
    """The server marked conversation ``key`` read (``read``) or deleted it (not ``read``)."""

    key: str
    read: bool


class ConversationsTab:
    """What the main screen does for its conversations tab."""

    def __init__(self, main: MainScreen, *, counted: Callable[[str, int], None]) -> None:
        self.main = main
        self._counted = counted  # the tab now has this many unread

    # --- the view ---------------------------------------------------------------------

    def make_view(self) -> ConversationsView:
        return ConversationsView(
            self.render, id=view_id(CONVERSATIONS), name=CONVERSATIONS, empty_text=_("Loading…")
        )

    def render(self, conversation: Conversation, width: int, revealed: bool) -> list[Strip]:
        main = self.main
        layout = main.tootui.layout(width, main.session)
        last = conversation.last_status
        return main.tootui.renderer.render_conversation(
            conversation,
            layout,
            revealed=revealed,
            translation=main.translation_for(last) if last is not None else None,
        )

    @property
    def view(self) -> ConversationsView | None:
        if CONVERSATIONS not in self.main.views:
            return None
        return self.main.query_one(f"#{view_id(CONVERSATIONS)}", ConversationsView)

    def count_unread(self) -> None:
        """The tab says how many conversations are unread."""
        view = self.view
        unread = sum(1 for e in view.entries if e.item.unread) if view is not None else 0
        self._counted(CONVERSATIONS, unread)

    # --- opening, deleting ------------------------------------------------------------

    def open(self, view: TimelineView[Any]) -> None:
        """The thread of the selected conversation's last post; the conversation is read."""
        entry = view.current
        if entry is None or not isinstance(entry.item, Conversation):
            return
        conversation = entry.item
        main = self.main
        if conversation.unread:
            view.replace(entry.key, replace(conversation, unread=False))
            self.count_unread()
            client = main.session.client
            main.send(
                lambda: client.mark_conversation_read(conversation.id),
                "",
                lambda _answer: ConversationChanged(conversation.id, read=True),
                failed=lambda: self._unread_again(conversation),
            )
        if conversation.last_status is None:
            main.say(_("No post left in this conversation."))
            return
        show_thread(main.app, main.session, conversation.last_status)

    def _unread_again(self, conversation: Conversation) -> None:
        """The server refused to mark it read: show it unread again."""
        view = self.view
        if view is not None and view.index_of(conversation.id) is not None:
            view.replace(conversation.id, conversation)
            self.count_unread()

    def delete(self, view: TimelineView[Any]) -> None:
        entry = view.current
        if entry is None or not isinstance(entry.item, Conversation):
            return
        conversation = entry.item
        names = ", ".join(clean_text(a.name, max_len=60) for a in conversation.accounts[:3])
        client = self.main.session.client
        self.main.confirm_then(
            _("Delete this conversation?"),
            _(
                "With {who}. It leaves your list of conversations; the posts themselves stay."
            ).format(who=names or _("only you")),
            lambda: self.main.send(
                lambda: client.delete_conversation(conversation.id),
                _("Conversation deleted."),
                lambda _answer: ConversationChanged(conversation.id, read=False),
            ),
        )

    def changed(self, message: ConversationChanged) -> None:
        view = self.view
        if view is None:
            return
        if not message.read:
            view.remove_entry(message.key)
        self.count_unread()

    # --- live -------------------------------------------------------------------------

    def arrived(self, message: LiveConversations) -> None:
        """Conversations with a new post go to the top, each in place of its old row."""
        view = self.view
        if view is None:
            return
        me = self.main.session.me
        fresh: list[Conversation] = []
        for conversation in message.conversations:  # oldest first
            last = conversation.last_status
            if last is not None and me is not None and last.account.id == me.id:
                conversation = replace(conversation, unread=False)  # your own message
            replaced = [conversation.id]
            # A server that names a conversation by its last post gives the same one a
            # new id with each message: the row of the post answered is the old one.
            if last is not None and last.in_reply_to_id:
                replaced.append(last.in_reply_to_id)
            for old in replaced:
                view.remove_entry(old)
            fresh = [c for c in fresh if c.id not in replaced]
            fresh.insert(0, conversation)
        added = view.prepend([(c.id, c) for c in fresh])
        self.count_unread()
        if self.main.alerts is not None:
            self.main.alerts.arrived(from_conversations(fresh, me.id if me else None))
        if added:
            count = localize_digits(str(added))
            label = self.main.views[CONVERSATIONS].label
            self.main.say(_("{view}: {n} new").format(view=label, n=count), view=CONVERSATIONS)
