"""Object tabs are formatted views, not JSON: a Linode's Network (IPv4/IPv6 tables), Backups (sizes,
dates), Transfer (GB and % of the quota); a firewall's rules; a domain's zone file as text."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static, TabbedContent

from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.firewall_rules import RulesEditor
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import select_row, until, wait_idle, wait_rows


async def _open(pilot: Any, app: Any, key: Any) -> DetailView:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, key)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    await wait_idle(pilot, app)
    return app.current_view()


async def _tab(pilot: Any, app: Any, detail: DetailView, key: str) -> None:
    detail.query_one(TabbedContent).active = f"tab-{key}"
    await until(pilot, lambda: key in detail.loaded_tabs, f"the {key} tab loading")
    await wait_idle(pilot, app)


def _rows(detail: DetailView, table_id: str) -> list[dict[str, Any]]:
    t = detail.query_one(f"#{table_id}", ResourceTable)
    return list(detail.tab_rows[table_id.removeprefix("table-")].values()) if t.total_count else []


def _text(detail: DetailView, key: str) -> str:
    return str(detail.query_one(f"#obj-{key}", Static).render())


async def test_linode_network_backups_and_transfer_tabs(app_factory: Any, sim: Any) -> None:
    lid = next(i for i, r in sim.world.linodes.items() if r["backups"]["enabled"])
    ips = sim.world.ips(lid)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _open(pilot, app, lid)
        await _tab(pilot, app, detail, "network")
        v4 = _rows(detail, "table-network--0")
        assert {r["address"] for r in v4} >= {a["address"] for a in ips["ipv4"]["public"]}
        assert {r["kind"] for r in v4} >= {"public"}
        v6 = _rows(detail, "table-network--1")
        assert [r["kind"] for r in v6][:2] == ["slaac", "link-local"]
        assert "{" not in _text(detail, "network")  # not JSON
        await _tab(pilot, app, detail, "backups")
        auto = _rows(detail, "table-backups--0")
        assert auto and all(r["size_mb"] > 0 and r["created"] for r in auto)
        await _tab(pilot, app, detail, "transfer")
        text = _text(detail, "transfer")
        assert "GB" in text and "% of the quota" in text and "{" not in text


async def test_firewall_rules_and_zone_file_tabs(app_factory: Any, sim: Any) -> None:
    fw = next(f for f in sim.world.firewalls.values() if f["rules"]["inbound"])
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _open(pilot, app, fw["id"])
        await _tab(pilot, app, detail, "rules")
        editor = detail.query_one(RulesEditor)
        await until(pilot, lambda: editor.loaded, "the rules editor loading")
        table = editor.query_one("#fw-inbound", ResourceTable)
        assert [r["label"] for r in table.visible_rows()] == [r["label"] for r in fw["rules"]["inbound"]]
        title = str(editor.query_one("#fw-title-inbound", Static).render())
        assert "default policy: " + fw["rules"]["inbound_policy"] in title
    dom = next(d for d in sim.world.domains.values() if d["type"] == "master")
    app = app_factory(command="domains")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _open(pilot, app, dom["id"])
        await _tab(pilot, app, detail, "zone")
        text = _text(detail, "zone")
        assert "SOA" in text and dom["domain"] in text and '"zone_file"' not in text
