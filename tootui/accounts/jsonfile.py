"""Reading and writing tootui's small JSON files (the account list, the token file, its state).

A file that cannot be read raises ``StoreFileError`` naming the file, the line and the
problem, and is never overwritten; writes are atomic (``tootui.paths.atomic_write``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tootui.accounts.errors import StoreFileError
from tootui.i18n import _
from tootui.paths import atomic_write

FORMAT_VERSION = 1
"""The format these files are written in; a newer one is refused, not overwritten."""


def read_json_object(path: Path, what: str) -> dict[str, Any] | None:
    """The JSON object in ``path``, or ``None`` if there is no file; ``StoreFileError`` otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreFileError(path, exc.strerror or str(exc), what=what) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise StoreFileError(path, _("it is not UTF-8 text"), line=line, what=what) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # exc.msg never quotes the document, so no secret can leak into the message.
        raise StoreFileError(
            path,
            _("not valid JSON ({reason})").format(reason=exc.msg),
            line=exc.lineno,
            column=exc.colno,
            what=what,
        ) from exc
    if not isinstance(data, dict):
        raise StoreFileError(
            path, _("it should hold a JSON object {{...}}").format(), line=1, what=what
        )
    version = data.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise StoreFileError(
            path,
            _("it was written by a newer tootui (format {version})").format(version=repr(version)),
            what=what,
        )
    return data


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` to ``path`` atomically, readable only by the user (0600 in a 0700 folder)."""
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
