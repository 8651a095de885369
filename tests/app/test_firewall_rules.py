"""The firewall rules editor worked end to end (issue 10): add, edit, delete, reorder rules and
toggle a policy, all kept locally until ONE ``PUT …/rules`` after a confirmation listing the diff;
local validation in the rule form; an API field error next to its rule with the edits kept; esc
asks before discarding; read-only sends nothing; a Rule Set reference; devices added (Linode,
NodeBalancer, Linode interface: only what can take it) and removed; the history of rule versions;
create from a template or empty, with devices."""

from __future__ import annotations

import functools
import json
from typing import Any

from textual.widgets import Select, SelectionList, TabbedContent

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TextDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.views.firewall_rules import RuleHistory, RulesEditor, RulesTable
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import mutations, pick_menu, select_row, until, wait_idle, wait_rows


def _has_device(world: Any, fid: int, entity: tuple[str, int]) -> bool:
    return entity in {(d["entity"]["type"], d["entity"]["id"]) for d in world.firewall_devices[fid].values()}


def _fw(sim: Any, label: str) -> dict[str, Any]:
    return next(f for f in sim.world.firewalls.values() if f["label"] == label)


async def _detail(pilot: Any, app: Any, fw_id: int, tab: str) -> DetailView:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, fw_id)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    detail: DetailView = app.current_view()
    detail.query_one(TabbedContent).active = f"tab-{tab}"
    await until(pilot, lambda: tab in detail.loaded_tabs, f"the {tab} tab loading")
    await wait_idle(pilot, app)
    return detail


async def _editor(pilot: Any, app: Any, fw_id: int) -> RulesEditor:
    detail = await _detail(pilot, app, fw_id, "rules")
    editor = detail.query_one(RulesEditor)
    await until(pilot, lambda: editor.loaded, "the rules loading")
    editor.query_one("#fw-inbound", RulesTable).focus()
    await pilot.pause()
    return editor


def _uid(editor: RulesEditor, direction: str, label: str) -> str:
    return next(r["_uid"] for r in editor.rules[direction] if r.get("label") == label)


async def _cursor(pilot: Any, editor: RulesEditor, direction: str, label: str) -> None:
    table = editor.query_one(f"#fw-{direction}", RulesTable)
    table.focus()
    assert table.move_cursor_to_key(_uid(editor, direction, label))
    await pilot.pause()


async def _form(pilot: Any, app: Any) -> Any:
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    await pilot.pause()
    return app.screen


