"""The client's idea of the server's time (``Date`` headers → ``server_now()``), rate-limit resets
compared on that clock, and the one notice a 429 gives (``retry_at``)."""

from __future__ import annotations

import asyncio
import math
from email.utils import formatdate
from typing import Any

import httpx
import pytest

from linode_tui.api.client import ClientNotice, LinodeClient, ServerClock, parse_http_date
from linode_tui.api.errors import RateLimitedError
from tests.api.conftest import FakeClock

BASE = "https://api.example.test/v4"


def make(handler: Any, clock: FakeClock, **kw: Any) -> LinodeClient:
    return LinodeClient("tok", BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                        sleep=clock.sleep, wall=clock.wall, **kw)


# ----------------------------------------------------------------------------- Date → server_now


def test_http_dates() -> None:
    assert parse_http_date("Wed, 15 Jan 2025 12:00:00 GMT") == 1736942400.0
    assert parse_http_date(formatdate(1736942461.7, usegmt=True)) == 1736942461.0
    for bad in (None, "", "yesterday", "Wed, 99 Foo 2025 12:00:00 GMT"):
        assert parse_http_date(bad) is None


def test_server_clock_intersects_the_bounds_of_each_response() -> None:
    sc = ServerClock()
    assert sc.offset is None and sc.uncertainty is None
    # the server is 100.4 s ahead; Date is truncated to whole seconds; 0.2 s round trips
    for local in (1000.0, 1003.3, 1007.9, 1012.6):
        server = local + 0.1 + 100.4
        sc.record(math.floor(server), local, local + 0.2)
    assert sc.offset is not None and sc.uncertainty is not None
    assert sc.offset <= 100.4 <= sc.offset + sc.uncertainty
    assert sc.uncertainty < 1.0
    # the local clock is set back 50 s: the old samples contradict the new one and are dropped
    sc.record(math.floor(2000.1 + 150.4), 2000.0, 2000.2)
    assert sc.offset == pytest.approx(150.0 - 0.2 + 0.0, abs=0.5)


async def test_server_now_follows_the_date_header(clock: FakeClock) -> None:
    skew = 3600.0  # the API's clock is an hour ahead of this machine's

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={}, headers={"Date": formatdate(clock.wall() + skew, usegmt=True)})

    async with make(handler, clock) as api:
        assert api.clock_offset is None
        assert api.server_now() == clock.wall()  # nothing known yet: the local clock
        await api.get("/profile", cache=False)
        assert api.clock_offset == pytest.approx(skew, abs=1.0)
        assert api.server_now() == pytest.approx(clock.wall() + skew, abs=1.0)
        assert api.server_now() <= clock.wall() + skew  # never ahead of the server


async def test_responses_without_date_change_nothing(clock: FakeClock) -> None:
    async with make(lambda r: httpx.Response(200, json={}), clock) as api:
        await api.get("/profile", cache=False)
        assert api.clock_offset is None and api.server_now() == clock.wall()


