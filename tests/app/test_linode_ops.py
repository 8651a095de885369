"""Linodes: configs with device maps and helpers, reboot into a chosen config, rescue with device
mapping, the plan upgrade (only with a successor), firewall apply, restoring a backup onto another
Linode, locks; and Linode interfaces (the upgrade's dry run first, adding one). Each through the one
runner: the requests the simulator saw and its state afterwards."""

from __future__ import annotations

import copy
from typing import Any

from textual.widgets import Select

from linode_tui.ui.dialogs import FormDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.app.test_linode_network import confirm, fill, form, options_of
from tests.helpers import action_menu as menu
from tests.helpers import mutations, open_tab, select_row, settle, until, wait_idle, wait_rows
from tests.helpers import pick_option as pick


async def open_detail(pilot: Any, app: Any, key: Any) -> DetailView:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, key)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    await wait_idle(pilot, app)
    detail: DetailView = app.current_view()
    return detail


RUNNER = 43716641  # staging-ci-runner-6: running, us-east, one config
API = 43716544  # api-1: running, fr-par, a volume attached, backups on
DNS = 43716891  # dns-14: offline, us-central, backups off
LOCKED = 43716941  # batch-17: locked (cannot_delete)
MEDIA = 43716873  # prod-media-13: ap-southeast, backups on
WORKER = 43716791  # prod-worker-10: the other Linode in ap-southeast


async def test_create_config_with_devices_and_helpers_then_reboot_into_it(app_factory: Any, sim: Any) -> None:
    disks = list(sim.world.disks(RUNNER))
    configs = sim.world.configs(RUNNER)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tab(pilot, app, RUNNER, "configs")
        await menu(pilot, app)
        await pick(pilot, app, "create")
        dialog = await form(pilot, app)
        assert options_of(dialog, "devices_sda") == {f"disk:{d}" for d in disks}
        assert dialog.query_one("#f-devices_sda", Select).value == f"disk:{disks[0]}"  # disks in order
        dialog.query_one("#f-devices_sda", Select).value = f"disk:{disks[1]}"
        dialog.query_one("#f-devices_sdb", Select).value = f"disk:{disks[0]}"
        widget_51: Any = dialog.query_one("#f-helpers_network")
        widget_51.value = False
        before = set(configs)
        await fill(pilot, app, label="swapped")
        await until(pilot, lambda: set(configs) - before, "the new config")
        new = configs[(set(configs) - before).pop()]
        assert ("POST", f"/linode/instances/{RUNNER}/configs") in mutations(sim)
        assert new["label"] == "swapped"
        assert new["devices"]["sda"]["disk_id"] == disks[1] and new["devices"]["sdb"]["disk_id"] == disks[0]
        assert new["devices"]["sdc"] is None
        assert new["helpers"]["network"] is False and new["helpers"]["distro"] is True
        # Two configs now: reboot asks which one.
        await pilot.press("escape")  # back to the list
        await until(pilot, lambda: not hasattr(app.current_view(), "loaded_tabs"), "the list")
        app.current_view().query_one(ResourceTable).move_cursor_to_key(RUNNER)
        await pilot.press("R")
        dialog = await form(pilot, app)
        assert options_of(dialog, "config_id") == {str(c) for c in configs}
        await fill(pilot, app, config_id=new["id"])
        await confirm(pilot, app)
        await until(pilot, lambda: ("POST", f"/linode/instances/{RUNNER}/reboot") in mutations(sim), "reboot")
        ev = next(e for e in reversed(list(sim.world.events.values())) if e["action"] == "linode_reboot")
        assert ev["entity"]["id"] == RUNNER and ev["secondary_entity"]["id"] == new["id"]


async def test_rescue_maps_disks_and_an_attached_volume(app_factory: Any, sim: Any) -> None:
    disks = list(sim.world.disks(API))
    vol = next(v for v in sim.world.volumes.values() if v.get("linode_id") == API)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, app, API)
        await pilot.press("U")
        dialog = await form(pilot, app)
        assert options_of(dialog, "devices_sda") == {*(f"disk:{d}" for d in disks), f"volume:{vol['id']}"}
        assert not dialog.query("#f-devices_sdh")  # reserved in rescue mode
        await fill(pilot, app, **{"devices_sdc": f"volume:{vol['id']}"})
        await confirm(pilot, app)
        await until(pilot, lambda: ("POST", f"/linode/instances/{API}/rescue") in mutations(sim), "rescue")
        assert sim.world.linodes[API]["status"] == "booting"


