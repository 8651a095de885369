"""The project's client against the simulator end to end: the rate-limit budget is respected
before the API has to say 429, and the throttled state is announced."""

from __future__ import annotations

from typing import Any

from linode_tui.sim import create_sim


async def test_client_throttles_before_429_on_sim_budgets() -> None:
    sim = create_sim(linodes=5, frozen=True, faults="ratelimited")

    async def sim_sleep(seconds: float) -> None:  # waiting moves simulated time, not real time
        sim.clock.advance(seconds)

    notices: list[Any] = []
    start = sim.clock.now()
    async with sim.client("demo", sleep=sim_sleep, wall=sim.clock.now) as client:
        client.add_listener(notices.append)
        for _ in range(45):  # more than one minute's "ratelimited" GET budget
            await client.get("/regions", cache=False)
        statuses = [r.status for r in sim.request_log]
    assert 429 not in statuses
    assert len(statuses) == 45
    assert sim.clock.now() - start >= 1  # it waited for the window to reset instead of being refused
    kinds = [getattr(n, "kind", "") for n in notices]
    assert "throttled" in kinds


async def test_client_maps_sim_errors() -> None:
    from linode_tui.api.errors import BusyError, FilterError, NotFoundError, ValidationError

    sim = create_sim(linodes=8, frozen=True)

    async def sim_sleep(seconds: float) -> None:
        sim.clock.advance(seconds)

    async with sim.client("demo", sleep=sim_sleep, wall=sim.clock.now) as client:
        page = await client.get_page("/linode/instances")
        lin = next(li for li in page.data if li["status"] == "running" and "fail" not in li["label"])
        try:
            await client.get("/linode/instances", filter={"status": "running"})
        except FilterError as exc:
            assert "status" in str(exc)
        else:
            raise AssertionError("status is not filterable on the real API")
        await client.post(f"/linode/instances/{lin['id']}/reboot")
        try:
            await client.post(f"/linode/instances/{lin['id']}/shutdown")
        except BusyError:
            pass
        else:
            raise AssertionError("a second job on a busy Linode is refused")
        try:
            await client.post("/linode/instances", json={"region": "nowhere", "type": "g6-nanode-1"})
        except ValidationError as exc:
            assert "region" in exc.field_errors
        else:
            raise AssertionError("an unknown region is refused")
        try:
            await client.get("/linode/instances/1")
        except NotFoundError:
            pass
        else:
            raise AssertionError("no Linode has id 1")
