"""Managed Databases worked end to end: create, credentials shown on demand and reset, resize,
suspend/resume, the allow list, the SSL CA to a file, backups restore (a tab action)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from textual.widgets import TabbedContent

from linode_tui.ui.dialogs import (
    ConfirmDialog,
    FormDialog,
    PromptDialog,
    SecretDialog,
    TypeToConfirmDialog,
)
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import form_shown, mutations, pick_menu, select_row, until, wait_rows

MYSQL, PG, SUSPENDED = 106383, 106423, 106475


def _has_options(widget: Any, more_than: int = 1) -> Any:
    """A predicate: the select (or selection list) has its choices loaded."""
    return lambda: (len(widget._options) if hasattr(widget, "_options") else widget.option_count) > more_than



async def _typed(pilot: Any, app: Any, label: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
    app.screen.query_one("#typed").value = label
    await pilot.press("enter")


async def test_create_postgres_with_an_allow_list(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 3)
        before = set(sim.world.databases)
        await pilot.press("n")  # PostgreSQL (N: MySQL)
        form = await form_shown(pilot, app)
        assert [v for _, v in form.query_one("#f-engine")._options if isinstance(v, str)] == [
            "postgresql/13",
            "postgresql/14",
            "postgresql/15",
            "postgresql/16",
        ]
        for name in ("region", "type"):
            sel = form.query_one(f"#f-{name}")
            await until(pilot, _has_options(sel), f"choices of {name}")
        form.query_one("#f-label").value = "orders-pg"
        form.query_one("#f-engine").value = "postgresql/16"
        form.query_one("#f-region").value = "us-east"
        form.query_one("#f-type").value = "g6-standard-2"
        form.query_one("#f-cluster_size").value = "3"
        form.query_one("#f-allow_list").value = "203.0.113.7, nope"
        await pilot.pause()
        form.action_submit()
        await until(pilot, lambda: "nope" in str(form.query_one("#err-allow_list").render()), "the error")
        assert mutations(sim) == []
        form.query_one("#f-allow_list").value = "203.0.113.7, 10.0.0.0/8"
        form.action_submit()
        await until(pilot, lambda: set(sim.world.databases) - before, "the database created")
        (did,) = set(sim.world.databases) - before
        db = sim.world.databases[did]
        assert (db["engine"], db["version"], db["cluster_size"]) == ("postgresql", "16.4", 3)
        assert db["allow_list"] == ["203.0.113.7/32", "10.0.0.0/8"]
        assert mutations(sim) == [("POST", "/databases/postgresql/instances")]


async def test_credentials_masked_until_revealed_then_reset(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        await select_row(pilot, view, MYSQL)
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the credentials")
        password = sim.world.db_credentials[MYSQL]["password"]
        dialog = app.screen
        assert password not in str(dialog.query_one("#secret").render())
        await pilot.press("ctrl+r")
        assert password in str(dialog.query_one("#secret").render())
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SecretDialog), "closed")
        assert password not in repr(view.rows)
        await pilot.press("a")
        await pick_menu(pilot, app, "reset")
        await _typed(pilot, app, "app-mysql-prod")
        await until(pilot, lambda: sim.world.db_credentials[MYSQL]["password"] != password, "the reset")
        assert mutations(sim) == [("POST", f"/databases/mysql/instances/{MYSQL}/credentials/reset")]


async def test_resize_suspend_and_resume(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        resume = view.area.action("resume")
        assert app.services.verdict(view.area, resume, [view.rows[PG]]).reason  # not suspended
        assert app.services.verdict(view.area, resume, [view.rows[SUSPENDED]]).ok
        await select_row(pilot, view, PG)
        await pilot.press("Z")
        form = await form_shown(pilot, app)
        form.query_one("#f-cluster_size").value = "3"
        await pilot.pause()
        form.action_submit()
        await _typed(pilot, app, "analytics-pg")
        await until(pilot, lambda: sim.world.databases[PG]["cluster_size"] == 3, "the resize")
        assert sim.world.databases[PG]["status"] == "resizing"
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await select_row(pilot, view, SUSPENDED)
        await pilot.press("a")
        await pick_menu(pilot, app, "resume")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        app.screen.query_one("#confirm").press()
        await until(pilot, lambda: sim.world.databases[SUSPENDED]["status"] == "resuming", "resuming")
        assert mutations(sim) == [
            ("PUT", f"/databases/postgresql/instances/{PG}"),
            ("POST", f"/databases/postgresql/instances/{SUSPENDED}/resume"),
        ]


async def test_allow_list_editor_and_ssl_ca_to_a_file(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        await select_row(pilot, view, MYSQL)
        await pilot.press("L")
        form = await form_shown(pilot, app)
        assert form.query_one("#f-allow_list").value == "203.0.113.0/24, 192.168.128.0/17"
        form.query_one("#f-allow_list").value = "203.0.113.0/24, 198.51.100.9"
        form.action_submit()
        await until(pilot, lambda: "198.51.100.9/32" in sim.world.databases[MYSQL]["allow_list"], "saved")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await pilot.press("a")
        await pick_menu(pilot, app, "ssl")
        await until(pilot, lambda: isinstance(app.screen, SecretDialog), "the CA dialog")
        app.screen.query_one("#save").press()
        await until(pilot, lambda: isinstance(app.screen, PromptDialog), "the path prompt")
        target = Path(os.environ["HOME"]) / "certs" / "mysql-ca.crt"
        app.screen.query_one("#prompt-input").value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: target.exists(), "the file")
        assert target.read_text().startswith("-----BEGIN CERTIFICATE-----")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert mutations(sim) == [("PUT", f"/databases/mysql/instances/{MYSQL}")]


async def test_restore_a_backup_from_the_backups_tab(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="databases")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 3)
        app.open_detail(view.area, view.rows[PG])
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await until(pilot, lambda: detail.query_one("#table-backups", ResourceTable), "the tabs")
        detail.query_one(TabbedContent).active = "tab-backups"
        await until(pilot, lambda: detail.tab_rows.get("backups"), "the backups")
        table = detail.query_one("#table-backups", ResourceTable)
        assert table.move_cursor_to_key(1064231)
        table.focus()
        await pilot.press("a")
        await pick_menu(pilot, app, "restore")
        await _typed(pilot, app, "Scheduled - 2025-01-13")
        await until(pilot, lambda: sim.world.databases[PG]["status"] == "restoring", "restoring")
        assert mutations(sim) == [("POST", f"/databases/postgresql/instances/{PG}/backups/1064231/restore")]
