"""Linodes: the Network tab's actions (add an IPv4, reverse DNS, delete, move to another Linode,
share), each through the one runner; the requests the simulator saw and its state afterwards."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, SelectionList

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import (
    action_menu,
    mutations,
    open_tab,
    pick_option,
    until,
)

STAGING = 43716563  # staging-api-3: offline, us-west, one public and one private IPv4
GIT = 43716831  # git-11: the other Linode in us-west








async def form(pilot: Any, app: Any) -> FormDialog:
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    dialog: FormDialog = app.screen
    await until(
        pilot,
        lambda: not [w for w in dialog.workers if w.group == "form-choices" and not w.is_finished],
        "the form's choices loading",
    )
    return dialog


async def fill(pilot: Any, app: Any, **values: Any) -> FormDialog:
    dialog = await form(pilot, app)
    for name, value in values.items():
        w = dialog.query_one(f"#f-{name}")
        if isinstance(w, Select):
            w.value = value
        elif isinstance(w, SelectionList):
            w.deselect_all()
            for v in value:
                w.select(v)
        else:
            assert isinstance(w, Input)
            w.value = str(value)
    await pilot.press("ctrl+s")
    return dialog


async def confirm(pilot: Any, app: Any, typed: str | None = None) -> str:
    kind = TypeToConfirmDialog if typed is not None else ConfirmDialog
    await until(pilot, lambda: isinstance(app.screen, kind), "the confirmation")
    body = str(app.screen.body)
    if typed is not None:
        app.screen.query_one("#typed", Input).value = typed
    await pilot.click("#confirm")
    await pilot.pause()
    return body


async def select_ip(pilot: Any, detail: DetailView, address: str, section: int = 0) -> None:
    table = detail.query_one(f"#table-network--{section}", ResourceTable)
    await until(pilot, lambda: address in detail.tab_rows.get(f"network--{section}", {}), f"{address} listed")
    assert table.move_cursor_to_key(address)
    table.focus()
    await pilot.pause()


def options_of(dialog: FormDialog, name: str) -> set[str]:
    sel = dialog.query_one(f"#f-{name}", Select)
    return {str(v) for _, v in sel._options if v is not Select.NULL}


async def test_add_rdns_and_delete_an_ipv4_and_the_last_public_is_kept(app_factory: Any, sim: Any) -> None:
    ips = sim.world.ips(STAGING)["ipv4"]
    public = ips["public"][0]["address"]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, STAGING, "network")
        await select_ip(pilot, detail, public)
        rows = await action_menu(pilot, app)
        assert rows["delete"][0] and "only public IPv4" in rows["delete"][1]
        assert not rows["rdns"][0] and not rows["assign"][0]
        await pick_option(pilot, app, "add_ip")
        await fill(pilot, app, public="public")
        assert "public IPv4 address will be added" in await confirm(pilot, app)
        await until(pilot, lambda: len(ips["public"]) == 2, "the second public address")
        assert ("POST", f"/linode/instances/{STAGING}/ips") in mutations(sim)
        new = ips["public"][1]["address"]
        await select_ip(pilot, detail, new)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "rdns")
        await fill(pilot, app, rdns="mail.example.com")
        await until(pilot, lambda: ips["public"][1]["rdns"] == "mail.example.com", "the new rDNS")
        assert ("PUT", f"/linode/instances/{STAGING}/ips/{new}") in mutations(sim)
        await until(
            pilot,
            lambda: detail.tab_rows["network--0"].get(new, {}).get("rdns") == "mail.example.com",
            "the row showing the rDNS",
        )
        # The private address cannot take reverse DNS; it can be deleted (typed in full).
        private = ips["private"][0]["address"]
        await select_ip(pilot, detail, private)
        rows = await action_menu(pilot, app)
        assert rows["rdns"][0] and "only on public" in rows["rdns"][1]
        assert rows["assign"][0]
        await pick_option(pilot, app, "delete")
        await confirm(pilot, app, typed=private)
        await until(pilot, lambda: not ips["private"], "the private address gone")
        assert ("DELETE", f"/linode/instances/{STAGING}/ips/{private}") in mutations(sim)
        assert private not in sim.world.linodes[STAGING]["ipv4"]
        await until(pilot, lambda: private not in detail.tab_rows["network--0"], "the row gone")


async def test_move_an_address_to_a_linode_of_the_same_region_only(app_factory: Any, sim: Any) -> None:
    address = sim.world.ips(STAGING)["ipv4"]["public"][0]["address"]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, STAGING, "network")
        await select_ip(pilot, detail, address)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "assign")
        dialog = await form(pilot, app)
        assert options_of(dialog, "linode_id") == {str(GIT)}  # us-west has only these two
        dialog.query_one("#f-linode_id", Select).value = str(GIT)
        await pilot.press("ctrl+s")
        assert "git-11" in await confirm(pilot, app)
        await until(pilot, lambda: address in sim.world.linodes[GIT]["ipv4"], "the address moved")
        assert ("POST", "/networking/ips/assign") in mutations(sim)
        assert address not in sim.world.linodes[STAGING]["ipv4"]


async def test_share_another_linodes_address_then_stop_sharing(app_factory: Any, sim: Any) -> None:
    theirs = "192.168.128.11"  # git-11's private address
    assert theirs in sim.world.linodes[GIT]["ipv4"]
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, STAGING, "network")
        await action_menu(pilot, app)
        await pick_option(pilot, app, "share")
        dialog = await form(pilot, app)
        offered = {str(getattr(o, "value", None)) for o in dialog.query_one("#f-ips", SelectionList)._options}
        assert theirs in offered and not offered & set(sim.world.linodes[STAGING]["ipv4"])
        await fill(pilot, app, ips=[theirs])
        await confirm(pilot, app)
        shared = lambda: [a["address"] for a in sim.world.ips(STAGING)["ipv4"]["shared"]]  # noqa: E731
        await until(pilot, lambda: shared() == [theirs], "the address shared")
        assert ("POST", "/networking/ips/share") in mutations(sim)
        await until(pilot, lambda: theirs in detail.tab_rows["network--0"], "the shared row")
        assert detail.tab_rows["network--0"][theirs]["kind"] == "shared"
        # Again: what is shared now is ticked; un-ticking it stops the sharing.
        await select_ip(pilot, detail, theirs)
        rows = await action_menu(pilot, app)
        assert rows["delete"][0] and "belongs to another Linode" in rows["delete"][1]
        await pick_option(pilot, app, "share")
        dialog = await form(pilot, app)
        assert list(dialog.query_one("#f-ips", SelectionList).selected) == [theirs]
        await fill(pilot, app, ips=[])
        await confirm(pilot, app)
        await until(pilot, lambda: shared() == [], "the sharing removed")


async def test_network_tab_is_read_only_for_a_read_only_session(app_factory: Any, sim: Any) -> None:
    app = app_factory(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await open_tab(pilot, app, STAGING, "network")
        await select_ip(pilot, detail, sim.world.ips(STAGING)["ipv4"]["public"][0]["address"])
        rows = await action_menu(pilot, app)
        assert all(rows[k][0] for k in ("add_ip", "rdns", "assign", "share", "delete"))
        assert not mutations(sim)