async def test_a_skewed_local_clock_does_not_cause_a_429(clock: FakeClock) -> None:
    """The server's clock is 30 s behind ours.  Its X-RateLimit-Reset (its time) then looks past to
    our clock; compared with server_now() the client waits for the real reset instead."""
    skew = -30.0
    limit = 3
    counts: dict[int, int] = {}
    statuses: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        now = clock.wall() + skew
        window = int(now // 60)
        used = counts.get(window, 0)
        headers = {"Date": formatdate(now, usegmt=True), "X-RateLimit-Limit": str(limit),
                   "X-RateLimit-Reset": str((window + 1) * 60)}
        if used >= limit:
            statuses.append(429)
            return httpx.Response(429, json={"errors": [{"reason": "Too many requests"}]},
                                  headers={**headers, "X-RateLimit-Remaining": "0",
                                           "Retry-After": str(math.ceil((window + 1) * 60 - now))})
        counts[window] = used + 1
        statuses.append(200)
        headers["X-RateLimit-Remaining"] = str(limit - used - 1)
        return httpx.Response(200, json={}, headers=headers)

    clock.wall_now = 1_700_000_010.0  # server time 1_699_999_980: 20 s into a window
    async with make(handler, clock) as api:
        for _ in range(10):
            await api.get("/account/events", cache=False)
    assert 429 not in statuses and len(statuses) == 10
    assert api.rate.waits >= 3


# ----------------------------------------------------------------------------- one notice per 429


async def test_concurrent_429s_give_one_notice_with_retry_at(clock: FakeClock) -> None:
    tried: set[str] = set()
    all_sent = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path not in tried:  # the first try of each of the four requests is refused
            tried.add(request.url.path)
            if len(tried) == 4:
                all_sent.set()
            await all_sent.wait()  # ... once all four are in flight together
            return httpx.Response(429, json={"errors": [{"reason": "Too many requests"}]},
                                  headers={"Retry-After": "12"})
        return httpx.Response(200, json={})

    async def overlapping_sleep(seconds: float) -> None:  # sleepers overlap, as real ones do
        until = clock.wall() + seconds
        for _ in range(5):
            await asyncio.sleep(0)
        if clock.wall() < until:
            clock.advance(until - clock.wall())

    notices: list[ClientNotice] = []
    t0 = clock.wall()
    async with LinodeClient("tok", BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                            sleep=overlapping_sleep, wall=clock.wall) as api:
        api.add_listener(notices.append)
        await asyncio.gather(*(api.get(f"/volumes/{i}", cache=False) for i in range(4)))
        assert len(tried) == 4
        assert api.rate_limited_until() is None  # over
    kinds = [n.kind for n in notices]
    assert kinds == ["rate_limited", "unthrottled"], kinds
    first = notices[0]
    assert first.limit_class == "default" and first.retry_at == t0 + 12
    assert first.seconds_left(t0 + 0.5) == 12.0
    assert "12 s" in first.message


async def test_a_429_without_retry_is_one_countdown_until_the_class_works_again(clock: FakeClock) -> None:
    answers = iter([429, 200])

    def handler(request: httpx.Request) -> httpx.Response:
        if next(answers) == 429:
            return httpx.Response(429, json={"errors": [{"reason": "Too many requests"}]},
                                  headers={"Retry-After": "9"})
        return httpx.Response(200, json={})

    notices: list[ClientNotice] = []
    t0 = clock.wall()
    async with make(handler, clock, max_retries=0) as api:
        api.add_listener(notices.append)
        with pytest.raises(RateLimitedError):
            await api.get("/linode/instances/1/stats", cache=False)
        assert api.rate_limited_until("stats") == t0 + 9 and api.rate_limited_until("default") is None
        # the next stats request waits out the same 9 s (no second message about it), then works
        await api.get("/linode/instances/2/stats", cache=False)
        assert api.rate_limited_until() is None
    assert clock.sleeps == [pytest.approx(9)]
    assert [n.kind for n in notices] == ["rate_limited", "unthrottled"]
    assert notices[0].limit_class == "stats" and notices[0].retry_at == t0 + 9
    assert "retrying" not in notices[0].message


async def test_a_later_retry_time_is_announced_again(clock: FakeClock) -> None:
    answers = iter([("5", 429), ("40", 429), (None, 200)])

    def handler(request: httpx.Request) -> httpx.Response:
        retry, status = next(answers)
        if status == 429:
            return httpx.Response(429, json={"errors": [{"reason": "Too many requests"}]},
                                  headers={"Retry-After": str(retry)})
        return httpx.Response(200, json={})

    notices: list[ClientNotice] = []
    t0 = clock.wall()
    async with make(handler, clock) as api:
        api.add_listener(notices.append)
        await api.get("/account", cache=False)
    assert [n.kind for n in notices] == ["rate_limited", "rate_limited", "unthrottled"]
    assert notices[0].retry_at == t0 + 5 and notices[1].retry_at == t0 + 5 + 40


async def test_throttled_notice_carries_retry_at(clock: FakeClock) -> None:
    reset = clock.wall() + 25

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={}, headers={"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                                                     "X-RateLimit-Reset": str(reset)})

    notices: list[ClientNotice] = []
    async with make(handler, clock) as api:
        api.add_listener(notices.append)
        await api.get("/account", cache=False)
        await api.get("/account", cache=False)  # waits for the reset
    throttled = [n for n in notices if n.kind == "throttled"]
    assert len(throttled) == 1 and throttled[0].retry_at == pytest.approx(reset)
