"""Pilot tests: the app driven like a user would, against the in-process simulator (fake clock)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select

from linode_tui.ui.app import LinodeTUI
from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.status_panel import StatusPanel
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import MUTATING, select_row, settle, until, wait_idle, wait_rows, wait_until


def linode_by_status(app: LinodeTUI, view: ResourceListView, status: str) -> dict[str, Any]:
    for row in view.rows.values():
        if row.get("status") == status and "fail" not in str(row.get("label")):
            return row
    raise AssertionError(f"no {status} Linode in the demo account")


async def test_lists_linodes_and_header(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        assert view.area.key == "linodes"
        assert view.query_one(ResourceTable).total_count == 25
        header = str(app.query_one("#header").render())
        assert "DEMO" in header


async def test_reboot_progress_streams_into_panel_and_row(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await app.poller.poll_once()  # baseline
        target = linode_by_status(app, view, "running")
        await select_row(pilot, view, target["id"])
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.focused is not None and app.focused.id == "cancel"  # Cancel is focused by default
        await pilot.click("#confirm")
        await pilot.pause()
        posts = [r for r in sim.request_log if r.method == "POST"]
        assert posts and posts[-1].path.endswith(f"/linode/instances/{target['id']}/reboot")
        panel = app.query_one(StatusPanel)
        seen_percents: set[int] = set()
        for _ in range(40):
            await settle(pilot, app, 5, sim)
            for ev in panel.in_flight:
                if (ev.get("entity") or {}).get("id") == target["id"] and ev.get(
                    "percent_complete"
                ) is not None:
                    seen_percents.add(int(ev["percent_complete"]))
            if not panel.in_flight and seen_percents:
                break
        assert seen_percents, "the panel never showed the reboot in progress"
        assert any(0 < p < 100 for p in seen_percents)
        finished = [
            t.event
            for t in panel.state.events.values()
            if t.event.get("action") == "linode_reboot" and t.event.get("status") == "finished"
        ]
        assert finished
        await wait_until(pilot, lambda: view.rows[target["id"]].get("status") == "running")
        assert view.rows[target["id"]]["status"] == "running"


async def test_delete_requires_typing_the_label(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        target = (
            linode_by_status(app, view, "offline")
            if any(r.get("status") == "offline" for r in view.rows.values())
            else next(iter(view.rows.values()))
        )
        await select_row(pilot, view, target["id"])
        await pilot.press("ctrl+d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TypeToConfirmDialog)
        confirm = dialog.query_one("#confirm")
        assert confirm.disabled
        await pilot.press(*"wrong")
        await pilot.pause()
        assert confirm.disabled
        await pilot.press("enter")  # a wrong label does not delete
        await pilot.pause()
        assert not [r for r in sim.request_log if r.method == "DELETE"]
        dialog.query_one("#typed", Input).value = ""
        await pilot.pause()
        await pilot.press(*str(target["label"]))
        await pilot.pause()
        assert not confirm.disabled
        await pilot.press("enter")
        await pilot.pause()
        deletes = [r for r in sim.request_log if r.method == "DELETE"]
        assert deletes and deletes[-1].path.endswith(f"/linode/instances/{target['id']}")


async def test_read_only_sends_no_mutation(app_factory: Any, sim: Any) -> None:
    app = app_factory(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        header = str(app.query_one("#header").render())
        assert "READ-ONLY" in header
        target = next(iter(view.rows.values()))
        await select_row(pilot, view, target["id"])
        for key in ("R", "b", "o", "ctrl+d", "n", "Z", "E"):
            await pilot.press(key)
            await pilot.pause()
            while app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
                await pilot.pause()
        # Even a direct call into the action path is refused by the client before anything is sent.
        act = view.area.action("reboot")
        assert act is not None
        app.start_action(view.area, act, [target])
        await pilot.pause()
        assert not [r for r in sim.request_log if r.method in MUTATING]
        assert any("read-only" in p.message for p in app.query_one(StatusPanel).state.problems)


async def test_server_error_shows_and_refresh_recovers(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        sim.set_faults("offline")
        await pilot.press("r")
        await until(pilot, lambda: view.error, 'view.error')
        assert view.error
        assert view.has_class("-error")
        assert view.query_one(ResourceTable).total_count == 25  # nothing lost
        assert app.query_one(StatusPanel).state.problems
        sim.set_faults(None)
        await pilot.press("r")
        await until(pilot, lambda: not view.error and not view.loading, 'not view.error and not view.loading')
        assert not view.error
        assert not view.has_class("-error")


async def test_command_flag_opens_area_with_query(app_factory: Any, sim: Any) -> None:
    region = next(iter(sim.world.linodes.values()))["region"] if hasattr(sim.world, "linodes") else "us-east"
    app = app_factory(command=f"linodes region = {region}")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        assert view.xfilter == {"region": region}
        assert all(r["region"] == region for r in view.rows.values())
        gets = [r for r in sim.request_log if r.method == "GET" and r.path.endswith("/linode/instances")]
        assert gets


async def test_colon_line_query_and_errors(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        await pilot.press("colon")
        await pilot.press(*"vol label ~ a")
        await pilot.press("enter")
        await pilot.pause()
        view = app.current_view()
        assert isinstance(view, ResourceListView) and view.area.key == "volumes"
        assert view.xfilter == {"label": {"+contains": "a"}}
        await pilot.press("colon")
        await pilot.press(*"linodes label = (")
        await pilot.press("enter")
        await pilot.pause()
        bar = app.query_one("#command")
        assert bar.has_class("-error") and bar.has_class("-open")  # the text stays for fixing
        assert app.current_view().area.key == "volumes"


async def test_markup_in_api_strings_renders_literally(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(200, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        first = next(iter(view.rows.values()))
        client = app.services.client
        await client.put(f"/linode/instances/{first['id']}", json={"tags": ["[b]x[/]", "[prod]"]})
        view.refresh_entity(first["id"])
        await wait_until(pilot, lambda: "[prod]" in view.rows[first["id"]].get("tags", []))
        table = view.query_one(ResourceTable)
        assert table.move_cursor_to_key(first["id"])
        await pilot.pause()
        rendered = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "[prod]" in rendered
        assert "[b]x[/]" in rendered


async def test_detail_view_and_back(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        target = next(iter(view.rows.values()))
        await select_row(pilot, view, target["id"])
        await pilot.press("enter")
        await pilot.pause()
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        await wait_until(pilot, lambda: str(target["region"]) in str(detail.query_one("#summary").render()))
        summary = str(detail.query_one("#summary").render())
        assert str(target["region"]) in summary
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_view() is view


async def test_form_shows_api_field_errors_and_keeps_input(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        await wait_until(
            pilot,
            lambda: (
                not form.query_one("#f-region", Select).is_blank()
                or len([v for _, v in form.query_one("#f-region", Select)._options if isinstance(v, str)]) > 0
            ),
        )
        existing = next(iter(view.rows.values()))["label"]
        form.query_one("#f-label", Input).value = existing  # duplicate label: the API refuses it
        form.query_one("#f-root_pass", Input).value = "Correct-Horse-42-battery"
        for name in ("region", "type", "image"):
            sel = form.query_one(f"#f-{name}", Select)
            if sel.is_blank():
                values = [v for _, v in sel._options if isinstance(v, str)]
                assert values, f"no choices loaded for {name}"
                sel.value = values[0]
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the summary before sending")
        await pilot.press("right", "enter")  # from Cancel (focused) to the confirm button
        await wait_until(pilot, lambda: any(r.method == "POST" for r in sim.request_log) and not form.busy)
        await pilot.pause()
        assert app.screen is form  # still open
        assert form.query_one("#f-label", Input).value == existing  # nothing lost
        err = str(form.query_one("#err-label").render())
        general = str(form.query_one("#general-error").render())
        assert "label" in (err + general).lower()


async def test_scopes_and_grants_disable_actions_with_the_reason(app_factory: Any, sim: Any) -> None:
    app = app_factory(token="readonly")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        target = next(iter(view.rows.values()))
        await select_row(pilot, view, target["id"])
        act = view.area.action("reboot")
        assert act is not None
        reason = app.services.why_not(act, view.area, [target])
        assert reason is not None and "linodes:read_write" in reason
        await pilot.press("a")
        await pilot.pause()
        menu = app.screen
        first = str(menu.query_one("#menu").get_option_at_index(0).prompt)
        assert "linodes:read_write" in first + menu.footer  # said once when every action shares it
        assert menu.query_one("#menu").get_option_at_index(0).disabled
        assert not [r for r in sim.request_log if r.method in MUTATING]


async def test_restricted_user_grants(app_factory: Any, sim: Any) -> None:
    app = app_factory(token="restricted")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 1)
        await wait_until(pilot, lambda: app.services.grants is not None)
        grants = app.services.grants
        assert grants is not None and not grants.unrestricted
        create = view.area.action("create")
        assert create is not None
        assert "add_linodes" in (app.services.why_not(create, view.area, []) or "")


async def test_detail_stats_tab_lives_only_while_shown(app_factory: Any, sim: Any) -> None:
    from textual.widgets import TabbedContent

    from linode_tui.ui.views.stats import StatsView

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        target = next(r for r in view.rows.values() if r["status"] == "running")
        await select_row(pilot, view, target["id"])
        await pilot.press("enter")
        await wait_idle(pilot, app)
        detail = app.current_view()
        assert isinstance(detail, DetailView)
        await pilot.press("g")
        await wait_until(
            pilot,
            lambda: any(r.path.endswith(f"/linode/instances/{target['id']}/stats") for r in sim.request_log),
        )
        stats = list(detail.query(StatsView))
        assert len(stats) == 1
        stats_gets = [
            r for r in sim.request_log if r.path.endswith(f"/linode/instances/{target['id']}/stats")
        ]
        assert stats_gets
        detail.query_one(TabbedContent).active = "tab-summary"
        await wait_idle(pilot, app)
        assert not list(detail.query(StatsView))  # hidden: no view, no requests


async def test_unexpected_error_in_background_work_is_reported_not_fatal(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        client = app.services.client
        original = client.iter_pages

        def broken(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("something nobody expected")

        client.iter_pages = broken
        await pilot.press("r")
        panel = app.query_one(StatusPanel)
        await wait_until(pilot, lambda: any("nobody expected" in p.message for p in panel.state.problems))
        assert app.is_running
        assert any("nobody expected" in p.message for p in panel.state.problems)
        assert view.query_one(ResourceTable).total_count == 25  # nothing lost
        client.iter_pages = original
        await pilot.press("r")
        await wait_until(pilot, lambda: not view.loading)
        assert app.is_running and not view.error
