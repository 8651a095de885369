"""Seed data for the areas of the newer API (4.229.1): a few realistic objects each, deterministic.

Called by :class:`~linode_tui.sim.world.World` after :func:`~linode_tui.sim.seed.seed_world`; its cost
does not grow with the number of Linodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from linode_tui.sim.world import World

__all__ = ["seed_newer"]

MAINTENANCE_POLICIES = [
    {
        "slug": "linode/migrate",
        "label": "Migrate",
        "description": "Migrates the Linode to a new host while it remains fully operational. "
        "Recommended for maximizing availability.",
        "type": "migrate",
        "notification_period_sec": 3 * 86400,
        "is_default": True,
    },
    {
        "slug": "linode/power_off_on",
        "label": "Power Off/Power On",
        "description": "Powers off the Linode at the start of the maintenance event and reboots it once "
        "the maintenance finishes. Recommended for maximizing performance.",
        "type": "power_off_on",
        "notification_period_sec": 3 * 86400,
        "is_default": False,
    },
]


def _rule(
    label: str,
    action: str,
    protocol: str,
    ports: str | None,
    v4: list[str],
    v6: list[str],
    description: str = "",
) -> dict[str, Any]:
    r: dict[str, Any] = {
        "label": label,
        "description": description,
        "action": action,
        "protocol": protocol,
        "addresses": {"ipv4": v4, "ipv6": v6},
    }
    if ports is not None:
        r["ports"] = ports
    return r


def _template_rules(slug: str) -> dict[str, Any]:
    inbound = [
        _rule("allow-ssh", "ACCEPT", "TCP", "22", ["0.0.0.0/0"], ["::/0"], "SSH from anywhere"),
        _rule("allow-icmp", "ACCEPT", "ICMP", None, ["0.0.0.0/0"], ["::/0"], "Ping"),
    ]
    if slug == "vpc":
        inbound = [
            _rule("allow-vpc", "ACCEPT", "TCP", "1-65535", ["10.0.0.0/8"], [], "Traffic inside the VPC")
        ]
    return {
        "inbound": inbound,
        "inbound_policy": "DROP",
        "outbound": [],
        "outbound_policy": "ACCEPT",
        "version": 1,
        "fingerprint": "00000000",
    }


def _candidates(world: World) -> list[dict[str, Any]]:
    """Plain Linodes from the end of the account (tests and the UI start from the front)."""
    return [
        x
        for x in reversed(list(world.linodes.values()))
        if "fail" not in x["label"]
        and x["lke_cluster_id"] is None
        and x["id"] not in world.vpc_links
        and x["status"] in ("running", "offline")
    ]


def seed_newer(world: World) -> None:
    from linode_tui.sim.handlers.interfaces import add_interface
    from linode_tui.sim.handlers.locks import add_lock
    from linode_tui.sim.handlers.netextra import new_reserved

    now = world.iso()
    world.maintenance_policies = [dict(p) for p in MAINTENANCE_POLICIES]

    # Linode interfaces: two Linodes already on the new generation (one also on a VLAN); one locked Linode
    cands = _candidates(world)
    if cands:
        lock_target = cands[0]
        add_lock(world, "linode", lock_target["id"], "cannot_delete")
    for k, linode in enumerate(cands[1:3]):
        linode["interface_generation"] = "linode"
        for cfg in world.configs(linode["id"]).values():
            cfg["interfaces"] = []
        add_interface(world, linode, {"public": {}, "default_route": {"ipv4": True, "ipv6": True}})
        if k == 0:
            add_interface(
                world, linode, {"vlan": {"vlan_label": "backend-vlan", "ipam_address": "10.0.10.2/24"}}
            )

    # firewall rule sets, prefix lists, templates and defaults
    world.prefix_lists = {
        1: {
            "id": 1,
            "name": "pl:system:linode-resolvers",
            "description": "Linode DNS resolvers",
            "visibility": "public",
            "source_prefixlist_id": None,
            "ipv4": ["139.144.192.62/32", "139.144.192.60/32"],
            "ipv6": ["2600:3c05::f03c:93ff:feb6:43b6/128"],
            "version": 1,
            "created": now,
            "updated": now,
            "deleted": None,
        },
        2: {
            "id": 2,
            "name": "pl:system:object-storage",
            "description": "Object Storage endpoints",
            "visibility": "public",
            "source_prefixlist_id": None,
            "ipv4": ["172.232.24.0/24", "172.233.0.0/24"],
            "ipv6": [],
            "version": 3,
            "created": now,
            "updated": now,
            "deleted": None,
        },
    }
    world.rulesets = {
        11: {
            "id": 11,
            "label": "office-ssh",
            "description": "SSH from the office networks",
            "type": "inbound",
            "rules": [_rule("office-ssh", "ACCEPT", "TCP", "22", ["198.51.100.0/24"], [], "Office")],
            "is_service_defined": False,
            "version": 2,
            "created": now,
            "updated": now,
            "deleted": None,
        },
        12: {
            "id": 12,
            "label": "linode-resolvers-out",
            "description": "DNS to Linode's resolvers",
            "type": "outbound",
            "rules": [_rule("dns", "ACCEPT", "UDP", "53", ["pl:system:linode-resolvers"], [], "DNS")],
            "is_service_defined": True,
            "version": 1,
            "created": now,
            "updated": now,
            "deleted": None,
        },
    }
    world.bump_id("ruleset", 12)
    world.firewall_templates = {s: {"slug": s, "rules": _template_rules(s)} for s in ("public", "vpc")}
    first = next(iter(world.firewalls), None)
    world.firewall_defaults = {
        k: first for k in ("linode", "nodebalancer", "public_interface", "vpc_interface")
    }

    # reserved IPs: one unassigned, one reserving a Linode's existing address
    region = next(iter(world.regions))
    new_reserved(world, cands[0]["region"] if cands else region, ["reserved"])
    if len(cands) > 3:
        addr = next((a for a in cands[3]["ipv4"] if not a.startswith("192.168.")), None)
        if addr:
            world.reserved_ips[addr] = {"address": addr, "region": cands[3]["region"], "tags": []}

    # NodeBalancer VPC configurations: the first NodeBalancer in a region with a VPC subnet
    if world.nodebalancers and not any(
        v["region"] == nb["region"] for v in world.vpcs.values() for nb in world.nodebalancers.values()
    ):  # a VPC for the first NodeBalancer's back ends
        nb0 = next(iter(world.nodebalancers.values()))
        vid = world.next_id("vpc", max(world.vpcs, default=20_000))
        sid = world.next_id("subnet", 50_000)
        world.vpcs[vid] = {
            "id": vid,
            "label": f"nb-backend-{nb0['region']}",
            "region": nb0["region"],
            "description": "Back ends of the NodeBalancer",
            "created": now,
            "updated": now,
        }
        world.subnets[vid] = {
            sid: {"id": sid, "label": "backends", "ipv4": "10.20.0.0/24", "created": now, "updated": now}
        }
    vpc_regions = {v["region"]: vid for vid, v in world.vpcs.items() if world.subnets.get(vid)}
    cfg_id = 7000
    for nid, nb in world.nodebalancers.items():
        world.nb_vpcs[nid] = {}
        nb_vid = vpc_regions.get(nb["region"])
        if nb_vid is not None and cfg_id == 7000:
            sid, sub = next(iter(world.subnets[nb_vid].items()))
            cfg_id += 1
            net = sub["ipv4"].rsplit(".", 1)[0]
            world.nb_vpcs[nid][cfg_id] = {
                "id": cfg_id,
                "nodebalancer_id": nid,
                "vpc_id": nb_vid,
                "subnet_id": sid,
                "ipv4_range": f"{net}.240/28",
                "ipv4_range_auto_assign": False,
            }

    # Object Storage quotas (per endpoint) and global quotas
    for c in world.obj_clusters:
        ep = c["domain"]
        short = c["id"]
        for qtype, name, metric, limit in (
            ("obj-objects", "Maximum Objects", "object", 100_000_000),
            ("obj-bucket", "Maximum Buckets", "bucket", 1000),
            ("obj-bytes", "Maximum Bytes", "byte", 5 * 1024**4),
        ):
            qid = f"{qtype}-{short}"
            world.obj_quotas[qid] = {
                "quota_id": qid,
                "quota_type": qtype,
                "quota_name": f"Object Storage {name}",
                "description": f"{name} this customer is allowed to have on this endpoint.".capitalize(),
                "endpoint_type": "E1",
                "s3_endpoint": ep,
                "quota_limit": limit,
                "resource_metric": metric,
                "has_usage": True,
            }
    for qid, qtype, name, metric, limit in (
        ("obj-access-keys-per-account", "obj-access-keys", "Access Keys per Account", "access_key", 100),
        (
            "obj-total-capacity-per-account",
            "obj-total-capacity",
            "Total Capacity per Account",
            "byte",
            1024**4 * 100,
        ),
    ):
        world.obj_global_quotas[qid] = {
            "quota_id": qid,
            "quota_type": qtype,
            "quota_name": f"Object Storage {name}",
            "description": f"Maximum {name.lower()}.",
            "resource_metric": metric,
            "quota_limit": limit,
            "has_usage": True,
        }

    # PostgreSQL connection pools
    for db in world.databases.values():
        if db.get("engine") == "postgresql":
            world.pg_pools[db["id"]] = {
                "app-pool": {
                    "label": "app-pool",
                    "database": "defaultdb",
                    "mode": "transaction",
                    "size": 10,
                    "username": None,
                }
            }

    from linode_tui.sim.handlers.monitor import seed_monitor

    seed_monitor(world)
