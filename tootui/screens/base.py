"""What every tootui screen shares: its workers' failures reach the app's one sink.

Textual sends ``Worker.StateChanged`` to the node that ran the worker and does not let it
bubble, so a screen passes a failed worker on to the app, which says what went wrong or
logs the bug (``tootui.failures``). A screen that recovers from a failure of its own
(re-enables a field, keeps a draft) handles the message too; the app still hears of it.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

ResultType = TypeVar("ResultType")


class TootScreen(Screen[ResultType]):
    """A screen whose failed workers the app hears of."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.app.post_message(Worker.StateChanged(event.worker, event.state))
