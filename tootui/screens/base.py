"""What every tootui screen shares: its workers' failures reach the app's one sink.

Textual sends ``Worker.StateChanged`` to the node that ran the worker and does not let it
bubble, so a screen passes a failed worker on to the app, which says what went wrong or
logs the bug (``tootui.failures``). A screen that recovers from a failure of its own
(re-enables a field, keeps a draft) handles the message too; the app still hears of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from typing import Any

    from textual.app import App

ResultType = TypeVar("ResultType")


class PassesFailures:
    """Mixed into every screen that runs workers, full-screen or modal: a failed worker
    is passed on to the app. Textual calls the handler of each class in the MRO, so a
    screen's own ``on_worker_state_changed`` (its recovery) runs too, without ``super()``."""

    app: App[Any]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))


class TootScreen(PassesFailures, Screen[ResultType]):
    """A screen whose failed workers the app hears of."""
