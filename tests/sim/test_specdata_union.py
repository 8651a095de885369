"""The spec data is the union of 4.189.0 and the 4.229.1 inventory; the generic simulator answers it all."""

from __future__ import annotations

import re
from typing import Any

import pytest

from linode_tui.specdata import SpecData, _generate, load_spec
from tests import specfiles
from tests.sim.test_framework import Env, reasons


@pytest.fixture(scope="module")
def spec() -> SpecData:
    return load_spec()


def _norm(path: str) -> tuple[str, ...]:
    return tuple(re.sub(r"\{[^}]+\}", "{}", path.rstrip("/")).strip("/").split("/"))


def test_union_counts(spec: SpecData) -> None:
    ops = spec.all_operations()
    assert len(ops) == 511  # 390 (4.189.0) ∪ 463 (4.229.1): 342 in both
    assert len({(o.method, _norm(o.path)) for o in ops}) == 511
    assert len({o.operation_id for o in ops}) == 511
    assert sum(o.sources == ("4.189.0", "4.229.1") for o in ops) == 342
    new = [o for o in ops if o.is_new]
    assert len(new) == 121 and all(o.sources == ("4.229.1",) for o in new)
    dropped = [o for o in ops if o.dropped]
    assert len(dropped) == 48 and all(o.sources == ("4.189.0",) for o in dropped)
    assert len(spec.all_operations(include_dropped=False)) == 463
    assert spec.operations == ops
    # linode-cli skips the stats operations: "dropped" from the inventory, still answered
    assert spec.operation("get-linode-stats").dropped
    assert spec.match("GET", "/linode/instances/5/stats") is not None


def test_every_inventory_operation_is_present_with_its_request_fields(spec: SpecData) -> None:
    by_key = {(o.method, _norm(o.path)): o for o in spec.operations}
    for cop in specfiles.inventory()["operations"]:
        op = by_key[(cop["method"].upper(), _norm(cop["path"]))]
        assert op.operation_id == cop["operationId"]  # the newer inventory wins
        assert "4.229.1" in op.sources and not op.dropped
        assert op.cli == f"{cop['command']} {cop['action']}"
        attrs = cop.get("request_attrs") or []
        if not attrs:
            continue
        leaves = {f.leaf for f in spec.request_schema(op.operation_id)}
        for attr in attrs:
            assert attr["name"].replace("\\.", "\u2024") in leaves, (op.operation_id, attr["name"])
        for f in spec.request_schema(op.operation_id):
            if f.nesting == "unknown":
                assert f.name.startswith("?.") and f.parent is None and not f.required


def test_new_operation_details(spec: SpecData) -> None:
    locks = spec.operation("post-resource-lock")
    assert (locks.method, locks.path, locks.area, locks.tag) == ("POST", "/locks", "locks", "resource-locks")
    assert set(locks.required_fields) == {"entity_id", "entity_type", "lock_type"}
    assert locks.v4beta_only is None and locks.servers is None  # the inventory does not say
    iface = spec.operation("post-linode-interface")
    schema = {f.name: f for f in spec.request_schema("post-linode-interface")}
    assert schema["firewall_id"].depth == 0
    alert = {f.name: f for f in spec.request_schema("post-alert-definition-for-service-type")}
    nested = alert["trigger_conditions.polling_interval_seconds"]
    assert nested.parent == "trigger_conditions" and nested.type == "integer"
    assert alert["label"].required and alert["?.severity"].nesting == "unknown"
    assert iface.path_params == {"linodeId": "int"}
    listing = spec.operation("get-resource-locks")
    assert listing.is_list and listing.paginated and listing.query_params == {"page": "integer",
                                                                            "page_size": "integer"}
    assert "id" in listing.response_fields
    assert not spec.operation("get-linode-interfaces").is_list  # {"interfaces": [...]}, no envelope
    assert ("default_route.ipv4", "boolean") in spec.operation("get-linode-interface").response_attrs
    alerts = spec.operation("get-alert-definition")
    assert alerts.path_params == {"serviceType": "string", "alertId": "int"}
    assert "monitor" in spec.areas() and {o.area for o in spec.by_area("monitor")} == {"monitor"}
    # a 4.189.0 operation keeps its nested request schema with enums and read-only flags
    create = {f.name: f for f in spec.request_schema("post-linode-instance")}
    assert set(create["interfaces.purpose"].enum) == {"public", "vlan", "vpc"}
    assert create["interfaces.id"].read_only and create["disk_encryption"].source == "4.229.1"
    assert spec.operation("get-linode-instance").servers == ("v4", "v4beta")
    assert spec.operation("get-linode-instance").v4beta_only is False
    assert "locks" in spec.operation("get-linode-instance").beta_fields
    assert spec.operation("delete-ag") is spec.operation("delete-tag")  # renamed in 4.229.1
    db = spec.find("GET", "/databases/mysql/instances/{instanceId}")
    assert db is not None and db.alt_path == "/databases/mysql/instances/{mysqlInstanceId}"