async def test_edit_rules_then_one_put_with_the_diff(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-web")
    path = f"/networking/firewalls/{fw['id']}/rules"
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, fw["id"])
        # add a rule after http
        await _cursor(pilot, editor, "inbound", "http")
        await pilot.press("n")
        form = await _form(pilot, app)
        form.query_one("#f-label").value = "alt-http"
        form.query_one("#f-ports").value = "8080-8090"
        form.query_one("#f-addresses_ipv4").value = "203.0.113.0/24"
        form.action_submit()
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        # edit ssh: its form starts from the rule
        await _cursor(pilot, editor, "inbound", "ssh")
        await pilot.press("e")
        form = await _form(pilot, app)
        assert form.query_one("#f-ports").value == "22"
        assert form.query_one("#f-addresses_ipv4").value == "0.0.0.0/0"
        form.query_one("#f-ports").value = "22, 2222"
        form.action_submit()
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        # delete icmp, move https up twice, toggle the inbound policy
        await _cursor(pilot, editor, "inbound", "icmp")
        await pilot.press("x")
        await _cursor(pilot, editor, "inbound", "https")
        await pilot.press("K", "K")  # above alt-http, then above http
        await pilot.press("p")
        assert [r["label"] for r in editor.rules["inbound"]] == ["ssh", "https", "http", "alt-http"]
        assert mutations(sim) == []  # all of it is pending, nothing sent
        assert "5 pending changes" in str(editor.query_one("#fw-head").render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        body = app.screen.body
        assert "+ Inbound #4: alt-http: ACCEPT TCP 8080-8090 — 203.0.113.0/24" in body
        assert "- Inbound: icmp" in body
        assert "~ Inbound #1 ssh: ports 22 → 22, 2222" in body
        assert "↕ Inbound order: ssh, https, http" in body
        assert "~ Default inbound policy: DROP → ACCEPT" in body
        assert app.screen.focused is app.screen.query_one("#cancel")
        await pilot.click("#confirm")
        await until(pilot, lambda: ("PUT", path) in mutations(sim), "the PUT")
        await until(pilot, lambda: not editor.pending(), "nothing pending after saving")
        assert mutations(sim) == [("PUT", path)]  # one request for all of it
        rules = sim.world.firewalls[fw["id"]]["rules"]
        assert [r["label"] for r in rules["inbound"]] == ["ssh", "https", "http", "alt-http"]
        assert rules["inbound"][0]["ports"] == "22, 2222"
        assert rules["inbound"][3]["addresses"] == {"ipv4": ["203.0.113.0/24"], "ipv6": []}
        assert rules["inbound_policy"] == "ACCEPT" and rules["version"] == 2
        assert editor.original["version"] == 2


async def test_rule_form_checks_ports_and_addresses_locally(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-web")
    app = app_factory(command="firewalls")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _editor(pilot, app, fw["id"])
        await pilot.press("n")
        form = await _form(pilot, app)
        form.query_one("#f-ports").value = "90-80"
        form.query_one("#f-addresses_ipv4").value = "10.0.0.0/8, 2001:db8::/32"
        form.action_submit()
        await until(pilot, lambda: "lower to a higher" in str(form.query_one("#err-ports").render()), "ports")
        assert "IPv6 address" in str(form.query_one("#err-addresses_ipv4").render())
        assert form.query_one("#f-ports").value == "90-80"  # typed values kept
        form.query_one("#f-protocol", Select).value = "ICMP"
        form.query_one("#f-ports").value = "22"
        form.query_one("#f-addresses_ipv4").value = "10.0.0.0/8"
        form.action_submit()
        await until(
            pilot, lambda: "not allowed for ICMP" in str(form.query_one("#err-ports").render()), "icmp"
        )
        form.query_one("#f-ports").value = ""
        form.action_submit()
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert editor.rules["inbound"][-1]["protocol"] == "ICMP"
        assert "ports" not in editor.rules["inbound"][-1]
        assert mutations(sim) == []


async def test_api_field_error_marks_the_rule_and_keeps_the_edits(app_factory: Any, sim: Any) -> None:
    """A Rule Set referenced here is deleted before saving: the API's ``inbound[4].ruleset``
    error shows on that rule (⚠), the edits stay, the firewall's rules do not change."""
    fw = _fw(sim, "fw-web")
    before = json.dumps(sim.world.firewalls[fw["id"]]["rules"], sort_keys=True)
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, fw["id"])
        await _cursor(pilot, editor, "inbound", "icmp")
        await pilot.press("n")
        form = await _form(pilot, app)
        rs = form.query_one("#f-ruleset", Select)
        await until(pilot, lambda: len(rs._options) > 1, "the rule sets loading")
        assert [v for _, v in rs._options if v is not Select.NULL] == [11]  # inbound sets only
        rs.value = 11
        form.action_submit()
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        assert editor.rules["inbound"][-1] == {"ruleset": 11, "_uid": editor.rules["inbound"][-1]["_uid"]}
        sim.world.rulesets[11]["deleted"] = "2025-01-01T00:00:00"  # meanwhile, elsewhere
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert "+ Inbound #5: Rule Set office-ssh" in app.screen.body
        await pilot.click("#confirm")
        await until(pilot, lambda: editor.errors, "the error shown")
        uid = editor.rules["inbound"][4]["_uid"]
        assert editor.errors == {uid: {"ruleset": "Rule Set not found"}}
        problems = str(editor.query_one("#fw-problems").render())
        assert "Inbound #5 ruleset: Rule Set not found" in problems
        table = editor.query_one("#fw-inbound", RulesTable)
        assert table.cursor_row_key == uid and app.focused is table
        assert len(editor.pending()) == 1  # the edit is kept
        assert json.dumps(sim.world.firewalls[fw["id"]]["rules"], sort_keys=True) == before
        assert mutations(sim) == [("PUT", f"/networking/firewalls/{fw['id']}/rules")]  # refused


async def test_escape_asks_before_discarding(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-web")
    app = app_factory(command="firewalls")
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _editor(pilot, app, fw["id"])
        await _cursor(pilot, editor, "inbound", "ssh")
        await pilot.press("J")
        await pilot.press("p")
        assert len(editor.pending()) == 2
        await pilot.press("d")  # the diff, without saving
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the diff")
        assert "↕ Inbound order: http, ssh" in str(app.screen.body)
        assert "~ Default inbound policy: DROP → ACCEPT" in str(app.screen.body)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, TextDialog), "the diff closing")
        editor.query_one("#fw-inbound", RulesTable).focus()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "Discard 2 pending changes?" in str(app.screen.title_text)
        await pilot.click("#cancel")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmDialog), "the question closing")
        assert len(editor.pending()) == 2 and isinstance(app.current_view(), DetailView)
        editor.query_one("#fw-inbound", RulesTable).focus()
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.click("#confirm")
        await until(pilot, lambda: not editor.pending(), "discarded")
        assert [r["label"] for r in editor.rules["inbound"]] == ["ssh", "http", "https", "icmp"]
        assert mutations(sim) == []


