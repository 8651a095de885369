"""Client-side rate-limit tracking: throttle *before* the API answers 429.

The Linode API sends ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (the
end of the current window, epoch seconds) with its responses; limits differ per endpoint.  We group
requests into *limit classes* (see :func:`limit_class`) and keep one budget per class:

* ``"stats"``  — ``GET …/stats`` and ``GET …/stats/{year}/{month}`` (Linodes, NodeBalancers, …); these
  have the smallest budgets, and every stats view shares this one;
* ``"events"`` — ``GET /account/events…`` (the event poller);
* ``"mutate"`` — every non-GET request;
* ``"default"`` — everything else.

Before a request is sent, :meth:`RateLimiter.acquire` checks its class: when ``remaining`` is at or
below ``reserve`` and the reset lies in the future, it waits (with the injected ``sleep``) until the
reset, sets ``throttled`` and tells listeners.  Requests in flight are subtracted locally, so a burst
of concurrent page fetches cannot overshoot the budget the last response announced.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping

from msgspec import Struct, field

__all__ = ["LIMIT_CLASSES", "Budget", "ClientNotice", "RateLimiter", "limit_class"]

log = logging.getLogger(__name__)

LIMIT_CLASSES = ("default", "stats", "events", "mutate")

_STATS_RE = re.compile(r"/stats(?:/\d{4}/\d{1,2})?/?$")
_EVENTS_RE = re.compile(r"^/account/events(?:/|$)")
# A reset value below this is taken as "seconds from now" rather than an epoch timestamp.
_EPOCH_THRESHOLD = 1_000_000_000.0


class ClientNotice(Struct, frozen=True):
    """Something the UI may want to show in its status line.

    kind: ``"throttled"`` (waiting for a rate-limit window), ``"unthrottled"``, ``"retrying"``,
    ``"rate_limited"`` (the API answered 429), ``"error"``, ``"slow"`` (a request has had no answer
    for ``elapsed`` seconds) or ``"answered"`` (that slow request ended, after ``elapsed`` seconds;
    ``request_id`` pairs the two).

    ``retry_at`` (``throttled`` and ``rate_limited``): when the request goes out again, in epoch
    seconds of the client's ``wall`` clock (the clock the UI counts down with: ``time.time`` for the
    real API, the simulator's clock in the demo).  A 429 gives ONE ``rate_limited`` notice per limit
    class until a request of that class succeeds (then ``unthrottled``), so the UI can show one
    message counting down to ``retry_at`` instead of one per retry; see :meth:`seconds_left`.
    """

    kind: str
    message: str
    method: str | None = None
    path: str | None = None
    limit_class: str | None = None
    delay: float | None = None
    attempt: int | None = None
    elapsed: float | None = None
    request_id: int | None = None
    retry_at: float | None = None

    def seconds_left(self, now: float) -> float | None:
        """Whole seconds until ``retry_at`` at wall time ``now`` (never negative); None without one."""
        if self.retry_at is None:
            return None
        return float(max(0, math.ceil(self.retry_at - now - 1e-9)))


Listener = Callable[[ClientNotice], None]


def _strip_query(path: str) -> str:
    return path.split("?", 1)[0]


def limit_class(method: str, path: str) -> str:
    """The rate-limit class of a request (see the module docstring)."""
    path = _strip_query(path)
    if method.upper() != "GET":
        return "mutate"
    if _STATS_RE.search(path):
        return "stats"
    if _EVENTS_RE.search(path):
        return "events"
    return "default"


class Budget(Struct):
    """The last known budget of a limit class. ``reset`` is epoch seconds (the server's clock)."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None
    in_flight: int = field(default=0)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(float(raw.strip()))
    except ValueError:
        return None


def _float_header(headers: Mapping[str, str], name: str) -> float | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return float(raw.strip())
    except ValueError:
        return None


class RateLimiter:
    """Tracks the API's rate-limit headers per limit class and throttles before the budget runs out."""

    def __init__(
        self,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        wall: Callable[[], float] = time.time,
        reserve: int = 0,
        max_wait: float = 120.0,
        server_now: Callable[[], float] | None = None,
    ) -> None:
        self._sleep = sleep
        self._wall = wall
        # ``X-RateLimit-Reset`` is the API server's time: compare it with the server's "now" (the
        # client passes LinodeClient.server_now, its wall clock corrected by the Date header)
        self._server = server_now or wall
        self.reserve = reserve
        self.max_wait = max_wait
        self._budgets: dict[str, Budget] = {}
        self._waiting = 0
        self._listeners: list[Listener] = []
        self.waits: int = 0  # how many times a request waited (for tests and benchmarks)

    # -- listeners -------------------------------------------------------------------------------

    def add_listener(self, cb: Listener) -> None:
        self._listeners.append(cb)

    def _emit(self, notice: ClientNotice) -> None:
        for cb in list(self._listeners):
            try:
                cb(notice)
            except Exception:  # a broken listener must never break a request
                log.exception("rate-limit listener failed")

    # -- state -----------------------------------------------------------------------------------

    @property
    def throttled(self) -> bool:
        """True while at least one request waits for a rate-limit window to reset."""
        return self._waiting > 0

    def budget(self, class_: str) -> tuple[int | None, int | None, float | None]:
        """``(limit, remaining, reset_epoch)`` of a limit class; ``None`` where not known yet.

        ``remaining`` already accounts for requests of this class still in flight.
        """
        b = self._budgets.get(class_)
        if b is None:
            return (None, None, None)
        self._roll(b)
        return (b.limit, b.remaining, b.reset)

    def _roll(self, b: Budget) -> None:
        """Start a new window when the reset time has passed."""
        if b.reset is not None and b.reset <= self._server():
            b.remaining = b.limit
            b.reset = None

    def _normalise_reset(self, value: float | None) -> float | None:
        if value is None:
            return None
        if value < _EPOCH_THRESHOLD:  # some servers send seconds-until-reset
            return self._server() + max(0.0, value)
        return value

    def record(self, method: str, path: str, headers: Mapping[str, str]) -> None:
        """Update the class budget from a response's ``X-RateLimit-*`` headers.

        Call :meth:`release` for the request first: requests of the class still in flight are then
        subtracted from the announced ``remaining``.
        """
        headers = {k.lower(): v for k, v in headers.items()}
        limit = _int_header(headers, "x-ratelimit-limit")
        remaining = _int_header(headers, "x-ratelimit-remaining")
        reset = self._normalise_reset(_float_header(headers, "x-ratelimit-reset"))
        if limit is None and remaining is None and reset is None:
            return
        b = self._budgets.setdefault(limit_class(method, path), Budget())
        if limit is not None:
            b.limit = limit
        if remaining is not None:
            remaining = max(0, remaining - b.in_flight)
            same_window = reset is not None and b.reset is not None and abs(reset - b.reset) < 1.0
            if same_window and b.remaining is not None:
                # responses may arrive out of order: within one window the budget only shrinks
                b.remaining = min(b.remaining, remaining)
            else:
                b.remaining = remaining
        if reset is not None:
            b.reset = reset

    def block(self, class_: str, seconds: float) -> None:
        """The API said 429: treat the class as exhausted for ``seconds`` (so concurrent requests wait)."""
        b = self._budgets.setdefault(class_, Budget())
        until = self._server() + max(0.0, seconds)
        b.remaining = 0
        b.reset = max(b.reset or 0.0, until)

    def release(self, method: str, path: str) -> None:
        """A request acquired with :meth:`acquire` finished (successfully or not)."""
        b = self._budgets.get(limit_class(method, path))
        if b is not None and b.in_flight > 0:
            b.in_flight -= 1

    async def acquire(self, method: str, path: str) -> float:
        """Wait, if needed, until the request's class has budget; reserve one unit. Returns seconds waited."""
        class_ = limit_class(method, path)
        b = self._budgets.setdefault(class_, Budget())
        waited = 0.0
        self._roll(b)
        if b.remaining is not None and b.remaining <= self.reserve and b.reset is not None:
            delay = min(max(0.0, b.reset - self._server()), self.max_wait)
            if delay > 0:
                waited = delay
                self.waits += 1
                self._waiting += 1
                if self._waiting == 1:
                    self._emit(
                        ClientNotice(
                            "throttled",
                            f"Rate limit reached for {class_} requests; waiting {delay:.0f} s",
                            method=method,
                            path=path,
                            limit_class=class_,
                            delay=delay,
                            retry_at=self._wall() + delay,
                        )
                    )
                try:
                    await self._sleep(delay)
                finally:
                    self._waiting -= 1
                    if self._waiting == 0:
                        self._emit(
                            ClientNotice(
                                "unthrottled",
                                f"Rate limit window for {class_} requests reset",
                                limit_class=class_,
                            )
                        )
            # The window is over (or our clock disagrees with the server's): start afresh rather
            # than waiting again, so a skewed clock can never stall us forever.
            if b.reset is not None and b.reset <= self._server() + delay:
                b.remaining = b.limit
                b.reset = None
        b.in_flight += 1
        if b.remaining is not None:
            b.remaining = max(0, b.remaining - 1)
        return waited
