"""A disk cache of downloaded pictures, bounded in size, evicting the least recently used.

Files are named by a hash of the URL, so nothing of a (remote, untrusted) address ever
becomes part of a path. Reading an entry touches its modification time: that time is the
"last used" the eviction sorts by.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

from tootui.paths import atomic_write, cache_dir

DEFAULT_CACHE_BYTES = 200 * 1024 * 1024
_clock = threading.Lock()
_last_use = 0


def media_cache_dir() -> Path:
    """The folder of cached pictures, inside tootui's cache folder."""
    return cache_dir() / "media"


class MediaCache:
    """Downloaded pictures on disk, at most ``limit_bytes`` of them."""

    def __init__(self, folder: Path | None = None, limit_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.folder = folder or media_cache_dir()
        self.limit_bytes = limit_bytes
        self._lock = threading.Lock()  # workers of several viewers may write at once

    @staticmethod
    def name_for(url: str) -> str:
        """The file name of a URL's entry: a hash, never a piece of the URL."""
        return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest() + ".img"

    def path_for(self, url: str) -> Path:
        return self.folder / self.name_for(url)

    def get(self, url: str) -> bytes | None:
        """The cached bytes of ``url``, or None; a hit counts as a use."""
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        self._touch(path)
        return data

    def _touch(self, path: Path) -> None:
        # Strictly increasing times: two uses within one tick of a coarse file-system
        # clock still keep their order.
        global _last_use
        with _clock:
            _last_use = max(time.time_ns(), _last_use + 1)
            now = _last_use
        try:
            os.utime(path, ns=(now, now))
        except OSError:
            pass  # a read-only cache still serves; it only forgets the order of use

    def put(self, url: str, data: bytes) -> None:
        """Keep ``data`` for ``url``, then evict the least recently used beyond the limit."""
        if len(data) > self.limit_bytes:
            return
        with self._lock:
            atomic_write(self.path_for(url), data)
            self._touch(self.path_for(url))
            self._evict(keep=self.path_for(url))

    def _evict(self, keep: Path) -> None:
        entries: list[tuple[int, int, Path]] = []
        for path in self.folder.glob("*.img"):
            try:
                info = path.stat()
            except OSError:
                continue
            entries.append((info.st_mtime_ns, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total <= self.limit_bytes:
                break
            if path == keep:
                continue
            path.unlink(missing_ok=True)
            total -= size
