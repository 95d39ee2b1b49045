"""The one sink for failures in workers: a sentence for the reader, or a bug in the log.

A thread worker's exception does not reach the user by itself (``exit_on_error=False``
keeps the app up). ``TootUI.on_worker_state_changed`` hands every failed worker here, its
own and those its screens pass on (``tootui.screens.base``): an ``ApiError`` becomes its
sentence on the status line of the screen that ran the worker, as that screen's own code
would have said it; anything else is a bug, logged with its traceback (Textual's log and
Python's ``logging``) and said in a notification. Never silence, and never a local
variable (it can hold a token): the notification names the kind of error only.
"""

from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any

from tootui.api import ApiError
from tootui.i18n import _
from tootui.messages import Say

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

log = logging.getLogger("tootui")


def worker_failed(app: App[Any], worker: Worker[Any]) -> None:
    """Say or report what ``worker`` raised (on the UI thread)."""
    error = worker.error
    if error is None:
        return
    if isinstance(error, ApiError):
        log.info("worker %r (%s): %s", worker.name, worker.group, error)
        worker.node.post_message(Say(str(error), error=True))
        return
    # a traceback without local variables, as tootui's crash report (TootUI._fatal_error)
    report = "".join(traceback.format_exception(error))
    app.log.error(f"worker {worker.name!r} ({worker.group}) failed:\n{report}")
    log.error("worker %r (%s) failed", worker.name, worker.group, exc_info=error)
    app.notify(
        _(
            "Something went wrong ({error}). This is a bug in tootui; the log has the details."
        ).format(error=type(error).__name__),
        severity="error",
        timeout=15,
    )