def test_derived_scopes_are_marked(spec: SpecData) -> None:
    derived = [o for o in spec.operations if o.scopes_derived is not None]
    assert len(derived) == 121 and all(o.is_new for o in derived)
    assert all(o.scopes_derived is None for o in spec.operations if not o.is_new)
    got = {o.operation_id: (o.scopes, o.scopes_derived) for o in derived}
    assert got["get-linode-interfaces"] == (["linodes:read_only"], "/linode/instances/{}")
    assert got["post-linode-interface"] == (["linodes:read_write"], "/linode/instances/{}")
    assert got["get-rulesets"] == (["firewall:read_only"], "/networking/firewalls")
    assert got["get-reserved-ips"] == (["ips:read_only"], "/networking/reserved")  # AREA_HINTS
    assert got["get-regions-vpc-availability"] == ([], "/regions")  # public like /regions
    assert got["get-alert-definitions"] == (["monitor:read_only"], "/monitor")  # no 4.189.0 prefix
    assert got["get-sharegroups"] == (["images:read_only"], "/images")
    for o in derived:
        for scope in o.scopes:
            assert scope.endswith(":read_only" if o.method == "GET" else ":read_write"), o.operation_id


def test_scope_derivation_reproduces_the_spec_scopes(spec: SpecData) -> None:
    """The mapping learned from 4.189.0 gives back 4.189.0's own scopes for most of its operations."""
    rows: list[dict[str, Any]] = [
        {"method": o.method, "path": o.path, "scopes": o.scopes} for o in spec.operations if not o.is_new
    ]
    learned = _generate.learn_scope_areas(rows)
    same = 0
    for row in rows:
        parent = "/".join(row["path"].split("/")[:-1]) or "/"
        scopes, _ = _generate.derive_scopes(row["method"], parent + "/x-new", learned)
        same += scopes[:1] == row["scopes"][:1]
    assert same >= 0.8 * len(rows), same


@pytest.fixture
def env() -> Env:
    return Env()


async def test_generic_simulator_answers_new_operations_statefully(env: Env) -> None:
    async with env.client() as c:
        before = (await c.get("/monitor/alert-channels")).json()
        created = await c.post("/monitor/alert-channels",
                               json={"label": "ops-mail", "channel_type": "email",
                                     "details": {"email": {"usernames": ["demo-user"]}}})
        new = created.json()
        got = await c.get(f"/monitor/alert-channels/{new['id']}")
        listed = (await c.get("/monitor/alert-channels")).json()
        put = await c.put(f"/monitor/alert-channels/{new['id']}", json={"label": "renamed"})
        again = (await c.get(f"/monitor/alert-channels/{new['id']}")).json()
        gone = await c.delete(f"/monitor/alert-channels/{new['id']}")
        after = await c.get(f"/monitor/alert-channels/{new['id']}")
        lock = await c.post("/locks", json={"entity_id": 1, "entity_type": "linode",
                                            "lock_type": "cannot_delete"})
        lock_get = await c.get(f"/locks/{lock.json()['id']}")
    assert created.status_code == 200 and new["label"] == "ops-mail" and isinstance(new["id"], int)
    assert got.status_code == 200 and got.json() == new
    assert listed["results"] == before["results"] + 1
    assert new["id"] in [x["id"] for x in listed["data"]]
    assert put.status_code == 200 and again["label"] == "renamed"
    assert gone.status_code == 200 and after.status_code == 404
    assert lock.status_code == 200 and lock_get.json() == lock.json()
    assert lock.json()["lock_type"] == "cannot_delete"


async def test_generic_simulator_rejects_bad_bodies_of_new_operations(env: Env) -> None:
    async with env.client() as c:
        missing = await c.post("/locks", json={"entity_id": 1, "entity_type": "linode"})
        wrong = await c.post("/locks", json={"entity_id": "one", "entity_type": "linode",
                                             "lock_type": "cannot_delete"})
        alert = {"label": "cpu", "channel_ids": [1]}
        nested = await c.post("/monitor/services/dbaas/alert-definitions",
                              json={**alert, "trigger_conditions": {"polling_interval_seconds": "1m"}})
        nested_ok = await c.post("/monitor/services/dbaas/alert-definitions",
                                 json={**alert, "trigger_conditions": {"polling_interval_seconds": 60}})
        reserved = await c.put("/networking/reserved/ips/192.0.2.5", json={"tags": "prod"})
        listing_only = await c.post("/images/sharegroups", json={"description": 5})
    assert missing.status_code == 400
    assert reasons(missing) == [{"reason": "lock_type is required", "field": "lock_type"}]
    assert reasons(wrong) == [{"reason": "entity_id must be an integer", "field": "entity_id"}]
    assert nested.status_code == 400
    field = "trigger_conditions.polling_interval_seconds"
    assert reasons(nested) == [{"reason": f"{field} must be an integer", "field": field}]
    assert nested_ok.status_code == 200, nested_ok.text
    assert reasons(reserved)[0]["field"] == "tags"
    assert listing_only.status_code == 400 and reasons(listing_only)[0]["field"] == "description"


async def test_nested_array_items_are_validated(env: Env) -> None:
    async with env.client() as c:
        base = {"label": "cfg", "devices": {}}
        bad = await c.post("/linode/instances/1001/configs",
                           json={**base, "interfaces": [{"purpose": "public"}, {"purpose": "bogus"}]})
        ok = await c.post(
            "/linode/instances/1001/configs", json={**base, "interfaces": [{"purpose": "public"}]}
        )
    assert bad.status_code == 400
    field = "interfaces[1].purpose"
    assert reasons(bad) == [{"reason": f"{field} is not valid", "field": field}]
    assert ok.status_code == 200, ok.text
