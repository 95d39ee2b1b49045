"""Running the app so that quitting never waits for the network.

Textual runs thread workers on the event loop's default executor. With the standard
``ThreadPoolExecutor`` the interpreter joins those threads at exit, so a request to a
server that hangs would hold ``q`` for up to the request timeout. Here every worker runs
on a daemon thread: results still come back through the loop while the app runs, and a
request still in flight when the app has quit is simply abandoned.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from textual.app import App

T = TypeVar("T")


class DaemonThreadExecutor(ThreadPoolExecutor):
    """Runs each submitted call on its own daemon thread.

    A ThreadPoolExecutor only by type (asyncio insists on one); its pool is never used.
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # handed to the awaiting worker
                future.set_exception(error)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="tootui-worker", daemon=True).start()
        return future


def run_app(app: App[Any]) -> None:
    """``app.run()`` on a loop whose worker threads never delay the exit."""
    loop = asyncio.new_event_loop()
    loop.set_default_executor(DaemonThreadExecutor())
    try:
        app.run(loop=loop)
    finally:
        loop.close()
