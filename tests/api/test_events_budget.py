"""EventPoller: the events budget (never its own 429) and progress estimates (ETA).

The unit tests drive the poller with a fake client and a fake budget; the end-to-end tests run it for
simulated minutes against the in-process simulator with the ``ratelimited`` fault preset (the same
budgets as ``linode-tui sim --faults ratelimited``: 10 ``/account/events`` requests a minute).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from linode_tui.api.errors import BusyError
from linode_tui.api.events import EventPoller, parse_time_remaining
from linode_tui.sim import create_sim
from linode_tui.sim.ratelimit import TIGHT_LIMITS
from tests.api.test_events import FakeEventsClient, ev


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def budget_of(values: dict[str, Any]) -> Callable[[], tuple[int | None, int | None, float | None]]:
    return lambda: (values.get("limit"), values.get("remaining"), values.get("reset"))


# ----------------------------------------------------------------------------- the interval


def test_unknown_budget_leaves_the_cadence_alone() -> None:
    clock = Clock()
    p = EventPoller(FakeEventsClient(), clock=clock, server_now=clock, budget=budget_of({}))
    assert p.budget_interval() == 0.0 and p.budget_hold() == 0.0
    assert p.next_interval() == 16.0


def test_plenty_of_budget_keeps_the_busy_cadence() -> None:
    clock = Clock()
    b = {"limit": 800, "remaining": 790, "reset": clock.now + 50}
    p = EventPoller(FakeEventsClient(), clock=clock, server_now=clock, budget=budget_of(b))
    p.kick()
    assert p.next_interval() == 2.0  # 50 s / 789 polls is far below the 2 s cadence


def test_a_small_budget_is_spread_over_the_rest_of_the_window() -> None:
    clock = Clock()
    b = {"limit": 10, "remaining": 9, "reset": clock.now + 54}
    p = EventPoller(FakeEventsClient(), clock=clock, server_now=clock, budget=budget_of(b), budget_reserve=1)
    p.kick()
    # 9 left, 1 kept for the rest of the app: 8 polls, 9 gaps, so the 8th comes before the reset
    assert p.next_interval() == pytest.approx(54 / 9)
    b["remaining"] = 2
    assert p.next_interval() == pytest.approx(54 / 2)
    assert p.budget_hold() == 0.0


def test_a_spent_budget_waits_past_the_reset_even_after_a_kick() -> None:
    clock = Clock()
    b = {"limit": 10, "remaining": 1, "reset": clock.now + 20}
    p = EventPoller(FakeEventsClient(), clock=clock, server_now=clock, budget=budget_of(b),
                    budget_reserve=1, reset_margin=1.0)
    p.kick()
    assert p.next_interval() == pytest.approx(21.0)
    assert p.budget_hold() == pytest.approx(21.0)
    clock.now += 25  # the window is over: the budget no longer limits
    assert p.budget_hold() == 0.0 and p.next_interval() == 16.0  # the kick grace is over too


def test_the_reset_is_compared_with_the_servers_clock() -> None:
    local = Clock()
    server = Clock(local.now + 300)  # the server's clock is 5 minutes ahead of ours
    b = {"limit": 10, "remaining": 0, "reset": server.now + 30}
    p = EventPoller(FakeEventsClient(), clock=local, server_now=server, budget=budget_of(b))
    assert p.budget_hold() == pytest.approx(31.0)  # not 331 s, and not "already over"


async def test_multi_page_polls_count_every_request() -> None:
    client = FakeEventsClient([ev(i) for i in range(1, 6)])
    clock = Clock()
    b = {"limit": 10, "remaining": 9, "reset": clock.now + 60}
    p = EventPoller(client, clock=clock, server_now=clock, budget=budget_of(b), page_size=25,
                    budget_reserve=1)
    await p.poll_once()  # baseline: one request
    client.put(*(ev(i) for i in range(6, 70)))  # 64 new events: 3 pages of 25
    await p.poll_once()
    assert len(client.calls) == 4
    assert p.budget_interval() == pytest.approx(60 / (8 // 3 + 1))


def test_the_default_budget_is_the_clients_events_budget() -> None:
    from linode_tui.api.client import LinodeClient

    client = LinodeClient("tok", "http://api.invalid/v4")
    client.rate.record("GET", "/account/events", {
        "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(client.server_now() + 30),
    })
    p = EventPoller(client)
    assert p.budget_hold() == pytest.approx(31.0, abs=0.5)


# ----------------------------------------------------------------------------- against the simulator


async def _run_against_sim(minutes: float, *, adapt: bool) -> dict[str, Any]:
    """Run the real poller loop for ``minutes`` of sim time with jobs in flight all the time."""
    sim = create_sim(linodes=12, frozen=True, faults="ratelimited")
    end = sim.clock.now() + minutes * 60
    done = asyncio.Event()

    async def sim_sleep(seconds: float) -> None:  # waiting moves simulated time, not real time
        sim.clock.advance(seconds)
        if sim.clock.now() >= end:
            done.set()
        await asyncio.sleep(0)

    client = sim.client("demo", sleep=sim_sleep, wall=sim.clock.now)
    kw: dict[str, Any] = {} if adapt else {"budget": lambda: (None, None, None)}
    finished: list[int] = []
    etas: list[tuple[float | None, bool]] = []

    def on_update(u: Any) -> None:
        if u.kind in ("finished", "failed"):
            finished.append(u.event_id)
        elif u.kind in ("new", "progress"):
            etas.append((u.eta_seconds, u.eta_estimated))

    poller = EventPoller(client, clock=sim.clock.now, sleep=sim_sleep, on_update=on_update, **kw)
    running = [x for x in sim.world.linodes.values() if x["status"] == "running" and "fail" not in x["label"]]
    started = 0

    async def user() -> None:  # reboots a Linode about every 40 s of sim time, like a busy operator
        nonlocal started
        k = 0
        while not done.is_set():
            target = running[k % len(running)]
            k += 1
            try:
                await client.post(f"/linode/instances/{target['id']}/reboot")
                started += 1
            except BusyError:
                pass  # still rebooting from last time: try the next one then
            poller.kick()
            t = sim.clock.now() + 40
            while sim.clock.now() < t and not done.is_set():
                await asyncio.sleep(0)

    async with client:
        poller.start()
        task = asyncio.ensure_future(user())
        await asyncio.wait_for(done.wait(), timeout=60)
        await poller.aclose()
        task.cancel()
    events_log = [r for r in sim.request_log if r.path.startswith("/account/events")]
    return {
        "events_requests": events_log,
        "statuses": [r.status for r in events_log],
        "polls": poller.polls,
        "client_waits": client.rate.waits,
        "finished": finished,
        "started": started,
        "etas": etas,
    }


async def test_the_poller_never_causes_its_own_429_on_the_ratelimited_sim() -> None:
    minutes = 10
    out = await _run_against_sim(minutes, adapt=True)
    assert 429 not in out["statuses"]
    assert out["client_waits"] == 0  # the client's own throttle never had to hold a poll back
    # the budget is used, not wasted: (10 - 1 reserved) polls a minute
    limit = TIGHT_LIMITS["events"]
    assert out["polls"] >= (limit - 1) * minutes
    assert len(out["statuses"]) <= (limit - 1) * (minutes + 1)
    # and it still does its job: the reboots' events were followed to the end, with estimates
    assert out["started"] >= 10 and len(out["finished"]) >= out["started"] - 2
    assert any(eta is not None and estimated for eta, estimated in out["etas"])


async def test_without_the_budget_the_busy_cadence_overspends_it() -> None:
    """The control: a poller that ignores the budget polls every 2 s while jobs run, which the
    ``ratelimited`` budget cannot pay for (the client has to hold it back or the API says 429)."""
    out = await _run_against_sim(3, adapt=False)
    assert out["client_waits"] > 0 or 429 in out["statuses"]


# ----------------------------------------------------------------------------- ETA


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, None), (0, 0.0), (42, 42.0), ("0:0:20", 20.0), ("1:02:03", 3723.0), ("05:30", 330.0),
     ("90", 90.0), ("soon", None), (True, None), (-5, None)],
)
def test_time_remaining_forms(value: Any, seconds: float | None) -> None:
    assert parse_time_remaining(value) == seconds


async def test_eta_is_estimated_from_the_progress_rate() -> None:
    clock = Clock(1000.0)
    job = ev(5, status="started", pct=10, created="2024-05-01T10:00:00")
    client = FakeEventsClient([job])
    p = EventPoller(client, clock=clock, server_now=clock)
    [first] = await p.poll_once()
    assert first.kind == "new"
    clock.now += 10
    client.put({**job, "percent_complete": 30})
    [update] = await p.poll_once()
    assert update.kind == "progress"
    # 20 points in 10 s: the last 70 points take 35 s
    assert update.eta_estimated is True and update.eta_seconds == pytest.approx(35.0)
    eta, estimated = p.eta(5, now=clock.now + 5)  # counts down between polls
    assert eta == pytest.approx(30.0) and estimated is True
    clock.now += 10
    client.put({**job, "percent_complete": 40})
    [update] = await p.poll_once()
    assert update.eta_seconds == pytest.approx((100 - 40) * 20 / 30)  # the rate over every sample


async def test_the_apis_time_remaining_wins_and_is_not_an_estimate() -> None:
    clock = Clock(1000.0)
    client = FakeEventsClient([ev(7, status="started", pct=50, time_remaining="0:01:10")])
    client.events[7]["time_remaining"] = "0:01:10"
    p = EventPoller(client, clock=clock, server_now=clock)
    [update] = await p.poll_once()
    assert (update.eta_seconds, update.eta_estimated) == (70.0, False)


async def test_one_sample_estimates_from_the_events_age_on_the_servers_clock() -> None:
    from datetime import UTC, datetime

    created = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC).timestamp()
    server = Clock(created + 60)  # a minute after the job started, on the server's clock
    client = FakeEventsClient([ev(9, status="started", pct=25, created="2024-05-01T10:00:00")])
    p = EventPoller(client, clock=Clock(5.0), server_now=server)
    [update] = await p.poll_once()
    assert update.eta_estimated and update.eta_seconds == pytest.approx(180.0)


async def test_no_progress_means_no_estimate_and_finished_events_carry_none() -> None:
    clock = Clock(1000.0)
    job = ev(3, status="scheduled", pct=0)
    client = FakeEventsClient([job])
    p = EventPoller(client, clock=clock, server_now=clock)
    [update] = await p.poll_once()
    assert (update.eta_seconds, update.eta_estimated) == (None, False)
    assert p.eta(3) == (None, False)
    clock.now += 5
    client.put({**job, "status": "finished", "percent_complete": 100})
    [done] = await p.poll_once()
    assert done.kind == "finished" and done.eta_seconds is None
    assert p.eta(3) == (None, False)


async def test_an_empty_envelope_with_pages_zero_is_fine() -> None:
    """API-NOTES §2.1: empty lists may say ``pages: 0`` (recorded 8 times); the poller takes it."""

    class ZeroPages:
        calls = 0

        async def get(self, path: str, **kw: Any) -> Any:
            self.calls += 1
            return {"data": [], "page": 1, "pages": 0, "results": 0}

    client = ZeroPages()
    p = EventPoller(client)
    assert await p.poll_once() == [] and p.baseline_done
    assert await p.poll_once() == [] and client.calls == 2 and p.consecutive_errors == 0
