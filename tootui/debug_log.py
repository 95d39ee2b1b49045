"""The debug log for bug reports: ``tootui --log FILE`` or ``log_file`` in the config.

One logger, ``tootui`` (its children: ``tootui.http`` for requests, ``tootui.api.streaming``
for live updates), written to a file only readable by its owner (0600) and appended to.
What reaches it: each request (method, path, status, time; ``tootui.api.http_log``),
worker failures with tracebacks (``tootui.failures``) and stream state changes. Without a
log file nothing is set up and nothing is written.

Secrets are kept out where they are made (no headers, no bodies unless asked, secret
query values hidden); the formatter hides them once more in every finished line,
tracebacks included, in case an exception's text carries a URL with a token.
"""

from __future__ import annotations

import logging
import os
import platform
import re
from pathlib import Path
from typing import Any

from tootui import __version__
from tootui.api.http_log import HIDDEN, SECRET_KEYS, log_bodies

log = logging.getLogger("tootui")

_SECRET_NAMES = "|".join(sorted(SECRET_KEYS, key=len, reverse=True))
# key=value (a query or form), "key": "value" (JSON) and key: value, and Bearer tokens.
_SECRETS = re.compile(
    rf"""(?P<key>\b(?:{_SECRET_NAMES})\b["']?\s*[=:]\s*["']?)(?P<value>[^\s&"',;)]+)"""
    r"|(?P<bearer>\bBearer\s+)(?P<token>[^\s\"',;]+)",
    re.IGNORECASE,
)


def hide_secrets(text: str) -> str:
    """``text`` with the values of secret keys and bearer tokens replaced."""

    def hidden(match: re.Match[str]) -> str:
        if match.group("bearer"):
            return match.group("bearer") + HIDDEN
        return match.group("key") + HIDDEN

    return _SECRETS.sub(hidden, text)


class SecretHidingFormatter(logging.Formatter):
    """A formatter whose every line, traceback included, has its secrets hidden."""

    def format(self, record: logging.LogRecord) -> str:
        return hide_secrets(super().format(record))


class PrivateFileHandler(logging.FileHandler):
    """A file handler whose file only its owner may read (0600), even if it existed."""

    def _open(self) -> Any:
        def private(path: str, flags: int) -> int:
            fd = os.open(path, flags, 0o600)
            os.fchmod(fd, 0o600)
            return fd

        return open(  # noqa: SIM115 (the handler owns the stream and closes it)
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=private
        )


def start_debug_log(path: str | Path, *, bodies: bool = False) -> logging.Handler:
    """Append tootui's log to ``path`` (``~`` expanded); the handler, for ``stop_debug_log``.

    Raises ``OSError`` when the file cannot be opened for writing.
    """
    file = Path(path).expanduser()
    handler = PrivateFileHandler(file, mode="a", encoding="utf-8")
    handler.setFormatter(
        SecretHidingFormatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log_bodies(bodies)
    log.info(
        "tootui %s started (Python %s on %s)%s",
        __version__,
        platform.python_version(),
        platform.system(),
        "; request bodies are logged" if bodies else "",
    )
    return handler


def stop_debug_log(handler: logging.Handler) -> None:
    """Stop writing to the log ``start_debug_log`` opened, and close its file."""
    log.info("tootui stopped")
    log.removeHandler(handler)
    handler.close()
    if not log.handlers:
        log.setLevel(logging.NOTSET)
        log_bodies(False)
