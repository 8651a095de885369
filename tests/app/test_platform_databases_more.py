"""Managed Databases, issue 11: a fork at a point in time, the engine's advanced parameters as a
form from its schema, PostgreSQL connection pools (a tab of PostgreSQL databases only), and a
private network (VPC subnet) at create."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, TabbedContent

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.dbconfig import EngineConfigDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import form_shown, mutations, pick_menu, press_confirm, select_row, until, wait_rows

MYSQL, PG, SUSPENDED = 106383, 106423, 106475


def _loaded(sel: Any) -> Any:
    """A predicate: the select has its choices."""
    return lambda: len(sel._options) > 1




async def test_fork_to_a_point_in_time(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        await select_row(pilot, view, PG)
        before = set(sim.world.databases)
        await pilot.press("a")
        await pick_menu(pilot, app, "fork_postgresql")
        assert app.services.verdict(view.area, view.area.action("fork_mysql"), [view.rows[PG]]).reason
        form = await form_shown(pilot, app)
        # the source and its version are fixed; region and plan start as the source's
        assert [v for _, v in form.query_one("#f-fork_source")._options if v != Select.BLANK] == [str(PG)]
        assert form.query_one("#f-engine").value == "postgresql/16"
        assert "2025-01-08T12:00:00" in str(form.query(".field-help").nodes[0].render())
        await until(pilot, lambda: form.query_one("#f-region").value == "eu-central", "the region")
        form.query_one("#f-label").value = "analytics-pg-before"
        form.query_one("#f-fork_restore_time").value = "last tuesday"
        form.action_submit()
        await until(
            pilot, lambda: "UTC date" in str(form.query_one("#err-fork_restore_time").render()), "error"
        )
        assert mutations(sim) == []
        form.query_one("#f-fork_restore_time").value = "2020-01-01 00:00"  # before the oldest: the API says
        form.action_submit()
        await press_confirm(pilot, app)
        await until(
            pilot, lambda: "between" in str(form.query_one("#err-fork_restore_time").render()), "API error"
        )
        assert form.query_one("#f-label").value == "analytics-pg-before"  # nothing lost
        form.query_one("#f-fork_restore_time").value = "2025-01-14 09:30"
        form.action_submit()
        await press_confirm(pilot, app)
        await until(pilot, lambda: set(sim.world.databases) - before, "the fork")
        (new,) = set(sim.world.databases) - before
        db = sim.world.databases[new]
        assert db["fork"] == {"source": PG, "restore_time": "2025-01-14T09:30:00"}
        assert (db["label"], db["region"], db["version"]) == ("analytics-pg-before", "eu-central", "16.4")
        assert mutations(sim) == [("POST", "/databases/postgresql/instances")] * 2


async def test_engine_config_form_from_the_schema(app_factory: Any, sim: Any) -> None:
    sim.world.databases[PG]["engine_config"] = {"pg": {"jit": True, "autovacuum_max_workers": 3}}
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        await select_row(pilot, view, PG)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, EngineConfigDialog), "the dialog")
        dialog = app.screen
        await until(pilot, lambda: dialog.loaded and dialog.query("#sf-engine_config_pg_jit"), "the fields")
        # one field per parameter of the schema, today's values filled in, limits shown
        assert len(dialog.params) == 10
        assert dialog.query_one("#sf-engine_config_pg_jit", Select).value is True
        workers = dialog.query_one("#sf-engine_config_pg_autovacuum_max_workers", Input)
        assert workers.value == "3"
        helps = " ".join(str(h.render()) for h in dialog.query(".field-help"))
        assert "1–20" in helps and "restarts the database" in helps
        workers.value = "99"
        dialog.action_submit()
        await until(
            pilot,
            lambda: (
                "at most 20"
                in str(dialog.query_one("#sferr-engine_config_pg_autovacuum_max_workers").render())
            ),
            "the limit",
        )
        assert mutations(sim) == []
        workers.value = "3"
        interval = next(k for k in dialog.kinds if "interval" in k)
        dialog.query_one(f"#sf-{interval.replace('.', '_').replace(chr(0x2024), '_')}", Input).value = "7200"
        dialog.query_one("#sf-engine_config_work_mem", Input).value = "16"
        dialog.action_submit()
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        text = str(app.screen.query_one(".dialog").render()) + " ".join(
            str(s.render()) for s in app.screen.query("Static")
        )
        assert "work_mem = 16" in text
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: not isinstance(app.screen, (EngineConfigDialog, ConfirmDialog)), "closed")
        cfg = sim.world.databases[PG]["engine_config"]
        assert cfg == {
            "pg": {"jit": True, "autovacuum_max_workers": 3, "pg_partman_bgw.interval": 7200},
            "work_mem": 16,
        }
        assert mutations(sim) == [("PUT", f"/databases/postgresql/instances/{PG}")]


async def test_connection_pools_tab_only_for_postgresql(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        app.open_detail(view.area, view.rows[MYSQL])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the MySQL detail")
        assert not app.current_view().query("#table-pools")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.current_view(), DetailView), "back")
        app.open_detail(view.area, view.rows[PG])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query("#table-pools"), "the pools tab")
        detail.query_one(TabbedContent).active = "tab-pools"
        await until(pilot, lambda: detail.tab_rows.get("pools"), "the pools")
        table = detail.query_one("#table-pools", ResourceTable)
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "add")
        form = await form_shown(pilot, app)
        form.query_one("#f-label").value = "reports"
        form.query_one("#f-size").value = "25"
        form.query_one("#f-mode").value = "session"
        form.action_submit()
        await until(pilot, lambda: "reports" in sim.world.pg_pools[PG], "the pool")
        assert sim.world.pg_pools[PG]["reports"]["mode"] == "session"
        assert sim.world.pg_pools[PG]["reports"]["username"] is None  # sent as null: the API requires it
        await until(pilot, lambda: "reports" in str(detail.tab_rows.get("pools")), "the row")
        assert table.move_cursor_to_key("app-pool")
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "edit")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-size").value == "10"
        form.query_one("#f-size").value = "40"
        form.action_submit()
        await until(pilot, lambda: sim.world.pg_pools[PG]["app-pool"]["size"] == 40, "the edit")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "closed")
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "delete")
        await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "typed confirmation")
        app.screen.query_one("#typed").value = "app-pool"
        await pilot.press("enter")
        await until(pilot, lambda: "app-pool" not in sim.world.pg_pools[PG], "deleted")
        base = f"/databases/postgresql/instances/{PG}/connection-pools"
        assert mutations(sim) == [
            ("POST", base),
            ("PUT", base + "/app-pool"),
            ("DELETE", base + "/app-pool"),
        ]


async def test_pools_of_a_suspended_database_cannot_be_added(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        app.open_detail(view.area, view.rows[SUSPENDED])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        from linode_tui.core.descriptors import tab_area

        tab = detail.tab_def("pools")
        sub = tab_area(view.area, tab, view.rows[SUSPENDED])
        verdict = app.services.verdict(sub, sub.action("add"), [])
        assert "suspended" in (verdict.reason or "")


async def test_create_in_a_vpc_subnet(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 3)
        before = set(sim.world.databases)
        await pilot.press("n")
        form = await form_shown(pilot, app)
        for name in ("region", "type", "private_network_vpc_id"):
            sel: Any = form.query_one(f"#f-{name}")
            await until(pilot, _loaded(sel), f"choices of {name}")
        form.query_one("#f-label").value = "orders-private"
        form.query_one("#f-region").value = "us-east"
        form.query_one("#f-type").value = "g6-standard-2"
        form.query_one("#f-private_network_subnet_id").value = "40147"
        await pilot.pause()
        form.action_submit()
        await until(
            pilot,
            lambda: "Pick the VPC" in str(form.query_one("#err-private_network_vpc_id").render()),
            "err",
        )
        form.query_one("#f-private_network_vpc_id").value = 20707
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: set(sim.world.databases) - before, "created")
        (did,) = set(sim.world.databases) - before
        assert sim.world.databases[did]["private_network"] == {
            "vpc_id": 20707,
            "subnet_id": 40147,
            "public_access": False,
        }
        assert mutations(sim) == [("POST", "/databases/postgresql/instances")]
