"""Users and their grants worked end to end: create, edit, delete; the grants editor (global grants
and per-entity levels as one table) sends only what changed, through the one confirmation."""

from __future__ import annotations

from typing import Any

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.grants import GrantsView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import mutations, select_row, until, wait_rows


async def test_user_create_edit_delete(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="users")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the add form")
        form = app.screen
        form.query_one("#f-username").value = "night-ops"
        form.query_one("#f-email").value = "night@example.org"
        form.action_submit()
        await until(pilot, lambda: "night-ops" in sim.world.users, "the user created")
        assert sim.world.users["night-ops"]["restricted"] is True  # restricted by default
        await until(pilot, lambda: "night-ops" in view.rows, "the new row")
        await select_row(pilot, view, "night-ops")
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the edit form")
        app.screen.query_one("#f-email").value = "nights@example.org"
        app.screen.action_submit()
        await until(pilot, lambda: sim.world.users["night-ops"]["email"] == "nights@example.org", "edit")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
        app.screen.query_one("#typed").value = "night-ops"
        await pilot.press("enter")
        await until(pilot, lambda: "night-ops" not in sim.world.users, "the user deleted")
        assert mutations(sim) == [
            ("POST", "/account/users"),
            ("PUT", "/account/users/night-ops"),
            ("DELETE", "/account/users/night-ops"),
        ]


async def test_grants_editor_sends_only_the_changes(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="users")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, "intern")
        await pilot.press("G")
        await until(pilot, lambda: isinstance(app.current_view(), GrantsView), "the grants editor")
        editor = app.current_view()
        await until(pilot, lambda: editor.loaded and editor.rows, "grants loaded")
        table = editor.query_one(ResourceTable)
        table.focus()
        # a global grant: add_volumes no -> yes
        assert table.move_cursor_to_key("global:add_volumes")
        await pilot.press("space")
        # an entity: the first granted Linode read_only -> read_write
        linode_key = next(k for k in editor.rows if k.startswith("linode:"))
        linode_id = editor.rows[linode_key]["id"]
        assert table.move_cursor_to_key(linode_key)
        await pilot.press("2")
        # account access: none -> read only, then back: not a change any more
        assert table.move_cursor_to_key("global:account_access")
        await pilot.press("1")
        await pilot.press("0")
        assert editor.changes() == {
            "global": {"add_volumes": True},
            "linode": [{"id": linode_id, "permissions": "read_write"}],
        }
        assert "2 unsaved changes" in str(editor.query_one("#grants-note").render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert "add volumes → yes" in app.screen.body and "read-write" in app.screen.body
        assert app.screen.focused is app.screen.query_one("#cancel")
        await pilot.click("#confirm")
        await until(pilot, lambda: ("PUT", "/account/users/intern/grants") in mutations(sim), "the PUT")
        grants = sim.world.grants["intern"]
        assert grants["global"]["add_volumes"] is True and grants["global"]["account_access"] is None
        assert next(g for g in grants["linode"] if g["id"] == linode_id)["permissions"] == "read_write"
        await until(pilot, lambda: editor.changes() == {} and editor.rows, "reloaded with nothing pending")
        assert mutations(sim) == [("PUT", "/account/users/intern/grants")]


async def test_unrestricted_user_is_shown_as_such(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="users")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app, 1)
        boss = next(u for u in view.rows.values() if not u["restricted"])
        await select_row(pilot, view, boss["username"])
        await pilot.press("G")
        await until(pilot, lambda: isinstance(app.current_view(), GrantsView), "the grants editor")
        editor = app.current_view()
        await until(pilot, lambda: editor.loaded, "grants loaded")
        note = str(editor.query_one("#grants-note").render())
        assert "unrestricted" in note and "null" not in note
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert mutations(sim) == []


async def test_account_settings_start_from_the_current_ones(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="account")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await select_row(pilot, view, next(iter(view.rows)))
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the settings form")
        form = app.screen
        assert form.query_one("#f-network_helper").value is True
        assert form.query_one("#f-maintenance_policy").value == "linode/migrate"
        form.query_one("#f-backups_enabled").value = True
        form.query_one("#f-maintenance_policy").value = "linode/power_off_on"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.account_settings["backups_enabled"] is True, "saved")
        s = sim.world.account_settings
        assert s["maintenance_policy"] == "linode/power_off_on" and s["network_helper"] is True
        assert mutations(sim) == [("PUT", "/account/settings")]
