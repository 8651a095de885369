"""One app-wide budget for ``…/stats`` requests (no UI code here).

The stats endpoints have the smallest rate limits of the API (the simulator allows 50 a minute
per token, like the figures the real API advertises for its expensive endpoints). Every stats
consumer — each open :class:`~linode_tui.ui.views.stats.StatsView`, the NodeBalancer view and the
dashboard's sparklines — asks this budget before it sends a request, so several views open at
once can never cause a 429.

* At most ``per_minute`` requests in any sliding 60 s window (default 12).
* When the API's ``X-RateLimit-Limit`` for the stats class is known (the client's
  :class:`~linode_tui.api.ratelimit.RateLimiter`), the cap is lowered to a ``share`` of it (half by
  default), leaving the rest to other tools using the same token (linode-cli, scripts).
* When the API says the stats window is (nearly) exhausted (``remaining`` ≤ 1), nothing is sent
  until the next check (``server_backoff`` seconds).
* ``reserve`` lets low-priority consumers (the dashboard) leave slots free for the view the user
  is looking at.

Times come from an injectable ``clock`` (the simulator's clock in tests and demo mode).
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["DEFAULT_PER_MINUTE", "StatsBudget", "budget_for", "install_budget"]

DEFAULT_PER_MINUTE = 12
WINDOW = 60.0


class _RateSource(Protocol):
    def budget(self, class_: str) -> tuple[int | None, int | None, float | None]: ...


class StatsBudget:
    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        *,
        per_minute: int = DEFAULT_PER_MINUTE,
        window: float = WINDOW,
        rate: _RateSource | None = None,
        share: float = 0.5,
        server_backoff: float = 30.0,
    ) -> None:
        self.clock = clock
        self.per_minute = max(1, int(per_minute))
        self.window = float(window)
        self.rate = rate
        self.share = share
        self.server_backoff = server_backoff
        self._sent: deque[float] = deque()
        self.granted = 0  # requests allowed so far (tests, benchmarks)
        self.denied = 0

    # -- state -----------------------------------------------------------------------------------
    def _server(self) -> tuple[int | None, int | None]:
        if self.rate is None:
            return None, None
        try:
            limit, remaining, _reset = self.rate.budget("stats")
        except Exception:
            return None, None
        return limit, remaining

    @property
    def capacity(self) -> int:
        """Requests allowed per window: our own cap, lowered to a share of the API's stats limit."""
        limit, _ = self._server()
        if limit:
            return max(1, min(self.per_minute, int(limit * self.share)))
        return self.per_minute

    def _prune(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()

    def used(self) -> int:
        self._prune(self.clock())
        return len(self._sent)

    def available(self) -> int:
        _, remaining = self._server()
        free = self.capacity - self.used()
        if remaining is not None:
            free = min(free, max(0, remaining - 1))
        return max(0, free)

    # -- asking ----------------------------------------------------------------------------------
    def try_acquire(self, n: int = 1, *, reserve: int = 0) -> bool:
        """Take ``n`` slots if at least ``n + reserve`` are free now."""
        if self.available() < n + reserve:
            self.denied += 1
            return False
        now = self.clock()
        self._sent.extend([now] * n)
        self.granted += n
        return True

    def next_slot(self, n: int = 1, *, reserve: int = 0) -> float:
        """Clock time at which ``n`` slots (plus ``reserve``) should be free again."""
        now = self.clock()
        self._prune(now)
        _, remaining = self._server()
        if remaining is not None and remaining - 1 < n + reserve:
            return now + self.server_backoff
        need = len(self._sent) + n + reserve - self.capacity
        if need <= 0:
            return now
        if need > len(self._sent):
            return now + self.window
        return self._sent[need - 1] + self.window + 0.001

    def describe(self) -> str:
        return f"{self.used()}/{self.capacity} stats requests in the last {self.window:.0f} s"


_BUDGETS: weakref.WeakKeyDictionary[Any, StatsBudget] = weakref.WeakKeyDictionary()


def budget_for(client: Any, clock: Callable[[], float] | None = None) -> StatsBudget:
    """The one budget of a client (so every view of an app shares it)."""
    budget = _BUDGETS.get(client)
    if budget is None:
        budget = StatsBudget(clock or time.time, rate=getattr(client, "rate", None))
        _BUDGETS[client] = budget
    return budget


def install_budget(client: Any, budget: StatsBudget) -> None:
    """Use ``budget`` for every stats consumer of ``client`` (settings, tests)."""
    _BUDGETS[client] = budget
