"""The seeded demo world kept on disk, so the next ``tootui --demo`` starts from a copy.

Seeding the world (its pictures, ~2,000 rows through the mock's models) is most of a
demo start after the mock's own imports. Once seeded, the database is copied into one
SQLite file in tootui's cache folder (``demo/world-POSTS-SEED-SHARE.sqlite3``) with the
picture files inside it; the next demo copies that file into its own temporary folder and
serves the copy. The user's demo never writes to the snapshot: it is taken right after
seeding, before the server says it is ready, and each demo serves a copy. The app's first
page of home is added to it afterwards (``keep_home``), only if it shows nothing but the
seeded world, for the next demo's first frame (``cached_home``).

A snapshot is used only when its key matches: world.toml's bytes, mastodon-mock's
version, tootui's version, the timeline cache's schema, the world's size and seed, and
this module's ``FORMAT``. Anything else (another world,
an upgrade, a damaged or half-written file) is ignored, and the world is seeded again and
the snapshot replaced. Files are written to a temporary name and renamed, so two demos at
once never leave a mixed file. Restoring uses only ``sqlite3``: no part of the mock is
needed to prepare the copy, so it can happen while the mock is still being imported.

On restore the world is moved to the present: every time in the database is shifted by
the time since the snapshot was taken (posts keep their "12 minutes ago"), and the old
server address in stored URLs (media) is replaced by the new one. Access tokens are not
kept: each demo makes new ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import secrets
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path, PurePosixPath
from typing import Any

from tootui import __version__
from tootui.demo.world import WORLD_FILE
from tootui.paths import cache_dir

FORMAT = 1
"""Raised when what a snapshot holds, or how it is restored, changes (old ones are then
ignored and replaced)."""

_META = "tootui_demo_snapshot"
_DB_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite
_TOKENS = "oauth_tokens"


def snapshot_path(posts: int, seed: int, media_share: float) -> Path:
    """Where the snapshot of this world's size and seed lives (in the current cache folder)."""
    share = f"{media_share:g}".replace(".", "_")
    return cache_dir() / "demo" / f"world-{posts}-{seed}-{share}.sqlite3"


def _mock_version() -> str:
    from mastodon_mock import __version__ as mock_version  # small: only its metadata

    return str(mock_version)


def snapshot_key(
    posts: int, seed: int, media_share: float, *, world_text: bytes | None = None
) -> str:
    """What a snapshot must match to be used: the world, the versions, the plan's size."""
    if world_text is None:
        world_text = files("tootui.demo").joinpath(WORLD_FILE).read_bytes()
    digest = hashlib.sha256(world_text)
    from tootui.cache import SCHEMA  # the home page is kept as the timeline cache keeps it

    parts = (FORMAT, SCHEMA, _mock_version(), __version__, posts, seed, repr(media_share))
    for part in parts:
        digest.update(b"\0" + str(part).encode())
    return digest.hexdigest()


