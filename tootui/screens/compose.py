"""The ways into writing, as named functions: a new post, the saved drafts, a reply, a
quote, a mention, an edit, and deleting (or deleting and redrafting) one's own post.

The app's keys (c, C), the main screen's post keys and a profile's mention key call these;
each opens the screen that does the work: ``ComposeScreen`` (tootui/screens/composer.py),
``DraftsScreen`` (tootui/screens/drafts.py) or ``DeleteScreen`` (tootui/screens/delete.py),
re-exported here for the modules that import them from this one. No screen lives here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tootui.api import Status
from tootui.compose_rules import (
    edit_draft,
    mention_draft,
    new_draft,
    quote_draft,
    quote_problem,
    redraft_draft,
    reply_draft,
)
from tootui.context import context
from tootui.drafts import Draft
from tootui.i18n import _
from tootui.messages import StatusDeleted
from tootui.screens.composer import ComposeScreen, tell
from tootui.screens.delete import DeleteScreen
from tootui.screens.drafts import DraftsScreen
from tootui.screens.prompt import ConfirmPrompt

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from tootui.session import AccountSession

__all__ = [
    "ComposeScreen",
    "DeleteScreen",
    "DraftsScreen",
    "confirm_delete",
    "open_compose",
    "open_drafts",
    "open_edit",
    "open_mention",
    "open_quote",
    "open_reply",
    "tell",
]


def _writing(app: App[Any]) -> bool:
    """Whether the composer, the drafts or a question of theirs is open already."""
    return isinstance(app.screen, ComposeScreen | DraftsScreen | ConfirmPrompt)


def open_compose(app: App[Any], draft: Draft | None = None) -> None:
    """A new post from the current account (or ``draft`` picked up again)."""
    if _writing(app):
        return  # e.g. "c" pressed on a checkbox inside the composer
    app.push_screen(ComposeScreen(draft or new_draft(context(app).session)))


def open_drafts(app: App[Any]) -> None:
    """The saved drafts; the one picked opens in the composer."""
    if _writing(app):
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
    """A reply to ``status`` (the post a boost shares), mentioning everyone in it."""
    screen.app.push_screen(
        ComposeScreen(reply_draft(session, status), reply_to=status, prefilled=True)
    )


def open_quote(screen: Screen[object], session: AccountSession, status: Status) -> None:
    """A new post quoting ``status``, or a sentence saying why its author does not allow it."""
    me = session.me
    problem = quote_problem(status, me.id if me is not None else None)
    if problem:
        tell(screen, problem)
        return
    screen.app.push_screen(ComposeScreen(quote_draft(session, status), quote_of=status.target))


def open_mention(screen: Screen[Any], session: AccountSession, acct: str) -> None:
    """A new post mentioning ``acct`` (from a profile)."""
    if _writing(screen.app):
        return
    screen.app.push_screen(ComposeScreen(mention_draft(session, acct), prefilled=True))


def open_edit(screen: Screen[object], session: AccountSession, status: Status) -> None:
    """Edit one's own ``status``; its source text is loaded from the server."""
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
