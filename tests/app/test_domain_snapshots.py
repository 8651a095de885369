"""Snapshots of the domain records editor (plain `def`, deterministic: frozen simulator clock,
poller off, UTC). Regenerate with `pytest --snapshot-update` after a deliberate change, and look at
the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TabbedContent

from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.domain_records import RecordsEditor
from linode_tui.ui.widgets.vtable import ResourceTable

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


@pytest.mark.parametrize("size", SIZES)
def test_records_editor(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    from linode_tui.areas.domains import DOMAINS

    dom = next(d for d in sim.world.domains.values() if d["domain"] == "example.com")
    recs = sim.world.domain_records[dom["id"]]
    mx = next(r for r in recs.values() if r["type"] == "MX")
    mx["ttl_sec"] = 3600  # one record with its own TTL, the others the domain's default

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        app.open_detail(DOMAINS, dict(dom))
        await _until(pilot, lambda: isinstance(app.current_view(), DetailView))
        detail = app.current_view()
        detail.query_one(TabbedContent).active = "tab-records"
        editor = detail.query_one(RecordsEditor)
        await _until(pilot, lambda: editor.loaded and editor.rows)
        table = editor.query_one(ResourceTable)
        table.move_cursor_to_key(mx["id"])
        await pilot.pause()

    assert snap_compare(app_factory(command="domains"), terminal_size=size, run_before=run_before)
