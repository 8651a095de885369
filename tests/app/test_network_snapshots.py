"""Snapshots of the network screens this area adds (plain `def`, deterministic: frozen simulator
clock, poller off, UTC): a NodeBalancer port's own detail with its nodes, a VPC's Attached tab.
Regenerate with `pytest --snapshot-update` after a deliberate change, and look at the SVGs."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TabbedContent

from linode_tui.areas.nodebalancers import NODEBALANCERS
from linode_tui.areas.vpcs import VPCS
from linode_tui.core.descriptors import tab_area
from linode_tui.ui.views.detail import DetailView, row_detail

SIZES = [(80, 24), (120, 40)]


async def _until(pilot: Any, predicate: Any, tries: int = 300) -> None:
    for _ in range(tries):
        await pilot.pause()
        try:
            if predicate():
                return
        except Exception:
            pass
    raise AssertionError("never happened")


def _idle(app: Any) -> bool:
    view = app.current_view()
    return not any(w.is_running for w in view.workers)


@pytest.mark.parametrize("size", SIZES)
def test_nodebalancer_port_nodes(
    snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]
) -> None:
    nb = next(n for n in sim.world.nodebalancers.values() if n["region"] == "eu-central")
    cfg = next(iter(sim.world.nb_configs[nb["id"]].values()))

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        configs = tab_area(NODEBALANCERS, NODEBALANCERS.tabs[0], nb)
        app.push_view(row_detail(configs, dict(cfg)))
        view = app.current_view()
        await _until(pilot, lambda: isinstance(view, DetailView) and _idle(app))
        view.query_one(TabbedContent).active = "tab-nodes"
        await _until(pilot, lambda: "nodes" in view.loaded_tabs and view.tab_rows.get("nodes") and _idle(app))

    assert snap_compare(app_factory(command="nodebalancers"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_vpc_attached(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    vpc = next(v for v in sim.world.vpcs.values() if v["label"] == "staging-vpc")

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        app.open_detail(VPCS, dict(vpc))
        view = app.current_view()
        await _until(pilot, lambda: isinstance(view, DetailView) and _idle(app))
        view.query_one(TabbedContent).active = "tab-attached"
        await _until(pilot, lambda: "attached" in view.loaded_tabs and _idle(app))

    assert snap_compare(app_factory(command="vpcs"), terminal_size=size, run_before=run_before)
