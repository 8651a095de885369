"""The dashboard against the simulator: figures match the world, every figure is a link that opens
the filtered list, sparklines stay inside the stats budget; snapshots at 80x24 and 120x40."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from linode_tui.core.stats_budget import budget_for
from linode_tui.ui.app import LinodeTUI
from linode_tui.ui.views.dashboard import (
    MAX_CANDIDATES,
    RESERVE,
    DashboardView,
    LinkGrid,
    all_links,
    bucket,
)
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.views.stats import StatsView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import until, wait_idle

SIZES = [(80, 24), (120, 40)]


async def settle(app: LinodeTUI, pilot: Any) -> None:
    await wait_idle(pilot, app)


async def open_dashboard(app: LinodeTUI, pilot: Any) -> DashboardView:
    await settle(app, pilot)
    view = DashboardView()
    app.push_view(view, root=True)
    await until(pilot, lambda: view.loaded, "the dashboard's figures")  # it loads once painted
    await settle(app, pilot)
    return view


def grid_text(view: DashboardView, gid: str) -> str:
    return view.query_one(f"#{gid}", LinkGrid).render().plain


def stats_count(sim: Any) -> int:
    return sum(1 for r in sim.request_log if r.method == "GET" and "/stats" in r.path)


async def test_counts_match_the_world(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        w = sim.world
        by_bucket = Counter(bucket(li["status"]) for li in w.linodes.values())
        status = grid_text(view, "status")
        assert f"{len(w.linodes)} Linodes" in status
        for b in ("running", "offline", "busy"):
            assert f"{by_bucket.get(b, 0)} {b}" in status
        resources = grid_text(view, "resources")
        assert f"Volumes {len(w.volumes)}" in resources
        assert f"NodeBalancers {len(w.nodebalancers)}" in resources
        assert f"LKE clusters {len(w.lke_clusters)}" in resources
        assert f"Databases {len(w.databases)}" in resources
        account = grid_text(view, "account")
        assert f"Uninvoiced ${w.account['balance_uninvoiced']:,.2f}" in account
        # regions: the biggest region row carries the world's numbers
        regions = Counter(li["region"] for li in w.linodes.values())
        top_region, n = regions.most_common(1)[0]
        row = next(line for line in grid_text(view, "regions").splitlines() if line.startswith(top_region))
        assert row.split()[1] == str(n)
        # banners: the scheduled maintenance and the account notice
        banners = grid_text(view, "banners")
        m = w.maintenance[0]
        assert "Maintenance" in banners and m["entity"]["label"] in banners
        assert "Balance reminder" in banners


async def test_figure_opens_filtered_list(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        # a region row's "running" figure: region goes to the server (X-Filter), status is client-side
        regions = Counter(li["region"] for li in sim.world.linodes.values() if li["status"] == "running")
        region = regions.most_common(1)[0][0]
        link = next(
            lk for lk in all_links(view) if lk.xfilter == {"region": region} and lk.client_filter == "●"
        )
        grid = view.query_one("#regions", LinkGrid)
        grid.cursor = next(p for p in grid.link_positions() if grid.rows[p[0]][p[1]].link == link)
        grid.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        lst = app.current_view()
        assert isinstance(lst, ResourceListView) and lst.area.key == "linodes"
        assert lst.xfilter == {"region": region} and lst.query_text == f"region = {region}"
        await until(pilot, lambda: lst.query_one(ResourceTable).filter_text, "the list filtered")
        table = lst.query_one(ResourceTable)
        assert table.filter_text == "●"
        shown = {r["id"] for r in table.visible_rows()}
        expected = {
            li["id"]
            for li in sim.world.linodes.values()
            if li["region"] == region and li["status"] == "running"
        }
        assert shown == expected and table.row_count == regions[region]
        # the request carried the region filter (the server can filter on region; not on status)
        assert any(r.path == "/linode/instances" for r in sim.request_log)


async def test_keyboard_navigation_between_figures(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        view.focus()
        await pilot.pause()
        assert isinstance(app.focused, LinkGrid)  # the view hands focus to its first figures
        first = view.query_one("#status", LinkGrid)
        first.focus()
        await pilot.pause()
        start = first.cursor
        await pilot.press("right")
        assert first.cursor != start
        await pilot.press("left")
        assert first.cursor == start
        # down past the last row moves on to the next group of figures
        for _ in range(len(first.rows) + 1):
            await pilot.press("down")
        assert app.focused is not first and isinstance(app.focused, LinkGrid)


async def test_busiest_opens_stats_and_inflight_links(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        grid = view.query_one("#top-cpu", LinkGrid)
        assert grid.links() and all(lk.kind == "stats" for lk in grid.links())
        # ranked by the last hour's CPU: the first row is the busiest of those fetched
        ranked = sorted(view.busy, key=lambda b: b.cpu_recent, reverse=True)
        assert grid.links()[0].item == ranked[0].item
        grid.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        stats = app.current_view()
        assert isinstance(stats, StatsView) and stats.item["id"] == ranked[0].item["id"]
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.current_view() is view
        # a maintenance banner opens the Linode's detail
        banners = view.query_one("#banners", LinkGrid)
        banners.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        assert detail.item["id"] == sim.world.maintenance[0]["entity"]["id"]


async def test_sparklines_inside_the_budget(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        running = [li for li in sim.world.linodes.values() if li["status"] == "running"]
        budget = budget_for(app.services.client)
        fetched = min(MAX_CANDIDATES, budget.capacity - RESERVE)
        assert stats_count(sim) == len(view.busy) == fetched
        assert f"showing {fetched} of {len(running)} running (stats budget)" in str(
            view.query_one("#budget-note").render()
        )
        # ten simulated minutes: sparklines refresh once per 5-minute point, never more
        before = stats_count(sim)
        for _ in range(40):
            sim.clock.advance(15)
            await view.poll_stats()
        assert stats_count(sim) - before == fetched  # one refresh (the 12:05 point)
        assert budget.used() <= budget.capacity


async def test_inflight_events_show(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        li = next(x for x in sim.world.linodes.values() if x["status"] == "running")
        await app.services.client.post(f"/linode/instances/{li['id']}/reboot")
        await app.poller.poll_once()
        await settle(app, pilot)
        view.render_inflight()
        text = grid_text(view, "inflight")
        assert "reboot" in text and li["label"] in text


def _dash_before(pilot: Any) -> Any:
    async def run_before(pilot: Any) -> None:
        await open_dashboard(pilot.app, pilot)
        await settle(pilot.app, pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_snapshot(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=_dash_before(None))


async def test_the_first_focus_leaves_what_the_user_focused(app_factory: Any, sim: Any) -> None:
    """The dashboard focuses its first figure once its data arrive, after the next refresh; if the
    user focused a figure meanwhile (the suite saw it under load), the focus stays there."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_dashboard(app, pilot)
        grid = view.query_one("#top-cpu", LinkGrid)
        grid.focus()
        await pilot.pause()
        view._focus_if_nothing_is()  # the deferred first focus, arriving late
        await pilot.pause()
        assert app.focused is grid
