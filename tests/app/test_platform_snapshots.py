"""Snapshots of the platform areas' hand-written screens (plain `def`, deterministic: frozen
simulator clock, poller off, UTC). Regenerate with `pytest --snapshot-update` after a deliberate
change, and look at the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.areas.users import USERS
from linode_tui.ui.views.grants import GrantsView
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
def test_grants_editor(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None)
        app.push_view(GrantsView(USERS, {"username": "intern", "restricted": True}))
        editor = app.current_view()
        await _until(pilot, lambda: editor.loaded and editor.rows)
        table = editor.query_one(ResourceTable)
        table.focus()
        table.move_cursor_to_key("global:add_volumes")
        editor.action_cycle()  # one unsaved change, marked
        await pilot.pause()

    assert snap_compare(app_factory(command="users"), terminal_size=size, run_before=run_before)
