"""The simulator's network handlers this area relies on, through its HTTP surface: IPv6 ranges
created and deleted, IP sharing, a NodeBalancer joining a VPC subnet (and the subnet saying so)."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.sim import create_sim


@pytest.fixture
def sim() -> Any:
    return create_sim(seed=7, frozen=True, linodes=25)


def _east(sim: Any) -> list[dict[str, Any]]:
    return [x for x in sim.world.linodes.values() if x["region"] == "us-east"]


def _reason(r: Any) -> tuple[str | None, str]:
    err = r.json()["errors"][0]
    return err.get("field"), err["reason"]


async def test_ipv6_range_create_validates_then_routes_and_deletes(sim: Any) -> None:
    linode = _east(sim)[0]
    async with sim.http_client() as c:
        r = await c.post("/networking/ipv6/ranges", json={"prefix_length": 48, "linode_id": linode["id"]})
        # the spec's enum (56, 64) is checked before the handler, like every body rule of the spec
        assert r.status_code == 400 and _reason(r) == ("prefix_length", "prefix_length is not valid")
        r = await c.post("/networking/ipv6/ranges", json={"prefix_length": 64})
        assert r.status_code == 400 and _reason(r)[0] == "linode_id"
        slaac = linode["ipv6"].split("/")[0]
        r = await c.post("/networking/ipv6/ranges", json={"prefix_length": 64, "route_target": slaac})
        assert r.status_code == 200, r.text
        made = r.json()
        assert made["range"].endswith("/64") and made["route_target"] == slaac
        listed = (await c.get("/networking/ipv6/ranges")).json()["data"]
        base = made["range"].split("/")[0]
        assert any(x["range"] == base and x["region"] == "us-east" for x in listed)
        assert (await c.get(f"/networking/ipv6/ranges/{base}")).status_code == 200
        assert (await c.delete(f"/networking/ipv6/ranges/{base}")).status_code == 200
        assert (await c.get(f"/networking/ipv6/ranges/{base}")).status_code == 404


async def test_ip_share_same_region_only_and_replaces(sim: Any) -> None:
    a, b = _east(sim)[:2]
    far = next(x for x in sim.world.linodes.values() if x["region"] != "us-east")
    ip_b = next(i for i in b["ipv4"] if not i.startswith("192.168."))
    ip_far = next(i for i in far["ipv4"] if not i.startswith("192.168."))
    async with sim.http_client() as c:
        r = await c.post("/networking/ips/share", json={"linode_id": a["id"], "ips": [ip_far]})
        assert r.status_code == 400 and _reason(r)[0] == "ips[0]"
        r = await c.post("/networking/ips/share", json={"linode_id": a["id"], "ips": [ip_b]})
        assert r.status_code == 200, r.text
        ips = (await c.get(f"/linode/instances/{a['id']}/ips")).json()
        assert [s["address"] for s in ips["ipv4"]["shared"]] == [ip_b]
        r = await c.post("/networking/ips/share", json={"linode_id": a["id"], "ips": []})
        ips = (await c.get(f"/linode/instances/{a['id']}/ips")).json()
        assert ips["ipv4"]["shared"] == []


async def test_nodebalancer_in_a_vpc_subnet(sim: Any) -> None:
    vpc = next(v for v in sim.world.vpcs.values() if v["label"] == "prod-vpc")
    used = {link["subnet_id"] for link in sim.world.vpc_links.values()}
    sub = next(s for s in sim.world.subnets[vpc["id"]].values() if s["id"] not in used)  # no Linode
    async with sim.http_client() as c:
        r = await c.post("/nodebalancers", json={"region": "eu-central", "vpcs": [{"subnet_id": sub["id"]}]})
        assert r.status_code == 400 and _reason(r)[0] == "vpcs[0].subnet_id"
        r = await c.post("/nodebalancers", json={"region": "us-east", "vpcs": [{"subnet_id": sub["id"]}]})
        assert r.status_code == 200, r.text
        nid = r.json()["id"]
        (cfg,) = (await c.get(f"/nodebalancers/{nid}/vpcs")).json()["data"]
        assert (cfg["vpc_id"], cfg["subnet_id"]) == (vpc["id"], sub["id"])
        got = (await c.get(f"/vpcs/{vpc['id']}/subnets/{sub['id']}")).json()
        assert got["nodebalancers"] == [{"id": nid, "ipv4_range": cfg["ipv4_range"]}]
        assert got["databases"] == []
        r = await c.delete(f"/vpcs/{vpc['id']}/subnets/{sub['id']}")
        assert r.status_code == 400 and "NodeBalancers" in r.json()["errors"][0]["reason"]
        assert (await c.delete(f"/nodebalancers/{nid}")).status_code == 200
        got = (await c.get(f"/vpcs/{vpc['id']}/subnets/{sub['id']}")).json()
        assert got["nodebalancers"] == []


async def test_a_vpc_nat_address_says_so_and_is_not_shared(sim: Any) -> None:
    """The API: "A public IPv4 address cannot be shared if it is configured for a 1:1 NAT on a vpc
    purpose Configuration Profile Interface"; the address object names the VPC address
    (``vpc_nat_1_1``), and the IPs area offers no share for it, saying why."""
    from linode_tui.areas.ips import AREA

    lid, link = next(iter(sim.world.vpc_links.items()))
    linode = sim.world.linodes[lid]
    address = next(a for a in linode["ipv4"] if not a.startswith("192.168."))
    other = next(x for x in sim.world.linodes.values() if x["region"] == linode["region"] and x["id"] != lid)
    async with sim.http_client() as c:
        ip = (await c.get(f"/networking/ips/{address}")).json()
        assert ip["vpc_nat_1_1"]["address"] == link["address"]
        r = await c.post("/networking/ips/share", json={"linode_id": other["id"], "ips": [address]})
        assert r.status_code == 400 and _reason(r)[0] == "ips[0]"
    share = AREA.action("share")
    assert share is not None and share.blocked is not None
    assert "1:1 NAT" in (share.blocked(ip) or "")
    ip["vpc_nat_1_1"] = None
    assert share.blocked(ip) is None
