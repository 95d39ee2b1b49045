"""Messages that cross screens, and the ones workers send back with results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from tootui.api import ApiError, Page, Status


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
