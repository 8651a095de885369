"""Lifecycles over sim time: statuses, events (scheduled → started → finished/failed), busy, failures."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from linode_tui.sim import create_sim
from linode_tui.sim.lifecycle import DURATIONS, SCHEDULED_FOR


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=30)


def pick(sim: Any, status: str = "running") -> dict[str, Any]:
    for x in sim.world.linodes.values():
        if (
            x["status"] == status
            and "fail" not in x["label"]
            and x["lke_cluster_id"] is None
            and ("linode", x["id"]) not in sim.world.busy_keys
        ):
            found: dict[str, Any] = x
            return found
    raise AssertionError(f"no {status} Linode")


async def latest_event(c: httpx.AsyncClient, **flt: Any) -> dict[str, Any]:
    import json

    r = await c.get(
        "/account/events", headers={"X-Filter": json.dumps({**flt, "+order_by": "id", "+order": "desc"})}
    )
    assert r.status_code == 200, r.text
    event: dict[str, Any] = r.json()["data"][0]
    return event


async def test_boot_moves_through_statuses_and_events(sim: Any) -> None:
    linode = pick(sim, "offline")
    lid = linode["id"]
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{lid}/boot")
        assert r.status_code == 200 and r.json() == {}
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "booting"
        ev = await latest_event(c, **{"entity.id": lid})
        assert ev["action"] == "linode_boot" and ev["status"] == "scheduled"
        assert ev["entity"] == {
            "id": lid,
            "label": linode["label"],
            "type": "linode",
            "url": f"/v4/linode/instances/{lid}",
        }
        assert ev["secondary_entity"]["type"] == "linode_config"
        assert ev["username"] == "demo-user" and ev["seen"] is False and ev["read"] is False
        percents = []
        for _ in range(3):
            sim.clock.advance(8)
            ev = (await c.get(f"/account/events/{ev['id']}")).json()
            assert ev["status"] == "started"
            assert ev["time_remaining"] is None
            percents.append(ev["percent_complete"])
        assert percents == sorted(percents) and percents[0] < percents[-1] < 100
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "booting"
        sim.clock.advance(DURATIONS["linode_boot"])
        ev = (await c.get(f"/account/events/{ev['id']}")).json()
        assert ev["status"] == "finished" and ev["percent_complete"] == 100
        assert ev["duration"] == pytest.approx(DURATIONS["linode_boot"])
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "running"


async def test_shutdown_and_reboot(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        assert (await c.post(f"/linode/instances/{lid}/shutdown")).status_code == 200
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "shutting_down"
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_shutdown"])
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "offline"
        assert (await c.post(f"/linode/instances/{lid}/reboot")).status_code == 200
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_reboot"] + 1)
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "running"


async def test_busy_while_a_job_runs(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        assert (await c.post(f"/linode/instances/{lid}/reboot")).status_code == 200
        for path in ("reboot", "shutdown", "boot"):
            r = await c.post(f"/linode/instances/{lid}/{path}")
            assert r.status_code == 400
            assert r.json() == {"errors": [{"reason": "Linode busy."}]}
        r = await c.delete(f"/linode/instances/{lid}")
        assert r.status_code == 400 and r.json()["errors"][0]["reason"] == "Linode busy."
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_reboot"])
        assert (await c.post(f"/linode/instances/{lid}/shutdown")).status_code == 200


async def test_label_with_fail_makes_the_action_fail(sim: Any) -> None:
    linode = next(x for x in sim.world.linodes.values() if "fail" in x["label"])
    lid = linode["id"]
    before = linode["status"]
    action = "shutdown" if before == "running" else "boot"
    async with sim.http_client() as c:
        assert (await c.post(f"/linode/instances/{lid}/{action}")).status_code == 200
        ev = await latest_event(c, **{"entity.id": lid})
        sim.clock.advance(300)
        ev = (await c.get(f"/account/events/{ev['id']}")).json()
        assert ev["status"] == "failed"
        assert ev["percent_complete"] < 100
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == before
        # renamed: the next action succeeds
        r = await c.put(f"/linode/instances/{lid}", json={"label": "web-fixed-1"})
        assert r.status_code == 200
        assert (await c.post(f"/linode/instances/{lid}/{action}")).status_code == 200
        sim.clock.advance(300)
        ev = await latest_event(c, **{"entity.id": lid, "action": f"linode_{action}"})
        assert ev["status"] == "finished"


async def test_delete_goes_deleting_then_404(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        r = await c.delete(f"/linode/instances/{lid}")
        assert r.status_code == 200
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "deleting"
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_delete"])
        r = await c.get(f"/linode/instances/{lid}")
        assert r.status_code == 404 and r.json() == {"errors": [{"reason": "Not found"}]}
        ev = await latest_event(c, **{"entity.id": lid, "action": "linode_delete"})
        assert ev["status"] == "finished"
        ids = [x["id"] for x in (await c.get("/linode/instances", params={"page_size": 500})).json()["data"]]
        assert lid not in ids


async def test_create_provisions_then_boots(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/linode/instances",
            json={
                "region": "eu-west",
                "type": "g6-standard-2",
                "image": "linode/debian12",
                "root_pass": "Correct-Horse-9-Battery",
                "label": "api-new-1",
                "tags": ["staging"],
            },
        )
        assert r.status_code == 200, r.text
        linode = r.json()
        lid = linode["id"]
        assert linode["status"] == "provisioning" and linode["label"] == "api-new-1"
        assert linode["specs"]["vcpus"] == 2 and linode["ipv4"]
        ev = await latest_event(c, **{"entity.id": lid, "action": "linode_create"})
        assert ev["secondary_entity"]["id"] == "linode/debian12"
        assert ev["secondary_entity"]["type"] == "image"
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_create"] + 1)
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "booting"
        created = (await c.get(f"/account/events/{ev['id']}")).json()
        assert created["status"] == "finished"
        boot = await latest_event(c, **{"entity.id": lid, "action": "linode_boot"})
        assert boot["status"] in ("scheduled", "started") and boot["id"] > ev["id"]
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_boot"])
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "running"
        disks = (await c.get(f"/linode/instances/{lid}/disks")).json()["data"]
        assert {d["filesystem"] for d in disks} == {"ext4", "swap"}


async def test_create_without_boot_ends_offline(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/linode/instances", json={"region": "us-east", "type": "g6-nanode-1", "label": "empty-1"}
        )
        assert r.status_code == 200, r.text
        lid = r.json()["id"]
        sim.clock.advance(600)
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "offline"


async def test_resize_reports_time_remaining(sim: Any) -> None:
    linode = pick(sim)
    lid = linode["id"]
    target = "g6-standard-8"
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{lid}/resize", json={"type": target})
        assert r.status_code == 200, r.text
        sim.clock.advance(SCHEDULED_FOR + 30)
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "migrating"
        ev = await latest_event(c, **{"entity.id": lid, "action": "linode_resize"})
        h, m, s = (int(p) for p in ev["time_remaining"].split(":"))
        assert h * 3600 + m * 60 + s == pytest.approx(DURATIONS["linode_resize"] - 30, abs=1)
        sim.clock.advance(DURATIONS["linode_resize"])
        after = (await c.get(f"/linode/instances/{lid}")).json()
        assert after["status"] == "running" and after["type"] == target
        assert after["specs"]["vcpus"] == 8


async def test_clone_marks_source_cloning(sim: Any) -> None:
    src = pick(sim)
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{src['id']}/clone", json={"label": "clone-of-src"})
        assert r.status_code == 200, r.text
        new = r.json()
        assert new["status"] == "provisioning"
        assert (await c.get(f"/linode/instances/{src['id']}")).json()["status"] == "cloning"
        ev = await latest_event(c, **{"action": "linode_clone"})
        assert ev["entity"]["id"] == new["id"] and ev["secondary_entity"]["id"] == src["id"]
        sim.clock.advance(600)
        assert (await c.get(f"/linode/instances/{new['id']}")).json()["status"] == "offline"
        assert (await c.get(f"/linode/instances/{src['id']}")).json()["status"] == "running"


async def test_volume_attach_emits_event_and_sets_linode(sim: Any) -> None:
    linode = pick(sim)
    async with sim.http_client() as c:
        r = await c.post("/volumes", json={"label": "vol-test-1", "size": 20, "region": linode["region"]})
        assert r.status_code == 200, r.text
        vol = r.json()
        assert vol["status"] == "creating"
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["volume_create"])
        assert (await c.get(f"/volumes/{vol['id']}")).json()["status"] == "active"
        r = await c.post(f"/volumes/{vol['id']}/attach", json={"linode_id": linode["id"]})
        assert r.status_code == 200, r.text
        assert r.json()["linode_id"] == linode["id"]
        ev = await latest_event(c, **{"entity.type": "volume", "entity.id": vol["id"]})
        assert ev["action"] == "volume_attach" and ev["entity"]["url"] == f"/v4/volumes/{vol['id']}"
        listed = (await c.get(f"/linode/instances/{linode['id']}/volumes")).json()["data"]
        assert vol["id"] in [v["id"] for v in listed]
        sim.clock.advance(60)
        assert (await c.get(f"/account/events/{ev['id']}")).json()["status"] == "finished"
        r = await c.post(f"/volumes/{vol['id']}/detach")
        assert r.status_code == 200
        sim.clock.advance(60)
        assert (await c.get(f"/volumes/{vol['id']}")).json()["linode_id"] is None


async def test_stats_shape_and_advance(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        r = await c.get(f"/linode/instances/{lid}/stats")
        assert r.status_code == 200, r.text
        stats = r.json()
        assert stats["title"].startswith("linode.com - ") and stats["title"].endswith("day (5 min avg)")
        data = stats["data"]
        assert set(data) == {"cpu", "io", "netv4", "netv6"}
        assert set(data["io"]) == {"io", "swap"}
        assert set(data["netv4"]) == set(data["netv6"]) == {"in", "out", "private_in", "private_out"}
        cpu = data["cpu"]
        assert len(cpu) == 288
        steps = {b[0] - a[0] for a, b in itertools.pairwise(cpu)}
        assert steps == {300_000}
        assert cpu[-1][0] % 300_000 == 0
        assert any(v > 0 for _, v in cpu)
        again = (await c.get(f"/linode/instances/{lid}/stats")).json()
        assert again == stats  # deterministic for the same instant
        sim.clock.advance(600)
        later = (await c.get(f"/linode/instances/{lid}/stats")).json()["data"]["cpu"]
        assert later[-1][0] == cpu[-1][0] + 600_000
        assert later[:-2] == cpu[2:]  # old points never change


async def test_stats_zero_while_offline(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        await c.post(f"/linode/instances/{lid}/shutdown")
        sim.clock.advance(3600)
        cpu = (await c.get(f"/linode/instances/{lid}/stats")).json()["data"]["cpu"]
        assert all(v == 0 for _, v in cpu[-6:])
        assert any(v > 0 for _, v in cpu[:100])


async def test_fresh_linode_has_no_stats(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post(
            "/linode/instances",
            json={
                "region": "us-east",
                "type": "g6-nanode-1",
                "image": "linode/ubuntu24.04",
                "root_pass": "Correct-Horse-9-Battery",
            },
        )
        lid = r.json()["id"]
        r = await c.get(f"/linode/instances/{lid}/stats")
        assert r.status_code == 400
        assert r.json() == {"errors": [{"reason": "Stats are unavailable at this time."}]}
        sim.clock.advance(3600)
        assert (await c.get(f"/linode/instances/{lid}/stats")).status_code == 200


async def test_seeded_job_in_flight() -> None:
    sim = create_sim(frozen=True, linodes=30)
    started = [e for e in sim.world.events.values() if e["status"] in ("scheduled", "started")]
    assert started
    sim.clock.advance(120)
    sim.world.tick()
    assert all(e["status"] == "finished" for e in started)


async def test_monthly_stats_and_transfer(sim: Any) -> None:
    lid = pick(sim)["id"]
    async with sim.http_client() as c:
        month = (await c.get(f"/linode/instances/{lid}/stats/2025/1")).json()
        assert month["title"].endswith("month (1 hour avg)")
        cpu = month["data"]["cpu"]
        # 2025-01-01 00:00 until the sim clock's hour (2025-01-15 12:00 UTC)
        assert cpu[0][0] == 1735689600000 and len(cpu) == 14 * 24 + 12 + 1
        assert (await c.get(f"/linode/instances/{lid}/stats/2025/13")).status_code == 400
        t1 = (await c.get(f"/linode/instances/{lid}/transfer")).json()
        assert set(t1) == {"used", "quota", "billable"} and t1["used"] > 0
        sim.clock.advance(86400)
        t2 = (await c.get(f"/linode/instances/{lid}/transfer")).json()
        assert t2["used"] > t1["used"]
        dec = (await c.get(f"/linode/instances/{lid}/transfer/2024/12")).json()
        assert dec["bytes_total"] == dec["bytes_in"] + dec["bytes_out"]


async def test_migrate_to_another_region(sim: Any) -> None:
    linode = pick(sim)
    target = "se-sto" if linode["region"] != "se-sto" else "fr-par"
    async with sim.http_client() as c:
        r = await c.post(f"/linode/instances/{linode['id']}/migrate", json={"region": linode["region"]})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "region"
        assert (
            await c.post(f"/linode/instances/{linode['id']}/migrate", json={"region": target})
        ).status_code == 200
        ev = await latest_event(c, **{"entity.id": linode["id"]})
        assert ev["action"] == "linode_migrate_datacenter"
        assert isinstance(ev["time_remaining"], str)
        sim.clock.advance(SCHEDULED_FOR + DURATIONS["linode_migrate_datacenter"])
        after = (await c.get(f"/linode/instances/{linode['id']}")).json()
        assert after["region"] == target and after["status"] == "running"


async def test_rebuild_redeploys_and_boots(sim: Any) -> None:
    linode = pick(sim)
    lid = linode["id"]
    async with sim.http_client() as c:
        old_disks = {d["id"] for d in (await c.get(f"/linode/instances/{lid}/disks")).json()["data"]}
        r = await c.post(
            f"/linode/instances/{lid}/rebuild",
            json={"image": "linode/almalinux9", "root_pass": "Correct-Horse-9-Battery"},
        )
        assert r.status_code == 200, r.text
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "rebuilding"
        ev = await latest_event(c, **{"entity.id": lid, "action": "linode_rebuild"})
        assert ev["secondary_entity"]["id"] == "linode/almalinux9"
        sim.clock.advance(600)
        after = (await c.get(f"/linode/instances/{lid}")).json()
        assert after["status"] == "running" and after["image"] == "linode/almalinux9"
        disks = (await c.get(f"/linode/instances/{lid}/disks")).json()["data"]
        assert not old_disks & {d["id"] for d in disks}
        assert any(d["label"].startswith("AlmaLinux 9") for d in disks)


async def test_restore_backup(sim: Any) -> None:
    linode = next(
        x
        for x in sim.world.linodes.values()
        if x["backups"]["enabled"]
        and x["status"] == "running"
        and "fail" not in x["label"]
        and ("linode", x["id"]) not in sim.world.busy_keys
        and x["lke_cluster_id"] is None
    )
    lid = linode["id"]
    async with sim.http_client() as c:
        backups = (await c.get(f"/linode/instances/{lid}/backups")).json()
        bid = backups["automatic"][0]["id"]
        r = await c.post(
            f"/linode/instances/{lid}/backups/{bid}/restore", json={"linode_id": lid, "overwrite": True}
        )
        assert r.status_code == 200, r.text
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "restoring"
        sim.clock.advance(600)
        assert (await c.get(f"/linode/instances/{lid}")).json()["status"] == "offline"
        ev = await latest_event(c, **{"entity.id": lid, "action": "backups_restore"})
        assert ev["status"] == "finished"
