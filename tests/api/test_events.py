"""Tests for linode_tui.api.events.EventPoller (fake client, fake clock and sleep; no real sleeping)."""

from __future__ import annotations

import asyncio
import json
import math
from typing import Any

import httpx
import pytest

from linode_tui.api.client import LinodeClient
from linode_tui.api.errors import NetworkError, RateLimitedError
from linode_tui.api.events import EventPoller, EventUpdate
from linode_tui.api.query import apply_filter

ORDER = {"+order_by": "id", "+order": "desc"}


def ev(
    eid: int,
    status: str = "finished",
    pct: int | None = 100,
    action: str = "linode_boot",
    created: str = "2024-05-01T10:00:00",
    **extra: Any,
) -> dict[str, Any]:
    return {
        "id": eid,
        "action": action,
        "status": status,
        "percent_complete": pct,
        "time_remaining": None,
        "created": created,
        "entity": {"id": 100 + eid, "type": "linode", "label": f"linode-{eid}"},
        **extra,
    }


class FakeEventsClient:
    """A duck-typed client serving an event store with the API's filter and paging semantics."""

    def __init__(self, events: list[dict[str, Any]] | None = None, *, honour_filter: bool = True) -> None:
        self.events: dict[int, dict[str, Any]] = {e["id"]: e for e in events or []}
        self.calls: list[dict[str, Any]] = []
        self.honour_filter = honour_filter
        self.fail_with: list[Exception] = []

    def put(self, *events: dict[str, Any]) -> None:
        for e in events:
            self.events[e["id"]] = e

    @property
    def filters(self) -> list[dict[str, Any] | None]:
        return [c["filter"] for c in self.calls]

    async def get(
        self,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        filter: dict[str, Any] | None = None,
        cache: bool = True,
    ) -> Any:
        self.calls.append({"path": path, "params": dict(params or {}), "filter": filter, "cache": cache})
        if self.fail_with:
            raise self.fail_with.pop(0)
        items = list(self.events.values())
        if self.honour_filter:
            items = apply_filter(items, filter)
        else:
            items.sort(key=lambda e: e["id"], reverse=True)
        size = int((params or {}).get("page_size", 100))
        page = int((params or {}).get("page", 1))
        pages = max(1, math.ceil(len(items) / size))
        data = items[(page - 1) * size : page * size]
        return {"data": [dict(e) for e in data], "page": page, "pages": pages, "results": len(items)}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeSleep:
    """Records requested delays; each sleep blocks until the test releases it (then the clock advances)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.calls: list[float] = []
        self.cancelled = 0
        self._pending: list[tuple[float, asyncio.Future[None]]] = []

    async def __call__(self, delay: float) -> None:
        self.calls.append(delay)
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((delay, fut))
        try:
            await fut
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        self.clock.now += delay

    def release(self) -> None:
        for _, fut in self._pending:
            if not fut.done():
                fut.set_result(None)
        self._pending.clear()


async def settle(rounds: int = 30) -> None:
    for _ in range(rounds):
        await asyncio.sleep(0)


def kinds(updates: list[EventUpdate]) -> list[tuple[str, int | None]]:
    return [(u.kind, u.event_id) for u in updates]


def make(client: FakeEventsClient, **kw: Any) -> tuple[EventPoller, FakeClock, FakeSleep, list[EventUpdate]]:
    clock = FakeClock()
    sleep = FakeSleep(clock)
    seen: list[EventUpdate] = []
    poller = EventPoller(client, clock=clock, sleep=sleep, on_update=seen.append, **kw)
    return poller, clock, sleep, seen


# ------------------------------------------------------------------------------------------------
# Baseline and request filters


async def test_baseline_reports_only_in_flight_events_and_asks_for_latest_by_id() -> None:
    client = FakeEventsClient(
        [ev(1), ev(2, "notification", None), ev(3, "started", 40), ev(4, "scheduled", 0), ev(5, "failed", 10)]
    )
    poller, *_ = make(client)
    updates = await poller.poll_once()
    assert kinds(updates) == [("new", 3), ("new", 4)]
    call = client.calls[0]
    assert call["path"] == "/account/events"
    assert call["filter"] == ORDER
    assert 25 <= call["params"]["page_size"] <= 100
    assert call["cache"] is False
    assert poller.last_id == 5
    assert set(poller.in_flight) == {3, 4}


async def test_later_polls_ask_for_newer_ids_plus_in_flight_ids() -> None:
    client = FakeEventsClient([ev(1), ev(3, "started", 40), ev(7, "scheduled", 0), ev(9)])
    poller, *_ = make(client)
    await poller.poll_once()
    await poller.poll_once()
    assert client.filters[1] == {"+or": [{"id": {"+gt": 9}}, {"id": 3}, {"id": 7}], **ORDER}
    # once nothing is in flight the filter is only "newer than the last id"
    client.put(ev(3), ev(7))
    await poller.poll_once()
    await poller.poll_once()
    assert client.filters[3] == {"id": {"+gt": 9}, **ORDER}
    # never filters on `created` (the same-second problem)
    assert all("created" not in repr(f) for f in client.filters)


async def test_empty_account_baseline_then_everything_is_new() -> None:
    client = FakeEventsClient([])
    poller, *_ = make(client)
    assert await poller.poll_once() == []
    assert poller.baseline_done and poller.last_id == 0
    client.put(ev(1, "started", 0))
    assert kinds(await poller.poll_once()) == [("new", 1)]
    assert client.filters[1] == {"id": {"+gt": 0}, **ORDER}


# ------------------------------------------------------------------------------------------------
# Update detection


async def test_progress_finish_and_no_duplicate_finished() -> None:
    client = FakeEventsClient([ev(1), ev(2, "scheduled", 0)])
    poller, _, _, seen = make(client)
    assert kinds(await poller.poll_once()) == [("new", 2)]

    client.put(ev(2, "started", 0))
    assert kinds(await poller.poll_once()) == [("progress", 2)]  # status change
    client.put(ev(2, "started", 50))
    ups = await poller.poll_once()
    assert kinds(ups) == [("progress", 2)]
    assert ups[0].percent_complete == 50 and ups[0].status == "started"
    assert await poller.poll_once() == []  # nothing changed: nothing emitted
    client.put(ev(2, "started", 50, time_remaining="0:0:20"))
    assert kinds(await poller.poll_once()) == [("progress", 2)]

    client.put(ev(2, "finished", 100))
    ups = await poller.poll_once()
    assert kinds(ups) == [("finished", 2)]
    assert ups[0].action == "linode_boot"
    assert await poller.poll_once() == []
    assert await poller.poll_once() == []
    assert [u.kind for u in seen].count("finished") == 1
    assert poller.in_flight == {}


async def test_new_events_of_every_kind_after_baseline() -> None:
    client = FakeEventsClient([ev(1)])
    poller, *_ = make(client)
    await poller.poll_once()
    client.put(
        ev(2, "started", 5, action="linode_reboot"),
        ev(3, "finished", 100, action="linode_shutdown"),  # finished between two polls
        ev(4, "failed", 30, action="linode_resize"),
        ev(5, "notification", None, action="linode_update"),
        ev(6, "in_progress", 0, action="linode_migrate"),  # maintenance-style status: in flight
        ev(7, "completed", 100, action="linode_migrate"),  # maintenance-style: finished
    )
    ups = await poller.poll_once()
    assert kinds(ups) == [
        ("new", 2),
        ("new", 3),
        ("finished", 3),
        ("new", 4),
        ("failed", 4),
        ("notification", 5),
        ("new", 6),
        ("new", 7),
        ("finished", 7),
    ]
    assert set(poller.in_flight) == {2, 6}
    assert poller.last_id == 7
    client.put(ev(2, "failed", 60), ev(6, "completed", 100))
    assert kinds(await poller.poll_once()) == [("failed", 2), ("finished", 6)]


async def test_same_second_events_are_all_reported() -> None:
    t = "2024-05-01T10:00:00"
    client = FakeEventsClient([ev(10, created=t)])
    poller, *_ = make(client)
    await poller.poll_once()
    # two more events created in the very same second as the baseline's newest one
    client.put(ev(11, "started", 0, created=t), ev(12, "notification", None, created=t))
    assert kinds(await poller.poll_once()) == [("new", 11), ("notification", 12)]
    client.put(ev(13, created=t))
    assert kinds(await poller.poll_once()) == [("new", 13), ("finished", 13)]


async def test_dedupes_even_when_the_server_ignores_the_filter() -> None:
    client = FakeEventsClient([ev(1), ev(2, "started", 10)], honour_filter=False)
    poller, _, _, seen = make(client)
    await poller.poll_once()
    client.put(ev(3, "notification", None))
    await poller.poll_once()
    client.put(ev(2, "finished", 100))
    await poller.poll_once()
    await poller.poll_once()
    await poller.poll_once()
    assert kinds(seen) == [("new", 2), ("notification", 3), ("finished", 2)]


async def test_follows_pages_of_new_events_oldest_first() -> None:
    client = FakeEventsClient([ev(1)])
    poller, *_ = make(client, page_size=25)
    await poller.poll_once()
    client.put(*(ev(i, "notification", None) for i in range(2, 62)))  # 60 new events: 3 pages
    ups = await poller.poll_once()
    assert [u.event_id for u in ups] == list(range(2, 62))
    assert [c["params"].get("page", 1) for c in client.calls[1:]] == [1, 2, 3]
    assert poller.last_id == 61


async def test_in_flight_event_that_disappears_is_dropped_after_a_few_polls() -> None:
    client = FakeEventsClient([ev(1, "started", 10)])
    poller, *_ = make(client, missing_limit=3)
    await poller.poll_once()
    assert poller.next_interval() == 2.0
    del client.events[1]
    for _ in range(2):
        await poller.poll_once()
        assert 1 in poller.in_flight
    await poller.poll_once()
    assert poller.in_flight == {}
    assert poller.next_interval() == 16.0


async def test_malformed_events_and_envelopes() -> None:
    client = FakeEventsClient([ev(1)])
    poller, *_ = make(client)
    await poller.poll_once()
    client.put({"id": 2, "status": "started"})  # minimal event: still tracked
    client.events[3] = {"id": 3}  # no status: counts as finished
    ups = await poller.poll_once()
    assert kinds(ups) == [("new", 2), ("new", 3), ("finished", 3)]

    async def bad_get(*args: Any, **kwargs: Any) -> Any:
        return {"oops": True}

    client.get = bad_get  # type: ignore[method-assign]
    ups = await poller.poll_once()
    assert [u.kind for u in ups] == ["error"]
    assert "envelope" in str(ups[0].error)


# ------------------------------------------------------------------------------------------------
# Errors


async def test_errors_are_reported_not_raised_and_back_off() -> None:
    client = FakeEventsClient([ev(1)])
    poller, _, _, seen = make(client)
    boom = NetworkError("connection refused")
    client.fail_with = [boom, NetworkError("again")]
    ups = await poller.poll_once()
    assert len(ups) == 1 and ups[0].kind == "error" and ups[0].error is boom and ups[0].event == {}
    assert not poller.baseline_done
    assert poller.next_interval() == 32.0
    await poller.poll_once()
    assert poller.next_interval() == 64.0
    # the baseline is retried, and success resets the back-off
    ups = await poller.poll_once()
    assert ups == [] and poller.baseline_done
    assert client.filters[2] == ORDER
    assert poller.next_interval() == 16.0
    assert [u.kind for u in seen] == ["error", "error"]


async def test_backoff_is_capped_and_honours_retry_after() -> None:
    client = FakeEventsClient([ev(1)])
    poller, *_ = make(client, max_backoff=60.0)
    client.fail_with = [NetworkError("x")] * 5
    for _ in range(5):
        await poller.poll_once()
    assert poller.next_interval() == 60.0
    client.fail_with = [RateLimitedError("slow down", status=429, retry_after=90.0)]
    await poller.poll_once()
    assert poller.next_interval() == 90.0


async def test_callback_exceptions_do_not_break_polling() -> None:
    client = FakeEventsClient([ev(1, "started", 0)])
    got: list[EventUpdate] = []

    def cb(update: EventUpdate) -> None:
        got.append(update)
        raise RuntimeError("buggy widget")

    poller = EventPoller(client, on_update=cb)
    ups = await poller.poll_once()
    assert kinds(ups) == [("new", 1)] and got == ups


# ------------------------------------------------------------------------------------------------
# Cadence, kick, pause/resume (background loop with fake sleep)


async def test_cadence_idle_and_busy_intervals() -> None:
    client = FakeEventsClient([ev(1)])
    poller, clock, _, _ = make(client)
    await poller.poll_once()
    assert poller.next_interval() == 16.0
    client.put(ev(2, "started", 0))
    await poller.poll_once()
    assert poller.next_interval() == 2.0
    client.put(ev(2))
    await poller.poll_once()
    assert poller.next_interval() == 16.0
    # a kick makes the cadence busy for kick_grace seconds, then idle again
    poller.kick()
    assert poller.next_interval() == 2.0
    clock.now += poller.kick_grace + 0.1
    assert poller.next_interval() == 16.0


async def test_loop_sleeps_16s_when_idle_and_2s_when_busy() -> None:
    client = FakeEventsClient([ev(1)])
    poller, clock, sleep, _ = make(client)
    poller.start()
    try:
        await settle()
        assert len(client.calls) == 1 and sleep.calls == [16.0]
        client.put(ev(2, "started", 0))
        sleep.release()
        await settle()
        assert len(client.calls) == 2 and sleep.calls == [16.0, 2.0]
        assert clock.now == 1016.0
        client.put(ev(2, "started", 50))
        sleep.release()
        await settle()
        client.put(ev(2))
        sleep.release()
        await settle()
        assert len(client.calls) == 4
        assert sleep.calls == [16.0, 2.0, 2.0, 16.0]
    finally:
        await poller.aclose()
    assert not poller.running


async def test_kick_wakes_the_loop_immediately() -> None:
    client = FakeEventsClient([ev(1)])
    poller, _, sleep, seen = make(client)
    poller.start()
    try:
        await settle()
        assert len(client.calls) == 1 and sleep.calls == [16.0]  # sleeping 16 s
        client.put(ev(2, "started", 0, action="linode_shutdown"))  # the action creates an event...
        poller.kick()  # ...and the app kicks the poller
        await settle()
        assert len(client.calls) == 2  # polled without the 16 s sleep completing
        assert sleep.cancelled == 1
        assert kinds(seen) == [("new", 2)]
        assert sleep.calls[-1] == 2.0  # busy now
    finally:
        await poller.aclose()


async def test_kick_during_a_poll_causes_another_poll() -> None:
    gate = asyncio.Event()
    client = FakeEventsClient([ev(1)])
    real_get = client.get

    async def slow_get(*args: Any, **kwargs: Any) -> Any:
        await gate.wait()
        return await real_get(*args, **kwargs)

    client.get = slow_get  # type: ignore[method-assign]
    poller, _, sleep, _ = make(client)
    poller.start()
    try:
        await settle()
        poller.kick()  # arrives while the first request is in progress
        gate.set()
        await settle()
        assert len(client.calls) == 2
        assert len(sleep.calls) == 1  # the second poll followed without sleeping
    finally:
        await poller.aclose()


async def test_pause_and_resume() -> None:
    client = FakeEventsClient([ev(1)])
    poller, _, sleep, _ = make(client)
    poller.start()
    try:
        await settle()
        assert len(client.calls) == 1
        poller.pause()
        await settle()
        sleep.release()
        poller.kick()  # ignored while paused
        await settle()
        assert len(client.calls) == 1 and poller.paused
        poller.resume()  # polls at once
        await settle()
        assert len(client.calls) == 2 and not poller.paused
    finally:
        await poller.aclose()


async def test_loop_survives_errors_and_backs_off() -> None:
    client = FakeEventsClient([ev(1)])
    client.fail_with = [NetworkError("down")]
    poller, _, sleep, seen = make(client)
    poller.start()
    try:
        await settle()
        assert [u.kind for u in seen] == ["error"]
        assert sleep.calls == [32.0]
        sleep.release()
        await settle()
        assert poller.running and poller.baseline_done
        assert sleep.calls == [32.0, 16.0]
    finally:
        await poller.aclose()


# ------------------------------------------------------------------------------------------------
# Async iterator interface


async def test_updates_async_iterator_until_stop() -> None:
    client = FakeEventsClient([ev(1, "started", 0)])
    poller, *_ = make(client)
    stream = poller.updates()
    await poller.poll_once()
    client.put(ev(1, "started", 70))
    await poller.poll_once()
    client.put(ev(1))
    await poller.poll_once()
    poller.stop()
    got = [(u.kind, u.percent_complete) async for u in stream]
    assert got == [("new", 0), ("progress", 70), ("finished", 100)]


async def test_async_for_over_a_running_poller() -> None:
    client = FakeEventsClient([ev(1), ev(2, "started", 10)])
    poller, _, sleep, _ = make(client)
    received: list[tuple[str, int | None]] = []

    async def consume() -> None:
        async for update in poller.updates():
            received.append((update.kind, update.event_id))
            if update.kind == "finished":
                break

    consumer = asyncio.create_task(consume())
    async with poller:
        await settle()
        client.put(ev(2))
        sleep.release()
        await asyncio.wait_for(consumer, timeout=5)
    assert received == [("new", 2), ("finished", 2)]


async def test_stream_close_and_updates_after_stop() -> None:
    poller = EventPoller(FakeEventsClient([ev(1, "started", 0)]))
    stream = poller.updates()
    stream.close()
    await poller.poll_once()
    assert [u async for u in stream] == []
    poller.stop()
    late = poller.updates()
    assert [u async for u in late] == []


@pytest.mark.parametrize("status", ["scheduled", "started", "in_progress"])
async def test_in_flight_statuses_make_the_poller_busy(status: str) -> None:
    poller, *_ = make(FakeEventsClient([ev(1, status, 0)]))
    await poller.poll_once()
    assert poller.busy and poller.next_interval() == 2.0


# ------------------------------------------------------------------------------------------------
# Through the real LinodeClient (X-Filter header, envelope, cache bypass)


async def test_with_the_real_client_over_a_mock_transport() -> None:
    store: dict[int, dict[str, Any]] = {1: ev(1), 2: ev(2, "started", 10)}
    seen_filters: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v4/account/events"
        xf = json.loads(request.headers["X-Filter"])
        seen_filters.append(xf)
        data = apply_filter(list(store.values()), xf)
        body = {"data": data, "page": 1, "pages": 1, "results": len(data)}
        return httpx.Response(200, json=body, headers={"X-OAuth-Scopes": "*"})

    async with LinodeClient(
        "tok-test-1234", "https://api.example/v4", transport=httpx.MockTransport(handler)
    ) as c:
        got: list[EventUpdate] = []
        poller = EventPoller(c, on_update=got.append)
        await poller.poll_once()
        store[2] = ev(2, "started", 60)
        await poller.poll_once()
        store[2] = ev(2)
        store[3] = ev(3, "notification", None)
        await poller.poll_once()
        await poller.poll_once()  # not served from the client's cache: a fresh request
    assert kinds(got) == [("new", 2), ("progress", 2), ("finished", 2), ("notification", 3)]
    assert len(seen_filters) == 4
    assert seen_filters[1] == {"+or": [{"id": {"+gt": 2}}, {"id": 2}], **ORDER}
    assert seen_filters[3] == {"id": {"+gt": 3}, **ORDER}
