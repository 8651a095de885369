"""Snapshots of a Linode's Network tab as tables (IPv4 with rDNS and gateway, IPv6 SLAAC,
link-local and ranges) at 80x24 and 120x40."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TabbedContent

from linode_tui.ui.views.detail import DetailView
from tests.helpers import until, wait_idle, wait_rows

SIZES = [(80, 24), (120, 40)]
STAGING = 43716563  # staging-api-3: a public and a private IPv4


@pytest.mark.parametrize("size", SIZES)
def test_linode_network_tab(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    # Another Linode's address shared with this one, so that every kind of row shows.
    sim.world.ips(STAGING)["ipv4"]["shared"].append(
        sim.world.ip_obj(43716831, "173.230.0.12", public=True, region="us-west")
    )

    async def run_before(pilot: Any) -> None:
        view = await wait_rows(pilot, pilot.app, 1)
        pilot.app.open_detail(view.area, view.rows[STAGING])
        await until(pilot, lambda: isinstance(pilot.app.current_view(), DetailView), "the detail")
        detail: DetailView = pilot.app.current_view()
        await until(pilot, lambda: detail.query(TabbedContent), "the detail mounted")
        detail.query_one(TabbedContent).active = "tab-network"
        await until(pilot, lambda: "network" in detail.loaded_tabs, "the network tab")
        await wait_idle(pilot, pilot.app)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)
