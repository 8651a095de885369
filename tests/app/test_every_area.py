"""Every resource area of the catalog lists real data from the simulator and opens a detail view,
without an error (the catalog drives the screens: a broken descriptor shows up here)."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.catalog import AREAS
from linode_tui.screens.resources import DetailView, ResourceListView
from linode_tui.widgets.vtable import ResourceTable


@pytest.mark.parametrize("area", AREAS, ids=[a.key for a in AREAS])
async def test_area_lists_and_opens(app_factory: Any, sim: Any, area: Any) -> None:
    app = app_factory(command=area.key)
    async with app.run_test(size=(120, 40)) as pilot:
        view = None
        for _ in range(300):
            await pilot.pause(0.005)
            view = app.current_view()
            if isinstance(view, ResourceListView) and not view.loading and view.rows:
                break
        assert isinstance(view, ResourceListView) and view.area.key == area.key
        assert not view.error, view.error
        table = view.query_one(ResourceTable)
        assert table.total_count >= 1, f"{area.key}: the simulator's account has none"
        item = next(iter(view.rows.values()))
        app.open_detail(area, item)
        for _ in range(30):
            await pilot.pause()
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        error = str(detail.query_one("#error").render())
        assert "⚠" not in error and "no longer exists" not in error, f"{area.key}: {error}"
        # every tab loads without an API error
        for tab in area.tabs:
            detail.load_tab(tab.key)
        for _ in range(30):
            await pilot.pause()
        for tab in area.tabs:
            if tab.kind == "list":
                msg = detail.query_one(f"#table-{tab.key}", ResourceTable).empty_message
            else:
                msg = str(detail.query_one(f"#obj-{tab.key}").render())
            assert "⚠" not in msg, f"{area.key}/{tab.key}: {msg}"
        assert not sim.error_log, sim.error_log[-1]
