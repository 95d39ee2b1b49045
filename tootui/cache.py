"""The last pages of each timeline, kept on disk so start-up shows posts at once.

One SQLite file per account under the cache folder. Entries are the API layer's frozen
entities, pickled: the file is written only by tootui, for tootui, and a damaged or
outdated file is simply ignored (and replaced on the next save). Safe to delete.
"""

from __future__ import annotations

import pickle
import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tootui.paths import cache_dir

# Raised when an entity gains a field: a pickle made before lacks that slot, and
# ``dataclasses.replace`` on it would fail. 2: ``Status.quote_approval``;
# 3: ``MediaAttachment.aspect``.
SCHEMA = 3
KEEP = 80  # entries kept per timeline


def _file_for(acct: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9@._-]", "_", acct)
    return cache_dir() / f"timelines-{safe}.sqlite3"


class TimelineCache:
    """Read and write cached timeline entries for one account."""

    def __init__(self, acct: str, path: Path | None = None) -> None:
        self.path = path or _file_for(acct)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        db = sqlite3.connect(self.path, timeout=1.0)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS timeline ("
                " view TEXT PRIMARY KEY, schema INTEGER, saved REAL, entries BLOB)"
            )
        except BaseException:
            db.close()  # e.g. not a database: the caller never gets it to close
            raise
        return db

    def load(self, view: str) -> list[Any]:
        """The cached entries of ``view`` (newest first), or [] if none or unreadable."""
        if not self.path.exists():
            return []
        try:
            db = self._connect()
            try:
                row = db.execute(
                    "SELECT schema, entries FROM timeline WHERE view = ?", (view,)
                ).fetchone()
            finally:
                db.close()
            if row is None or row[0] != SCHEMA:
                return []
            entries = pickle.loads(row[1])
            return list(entries) if isinstance(entries, list) else []
        except (
            sqlite3.Error,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            return []

    def save(self, view: str, entries: Sequence[Any]) -> None:
        """Keep the newest entries of ``view``; failures are ignored (it is only a cache)."""
        blob = pickle.dumps(list(entries[:KEEP]), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            db = self._connect()
            try:
                with db:
                    db.execute(
                        "INSERT OR REPLACE INTO timeline (view, schema, saved, entries) VALUES (?, ?, ?, ?)",
                        (view, SCHEMA, time.time(), blob),
                    )
            finally:
                db.close()
        except (sqlite3.Error, OSError):
            return
