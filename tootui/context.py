"""What screens and widgets may ask of the app: a small typed context.

Screens never import ``tootui.app`` (an import-linter contract keeps it so). What they need
of the running app — the settings, whether tootui lays right-to-left text out itself, the
post renderer, the signed-in accounts and switching between them — is this ``Context``,
which ``TootUI`` is (it inherits this class). ``context(self)`` in a screen returns it, typed; ``bidi_enabled(self)``
is the one question widgets also ask when they run inside a plain test ``App``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tootui.config import Config
    from tootui.render.previews import InlinePreviews
    from tootui.render.status import Layout, StatusRenderer
    from tootui.session import AccountSession


class Context:
    """The running app, as screens see it (a plain base class, not a protocol or an ABC:
    ``isinstance`` stays one cheap check that reads no attribute, and Textual's own
    metaclass leaves no room for ``ABCMeta``)."""

    config: Config
    bidi: bool  # whether tootui lays right-to-left text out itself
    renderer: StatusRenderer
    previews: InlinePreviews | None  # pictures under posts, when ``inline_images`` is on
    sessions: dict[str, AccountSession]  # every signed-in account, by acct
    first_frame: threading.Event  # set once the first frame is on screen
    current_acct: str | None

    @staticmethod
    def main_screen_name(acct: str) -> str:
        """The name under which ``acct``'s main screen is installed."""
        return f"main:{acct}"

    @property
    def session(self) -> AccountSession:
        """The current account's session."""
        raise NotImplementedError

    def layout(self, width: int, session: AccountSession) -> Layout:
        """How posts are laid out at ``width`` for ``session``'s server."""
        raise NotImplementedError

    def switch_account(self, acct: str) -> None:
        """Make ``acct`` the current account and show its timelines."""
        raise NotImplementedError

    def add_session(self, session: AccountSession) -> None:
        """A newly signed-in account joins the others."""
        raise NotImplementedError

    def action_add_account(self, first_run: bool = False) -> None:
        """Open the sign-in screen for another account."""
        raise NotImplementedError


def context(node: DOMNode) -> Context:
    """The context of the app ``node`` runs in (a tootui app always has one)."""
    app = node.app
    if not isinstance(app, Context):
        raise TypeError(f"{type(app).__name__} does not provide a tootui context")
    return app


def bidi_enabled(node: DOMNode) -> bool:
    """Whether tootui lays right-to-left text out itself in the app ``node`` runs in
    (no, in an app that is not tootui's: widgets are tested in plain apps too)."""
    app = node.app
    return isinstance(app, Context) and app.bidi


def session_of(node: DOMNode) -> AccountSession | None:
    """The current account's session, where there is an app with one."""
    app = node.app
    if isinstance(app, Context) and app.current_acct is not None:
        return app.session
    return None


def config_of(node: DOMNode) -> Config | None:
    """The app's settings, where the app is tootui's."""
    app = node.app
    return app.config if isinstance(app, Context) else None


def previews_of(node: DOMNode) -> InlinePreviews | None:
    """The app's inline previews, where the app is tootui's and they are on."""
    app = node.app
    return app.previews if isinstance(app, Context) else None
