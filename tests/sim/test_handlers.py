"""Area handlers through the simulator's HTTP surface: validation, grants, scopes and CRUD."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from linode_tui.sim import create_sim

GOOD_PASS = "Correct-Horse-9-Battery"


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=40)


def first(sim: Any, status: str = "running") -> dict[str, Any]:
    return next(
        x
        for x in sim.world.linodes.values()
        if x["status"] == status
        and "fail" not in x["label"]
        and x["lke_cluster_id"] is None
        and ("linode", x["id"]) not in sim.world.busy_keys
    )


# ------------------------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"type": "g6-nanode-1"}, "region", "region is required"),
        ({"region": "mars-1", "type": "g6-nanode-1"}, "region", "region is not valid"),
        ({"region": "us-east", "type": "g9-huge"}, "type", "A valid plan type by that ID was not found"),
        (
            {"region": "us-east", "type": "g6-nanode-1", "image": "linode/debian12"},
            "root_pass",
            "root_pass is required when deploying from an image",
        ),
        (
            {
                "region": "us-east",
                "type": "g6-nanode-1",
                "image": "linode/debian12",
                "root_pass": "aaaaaaaaaaaa",
            },
            "root_pass",
            "Password does not meet strength requirement",
        ),
        (
            {"region": "us-east", "type": "g6-nanode-1", "label": "ab"},
            "label",
            "Label must be between 3 and 64 characters",
        ),
        ({"region": "us-east", "type": "g6-nanode-1", "label": "bad label!"}, "label", None),
        (
            {"region": "us-east", "type": "g6-nanode-1", "image": "linode/nope", "root_pass": GOOD_PASS},
            "image",
            "image is not valid",
        ),
    ],
)
async def test_create_linode_validation(
    sim: Any, payload: dict[str, Any], field: str, reason: str | None
) -> None:
    async with sim.http_client() as c:
        r = await c.post("/linode/instances", json=payload)
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["field"] == field
    if reason is not None:
        assert err["reason"] == reason


async def test_duplicate_label(sim: Any) -> None:
    existing = first(sim)["label"]
    async with sim.http_client() as c:
        r = await c.post(
            "/linode/instances", json={"region": "us-east", "type": "g6-nanode-1", "label": existing}
        )
        assert r.status_code == 400
        assert r.json() == {
            "errors": [{"reason": "Label must be unique among your Linodes", "field": "label"}]
        }
        other = next(x for x in sim.world.linodes.values() if x["label"] != existing)
        r = await c.put(f"/linode/instances/{other['id']}", json={"label": existing})
        assert r.status_code == 400


async def test_update_linode(sim: Any) -> None:
    lid = first(sim)["id"]
    async with sim.http_client() as c:
        r = await c.put(
            f"/linode/instances/{lid}",
            json={
                "label": "renamed-1",
                "tags": ["[prod] critical", "web"],
                "alerts": {"cpu": 150},
                "watchdog_enabled": False,
            },
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["label"] == "renamed-1" and body["tags"] == ["[prod] critical", "web"]
        assert body["alerts"]["cpu"] == 150 and body["watchdog_enabled"] is False
        ev = (await c.get("/account/events")).json()["data"][0]
        assert (
            ev["action"] == "linode_update"
            and ev["status"] == "notification"
            and ev["percent_complete"] is None
        )
        tags = {t["label"] for t in (await c.get("/tags", params={"page_size": 500})).json()["data"]}
        assert "[prod] critical" in tags


async def test_linode_list_filter_and_paging(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.get(
            "/linode/instances",
            params={"page_size": 25},
            headers={"X-Filter": json.dumps({"region": "us-east"})},
        )
        assert r.status_code == 200
        data = r.json()
        assert all(x["region"] == "us-east" for x in data["data"])
        assert data["results"] == sum(1 for x in sim.world.linodes.values() if x["region"] == "us-east")


async def test_resize_needs_room_for_disks(sim: Any) -> None:
    big = next(
        x
        for x in sim.world.linodes.values()
        if x["specs"]["disk"] > 25600
        and x["image"]
        and x["lke_cluster_id"] is None
        and "fail" not in x["label"]
    )
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{big['id']}/resize", json={"type": "g6-nanode-1"})
        assert r.status_code == 400
        assert "more disk" in r.json()["errors"][0]["reason"]
        r = await c.post(f"/linode/instances/{big['id']}/resize", json={"type": big["type"]})
        assert r.status_code == 400


async def test_password_reset_requires_offline(sim: Any) -> None:
    lid = first(sim)["id"]
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{lid}/password", json={"root_pass": GOOD_PASS})
        assert r.status_code == 400
        r = await c.post(f"/linode/instances/{lid}/password", json={"root_pass": "short"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "root_pass"


async def test_disk_lifecycle(sim: Any) -> None:
    linode = first(sim)
    lid = linode["id"]
    async with sim.http_client() as c:
        disks = (await c.get(f"/linode/instances/{lid}/disks")).json()["data"]
        main = next(d for d in disks if d["filesystem"] == "ext4")
        r = await c.post(f"/linode/instances/{lid}/disks", json={"label": "extra", "size": 100})
        assert r.status_code == 400  # no free space: the image disk fills the plan
        r = await c.post(
            f"/linode/instances/{lid}/disks/{main['id']}/resize", json={"size": main["size"] - 1000}
        )
        assert r.status_code == 200
        sim.clock.advance(120)
        r = await c.post(f"/linode/instances/{lid}/disks", json={"label": "extra", "size": 500})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "not ready"
        did = r.json()["id"]
        sim.clock.advance(120)
        assert (await c.get(f"/linode/instances/{lid}/disks/{did}")).json()["status"] == "ready"
        assert (await c.delete(f"/linode/instances/{lid}/disks/{did}")).status_code == 200
        sim.clock.advance(120)
        assert (await c.get(f"/linode/instances/{lid}/disks/{did}")).status_code == 404


async def test_ips_allocate_and_rdns(sim: Any) -> None:
    lid = first(sim)["id"]
    async with sim.http_client() as c:
        ips = (await c.get(f"/linode/instances/{lid}/ips")).json()
        public = ips["ipv4"]["public"][0]
        assert public["rdns"].endswith(".ip.linodeusercontent.com")
        assert ips["ipv6"]["slaac"]["address"]
        r = await c.put(f"/linode/instances/{lid}/ips/{public['address']}", json={"rdns": "web.example.com"})
        assert r.status_code == 200 and r.json()["rdns"] == "web.example.com"
        r = await c.post(f"/linode/instances/{lid}/ips", json={"type": "ipv4", "public": True})
        assert r.status_code == 200, r.text
        new = r.json()["address"]
        linode = (await c.get(f"/linode/instances/{lid}")).json()
        assert new in linode["ipv4"]
        got = (await c.get(f"/networking/ips/{new}")).json()
        assert got["linode_id"] == lid


async def test_backups_enable_snapshot(sim: Any) -> None:
    linode = next(
        x
        for x in sim.world.linodes.values()
        if not x["backups"]["enabled"]
        and x["status"] == "running"
        and "fail" not in x["label"]
        and x["lke_cluster_id"] is None
    )
    lid = linode["id"]
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{lid}/backups", json={"label": "before"})
        assert r.status_code == 400
        assert (await c.post(f"/linode/instances/{lid}/backups/enable")).status_code == 200
        r = await c.post(f"/linode/instances/{lid}/backups", json={"label": "before"})
        assert r.status_code == 200, r.text
        assert (await c.get(f"/linode/instances/{lid}/backups")).json()["snapshot"]["in_progress"][
            "label"
        ] == "before"
        sim.clock.advance(300)
        snap = (await c.get(f"/linode/instances/{lid}/backups")).json()["snapshot"]
        assert snap["in_progress"] is None and snap["current"]["status"] == "successful"


# ----------------------------------------------------------------------------------------- grants/scopes
async def test_restricted_user_sees_only_granted_linodes(sim: Any) -> None:
    granted = {g["id"] for g in sim.world.grants["intern"]["linode"]}
    other = next(lid for lid in sim.world.linodes if lid not in granted)
    async with sim.http_client("restricted") as c:
        data = (await c.get("/linode/instances")).json()
        assert {x["id"] for x in data["data"]} == granted
        lid = next(iter(granted))
        assert (await c.get(f"/linode/instances/{lid}")).status_code == 200
        assert (await c.get(f"/linode/instances/{lid}/stats")).status_code in (200, 400)
        assert (await c.get(f"/linode/instances/{other}")).status_code == 404
        r = await c.post(f"/linode/instances/{lid}/reboot")
        assert r.status_code == 403 and r.json()["errors"][0]["reason"] == "Unauthorized"
        r = await c.post("/linode/instances", json={"region": "us-east", "type": "g6-nanode-1"})
        assert r.status_code == 403
        assert (await c.get("/volumes")).json()["results"] == 0
        assert (await c.get("/account")).status_code == 403
        grants = await c.get("/profile/grants")
        assert grants.status_code == 200
        assert {g["id"] for g in grants.json()["linode"]} == granted
        assert (await c.get("/profile")).json()["username"] == "intern"
        assert (await c.get("/profile")).json()["restricted"] is True


async def test_unrestricted_profile_grants_is_204(sim: Any) -> None:
    async with sim.http_client() as c:
        assert (await c.get("/profile/grants")).status_code == 204
        assert (await c.get("/profile")).json()["username"] == "demo-user"


async def test_grants_update_applies_to_token(sim: Any) -> None:
    vol = next(iter(sim.world.volumes.values()))
    async with sim.http_client() as admin, sim.http_client("restricted") as intern:
        assert (await intern.get(f"/volumes/{vol['id']}")).status_code == 404
        r = await admin.put(
            "/account/users/intern/grants", json={"volume": [{"id": vol["id"], "permissions": "read_write"}]}
        )
        assert r.status_code == 200, r.text
        assert (await intern.get(f"/volumes/{vol['id']}")).status_code == 200
        r = await intern.put(f"/volumes/{vol['id']}", json={"tags": ["team-a"]})
        assert r.status_code == 200


async def test_readonly_token_cannot_write(sim: Any) -> None:
    lid = first(sim)["id"]
    async with sim.http_client("readonly") as c:
        assert (await c.get("/linode/instances")).status_code == 200
        assert (await c.get(f"/linode/instances/{lid}")).status_code == 200
        r = await c.post(f"/linode/instances/{lid}/reboot")
        assert r.status_code == 403
        r = await c.post("/volumes", json={"label": "nope-1", "region": "us-east"})
        assert r.status_code == 403
    assert sim.world.linodes[lid]["status"] == "running"


# ------------------------------------------------------------------------------------------ other areas
async def test_volume_validation(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post("/volumes", json={"label": "v-1x", "size": 5, "region": "us-east"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "size"
        r = await c.post("/volumes", json={"label": "v-1x", "region": "nowhere"})
        assert r.json()["errors"][0] == {"reason": "region is not valid", "field": "region"}
        vol = next(v for v in sim.world.volumes.values() if v["linode_id"] is None)
        other = next(x for x in sim.world.linodes.values() if x["region"] != vol["region"])
        r = await c.post(f"/volumes/{vol['id']}/attach", json={"linode_id": other["id"]})
        assert r.status_code == 400
        new_size = vol["size"] + 10
        r = await c.post(f"/volumes/{vol['id']}/resize", json={"size": new_size})
        assert r.status_code == 200 and r.json()["status"] == "resizing"
        r = await c.post(f"/volumes/{vol['id']}/resize", json={"size": new_size + 10})
        assert r.status_code == 400  # busy resizing
        sim.clock.advance(120)
        after = (await c.get(f"/volumes/{vol['id']}")).json()
        assert after["status"] == "active" and after["size"] == new_size
        r = await c.post(f"/volumes/{vol['id']}/resize", json={"size": 10})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "size"


async def test_nodebalancer_crud_and_stats(sim: Any) -> None:
    backend = next(x for x in sim.world.linodes.values() if len(x["ipv4"]) > 1)
    private = backend["ipv4"][1]
    async with sim.http_client() as c:
        r = await c.post(
            "/nodebalancers",
            json={
                "region": backend["region"],
                "label": "nb-test-1",
                "configs": [
                    {"port": 80, "protocol": "http", "nodes": [{"label": "b-1", "address": f"{private}:80"}]}
                ],
            },
        )
        assert r.status_code == 200, r.text
        nb = r.json()
        cfgs = (await c.get(f"/nodebalancers/{nb['id']}/configs")).json()["data"]
        assert cfgs[0]["port"] == 80 and cfgs[0]["nodes_status"]["up"] + cfgs[0]["nodes_status"]["down"] == 1
        nodes = (await c.get(f"/nodebalancers/{nb['id']}/configs/{cfgs[0]['id']}/nodes")).json()["data"]
        assert nodes[0]["address"] == f"{private}:80"
        r = await c.post(
            f"/nodebalancers/{nb['id']}/configs/{cfgs[0]['id']}/nodes",
            json={"label": "b-2", "address": "8.8.8.8:80"},
        )
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "address"
        assert (await c.get(f"/nodebalancers/{nb['id']}/stats")).status_code == 400  # brand new
        seeded = next(iter(sim.world.nodebalancers))
        st = (await c.get(f"/nodebalancers/{seeded}/stats")).json()
        assert len(st["data"]["connections"]) == 288 and set(st["data"]["traffic"]) == {"in", "out"}
        assert (await c.delete(f"/nodebalancers/{nb['id']}")).status_code == 200
        assert (await c.get(f"/nodebalancers/{nb['id']}")).status_code == 404


async def test_firewall_rules_and_devices(sim: Any) -> None:
    lid = first(sim)["id"]
    async with sim.http_client() as c:
        rules = {
            "inbound_policy": "DROP",
            "outbound_policy": "ACCEPT",
            "inbound": [
                {"protocol": "TCP", "ports": "22", "action": "ACCEPT", "addresses": {"ipv4": ["0.0.0.0/0"]}}
            ],
        }
        r = await c.post("/networking/firewalls", json={"label": "fw-test", "rules": rules})
        assert r.status_code == 200, r.text
        fw = r.json()
        assert fw["rules"]["version"] == 1
        r = await c.put(f"/networking/firewalls/{fw['id']}/rules", json={**rules, "inbound_policy": "MAYBE"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "inbound_policy"
        r = await c.put(f"/networking/firewalls/{fw['id']}/rules", json={**rules, "outbound": []})
        assert r.json()["version"] == 2
        r = await c.post(f"/networking/firewalls/{fw['id']}/devices", json={"type": "linode", "id": lid})
        assert r.status_code == 200
        dev = r.json()
        assert dev["entity"]["id"] == lid
        listed = (await c.get(f"/linode/instances/{lid}/firewalls")).json()["data"]
        assert [f["id"] for f in listed] == [fw["id"]]
        assert (await c.delete(f"/networking/firewalls/{fw['id']}/devices/{dev['id']}")).status_code == 200
        assert (await c.get(f"/linode/instances/{lid}/firewalls")).json()["results"] == 0


async def test_domain_records_and_zone_file(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/domains",
            json={"domain": "new-example.com", "type": "master", "soa_email": "admin@new-example.com"},
        )
        assert r.status_code == 200, r.text
        did = r.json()["id"]
        r = await c.post(
            f"/domains/{did}/records", json={"type": "A", "name": "www", "target": "203.0.113.5"}
        )
        assert r.status_code == 200
        r = await c.post(f"/domains/{did}/records", json={"type": "A", "name": "bad", "target": "nope"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "target"
        zone = (await c.get(f"/domains/{did}/zone-file")).json()["zone_file"]
        assert any("www" in line and "203.0.113.5" in line for line in zone)
        r = await c.post("/domains", json={"domain": "x.example", "type": "slave"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "master_ips"


async def test_lke_cluster_kubeconfig_pending_then_ready(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/lke/clusters",
            json={
                "label": "k8s-new",
                "region": "us-east",
                "k8s_version": "1.31",
                "node_pools": [{"type": "g6-standard-2", "count": 2}],
            },
        )
        assert r.status_code == 200, r.text
        cid = r.json()["id"]
        r = await c.get(f"/lke/clusters/{cid}/kubeconfig")
        assert r.status_code == 503
        assert (
            r.json()["errors"][0]["reason"]
            == "Cluster kubeconfig is not yet available. Please try again later."
        )
        pools = (await c.get(f"/lke/clusters/{cid}/pools")).json()["data"]
        node_ids = [n["instance_id"] for n in pools[0]["nodes"]]
        assert len(node_ids) == 2 and all(n["status"] == "not_ready" for n in pools[0]["nodes"])
        linode = (await c.get(f"/linode/instances/{node_ids[0]}")).json()
        assert linode["lke_cluster_id"] == cid
        sim.clock.advance(600)
        kc = (await c.get(f"/lke/clusters/{cid}/kubeconfig")).json()["kubeconfig"]
        assert base64.b64decode(kc).decode().startswith("apiVersion: v1")
        pools = (await c.get(f"/lke/clusters/{cid}/pools")).json()["data"]
        assert all(n["status"] == "ready" for n in pools[0]["nodes"])
        r = await c.put(f"/lke/clusters/{cid}/pools/{pools[0]['id']}", json={"count": 3})
        assert r.json()["count"] == 3
        assert (await c.delete(f"/lke/clusters/{cid}")).status_code == 200
        assert (await c.get(f"/linode/instances/{node_ids[0]}")).status_code == 404


async def test_database_lifecycle(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/databases/mysql/instances",
            json={"label": "db-new", "region": "us-east", "type": "g6-nanode-1", "engine": "mysql/8"},
        )
        assert r.status_code == 200, r.text
        did = r.json()["id"]
        assert r.json()["status"] == "provisioning"
        assert (await c.post(f"/databases/mysql/instances/{did}/suspend")).status_code == 400
        sim.clock.advance(600)
        assert (await c.get(f"/databases/mysql/instances/{did}")).json()["status"] == "active"
        assert (await c.get(f"/databases/postgresql/instances/{did}")).status_code == 404
        creds = (await c.get(f"/databases/mysql/instances/{did}/credentials")).json()
        assert creds["username"] and creds["password"]
        await c.post(f"/databases/mysql/instances/{did}/credentials/reset")
        assert (await c.get(f"/databases/mysql/instances/{did}/credentials")).json()["password"] != creds[
            "password"
        ]
        engines = {d["engine"] for d in (await c.get("/databases/instances")).json()["data"]}
        assert engines == {"mysql", "postgresql"}


async def test_object_storage(sim: Any) -> None:
    async with sim.http_client() as c:
        buckets = (await c.get("/object-storage/buckets")).json()["data"]
        b = buckets[0]
        objs = (await c.get(f"/object-storage/buckets/{b['region']}/{b['label']}/object-list")).json()
        assert objs["data"] and objs["is_truncated"] is False
        r = await c.post("/object-storage/keys", json={"label": "ci"})
        assert r.status_code == 200 and len(r.json()["secret_key"]) == 40
        listed = (await c.get(f"/object-storage/keys/{r.json()['id']}")).json()
        assert listed["secret_key"] == "[REDACTED]"


async def test_profile_token_secret_shown_once_and_usable(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post("/profile/tokens", json={"label": "script", "scopes": "linodes:read_only"})
        assert r.status_code == 200
        secret = r.json()["token"]
        assert len(secret) == 64
        again = (await c.get(f"/profile/tokens/{r.json()['id']}")).json()
        assert again["token"] != secret
    async with sim.http_client(secret) as c2:
        assert (await c2.get("/linode/instances")).status_code == 200
        assert (await c2.get("/volumes")).status_code == 403


async def test_events_seen_and_read(sim: Any) -> None:
    async with sim.http_client() as c:
        events = (await c.get("/account/events", params={"page_size": 100})).json()["data"]
        newest = events[0]
        middle = events[len(events) // 2]
        assert (await c.post(f"/account/events/{middle['id']}/seen")).status_code == 200
        after = {
            e["id"]: e for e in (await c.get("/account/events", params={"page_size": 100})).json()["data"]
        }
        assert all(after[e["id"]]["seen"] for e in events if e["id"] <= middle["id"])
        assert after[newest["id"]]["seen"] is False
        await c.post(f"/account/events/{newest['id']}/read")
        assert (await c.get(f"/account/events/{newest['id']}")).json()["read"] is True


async def test_misc_areas_answer(sim: Any) -> None:
    async with sim.http_client() as c:
        for path in (
            "/account/invoices",
            "/account/payments",
            "/account/users",
            "/account/logins",
            "/account/notifications",
            "/account/maintenance",
            "/support/tickets",
            "/longview/clients",
            "/managed/services",
            "/managed/contacts",
            "/profile/sshkeys",
            "/profile/apps",
            "/vpcs",
            "/placement/groups",
            "/images",
            "/linode/stackscripts",
            "/tags",
            "/lke/versions",
            "/volumes/types",
            "/nodebalancers/types",
            "/lke/types",
            "/object-storage/types",
            "/longview/types",
            "/network-transfer/prices",
            "/databases/types",
            "/linode/kernels",
        ):
            r = await c.get(path)
            assert r.status_code == 200, (path, r.text)
            assert r.json()["results"] > 0, path
        inv = (await c.get("/account/invoices")).json()["data"][0]
        items = (await c.get(f"/account/invoices/{inv['id']}/items")).json()["data"]
        assert items and round(sum(i["amount"] for i in items), 2) == inv["subtotal"]
        ticket = (await c.post("/support/tickets", json={"summary": "Help", "description": "Please"})).json()
        await c.post(f"/support/tickets/{ticket['id']}/replies", json={"description": "More info"})
        replies = (await c.get(f"/support/tickets/{ticket['id']}/replies")).json()["data"]
        assert [r["description"] for r in replies] == ["More info"]
        tagged = (await c.get("/tags/prod")).json()["data"]
        assert tagged and all("prod" in t["data"]["tags"] for t in tagged)
    assert not sim.error_log


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"type": "A", "name": "www", "target": "192.0.2.256"}, "target"),
        ({"type": "A", "name": "bad name", "target": "192.0.2.1"}, "name"),
        ({"type": "AAAA", "name": "v6", "target": "192.0.2.1"}, "target"),
        ({"type": "CNAME", "target": "www.example.com"}, "name"),
        ({"type": "CNAME", "name": "x", "target": "not a host"}, "target"),
        ({"type": "MX", "target": "mail.example.com", "priority": 256}, "priority"),
        ({"type": "NS", "name": "sub", "target": "-bad-.example"}, "target"),
        ({"type": "SRV", "service": "sip", "protocol": "tcp", "target": "sip.example.com", "priority": 1,
          "weight": 1}, "port"),
        ({"type": "SRV", "service": "sip", "target": "h.example.com", "priority": 1, "weight": 1,
          "port": 70000}, "port"),
        ({"type": "CAA", "tag": "issuewild", "target": "*.letsencrypt.org"}, "target"),
        ({"type": "CAA", "tag": "iodef", "target": "mailto:nobody"}, "target"),
        ({"type": "CAA", "tag": "policy", "target": "letsencrypt.org"}, "tag"),
        ({"type": "TXT", "name": "x"}, "target"),
    ],
)
async def test_domain_record_validation_per_type(sim: Any, record: dict[str, Any], field: str) -> None:
    did = next(d for d in sim.world.domains.values() if d["type"] == "master")["id"]
    before = dict(sim.world.domain_records[did])
    async with sim.http_client() as c:
        r = await c.post(f"/domains/{did}/records", json=record)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == field, r.text
    assert sim.world.domain_records[did] == before


async def test_domain_records_normalised_ttls_rounded_and_import(sim: Any) -> None:
    did = next(d for d in sim.world.domains.values() if d["type"] == "master")["id"]
    async with sim.http_client() as c:
        r = await c.post(f"/domains/{did}/records", json={
            "type": "SRV", "service": "xmpp", "protocol": "tcp", "target": "x.example.com", "priority": 5,
            "weight": 1, "port": 5222, "ttl_sec": 4000})
        assert r.status_code == 200, r.text
        srv = r.json()
        got = (srv["name"], srv["service"], srv["protocol"], srv["ttl_sec"])
        assert got == ("_xmpp._tcp", "_xmpp", "_tcp", 3600)  # underscores added, the TTL rounded
        cname = {"type": "CNAME", "name": "www", "target": "a.example"}
        r = await c.post(f"/domains/{did}/records", json=cname)
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"  # www has an A record
        r = await c.put(f"/domains/{did}", json={"ttl_sec": 4000, "expire_sec": 3_000_000, "axfr_ips": ["x"]})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "axfr_ips"
        r = await c.put(f"/domains/{did}", json={"ttl_sec": 4000, "expire_sec": 3_000_000})
        assert (r.json()["ttl_sec"], r.json()["expire_sec"]) == (7200, 2419200)  # rounded up
        r = await c.post("/domains/import", json={"domain": "moved.example", "remote_nameserver": "ns 1"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "remote_nameserver"
        good = {"domain": "moved.example", "remote_nameserver": "ns1.old.example"}
        r = await c.post("/domains/import", json=good)
        assert r.status_code == 200 and r.json()["type"] == "master"
        recs = (await c.get(f"/domains/{r.json()['id']}/records")).json()["data"]
        assert {x["type"] for x in recs} >= {"A", "MX"}
        events = (await c.get("/account/events")).json()["data"]
        assert {"dns_record_create", "dns_zone_update", "dns_zone_import"} <= {e["action"] for e in events}
