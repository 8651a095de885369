"""Snapshots of issue 11's new screens (plain `def`, deterministic: frozen simulator clock, poller
off, UTC): a database's advanced parameters form and the Object Storage quotas view. Regenerate
with `pytest --snapshot-update` after a deliberate change, and look at the SVGs before committing."""

from __future__ import annotations

from typing import Any

import pytest

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
def test_engine_config_form(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    from linode_tui.areas.databases import DATABASES
    from linode_tui.ui.views.dbconfig import EngineConfigDialog

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        db = await app.services.client.get("/databases/postgresql/instances/106423")
        app.push_screen(EngineConfigDialog(DATABASES, db))
        await _until(pilot, lambda: app.screen.loaded and app.screen.query("#sf-engine_config_work_mem"))
        await pilot.pause()

    assert snap_compare(app_factory(command="databases"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_object_storage_quotas(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    from linode_tui.areas.buckets import BUCKETS
    from linode_tui.ui.views.objquotas import QuotasDialog

    async def run_before(pilot: Any) -> None:
        app = pilot.app
        await _until(pilot, lambda: app.current_view() is not None and not app.startup_pending)
        app.push_screen(QuotasDialog(BUCKETS))
        await _until(pilot, lambda: app.screen.endpoints)
        await pilot.pause()

    assert snap_compare(app_factory(command="buckets"), terminal_size=size, run_before=run_before)
