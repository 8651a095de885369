"""Images and StackScripts worked end to end: capture from a disk, edit/replicate/delete own images
only; StackScripts create (the script in an editor), and deploy into the prefilled create-Linode form."""

from __future__ import annotations

from typing import Any

from textual.widgets import TextArea

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.dialogs.schema_form import MANUAL, PickerDialog
from tests.helpers import form_shown, mutations, select_row, until, wait_rows

GOLDEN = "private/20542843"


def _has_options(widget: Any, more_than: int = 1) -> Any:
    """A predicate: the select (or selection list) has its choices loaded."""
    return lambda: (len(widget._options) if hasattr(widget, "_options") else widget.option_count) > more_than


async def pick(pilot: Any, app: Any, which: Any) -> None:
    """Pick the first row of the picker for which ``which(value)`` holds."""
    picker = app.screen
    if which(MANUAL):
        picker._pick("m")
    else:
        i = next(i for i, (v, _) in enumerate(picker.rows) if which(v))
        picker._pick(f"r{i}")
    await pilot.pause()



async def test_capture_replicate_and_delete_own_images_only(app_factory: Any, sim: Any) -> None:
    lid = next(iter(sim.world.linodes))
    disk = next(d for d in sim.world.disks(lid).values() if d["filesystem"] != "swap")
    sim.world.linodes[lid]["status"] = "offline"
    app = app_factory(command="images")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 5)
        public = next(r for r in view.rows.values() if r.get("is_public"))
        delete = view.area.action("delete")
        assert "only your own images" in (app.services.verdict(view.area, delete, [public]).reason or "")
        before = set(sim.world.images)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, PickerDialog), "the Linode picker")
        await pick(pilot, app, lambda v: v == MANUAL)  # type the disk ID instead
        form = await form_shown(pilot, app)
        form.query_one("#f-disk_id").value = str(disk["id"])
        form.query_one("#f-label").value = "golden-2025"
        form.action_submit()
        await until(pilot, lambda: set(sim.world.images) - before, "the image captured")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await select_row(pilot, view, GOLDEN)
        await pilot.press("a")
        await until(pilot, lambda: app.screen.query_one("#menu"), "the menu")
        menu = app.screen.query_one("#menu")
        ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
        menu.highlighted = ids.index("replicate")
        await pilot.press("enter")
        form = await form_shown(pilot, app)
        sl = form.query_one("#f-regions")
        await until(pilot, lambda: sl.option_count > 1, "regions")
        assert set(sl.selected) == {"us-east", "eu-central"}  # starts from where it is
        sl.select("fr-par")
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: len(sim.world.images[GOLDEN]["regions"]) == 3, "replicated")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await select_row(pilot, view, GOLDEN)
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "golden-web-2024"
        await pilot.press("enter")
        await until(pilot, lambda: GOLDEN not in sim.world.images, "deleted")
        assert mutations(sim) == [
            ("POST", "/images"),
            ("POST", f"/images/{GOLDEN}/regions"),
            ("DELETE", f"/images/{GOLDEN}"),
        ]


async def test_stackscript_create_with_the_editor(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="stackscripts")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 2)
        before = set(sim.world.stackscripts)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        form.query_one("#f-label").value = "hello-web"
        form.query_one("#f-images").value = "linode/debian12"
        editor = form.query_one("#f-script", TextArea)
        editor.text = '#!/bin/bash\n# <UDF name="site" label="Site name" />\necho "$SITE"\n'
        form.action_submit()
        await until(pilot, lambda: set(sim.world.stackscripts) - before, "created")
        (sid,) = set(sim.world.stackscripts) - before
        ss = sim.world.stackscripts[sid]
        assert ss["script"].count("\n") == 3 and ss["images"] == ["linode/debian12"]
        assert mutations(sim) == [("POST", "/linode/stackscripts")]


async def test_deploy_opens_the_create_linode_form_prefilled(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="stackscripts")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 2)
        ss = next(s for s in view.rows.values() if s["label"] == "bootstrap-web")
        await select_row(pilot, view, ss["id"])
        await pilot.press("D")
        form = await form_shown(pilot, app)
        image = form.query_one("#f-image")
        assert [v for _, v in image._options if isinstance(v, str)] == [
            "linode/ubuntu24.04",
            "linode/debian12",
        ]
        assert form.query_one("#f-stackscript_id").value == str(ss["id"])
        for name in ("region", "type"):
            sel = form.query_one(f"#f-{name}")
            await until(pilot, _has_options(sel), f"choices of {name}")
            sel.value = next(v for _, v in sel._options if isinstance(v, str))
        form.query_one("#f-label").value = "web-from-ss"
        form.query_one("#f-root_pass").value = "Correct-Horse-42-battery"
        form.query_one("#f-stackscript_data_hostname").value = "web-9"
        await pilot.pause()
        before = set(sim.world.linodes)
        form.action_submit()
        await until(pilot, lambda: set(sim.world.linodes) - before, "the Linode created")
        (lid,) = set(sim.world.linodes) - before
        assert sim.world.linodes[lid]["label"] == "web-from-ss"
        assert mutations(sim) == [("POST", "/linode/instances")]


async def test_deploy_needs_add_linodes_not_write_access_to_the_script(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="stackscripts", token="restricted")  # the intern: no add_linodes
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await until(pilot, lambda: app.services.grants is not None, "grants loaded")
        deploy = view.area.action("deploy")
        script = next(iter(view.rows.values()))
        reason = app.services.verdict(view.area, deploy, [script]).reason
        assert reason == "your user lacks the add_linodes grant"
        app.services.grants.global_grants["add_linodes"] = True
        assert app.services.verdict(view.area, deploy, [script]).ok  # no write grant on the script needed
