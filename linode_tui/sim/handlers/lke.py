"""LKE: clusters, node pools (backed by real Linodes with ``lke_cluster_id``), nodes, kubeconfig, versions."""

from __future__ import annotations

import base64
import ipaddress
import re
from typing import Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    find_by,
    get_or_404,
    listing,
    require_entity,
    require_global,
    str_param,
    user,
    visible,
    w,
)
from linode_tui.sim.handlers.locks import check_deletable
from linode_tui.sim.world import World, _mix

C = "/lke/clusters/{clusterId}"
KUBECONFIG_PENDING = "Cluster kubeconfig is not yet available. Please try again later."
CLUSTER_PROVISIONING = 120.0


def _cluster(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    cid = ctx.params.get("clusterId")
    c: dict[str, Any] = get_or_404(w(ctx).lke_clusters, cid)
    require_entity(ctx, "lkecluster", cid, write=write)
    return c


def _pool_view(world: World, pool: dict[str, Any]) -> dict[str, Any]:
    for node in pool["nodes"]:
        linode = world.linodes.get(node["instance_id"])
        node["status"] = "ready" if linode is not None and linode["status"] == "running" else "not_ready"
    return pool


def _add_nodes(
    world: World, cluster: dict[str, Any], pool: dict[str, Any], count: int, username: str | None
) -> None:
    for _ in range(count):
        h = f"{_mix(world.seed, pool['id'], len(pool['nodes']), world.next_id('lkenode', 0)):012x}"[:12]
        linode = world.new_linode(
            label=f"lke{cluster['id']}-{pool['id']}-{h[:8]}",
            region=cluster["region"],
            tid=pool["type"],
            image="linode/debian12",
            tags=list(pool["tags"]),
            status="provisioning",
            private_ip=True,
        )
        linode["lke_cluster_id"] = cluster["id"]
        lifecycle.linode_create(world, linode, username=username, booted=True)
        pool["nodes"].append({"id": f"{pool['id']}-{h}", "instance_id": linode["id"], "status": "not_ready"})
    pool["count"] = len(pool["nodes"])


def _remove_nodes(world: World, pool: dict[str, Any], count: int) -> None:
    for _ in range(count):
        node = pool["nodes"].pop()
        world.remove_linode(node["instance_id"])
    pool["count"] = len(pool["nodes"])


TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_K8S_KEY = re.compile(r"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
_K8S_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")


def check_labels(labels: Any, field: str = "labels") -> dict[str, str]:
    """Kubernetes node labels: an object of qualified names to (possibly empty) short values."""
    if not isinstance(labels, dict):
        raise field_error(field, "labels must be an object")
    for k, v in labels.items():
        if not isinstance(k, str) or not _K8S_KEY.match(k):
            raise field_error(f"{field}.{k}", f"{k!r} is not a valid label key")
        if not isinstance(v, str) or not _K8S_VALUE.match(v):
            raise field_error(f"{field}.{k}", f"{v!r} is not a valid label value")
    return dict(labels)


def check_taints(taints: Any, field: str = "taints") -> list[dict[str, str]]:
    """Kubernetes taints: ``{key, value, effect}`` with effect NoSchedule, PreferNoSchedule or NoExecute."""
    if not isinstance(taints, list):
        raise field_error(field, "taints must be a list")
    out = []
    for i, t in enumerate(taints):
        where = f"{field}[{i}]"
        if not isinstance(t, dict):
            raise field_error(where, "A taint must be an object")
        key, value, effect = t.get("key"), t.get("value", ""), t.get("effect")
        if not isinstance(key, str) or not _K8S_KEY.match(key):
            raise field_error(f"{where}.key", f"{key!r} is not a valid taint key")
        if not isinstance(value, str) or not _K8S_VALUE.match(value):
            raise field_error(f"{where}.value", f"{value!r} is not a valid taint value")
        if effect not in TAINT_EFFECTS:
            raise field_error(f"{where}.effect", "effect must be NoSchedule, PreferNoSchedule or NoExecute")
        out.append({"key": key, "value": value, "effect": effect})
    return out


def _check_count(count: Any, field: str = "count") -> int:
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 100:
        raise field_error(field, "Node pool count must be between 1 and 100")
    return count


def _new_pool(
    world: World, cluster: dict[str, Any], spec: Any, where: str, username: str | None
) -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise field_error(where, "node pool must be an object")
    tid = spec.get("type")
    if tid not in world.types:
        raise field_error(f"{where}.type", "A valid plan type by that ID was not found")
    count = _check_count(spec.get("count"), f"{where}.count")
    pid = world.next_id("lkepool", 400_000)
    auto = spec.get("autoscaler") or {}
    pool: dict[str, Any] = {
        "id": pid,
        "type": tid,
        "count": 0,
        "nodes": [],
        "disks": list(spec.get("disks") or []),
        "autoscaler": {
            "enabled": bool(auto.get("enabled")),
            "min": auto.get("min", count),
            "max": auto.get("max", count),
        },
        "tags": world.check_tags(spec.get("tags")),
        "labels": check_labels(spec.get("labels") or {}, f"{where}.labels"),
        "taints": check_taints(spec.get("taints") or [], f"{where}.taints"),
        "disk_encryption": "enabled",
        "cluster_id": cluster["id"],
    }
    world.lke_pools.setdefault(cluster["id"], {})[pid] = pool
    _add_nodes(world, cluster, pool, count, username)
    return pool


@routes.get("/lke/clusters")
def list_clusters(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "lkecluster", w(ctx).lke_clusters.values()))


@routes.post("/lke/clusters")
def create_cluster(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_lkes")
    b = body(ctx)
    label = world.check_label(ctx.json_field("label", required=True))
    region = world.check_region(ctx.json_field("region", required=True))
    version = ctx.json_field("k8s_version", required=True)
    if version not in {v["id"] for v in world.lke_versions}:
        raise field_error("k8s_version", "k8s_version is not valid")
    pools = ctx.json_field("node_pools", required=True, type_=list)
    if not pools:
        raise field_error("node_pools", "At least one node pool is required")
    vpc_id, subnet_id = b.get("vpc_id"), b.get("subnet_id")
    if vpc_id is not None or subnet_id is not None:
        vpc = world.vpcs.get(int(vpc_id)) if isinstance(vpc_id, int) else None
        if vpc is None:
            raise field_error("vpc_id", "VPC not found")
        if vpc.get("region") != region:
            raise field_error("vpc_id", "The VPC must be in the cluster's region")
        if not isinstance(subnet_id, int) or subnet_id not in world.subnets.get(int(vpc["id"]), {}):
            raise field_error("subnet_id", "Subnet not found in this VPC")
    cid = world.next_id("lkecluster", max(world.lke_clusters, default=100_000))
    now = world.iso()
    ha = bool((b.get("control_plane") or {}).get("high_availability"))
    cluster: dict[str, Any] = {
        "id": cid,
        "label": label,
        "region": region,
        "k8s_version": version,
        "tier": b.get("tier", "standard"),
        "created": now,
        "updated": now,
        "tags": world.check_tags(b.get("tags")),
        "control_plane": {
            "high_availability": ha,
            "acl": {"enabled": False, "addresses": {"ipv4": [], "ipv6": []}, "revision-id": ""},
        },
        "apl_enabled": False,
        "status": "provisioning",
        "vpc_id": vpc_id,
        "subnet_id": subnet_id,
    }
    world.lke_clusters[cid] = cluster
    world.lke_pools[cid] = {}
    for i, spec in enumerate(pools):
        _new_pool(world, cluster, spec, f"node_pools[{i}]", user(ctx))
    lifecycle.entity_job(
        world,
        "lkecluster",
        cluster,
        "lke_cluster_create",
        username=user(ctx),
        status="provisioning",
        final="ready",
        seconds=CLUSTER_PROVISIONING,
        entity=world.entity_ref("lkecluster", cluster),
    )
    return cluster


@routes.get(C)
def get_cluster(ctx: Ctx) -> dict[str, Any]:
    return _cluster(ctx)


@routes.put(C)
def update_cluster(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    b = body(ctx)
    if "label" in b:
        c["label"] = world.check_label(b["label"])
    if "tags" in b:
        c["tags"] = world.check_tags(b["tags"])
    if "k8s_version" in b:
        if b["k8s_version"] not in {v["id"] for v in world.lke_versions}:
            raise field_error("k8s_version", "k8s_version is not valid")
        if b["k8s_version"] < c["k8s_version"]:
            raise field_error("k8s_version", "Clusters can only be upgraded.")
        c["k8s_version"] = b["k8s_version"]
    if isinstance(b.get("control_plane"), dict) and "high_availability" in b["control_plane"]:
        if c["control_plane"]["high_availability"] and not b["control_plane"]["high_availability"]:
            raise field_error("control_plane.high_availability", "High availability cannot be disabled.")
        c["control_plane"]["high_availability"] = bool(b["control_plane"]["high_availability"])
    c["updated"] = world.iso()
    world.add_event("lke_cluster_update", world.entity_ref("lkecluster", c), username=user(ctx))
    return c


@routes.delete(C)
def delete_cluster(ctx: Ctx) -> None:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    check_deletable(world, "lkecluster", c["id"])
    for pool in world.lke_pools.pop(c["id"], {}).values():
        for node in pool["nodes"]:
            world.remove_linode(node["instance_id"])
    del world.lke_clusters[c["id"]]
    world.add_event("lke_cluster_delete", world.entity_ref("lkecluster", c), username=user(ctx))


@routes.get(C + "/kubeconfig")
def kubeconfig(ctx: Ctx) -> dict[str, Any]:
    c = _cluster(ctx)
    if c.get("status") != "ready":
        raise ApiError(503, KUBECONFIG_PENDING)
    host = f"{c['id']:x}{_mix(c['id']) % 10**8:08d}.{c['region']}-2.linodelke.net"
    text = (
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
        "    certificate-authority-data: LS0tLS1CRUdJTg==\n"
        f"    server: https://{host}:443\n  name: lke{c['id']}\nusers:\n- name: lke{c['id']}-admin\n  user:\n"
        f"    token: {_mix(c['id'], 99):016x}\ncontexts:\n- context:\n    cluster: lke{c['id']}\n"
        f"    user: lke{c['id']}-admin\n  name: lke{c['id']}-ctx\ncurrent-context: lke{c['id']}-ctx\n"
    )
    return {"kubeconfig": base64.b64encode(text.encode()).decode()}


@routes.delete(C + "/kubeconfig")
def regenerate_kubeconfig(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    world.add_event("lke_kubeconfig_regenerate", world.entity_ref("lkecluster", c), username=user(ctx))
    return {}


@routes.post(C + "/regenerate")
def regenerate(ctx: Ctx) -> dict[str, Any]:
    out: dict[str, Any] = regenerate_kubeconfig(ctx)
    return out


@routes.delete(C + "/servicetoken")
def servicetoken(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    world.add_event("lke_token_rotate", world.entity_ref("lkecluster", c), username=user(ctx))
    return {}


@routes.get(C + "/api-endpoints")
def api_endpoints(ctx: Ctx) -> Listing:
    c = _cluster(ctx)
    host = f"{c['id']:x}{_mix(c['id']) % 10**8:08d}.{c['region']}-2.linodelke.net"
    return listing([{"endpoint": f"https://{host}:443"}, {"endpoint": f"https://{host}:6443"}])


@routes.get(C + "/dashboard")
def dashboard(ctx: Ctx) -> dict[str, Any]:
    c = _cluster(ctx)
    return {"url": f"https://{c['id']:x}.dashboard.{c['region']}.linodelke.net"}


@routes.get(C + "/control_plane_acl")
def get_acl(ctx: Ctx) -> dict[str, Any]:
    return {"acl": _cluster(ctx)["control_plane"]["acl"]}


@routes.put(C + "/control_plane_acl")
def put_acl(ctx: Ctx) -> dict[str, Any]:
    c = _cluster(ctx, write=True)
    acl = ctx.json_field("acl", required=True, type_=dict)
    cur = c["control_plane"]["acl"]
    addrs = acl.get("addresses") or {}
    checked: dict[str, list[str]] = {}
    for family, version in (("ipv4", 4), ("ipv6", 6)):
        given = addrs.get(family) or []
        if not isinstance(given, list):
            raise field_error(f"acl.addresses.{family}", f"{family} must be a list")
        for a in given:
            try:
                net = ipaddress.ip_network(str(a), strict=False)
            except ValueError:
                net = None
            if net is None or net.version != version:
                raise field_error(f"acl.addresses.{family}", f"{a!r} is not an IPv{version} address or range")
        checked[family] = [str(a) for a in given]
    cur["enabled"] = bool(acl.get("enabled", True))
    cur["addresses"] = checked
    cur["revision-id"] = acl.get("revision-id") or w(ctx).iso().replace("-", "").replace(":", "")
    return {"acl": cur}


@routes.delete(C + "/control_plane_acl")
def delete_acl(ctx: Ctx) -> dict[str, Any]:
    c = _cluster(ctx, write=True)
    c["control_plane"]["acl"] = {"enabled": False, "addresses": {"ipv4": [], "ipv6": []}, "revision-id": ""}
    return {}


def _recycle(
    world: World, cluster: dict[str, Any], nodes: list[dict[str, Any]], action: str, username: str | None
) -> None:
    for node in nodes:
        linode = world.linodes.get(node["instance_id"])
        if linode is not None and ("linode", linode["id"]) not in world.busy_keys:
            lifecycle.linode_reboot(world, linode, username=username)
    world.add_event(action, world.entity_ref("lkecluster", cluster), username=username)


@routes.post(C + "/recycle")
def recycle_cluster(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    nodes = [n for p in world.lke_pools.get(c["id"], {}).values() for n in p["nodes"]]
    _recycle(world, c, nodes, "lke_cluster_recycle", user(ctx))
    return {}


# ------------------------------------------------------------------------------------------------- pools
def _pool(ctx: Ctx, c: dict[str, Any]) -> dict[str, Any]:
    pool: dict[str, Any] = get_or_404(w(ctx).lke_pools.get(c["id"], {}), ctx.params.get("poolId"))
    return pool


@routes.get(C + "/pools")
def list_pools(ctx: Ctx) -> Listing:
    world = w(ctx)
    c = _cluster(ctx)
    return listing(_pool_view(world, p) for p in world.lke_pools.get(c["id"], {}).values())


@routes.post(C + "/pools")
def create_pool(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    pool = _new_pool(world, c, body(ctx), "pool", user(ctx))
    world.add_event("lke_pool_create", world.entity_ref("lkecluster", c), username=user(ctx))
    return _pool_view(world, pool)


@routes.get(C + "/pools/{poolId}")
def get_pool(ctx: Ctx) -> dict[str, Any]:
    c = _cluster(ctx)
    return _pool_view(w(ctx), _pool(ctx, c))


@routes.put(C + "/pools/{poolId}")
def update_pool(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    pool = _pool(ctx, c)
    b = body(ctx)
    if "count" in b:
        count = _check_count(b["count"])
        if count > pool["count"]:
            _add_nodes(world, c, pool, count - pool["count"], user(ctx))
        elif count < pool["count"]:
            _remove_nodes(world, pool, pool["count"] - count)
    if "tags" in b:
        pool["tags"] = world.check_tags(b["tags"])
    if isinstance(b.get("autoscaler"), dict):
        pool["autoscaler"].update(
            {k: v for k, v in b["autoscaler"].items() if k in ("enabled", "min", "max")}
        )
    if "labels" in b:
        pool["labels"] = check_labels(b["labels"])
    if "taints" in b:
        pool["taints"] = check_taints(b["taints"])
    return _pool_view(world, pool)


@routes.delete(C + "/pools/{poolId}")
def delete_pool(ctx: Ctx) -> None:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    pool = _pool(ctx, c)
    if len(world.lke_pools[c["id"]]) <= 1:
        raise ApiError(400, "A cluster must have at least one node pool.")
    _remove_nodes(world, pool, pool["count"])
    del world.lke_pools[c["id"]][pool["id"]]
    world.add_event("lke_pool_delete", world.entity_ref("lkecluster", c), username=user(ctx))


@routes.post(C + "/pools/{poolId}/recycle")
def recycle_pool(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    _recycle(world, c, _pool(ctx, c)["nodes"], "lke_pool_recycle", user(ctx))
    return {}


def _find_node(ctx: Ctx, c: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    nid = str_param(ctx, "nodeId")
    for pool in w(ctx).lke_pools.get(c["id"], {}).values():
        _pool_view(w(ctx), pool)
        for node in pool["nodes"]:
            if node["id"] == nid:
                return pool, node
    raise not_found()


@routes.get(C + "/nodes/{nodeId}")
def get_node(ctx: Ctx) -> dict[str, Any]:
    return _find_node(ctx, _cluster(ctx))[1]


@routes.delete(C + "/nodes/{nodeId}")
def delete_node(ctx: Ctx) -> None:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    pool, node = _find_node(ctx, c)
    pool["nodes"].remove(node)
    pool["count"] = len(pool["nodes"])
    world.remove_linode(node["instance_id"])
    world.add_event("lke_node_delete", world.entity_ref("lkecluster", c), username=user(ctx))


@routes.post(C + "/nodes/{nodeId}/recycle")
def recycle_node(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    c = _cluster(ctx, write=True)
    _recycle(world, c, [_find_node(ctx, c)[1]], "lke_node_recycle", user(ctx))
    return {}


# ---------------------------------------------------------------------------------------- catalogues
@routes.get("/lke/versions")
def versions(ctx: Ctx) -> Listing:
    return listing(w(ctx).lke_versions)


@routes.get("/lke/versions/{version}")
def version(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).lke_versions, str_param(ctx, "version"))


@routes.get("/lke/tiers/{tier}/versions")
def tier_versions(ctx: Ctx) -> Listing:
    tier = str_param(ctx, "tier")
    if tier not in ("standard", "enterprise"):
        raise not_found()
    return listing({"id": v["id"], "tier": tier} for v in w(ctx).lke_versions)


@routes.get("/lke/types")
def lke_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["lke"])
