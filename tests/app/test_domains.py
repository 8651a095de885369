"""Domains: the records editor (a table with the fields of each type, type-specific forms with
local and API checks, delete naming the record) and the domain workflows (create master/slave,
import, clone, edit SOA/TTLs/AXFR, the zone file as numbered text) — requests sent and state after."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, OptionList, Select, TabbedContent, TextArea

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, MenuDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.domain_records import RecordsEditor
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import MUTATING, pick_menu, select_row, until, wait_idle, wait_rows


def _sent(sim: Any) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.request_log if r.method in MUTATING]


def _master(sim: Any) -> dict[str, Any]:
    return next(d for d in sim.world.domains.values() if d["type"] == "master" and d["status"] == "active")


async def _editor(pilot: Any, app: Any, did: int) -> RecordsEditor:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, did)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    detail: DetailView = app.current_view()
    detail.query_one(TabbedContent).active = "tab-records"
    editor = detail.query_one(RecordsEditor)
    await until(pilot, lambda: editor.loaded, "the records loading")
    await wait_idle(pilot, app)
    return editor


async def _new(pilot: Any, app: Any, rtype: str) -> FormDialog:
    await pilot.press("n")
    await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the type menu")
    ol = app.screen.query_one(OptionList)
    ol.highlighted = next(i for i, o in enumerate(ol._options) if o.id == rtype)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    return app.screen


def _set(form: FormDialog, **values: Any) -> None:
    for name, value in values.items():
        w = form.query_one(f"#f-{name}")
        if isinstance(w, Select):
            w.value = value
        elif isinstance(w, TextArea):
            w.text = value
        else:
            assert isinstance(w, Input)
            w.value = str(value)


def _err(form: FormDialog, name: str) -> str:
    return str(form.query_one(f"#err-{name}").render())


async def test_records_create_each_type_with_local_and_api_checks(app_factory: Any, sim: Any) -> None:
    dom = _master(sim)
    did = dom["id"]
    records = sim.world.domain_records[did]
    app = app_factory(command="domains")
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, did)
        assert set(editor.rows) == set(records)
        # A: the IPv4 address is checked before anything is sent; what was typed stays.
        form = await _new(pilot, app, "A")
        assert [str(o[0]) for o in form.query_one("#f-ttl_sec", Select)._options][:3] == [
            "default (1 day)", "5 min", "1 h"]
        _set(form, name="api", target="192.0.2.300", ttl_sec="3600")
        before = len(_sent(sim))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "IPv4" in _err(form, "target"), "the local check")
        assert len(_sent(sim)) == before and form.query_one("#f-name", Input).value == "api"
        _set(form, target="192.0.2.30")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert _sent(sim)[before:] == [("POST", f"/domains/{did}/records")]
        rec = next(r for r in records.values() if r["name"] == "api")
        assert (rec["type"], rec["target"], rec["ttl_sec"]) == ("A", "192.0.2.30", 3600)
        await until(pilot, lambda: rec["id"] in editor.rows, "the row shown")
        assert editor.query_one(ResourceTable).cursor_row_key == rec["id"]
        # CNAME: the API's answer (the name is taken by an A record) shows next to the field.
        form = await _new(pilot, app, "CNAME")
        _set(form, name="api", target="www.example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "CNAME" in _err(form, "name"), "the API's field error")
        assert form.query_one("#f-target", Input).value == "www.example.com"
        _set(form, name="docs")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert any(r["type"] == "CNAME" and r["name"] == "docs" for r in records.values())
        # SRV: service, protocol, priority, weight, port and target.
        form = await _new(pilot, app, "SRV")
        _set(form, service="_xmpp", protocol="_tcp", priority=5, weight=10, port=5222,
             target="xmpp.example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        srv = next(r for r in records.values() if r.get("service") == "_xmpp")
        assert (srv["name"], srv["protocol"], srv["priority"], srv["weight"], srv["port"], srv["target"]) == (
            "_xmpp._tcp", "_tcp", 5, 10, 5222, "xmpp.example.com")
        # TXT: a long value, quotes typed around it are not doubled.
        form = await _new(pilot, app, "TXT")
        long = "v=DKIM1; k=rsa; p=" + "A" * 300
        _set(form, name="sel._domainkey", target=f'"{long}"')
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert any(r["type"] == "TXT" and r["target"] == long for r in records.values())
        # CAA: the tag picks what the value must be.
        form = await _new(pilot, app, "CAA")
        _set(form, tag="iodef", target="not a url")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "mailto" in _err(form, "target"), "the local check")
        _set(form, target="mailto:security@example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert any(r["type"] == "CAA" and r["tag"] == "iodef" for r in records.values())
        # MX: target and priority; AAAA checked as IPv6; NS a host name.
        for rtype, values in (
            ("MX", {"target": "mx2.example.com", "priority": 20}),
            ("AAAA", {"name": "v6", "target": "2001:db8::7"}),
            ("NS", {"name": "sub", "target": "ns1.other.example"}),
        ):
            form = await _new(pilot, app, rtype)
            _set(form, **values)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: not isinstance(app.screen, FormDialog), f"the {rtype} form closing")
            assert any(r["type"] == rtype and r["target"] == values["target"] for r in records.values())
        await wait_idle(pilot, app)
        assert set(editor.rows) == set(records)


async def test_records_edit_in_place_and_delete_naming_the_record(app_factory: Any, sim: Any) -> None:
    dom = _master(sim)
    did = dom["id"]
    records = sim.world.domain_records[did]
    mx = next(r for r in records.values() if r["type"] == "MX")
    www = next(r for r in records.values() if r["type"] == "A" and r["name"] == "www")
    app = app_factory(command="domains")
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, did)
        table = editor.query_one(ResourceTable)
        assert table.move_cursor_to_key(mx["id"])
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the edit form")
        form: FormDialog = app.screen
        assert form.query_one("#f-priority", Input).value == str(mx["priority"])  # the MX fields, filled in
        assert form.query_one("#f-target", Input).value == mx["target"]
        _set(form, priority=300)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "255" in _err(form, "priority"), "the local range check")
        _set(form, priority=30, ttl_sec="604800")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert _sent(sim)[-1] == ("PUT", f"/domains/{did}/records/{mx['id']}")
        assert records[mx["id"]]["priority"] == 30 and records[mx["id"]]["ttl_sec"] == 604800
        assert editor.rows[mx["id"]]["priority"] == 30 and table.cursor_row_key == mx["id"]
        assert "1 week" in str(table.columns[4].format(editor.rows[mx["id"]]))
        # Delete: the confirmation names the record; Cancel sends nothing.
        assert table.move_cursor_to_key(www["id"])
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert f"A www → {www['target']}" in app.screen.body
        assert f"A www → {www['target']}" in app.screen.title_text
        count = len(_sent(sim))
        await pilot.press("escape")
        await pilot.pause()
        assert len(_sent(sim)) == count and www["id"] in records
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        await pilot.click("#confirm")
        await until(pilot, lambda: www["id"] not in records, "the DELETE")
        assert _sent(sim)[-1] == ("DELETE", f"/domains/{did}/records/{www['id']}")
        await until(pilot, lambda: www["id"] not in editor.rows, "the row gone")


async def test_records_filter_sort_and_read_only(app_factory: Any, sim: Any) -> None:
    dom = _master(sim)
    did = dom["id"]
    app = app_factory(command="domains", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, did)
        table = editor.query_one(ResourceTable)
        types = [editor.rows[k]["type"] for k in table.visible_keys()]
        assert types == sorted(types, key=["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "NS"].index)
        await pilot.press("o")
        names = [editor.rows[k]["name"] or "" for k in table.visible_keys()]
        assert names == sorted(names, key=str.lower) and editor.sort == "name"
        await pilot.press("slash")
        await pilot.press(*"mail")
        await pilot.pause()
        shown = [editor.rows[k] for k in table.visible_keys()]
        assert shown and all("mail" in f"{r['name']} {r['target']}" for r in shown)
        assert "read-only" in str(editor.query_one("#records-hint").render())
        table.focus()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the type menu")
        assert all(o.disabled for o in app.screen.query_one(OptionList)._options)
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert not _sent(sim)


# ------------------------------------------------------------------------------------ domain workflows
async def _domain_form(pilot: Any, app: Any, key: str) -> FormDialog:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the action menu")
    await pick_menu(pilot, app, key)
    await until(pilot, lambda: isinstance(app.screen, FormDialog), f"the {key} form")
    return app.screen


async def _submit_closes(pilot: Any, app: Any) -> None:
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")


def _named(sim: Any, name: str) -> dict[str, Any] | None:
    return next((d for d in sim.world.domains.values() if d["domain"] == name), None)


async def test_create_master_and_slave_and_import(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="domains")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        # A master needs its SOA e-mail (checked before sending), a slave its masters' IPs.
        form = await _domain_form(pilot, app, "create")
        _set(form, domain="fresh-example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "SOA" in _err(form, "soa_email"), "the local check")
        assert not _sent(sim) and form.query_one("#f-domain", Input).value == "fresh-example.com"
        _set(form, soa_email="admin@fresh-example.com")
        await _submit_closes(pilot, app)
        assert _sent(sim) == [("POST", "/domains")]
        made = _named(sim, "fresh-example.com")
        assert made is not None
        assert (made["type"], made["soa_email"]) == ("master", "admin@fresh-example.com")
        form = await _domain_form(pilot, app, "create")
        _set(form, domain="copy-example.com", type="slave", master_ips="192.0.2.1, nonsense")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "nonsense" in _err(form, "master_ips"), "the local IP check")
        _set(form, master_ips="192.0.2.1, 2001:db8::53")
        await _submit_closes(pilot, app)
        slave = _named(sim, "copy-example.com")
        assert slave is not None and slave["type"] == "slave"
        assert slave["master_ips"] == ["192.0.2.1", "2001:db8::53"] and slave["soa_email"] == ""
        # An existing name: the API's answer next to the field, the values kept.
        form = await _domain_form(pilot, app, "create")
        _set(form, domain="fresh-example.com", soa_email="x@fresh-example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "exists" in _err(form, "domain"), "the API's field error")
        await pilot.press("escape")
        # Import (AXFR): a domain and the remote name server; the zone's records arrive with it.
        form = await _domain_form(pilot, app, "import")
        _set(form, domain="moved-example.org", remote_nameserver="ns1.oldhost.example")
        await _submit_closes(pilot, app)
        assert _sent(sim)[-1] == ("POST", "/domains/import")
        moved = _named(sim, "moved-example.org")
        assert moved is not None and moved["type"] == "master"
        assert {r["type"] for r in sim.world.domain_records[moved["id"]].values()} >= {"A", "MX"}
        await until(pilot, lambda: moved["id"] in app.current_view().query_one(ResourceTable)._rows, "listed")


async def test_edit_soa_ttls_axfr_clone_and_zone_file(app_factory: Any, sim: Any) -> None:
    dom = _master(sim)
    did = dom["id"]
    app = app_factory(command="domains")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        await select_row(pilot, view, did)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the edit form")
        form: FormDialog = app.screen
        ttl = form.query_one("#f-ttl_sec", Select)
        allowed = [str(v) for _, v in ttl._options if v is not Select.NULL]
        assert allowed[:4] == ["0", "30", "120", "300"] and allowed[-1] == "2419200"  # the API's values
        assert ttl.value == str(dom["ttl_sec"])
        _set(form, ttl_sec="3600", refresh_sec="7200", expire_sec="2419200", axfr_ips="192.0.2.99, bad-ip")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "bad-ip" in _err(form, "axfr_ips"), "the local check")
        assert form.query_one("#f-soa_email", Input).value == dom["soa_email"]
        _set(form, axfr_ips="192.0.2.99")
        await _submit_closes(pilot, app)
        assert _sent(sim) == [("PUT", f"/domains/{did}")]
        assert (dom["ttl_sec"], dom["refresh_sec"], dom["expire_sec"], dom["axfr_ips"]) == (
            3600, 7200, 2419200, ["192.0.2.99"])
        # Clone: a new name, confirmed; every record copied.
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the clone form")
        _set(app.screen, domain="twin-example.com")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert "twin-example.com" in app.screen.body
        await pilot.click("#confirm")
        await until(pilot, lambda: _named(sim, "twin-example.com") is not None, "the clone")
        assert _sent(sim)[-1] == ("POST", f"/domains/{did}/clone")
        twin = _named(sim, "twin-example.com")
        assert twin is not None
        def content(domain_id: int) -> list[tuple[str, str, str]]:
            recs = sim.world.domain_records[domain_id].values()
            return sorted((r["type"], r["name"], r["target"]) for r in recs)

        assert content(twin["id"]) == content(did) and content(did)
        # The zone file: text with line numbers, not JSON.
        await wait_idle(pilot, app)
        await select_row(pilot, app.current_view(), did)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail: DetailView = app.current_view()
        detail.query_one(TabbedContent).active = "tab-zone"
        await until(pilot, lambda: "zone" in detail.loaded_tabs and "SOA" in str(
            detail.query_one("#obj-zone").render()), "the zone file")
        lines = str(detail.query_one("#obj-zone").render()).splitlines()
        assert lines[0].lstrip().startswith("1  ;") and "{" not in lines[0]
        assert any("SOA" in line and line.lstrip().startswith("3 ") for line in lines)
