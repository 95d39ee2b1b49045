"""Moving between screens: to a thread, a profile, or a hashtag's tab on the main screen.

Each is a message to the app, which pushes the screen (``TootUI.on_open_thread`` and
kin): a screen of posts opens a thread, which is itself a screen of posts, so screens
name where to go instead of importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tootui.messages import OpenThread, ShowAccount, ShowHashtag

if TYPE_CHECKING:
    from textual.app import App

    from tootui.api import Account, Status
    from tootui.session import AccountSession


def show_hashtag(app: App[Any], tag: str) -> None:
    """Back to the main screen, on a tab for ``tag``."""
    app.post_message(ShowHashtag(tag))


def show_profile(app: App[Any], session: AccountSession, account: Account) -> None:
    """``account``'s profile, over the current screen."""
    app.post_message(ShowAccount(session, account))


def show_thread(app: App[Any], session: AccountSession, status: Status) -> None:
    """The thread around ``status``, over the current screen."""
    app.post_message(OpenThread(session, status))
