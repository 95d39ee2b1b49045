"""The bounded, batching buffer between a live stream and its consumer.

A ``StreamWatcher``'s connection thread puts events in; its dispatcher thread hands them
on in batches, so a busy federated stream cannot flood the UI and a slow consumer costs
dropped events (counted, and reported as ``Overflow``) rather than memory.
"""

from __future__ import annotations

import logging
import threading

from tootui.api.stream_events import Connected, Disconnected, EventSink, Overflow, StreamEvent

log = logging.getLogger(__name__)


class Outbox:
    """Events waiting for the dispatcher: bounded, delivered in batches.

    The dispatcher blocks on a condition while idle (no timer), and after the first event
    of a burst waits ``interval`` to collect the rest. When more than ``limit`` events wait,
    further content events are dropped and counted; state changes are always kept.
    """

    def __init__(self, deliver: EventSink, interval: float, limit: int, stop: threading.Event):
        self._deliver = deliver
        self._interval = interval
        self._limit = limit
        self._stop = stop
        self._cond = threading.Condition()
        self._events: list[StreamEvent] = []
        self._dropped = 0
        self.dropped_total = 0
        self.high_water = 0  # the most events ever waiting at once

    def put(self, event: StreamEvent) -> None:
        with self._cond:
            if len(self._events) >= self._limit and not isinstance(event, Connected | Disconnected):
                self._dropped += 1
                self.dropped_total += 1
            else:
                self._events.append(event)
                self.high_water = max(self.high_water, len(self._events))
            self._cond.notify()

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def run(self) -> None:
        while True:
            with self._cond:
                while not self._events and not self._dropped and not self._stop.is_set():
                    self._cond.wait()
            if self._stop.is_set():
                return
            # Let the burst gather; stop() cuts the wait short.
            if self._stop.wait(self._interval):
                return
            with self._cond:
                batch, self._events = self._events, []
                dropped, self._dropped = self._dropped, 0
            if dropped:
                batch.append(Overflow(dropped))
            try:
                self._deliver(batch)
            except Exception:  # a consumer's bug must not end live updates
                log.exception("live update consumer failed")
