"""Create a Linode with the full option set: the priced plan picker, firewall, placement group,
and a summary with the monthly price before confirming."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Checkbox, Input, Select

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog
from tests.helpers import MUTATING, until, wait_rows

SIZES = [(80, 24), (120, 40)]


async def _open_form(pilot: Any, app: Any) -> FormDialog:
    await wait_rows(pilot, app)
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the create form")
    form: FormDialog = app.screen
    await until(
        pilot,
        lambda: not [w for w in form.workers if w.group == "form-choices" and not w.is_finished],
        "the pickers loading",
    )
    await pilot.pause()
    return form


async def test_create_linode_with_price_summary(app_factory: Any, sim: Any) -> None:
    fw = next(iter(sim.world.firewalls.values()))
    plan = sim.world.types["g6-standard-2"]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _open_form(pilot, app)
        plans = form.query_one("#f-type", Select)
        prompts = {v: str(p) for p, v in plans._options}
        monthly = plan["price"]["monthly"]
        assert prompts["g6-standard-2"].lstrip().startswith(f"${monthly:,.2f}/mo"), prompts["g6-standard-2"]
        assert "vCPU" in prompts["g6-standard-2"] and "GB disk" in prompts["g6-standard-2"]
        form.query_one("#f-region", Select).value = "us-east"
        plans.value = "g6-standard-2"
        form.query_one("#f-label", Input).value = "new-web"
        form.query_one("#f-root_pass", Input).value = "Correct-Horse-9-Battery"
        form.query_one("#f-firewall_id", Select).value = fw["id"]
        form.query_one("#f-backups_enabled", Checkbox).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the summary")
        body = app.screen.body
        backups = plan["addons"]["backups"]["price"]["monthly"]
        assert f"${plan['price']['monthly'] + backups:,.2f}/mo" in body
        assert "new-web" in body and "us-east" in body
        assert app.focused is not None and app.focused.id == "cancel"
        await pilot.click("#confirm")
        await until(
            pilot,
            lambda: ("POST", "/linode/instances") in [(r.method, r.path) for r in sim.request_log],
            "the create",
        )
        new = next(r for r in sim.world.linodes.values() if r["label"] == "new-web")
        assert new["type"] == "g6-standard-2" and new["region"] == "us-east" and new["backups"]["enabled"]
        assert sim.world.linode_firewall.get(new["id"]) == fw["id"] or any(
            d for d in sim.world.firewall_devices.get(fw["id"], {}).values() if d["entity"]["id"] == new["id"]
        )
        assert [m for m in sim.request_log if m.method in MUTATING] == [
            m for m in sim.request_log if m.method in MUTATING and m.path == "/linode/instances"
        ]


@pytest.mark.parametrize("size", SIZES)
def test_create_linode_form_snapshot(snap_compare: Any, app_factory: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _open_form(pilot, pilot.app)

    assert snap_compare(app_factory(), terminal_size=size, run_before=run_before)
