"""More flows a user goes through: bulk actions on marked rows, export, the palette, the welcome
screen's token check, the events history."""

from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, Select

from linode_tui.core.services import Settings
from linode_tui.ui.app import make_app
from linode_tui.ui.dialogs import ConfirmDialog, MenuDialog, PromptDialog
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import MUTATING, select_row, until, wait_idle, wait_rows, wait_until


async def test_bulk_reboot_of_marked_rows(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        running = [r for r in view.rows.values() if r["status"] == "running" and "fail" not in r["label"]][:3]
        table = view.query_one(ResourceTable)
        for r in running:
            await select_row(pilot, view, r["id"])
            await pilot.press("space")
        assert set(table.marked_keys()) == {r["id"] for r in running}
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 linodes" in app.screen.title_text.lower()
        await pilot.click("#confirm")
        await wait_until(
            pilot, lambda: len([r for r in sim.request_log if r.method == "POST"]) >= len(running)
        )
        posts = sorted(r.path for r in sim.request_log if r.method == "POST")
        assert posts == sorted(f"/linode/instances/{r['id']}/reboot" for r in running)


async def test_export_csv_and_json_of_the_filtered_view(app_factory: Any, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await pilot.press("slash")
        await pilot.press(*"prod")
        await pilot.press("enter")  # keeps the filter, back to the table
        await wait_idle(pilot, app)
        table = view.query_one(ResourceTable)
        table.ensure_indexed()
        shown = table.row_count
        assert 0 < shown < 25
        for name in ("out.csv", "out.json"):
            assert app.focused is table
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, PromptDialog)
            app.screen.query_one("#prompt-input", Input).value = str(tmp_path / name)
            await pilot.press("enter")
            await pilot.pause()
        rows = list(csv.reader((tmp_path / "out.csv").open()))
        assert rows[0][:3] == ["id", "label", "status"]  # the API's field names, for scripts
        assert len(rows) - 1 == shown
        data = json.loads((tmp_path / "out.json").read_text())
        assert len(data) == shown and all("prod" in json.dumps(d).lower() for d in data)
        assert not any("root_pass" in d for d in data)


async def test_palette_finds_an_action_on_the_selection(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        target = next(r for r in view.rows.values() if r["status"] == "running" and "fail" not in r["label"])
        await select_row(pilot, view, target["id"])
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"reboot")
        from textual.command import CommandList

        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert isinstance(app.screen, ConfirmDialog)
        assert target["label"] in app.screen.title_text


async def test_action_menu_lists_every_action(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MenuDialog)
        ids = {o[0] for o in app.screen.options}
        assert {"reboot", "delete", "resize", "rebuild", "snapshot", "restore", "backups_enable"} <= ids
        assert view.area.key == "linodes"


async def test_welcome_checks_and_stores_a_pasted_token(sim: Any, tmp_path: Path) -> None:
    def factory(token: str, url: str, **kw: Any) -> Any:
        return sim.client(token, **kw)

    app = make_app(Settings(poll=False, now=sim.clock.now), client_factory=factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"not-a-token")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: "did not work" in str(app.screen.query_one("#token-status").render()),
            "the refused token reported",
        )
        assert app.services is None
        app.screen.query_one("#token", Input).value = ""
        await pilot.press(*"demo")
        await pilot.press("enter")
        await until(pilot, lambda: app.services is not None, 'app.services is not None')
        assert app.services is not None
        # No real keyring on a headless box: the token went to a 0600 file.
        token_files = list((Path(os.environ["LINODE_TUI_CONFIG_DIR"]) / "tokens").glob("*.token"))
        assert len(token_files) == 1
        assert stat.S_IMODE(token_files[0].stat().st_mode) == 0o600
        from linode_tui.ui.views.dashboard import DashboardView

        await pilot.pause()
        assert isinstance(app.current_view(), DashboardView)  # signed in: the fleet dashboard


async def test_events_history_newest_first_and_mark_seen(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="events")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        ids = [r["id"] for r in view.query_one(ResourceTable).visible_rows()]
        assert ids == sorted(ids, reverse=True)
        await pilot.press("m")
        await wait_until(pilot, lambda: any(r.path.endswith("/seen") for r in sim.request_log))
        seen = [r for r in sim.request_log if r.method == "POST" and r.path.endswith("/seen")]
        assert seen and seen[-1].path.endswith(f"/account/events/{ids[0]}/seen")
        assert not [r for r in sim.request_log if r.method in MUTATING and not r.path.endswith("/seen")]


async def test_events_page_older_by_id_cursor_as_the_cursor_reaches_the_end(
    app_factory: Any, sim: Any
) -> None:
    for i in range(150):
        sim.world.add_event(
            "tag_create",
            {"id": i, "label": f"tag-{i}", "type": "tag", "url": ""},
            username="demo-user",
            status="notification",
        )
    total = len(sim.world.events)
    app = app_factory(command="events")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        table = view.query_one(ResourceTable)
        assert table.total_count == 100  # one page, newest first
        assert view.has_more
        first_ids = [r["id"] for r in table.visible_rows()]
        assert first_ids == sorted(first_ids, reverse=True)
        await pilot.press("end")
        await until(pilot, lambda: table.total_count > 100 and not view.loading, "older events loading")
        assert table.total_count > 100
        ids = [r["id"] for r in table.visible_rows()]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
        cursor_gets = [r for r in sim.request_log if r.path.endswith("/account/events") and r.method == "GET"]
        assert len(cursor_gets) >= 2
        while view.has_more:
            await pilot.press("end")
            await until(pilot, lambda: not view.loading, 'not view.loading')
        assert table.total_count == total  # every event, each once


