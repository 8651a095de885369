"""Smaller stateful areas: Object Storage quotas and endpoints, VPC IPv6 addresses and default ranges,
region VPC availability, LKE versions per tier, PostgreSQL connection pools, and the account/profile
collections whose single-item GETs once answered the spec's example for any id (betas, devices).
"""

from __future__ import annotations

import re
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    get_or_404,
    listing,
    require_account,
    require_entity,
    str_param,
    user,
    w,
)
from linode_tui.sim.world import World

OBJ_RO = ("object_storage:read_only",)
DB_RO = ("databases:read_only",)
DB_RW = ("databases:read_write",)
POOL_MODES = ("transaction", "session", "statement")


# ------------------------------------------------------------------------- Object Storage quotas
def _usage(world: World, q: dict[str, Any]) -> int:
    metric = q["resource_metric"]
    if q.get("s3_endpoint"):
        region = next((c["region"] for c in world.obj_clusters if c["domain"] == q["s3_endpoint"]), None)
        buckets = [
            b
            for (r, _), b in world.buckets.items()
            if r == region or b.get("cluster", "").startswith(str(region))
        ]
        if metric == "bucket":
            return len(buckets)
        if metric == "object":
            return sum(int(b.get("objects") or 0) for b in buckets)
        return sum(int(b.get("size") or 0) for b in buckets)
    if metric == "access_key":
        return len(world.obj_keys)
    return sum(int(b.get("size") or 0) for b in world.buckets.values())


@routes.get("/object-storage/endpoints", scopes=OBJ_RO)
def obj_endpoints(ctx: Ctx) -> Listing:
    return listing(
        {"region": c["region"], "endpoint_type": "E1", "s3_endpoint": c["domain"]}
        for c in w(ctx).obj_clusters
    )


@routes.get("/object-storage/quotas", scopes=OBJ_RO)
def obj_quotas(ctx: Ctx) -> Listing:
    return listing(w(ctx).obj_quotas.values())


@routes.get("/object-storage/quotas/{objQuotaId}", scopes=OBJ_RO)
def obj_quota(ctx: Ctx) -> dict[str, Any]:
    q: dict[str, Any] = get_or_404(w(ctx).obj_quotas, str_param(ctx, "objQuotaId"))
    return q


@routes.get("/object-storage/quotas/{objQuotaId}/usage", scopes=OBJ_RO)
def obj_quota_usage(ctx: Ctx) -> dict[str, Any]:
    q = obj_quota(ctx)
    return {"quota_limit": q["quota_limit"], "usage": _usage(w(ctx), q)}


@routes.get("/object-storage/global-quotas", scopes=OBJ_RO)
def obj_global_quotas(ctx: Ctx) -> Listing:
    return listing(w(ctx).obj_global_quotas.values())


@routes.get("/object-storage/global-quotas/{objGlobalQuotaId}", scopes=OBJ_RO)
def obj_global_quota(ctx: Ctx) -> dict[str, Any]:
    q: dict[str, Any] = get_or_404(w(ctx).obj_global_quotas, str_param(ctx, "objGlobalQuotaId"))
    return q


@routes.get("/object-storage/global-quotas/{objGlobalQuotaId}/usage", scopes=OBJ_RO)
def obj_global_quota_usage(ctx: Ctx) -> dict[str, Any]:
    q = obj_global_quota(ctx)
    return {"quota_limit": q["quota_limit"], "usage": _usage(w(ctx), q)}


# ------------------------------------------------------------------------------------ VPC IPv6
def _vpc_ipv6(world: World, vid: int) -> list[dict[str, Any]]:
    out = []
    for lid, ifaces in world.linode_interfaces.items():
        for itf in ifaces.values():
            vpc = itf.get("vpc")
            v6 = (vpc or {}).get("ipv6") or {}
            if vpc and vpc["vpc_id"] == vid and v6:
                for s in v6.get("slaac") or []:
                    out.append(
                        {
                            "vpc_id": vid,
                            "subnet_id": vpc["subnet_id"],
                            "linode_id": lid,
                            "interface_id": itf["id"],
                            "config_id": None,
                            "region": world.linodes[lid]["region"],
                            "ipv6_range": s.get("range"),
                            "ipv6_is_public": bool(v6.get("is_public")),
                            "ipv6_addresses": [{"slaac_address": s.get("address")}],
                            "active": True,
                            "address": None,
                            "address_range": None,
                            "gateway": None,
                            "nat_1_1": None,
                            "prefix": 64,
                            "subnet_mask": None,
                        }
                    )
    return out