async def test_read_only_keeps_edits_local_and_sends_nothing(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-web")
    app = app_factory(command="firewalls", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await _editor(pilot, app, fw["id"])
        assert "Saving is not available" in str(editor.query_one("#fw-head").render())
        await pilot.press("p")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, ConfirmDialog)
        assert len(editor.pending()) == 1
        assert mutations(sim) == []


async def test_devices_add_linode_nodebalancer_interface_and_remove(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-bastion")
    fid = fw["id"]
    world = sim.world
    attached = {d["entity"]["id"] for devs in world.firewall_devices.values() for d in devs.values()}
    linode = next(
        x
        for x in world.linodes.values()
        if x["id"] not in attached and x.get("interface_generation") != "linode"
    )
    new_gen = next(x for x in world.linodes.values() if x.get("interface_generation") == "linode")
    public = next(i for i in world.linode_interfaces[new_gen["id"]].values() if i["public"] is not None)
    nb = next(iter(world.nodebalancers.values()))
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, fid, "devices")
        table = detail.query_one("#table-devices", ResourceTable)
        for key, kind, eid in (
            ("add_linode", "linode", linode["id"]),
            ("add_nodebalancer", "nodebalancer", nb["id"]),
            ("add_interface", "linode_interface", public["id"]),
        ):
            table.focus()
            await pilot.press("a")
            await pick_menu(pilot, app, key)
            form = await _form(pilot, app)
            picker = form.query_one("#f-id", Select)
            offered = [v for _, v in picker._options if v is not Select.NULL]
            assert eid in offered
            if kind == "linode":  # Linodes with Linode interfaces take it on an interface instead
                assert new_gen["id"] not in offered
            if kind == "linode_interface":  # VLAN interfaces take no firewall
                vlans = [i["id"] for i in world.linode_interfaces[new_gen["id"]].values() if i["vlan"]]
                assert not set(vlans) & set(offered)
            picker.value = eid
            form.action_submit()
            added = functools.partial(_has_device, world, fid, (kind, eid))
            await until(pilot, added, f"the {kind} added")
            await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await until(pilot, lambda: table.total_count == 3, "the devices tab refreshed")
        dev = next(d for d in world.firewall_devices[fid].values() if d["entity"]["type"] == "nodebalancer")
        table.focus()
        assert table.move_cursor_to_key(dev["id"])
        await pilot.press("a")
        await pick_menu(pilot, app, "remove")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        assert nb["label"] in app.screen.body
        await pilot.click("#confirm")
        await until(pilot, lambda: dev["id"] not in world.firewall_devices[fid], "the device removed")
        assert mutations(sim) == [
            ("POST", f"/networking/firewalls/{fid}/devices"),
            ("POST", f"/networking/firewalls/{fid}/devices"),
            ("POST", f"/networking/firewalls/{fid}/devices"),
            ("DELETE", f"/networking/firewalls/{fid}/devices/{dev['id']}"),
        ]
        assert world.linode_firewall[linode["id"]] == fid


async def test_rule_history_shows_a_version(app_factory: Any, sim: Any) -> None:
    fw = _fw(sim, "fw-db")
    async with sim.http_client() as c:  # a second version: postgres dropped
        rules = {**fw["rules"], "inbound": fw["rules"]["inbound"][:1]}
        rules = {k: rules[k] for k in ("inbound", "inbound_policy", "outbound", "outbound_policy")}
        assert (await c.put(f"/networking/firewalls/{fw['id']}/rules", json=rules)).status_code == 200
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, fw["id"], "history")
        history = detail.query_one(RuleHistory)
        await until(pilot, lambda: len(history.versions) == 2, "the versions")
        table = history.query_one(ResourceTable)
        assert list(history.versions) == [2, 1]  # newest first
        table.focus()
        assert table.move_cursor_to_key(1)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, TextDialog), "the version's rules")
        assert any(r.path == f"/networking/firewalls/{fw['id']}/history/rules/1" for r in sim.request_log)
        text = str(app.screen.body)
        assert "mysql" in text and "postgres" in text and "default policy DROP" in text


