from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from linode_tui.api.client import ClientNotice, LinodeClient
from linode_tui.api.errors import RateLimitedError
from linode_tui.api.ratelimit import RateLimiter, limit_class

BASE = "https://api.example.test/v4"


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/linode/instances/1/stats", "stats"),
    ("GET", "/linode/instances/1/stats/2024/5", "stats"),
    ("GET", "/nodebalancers/3/stats", "stats"),
    ("GET", "/account/events", "events"),
    ("GET", "/account/events/99?x=1", "events"),
    ("POST", "/account/events/99/seen", "mutate"),
    ("POST", "/linode/instances/1/reboot", "mutate"),
    ("DELETE", "/volumes/2", "mutate"),
    ("put", "/domains/2", "mutate"),
    ("GET", "/linode/instances", "default"),
    ("GET", "/linode/instances/1/statsfoo", "default"),
    ("GET", "/account/eventsx", "default"),
])
def test_limit_class(method: str, path: str, expected: str) -> None:
    assert limit_class(method, path) == expected


def headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(int(reset))}


def test_budget_tracks_headers_per_class(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    assert rl.budget("stats") == (None, None, None)
    reset = clock.wall() + 60
    rl.record("GET", "/linode/instances/1/stats", headers(50, 10, reset))
    rl.record("GET", "/linode/instances", headers(1600, 1500, reset))
    assert rl.budget("stats") == (50, 10, reset)
    assert rl.budget("default") == (1600, 1500, reset)
    # a different Linode's stats share the stats budget
    rl.record("GET", "/linode/instances/2/stats", headers(50, 9, reset))
    assert rl.budget("stats")[1] == 9
    clock.advance(61)  # window over: full budget again
    assert rl.budget("stats") == (50, 50, None)


def test_out_of_order_responses_only_shrink_budget(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    reset = clock.wall() + 60
    rl.record("GET", "/a", headers(100, 40, reset))
    rl.record("GET", "/a", headers(100, 42, reset))  # an older response arriving late
    assert rl.budget("default")[1] == 40
    rl.record("GET", "/a", headers(100, 99, reset + 60))  # new window
    assert rl.budget("default")[1] == 99


def test_relative_reset_values_are_supported(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    rl.record("GET", "/a", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "30"})
    assert rl.budget("default")[2] == pytest.approx(clock.wall() + 30)


async def test_acquire_waits_until_reset_when_exhausted(clock: Any) -> None:
    notices: list[ClientNotice] = []
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    rl.add_listener(notices.append)
    rl.record("GET", "/linode/instances/1/stats", headers(50, 0, clock.wall() + 12))
    waited = await rl.acquire("GET", "/linode/instances/1/stats")
    assert waited == pytest.approx(12)
    assert clock.sleeps == [pytest.approx(12)]
    assert [n.kind for n in notices] == ["throttled", "unthrottled"]
    assert notices[0].limit_class == "stats"
    assert not rl.throttled
    # other classes are not affected
    assert await rl.acquire("GET", "/linode/instances") == 0


async def test_acquire_no_wait_when_reset_passed_or_budget_left(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    rl.record("GET", "/a", headers(10, 0, clock.wall() - 1))
    assert await rl.acquire("GET", "/a") == 0
    rl.record("GET", "/b", headers(10, 3, clock.wall() + 60))
    assert await rl.acquire("GET", "/b") == 0
    assert clock.sleeps == []


async def test_reserve_keeps_units_back(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall, reserve=2)
    rl.record("GET", "/a", headers(10, 2, clock.wall() + 5))
    assert await rl.acquire("GET", "/a") == pytest.approx(5)


async def test_in_flight_requests_consume_budget(clock: Any) -> None:
    rl = RateLimiter(sleep=clock.sleep, wall=clock.wall)
    rl.record("GET", "/a", headers(10, 2, clock.wall() + 30))
    assert await rl.acquire("GET", "/a") == 0
    assert await rl.acquire("GET", "/a") == 0
    assert rl.budget("default")[1] == 0
    # third concurrent request must wait even though no response has said 0 yet
    assert await rl.acquire("GET", "/a") == pytest.approx(30)


async def test_skewed_clock_never_waits_forever(clock: Any) -> None:
    slept: list[float] = []

    async def sleep(d: float) -> None:  # a sleep that does not advance the wall clock
        slept.append(d)

    rl = RateLimiter(sleep=sleep, wall=clock.wall, max_wait=10)
    rl.record("GET", "/a", headers(10, 0, clock.wall() + 3600))
    assert await rl.acquire("GET", "/a") == 10  # capped
    assert slept == [10]


async def test_throttled_flag_while_waiting(clock: Any) -> None:
    gate = asyncio.Event()

    async def sleep(d: float) -> None:
        await gate.wait()
        clock.advance(d)

    rl = RateLimiter(sleep=sleep, wall=clock.wall)
    rl.record("GET", "/a", headers(10, 0, clock.wall() + 5))
    task = asyncio.create_task(rl.acquire("GET", "/a"))
    await asyncio.sleep(0)
    assert rl.throttled
    gate.set()
    await task
    assert not rl.throttled


async def test_client_throttles_before_429(clock: Any) -> None:
    """remaining=0 with a future reset: the next request waits (no request sent), then goes."""
    reset = clock.wall() + 20
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(clock.wall())
        return httpx.Response(200, json={"data": {}}, headers=headers(50, 0, reset))

    notices: list[ClientNotice] = []
    async with LinodeClient("tok", BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                            sleep=clock.sleep, wall=clock.wall) as api:
        api.add_listener(notices.append)
        await api.get("/linode/instances/1/stats")
        assert api.rate.budget("stats")[:2] == (50, 0)
        start = clock.wall()
        await api.get("/linode/instances/2/stats")
        assert api.requests_sent == 2
        # a default-class request is not held back by the stats budget
        await api.get("/linode/instances/2")
    assert clock.sleeps == [pytest.approx(20)]
    assert sent_at[1] >= reset and sent_at[1] == pytest.approx(start + 20)
    assert [n.kind for n in notices] == ["throttled", "unthrottled"]


async def test_client_429_blocks_the_class_for_later_requests(clock: Any) -> None:
    calls: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(clock.wall())
        if len(calls) == 1:
            return httpx.Response(429, json={"errors": [{"reason": "Too many requests"}]},
                                  headers={"Retry-After": "4"})
        return httpx.Response(200, json={})

    async with LinodeClient("tok", BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                            sleep=clock.sleep, wall=clock.wall, max_retries=0) as api:
        with pytest.raises(RateLimitedError):
            await api.get("/a")
        assert api.rate.budget("default") == (None, 0, clock.wall() + 4)
        await api.get("/b")  # waits for the Retry-After window before it is sent
        await api.post("/c")  # another class: not held back
    assert clock.sleeps == [4]
    assert calls[1] - calls[0] == 4