def save_snapshot(
    path: Path,
    key: str,
    database: Path,
    media_dir: Path,
    *,
    host: str,
    taken_at: datetime,
    status_ids: dict[str, int],
) -> bool:
    """Copy the seeded ``database`` and the files in ``media_dir`` into ``path``.

    Returns False (and leaves any older snapshot alone) if it cannot be written: the
    snapshot only saves time, so the demo goes on without it.
    """
    tmp = _temporary_beside(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        source = sqlite3.connect(database)
        try:
            source.execute("VACUUM INTO ?", (str(tmp),))  # consistent, WAL included
        finally:
            source.close()
        os.chmod(tmp, 0o600)
        copy = sqlite3.connect(tmp)
        try:
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            copy.execute(f"DELETE FROM {_TOKENS}")  # each demo makes its own tokens
            copy.execute(f"CREATE TABLE {_META} (name TEXT PRIMARY KEY, value BLOB)")
            meta: list[tuple[str, str | bytes]] = [
                ("key", key),
                ("host", host),
                ("taken_at", taken_at.astimezone(UTC).isoformat()),
                ("status_ids", json.dumps(status_ids)),
            ]
            meta += [
                (f"media/{file.relative_to(media_dir).as_posix()}", file.read_bytes())
                for file in sorted(media_dir.rglob("*"))
                if file.is_file()
            ]
            copy.executemany(f"INSERT INTO {_META} VALUES (?, ?)", meta)
            copy.commit()
            copy.execute("VACUUM")
        finally:
            copy.close()
        os.replace(tmp, path)
        return True
    except (OSError, sqlite3.Error):
        return False
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def restore_snapshot(
    path: Path,
    key: str,
    database: Path,
    media_dir: Path,
    *,
    host: str,
    now: datetime | None = None,
) -> dict[str, int] | None:
    """Make ``database`` (and the media files) from the snapshot at ``path``, moved to ``now``
    and to ``host``; return the world's ref -> status id.

    Returns None, leaving no ``database`` behind, when there is no usable snapshot: none, a
    different key, or a damaged file.
    """
    try:
        shutil.copyfile(path, database)
    except OSError:
        return None
    try:
        db = sqlite3.connect(database)
        try:
            ids = _restore(db, key, media_dir, host, now or datetime.now(UTC))
        finally:
            db.close()
    except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
        ids = None
    if ids is None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(f"{database}{suffix}").unlink()
    return ids


def _restore(
    db: sqlite3.Connection, key: str, media_dir: Path, host: str, now: datetime
) -> dict[str, int] | None:
    if db.execute("PRAGMA quick_check").fetchone() != ("ok",):
        return None
    meta = dict(db.execute(f"SELECT name, value FROM {_META}").fetchall())
    if meta.get("key") != key:
        return None
    status_ids = {str(ref): int(i) for ref, i in json.loads(meta["status_ids"]).items()}
    shift = now - datetime.fromisoformat(meta["taken_at"])
    old_host = str(meta["host"])

    def moved(value: str | None) -> str | None:
        if value is None:
            return None
        return (datetime.fromisoformat(value) + shift).strftime(_DB_TIME)

    db.create_function("moved", 1, moved, deterministic=True)
    tables = [
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != _META and not row[0].startswith("sqlite_")
    ]
    for table in tables:
        for _cid, column, kind, *_rest in db.execute(f'PRAGMA table_info("{table}")'):
            kind = kind.upper()
            if kind in ("DATETIME", "TIMESTAMP"):
                db.execute(f'UPDATE "{table}" SET "{column}" = moved("{column}")')
            elif old_host != host and (kind in ("JSON", "TEXT") or kind.startswith("VARCHAR")):
                db.execute(
                    f'UPDATE "{table}" SET "{column}" = replace("{column}", ?, ?) '
                    f'WHERE instr("{column}", ?) > 0',
                    (old_host, host, old_host),
                )
    # An edited post's history keeps its times as ISO text inside JSON.
    for status_id, history in db.execute(
        "SELECT id, edit_history FROM statuses WHERE edited_at IS NOT NULL"
    ).fetchall():
        entries = json.loads(history)
        for entry in entries:
            if entry.get("created_at"):
                entry["created_at"] = (
                    datetime.fromisoformat(entry["created_at"]) + shift
                ).isoformat()
        db.execute(
            "UPDATE statuses SET edit_history = ? WHERE id = ?", (json.dumps(entries), status_id)
        )
    for name, data in meta.items():
        if name.startswith("media/"):
            relative = PurePosixPath(name.removeprefix("media/"))
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(name)
            target = media_dir.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    db.execute(f"DROP TABLE {_META}")
    db.commit()
    return status_ids


def _temporary_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def keep_home(path: Path, key: str, *, host: str, items: Sequence[Any]) -> bool:
    """Add ``items``, the demo account's first page of home as tootui read it from the
    server at ``host``, to the snapshot at ``path``, for the next demo's first frame
    (``cached_home``).

    Only when every post on the page is one of the snapshot's world (a page that shows
    anything the user posted is not kept). The page may come from a server seeded just
    now or from one restored from this snapshot: it is moved back to the snapshot's time
    (by its newest post's time in the snapshot) and address first. The file is replaced
    whole, never changed in place (another demo may be copying it). True if it was kept.
    """
    tmp = _temporary_beside(path)
    try:
        shutil.copyfile(path, tmp)
        db = sqlite3.connect(tmp)
        try:
            meta = dict(
                db.execute(
                    f"SELECT name, value FROM {_META} WHERE name IN ('key', 'host', 'status_ids')"
                ).fetchall()
            )
            seeded = {str(i) for i in json.loads(meta["status_ids"]).values()}
            posts = [p for item in items for p in (item, getattr(item, "reblog", None)) if p]
            if (
                meta.get("key") != key
                or not items
                or any(str(getattr(p, "id", "")) not in seeded for p in posts)
            ):
                return False
            (then,) = db.execute(
                "SELECT created_at FROM statuses WHERE id = ?", (int(items[0].id),)
            ).fetchone()
            shift = datetime.fromisoformat(then).replace(tzinfo=UTC) - items[0].created_at
            page = [_Moved(shift, host, str(meta["host"]))(item) for item in items]
            blob = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
            db.execute(f"INSERT OR REPLACE INTO {_META} VALUES ('home', ?)", (blob,))
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
        return True
    except (OSError, sqlite3.Error, KeyError, ValueError, TypeError, pickle.PicklingError):
        return False
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def cached_home(
    path: Path, key: str, *, host: str, now: datetime | None = None
) -> list[Any] | None:
    """The home page kept in the snapshot at ``path``, moved to ``now`` and to ``host``,
    ready for tootui's timeline cache; None if the snapshot is missing, another world's,
    or unreadable."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(
                db.execute(
                    f"SELECT name, value FROM {_META} WHERE name IN ('key', 'host', "
                    "'taken_at', 'home')"
                ).fetchall()
            )
        finally:
            db.close()
        if meta.get("key") != key:
            return None
        items = pickle.loads(meta["home"])
        shift = (now or datetime.now(UTC)) - datetime.fromisoformat(meta["taken_at"])
        moved = _Moved(shift, str(meta["host"]), host)
        return [moved(item) for item in items] if isinstance(items, list) else None
    except (sqlite3.Error, OSError, KeyError, ValueError, TypeError, pickle.UnpicklingError):
        return None
    except (AttributeError, ImportError, EOFError):  # entities changed since it was taken
        return None


class _Moved:
    """Copies entities (frozen dataclasses) with every time shifted and the host replaced."""

    def __init__(self, shift: timedelta, old_host: str, host: str) -> None:
        self.shift, self.old_host, self.host = shift, old_host, host

    def __call__(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return value + self.shift
        if isinstance(value, str):
            return value.replace(self.old_host, self.host) if self.old_host != self.host else value
        if isinstance(value, tuple):
            return tuple(self(v) for v in value)
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            return {k: self(v) for k, v in value.items()}
        if is_dataclass(value) and not isinstance(value, type):
            changed = {}
            for f in fields(value):
                if f.init:
                    old = getattr(value, f.name)
                    new = self(old)
                    if new is not old:
                        changed[f.name] = new
            return replace(value, **changed) if changed else value
        return value


def largest_id(database: Path) -> int:
    """The largest row id in the database (new ids must come after it)."""
    db = sqlite3.connect(database)
    try:
        largest = 0
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            if "id" in columns:
                (value,) = db.execute(f'SELECT max(id) FROM "{table}"').fetchone()
                if isinstance(value, int):
                    largest = max(largest, value)
        return largest
    finally:
        db.close()
