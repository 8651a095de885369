"""Snapshot tests of the main screens at 80x24 and 120x40 (plain `def`, deterministic: frozen
simulator clock, poller off, UTC). Regenerate with `pytest --snapshot-update` after a deliberate
change, and look at the SVGs before committing them."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.core.services import Settings
from linode_tui.ui.app import make_app
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import until, wait_idle, wait_rows

SIZES = [(80, 24), (120, 40)]


async def _rows(pilot: Any) -> ResourceListView:
    view: ResourceListView = await wait_rows(pilot, pilot.app, 1)
    return view


def _first_with(view: ResourceListView, status: str) -> dict[str, Any]:
    return next(r for r in view.rows.values() if r.get("status") == status and "fail" not in r["label"])


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Any, size: tuple[int, int]) -> None:
    app = make_app(Settings(poll=False))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_linodes_list(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _rows(pilot)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_linode_detail(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _rows(pilot)
        pilot.app.open_detail(view.area, _first_with(view, "running"))
        await wait_idle(pilot, pilot.app)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_plain(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _rows(pilot)
        view.query_one(ResourceTable).move_cursor_to_key(_first_with(view, "running")["id"])
        await pilot.press("R")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_confirm_type_label(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _rows(pilot)
        view.query_one(ResourceTable).move_cursor_to_key(_first_with(view, "running")["id"])
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press(*"web")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_status_panel_in_flight(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        view = await _rows(pilot)
        await app.poller.poll_once()
        running = [r for r in view.rows.values() if r.get("status") == "running" and "fail" not in r["label"]]
        client = app.services.client
        await client.post(f"/linode/instances/{running[0]['id']}/reboot")
        await client.post(f"/linode/instances/{running[1]['id']}/shutdown")
        sim.clock.advance(12)
        await app.poller.poll_once()
        await wait_idle(pilot, pilot.app)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _rows(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_error_state(snap_compare: Any, app_factory: Any, sim: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        view = await _rows(pilot)
        sim.set_faults("offline")
        await pilot.press("r")
        await until(pilot, lambda: view.error, "the error shown")
        await pilot.pause()

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)
