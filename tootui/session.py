"""A signed-in account as the app sees it: its client, who it is, and its server's limits."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from tootui.api import Account, Instance, MastodonClient, Page


@dataclass(eq=False)
class AccountSession:
    """One account the app can act as. ``me`` and ``instance`` arrive after start-up."""

    acct: str  # user@host: the key everywhere
    base_url: str
    client: MastodonClient
    me: Account | None = None
    instance: Instance | None = None
    preferences: dict[str, Any] = field(default_factory=dict)
    unread_notifications: int = 0
    needs_sign_in: bool = False  # the server refused the token (401)
    # The home timeline's first page, asked for at start before the app was made (a start
    # with nothing cached: see ``tootui.startup.prefetch_home``); taken once.
    home_prefetch: Future[Page[Any]] | None = field(default=None, repr=False)
    _prefetch_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take_home_prefetch(self) -> Future[Page[Any]] | None:
        """The prefetched first page of home, once (the next load asks the server)."""
        with self._prefetch_lock:
            future, self.home_prefetch = self.home_prefetch, None
        return future

    @property
    def host(self) -> str:
        return self.acct.split("@", 1)[1] if "@" in self.acct else self.client.host

    @property
    def max_characters(self) -> int:
        return self.instance.max_characters if self.instance else 500

    def __repr__(self) -> str:
        return f"AccountSession({self.acct!r})"
