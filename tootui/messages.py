"""Messages that cross screens, and the ones workers send back with results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from tootui.api import Account, ApiError, Page, Status

if TYPE_CHECKING:
    from tootui.session import AccountSession


@dataclass
class PageLoaded(Message):
    """A worker fetched a page for a timeline view.

    ``mode`` is "replace" (first load), "older" (appended) or "newer" (prepended).
    """

    view: str
    page: Page[Any]
    mode: str
    acct: str


@dataclass
class LoadFailed(Message):
    """A worker could not fetch a page; ``error`` says why in words."""

    view: str
    error: ApiError
    mode: str
    acct: str


@dataclass
class StatusChanged(Message):
    """The server returned a new version of a post (after a boost, favourite, edit…)."""

    status: Status


@dataclass
class StatusDeleted(Message):
    status_id: str


@dataclass
class Say(Message):
    """Show a sentence in the status line."""

    text: str
    error: bool = False


@dataclass
class AccountSwitched(Message):
    """The app now acts as ``acct``."""

    acct: str


# --- moving between screens: the app answers these (screens do not import each other) ---


@dataclass
class OpenThread(Message):
    """Show the conversation around ``status``, as ``session``'s account sees it."""

    session: AccountSession
    status: Status


@dataclass
class ShowAccount(Message):
    """Show ``account``'s profile, as ``session``'s account sees it."""

    session: AccountSession
    account: Account


@dataclass
class ShowHashtag(Message):
    """Back to the main screen, on a tab for the hashtag ``tag`` (typed or remote text)."""

    tag: str
