"""Where tootui keeps its files: config, data (drafts, token fallback), cache.

All three follow platformdirs. ``TOOTUI_HOME`` redirects them all under one folder
(tests and the demo use it); ``TOOTUI_CONFIG_DIR``, ``TOOTUI_DATA_DIR`` and
``TOOTUI_CACHE_DIR`` redirect one each.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tootui"


def _pick(env_name: str, sub: str, default: str) -> Path:
    if value := os.environ.get(env_name):
        return Path(value)
    if home := os.environ.get("TOOTUI_HOME"):
        return Path(home) / sub
    return Path(default)


def config_dir() -> Path:
    """The folder of ``config.toml`` and the account list."""
    from platformdirs import user_config_dir

    return _pick("TOOTUI_CONFIG_DIR", "config", user_config_dir(APP_NAME))


def data_dir() -> Path:
    """The folder of drafts and, where no keyring works, the token file."""
    from platformdirs import user_data_dir

    return _pick("TOOTUI_DATA_DIR", "data", user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """The folder of cached timelines; safe to delete."""
    from platformdirs import user_cache_dir

    return _pick("TOOTUI_CACHE_DIR", "cache", user_cache_dir(APP_NAME))


def atomic_write(
    path: Path, data: str | bytes, *, mode: int = 0o600, dir_mode: int = 0o700
) -> None:
    """Write ``data`` to ``path`` so a crash or a full disk never leaves it half-written.

    The bytes go to a temporary file in the same folder, are fsynced, and are renamed
    over the old file; the old version survives any failure before the rename.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=dir_mode)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
