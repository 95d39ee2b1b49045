"""When to try again: the one retry and backoff policy of tootui.

Two kinds of trying again, one rule each:

- A **load** (a timeline page, the start-up introduction) that failed for a reason that
  may pass by itself waits 2 s, 4 s, 8 s … at most 60 s, or as long as the server's rate
  limit says. Failures that asking again does not change (401/403/404/422) are not in
  ``RETRYABLE`` and are never retried.
- A **connection** (the streaming endpoint, the WebSocket) that dropped or was refused
  waits a capped exponential step with jitter, so that many clients dropped at once by a
  restarting server do not all come back in the same second.

UI-free: screens and the streaming layer both read it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from tootui.api.errors import ApiError, BadResponse, NetworkError, RateLimited, ServerError

# Failures worth trying again by themselves: the network, the server's health, its
# rate limit, a garbled answer. Not 401/403/404/422: asking again changes nothing.
RETRYABLE: tuple[type[ApiError], ...] = (NetworkError, ServerError, RateLimited, BadResponse)

# Loads: the first wait and the longest (module attributes, so a test can shorten them).
RETRY_FIRST = 2.0
RETRY_MAX = 60.0


def retry_delay(attempts: int) -> float:
    """Seconds before the next try of a load after ``attempts`` failed ones: 2, 4, 8 … 60."""
    return float(min(RETRY_MAX, RETRY_FIRST * 2 ** min(attempts, 10)))


def load_retry_delay(attempts: int, error: ApiError) -> float:
    """How long a load that failed ``attempts`` times before, now with ``error``, waits.

    A rate limit waits until the moment the server named (at least a second), or the
    longest wait when it named none: asking sooner would only be refused again.
    """
    if isinstance(error, RateLimited):
        if error.retry_at is None:
            return RETRY_MAX
        return max(1.0, (error.retry_at - datetime.now(UTC)).total_seconds())
    return retry_delay(attempts)


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with jitter, for connections that drop."""

    initial: float = 1.0
    maximum: float = 60.0

    def delay(self, failures: int) -> float:
        """Seconds before reconnecting after ``failures`` failures in a row (0: a drop
        after a good connection): half to all of ``initial * 2**failures``, capped."""
        step = min(self.maximum, self.initial * 2.0 ** min(failures, 16))
        return step * random.uniform(0.5, 1.0)
