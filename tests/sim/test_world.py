"""World seeding: determinism, scale, relations and tokens."""

from __future__ import annotations

import json
import time

from linode_tui.sim.clock import SimClock
from linode_tui.sim.world import World


def make(seed: int = 1, linodes: int = 30) -> World:
    return World(seed=seed, linodes=linodes, clock=SimClock(frozen=True))


def snapshot(world: World) -> str:
    lids = list(world.linodes)[:5]
    parts = {
        "linodes": list(world.linodes.values()),
        "volumes": list(world.volumes.values()),
        "nodebalancers": list(world.nodebalancers.values()),
        "events": list(world.events.values()),
        "domains": list(world.domains.values()),
        "lke": list(world.lke_clusters.values()),
        "disks": [list(world.disks(lid).values()) for lid in lids],
        "ips": [world.ips(lid) for lid in lids],
    }
    return json.dumps(parts, sort_keys=True)


def test_same_seed_same_json() -> None:
    assert snapshot(make(7)) == snapshot(make(7))


def test_different_seed_differs() -> None:
    assert snapshot(make(1)) != snapshot(make(2))


def test_linode_count_and_unique_labels() -> None:
    world = make(3, 200)
    assert len(world.linodes) == 200
    labels = [x["label"] for x in world.linodes.values()]
    assert len(set(labels)) == len(labels)
    ids = list(world.linodes)
    assert ids == sorted(ids)
    for label in labels:
        assert 3 <= len(label) <= 64
        assert all(c.isalnum() or c in "-_." for c in label)


def test_realistic_spread() -> None:
    world = make(1, 500)
    statuses = {x["status"] for x in world.linodes.values()}
    assert {"running", "offline"} <= statuses
    assert len({x["region"] for x in world.linodes.values()}) >= 10
    assert all(x["type"] in world.types for x in world.linodes.values())
    assert any("[legacy]" in x["tags"] for x in world.linodes.values())
    assert any("fail" in x["label"] for x in world.linodes.values())
    assert any(x["backups"]["enabled"] for x in world.linodes.values())


def test_seed_10k_is_fast() -> None:
    start = time.perf_counter()
    world = make(1, 10_000)
    elapsed = time.perf_counter() - start
    print(f"seeding 10,000 Linodes took {elapsed:.3f}s")
    assert len(world.linodes) == 10_000
    assert elapsed < 5.0


def test_lke_nodes_are_linodes() -> None:
    world = make(1, 40)
    assert world.lke_clusters
    for cid, pools in world.lke_pools.items():
        for pool in pools.values():
            assert pool["count"] == len(pool["nodes"]) > 0
            for node in pool["nodes"]:
                linode = world.linodes[node["instance_id"]]
                assert linode["lke_cluster_id"] == cid
                assert linode["type"] == pool["type"]


def test_nodebalancer_nodes_point_at_private_ips() -> None:
    world = make(1, 60)
    private = {a for x in world.linodes.values() for a in x["ipv4"] if a.startswith("192.168.")}
    nodes = [n for cfgs in world.nb_nodes.values() for n in cfgs.values()]
    assert nodes
    for n in nodes:
        assert n["address"].rsplit(":", 1)[0] in private


def test_attached_volumes_share_region() -> None:
    world = make(1, 60)
    attached = [v for v in world.volumes.values() if v["linode_id"] is not None]
    assert attached
    for v in attached:
        linode = world.linodes[v["linode_id"]]
        assert linode["region"] == v["region"]
        assert v["linode_label"] == linode["label"]


def test_lazy_subresources_are_deterministic() -> None:
    a, b = make(5), make(5)
    lid = next(iter(a.linodes))
    # touched in a different order, still the same
    b.ips(lid)
    assert a.disks(lid) == b.disks(lid)
    assert a.configs(lid) == b.configs(lid)
    assert a.ips(lid) == b.ips(lid)
    cfg = next(iter(a.configs(lid).values()))
    assert cfg["devices"]["sda"]["disk_id"] in a.disks(lid)


def test_event_history_ids_increase_with_time() -> None:
    world = make(1, 30)
    events = list(world.events.values())
    assert len(events) > 20
    ids = [e["id"] for e in events]
    assert ids == sorted(ids)
    created = [e["created"] for e in events]
    assert created == sorted(created)
    assert {"linode_create", "linode_boot"} <= {e["action"] for e in events}


def test_tokens() -> None:
    world = make()
    demo = world.token_info("demo")
    readonly = world.token_info("readonly")
    restricted = world.token_info("restricted")
    assert demo is not None and demo.scopes == "*" and demo.username == "demo-user"
    assert (
        readonly is not None
        and "linodes:read_only" in readonly.scopes
        and "read_write" not in readonly.scopes
    )
    assert restricted is not None and restricted.restricted and restricted.username == "intern"
    assert restricted.grants is not None
    granted = restricted.grants["linode"]
    assert granted and all(g["permissions"] == "read_only" and g["id"] in world.linodes for g in granted)
    assert restricted.grants["global"]["add_linodes"] is False
    assert world.token_info("nope") is None
