"""The operation explorer (`:api`) as a user drives it: pick parameters from live lists, fill the
generated form, confirm, and see the request sent and the state after (issue 9 (a)–(d))."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, OptionList, TextArea

from linode_tui.ui.dialogs import ConfirmDialog, MenuDialog, TypeToConfirmDialog
from linode_tui.ui.dialogs.schema_form import PickerDialog, SchemaFormDialog
from linode_tui.ui.views.explorer import ExplorerView, ObjectResultView, OperationListView
from linode_tui.ui.widgets.status_panel import StatusPanel
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import select_row, until, wait_idle, wait_until


def _mutations(sim: Any) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.request_log if r.method in ("POST", "PUT", "DELETE")]


async def _explorer(pilot: Any, app: Any) -> ExplorerView:
    await until(pilot, lambda: isinstance(app.current_view(), ExplorerView), "the explorer opening")
    await until(pilot, lambda: not app.startup_pending, "the start-up work (poller, profile)")
    view = app.current_view()
    assert isinstance(view, ExplorerView)
    return view


async def _run(pilot: Any, view: ExplorerView, operation_id: str) -> None:
    """Highlight an operation in the list and press enter."""
    view.query_one("#search", Input).value = ""
    await until(
        pilot, lambda: operation_id in view.query_one("#ops", ResourceTable).visible_keys(), operation_id
    )
    await select_row(pilot, view, operation_id)
    await pilot.press("enter")


async def _pick(pilot: Any, app: Any, value: Any) -> None:
    """In the live picker, narrow to a value and take it."""
    await until(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
    picker = app.screen
    assert any(v == value for v, _ in picker.rows), f"{value!r} is not among the picked rows"
    picker.query_one("#narrow").value = str(value)
    await pilot.pause()
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not picker, "the pick")


async def _form(pilot: Any, app: Any) -> SchemaFormDialog:
    await until(pilot, lambda: isinstance(app.screen, SchemaFormDialog), "the form")
    form = app.screen
    assert isinstance(form, SchemaFormDialog)
    return form


def _value(form: Any, name: str) -> Any:
    widget: Any = form.query_one(f"#sf-{name}")
    return widget.value


def _set(form: SchemaFormDialog, name: str, value: Any) -> None:
    w: Any = form.query_one(f"#sf-{name.replace('.', '_')}")
    if hasattr(w, "load_text"):
        w.load_text(value if isinstance(value, str) else json.dumps(value))
    else:
        w.value = value


async def _confirm(pilot: Any, app: Any, kind: type = ConfirmDialog) -> Any:
    await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    dialog = app.screen
    if kind is ConfirmDialog:
        assert app.screen.focused is dialog.query_one("#cancel")  # Cancel is focused
        await pilot.press("right", "enter")
    return dialog


async def _linode(sim: Any, generation: str = "linode") -> dict[str, Any]:
    client = sim.client("demo")
    rows = (await client.get("/linode/instances"))["data"]
    return next(r for r in rows if r.get("interface_generation") == generation)


async def test_a_list_and_add_a_linode_interface(app_factory: Any, sim: Any) -> None:
    linode = await _linode(sim)
    app = app_factory(command="api linodes interface")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await app.poller.poll_once()  # the events seen so far
        await _run(pilot, view, "get-linode-interfaces")
        await _pick(pilot, app, linode["id"])
        await until(pilot, lambda: isinstance(app.current_view(), ObjectResultView), "the answer")
        assert ("GET", f"/linode/instances/{linode['id']}/interfaces") in [
            (r.method, r.path) for r in sim.request_log
        ]
        await pilot.press("escape")
        await _run(pilot, view, "post-linode-interface")
        await _pick(pilot, app, linode["id"])
        form = await _form(pilot, app)
        _set(form, "vlan.vlan_label", "backend")
        _set(form, "vlan.ipam_address", "10.0.0.5")  # no prefix length: the API refuses it
        await pilot.press("ctrl+s")
        await _confirm(pilot, app)
        await until(
            pilot,
            lambda: "CIDR" in str(form.query_one("#sferr-vlan_ipam_address").render()),
            "the API's field error next to the field",
        )
        assert _value(form, "vlan_vlan_label") == "backend"  # what was typed is kept
        _set(form, "vlan.ipam_address", "10.0.0.5/24")
        await pilot.press("ctrl+s")
        confirm = await _confirm(pilot, app)
        assert "POST /linode/instances/" in str(confirm.body) and '"vlan_label": "backend"' in confirm.body
        await until(pilot, lambda: isinstance(app.current_view(), ObjectResultView), "the created interface")
        posts = [m for m in _mutations(sim) if m[1].endswith("/interfaces")]
        assert posts == [("POST", f"/linode/instances/{linode['id']}/interfaces")] * 2
        after = await sim.client("demo").get(f"/linode/instances/{linode['id']}/interfaces")
        assert [i["vlan"]["vlan_label"] for i in after["interfaces"] if i.get("vlan")] == ["backend"]
        await app.poller.poll_once()
        await wait_idle(pilot, app)
        panel = app.query_one(StatusPanel)
        assert any(t.event.get("action") == "interface_create" for t in panel.state.events.values())


async def test_b_reserve_an_ip_and_assign_it(app_factory: Any, sim: Any) -> None:
    linode = await _linode(sim)
    app = app_factory(command="api")  # `:api reserved` is the reserved IPs area's operations only
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await _run(pilot, view, "post-reserved-ip")
        form = await _form(pilot, app)
        await pilot.press("ctrl+s")  # region is required: checked before anything is sent
        await pilot.pause()
        assert "required" in str(form.query_one("#sferr-region").render())
        assert not _mutations(sim)
        _set(form, "region", linode["region"])
        _set(form, "tags", "web, reserved")
        await pilot.press("ctrl+s")
        await _confirm(pilot, app)
        await until(pilot, lambda: isinstance(app.current_view(), ObjectResultView), "the reserved address")
        address = app.current_view().data["address"]
        assert app.current_view().data["tags"] == ["web", "reserved"]
        await pilot.press("escape")
        view.query_one("#search", Input).value = "assign"
        await _run(pilot, view, "post-assign-ipv4s")
        form = await _form(pilot, app)
        _set(form, "region", linode["region"])
        _set(form, "assignments", [{"address": address, "linode_id": linode["id"]}])
        await pilot.press("ctrl+s")
        await _confirm(pilot, app)
        await until(pilot, lambda: app.screen is not form, "the assignment")
        assert _mutations(sim) == [("POST", "/networking/reserved/ips"), ("POST", "/networking/ipv4/assign")]
        ip = await sim.client("demo").get(f"/networking/reserved/ips/{address}")
        assert ip["linode_id"] == linode["id"]


async def test_c_create_a_rule_set_and_reference_it(app_factory: Any, sim: Any) -> None:
    fw = (await sim.client("demo").get("/networking/firewalls"))["data"][0]
    fw["rules"] = await sim.client("demo").get(f"/networking/firewalls/{fw['id']}/rules")
    app = app_factory(command="api firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await app.poller.poll_once()  # the events seen so far
        await _run(pilot, view, "post-ruleset")
        form = await _form(pilot, app)
        _set(form, "label", "https-in")
        _set(form, "type", "inbound")
        # The inventory types `rules` as one object; the API takes a list: edit the body as JSON,
        # which starts from what the form holds.
        await pilot.press("ctrl+j")
        body = json.loads(form.query_one("#json-body", TextArea).text)
        assert body == {"label": "https-in", "type": "inbound"}
        body["rules"] = [
            {"action": "ACCEPT", "protocol": "TCP", "ports": "443", "addresses": {"ipv4": ["0.0.0.0/0"]}}
        ]
        form.query_one("#json-body", TextArea).load_text(json.dumps(body))
        await pilot.press("ctrl+s")
        await _confirm(pilot, app)
        await until(pilot, lambda: isinstance(app.current_view(), ObjectResultView), "the rule set")
        ruleset = app.current_view().data
        assert ruleset["label"] == "https-in"
        await pilot.press("escape")
        await _run(pilot, view, "put-firewall-rules")
        await _pick(pilot, app, fw["id"])
        form = await _form(pilot, app)
        # A PUT starts from the rules as they are now.
        assert _value(form, "inbound_policy") == fw["rules"]["inbound_policy"]
        await pilot.press("ctrl+j")  # the whole body as JSON
        current = json.loads(form.query_one("#json-body", TextArea).text)
        assert [r.get("label") for r in current["inbound"]] == [
            r.get("label") for r in fw["rules"]["inbound"]
        ]
        body = json.dumps({"inbound": [{"ruleset": ruleset["id"]}]})
        form.query_one("#json-body", TextArea).load_text(body)
        await pilot.press("ctrl+s")
        await _confirm(pilot, app)
        await until(pilot, lambda: app.screen is not form, "the new rules")
        assert _mutations(sim) == [
            ("POST", "/networking/firewalls/rulesets"),
            ("PUT", f"/networking/firewalls/{fw['id']}/rules"),
        ]
        rules = await sim.client("demo").get(f"/networking/firewalls/{fw['id']}/rules")
        assert rules["inbound"] == [{"ruleset": ruleset["id"]}]
        await app.poller.poll_once()
        await wait_idle(pilot, app)
        panel = app.query_one(StatusPanel)
        assert any(t.event.get("action") == "firewall_update" for t in panel.state.events.values())


async def test_d_read_alert_definitions_with_a_server_side_query(
    app_factory: Any, sim: Any, tmp_path: Any
) -> None:
    app = app_factory(command="api monitor")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await _run(pilot, view, "get-alert-definitions")
        form = await _form(pilot, app)
        everything = (await sim.client("demo").get("/monitor/alert-definitions"))["data"]
        first = everything[0]
        _set(form, "__query__", f"id = {first['id']}")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.current_view(), OperationListView), "the table")
        listing = app.current_view()
        await until(pilot, lambda: not listing.loading and listing.rows, "rows")
        expected = {first["id"]}
        assert expected and set(listing.rows) == expected  # filtered by the API (X-Filter)
        assert len(expected) < len(everything)
        table = listing.query_one(ResourceTable)
        assert "label" in [c.key for c in table.columns]
        out = tmp_path / "alerts.json"
        assert listing.export(out) == 1  # exportable like any list
        assert [a["id"] for a in json.loads(out.read_text())] == [first["id"]]
        await pilot.press("enter")  # one definition as a formatted object, re-read from the API
        await until(pilot, lambda: isinstance(app.current_view(), ObjectResultView), "one definition")
        assert app.current_view().path and "/alert-definitions/" in app.current_view().path
        assert not _mutations(sim)


async def test_read_only_refuses_and_delete_needs_the_id_typed(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="api reserved", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await _run(pilot, view, "post-reserved-ip")
        form = await _form(pilot, app)
        _set(form, "region", "us-east")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and not _mutations(sim)  # refused before any dialog or request
        await wait_until(
            pilot, lambda: any("read-only" in p.message for p in app.query_one(StatusPanel).state.problems)
        )
    ip = (await sim.client("demo").get("/networking/reserved/ips"))["data"][0]["address"]
    app = app_factory(command="api reserved DELETE")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await _run(pilot, view, "delete-reserved-ip")
        await _pick(pilot, app, ip)
        dialog = await _confirm(pilot, app, TypeToConfirmDialog)
        assert dialog.expected == ip
        await pilot.press(*list("nope"), "enter")
        assert app.screen is dialog and not _mutations(sim)
        dialog.query_one("#typed").value = ip
        await pilot.press("enter")
        await until(
            pilot, lambda: _mutations(sim) == [("DELETE", f"/networking/reserved/ips/{ip}")], "the delete"
        )


async def test_every_area_reaches_its_operations_from_the_actions_menu(app_factory: Any, sim: Any) -> None:
    from tests.helpers import wait_rows

    app = app_factory(command="volumes")
    async with app.run_test(size=(120, 40)) as pilot:
        listing = await wait_rows(pilot, app, 1)
        item = listing.selected_item()
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the actions menu")
        menu = app.screen.query_one("#menu", OptionList)
        idx = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "__api__")
        menu.highlighted = idx
        await pilot.press("enter")
        view = await _explorer(pilot, app)
        paths = {view.ops[str(k)].path for k in view.query_one("#ops", ResourceTable).visible_keys()}
        assert paths and all(p.startswith("/volumes/{") for p in paths)
        assert "/volumes/{volumeId}/attach" in paths
        # the resource is already chosen: no picker, straight to the form
        await _run(pilot, view, "post-attach-volume")
        form = await _form(pilot, app)
        assert str(item["id"]) in str(form.title_text)


async def test_token_scopes_gate_operations_as_curated_actions(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="api reserved", token="readonly")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await _run(pilot, view, "post-reserved-ip")
        form = await _form(pilot, app)
        _set(form, "region", "us-east")
        await pilot.press("ctrl+s")
        panel = app.query_one(StatusPanel)
        await until(
            pilot,
            lambda: any("ips:read_write" in p.message for p in panel.state.problems),
            "the missing scope named",
        )
        assert app.screen is form and not isinstance(app.screen, ConfirmDialog)
        assert not _mutations(sim)
        await pilot.press("escape")  # what was typed is kept for the next time
        await until(pilot, lambda: app.screen is not form, "the form closing")
        await _run(pilot, view, "post-reserved-ip")
        again = await _form(pilot, app)
        assert again is not form and _value(again, "region") == "us-east"


async def test_v4beta_is_used_when_switched_on(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="api")  # `:api reserved` is the reserved IPs area's operations only
    async with app.run_test(size=(120, 40)) as pilot:
        view = await _explorer(pilot, app)
        await wait_idle(pilot, app)  # the start-up requests (profile, grants, look-ups) are done
        sent: list[str] = []
        real = app.services.client.request

        async def spy(method: str, path: str, **kw: Any) -> Any:
            sent.append(path)
            return await real(method, path, **kw)

        app.services.client.request = spy
        await pilot.press("b")
        assert "/v4beta" in str(view.query_one("#title").render())
        await _run(pilot, view, "get-reserved-ip-types")
        await until(pilot, lambda: isinstance(app.current_view(), OperationListView), "the table")
        assert sent and all(p.startswith("/v4beta/networking/reserved/ips/types") for p in sent)
        listing = app.current_view()
        await until(pilot, lambda: not listing.loading and listing.rows, "rows")
        assert {r["id"] for r in listing.rows.values()} == {"ipv4"}


def test_the_api_command_and_its_words() -> None:
    from linode_tui.core.commands import parse
    from linode_tui.ui.views.explorer import parse_query

    assert parse(":api").name == "api" and parse("api linodes POST disk").arg == "linodes POST disk"
    words = parse_query("linodes POST disk")
    assert words["method"] == "POST" and words["query"] == "disk"
    assert words["scope"] is not None and words["scope"].segments == ("linode", "instances")
    assert parse_query("monitor")["area_filter"] == "monitor"


def test_the_generated_form_places_fields_like_the_api_takes_them() -> None:
    from linode_tui.specdata import load_spec
    from linode_tui.ui.dialogs.schema_form import build_tree, form_fields
    from linode_tui.ui.views.explorer import response_top

    spec = load_spec()
    iface = spec.operation("post-linode-interface")
    fields, unknown = form_fields(iface.request_schema or (), "POST", iface.path, response_top(iface))
    names = {f.name for f in fields}
    assert {"vlan.vlan_label", "vpc.subnet_id", "default_route.ipv4", "firewall_id"} <= names
    assert not any(n.startswith("interfaces.") for n in names)  # the body the API takes
    assert "slaac" in unknown
    ruleset = spec.operation("post-ruleset")
    fields, _ = form_fields(ruleset.request_schema or (), "POST", ruleset.path, response_top(ruleset))
    names = {f.name for f in fields}
    assert {"label", "type", "description"} <= names and not names & {"id", "created", "deleted"}
    tree = {n.spec.name: n for n in build_tree(fields)}
    assert tree["rules"].kind == "json" and "action" in [c.spec.leaf for c in tree["rules"].children]
    assign = spec.operation("post-assign-ipv4s")
    fields, _ = form_fields(assign.request_schema or (), "POST", assign.path)
    tree = {n.spec.name: n for n in build_tree(fields)}
    assert tree["assignments"].kind == "json" and tree["region"].spec.required
