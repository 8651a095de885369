"""Firewall devices in the simulator follow the real API (4.229.1): a Linode interface is a device
(``type: linode_interface``; public and VPC interfaces only, one firewall each), and a Linode that
uses Linode interfaces takes a firewall on its interfaces, not as a whole."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.sim import create_sim


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=25)


def _new_gen(sim: Any) -> dict[str, Any]:
    return next(
        x
        for x in sim.world.linodes.values()
        if x.get("interface_generation") == "linode"
        and any(i["vlan"] for i in sim.world.linode_interfaces[x["id"]].values())
    )


async def test_interface_devices(sim: Any) -> None:
    world = sim.world
    linode = _new_gen(sim)
    ifaces = list(world.linode_interfaces[linode["id"]].values())
    public = next(i for i in ifaces if i["public"] is not None)
    vlan = next(i for i in ifaces if i["vlan"] is not None)
    fid = next(iter(world.firewalls))
    other = list(world.firewalls)[1]
    async with sim.http_client() as c:
        devices = f"/networking/firewalls/{fid}/devices"
        r = await c.post(devices, json={"type": "linode_interface", "id": public["id"]})
        assert r.status_code == 200, r.text
        dev = r.json()
        assert dev["entity"]["type"] == "linode_interface" and dev["entity"]["id"] == public["id"]
        assert dev["entity"]["parent_entity"]["id"] == linode["id"]
        fws = (await c.get(f"/linode/instances/{linode['id']}/interfaces/{public['id']}/firewalls")).json()
        assert [f["id"] for f in fws["data"]] == [fid]
        # one firewall per interface
        r = await c.post(
            f"/networking/firewalls/{other}/devices", json={"type": "linode_interface", "id": public["id"]}
        )
        assert r.status_code == 400
        # none on a VLAN interface, none on an interface that does not exist
        r = await c.post(devices, json={"type": "linode_interface", "id": vlan["id"]})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "id"
        r = await c.post(devices, json={"type": "linode_interface", "id": 1})
        assert r.status_code == 400
        # the Linode as a whole: no (its interfaces take firewalls)
        r = await c.post(devices, json={"type": "linode", "id": linode["id"]})
        assert r.status_code == 400 and "Linode interfaces" in r.json()["errors"][0]["reason"]
        assert (await c.delete(f"{devices}/{dev['id']}")).status_code == 200
        fws = (await c.get(f"/linode/instances/{linode['id']}/interfaces/{public['id']}/firewalls")).json()
        assert fws["data"] == []


async def test_create_with_interface_devices(sim: Any) -> None:
    linode = _new_gen(sim)
    public = next(i for i in sim.world.linode_interfaces[linode["id"]].values() if i["public"] is not None)
    rules = {"inbound": [], "inbound_policy": "DROP", "outbound": [], "outbound_policy": "ACCEPT"}
    async with sim.http_client() as c:
        r = await c.post(
            "/networking/firewalls",
            json={"label": "fw-iface", "rules": rules, "devices": {"linode_interfaces": [public["id"]]}},
        )
        assert r.status_code == 200, r.text
        assert [e["type"] for e in r.json()["entities"]] == ["linode_interface"]


async def test_create_refused_for_a_device_creates_nothing(sim: Any) -> None:
    linode = _new_gen(sim)
    before = set(sim.world.firewalls)
    rules = {"inbound": [], "inbound_policy": "DROP", "outbound": [], "outbound_policy": "ACCEPT"}
    async with sim.http_client() as c:
        r = await c.post(
            "/networking/firewalls",
            json={"label": "fw-no", "rules": rules, "devices": {"linodes": [linode["id"]]}},
        )
    assert r.status_code == 400
    assert set(sim.world.firewalls) == before