async def test_welcome_offers_linode_cli_profiles(sim: Any, tmp_path: Path) -> None:
    cfg = Path(os.environ["XDG_CONFIG_HOME"])
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / "linode-cli").write_text(
        "[DEFAULT]\ndefault-user = ops\n\n[ops]\ntoken = demo\nregion = us-east\n"
    )
    used: list[str] = []

    def factory(token: str, url: str, **kw: Any) -> Any:
        used.append(token)
        return sim.client(token, **kw)

    app = make_app(Settings(poll=False, now=sim.clock.now), client_factory=factory)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#cli-profiles", OptionList)
        assert "ops" in str(options.get_option_at_index(0).prompt)
        options.focus()
        await pilot.press("enter")
        await until(pilot, lambda: app.services is not None, 'app.services is not None')
        assert app.services is not None and used == ["demo"]
        # The linode-cli token is used, not copied into our own token store.
        assert not (Path(os.environ["LINODE_TUI_CONFIG_DIR"]) / "tokens").exists()
        assert "token = demo" in (cfg / "linode-cli").read_text()  # read-only import


async def test_create_linode_end_to_end(app_factory: Any, sim: Any) -> None:
    from linode_tui.ui.dialogs import FormDialog

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await app.poller.poll_once()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, FormDialog)

        def loaded(name: str) -> list[Any]:
            return [v for _, v in form.query_one(f"#f-{name}", Select)._options if isinstance(v, str)]

        await wait_until(pilot, lambda: loaded("region") and loaded("type") and loaded("image"))
        form.query_one("#f-region", Select).value = "us-east"
        form.query_one("#f-type", Select).value = "g6-nanode-1"
        form.query_one("#f-image", Select).value = "linode/debian12"
        form.query_one("#f-label", Input).value = "fresh-box-1"
        form.query_one("#f-root_pass", Input).value = "weak"
        form.action_submit()
        await pilot.pause()
        assert "11" in str(form.query_one("#err-root_pass").render())  # checked before sending
        assert not [r for r in sim.request_log if r.method == "POST"]
        form.query_one("#f-root_pass", Input).value = "Correct-Horse-42-battery"
        form.action_submit()
        # Before anything is sent, a summary with the monthly price asks for confirmation.
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the summary")
        assert "/mo" in app.screen.body and "fresh-box-1" in app.screen.body
        assert not [r for r in sim.request_log if r.method == "POST"]
        await pilot.press("right", "enter")  # from Cancel (focused) to the confirm button
        await wait_until(pilot, lambda: app.screen is not form and not isinstance(app.screen, ConfirmDialog))
        posts = [r for r in sim.request_log if r.method == "POST"]
        assert [r.path for r in posts] == ["/linode/instances"]
        await wait_until(pilot, lambda: any(r.get("label") == "fresh-box-1" for r in view.rows.values()))
        new = next(r for r in view.rows.values() if r.get("label") == "fresh-box-1")
        assert new["status"] in ("provisioning", "booting")
        for _ in range(30):  # provisioning → booting → running as sim time passes
            sim.clock.advance(10)
            await app.poller.poll_once()
            await pilot.pause()
            if view.rows.get(new["id"], {}).get("status") == "running":
                break
        await wait_until(pilot, lambda: view.rows[new["id"]]["status"] == "running")
        assert view.rows[new["id"]]["status"] == "running"


async def test_actions_that_do_not_fit_the_state_are_refused_before_sending(
    app_factory: Any, sim: Any
) -> None:
    app = app_factory(command="volumes")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        attached = next(v for v in view.rows.values() if v.get("linode_id"))
        free = next(v for v in view.rows.values() if not v.get("linode_id"))
        await select_row(pilot, view, attached["id"])
        await pilot.press("A")  # attach an attached volume
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog) and app.screen is app.screen_stack[0]
        await select_row(pilot, view, free["id"])
        await pilot.press("D")  # detach a free volume
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        await pilot.press("a")
        await pilot.pause()
        menu = app.screen
        assert isinstance(menu, MenuDialog)
        enabled = {o[0] for o in menu.options if o[2]}
        assert "attach" in enabled and "detach" not in enabled
        assert not [r for r in sim.request_log if r.method in MUTATING]


async def test_revisiting_a_screen_within_its_ttl_sends_no_request(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        assert app.run_command("volumes") is None
        await wait_rows(pilot, app, 1)
        before = len(sim.request_log)
        assert app.run_command("linodes") is None
        view = await wait_rows(pilot, app, 25)
        await pilot.pause(0.1)
        assert sim.request_log[before:] == []  # served from the data layer's cache
        await pilot.press("r")  # a forced refresh does go to the API
        await wait_until(pilot, lambda: len(sim.request_log) > before and not view.loading)
        assert any(r.path.endswith("/linode/instances") for r in sim.request_log[before:])