async def test_create_from_a_template_with_devices(app_factory: Any, sim: Any) -> None:
    world = sim.world
    linode = next(x for x in world.linodes.values() if x.get("interface_generation") != "linode")
    app = app_factory(command="firewalls")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        await pilot.press("n")
        form = await _form(pilot, app)
        form.query_one("#f-label").value = "fw-from-template"
        tpl = form.query_one("#f-template", Select)
        public = next(v for label, v in tpl._options if "public" in str(label))
        tpl.value = public
        linodes = form.query_one("#f-linodes", SelectionList)
        await until(pilot, lambda: linodes.option_count > 0, "the Linodes loading")
        linodes.select(linode["id"])
        form.action_submit()
        await until(
            pilot, lambda: any(f["label"] == "fw-from-template" for f in world.firewalls.values()), "create"
        )
        created = _fw(sim, "fw-from-template")
        template = world.firewall_templates["public"]["rules"]
        assert [r["label"] for r in created["rules"]["inbound"]] == [r["label"] for r in template["inbound"]]
        assert created["rules"]["inbound_policy"] == template["inbound_policy"]
        devices = [d["entity"] for d in world.firewall_devices[created["id"]].values()]
        assert devices == [world.entity_ref("linode", linode)]
        # empty rules with the chosen policies
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form closing")
        await pilot.press("n")
        form = await _form(pilot, app)
        form.query_one("#f-label").value = "fw-empty"
        form.query_one("#f-inbound_policy", Select).value = "ACCEPT"
        form.action_submit()
        await until(pilot, lambda: any(f["label"] == "fw-empty" for f in world.firewalls.values()), "create")
        empty = _fw(sim, "fw-empty")["rules"]
        assert (empty["inbound"], empty["outbound"]) == ([], [])
        assert (empty["inbound_policy"], empty["outbound_policy"]) == ("ACCEPT", "ACCEPT")
        assert mutations(sim) == [("POST", "/networking/firewalls"), ("POST", "/networking/firewalls")]


async def test_r_on_the_list_opens_the_editor_and_esc_goes_back(app_factory: Any, sim: Any) -> None:
    from linode_tui.ui.views.firewall_rules import FirewallRulesView
    from linode_tui.ui.views.listing import ResourceListView

    fw = _fw(sim, "fw-db")
    app = app_factory(command="firewalls")
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app)
        await select_row(pilot, view, fw["id"])
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.current_view(), FirewallRulesView), "the rules editor")
        editor = app.current_view().query_one(RulesEditor)
        await until(pilot, lambda: editor.loaded and isinstance(app.focused, RulesTable), "loaded, focused")
        assert [r["label"] for r in editor.rules["inbound"]] == ["mysql", "postgres"]
        await pilot.press("escape")  # nothing pending: straight back
        await until(pilot, lambda: isinstance(app.current_view(), ResourceListView), "back to the list")
        assert mutations(sim) == []
