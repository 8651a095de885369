"""Live stats views against the simulator (frozen sim clock: tests advance it and drive
``poll_once`` instead of sleeping), the app-wide stats budget, and snapshots of the stats view."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter

from linode_tui.core.stats_budget import StatsBudget, budget_for, install_budget
from linode_tui.ui.app import LinodeTUI
from linode_tui.ui.views.stats import (
    GRACE,
    MIN_INTERVAL,
    NodeBalancerStatsView,
    StatsView,
    StatsViewBase,
    open_stats,
)
from linode_tui.ui.widgets.graph import Graph, humanize
from linode_tui.ui.widgets.status_panel import StatusPanel
from tests.helpers import wait_idle

SIZES = [(80, 24), (120, 40)]


def stats_requests(sim: Any) -> list[str]:
    return [r.path for r in sim.request_log if r.method == "GET" and "/stats" in r.path]


def running_linode(sim: Any) -> dict[str, Any]:
    return next(
        li for li in sim.world.linodes.values() if li["status"] == "running" and "fail" not in li["label"]
    )


async def settle(app: LinodeTUI, pilot: Any) -> None:
    await wait_idle(pilot, app)


async def show(app: LinodeTUI, pilot: Any, view: StatsViewBase) -> StatsViewBase:
    await settle(app, pilot)  # the app's own start-up (profile, Linodes list)
    app.push_view(view)
    await settle(app, pilot)
    return view


async def test_stats_load_and_show_values(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    item = running_linode(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await show(app, pilot, StatsView(item))
        assert stats_requests(sim) == [f"/linode/instances/{item['id']}/stats"]
        assert view.fetched_at == sim.clock.now() and not view.notice
        # the CPU legend shows the API's last value, min and max
        async with sim.client("demo") as c:
            data = await c.get(f"/linode/instances/{item['id']}/stats")
        cpu = [v for _, v in data["data"]["cpu"]]
        legend = view.query_one("#g-cpu", Graph).render_text(90, 12).plain.splitlines()[-1]
        assert f"now {humanize(cpu[-1], '%')}" in legend
        assert f"max {humanize(max(cpu), '%')}" in legend and f"min {humanize(min(cpu), '%')}" in legend
        io = view.query_one("#g-io", Graph)
        assert [s.name for s in io.series] == ["io", "swap"] and len(io.series[0].points) == 288
        # the newest point is the last 5-minute boundary; the next fetch is due just after the next one
        last = data["data"]["cpu"][-1][0] / 1000
        assert view.last_ts == last
        assert last + 300 < view.next_due <= last + 300 + 60
        status = str(view.query_one("#status").render())
        assert "live" in status and "updated 0s ago" in status
        transfer = str(view.query_one("#transfer").render())
        assert "Transfer this month" in transfer and f"of {item['specs']['transfer']:,} GB" in transfer


async def test_stats_advance_with_sim_time(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    item = running_linode(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await show(app, pilot, StatsView(item))
        first_last = view.last_ts
        assert first_last is not None
        sim.clock.advance(120)
        assert await view.poll_once() is False  # no new 5-minute point yet: no request
        assert len(stats_requests(sim)) == 1
        view.tick()  # what the 5 s interval does: update the status line, fetch only when due
        await settle(app, pilot)
        assert len(stats_requests(sim)) == 1
        status = str(view.query_one("#status").render())
        assert "updated 2m00s ago" in status  # derived from the sim clock
        sim.clock.advance(300)
        assert await view.poll_once() is True
        await pilot.pause()
        assert len(stats_requests(sim)) == 2
        assert view.last_ts == first_last + 300
        cpu = view.query_one("#g-cpu", Graph).series[0]
        assert cpu.points[-1][0] / 1000 == first_last + 300
        # a manual refresh right after is refused (nothing new yet), and sends nothing
        view.action_refresh()
        await settle(app, pilot)
        assert len(stats_requests(sim)) == 2


async def test_pause_stops_requests(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await show(app, pilot, StatsView(running_linode(sim)))
        before = len(stats_requests(sim))
        await pilot.press("p")
        assert view.paused
        assert "paused" in str(view.query_one("#status").render())
        for _ in range(6):
            sim.clock.advance(300)
            view.tick()
            assert await view.poll_once() is False
            await settle(app, pilot)
        assert len(stats_requests(sim)) == before
        await pilot.press("p")
        await settle(app, pilot)
        assert not view.paused and len(stats_requests(sim)) == before + 1


async def test_three_views_stay_inside_the_budget(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    linodes = [li for li in sim.world.linodes.values() if li["status"] == "running"][:3]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        views = [StatsView(li) for li in linodes]
        app.push_view(views[0])
        for v in views[1:]:  # all three on screen at once
            await app.query_one("#main").mount(v)
        await settle(app, pilot)
        budget = budget_for(app.services.client)
        assert budget.capacity == 12  # min(our 12/min, half the simulator's advertised 50)
        counts = [(sim.clock.now(), len(stats_requests(sim)))]
        for _ in range(40):  # 10 simulated minutes in 15 s steps
            sim.clock.advance(15)
            for v in views:
                await v.poll_once()
            counts.append((sim.clock.now(), len(stats_requests(sim))))
        total = counts[-1][1]
        assert total <= budget.capacity * 10
        for t, n in counts:  # in every 60 s window
            earlier = [m for s, m in counts if s <= t - 60]
            assert n - (earlier[-1] if earlier else 0) <= budget.capacity
        # … and the data still advanced: one fetch per new 5-minute point and view, no more
        start, end = counts[0][0], counts[-1][0]
        boundaries = [b for b in range(int(start // 300 + 1) * 300, int(end) + 1, 300) if b + GRACE <= end]
        assert len(boundaries) == 1
        assert total == 3 * (1 + len(boundaries))
        assert all(v.last_ts == views[0].last_ts for v in views)
        assert not [r for r in sim.request_log if r.status == 429]


async def test_a_tight_budget_queues_views_instead_of_429(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    linodes = [li for li in sim.world.linodes.values() if li["status"] == "running"][:3]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        install_budget(app.services.client, StatsBudget(sim.clock.now, per_minute=2))
        views = [StatsView(li) for li in linodes]
        app.push_view(views[0])
        for v in views[1:]:
            await app.query_one("#main").mount(v)
        await settle(app, pilot)
        assert len(stats_requests(sim)) == 2  # the third view waits for a slot
        assert views[2].waiting_budget and "waiting for the stats budget" in str(
            views[2].query_one("#status").render()
        )
        stamps: list[float] = []
        for _ in range(60):
            sim.clock.advance(10)
            for v in views:
                if await v.poll_once():
                    stamps.append(sim.clock.now())
        for t in stamps:
            assert len([s for s in stamps if t - 60 < s <= t]) <= 2
        assert all(v.fetched_at is not None for v in views)
        assert not [r for r in sim.request_log if r.status == 429]


async def test_fresh_linode_says_not_available_yet(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        client = app.services.client
        new = await client.post(
            "/linode/instances",
            json={
                "label": "brand-new-1",
                "region": "us-east",
                "type": "g6-nanode-1",
                "image": "linode/debian12",
                "root_pass": "correct-Horse-battery-9!",
            },
        )
        view = await show(app, pilot, StatsView(new))
        assert view.has_class("-notice")
        notice = str(view.query_one("#notice").render())
        assert "not available yet" in notice and "Stats are unavailable at this time." in notice
        assert "Could not load" not in notice
        assert not app.query_one(StatusPanel).state.problems  # information, not an error
        # it checks again later (not sooner than 5 minutes) and shows graphs once data exists
        sim.clock.advance(60)
        assert await view.poll_once() is False
        sim.clock.advance(20 * 60)
        assert await view.poll_once() is True
        await pilot.pause()
        assert not view.has_class("-notice")
        assert view.query_one("#g-cpu", Graph).series[0].points


async def test_nodebalancer_stats(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    nb = next(iter(sim.world.nodebalancers.values()))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await show(app, pilot, NodeBalancerStatsView(nb))
        assert stats_requests(sim) == [f"/nodebalancers/{nb['id']}/stats"]
        conn = view.query_one("#g-conn", Graph)
        traffic = view.query_one("#g-traffic", Graph)
        assert len(conn.series[0].points) == 288
        assert [s.name for s in traffic.series] == ["in", "out"]
        text = traffic.render_text(90, 12).plain
        assert "now" in text and "b/s" in text
        assert view.view_title() == f"NodeBalancers › {nb['label']} › Stats"
        sim.clock.advance(300 + MIN_INTERVAL)
        assert await view.poll_once() is True


async def test_open_stats_by_label(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    li = running_linode(sim)
    nb = next(iter(sim.world.nodebalancers.values()))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        worker = open_stats(app, li["label"])
        assert worker is not None
        await worker.wait()
        await settle(app, pilot)
        view = app.current_view()
        assert isinstance(view, StatsView) and view.item["id"] == li["id"]
        worker = open_stats(app, nb["label"])
        assert worker is not None
        await worker.wait()
        await settle(app, pilot)
        assert isinstance(app.current_view(), NodeBalancerStatsView)
        worker = open_stats(app, "no-such-thing")
        assert worker is not None
        await worker.wait()
        await settle(app, pilot)
        assert isinstance(app.current_view(), NodeBalancerStatsView)
        assert any("no-such-thing" in str(n.message) for n in app._notifications)


async def test_month_view(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    item = running_linode(sim)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await show(app, pilot, StatsView(item))
        await pilot.press("m")
        await settle(app, pilot)
        now = datetime.fromtimestamp(sim.clock.now(), UTC)
        assert stats_requests(sim)[-1] == f"/linode/instances/{item['id']}/stats/{now.year}/{now.month}"
        assert "hourly averages" in str(view.query_one("#title").render())
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        prev = (now.year, now.month - 1) if now.month > 1 else (now.year - 1, 12)
        assert stats_requests(sim)[-1].endswith(f"/stats/{prev[0]}/{prev[1]}")
        assert "complete" in str(view.query_one("#status").render())  # a past month is final
        n = len(stats_requests(sim))
        sim.clock.advance(3 * 3600)
        assert await view.poll_once() is False and len(stats_requests(sim)) == n
        await pilot.press("m")
        await settle(app, pilot)
        assert stats_requests(sim)[-1].endswith("/stats")


# -- snapshots -------------------------------------------------------------------------------------


class Standard16(LineFilter):
    """What a 16-colour terminal shows: Rich's downgrade to the standard palette (as the driver does
    with ``TEXTUAL_COLOR_SYSTEM=standard``; the screenshot console itself is always truecolour)."""

    def apply(self, segments: list[Segment], background: Any) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None and (style.color or style.bgcolor):
                style = style + Style.from_color(
                    style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
                    style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None,
                )
            out.append(Segment(text, style, control))
        return out


def _stats_before(sim: Any, colours16: bool = False) -> Any:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        if colours16:
            app._filters.append(Standard16())
        await show(app, pilot, StatsView(running_linode(sim)))
        await settle(app, pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_stats_snapshot(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_stats_before(sim))


def test_stats_snapshot_16_colours(snap_compare: Any, app_factory: Any, sim: Any) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_stats_before(sim, colours16=True))


def test_stats_snapshot_no_color(
    snap_compare: Any, app_factory: Any, sim: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=_stats_before(sim))


def test_nodebalancer_stats_snapshot(snap_compare: Any, app_factory: Any, sim: Any) -> None:
    nb = next(iter(sim.world.nodebalancers.values()))

    async def run_before(pilot: Any) -> None:
        await show(pilot.app, pilot, NodeBalancerStatsView(nb))

    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=run_before)
