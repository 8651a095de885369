"""Every resource area of the catalog lists real data from the simulator and opens a detail view,
without an error (the catalog drives the screens: a broken descriptor shows up here)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import pytest

from linode_tui.core.registry import AREAS
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import wait_until


@pytest.mark.parametrize("area", AREAS, ids=[a.key for a in AREAS])
async def test_area_lists_and_opens(app_factory: Any, sim: Any, area: Any) -> None:
    app = app_factory(command=area.key)
    async with app.run_test(size=(120, 40)) as pilot:

        def listed() -> bool:
            v = app.current_view()
            return isinstance(v, ResourceListView) and not v.loading and bool(v.rows or v.error)

        await wait_until(pilot, listed)
        view = app.current_view()
        assert isinstance(view, ResourceListView) and view.area.key == area.key
        assert not view.error, view.error
        table = view.query_one(ResourceTable)
        assert table.total_count >= 1, f"{area.key}: the simulator's account has none"
        item = next(iter(view.rows.values()))
        before = len(sim.request_log)
        app.open_detail(area, item)
        await wait_until(pilot, lambda: isinstance(app.current_view(), DetailView))
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        url = area.detail_url(item)

        def fetched() -> bool:
            if url == area.path:  # a single object (account, profile): the list's answer is cached
                return True
            new = sim.request_log[before:]
            return any(r.method == "GET" and unquote(r.path).endswith(url) for r in new)

        await wait_until(
            pilot,
            lambda: (
                fetched() and bool(detail.query("#summary")) and not any(w.is_running for w in detail.workers)
            ),
        )
        assert fetched(), f"{area.key}: the detail view never asked for {url}"
        error = str(detail.query_one("#error").render())
        assert "⚠" not in error and "no longer exists" not in error, f"{area.key}: {error}"
        # every tab loads without an API error
        for tab in detail.tabs:  # the tabs this item has (Tab.only_if)
            detail.load_tab(tab.key)
        await pilot.pause()
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers))
        for tab in detail.tabs:
            if tab.view:  # a hand-written view (records, firewall rules): its tables say what went wrong
                tables = detail.query_one(f"#tab-{tab.key}").query(ResourceTable)
                msg = " ".join(t.empty_message for t in tables)
            elif tab.kind == "list":
                msg = detail.query_one(f"#table-{tab.key}", ResourceTable).empty_message
            else:
                msg = str(detail.query_one(f"#obj-{tab.key}").render())
            assert "⚠" not in msg, f"{area.key}/{tab.key}: {msg}"
        assert not sim.error_log, sim.error_log[-1]