async def test_plan_upgrade_only_with_a_successor(app_factory: Any, sim: Any) -> None:
    types = sim.world.types
    old = copy.deepcopy(types["g6-standard-1"])
    old.update(id="g5-standard-1", label="Linode 2GB (previous generation)", successor="g6-standard-1")
    types["g5-standard-1"] = old
    sim.world.linodes[DNS]["type"] = "g5-standard-1"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, app, RUNNER)
        rows = await menu(pilot, app)
        assert rows["upgrade"][0] and "no newer generation" in rows["upgrade"][1]
        await pilot.press("escape")
        await pilot.press("escape")
        await open_detail(pilot, app, DNS)
        rows = await menu(pilot, app)
        assert not rows["upgrade"][0]
        await pick(pilot, app, "upgrade")
        dialog: FormDialog = await form(pilot, app)
        assert "g5-standard-1 → g6-standard-1" in str(dialog.query_one(".field-help").render())
        await pilot.press("ctrl+s")
        assert "newer generation" in await confirm(pilot, app)
        await until(pilot, lambda: ("POST", f"/linode/instances/{DNS}/mutate") in mutations(sim), "mutate")
        await settle(pilot, app, 900, sim)
        assert sim.world.linodes[DNS]["type"] == "g6-standard-1"


async def test_apply_a_firewall_and_restore_a_backup_onto_another_linode(app_factory: Any, sim: Any) -> None:
    fw = next(f for f in sim.world.firewalls.values() if not f.get("deleted"))
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, app, DNS)
        await menu(pilot, app)
        await pick(pilot, app, "firewall")
        await fill(pilot, app, firewall_id=fw["id"])
        assert fw["label"] in await confirm(pilot, app)
        path = f"/networking/firewalls/{fw['id']}/devices"
        await until(pilot, lambda: ("POST", path) in mutations(sim), "the firewall applied")
        devices = [d["entity"]["id"] for d in sim.world.firewall_devices.get(fw["id"], {}).values()]
        assert DNS in devices
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, app, MEDIA)
        await menu(pilot, app)
        await pick(pilot, app, "restore")
        dialog = await form(pilot, app)
        assert options_of(dialog, "linode_id") == {str(MEDIA), str(WORKER)}  # its region's Linodes only
        assert str(dialog.query_one("#f-linode_id", Select).value) == str(MEDIA)  # this one unless changed
        backup = next(b for b in sim.world.backups(MEDIA)["automatic"] if b["available"])
        await fill(pilot, app, backup_id=backup["id"], linode_id=WORKER)
        assert "prod-worker-10" in await confirm(pilot, app, typed="prod-media-13")
        restore = ("POST", f"/linode/instances/{MEDIA}/backups/{backup['id']}/restore")
        await until(pilot, lambda: restore in mutations(sim), "the restore")
        assert sim.world.linodes[WORKER]["status"] == "restoring"
        assert sim.world.linodes[MEDIA]["status"] == "running"


async def test_lock_blocks_delete_until_the_lock_is_removed(app_factory: Any, sim: Any) -> None:
    lock_id = next(k for k, x in sim.world.locks.items() if x["entity"]["id"] == LOCKED)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_detail(pilot, app, LOCKED)
        rows = await menu(pilot, app)
        assert rows["delete"][0] and "locked (cannot_delete)" in rows["delete"][1]
        assert rows["lock"][0] and not rows["unlock"][0]
        await pick(pilot, app, "unlock")
        await fill(pilot, app)
        await confirm(pilot, app)
        await until(pilot, lambda: not sim.world.linodes[LOCKED]["locks"], "the lock removed")
        assert mutations(sim) == [("DELETE", f"/locks/{lock_id}")]
        await until(pilot, lambda: not app.current_view().item.get("locks"), "the detail re-read")
        rows = await menu(pilot, app)
        assert not rows["delete"][0] and not rows["lock"][0] and rows["unlock"][0]
        await pick(pilot, app, "lock")
        await fill(pilot, app, lock_type="cannot_delete_with_subresources")
        await confirm(pilot, app)
        await until(
            pilot, lambda: sim.world.linodes[LOCKED]["locks"] == ["cannot_delete_with_subresources"], "locked"
        )
        assert ("POST", "/locks") in mutations(sim)


