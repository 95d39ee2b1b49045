"""Direct conversations: list them page by page, mark one read, delete one."""

from __future__ import annotations

from urllib.parse import quote

from tootui.api.client.core import ClientCore
from tootui.api.client.paging import page
from tootui.api.entities import Conversation, Page
from tootui.i18n import _

CONVERSATIONS_FEATURE = "conversations"  # the name kept in ``missing``


class ConversationCalls(ClientCore):
    """Direct conversations; a server without them raises ``Unsupported``."""

    def conversations(self, *, limit: int = 20, **cursor: str) -> Page[Conversation]:
        """A page of conversations, the one with the newest post first."""
        return self._call(
            _("load your conversations"),
            lambda: page(
                self._api.conversations(limit=limit, **cursor),
                Conversation.from_api,
                id_of=lambda c: c.page_id,
            ),
            feature=CONVERSATIONS_FEATURE,
        )

    def mark_conversation_read(self, conversation_id: str) -> Conversation:
        return self._call(
            _("mark the conversation as read"),
            lambda: Conversation.from_api(self._api.conversations_read(conversation_id)),
            feature=CONVERSATIONS_FEATURE,
        )

    def delete_conversation(self, conversation_id: str) -> None:
        """Remove the conversation from your list (the posts in it stay)."""
        # Mastodon.py 2.3 has no call for it.
        path = f"/api/v1/conversations/{quote(conversation_id, safe='')}"
        self._call(
            _("delete the conversation"),
            lambda: self._request("DELETE", path),
            feature=CONVERSATIONS_FEATURE,
        )
