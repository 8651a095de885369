"""Per-token rate limiting for the simulator: fixed 60-second windows on the SIM clock.

Classes and default budgets (requests per minute, per token).  They follow the figures the
real API advertises in ``X-RateLimit-Limit`` (1600 for ordinary calls, 800/400 for heavier
ones, small numbers for statistics); the exact mapping is an assumption, configurable through
``create_sim(rate_limits={...})``:

=========  ======  =====================================================================
class      limit   requests
=========  ======  =====================================================================
default    1600    every GET not listed below
mutate     400     POST, PUT and DELETE
events     800     ``/account/events*`` (clients poll it)
stats      50      ``.../stats`` and ``.../stats/{year}/{month}`` (expensive on the real API)
=========  ======  =====================================================================

Headers on every response: ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and
``X-RateLimit-Reset`` (epoch seconds, sim time, when the window ends).  Over budget → 429
``Too many requests`` with ``Retry-After``: whole seconds until the window ends, converted to real
seconds when the sim clock runs live at a ``speed`` other than 1 (frozen clock: sim seconds).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_LIMITS", "TIGHT_LIMITS", "WINDOW", "RateDecision", "RateLimiter", "classify"]

WINDOW = 60.0

DEFAULT_LIMITS: dict[str, int] = {"default": 1600, "mutate": 400, "events": 800, "stats": 50}
#: the ``ratelimited`` fault preset: budgets small enough to hit by hand within a minute
TIGHT_LIMITS: dict[str, int] = {"default": 30, "mutate": 5, "events": 10, "stats": 3}


def classify(method: str, path: str) -> str:
    """The rate-limit class of a request (path without the /v4 prefix)."""
    if method != "GET":
        return "mutate"
    segs = path.rstrip("/").split("/")
    if "stats" in segs[-3:]:
        return "stats"
    if path.startswith("/account/events"):
        return "events"
    return "default"


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # epoch seconds (sim time) when the current window ends
    retry_after: int  # seconds; 0 when allowed

    def headers(self) -> dict[str, str]:
        h = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            h["Retry-After"] = str(self.retry_after)
        return h


class RateLimiter:
    def __init__(self, clock: Callable[[], float], limits: Mapping[str, int] | None = None, *,
                 speed: Callable[[], float] | None = None) -> None:
        self.clock = clock
        # sim seconds per real second (a live clock at --speed X); Retry-After is in real seconds
        self.speed = speed or (lambda: 1.0)
        self.base_limits: dict[str, int] = dict(DEFAULT_LIMITS)
        if limits:
            self.base_limits.update(limits)
        self.limits: dict[str, int] = dict(self.base_limits)
        # (key, class) -> (window index, count)
        self._counts: dict[tuple[str, str], tuple[int, int]] = {}

    def set_limits(self, overrides: Mapping[str, int] | None) -> None:
        """Replace the active budgets by the base ones updated with ``overrides`` (None → base)."""
        self.limits = dict(self.base_limits)
        if overrides:
            self.limits.update(overrides)

    def reset(self) -> None:
        self._counts.clear()

    def hit(self, key: str, cls: str) -> RateDecision:
        """Count one request of class ``cls`` for ``key`` (a token name) and decide."""
        limit = self.limits.get(cls, self.limits.get("default", 1600))
        now = self.clock()
        window = math.floor(now / WINDOW)
        reset_at = (window + 1) * WINDOW
        reset = int(reset_at)
        k = (key, cls)
        w, count = self._counts.get(k, (window, 0))
        if w != window:
            count = 0
        if count >= limit:
            self._counts[k] = (window, count)
            retry = max(1, math.ceil((reset_at - now) / max(self.speed(), 1e-9)))
            return RateDecision(False, limit, 0, reset, retry)
        count += 1
        self._counts[k] = (window, count)
        return RateDecision(True, limit, limit - count, reset, 0)

    def peek(self, key: str, cls: str) -> RateDecision:
        """The state for ``key``/``cls`` without counting a request."""
        limit = self.limits.get(cls, self.limits.get("default", 1600))
        now = self.clock()
        window = math.floor(now / WINDOW)
        reset = int((window + 1) * WINDOW)
        w, count = self._counts.get((key, cls), (window, 0))
        if w != window:
            count = 0
        return RateDecision(True, limit, max(0, limit - count), reset, 0)