async def test_upgrade_interfaces_shows_the_dry_run_then_adds_a_vlan(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, RUNNER, "interfaces")
        rows = await menu(pilot, app)
        assert all(rows[k][0] for k in ("add_public", "add_vpc", "add_vlan", "settings"))
        assert "upgrade its interfaces first" in app.screen.footer  # the one reason, said once
        await pilot.press("escape")
        widget_180: Any = detail.query_one("#tabs")
        widget_180.active = "tab-summary"
        await pilot.pause()
        await menu(pilot, app)
        await pick(pilot, app, "upgrade_interfaces")
        dialog = await form(pilot, app)
        help_text = str(dialog.query_one(".field-help").render())
        assert "Dry run" in help_text and "public" in help_text
        assert sim.world.linodes[RUNNER]["interface_generation"] == "legacy_config"  # nothing changed yet
        dry = [m for m in mutations(sim) if m[1].endswith("/upgrade-interfaces")]
        assert len(dry) == 1
        await pilot.press("ctrl+s")
        await confirm(pilot, app)
        await until(
            pilot, lambda: sim.world.linodes[RUNNER]["interface_generation"] == "linode", "the real upgrade"
        )
        assert len([m for m in mutations(sim) if m[1].endswith("/upgrade-interfaces")]) == 2
        assert sim.world.linode_interfaces[RUNNER]
        widget_197: Any = detail.query_one("#tabs")
        widget_197.active = "tab-interfaces"
        await until(pilot, lambda: detail.tab_rows.get("interfaces--0"), "the interfaces listed")
        before = set(sim.world.linode_interfaces[RUNNER])
        await menu(pilot, app)
        await pick(pilot, app, "add_vlan")
        await fill(pilot, app, **{"vlan_vlan_label": "backend", "vlan_ipam_address": "10.0.0.5/24"})
        await confirm(pilot, app)
        await until(pilot, lambda: set(sim.world.linode_interfaces[RUNNER]) - before, "the VLAN interface")
        itf = sim.world.linode_interfaces[RUNNER][(set(sim.world.linode_interfaces[RUNNER]) - before).pop()]
        assert itf["vlan"] == {"vlan_label": "backend", "ipam_address": "10.0.0.5/24"}
        assert ("POST", f"/linode/instances/{RUNNER}/interfaces") in mutations(sim)
        await until(pilot, lambda: itf["id"] in detail.tab_rows.get("interfaces--0", {}), "the row")


async def test_cost_and_age_columns_from_the_plan_and_the_clock(
    app_factory: Any, sim: Any, tmp_path: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        await until(pilot, lambda: app.lookup("types", "g6-nanode-1"), "the plans loaded")
        table = view.query_one(ResourceTable)
        cols = {c.key: c for c in table.columns}
        api, big = view.rows[API], view.rows[43716718]  # g6-nanode-1, g6-standard-8
        assert str(cols["monthly"].formatter(api)) == "$5.00"
        price = sim.world.types["g6-standard-8"]["price"]["monthly"]
        assert str(cols["monthly"].formatter(big)) == f"${price:,.2f}"
        assert str(cols["created"].formatter(api)) == "2y"  # created 2022-02-24, the clock 2025-01-15
        out = tmp_path / "linodes.csv"
        assert view.export(out) == len(view.rows)
        lines = out.read_text().splitlines()
        assert lines[0].endswith(",monthly,created")
        assert any(line.startswith(f"{API},api-1,") and ",5.0," in line for line in lines)
        table.sort_by("monthly", reverse=True)
        await pilot.pause()
        first = table.visible_keys()[0]
        top = max(price_of(sim, r) for r in sim.world.linodes.values())
        assert price_of(sim, sim.world.linodes[first]) == top


def price_of(sim: Any, linode: dict[str, Any]) -> float:
    return float(sim.world.types[linode["type"]]["price"]["monthly"])


async def test_new_config_with_a_public_and_a_vlan_interface(app_factory: Any, sim: Any) -> None:
    configs = sim.world.configs(RUNNER)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_tab(pilot, app, RUNNER, "configs")
        await menu(pilot, app)
        await pick(pilot, app, "create")
        dialog = await form(pilot, app)
        dialog.query_one("#f-ifaces_eth0", Select).value = "public"
        dialog.query_one("#f-ifaces_eth1", Select).value = "vlan"
        await fill(pilot, app, label="with-vlan")
        err = "#err-ifaces_vlan_label"
        await until(pilot, lambda: "needs the VLAN" in str(dialog.query_one(err).render()), "the error")
        assert not [m for m in mutations(sim) if m[0] == "POST"]  # nothing sent, nothing typed lost
        widget_255: Any = dialog.query_one("#f-label")
        assert widget_255.value == "with-vlan"
        before = set(configs)
        await fill(pilot, app, ifaces_vlan_label="backend", ifaces_ipam_address="10.0.0.9/24")
        await until(pilot, lambda: set(configs) - before, "the new config")
        new = configs[(set(configs) - before).pop()]
        assert [i["purpose"] for i in new["interfaces"]] == ["public", "vlan"]
        assert new["interfaces"][1]["label"] == "backend"
        assert new["interfaces"][1]["ipam_address"] == "10.0.0.9/24"
