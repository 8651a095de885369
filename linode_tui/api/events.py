"""EventPoller: the Cloud Manager polling pattern for ``GET /account/events``.

One poller per app.  It feeds the status panel with typed :class:`EventUpdate` objects:

* ``new``          an event (job) appeared -- emitted once per event, also for events that are
                   still in flight (scheduled/started/in_progress) when the poller starts;
* ``progress``     a tracked in-flight event changed ``status``, ``percent_complete`` or
                   ``time_remaining``;
* ``finished`` / ``failed``  a job ended -- exactly once per event (an event that is already
                   finished when first seen gets ``new`` then ``finished`` in the same poll);
* ``notification`` an event with status ``notification`` appeared (once);
* ``error``        the request failed (``update.error``); the loop keeps going and backs off.

Requests (API-NOTES §3.1/§5; ids only grow, so filtering on ``id`` avoids the same-second
problem a ``created >= t`` filter has):

* first poll (baseline): ``{"+order_by": "id", "+order": "desc"}`` with ``page_size`` =
  ``baseline_size`` -- finished events in it are history and are not reported; in-flight ones
  are reported as ``new`` and tracked;
* later polls: ``{"+or": [{"id": {"+gt": last_id}}, {"id": <in-flight id>}, ...],
  "+order_by": "id", "+order": "desc"}`` (no ``+or`` when nothing is in flight), following
  pages up to ``max_pages``.  Events already known are de-duplicated by id, so a server that
  ignores the filter still never produces a second ``new`` or ``finished``.

Cadence: ``busy_interval`` (2 s) while any tracked event is in flight, or within
``kick_grace`` seconds after :meth:`EventPoller.kick` (the event an action creates is picked
up quickly); ``idle_interval`` (16 s) otherwise.  After errors the delay doubles per consecutive
error (capped at ``max_backoff``, at least a 429's ``retry_after``).  ``kick()`` wakes a
sleeping loop at once; ``pause()``/``resume()`` suspend polling (resume polls at once).

The events budget: the poller never spends more than the API allows.  It reads the budget the
client recorded from the ``X-RateLimit-Limit/Remaining/Reset`` headers of ``/account/events``
responses (``client.rate.budget("events")``) and spreads what is left of the window, minus
``budget_reserve`` requests kept for the rest of the app, over the time until the reset (the
server's time, ``client.server_now()``): the interval is at least ``time left / (polls left + 1)``,
and when nothing is left it waits until ``reset_margin`` seconds after the reset -- also after a
kick.  With the real API's budgets (hundreds a minute) this never slows the 2 s cadence.

Progress estimates: for every in-flight event the poller keeps ``(time, percent_complete)``
samples.  Updates of in-flight events carry ``eta_seconds``: the API's ``time_remaining`` when it
sends one (``eta_estimated=False``), else an estimate from the progress rate
(``eta_estimated=True``), else None; :meth:`EventPoller.eta` gives the same at any later time.

When the client has an audit log (``client.audit``), every new event is offered to it
(:meth:`linode_tui.api.audit.AuditLog.match_event`), so the entry of the mutation that caused the
event records the event's id.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Final, Literal, Protocol

from linode_tui.api.errors import MalformedResponseError

__all__ = [
    "EVENTS_PATH",
    "FAILED_STATUSES",
    "IN_FLIGHT_STATUSES",
    "EventPoller",
    "EventUpdate",
    "EventsClient",
    "UpdateKind",
    "UpdateStream",
    "parse_time_remaining",
]

log = logging.getLogger(__name__)

EVENTS_PATH: Final = "/account/events"
UpdateKind = Literal["new", "progress", "finished", "failed", "notification", "error"]

#: Statuses of a job that is still running (``in_progress`` comes with maintenance events).
IN_FLIGHT_STATUSES: Final = frozenset({"scheduled", "started", "in_progress"})
FAILED_STATUSES: Final = frozenset({"failed"})
NOTIFICATION_STATUSES: Final = frozenset({"notification"})
# Anything else ("finished", "completed", or an unknown future status) counts as finished.

_PROGRESS_FIELDS: Final = ("status", "percent_complete", "time_remaining")
_HMS: Final = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)\s*$")
_MAX_SAMPLES: Final = 32

Budget = tuple[int | None, int | None, float | None]


def parse_time_remaining(value: Any) -> float | None:
    """Seconds from an event's ``time_remaining``: the API sends null, an int (seconds) or an
    ``"H:M:S"`` string (API-NOTES §3.1); ``"M:S"`` and digit strings are accepted too.  None when
    absent or unreadable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        if text.replace(".", "", 1).isdigit():
            return float(text)
        m = _HMS.match(text)
        if m:
            hours = int(m.group(1) or 0)
            return hours * 3600.0 + int(m.group(2)) * 60.0 + float(m.group(3))
    return None


