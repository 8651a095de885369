"""Contract test for the newer areas' handlers: every GET they serve answers 200 with real objects
(and 404 for an unknown id), every mutation with a valid body answers 2xx and its effect shows in a
later GET, and an invalid body answers 400 naming the field (``errors[].field``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.sim.framework import routes

NEW_MODULES = ("interfaces", "locks", "netextra", "monitor", "extras")


def _sim() -> Simulator:
    return create_sim(seed=1, linodes=40, frozen=True)


def _new_linode(sim: Simulator) -> dict[str, Any]:
    return next(x for x in sim.world.linodes.values() if x["interface_generation"] == "linode")


def _legacy_linode(sim: Simulator) -> dict[str, Any]:
    return next(
        x
        for x in sim.world.linodes.values()
        if x["interface_generation"] == "legacy_config"
        and not x["locks"]
        and "fail" not in x["label"]
        and x["lke_cluster_id"] is None
        and x["status"] == "running"
        and len(sim.world.configs(x["id"])) == 1
    )


def _params(sim: Simulator) -> dict[str, Any]:
    w = sim.world
    lin = _new_linode(sim)
    pg = next(d for d in w.databases.values() if d["engine"] == "postgresql")
    nb = next(n for n, cfgs in w.nb_vpcs.items() if cfgs)
    return {
        "linodeId": lin["id"],
        "interfaceId": next(iter(w.linode_interfaces[lin["id"]])),
        "resourceLockId": next(iter(w.locks)),
        "ruleSetId": next(iter(w.rulesets)),
        "prefixListId": next(iter(w.prefix_lists)),
        "slug": "public",
        "firewallId": next(iter(w.firewalls)),
        "address": next(iter(w.reserved_ips)),
        "nodeBalancerId": nb,
        "nodeBalancerVpcConfigId": next(iter(w.nb_vpcs[nb])),
        "serviceType": "dbaas",
        "alertId": 20001,
        "channelId": 10000,
        "dashboardId": 1,
        "objQuotaId": next(iter(w.obj_quotas)),
        "objGlobalQuotaId": next(iter(w.obj_global_quotas)),
        "vpcId": next(iter(w.vpcs)),
        "regionId": "us-east",
        "tier": "standard",
        "version": w.lke_versions[0]["id"],
        "postgresqlInstanceId": pg["id"],
        "poolName": "app-pool",
        "betaId": "vpc-ipv6",
        "deviceId": 1201,
    }


def _new_get_templates() -> list[str]:
    out = []
    for method, template in routes.templates():
        r = next(x for x in routes._routes if x.method == method and x.template == template)
        mod = r.handler.__module__.rsplit(".", 1)[-1]
        if method == "GET" and mod in NEW_MODULES:
            out.append(template)
    return sorted(out)


def test_every_new_get_answers_a_real_object_and_404_for_unknown_ids() -> None:
    sim = _sim()
    params = _params(sim)
    templates = _new_get_templates()
    # streams/destinations have no seeded objects: their item GETs are covered by the mutation walk
    skip = {
        "/monitor/streams/{streamId}",
        "/monitor/streams/{streamId}/history",
        "/monitor/streams/destinations/{destinationId}",
        "/monitor/streams/destinations/{destinationId}/history",
    }

    async def run() -> tuple[int, list[str]]:
        problems: list[str] = []
        n = 0
        async with sim.http_client() as c:
            for t in templates:
                if t in skip:
                    continue
                path = t
                for k, v in params.items():
                    path = path.replace("{" + k + "}", str(v))
                assert "{" not in path, t
                r = await c.get(path)
                n += 1
                if r.status_code != 200:
                    problems.append(f"{path}: {r.status_code} {r.text[:100]}")
                    continue
                body = r.json()
                if "data" in body:
                    assert {"page", "pages", "results"} <= set(body), path
                if t.endswith("}") and "{" in t.rsplit("/", 1)[1]:
                    bad = path.rsplit("/", 1)[0] + "/999999"
                    r2 = await c.get(bad)
                    if r2.status_code != 404 or r2.json()["errors"][0]["reason"] != "Not found":
                        problems.append(f"{bad}: {r2.status_code} (expected 404 Not found)")
        return n, problems

    n, problems = asyncio.run(run())
    assert n >= 50 and not problems, "\n".join(problems)
    assert not sim.error_log, sim.error_log[-1]


# (name, method, path, valid body, GET path to check, check(get body, write body), invalid body, field)
Check = Callable[[Any, Any], bool]
P = "/linode/instances/{lid}"


def _scenarios() -> list[tuple[str, str, str, Any, str | None, Check | None, Any, str | None]]:
    return [
        (
            "linode interface create",
            "POST",
            P + "/interfaces",
            {"vpc": None, "vlan": {"vlan_label": "app-vlan", "ipam_address": "10.9.0.2/24"}},
            P + "/interfaces",
            lambda g, b: any(
                i["id"] == b["id"] and i["vlan"]["vlan_label"] == "app-vlan" for i in g["interfaces"]
            ),
            {"vlan": {"vlan_label": 5}},
            "vlan.vlan_label",
        ),
        (
            "linode interface update",
            "PUT",
            P + "/interfaces/{iid}",
            {"default_route": {"ipv4": True}},
            P + "/interfaces/{iid}",
            lambda g, b: g["version"] == b["version"] and g["default_route"]["ipv4"],
            {"vlan": {"vlan_label": "x"}},
            "vlan",
        ),
        (
            "interface settings",
            "PUT",
            P + "/interfaces/settings",
            {"network_helper": False},
            P + "/interfaces/settings",
            lambda g, b: g["network_helper"] is False,
            {"network_helper": "no"},
            "network_helper",
        ),
        (
            "lock create",
            "POST",
            "/locks",
            {"entity_type": "volume", "entity_id": "{vol}", "lock_type": "cannot_delete"},
            "/locks",
            lambda g, b: any(x["id"] == b["id"] for x in g["data"]),
            {"entity_type": "linode", "entity_id": "{lid}", "lock_type": "forever"},
            "lock_type",
        ),
        (
            "rule set create",
            "POST",
            "/networking/firewalls/rulesets",
            {
                "label": "web-in",
                "type": "inbound",
                "rules": [
                    {
                        "action": "ACCEPT",
                        "protocol": "TCP",
                        "ports": "443",
                        "addresses": {"ipv4": ["0.0.0.0/0"]},
                    }
                ],
            },
            "/networking/firewalls/rulesets/{new_id}",
            lambda g, b: g["label"] == "web-in" and g["version"] == 1,
            {"label": "web-in2", "type": "sideways", "rules": []},
            "type",
        ),
        (
            "rule set update",
            "PUT",
            "/networking/firewalls/rulesets/11",
            {"description": "changed"},
            "/networking/firewalls/rulesets/11",
            lambda g, b: g["description"] == "changed" and g["version"] == 3,
            {"rules": [{"action": "MAYBE", "protocol": "TCP"}]},
            "inbound[0].action",
        ),
        (
            "firewall defaults",
            "PUT",
            "/networking/firewalls/settings",
            {"default_firewall_ids": {"linode": "{fw2}"}},
            "/networking/firewalls/settings",
            lambda g, b: g["default_firewall_ids"]["linode"] == b["default_firewall_ids"]["linode"],
            {"default_firewall_ids": {"linode": 1}},
            "default_firewall_ids.linode",
        ),
        (
            "reserve IP",
            "POST",
            "/networking/reserved/ips",
            {"region": "us-east", "tags": ["edge"]},
            "/networking/reserved/ips/{new_address}",
            lambda g, b: g["tags"] == ["edge"] and g["linode_id"] is None,
            {"region": "mars-1"},
            "region",
        ),
        (
            "tag reserved IP",
            "PUT",
            "/networking/reserved/ips/{res}",
            {"tags": ["blue"]},
            "/networking/reserved/ips/{res}",
            lambda g, b: g["tags"] == ["blue"],
            {},
            "tags",
        ),
        (
            "alert definition",
            "POST",
            "/monitor/services/linode/alert-definitions",
            {
                "label": "Net in",
                "severity": 1,
                "channel_ids": [10000],
                "rule_criteria": {
                    "rules": [
                        {
                            "metric": "network_in",
                            "operator": "gt",
                            "threshold": 100,
                            "aggregate_function": "avg",
                        }
                    ]
                },
                "trigger_conditions": {
                    "criteria_condition": "ALL",
                    "evaluation_period_seconds": 300,
                    "polling_interval_seconds": 300,
                    "trigger_occurrences": 2,
                },
            },
            "/monitor/services/linode/alert-definitions/{new_id}",
            lambda g, b: g["label"] == "Net in",
            # every other required field sent: only the severity is wrong
            {"label": "x", "severity": 9, "channel_ids": [10000], "rule_criteria": {"rules": []},
             "trigger_conditions": {}},
            "severity",
        ),
        (
            "alert channel",
            "POST",
            "/monitor/alert-channels",
            {"label": "ops", "channel_type": "email", "details": {"email": {"usernames": ["demo-user"]}}},
            "/monitor/alert-channels/{new_id}",
            lambda g, b: g["label"] == "ops",
            {"label": "ops", "channel_type": "email", "details": {}},
            "details.email.usernames",
        ),
        (
            "pg pool create",
            "POST",
            "/databases/postgresql/instances/{pg}/connection-pools",
            {"label": "reports", "mode": "session", "size": 5, "username": None},
            "/databases/postgresql/instances/{pg}/connection-pools/reports",
            lambda g, b: g["mode"] == "session",
            {"label": "reports2", "mode": "session", "size": 0, "username": None},
            "size",
        ),
        (
            "pg pool update",
            "PUT",
            "/databases/postgresql/instances/{pg}/connection-pools/app-pool",
            {"size": 20},
            "/databases/postgresql/instances/{pg}/connection-pools/app-pool",
            lambda g, b: g["size"] == 20,
            {"mode": "x"},
            "mode",
        ),
        (
            "beta enroll",
            "POST",
            "/account/betas",
            {"id": "aclp"},
            "/account/betas/aclp",
            lambda g, b: g["id"] == "aclp",
            {"id": 3},
            "id",
        ),
        (
            "config interface add",
            "POST",
            "/linode/instances/{legacy}/configs/{cfg}/interfaces",
            {"purpose": "vlan", "label": "db-vlan", "ipam_address": "10.1.0.3/24"},
            "/linode/instances/{legacy}/configs/{cfg}/interfaces/{new_id}",
            lambda g, b: g["label"] == "db-vlan",
            {"purpose": "wifi"},
            "purpose",
        ),
        (
            "IP assign",
            "POST",
            "/networking/ips/assign",
            {"region": "{res_region}", "assignments": [{"address": "{res}", "linode_id": "{res_linode}"}]},
            "/networking/reserved/ips/{res}",
            lambda g, b: g["linode_id"] is not None,
            {"region": "us-east", "assignments": [{"address": "10.0.0.1", "linode_id": 1}]},
            "assignments[0].linode_id",
        ),
        (
            "linode firewalls",
            "PUT",
            "/linode/instances/{legacy}/firewalls",
            {"firewall_ids": ["{fw2}"]},
            "/linode/instances/{legacy}/firewalls",
            lambda g, b: [f["id"] for f in g["data"]] == [f["id"] for f in b["data"]],
            {"firewall_ids": [0]},
            "firewall_ids",
        ),
    ]


def _subst(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, str):
        for k, v in names.items():
            if value == "{" + k + "}":
                return v
            value = value.replace("{" + k + "}", str(v))
        return value
    if isinstance(value, list):
        return [_subst(x, names) for x in value]
    if isinstance(value, dict):
        return {k: _subst(v, names) for k, v in value.items()}
    return value


def test_mutations_change_state_and_bad_bodies_name_the_field() -> None:
    sim = _sim()
    w = sim.world
    lin, legacy = _new_linode(sim), _legacy_linode(sim)
    res = next(iter(w.reserved_ips.values()))
    same_region = next(x for x in w.linodes.values() if x["region"] == res["region"] and x["id"] != lin["id"])
    names: dict[str, Any] = {
        "lid": lin["id"],
        "iid": next(iter(w.linode_interfaces[lin["id"]])),
        "vol": next(iter(w.volumes)),
        "fw2": list(w.firewalls)[1],
        "res": res["address"],
        "res_region": res["region"],
        "res_linode": same_region["id"],
        "pg": next(d for d in w.databases.values() if d["engine"] == "postgresql")["id"],
        "legacy": legacy["id"],
        "cfg": next(iter(w.configs(legacy["id"]))),
    }
    counts = {"mutations": 0, "invalid": 0}

    async def run() -> list[str]:
        problems: list[str] = []
        async with sim.http_client() as c:
            for name, method, path, good, check_path, check, bad, field in _scenarios():
                url = _subst(path, names)
                r = await c.request(method, url, json=_subst(good, names))
                counts["mutations"] += 1
                if not 200 <= r.status_code < 300:
                    problems.append(f"{name}: {method} {url} -> {r.status_code} {r.text[:160]}")
                    continue
                wrote = r.json()
                extra = {"new_id": wrote.get("id"), "new_address": wrote.get("address")}
                if check_path is not None and check is not None:
                    g = await c.get(_subst(check_path, {**names, **extra}))
                    if g.status_code != 200 or not check(g.json(), wrote):
                        problems.append(f"{name}: the change is not visible: {g.status_code} {g.text[:200]}")
                if field is not None:
                    rb = await c.request(method, url, json=_subst(bad, names))
                    counts["invalid"] += 1
                    fields = [e.get("field") for e in rb.json().get("errors", [])] if rb.content else []
                    if rb.status_code != 400 or field not in fields:
                        problems.append(
                            f"{name}: bad body -> {rb.status_code} {rb.text[:160]} (want field {field})"
                        )
        return problems

    problems = asyncio.run(run())
    assert not problems, "\n".join(problems)
    assert counts["mutations"] == len(_scenarios()) and counts["invalid"] >= 16
    assert not sim.error_log, sim.error_log[-1]


async def test_locked_linode_refuses_delete_until_unlocked() -> None:
    sim = _sim()
    lock = next(iter(sim.world.locks.values()))
    lid = lock["entity"]["id"]
    async with sim.http_client() as c:
        assert (await c.get(f"/linode/instances/{lid}")).json()["locks"] == ["cannot_delete"]
        r = await c.delete(f"/linode/instances/{lid}")
        assert r.status_code == 400 and "locked" in r.json()["errors"][0]["reason"]
        assert (await c.delete(f"/locks/{lock['id']}")).status_code == 200
        assert (await c.get(f"/locks/{lock['id']}")).status_code == 404
        assert (await c.get(f"/linode/instances/{lid}")).json()["locks"] == []
        assert (await c.delete(f"/linode/instances/{lid}")).status_code == 200
        actions = [e["action"] for e in (await c.get("/account/events")).json()["data"]]
        assert "lock_delete" in actions and "linode_delete" in actions


async def test_upgrade_interfaces_dry_run_changes_nothing_then_upgrades() -> None:
    sim = _sim()
    legacy = _legacy_linode(sim)
    base = f"/linode/instances/{legacy['id']}"
    async with sim.http_client() as c:
        dry = (await c.post(f"{base}/upgrade-interfaces", json={})).json()
        assert dry["dry_run"] is True and dry["interfaces"][0]["public"] is not None
        assert (await c.get(base)).json()["interface_generation"] == "legacy_config"
        assert (await c.get(f"{base}/interfaces")).json()["interfaces"] == []
        r = await c.post(f"{base}/upgrade-interfaces", json={"dry_run": False})
        assert r.status_code == 200 and r.json()["dry_run"] is False
        assert (await c.get(base)).json()["interface_generation"] == "linode"
        got = (await c.get(f"{base}/interfaces")).json()["interfaces"]
        kinds = [next(k for k in ("public", "vpc", "vlan") if i[k] is not None) for i in got]
        assert kinds == [
            next(k for k in ("public", "vpc", "vlan") if i[k] is not None) for i in dry["interfaces"]
        ]
        assert kinds[0] == "public"
        assert len((await c.get(f"{base}/interfaces/history")).json()["data"]) == len(got)
        assert (await c.get(f"{base}/configs")).json()["data"][0]["interfaces"] == []
        again = await c.post(f"{base}/upgrade-interfaces", json={"dry_run": False})
        assert again.status_code == 400


async def test_new_endpoints_declare_and_enforce_scopes() -> None:
    sim = _sim()
    sim.world.tokens["ro-linodes"] = type(next(iter(sim.world.tokens.values())))(
        name="ro-linodes", scopes="linodes:read_only"
    )
    lid = _new_linode(sim)["id"]
    async with sim.http_client() as c:
        r = await c.get("/monitor/alert-definitions")
        assert r.headers["x-accepted-oauth-scopes"] == "monitor:read_only"
    async with sim.http_client(token="ro-linodes") as c:
        assert (await c.get(f"/linode/instances/{lid}/interfaces")).status_code == 200
        r = await c.post(f"/linode/instances/{lid}/interfaces", json={"vlan": {"vlan_label": "x"}})
        assert r.status_code == 403 and r.headers["x-accepted-oauth-scopes"] == "linodes:read_write"
        assert (await c.get("/locks")).status_code == 403
    async with sim.http_client(token=None) as c:
        assert (await c.get("/monitor/services")).status_code == 401


@pytest.mark.parametrize("path", ["/account/betas/nope", "/profile/devices/424242", "/betas/nope"])
async def test_former_example_answers_are_404_for_unknown_ids(path: str) -> None:
    sim = _sim()
    async with sim.http_client() as c:
        r = await c.get(path)
        assert r.status_code == 404 and r.json() == {"errors": [{"reason": "Not found"}]}
