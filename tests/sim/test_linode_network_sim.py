"""The simulator's Linode operations the Linodes area uses, as the real API answers them: IP
sharing (replaces the shared list, same region, not the Linode's own), plan upgrade only with a
successor, rescue device maps, restoring a backup within one region."""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim import Simulator, create_sim

STAGING, GIT, API = 43716563, 43716831, 43716544  # us-west, us-west, fr-par


def _sim() -> Simulator:
    return create_sim(seed=7, linodes=25, frozen=True)


def _field(r: Any) -> tuple[int, str | None]:
    err = (r.json().get("errors") or [{}])[0]
    return r.status_code, err.get("field")


async def test_share_replaces_the_list_and_checks_region_and_ownership() -> None:
    sim = _sim()
    own = sim.world.linodes[STAGING]["ipv4"][0]
    theirs = sim.world.linodes[GIT]["ipv4"]
    elsewhere = sim.world.linodes[API]["ipv4"][0]
    async with sim.http_client() as c:
        r = await c.post("/networking/ips/share", json={"linode_id": STAGING, "ips": theirs})
        assert r.status_code == 200, r.text
        got = (await c.get(f"/linode/instances/{STAGING}/ips")).json()["ipv4"]["shared"]
        assert [ip["address"] for ip in got] == theirs
        assert _field(await c.post("/networking/ips/share", json={"linode_id": STAGING, "ips": [own]})) == (
            400,
            "ips[0]",
        )
        r = await c.post("/networking/ips/share", json={"linode_id": STAGING, "ips": [elsewhere]})
        assert _field(r) == (400, "ips[0]") and "same region" in r.text
        assert _field(await c.post("/networking/ips/share", json={"linode_id": STAGING})) == (400, "ips")
        # Rejected requests changed nothing; an empty list stops the sharing.
        got = (await c.get(f"/linode/instances/{STAGING}/ips")).json()["ipv4"]["shared"]
        assert [ip["address"] for ip in got] == theirs
        r = await c.post("/networking/ips/share", json={"linode_id": STAGING, "ips": []})
        assert r.status_code == 200
        assert (await c.get(f"/linode/instances/{STAGING}/ips")).json()["ipv4"]["shared"] == []


async def test_mutate_needs_a_successor_and_takes_its_specs() -> None:
    sim = _sim()
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{GIT}/mutate", json={})
        assert r.status_code == 400 and "successor" in r.text
        old = copy.deepcopy(sim.world.types["g6-standard-1"])
        old.update(id="g5-standard-1", successor="g6-standard-2")
        sim.world.types["g5-standard-1"] = old
        sim.world.linodes[GIT]["type"] = "g5-standard-1"
        assert (await c.post(f"/linode/instances/{GIT}/mutate", json={})).status_code == 200
        sim.clock.advance(3600)
        sim.world.tick()
        linode = (await c.get(f"/linode/instances/{GIT}")).json()
        assert linode["type"] == "g6-standard-2"
        assert linode["specs"]["memory"] == sim.world.types["g6-standard-2"]["memory"]


async def test_rescue_checks_its_device_map() -> None:
    sim = _sim()
    disks = list(sim.world.disks(API))
    other = next(iter(sim.world.disks(GIT)))
    loose = next(v for v in sim.world.volumes.values() if v.get("linode_id") != API)
    path = f"/linode/instances/{API}/rescue"
    async with sim.http_client() as c:
        bad = [
            ({"sdh": {"disk_id": disks[0]}}, "devices.sdh"),
            ({"sda": {"disk_id": other}}, "devices.sda.disk_id"),
            ({"sda": {"volume_id": loose["id"]}}, "devices.sda.volume_id"),
            ({"sda": {"disk_id": disks[0], "volume_id": loose["id"]}}, "devices.sda"),
        ]
        for devices, field in bad:
            assert _field(await c.post(path, json={"devices": devices})) == (400, field), devices
        assert sim.world.linodes[API]["status"] == "running"  # nothing started
        ok = {"sda": {"disk_id": disks[0]}, "sdb": {"disk_id": disks[1]}, "sdc": None}
        assert (await c.post(path, json={"devices": ok})).status_code == 200
        assert sim.world.linodes[API]["status"] == "booting"


async def test_restore_only_onto_a_linode_in_the_backups_region() -> None:
    sim = _sim()
    src = 43716873  # prod-media-13, ap-southeast, backups on
    backup = next(b for b in sim.world.backups(src)["automatic"] if b["available"])
    path = f"/linode/instances/{src}/backups/{backup['id']}/restore"
    async with sim.http_client() as c:
        r = await c.post(path, json={"linode_id": API, "overwrite": True})
        assert _field(r) == (400, "linode_id") and "same region" in r.text
        assert (await c.post(path, json={"linode_id": 43716791, "overwrite": True})).status_code == 200
        assert sim.world.linodes[43716791]["status"] == "restoring"
