"""What was misleading in the compute and networking areas: focus after the Stats tab, the attach
picker and its confirmation, actions offered when they cannot succeed (with the reason said)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Select

from linode_tui.core.registry import BY_KEY
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, MenuDialog, TextDialog
from linode_tui.ui.views.detail import DetailView
from tests.helpers import mutations, select_row, until, wait_idle, wait_rows


async def _open_detail(pilot: Any, app: Any, key: Any) -> DetailView:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, key)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    await wait_idle(pilot, app)
    return app.current_view()


async def test_keys_work_after_leaving_the_stats_tab(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        lid = next(i for i, r in sim.world.linodes.items() if r["status"] == "running")
        await _open_detail(pilot, app, lid)
        await pilot.press("g")
        await wait_idle(pilot, app)
        assert app.query_one("#tab-stats").children  # the stats view is there and took the focus
        await pilot.press("right")  # leave the Stats tab
        await pilot.pause()
        assert app.focused is not None
        await pilot.press("v")  # a key of the detail view works at once
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the JSON dialog")


async def test_attach_offers_linodes_of_the_volume_region_and_names_the_one_picked(
    app_factory: Any, sim: Any
) -> None:
    vol = next(v for v in sim.world.volumes.values() if v["linode_id"] is None and v["region"] == "us-east")
    same = {i for i, r in sim.world.linodes.items() if r["region"] == vol["region"]}
    app = app_factory(command="volumes")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        await select_row(pilot, view, vol["id"])
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the attach form")
        form = app.screen
        sel = form.query_one("#f-linode_id", Select)
        await until(pilot, lambda: len(sel._options) > 1, "the Linode choices")
        offered = {v for _, v in sel._options if v is not Select.NULL}
        assert offered == same
        target = sorted(same)[0]
        sel.value = target
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert sim.world.linodes[target]["label"] in app.screen.body
        assert vol["label"] in app.screen.body
        await pilot.click("#confirm")
        await until(pilot, lambda: ("POST", f"/volumes/{vol['id']}/attach") in mutations(sim), "the attach")
        assert sim.world.volumes[vol["id"]]["linode_id"] == target


async def test_unavailable_linode_actions_say_why_and_send_nothing(app_factory: Any, sim: Any) -> None:
    running = next(
        r for r in sim.world.linodes.values() if r["status"] == "running" and r["backups"]["enabled"]
    )
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await select_row(pilot, view, running["id"])
        await pilot.press("P")  # root password reset on a running Linode
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the action menu")
        menu = app.screen
        rows = {o.id: (o.disabled, str(o.prompt)) for o in menu.query_one("OptionList")._options}
        assert rows["password"][0] and "powered off" in rows["password"][1]
        assert rows["backups_enable"][0] and "already enabled" in rows["backups_enable"][1]
        assert not rows["snapshot"][0] and not rows["backups_cancel"][0]
        await pilot.press("escape")
        assert mutations(sim) == []


async def test_blocked_deletes_public_images_and_vpcs_in_use(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        services = app.services
        images, vpcs = BY_KEY["images"], BY_KEY["vpcs"]
        public = next(i for i in sim.world.images.values() if i["is_public"])
        private = next(i for i in sim.world.images.values() if not i["is_public"])
        delete = images.action("delete")
        assert delete is not None
        assert "public images" in (services.verdict(images, delete, [public]).reason or "")
        assert services.verdict(images, delete, [private]).ok
        vdel = vpcs.action("delete")
        assert vdel is not None
        page = await services.client.get_page("/vpcs")
        by_label = {v["label"]: v for v in page.data}
        reason = services.verdict(vpcs, vdel, [by_label["prod-vpc"]]).reason or ""
        assert "1 Linode" in reason and "detach them" in reason and "Attached tab" in reason
        # Without Linodes in its subnets the delete is offered (and the API accepts it).
        for link in list(sim.world.vpc_links):
            if sim.world.vpc_links[link]["vpc_id"] == by_label["prod-vpc"]["id"]:
                del sim.world.vpc_links[link]
        fresh = await services.client.get(f"/vpcs/{by_label['prod-vpc']['id']}", force=True)
        assert services.verdict(vpcs, vdel, [fresh]).ok
