"""Actions on a detail's tab rows (sub-resources): disks, configs, NodeBalancer configs, VPC
subnets — through the one runner, with the parent's id in the path (domain records have their own
editor: tests/app/test_domains.py)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select

from linode_tui.ui.dialogs import FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import (
    action_menu,
    mutations,
    open_tab,
    pick_option,
    settle,
    until,
)


async def _fill(pilot: Any, app: Any, **values: Any) -> FormDialog:
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    form: FormDialog = app.screen
    await until(
        pilot,
        lambda: not [w for w in form.workers if w.group == "form-choices" and not w.is_finished],
        "the form's choices loading",
    )
    for name, value in values.items():
        w = form.query_one(f"#f-{name}")
        if isinstance(w, Select):
            w.value = value
        else:
            assert isinstance(w, Input)
            w.value = str(value)
    await pilot.press("ctrl+s")
    return form


async def _select_tab_row(pilot: Any, detail: DetailView, table_id: str, key: Any) -> None:
    table = detail.query_one(f"#{table_id}", ResourceTable)
    assert table.move_cursor_to_key(key)
    table.focus()
    await pilot.pause()


async def test_disk_resize_then_create_and_resize_gated_by_power_state(app_factory: Any, sim: Any) -> None:
    lid = next(i for i, r in sim.world.linodes.items() if r["status"] == "offline")
    running = next(i for i, r in sim.world.linodes.items() if r["status"] == "running")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, lid, "disks")
        disks = sim.world.disks(lid)
        big = max(disks.values(), key=lambda d: d["size"])
        # The plan's space is all allocated: the API's answer shows next to the size field.
        await action_menu(pilot, app)
        await pick_option(pilot, app, "create")
        form = await _fill(pilot, app, label="scratch", size=512)
        await until(pilot, lambda: "exceed" in str(form.query_one("#err-size").render()), "the field error")
        assert form.query_one("#f-label", Input).value == "scratch"  # nothing typed is lost
        await pilot.press("escape")
        await _select_tab_row(pilot, detail, "table-disks", big["id"])
        await action_menu(pilot, app)
        await pick_option(pilot, app, "resize")
        await _fill(pilot, app, size=big["size"] - 1024)
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        assert f"{big['size'] - 1024} MB" in app.screen.body
        app.screen.query_one("#typed", Input).value = big["label"]
        await pilot.click("#confirm")
        resize = ("POST", f"/linode/instances/{lid}/disks/{big['id']}/resize")
        await until(pilot, lambda: resize in mutations(sim), "the resize")
        await settle(pilot, app, 900, sim)  # the resize job finishes
        assert disks[big["id"]]["size"] == big["size"]
        before = set(disks)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "create")
        await _fill(pilot, app, label="scratch", size=512)
        await until(pilot, lambda: set(disks) - before, "the new disk")
        disk = disks[(set(disks) - before).pop()]
        assert disk["label"] == "scratch" and disk["size"] == 512
        await until(pilot, lambda: disk["id"] in detail.tab_rows.get("disks", {}), "the new disk listed")
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, running, "disks")
        first = next(iter(sim.world.disks(running)))
        await _select_tab_row(pilot, detail, "table-disks", first)
        rows = await action_menu(pilot, app)
        assert rows["resize"][0] and "powered off" in rows["resize"][1]
        assert not rows["clone"][0]


async def test_vpc_subnet_add_and_delete_blocked_while_in_use(app_factory: Any, sim: Any) -> None:
    vpc = next(v for v in sim.world.vpcs.values() if v["label"] == "prod-vpc")
    used = next(link["subnet_id"] for link in sim.world.vpc_links.values() if link["vpc_id"] == vpc["id"])
    app = app_factory(command="vpcs")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, vpc["id"], "subnets")
        await _select_tab_row(pilot, detail, "table-subnets", used)
        rows = await action_menu(pilot, app)
        assert rows["delete"][0] and "remove their VPC interfaces" in rows["delete"][1]
        await pick_option(pilot, app, "create")
        await _fill(pilot, app, label="extra", ipv4="10.0.9.0/24")
        await until(pilot, lambda: ("POST", f"/vpcs/{vpc['id']}/subnets") in mutations(sim), "the POST")
        sub = next(s for s in sim.world.subnets[vpc["id"]].values() if s["label"] == "extra")
        await until(pilot, lambda: sub["id"] in detail.tab_rows.get("subnets", {}), "the subnet listed")
        await _select_tab_row(pilot, detail, "table-subnets", sub["id"])
        await action_menu(pilot, app)
        await pick_option(pilot, app, "delete")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed", Input).value = "extra"
        await pilot.click("#confirm")
        await until(pilot, lambda: sub["id"] not in sim.world.subnets[vpc["id"]], "the DELETE")


async def test_nodebalancer_config_add(app_factory: Any, sim: Any) -> None:
    nb = next(iter(sim.world.nodebalancers.values()))
    app = app_factory(command="nodebalancers")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tab(pilot, app, nb["id"], "configs")
        await action_menu(pilot, app)
        await pick_option(pilot, app, "create")
        await _fill(pilot, app, port=8443, protocol="tcp")
        path = f"/nodebalancers/{nb['id']}/configs"
        await until(pilot, lambda: ("POST", path) in mutations(sim), "the POST")
        assert any(
            c["port"] == 8443 and c["protocol"] == "tcp" for c in sim.world.nb_configs[nb["id"]].values()
        )
