"""Network workflows end to end on the simulator: NodeBalancers (create priced per region, configs
with TLS, nodes per config), VPCs (subnets validated locally, what is attached, delete gated), IP
addresses (move, share), reserved IPs, IPv6 ranges, placement groups (assign/unassign, compliance).
Each asserts the requests sent (the simulator's request log) and the state afterwards."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import Input, Select, SelectionList, TabbedContent, TextArea

from linode_tui.ui.dialogs import ConfirmDialog, FormDialog, TypeToConfirmDialog
from linode_tui.ui.views.detail import DetailView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import action_menu, mutations, pick_option, select_row, until, wait_idle, wait_rows

CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"
KEY = (
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----"
)


def _bodies(sim: Any, method: str, path: str) -> list[Any]:
    return [json.loads(r.body) for r in sim.request_log if r.method == method and r.path == path]






async def _form(pilot: Any, app: Any) -> FormDialog:
    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    form: FormDialog = app.screen
    await until(
        pilot,
        lambda: not [w for w in form.workers if w.group == "form-choices" and not w.is_finished],
        "the form's choices loading",
    )
    await pilot.pause()
    return form


def _options(form: FormDialog, name: str) -> list[tuple[str, Any]]:
    w = form.query_one(f"#f-{name}")
    if isinstance(w, SelectionList):
        return [(str(o.prompt), o.value) for o in (w.get_option_at_index(i) for i in range(w.option_count))]
    assert isinstance(w, Select)
    return [(str(label), v) for label, v in w._options if v is not Select.NULL]


async def _set(pilot: Any, form: FormDialog, submit: bool = True, **values: Any) -> None:
    for name, value in values.items():
        w = form.query_one(f"#f-{name}")
        if isinstance(w, Select):
            w.value = value
        elif isinstance(w, SelectionList):
            w.deselect_all()
            for v in value:
                w.select(v)
        elif isinstance(w, TextArea):
            w.load_text(value)
        else:
            assert isinstance(w, Input)
            w.value = str(value)
    await pilot.pause()
    if submit:
        form.action_submit()
        await pilot.pause()


def _error(form: FormDialog, name: str) -> str:
    return str(form.query_one(f"#err-{name}").render())


async def _confirm(pilot: Any, app: Any) -> str:
    await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
    body = str(app.screen.body)
    await pilot.click("#confirm")
    return body


async def _typed(pilot: Any, app: Any, label: str) -> None:
    await until(pilot, lambda: isinstance(app.screen, TypeToConfirmDialog), "the typed confirmation")
    app.screen.query_one("#typed", Input).value = label
    await pilot.click("#confirm")


async def _detail(pilot: Any, app: Any, key: Any, tab: str | None = None) -> DetailView:
    view = await wait_rows(pilot, app)
    await select_row(pilot, view, key)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    detail: DetailView = app.current_view()
    if tab is not None:
        detail.query_one(TabbedContent).active = f"tab-{tab}"
        await until(pilot, lambda: tab in detail.loaded_tabs, f"the {tab} tab loading")
    await wait_idle(pilot, app)
    return detail


async def _tab_row(pilot: Any, detail: DetailView, table_id: str, key: Any) -> None:
    await until(pilot, lambda: key in detail.tab_rows.get(table_id, {}), f"row {key} listed")
    table = detail.query_one(f"#table-{table_id}", ResourceTable)
    assert table.move_cursor_to_key(key)
    table.focus()
    await pilot.pause()


# ------------------------------------------------------------------------------------ NodeBalancers
async def test_nodebalancer_create_priced_with_firewall_and_vpc_subnet(app_factory: Any, sim: Any) -> None:
    vpc = next(v for v in sim.world.vpcs.values() if v["label"] == "prod-vpc")  # us-east
    subnet = next(iter(sim.world.subnets[vpc["id"]].values()))
    fw = next(iter(sim.world.firewalls.values()))
    app = app_factory(command="nodebalancers")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        before = set(sim.world.nodebalancers)
        await pilot.press("n")
        form = await _form(pilot, app)
        regions = dict((v, label) for label, v in _options(form, "region"))
        assert "$10.00/mo" in regions["us-east"]
        assert "$12.00/mo" in regions["id-cgk"]  # a region price
        subnets = [v for _, v in _options(form, "vpc_subnet")]
        assert f"{subnet['id']}@us-east" in subnets
        await _set(
            pilot,
            form,
            label="web-lb",
            region="eu-central",
            firewall_id=fw["id"],
            vpc_subnet=f"{subnet['id']}@us-east",
            client_conn_throttle=5,
        )
        await until(pilot, lambda: "pick one in eu-central" in _error(form, "vpc_subnet"), "the field error")
        assert mutations(sim) == []
        assert form.query_one("#f-label", Input).value == "web-lb"  # nothing typed is lost
        await _set(pilot, form, region="us-east")
        body = await _confirm(pilot, app)
        assert "web-lb" in body and "$10.00/mo" in body
        await until(pilot, lambda: set(sim.world.nodebalancers) - before, "the NodeBalancer created")
        (nid,) = set(sim.world.nodebalancers) - before
        nb = sim.world.nodebalancers[nid]
        assert (nb["label"], nb["region"], nb["client_conn_throttle"]) == ("web-lb", "us-east", 5)
        assert mutations(sim) == [("POST", "/nodebalancers")]
        sent = _bodies(sim, "POST", "/nodebalancers")[0]
        assert sent["vpcs"] == [{"subnet_id": subnet["id"]}] and sent["firewall_id"] == fw["id"]
        (vcfg,) = sim.world.nb_vpcs[nid].values()
        assert vcfg["subnet_id"] == subnet["id"] and vcfg["ipv4_range"].endswith("/30")
        devices = sim.world.firewall_devices[fw["id"]].values()
        assert any(d["entity"] == {**d["entity"], "type": "nodebalancer", "id": nid} for d in devices)


async def test_nodebalancer_https_config_needs_cert_and_key_kept_secret(app_factory: Any, sim: Any) -> None:
    nb = next(iter(sim.world.nodebalancers.values()))
    app = app_factory(command="nodebalancers")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, nb["id"], "configs")
        await action_menu(pilot, app)
        await pick_option(pilot, app, "create")
        form = await _form(pilot, app)
        await _set(pilot, form, port=443, protocol="https")
        await until(pilot, lambda: "TLS certificate" in _error(form, "ssl_cert"), "the cert error")
        await _set(pilot, form, ssl_cert=CERT, ssl_key=KEY, check="http", check_path="")
        await until(pilot, lambda: "needs a path" in _error(form, "check_path"), "the check path error")
        assert mutations(sim) == []
        await _set(pilot, form, check_path="/healthz", check_interval=10, check_timeout=5)
        path = f"/nodebalancers/{nb['id']}/configs"
        await until(pilot, lambda: ("POST", path) in mutations(sim), "the POST")
        cfg = next(c for c in sim.world.nb_configs[nb["id"]].values() if c["port"] == 443)
        assert (cfg["protocol"], cfg["check_path"], cfg["ssl_key"]) == ("https", "/healthz", KEY)
        await until(pilot, lambda: cfg["id"] in detail.tab_rows.get("configs", {}), "the config listed")
        assert KEY not in repr(detail.tab_rows)  # the API redacts the key; nothing keeps it
        # Its own detail: the key is masked; the TLS fields are not sent again on an edit.
        await _tab_row(pilot, detail, "configs", cfg["id"])
        await action_menu(pilot, app)
        await pick_option(pilot, app, "edit")
        form = await _form(pilot, app)
        assert form.query_one("#f-ssl_cert", TextArea).text == ""
        await _set(pilot, form, algorithm="leastconn")
        put = f"/nodebalancers/{nb['id']}/configs/{cfg['id']}"
        await until(pilot, lambda: ("PUT", put) in mutations(sim), "the PUT")
        assert "ssl_key" not in _bodies(sim, "PUT", put)[0]
        assert cfg["algorithm"] == "leastconn" and cfg["ssl_key"] == KEY


async def test_nodebalancer_nodes_add_edit_remove(app_factory: Any, sim: Any) -> None:
    nb = next(n for n in sim.world.nodebalancers.values() if n["region"] == "eu-central")
    cfg = next(iter(sim.world.nb_configs[nb["id"]].values()))
    nodes = sim.world.nb_nodes[cfg["id"]]
    private = {
        ip
        for x in sim.world.linodes.values()
        if x["region"] == "eu-central"
        for ip in x["ipv4"]
        if ip.startswith("192.168.")
    }
    assert private
    app = app_factory(command="nodebalancers")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, nb["id"], "configs")
        await _tab_row(pilot, detail, "configs", cfg["id"])
        await action_menu(pilot, app)
        await pick_option(pilot, app, "nodes")
        await until(
            pilot,
            lambda: app.current_view() is not detail and isinstance(app.current_view(), DetailView),
            "the port's own detail",
        )
        port = app.current_view()
        port.query_one(TabbedContent).active = "tab-nodes"
        await until(pilot, lambda: "nodes" in port.loaded_tabs, "the nodes tab")
        await wait_idle(pilot, app)
        listed = port.tab_rows["nodes"]
        assert {n["id"] for n in listed.values()} == set(nodes)
        assert {n["status"] for n in listed.values()} <= {"UP", "DOWN"}
        # Add: only the private IPv4s of Linodes in the NodeBalancer's region are offered.
        await action_menu(pilot, app)
        await pick_option(pilot, app, "create")
        form = await _form(pilot, app)
        assert {v for _, v in _options(form, "ip")} == private
        assert form.query_one("#f-port", Input).value == str(cfg["port"])
        ip = sorted(private)[0]
        await _set(pilot, form, ip=ip, label="backend-new", weight=50)
        path = f"/nodebalancers/{nb['id']}/configs/{cfg['id']}/nodes"
        await until(pilot, lambda: ("POST", path) in mutations(sim), "the POST")
        new = next(n for n in nodes.values() if n["label"] == "backend-new")
        assert (new["address"], new["weight"], new["mode"]) == (f"{ip}:{cfg['port']}", 50, "accept")
        await _tab_row(pilot, port, "nodes", new["id"])
        # Edit: drain it.
        await action_menu(pilot, app)
        await pick_option(pilot, app, "edit")
        form = await _form(pilot, app)
        await _set(pilot, form, mode="drain", weight=10)
        await until(pilot, lambda: nodes[new["id"]]["mode"] == "drain", "the PUT")
        assert nodes[new["id"]]["weight"] == 10
        await wait_idle(pilot, app)
        # Remove, with a confirmation naming it.
        await _tab_row(pilot, port, "nodes", new["id"])
        await action_menu(pilot, app)
        await pick_option(pilot, app, "delete")
        body = await _confirm(pilot, app)
        assert "backend-new" in body and f"{ip}:{cfg['port']}" in body
        await until(pilot, lambda: new["id"] not in nodes, "the DELETE")
        assert mutations(sim) == [
            ("POST", path),
            ("PUT", f"{path}/{new['id']}"),
            ("DELETE", f"{path}/{new['id']}"),
        ]


async def test_nodebalancer_nodes_read_only_cannot_change(app_factory: Any, sim: Any) -> None:
    nb = next(n for n in sim.world.nodebalancers.values() if n["region"] == "eu-central")
    cfg = next(iter(sim.world.nb_configs[nb["id"]].values()))
    node = next(iter(sim.world.nb_nodes[cfg["id"]]))
    app = app_factory(command="nodebalancers", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, nb["id"], "configs")
        await _tab_row(pilot, detail, "configs", cfg["id"])
        rows = await action_menu(pilot, app)
        assert not rows["nodes"][0]  # reading the nodes is fine read-only
        await pick_option(pilot, app, "nodes")
        await until(pilot, lambda: app.current_view() is not detail, "the port's own detail")
        port = app.current_view()
        port.query_one(TabbedContent).active = "tab-nodes"
        await _tab_row(pilot, port, "nodes", node)
        rows = await action_menu(pilot, app)
        assert rows["edit"][0] and rows["delete"][0]
        assert mutations(sim) == []


# ---------------------------------------------------------------------------------------------- VPCs
async def test_vpc_create_with_subnets_checked_before_sending(app_factory: Any, sim: Any) -> None:
    app = app_factory(command="vpcs")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        before = set(sim.world.vpcs)
        await pilot.press("n")
        form = await _form(pilot, app)
        await _set(
            pilot,
            form,
            label="lab-vpc",
            region="us-east",
            subnets_0_label="app",
            subnets_0_ipv4="10.1.0.5/24",
        )
        await until(pilot, lambda: "network address" in _error(form, "subnets_0_ipv4"), "host bits")
        await _set(pilot, form, subnets_0_ipv4="8.8.8.0/24")
        await until(pilot, lambda: "private" in _error(form, "subnets_0_ipv4"), "not private")
        await _set(
            pilot, form, subnets_0_ipv4="10.1.0.0/24", subnets_1_label="dbs", subnets_1_ipv4="10.1.0.0/25"
        )
        await until(pilot, lambda: "Overlaps subnet 1" in _error(form, "subnets_1_ipv4"), "the overlap")
        await _set(pilot, form, subnets_1_ipv4="10.1.1.0/24", subnets_2_ipv4="10.1.2.0/24")
        await until(pilot, lambda: "needs a label" in _error(form, "subnets_2_label"), "the label")
        await _set(pilot, form, subnets_2_ipv4="", subnets_1_label="db")
        await until(pilot, lambda: "3–64" in _error(form, "subnets_1_label"), "the label's length")
        assert mutations(sim) == []
        await _set(pilot, form, subnets_1_label="dbs")
        await until(pilot, lambda: set(sim.world.vpcs) - before, "the VPC created")
        (vid,) = set(sim.world.vpcs) - before
        subs = sorted((s["label"], s["ipv4"]) for s in sim.world.subnets[vid].values())
        assert subs == [("app", "10.1.0.0/24"), ("dbs", "10.1.1.0/24")]
        assert mutations(sim) == [("POST", "/vpcs")]


async def test_vpc_attached_tab_and_delete_offered_only_when_empty(app_factory: Any, sim: Any) -> None:
    vpc = next(v for v in sim.world.vpcs.values() if v["label"] == "prod-vpc")
    lid = next(i for i, link in sim.world.vpc_links.items() if link["vpc_id"] == vpc["id"])
    app = app_factory(command="vpcs")
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await _detail(pilot, app, vpc["id"], "attached")
        assert "1 Linode" in str(detail.query_one("#obj-attached").render())
        assert {r["id"] for r in detail.tab_rows["attached--0"].values()} == {lid}
        rows = await action_menu(pilot, app)
        assert rows["delete"][0] and "detach them" in rows["delete"][1]
        await pilot.press("escape")
        # Once the Linode leaves the VPC, deleting is offered (and its subnets go with it).
        del sim.world.vpc_links[lid]
        await pilot.press("r")
        await until(pilot, lambda: not detail.item["subnets"][0]["linodes"], "the VPC re-read")
        rows = await action_menu(pilot, app)
        assert not rows["delete"][0]
        await pick_option(pilot, app, "delete")
        await _typed(pilot, app, "prod-vpc")
        await until(pilot, lambda: vpc["id"] not in sim.world.vpcs, "the DELETE")
        assert mutations(sim) == [("DELETE", f"/vpcs/{vpc['id']}")]


# ----------------------------------------------------------------------------------- IP addresses
async def test_ip_move_and_share_within_the_region(app_factory: Any, sim: Any) -> None:
    east = [x for x in sim.world.linodes.values() if x["region"] == "us-east"]
    # an address that is no VPC's 1:1 NAT (the API refuses to share one of those)
    src = next(x for x in east if x["id"] not in sim.world.vpc_links)
    dst, other = [x for x in east if x is not src][:2]
    address = next(a for a in src["ipv4"] if not a.startswith("192.168."))
    app = app_factory(command="ips")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        private = next(k for k, r in view.rows.items() if r.get("public") is False)
        await select_row(pilot, view, private)
        rows = await action_menu(pilot, app)
        assert rows["assign"][0] and "public IPv4" in rows["assign"][1]
        await pilot.press("escape")
        await select_row(pilot, view, address)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "share")
        form = await _form(pilot, app)
        choices = {v for _, v in _options(form, "linode_id")}
        assert choices == {x["id"] for x in east if x["id"] != src["id"]}
        await _set(pilot, form, linode_id=other["id"])
        body = await _confirm(pilot, app)
        assert other["label"] in body and address in body
        await until(pilot, lambda: ("POST", "/networking/ips/share") in mutations(sim), "the share")
        shared = sim.world.ips(other["id"])["ipv4"]["shared"]
        assert [s["address"] for s in shared] == [address]
        await wait_idle(pilot, app)
        await select_row(pilot, view, address)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "assign")
        form = await _form(pilot, app)
        await _set(pilot, form, linode_id=dst["id"])
        await _confirm(pilot, app)
        await until(pilot, lambda: address in dst["ipv4"], "the move")
        assert address not in src["ipv4"]
        assert _bodies(sim, "POST", "/networking/ips/assign") == [
            {"region": "us-east", "assignments": [{"address": address, "linode_id": dst["id"]}]}
        ]


async def test_reserved_ip_reserve_assign_unreserve(app_factory: Any, sim: Any) -> None:
    linode = next(x for x in sim.world.linodes.values() if x["region"] == "us-east")
    app = app_factory(command="reserved")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        before = set(sim.world.reserved_ips)
        await pilot.press("n")
        form = await _form(pilot, app)
        assert "$2.00/mo" in dict((v, lbl) for lbl, v in _options(form, "region"))["us-east"]
        await _set(pilot, form, region="us-east", tags="failover")
        body = await _confirm(pilot, app)
        assert "$2.00/mo" in body
        await until(pilot, lambda: set(sim.world.reserved_ips) - before, "the reservation")
        (address,) = set(sim.world.reserved_ips) - before
        assert sim.world.reserved_ips[address] == {
            "address": address,
            "region": "us-east",
            "tags": ["failover"],
        }
        await until(pilot, lambda: address in view.rows, "listed")
        await select_row(pilot, view, address)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "assign")
        form = await _form(pilot, app)
        assert {v for _, v in _options(form, "linode_id")} == {
            x["id"] for x in sim.world.linodes.values() if x["region"] == "us-east"
        }
        await _set(pilot, form, linode_id=linode["id"])
        await _confirm(pilot, app)
        await until(pilot, lambda: address in linode["ipv4"], "the assignment")
        await wait_idle(pilot, app)
        await select_row(pilot, view, address)
        await action_menu(pilot, app)
        await pick_option(pilot, app, "delete")
        await _typed(pilot, app, address)
        await until(pilot, lambda: address not in sim.world.reserved_ips, "unreserved")
        assert mutations(sim) == [
            ("POST", "/networking/reserved/ips"),
            ("POST", "/networking/ips/assign"),
            ("DELETE", f"/networking/reserved/ips/{address}"),
        ]


async def test_ipv6_range_create_and_delete(app_factory: Any, sim: Any) -> None:
    linode = next(x for x in sim.world.linodes.values() if x["region"] == "us-east")
    app = app_factory(command="ipv6")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        await pilot.press("n")
        form = await _form(pilot, app)
        await _set(pilot, form, prefix_length="56", linode_id=linode["id"])
        body = await _confirm(pilot, app)
        assert "/56" in body and linode["label"] in body
        await until(pilot, lambda: len(sim.world.ipv6_ranges) == 2, "the range created")
        new = sim.world.ipv6_ranges[-1]
        assert (new["prefix"], new["region"], new["linodes"]) == (56, "us-east", [linode["id"]])
        assert _bodies(sim, "POST", "/networking/ipv6/ranges") == [
            {"prefix_length": 56, "linode_id": linode["id"]}
        ]
        await until(pilot, lambda: new["range"] in view.rows, "listed")
        await select_row(pilot, view, new["range"])
        await pilot.press("ctrl+d")
        await _typed(pilot, app, new["range"])
        await until(pilot, lambda: len(sim.world.ipv6_ranges) == 1, "the range deleted")
        assert mutations(sim)[-1] == ("DELETE", f"/networking/ipv6/ranges/{new['range']}")


# -------------------------------------------------------------------------------- placement groups
async def test_placement_group_create_assign_unassign(app_factory: Any, sim: Any) -> None:
    free = [x for x in sim.world.linodes.values() if x["region"] == "us-east" and not x["placement_group"]]
    app = app_factory(command="placement")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        before = set(sim.world.placement_groups)
        await pilot.press("n")
        form = await _form(pilot, app)
        await _set(
            pilot,
            form,
            label="pg-api",
            region="us-east",
            placement_group_type="affinity:local",
            placement_group_policy="flexible",
        )
        await until(pilot, lambda: set(sim.world.placement_groups) - before, "the group created")
        (gid,) = set(sim.world.placement_groups) - before
        pg = sim.world.placement_groups[gid]
        assert (pg["placement_group_type"], pg["placement_group_policy"]) == ("affinity:local", "flexible")
        await until(pilot, lambda: gid in view.rows, "listed")
        await select_row(pilot, view, gid)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail")
        detail = app.current_view()
        await wait_idle(pilot, app)
        summary = str(detail.query_one("#summary").render())
        assert "Compliance" in summary and "compliant" in summary and "of at most 5" in summary
        rows = await action_menu(pilot, app)
        assert rows["unassign"][0] and "no members" in rows["unassign"][1]
        await pick_option(pilot, app, "assign")
        form = await _form(pilot, app)
        offered = {v for _, v in _options(form, "linodes")}
        assert offered == {x["id"] for x in free}  # its region only, in no other group
        await _set(pilot, form, linodes=[free[0]["id"], free[1]["id"]])
        await until(pilot, lambda: len(pg["members"]) == 2, "the assignment")
        assert free[0]["placement_group"]["id"] == gid
        await until(pilot, lambda: len(detail.item.get("members") or []) == 2, "the detail re-read")
        await action_menu(pilot, app)
        await pick_option(pilot, app, "unassign")
        form = await _form(pilot, app)
        assert {lbl.split()[0] for lbl, _ in _options(form, "linodes")} == {
            free[0]["label"],
            free[1]["label"],
        }
        await _set(pilot, form, linodes=[str(free[0]["id"])])
        await _confirm(pilot, app)
        await until(pilot, lambda: len(pg["members"]) == 1, "the unassignment")
        assert free[0]["placement_group"] is None
        assert mutations(sim) == [
            ("POST", "/placement/groups"),
            ("POST", f"/placement/groups/{gid}/assign"),
            ("POST", f"/placement/groups/{gid}/unassign"),
        ]
        assert _bodies(sim, "POST", f"/placement/groups/{gid}/unassign") == [{"linodes": [free[0]["id"]]}]


# -------------------------------------------------------------------------------------------- VLANs
async def test_vlan_delete_refused_while_a_linode_runs_then_done(app_factory: Any, sim: Any) -> None:
    from linode_tui.ui.widgets.status_panel import StatusPanel

    app = app_factory(command="vlans")
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app)
        key, vlan = next(iter(view.rows.items()))
        path = f"/networking/vlans/{vlan['region']}/{vlan['label']}"
        members = [sim.world.linodes[lid] for lid in vlan["linodes"]]
        await select_row(pilot, view, key)
        await pilot.press("ctrl+d")
        await _typed(pilot, app, vlan["label"])
        panel = app.query_one(StatusPanel)
        await until(pilot, lambda: any("power off" in p.message for p in panel.state.problems), "the refusal")
        for x in members:
            x["status"] = "offline"
        await select_row(pilot, view, key)
        await pilot.press("ctrl+d")
        await _typed(pilot, app, vlan["label"])
        await until(pilot, lambda: mutations(sim).count(("DELETE", path)) == 2, "the second DELETE")
        await until(pilot, lambda: key not in view.rows, "the VLAN gone from the list")