def _created_epoch(event: dict[str, Any]) -> float | None:
    """The event's ``created`` (naive ISO, UTC implied) as epoch seconds."""
    created = event.get("created")
    if not isinstance(created, str):
        return None
    try:
        dt = datetime.fromisoformat(created.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def _percent(event: dict[str, Any]) -> float | None:
    pct = event.get("percent_complete")
    if isinstance(pct, bool) or not isinstance(pct, (int, float)):
        return None
    return float(pct)


class EventsClient(Protocol):
    """What the poller needs from :class:`linode_tui.api.client.LinodeClient`."""

    async def get(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        filter: dict[str, Any] | None = None,
        cache: bool = True,
    ) -> Any: ...


@dataclass(frozen=True, slots=True)
class EventUpdate:
    """One thing the status panel should know about.  ``event`` is the raw API event
    (``{}`` for ``error`` updates, which carry ``error`` instead)."""

    kind: UpdateKind
    event: dict[str, Any] = field(default_factory=dict)
    error: Exception | None = None
    #: Seconds until the job ends, for in-flight events (``new``/``progress``): the API's
    #: ``time_remaining`` when it sends one, else an estimate from the progress rate, else None.
    eta_seconds: float | None = None
    #: True when ``eta_seconds`` is the poller's estimate rather than the API's figure (show it
    #: as such, e.g. "~2 min").
    eta_estimated: bool = False

    @property
    def event_id(self) -> int | None:
        eid = self.event.get("id")
        return eid if isinstance(eid, int) and not isinstance(eid, bool) else None

    @property
    def action(self) -> str | None:
        action = self.event.get("action")
        return action if isinstance(action, str) else None

    @property
    def status(self) -> str | None:
        status = self.event.get("status")
        return status if isinstance(status, str) else None

    @property
    def percent_complete(self) -> int | None:
        pct = self.event.get("percent_complete")
        return int(pct) if isinstance(pct, (int, float)) and not isinstance(pct, bool) else None


def _event_class(event: dict[str, Any]) -> Literal["in_flight", "failed", "notification", "finished"]:
    status = event.get("status")
    if status in IN_FLIGHT_STATUSES:
        return "in_flight"
    if status in FAILED_STATUSES:
        return "failed"
    if status in NOTIFICATION_STATUSES:
        return "notification"
    return "finished"


def _event_id(event: Any) -> int | None:
    if not isinstance(event, dict):
        return None
    eid = event.get("id")
    return eid if isinstance(eid, int) and not isinstance(eid, bool) else None


class UpdateStream:
    """An async iterator of updates (from :meth:`EventPoller.updates`).

    It is registered when created, so no update emitted afterwards is missed.  Iteration ends
    when the poller stops or :meth:`close` is called.  At most ``maxsize`` unread updates are
    kept (the oldest are dropped) so a forgotten stream cannot grow without bound.
    """

    def __init__(self, owner: EventPoller, maxsize: int = 1000) -> None:
        self._owner = owner
        self._queue: asyncio.Queue[EventUpdate | None] = asyncio.Queue(maxsize=maxsize)
        self._closed = False

    def __aiter__(self) -> UpdateStream:
        return self

    async def __anext__(self) -> EventUpdate:
        if self._closed and self._queue.empty():
            raise StopAsyncIteration
        item = await self._queue.get()
        if item is None:
            self._closed = True
            raise StopAsyncIteration
        return item

    @property
    def closed(self) -> bool:
        return self._closed

    def _push(self, item: EventUpdate | None) -> None:
        while True:
            try:
                self._queue.put_nowait(item)
                return
            except asyncio.QueueFull:
                with contextlib.suppress(asyncio.QueueEmpty):
                    self._queue.get_nowait()

    def close(self) -> None:
        """Detach from the poller; iteration ends after the updates already queued."""
        self._owner._detach(self)
        if not self._closed:
            self._push(None)


class EventPoller:
    """Poll ``/account/events`` and turn the answers into :class:`EventUpdate` objects.

    Use either ``on_update`` (called synchronously for every update, in order), or
    ``async for update in poller.updates()``, or both.  ``start()`` needs a running event
    loop; tests drive :meth:`poll_once` directly.
    """

    def __init__(
        self,
        client: EventsClient,
        *,
        idle_interval: float = 16.0,
        busy_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        on_update: Callable[[EventUpdate], None] | None = None,
        baseline_size: int = 50,
        page_size: int = 100,
        max_pages: int = 5,
        kick_grace: float = 10.0,
        max_backoff: float = 120.0,
        missing_limit: int = 3,
        budget: Callable[[], Budget] | None = None,
        server_now: Callable[[], float] | None = None,
        budget_reserve: int = 1,
        reset_margin: float = 1.0,
    ) -> None:
        self.client = client
        self.idle_interval = idle_interval
        self.busy_interval = busy_interval
        self.baseline_size = max(25, min(500, baseline_size))  # the API's page_size range
        self.page_size = max(25, min(500, page_size))
        self.max_pages = max(1, max_pages)
        self.kick_grace = kick_grace
        self.max_backoff = max_backoff
        self.missing_limit = max(1, missing_limit)
        self.on_update = on_update
        self._clock = clock
        self._sleep = sleep
        # the events budget (limit, remaining, reset) and the server's clock: from the client
        # unless given (a client without them: no budget, the local wall clock)
        rate: Any = getattr(client, "rate", None)
        if budget is None and callable(getattr(rate, "budget", None)):

            def budget() -> Budget:
                limit, remaining, reset = rate.budget("events")
                return limit, remaining, reset

        self._budget: Callable[[], Budget] | None = budget
        client_now = getattr(client, "server_now", None)
        self._server_now: Callable[[], float] = server_now or (
            client_now if callable(client_now) else time.time
        )
        self.budget_reserve = max(0, budget_reserve)
        self.reset_margin = max(0.0, reset_margin)
        self._requests_last_poll = 1
        self._requests_this_poll = 0
        #: (poller clock time, percent_complete) samples per in-flight event id
        self._samples: dict[int, deque[tuple[float, float]]] = {}
        #: the latest (clock time, eta seconds, estimated) per in-flight event id
        self._eta: dict[int, tuple[float, float, bool]] = {}

        self._baseline_done = False
        self._last_id = 0
        self._in_flight: dict[int, dict[str, Any]] = {}
        self._missing: dict[int, int] = {}
        self._errors = 0
        self._retry_after: float | None = None
        self._kicked_at: float | None = None
        self._paused = False
        self._stopped = False
        self._wake = asyncio.Event()
        self._resumed = asyncio.Event()
        self._resumed.set()
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._streams: list[UpdateStream] = []
        #: Number of polls attempted, and the clock time of the last one (None before the first).
        self.polls = 0
        self.last_poll_at: float | None = None

    # ------------------------------------------------------------------ state (read-only views)

    @property
    def last_id(self) -> int:
        """Highest event id seen so far (0 before the baseline or on an empty account)."""
        return self._last_id

    @property
    def baseline_done(self) -> bool:
        return self._baseline_done

    @property
    def in_flight(self) -> dict[int, dict[str, Any]]:
        """Tracked in-flight events by id (latest known state; a copy)."""
        return dict(self._in_flight)

    @property
    def busy(self) -> bool:
        """True while an event is in flight or within ``kick_grace`` seconds after a kick."""
        if self._in_flight:
            return True
        return self._kicked_at is not None and self._clock() - self._kicked_at < self.kick_grace

    @property
    def consecutive_errors(self) -> int:
        return self._errors

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def next_interval(self) -> float:
        """Seconds until the next poll: the busy/idle cadence, with back-off after errors, and never
        faster than the events budget allows (:meth:`budget_interval`)."""
        base = self.busy_interval if self.busy else self.idle_interval
        delay = base
        if self._errors:
            delay = max(base, min(self.max_backoff, base * 2.0**self._errors))
            if self._retry_after is not None:
                delay = max(delay, self._retry_after)
        return max(delay, self.budget_interval())

    def _budget_state(self) -> tuple[int, float] | None:
        """(requests the poller may still use in this window, seconds until the window resets),
        or None when the budget is unknown or its window is over."""
        if self._budget is None:
            return None
        try:
            _limit, remaining, reset = self._budget()
        except Exception:  # a broken budget source must not stop polling
            log.exception("event poller: reading the events budget failed")
            return None
        if remaining is None or reset is None:
            return None
        left = reset - self._server_now()
        if left <= 0:
            return None
        return remaining - self.budget_reserve, left

    def budget_interval(self) -> float:
        """The shortest interval the events budget allows now (0 when it does not limit): the time
        until the window resets divided by one more than the polls its remaining requests pay for
        (after ``budget_reserve``); after the last one, until ``reset_margin`` s past the reset."""
        state = self._budget_state()
        if state is None:
            return 0.0
        usable, left = state
        per_poll = max(1, self._requests_last_poll)
        if usable < per_poll:
            return left + self.reset_margin
        # n polls left: n + 1 equal gaps, so the last paid-for poll comes before the reset and the
        # next one (the window's first) just after it
        return left / (usable // per_poll + 1)

    def budget_hold(self) -> float:
        """Seconds before ANY poll may be sent (also a kicked one): 0 unless this window's budget
        is spent, else until ``reset_margin`` s after its reset."""
        state = self._budget_state()
        if state is None:
            return 0.0
        usable, left = state
        return left + self.reset_margin if usable < max(1, self._requests_last_poll) else 0.0

    def eta(self, event_id: int, now: float | None = None) -> tuple[float | None, bool]:
        """``(seconds left, estimated)`` for a tracked in-flight event at poller-clock time ``now``
        (default: now): the last figure counted down by the time since; ``(None, False)`` when
        unknown."""
        hit = self._eta.get(event_id)
        if hit is None:
            return None, False
        at, seconds, estimated = hit
        t = self._clock() if now is None else now
        return max(0.0, seconds - max(0.0, t - at)), estimated

    # ------------------------------------------------------------------ requests

    def request(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The ``(X-Filter, query params)`` of the next poll."""
        order = {"+order_by": "id", "+order": "desc"}
        if not self._baseline_done:
            return dict(order), {"page_size": self.baseline_size}
        newer: dict[str, Any] = {"id": {"+gt": self._last_id}}
        if self._in_flight:
            conditions = [newer, *({"id": eid} for eid in sorted(self._in_flight))]
            return {"+or": conditions, **order}, {"page_size": self.page_size}
        return {**newer, **order}, {"page_size": self.page_size}

    async def _get_page(self, xfilter: dict[str, Any], params: dict[str, Any]) -> tuple[list[Any], int]:
        self._requests_this_poll += 1
        body = await self.client.get(EVENTS_PATH, params=params, filter=xfilter, cache=False)
        if isinstance(body, list):  # tolerate a client that already unwrapped the envelope
            return body, 1
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise MalformedResponseError("the events list response is not a page envelope")
        pages = body.get("pages")
        return body["data"], pages if isinstance(pages, int) and not isinstance(pages, bool) else 1

    async def _fetch(self) -> list[dict[str, Any]]:
        xfilter, params = self.request()
        data, pages = await self._get_page(xfilter, params)
        if self._baseline_done:
            page = 1
            while page < pages and page < self.max_pages:
                page += 1
                more, pages = await self._get_page(xfilter, {**params, "page": page})
                data.extend(more)
        return [e for e in data if _event_id(e) is not None]

    # ------------------------------------------------------------------ polling

    async def poll_once(self) -> list[EventUpdate]:
        """Poll now; emit and return the updates.  Client errors become one ``error`` update."""
        async with self._lock:
            self._wake.clear()  # a kick that happened before this poll is satisfied by it
            self.polls += 1
            self.last_poll_at = self._clock()
            self._requests_this_poll = 0
            try:
                events = await self._fetch()
            except Exception as exc:  # any failure must not kill the poller
                self._errors += 1
                retry_after = getattr(exc, "retry_after", None)
                self._retry_after = float(retry_after) if isinstance(retry_after, (int, float)) else None
                updates = [EventUpdate("error", error=exc)]
            else:
                self._errors = 0
                self._retry_after = None
                updates = self._with_eta(self._process(events))
            finally:
                self._requests_last_poll = max(1, self._requests_this_poll)
        self._emit(updates)
        return updates

    # ------------------------------------------------------------------ progress estimates

    def _with_eta(self, updates: list[EventUpdate]) -> list[EventUpdate]:
        """Sample the progress of tracked in-flight events; put their ETA on their updates."""
        now = self._clock()
        for eid in list(self._samples):
            if eid not in self._in_flight:
                del self._samples[eid]
                self._eta.pop(eid, None)
        for tracked_id, ev in self._in_flight.items():
            pct = _percent(ev)
            if pct is not None:
                samples = self._samples.setdefault(tracked_id, deque(maxlen=_MAX_SAMPLES))
                if not samples or samples[-1][0] != now:
                    samples.append((now, pct))
            eta = self._estimate(tracked_id, ev, now)
            if eta is None:
                self._eta.pop(tracked_id, None)
            else:
                self._eta[tracked_id] = (now, eta[0], eta[1])
        out: list[EventUpdate] = []
        for update in updates:
            uid = update.event_id
            hit = self._eta.get(uid) if uid is not None and update.kind in ("new", "progress") else None
            out.append(replace(update, eta_seconds=hit[1], eta_estimated=hit[2]) if hit else update)
        return out

    def _estimate(self, eid: int, event: dict[str, Any], now: float) -> tuple[float, bool] | None:
        api = parse_time_remaining(event.get("time_remaining"))
        if api is not None:
            return api, False
        pct = _percent(event)
        if pct is None:
            return None
        if pct >= 100:
            return 0.0, True
        samples = self._samples.get(eid)
        if samples is not None and len(samples) >= 2:
            (t0, p0), (t1, p1) = samples[0], samples[-1]
            if p1 > p0 and t1 > t0:
                return (100.0 - p1) * (t1 - t0) / (p1 - p0), True
        # one sample (or no progress seen yet): the rate since the event was created
        created = _created_epoch(event)
        if created is not None and pct > 0:
            elapsed = self._server_now() - created
            if elapsed > 0:
                return (100.0 - pct) * elapsed / pct, True
        return None

    def _process(self, events: list[dict[str, Any]]) -> list[EventUpdate]:
        by_id: dict[int, dict[str, Any]] = {}
        for raw in events:
            raw_id = _event_id(raw)
            if raw_id is not None:
                by_id[raw_id] = raw
        ordered = [by_id[eid] for eid in sorted(by_id)]  # oldest first
        updates: list[EventUpdate] = []

        if not self._baseline_done:
            for ev in ordered:
                if _event_class(ev) == "in_flight":
                    self._in_flight[ev["id"]] = ev
                    updates.append(EventUpdate("new", ev))
            self._last_id = max(by_id, default=0)
            self._baseline_done = True
            return updates

        requested = set(self._in_flight)
        for ev in ordered:
            eid: int = ev["id"]
            cls = _event_class(ev)
            if eid in self._in_flight:
                prev = self._in_flight[eid]
                if cls == "in_flight":
                    self._in_flight[eid] = ev
                    if any(prev.get(k) != ev.get(k) for k in _PROGRESS_FIELDS):
                        updates.append(EventUpdate("progress", ev))
                else:
                    del self._in_flight[eid]
                    self._missing.pop(eid, None)
                    updates.append(EventUpdate("failed" if cls == "failed" else "finished", ev))
            elif eid > self._last_id:
                if cls == "notification":
                    updates.append(EventUpdate("notification", ev))
                    continue
                updates.append(EventUpdate("new", ev))
                if cls == "in_flight":
                    self._in_flight[eid] = ev
                else:
                    updates.append(EventUpdate("failed" if cls == "failed" else "finished", ev))
            # else: an event we already reported (or history from before the baseline): ignore.
        if by_id:
            self._last_id = max(self._last_id, max(by_id))

        # In-flight events we asked for by id but did not get back (deleted, expired, or a page we
        # did not fetch): stop tracking them after a few polls so the cadence can go idle again.
        for eid in requested:
            if eid in by_id:
                self._missing.pop(eid, None)
            elif eid in self._in_flight:
                self._missing[eid] = self._missing.get(eid, 0) + 1
                if self._missing[eid] >= self.missing_limit:
                    del self._in_flight[eid]
                    del self._missing[eid]
        return updates

    def _emit(self, updates: list[EventUpdate]) -> None:
        audit = getattr(self.client, "audit", None)  # linode_tui.api.audit.AuditLog, when the client has one
        for update in updates:
            if audit is not None and update.kind in ("new", "notification") and update.event:
                try:
                    audit.match_event(update.event)  # the audit entry learns the event it caused
                except Exception:
                    log.exception("event poller: audit log matching failed")
            if self.on_update is not None:
                try:
                    self.on_update(update)
                except Exception:
                    log.exception("event poller: on_update callback failed")
            for stream in list(self._streams):
                stream._push(update)

    # ------------------------------------------------------------------ control

    def kick(self) -> None:
        """Poll as soon as possible (right after an action), then poll at the busy cadence for
        ``kick_grace`` seconds so the action's event is picked up quickly."""
        self._kicked_at = self._clock()
        self._wake.set()

    def pause(self) -> None:
        """Stop polling until :meth:`resume` (a poll already running completes)."""
        self._paused = True
        self._resumed.clear()
        self._wake.set()

    def resume(self) -> None:
        """Resume polling, with an immediate poll."""
        if not self._paused:
            return
        self._paused = False
        self._resumed.set()
        self._wake.set()

    def start(self) -> None:
        """Start the background loop (needs a running event loop).  Idempotent."""
        if self.running:
            return
        self._stopped = False
        self._task = asyncio.get_running_loop().create_task(self._run(), name="linode-tui-event-poller")

    def stop(self) -> None:
        """Cancel the loop and end every :meth:`updates` iterator (after what they already hold)."""
        self._stopped = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        for stream in list(self._streams):
            stream.close()

    async def aclose(self) -> None:
        """:meth:`stop`, then wait for the loop task to finish."""
        self.stop()
        task, self._task = self._task, None
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def updates(self) -> UpdateStream:
        """An async iterator of every update emitted from now on."""
        stream = UpdateStream(self)
        if self._stopped:
            stream.close()
        else:
            self._streams.append(stream)
        return stream

    def _detach(self, stream: UpdateStream) -> None:
        with contextlib.suppress(ValueError):
            self._streams.remove(stream)

    async def _run(self) -> None:
        while True:
            if self._paused:
                await self._resumed.wait()
                continue
            hold = self.budget_hold()  # this window's events budget is spent: not even a kick polls
            if hold > 0:
                await self._sleep(hold)
                if self._paused:
                    continue
            await self.poll_once()
            await self._wait(self.next_interval())

    async def _wait(self, delay: float) -> None:
        if self._wake.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(delay))
        waker = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                if not task.done():
                    task.cancel()

    async def __aenter__(self) -> EventPoller:
        self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __aiter__(self) -> AsyncIterator[EventUpdate]:
        return self.updates()