@routes.get("/vpcs/ipv6s", scopes=("vpc:read_only",))
def all_vpc_ipv6(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(x for vid in world.vpcs for x in _vpc_ipv6(world, vid))


@routes.get("/vpcs/{vpcId}/ipv6s", scopes=("vpc:read_only",))
def vpc_ipv6(ctx: Ctx) -> Listing:
    world = w(ctx)
    vid = ctx.params.get("vpcId")
    vpc = get_or_404(world.vpcs, vid)
    require_entity(ctx, "vpc", vid)
    return listing(_vpc_ipv6(world, vpc["id"]))


@routes.get("/vpcs/default-ranges")
def vpc_default_ranges(ctx: Ctx) -> dict[str, Any]:
    return {
        "default_ipv4_ranges": ["10.0.0.0/8"],
        "forbidden_ipv4_ranges": ["192.168.128.0/17", "172.16.0.0/12"],
    }


def _vpc_availability(world: World, region: dict[str, Any]) -> dict[str, Any]:
    has = "VPCs" in (region.get("capabilities") or [])
    return {
        "region": region["id"],
        "available": has,
        "available_ipv6_prefix_lengths": [52, 48] if has else [],
    }


@routes.get("/regions/vpc-availability")
def regions_vpc_availability(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(_vpc_availability(world, r) for r in world.regions.values())


@routes.get("/regions/{regionId}/vpc-availability")
def region_vpc_availability(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    return _vpc_availability(world, get_or_404(world.regions, str_param(ctx, "regionId")))


# --------------------------------------------------------------------------------- LKE tiers
@routes.get("/lke/tiers/{tier}/versions/{version}", scopes=("lke:read_only",))
def tier_version(ctx: Ctx) -> dict[str, Any]:
    tier, ver = str_param(ctx, "tier"), str_param(ctx, "version")
    if tier not in ("standard", "enterprise"):
        raise not_found()
    for v in w(ctx).lke_versions:
        vid = v["id"] if tier == "standard" else f"v{v['id']}.0+lke1"
        if ver in (vid, v["id"]):
            return {"id": vid, "tier": tier}
    raise not_found()


# ----------------------------------------------------------------- PostgreSQL connection pools
P = "/databases/postgresql/instances/{postgresqlInstanceId}/connection-pools"
_POOL_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")


def _pg(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    world.tick()
    did = ctx.params.get("postgresqlInstanceId")
    db = world.databases.get(did) if isinstance(did, int) else None
    if db is None or db["engine"] != "postgresql":
        raise not_found()
    require_entity(ctx, "database", did, write=write)
    return db


def _pool_fields(b: dict[str, Any], cur: dict[str, Any] | None = None) -> dict[str, Any]:
    out = dict(cur or {"database": "defaultdb", "mode": "transaction", "size": 10, "username": None})
    if "database" in b:
        if not isinstance(b["database"], str) or not b["database"]:
            raise field_error("database", "database must be a string")
        out["database"] = b["database"]
    if "mode" in b:
        if b["mode"] not in POOL_MODES:
            raise field_error("mode", "mode must be transaction, session or statement")
        out["mode"] = b["mode"]
    if "size" in b:
        size = b["size"]
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 10000:
            raise field_error("size", "size must be an integer between 1 and 10000")
        out["size"] = size
    if "username" in b:
        if b["username"] is not None and not isinstance(b["username"], str):
            raise field_error("username", "username must be a string")
        out["username"] = b["username"]
    return out


@routes.get(P, scopes=DB_RO)
def list_pools(ctx: Ctx) -> Listing:
    db = _pg(ctx)
    return listing(w(ctx).pg_pools.get(db["id"], {}).values())


@routes.post(P, scopes=DB_RW)
def create_pool(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    db = _pg(ctx, write=True)
    if db["status"] != "active":
        raise ApiError(400, "The database must be active to manage connection pools.")
    label = ctx.json_field("label", required=True, type_=str)
    if not _POOL_NAME.match(label):
        raise field_error(
            "label",
            "label must start with a letter and contain only lowercase letters, "
            "digits, underscores and dashes",
        )
    pools = world.pg_pools.setdefault(db["id"], {})
    if label in pools:
        raise field_error("label", "A connection pool with this label already exists")
    pool = {"label": label, **_pool_fields(body(ctx))}
    pools[label] = pool
    return pool


def _pool(ctx: Ctx, db: dict[str, Any]) -> dict[str, Any]:
    p: dict[str, Any] = get_or_404(w(ctx).pg_pools.get(db["id"], {}), str_param(ctx, "poolName"))
    return p


@routes.get(P + "/{poolName}", scopes=DB_RO)
def get_pool(ctx: Ctx) -> dict[str, Any]:
    return _pool(ctx, _pg(ctx))


@routes.put(P + "/{poolName}", scopes=DB_RW)
def update_pool(ctx: Ctx) -> dict[str, Any]:
    db = _pg(ctx, write=True)
    pool = _pool(ctx, db)
    pool.update(_pool_fields(body(ctx), pool))
    return pool


@routes.delete(P + "/{poolName}", scopes=DB_RW)
def delete_pool(ctx: Ctx) -> None:
    db = _pg(ctx, write=True)
    pool = _pool(ctx, db)
    del w(ctx).pg_pools[db["id"]][pool["label"]]


# ------------------------------------------------------------------- betas (account and catalogue)
BETAS = [
    {
        "id": "vpc-ipv6",
        "label": "VPC IPv6",
        "description": "IPv6 in VPC subnets.",
        "started": "2024-11-01T00:00:00",
        "ended": None,
        "greenlight_only": False,
        "more_info": "https://techdocs.akamai.com/cloud-computing/docs/vpc",
    },
    {
        "id": "aclp",
        "label": "Akamai Cloud Pulse",
        "description": "Metrics, dashboards and alerts.",
        "started": "2025-01-15T00:00:00",
        "ended": None,
        "greenlight_only": False,
        "more_info": None,
    },
    {
        "id": "lke-enterprise",
        "label": "LKE Enterprise",
        "description": "Dedicated control planes.",
        "started": "2025-02-01T00:00:00",
        "ended": None,
        "greenlight_only": True,
        "more_info": None,
    },
]


def enrolled_betas(world: World) -> dict[str, dict[str, Any]]:
    enrolled: dict[str, dict[str, Any]] = world.account_extra.setdefault(
        "betas", {"vpc-ipv6": {**BETAS[0], "enrolled": "2025-03-01T10:00:00"}}
    )
    return enrolled


@routes.get("/betas")
def list_betas(ctx: Ctx) -> Listing:
    return listing(BETAS)


@routes.get("/betas/{betaId}")
def get_beta(ctx: Ctx) -> dict[str, Any]:
    beta = next((b for b in BETAS if b["id"] == str_param(ctx, "betaId")), None)
    if beta is None:
        raise not_found()
    return beta


@routes.get("/account/betas")
def list_account_betas(ctx: Ctx) -> Listing:
    require_account(ctx)
    return listing(enrolled_betas(w(ctx)).values())


@routes.post("/account/betas")
def enroll_beta(ctx: Ctx) -> None:
    require_account(ctx, write=True)
    world = w(ctx)
    bid = ctx.json_field("id", required=True, type_=str)
    beta = next((b for b in BETAS if b["id"] == bid), None)
    if beta is None:
        raise field_error("id", "Beta program not found")
    if beta["greenlight_only"]:
        raise field_error("id", "This beta program is available by invitation only")
    enrolled_betas(world).setdefault(bid, {**beta, "enrolled": world.iso()})


@routes.get("/account/betas/{betaId}")
def get_account_beta(ctx: Ctx) -> dict[str, Any]:
    require_account(ctx)
    beta: dict[str, Any] = get_or_404(enrolled_betas(w(ctx)), str_param(ctx, "betaId"))
    return beta


# -------------------------------------------------------------------------------- profile devices
def profile_devices(world: World) -> dict[int, dict[str, Any]]:
    devices: dict[int, dict[str, Any]] = world.account_extra.setdefault(
        "devices",
        {
            1201: {
                "id": 1201,
                "created": "2025-01-02T09:00:00",
                "expiry": "2026-01-02T09:00:00",
                "last_authenticated": "2025-01-20T08:12:00",
                "last_remote_addr": "203.0.113.10",
                "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/134.0",
            },
            1202: {
                "id": 1202,
                "created": "2025-01-10T18:30:00",
                "expiry": "2026-01-10T18:30:00",
                "last_authenticated": "2025-01-21T07:45:00",
                "last_remote_addr": "198.51.100.23",
                "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) Safari/605.1.15",
            },
        },
    )
    return devices


@routes.get("/profile/devices")
def list_devices(ctx: Ctx) -> Listing:
    return listing(profile_devices(w(ctx)).values())


@routes.get("/profile/devices/{deviceId}")
def get_device(ctx: Ctx) -> dict[str, Any]:
    d: dict[str, Any] = get_or_404(profile_devices(w(ctx)), ctx.params.get("deviceId"))
    return d


@routes.delete("/profile/devices/{deviceId}")
def delete_device(ctx: Ctx) -> None:
    devices = profile_devices(w(ctx))
    get_or_404(devices, ctx.params.get("deviceId"))
    del devices[ctx.params["deviceId"]]
    w(ctx).add_event(
        "profile_update", w(ctx).entity_ref("profile", {"id": None, "label": user(ctx)}), username=user(ctx)
    )
