"""Rate limits (sim clock) and fault presets of the simulator framework."""

from __future__ import annotations

import pytest

from linode_tui.sim.faults import Faults, parse_presets
from linode_tui.sim.ratelimit import DEFAULT_LIMITS, TIGHT_LIMITS, RateLimiter, classify
from tests.sim.test_framework import Env, reasons


def test_classify() -> None:
    assert classify("GET", "/linode/instances") == "default"
    assert classify("POST", "/linode/instances") == "mutate"
    assert classify("DELETE", "/volumes/3") == "mutate"
    assert classify("GET", "/linode/instances/5/stats") == "stats"
    assert classify("GET", "/linode/instances/5/stats/2024/01") == "stats"
    assert classify("GET", "/nodebalancers/5/stats") == "stats"
    assert classify("GET", "/account/events") == "events"
    assert classify("GET", "/account/events/12") == "events"


def test_limiter_fixed_window_on_clock() -> None:
    now = [120.0]
    rl = RateLimiter(lambda: now[0], {"default": 3})
    d = [rl.hit("t", "default") for _ in range(3)]
    assert [x.remaining for x in d] == [2, 1, 0] and all(x.allowed for x in d)
    assert d[0].limit == 3 and d[0].reset == 180
    now[0] = 150.0
    over = rl.hit("t", "default")
    assert not over.allowed and over.retry_after == 30 and over.headers()["Retry-After"] == "30"
    assert rl.hit("other", "default").allowed  # per token
    assert rl.hit("t", "mutate").allowed  # per class
    now[0] = 180.0
    assert rl.hit("t", "default").allowed  # a new window


def test_limiter_overrides() -> None:
    rl = RateLimiter(lambda: 0.0, {"stats": 7})
    assert rl.limits == {**DEFAULT_LIMITS, "stats": 7}
    rl.set_limits(TIGHT_LIMITS)
    assert rl.limits["default"] == TIGHT_LIMITS["default"]
    rl.set_limits(None)
    assert rl.limits["stats"] == 7


async def test_rate_limit_headers_on_every_response() -> None:
    env = Env()
    async with env.client() as c:
        ok = await c.get("/linode/instances")
        nf = await c.get("/linode/instances/1")
        post = await c.post("/linode/instances/1001/boot")
    assert ok.headers["x-ratelimit-limit"] == "1600"
    assert ok.headers["x-ratelimit-remaining"] == "1599"
    assert nf.headers["x-ratelimit-remaining"] == "1598"
    reset = int(ok.headers["x-ratelimit-reset"])
    assert reset % 60 == 0 and 0 < reset - env.clock.now() <= 60
    assert post.headers["x-ratelimit-limit"] == "400"


async def test_429_with_retry_after_and_recovery_on_sim_clock() -> None:
    env = Env(limits={"default": 5})
    env.clock.advance(10)  # 10 s into a window
    async with env.client() as c:
        statuses = [(await c.get("/linode/instances")).status_code for _ in range(5)]
        r = await c.get("/linode/instances")
        assert statuses == [200] * 5
        assert r.status_code == 429 and reasons(r) == [{"reason": "Too many requests"}]
        retry = int(r.headers["retry-after"])
        assert retry == int(r.headers["x-ratelimit-reset"]) - int(env.clock.now())
        assert r.headers["x-ratelimit-remaining"] == "0"
        env.clock.advance(retry)
        assert (await c.get("/linode/instances")).status_code == 200
    assert env.world.ticks == 6  # a refused request never reaches the world


async def test_ratelimited_preset() -> None:
    env = Env(faults="ratelimited")
    async with env.client() as c:
        n = TIGHT_LIMITS["mutate"] + 1
        codes = [(await c.post("/linode/instances/1001/boot")).status_code for _ in range(n)]
    assert codes[-1] == 429 and codes[:-1] == [200] * TIGHT_LIMITS["mutate"]


def test_parse_presets() -> None:
    assert parse_presets(None) == frozenset()
    assert parse_presets("slow, unstable") == {"slow", "unstable"}
    with pytest.raises(ValueError, match="unknown fault preset"):
        parse_presets("explode")


async def test_offline_preset_answers_html_503() -> None:
    env = Env(faults="offline")
    async with env.client() as c:
        r = await c.get("/linode/instances")
    assert r.status_code == 503
    assert r.headers["content-type"] == "text/html"
    assert r.text.lstrip().startswith("<html>")
    assert env.world.ticks == 0


async def test_maintenance_preset() -> None:
    env = Env(faults="maintenance")
    async with env.client() as c:
        r = await c.get("/linode/instances")
        p = await c.post("/linode/instances/1001/boot")
    for resp in (r, p):
        assert resp.status_code == 503
        assert reasons(resp) == [{"reason": "Currently in maintenance mode."}]
        assert resp.headers["x-maintenance-mode"] == "all"
        assert resp.headers["content-type"] == "application/json"


async def test_unstable_preset_is_deterministic_share() -> None:
    async def run() -> list[int]:
        env = Env(faults="unstable")
        async with env.client() as c:
            return [(await c.get("/linode/instances/1003")).status_code for _ in range(200)]

    a, b = await run(), await run()
    assert a == b  # seeded
    failures = [s for s in a if s != 200]
    assert 20 <= len(failures) <= 60  # about 20 %
    assert set(failures) == {500, 502}


async def test_unstable_failure_bodies() -> None:
    env = Env(faults="unstable")
    seen: dict[int, tuple[str, str]] = {}
    async with env.client() as c:
        for _ in range(100):
            r = await c.get("/linode/instances/1003")
            if r.status_code != 200:
                seen[r.status_code] = (r.headers["content-type"], r.text)
    assert seen[500] == ("application/json", '{"errors":[{"reason":"Internal server error"}]}')
    assert seen[502][0] == "text/html" and "502 Bad Gateway" in seen[502][1]


async def test_slow_preset_and_latency_use_injected_real_time_sleep() -> None:
    env = Env(faults="slow")
    env.faults.latency_ms = 100
    async with env.client() as c:
        for _ in range(10):
            assert (await c.get("/linode/instances/1003")).status_code == 200
    assert len(env.sleeps) == 10
    assert all(0.7 <= s <= 1.1 for s in env.sleeps)
    assert len(set(env.sleeps)) > 1  # jitter
    assert env.clock.now() == env.clock.start  # latency never moves the (frozen) sim clock


async def test_latency_ms_alone_and_set_faults_at_runtime() -> None:
    env = Env()
    env.faults.latency_ms = 250
    async with env.client() as c:
        await c.get("/regions")
        env.faults.set("maintenance")
        assert (await c.get("/regions")).status_code == 503
        env.faults.set(None)
        assert (await c.get("/regions")).status_code == 200
    assert env.sleeps == [0.25, 0.25, 0.25]


def test_faults_delay_zero_by_default() -> None:
    f = Faults()
    assert f.delay() == 0.0 and f.failure() is None and f.name is None


def test_retry_after_in_real_seconds_for_a_fast_live_clock() -> None:
    now = [30.0]
    rl = RateLimiter(lambda: now[0], {"stats": 1}, speed=lambda: 10.0)
    assert rl.hit("t", "stats").allowed
    over = rl.hit("t", "stats")
    assert not over.allowed and over.retry_after == 3  # 30 sim seconds at 10x
    assert over.reset == 60
