"""Snapshots of the operation explorer and of a generated form, at 80x24 and 120x40 (plain `def`,
deterministic: frozen simulator clock, poller off). Regenerate with `pytest --snapshot-update`
after a deliberate change, and look at the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.ui.dialogs.schema_form import SchemaFormDialog
from linode_tui.ui.views.explorer import ExplorerView
from linode_tui.ui.widgets.vtable import ResourceTable

SIZES = [(80, 24), (120, 40)]


async def _explorer(pilot: Any) -> ExplorerView:
    for _ in range(200):
        await pilot.pause()
        view = pilot.app.current_view()
        if isinstance(view, ExplorerView) and view.query_one("#ops", ResourceTable).row_count:
            return view
    raise AssertionError("no explorer")


@pytest.mark.parametrize("size", SIZES)
def test_explorer(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _explorer(pilot)
        view.query_one("#ops", ResourceTable).move_cursor_to_key("post-linode-interface")
        await pilot.pause()

    assert snap_compare(
        app_factory(command="api linodes interface"), terminal_size=size, run_before=run_before
    )


@pytest.mark.parametrize("size", SIZES)
def test_explorer_generated_form(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _explorer(pilot)
        table = view.query_one("#ops", ResourceTable)
        table.move_cursor_to_key("post-reserved-ip")
        table.focus()
        await pilot.press("enter")
        for _ in range(100):
            await pilot.pause()
            if isinstance(pilot.app.screen, SchemaFormDialog):
                break
        await pilot.press("ctrl+s")  # region is required: the local check shows next to the field
        await pilot.pause()

    assert snap_compare(app_factory(command="api reserved"), terminal_size=size, run_before=run_before)
