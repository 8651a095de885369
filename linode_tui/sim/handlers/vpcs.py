"""VPCs (+ subnets, IPs) and placement groups (+ assign/unassign)."""

from __future__ import annotations

import ipaddress
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, routes
from linode_tui.sim.handlers._common import (
    body,
    check_unique_label,
    get_or_404,
    listing,
    require_entity,
    require_global,
    user,
    visible,
    w,
)
from linode_tui.sim.world import World

V = "/vpcs/{vpcId}"
S = V + "/subnets/{vpcSubnetId}"
PG = "/placement/groups/{groupId}"


def _subnet_view(world: World, vpc_id: int, sub: dict[str, Any]) -> dict[str, Any]:
    linodes = [
        {
            "id": lid,
            "interfaces": [
                {"id": lid * 8 + 1, "active": world.linodes[lid]["status"] == "running", "config_id": lid * 2}
            ],
        }
        for lid, link in world.vpc_links.items()
        if link["subnet_id"] == sub["id"] and lid in world.linodes
    ]
    nodebalancers = [
        {"id": nid, "ipv4_range": c["ipv4_range"]}
        for nid, cfgs in world.nb_vpcs.items()
        if nid in world.nodebalancers
        for c in cfgs.values()
        if c["subnet_id"] == sub["id"]
    ]
    # Managed databases join a VPC through their private network (none does in the simulator).
    return {**sub, "linodes": linodes, "nodebalancers": nodebalancers, "databases": []}


def _vpc_view(world: World, vpc: dict[str, Any]) -> dict[str, Any]:
    subs = [_subnet_view(world, vpc["id"], s) for s in world.subnets.get(vpc["id"], {}).values()]
    return {**vpc, "subnets": subs}


def _vpc(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    vid = ctx.params.get("vpcId")
    vpc: dict[str, Any] = get_or_404(w(ctx).vpcs, vid)
    require_entity(ctx, "vpc", vid, write=write)
    return vpc


def _check_cidr(world: World, vpc_id: int | None, cidr: Any, field: str = "ipv4") -> str:
    try:
        net = ipaddress.ip_network(cidr, strict=True)
    except (TypeError, ValueError):
        raise field_error(field, "Must be a valid IPv4 network in CIDR notation") from None
    if net.version != 4 or not net.is_private or not 1 <= 32 - net.prefixlen <= 13:
        raise field_error(field, "Must be a private IPv4 network between /19 and /29")
    if vpc_id is not None:
        for s in world.subnets.get(vpc_id, {}).values():
            if net.overlaps(ipaddress.ip_network(s["ipv4"])):
                raise field_error(field, "Subnet ranges must not overlap")
    return str(net)


def _new_subnet(world: World, vpc_id: int, spec: Any, where: str = "") -> dict[str, Any]:
    if not isinstance(spec, dict):
        raise field_error(where or "subnets", "subnet must be an object")
    label = spec.get("label")
    world.check_label(label, f"{where}label")
    cidr = _check_cidr(world, vpc_id, spec.get("ipv4"), f"{where}ipv4")
    sid = world.next_id("subnet", 50_000)
    now = world.iso()
    sub = {"id": sid, "label": label, "ipv4": cidr, "created": now, "updated": now}
    world.subnets.setdefault(vpc_id, {})[sid] = sub
    return sub


@routes.get("/vpcs")
def list_vpcs(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(_vpc_view(world, v) for v in visible(ctx, "vpc", world.vpcs.values()))


@routes.post("/vpcs")
def create_vpc(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_vpcs")
    label = world.check_label(ctx.json_field("label", required=True))
    check_unique_label(label, world.vpcs.values(), "VPCs")
    region = world.check_region(ctx.json_field("region", required=True))
    vid = world.next_id("vpc", max(world.vpcs, default=20_000))
    now = world.iso()
    vpc = {
        "id": vid,
        "label": label,
        "region": region,
        "description": body(ctx).get("description") or "",
        "created": now,
        "updated": now,
    }
    world.vpcs[vid] = vpc
    world.subnets[vid] = {}
    try:
        for i, spec in enumerate(body(ctx).get("subnets") or []):
            _new_subnet(world, vid, spec, f"subnets[{i}].")
    except ApiError:
        del world.vpcs[vid]
        world.subnets.pop(vid, None)
        raise
    world.add_event("vpc_create", world.entity_ref("vpc", vpc), username=user(ctx))
    return _vpc_view(world, vpc)


@routes.get("/vpcs/ips")
def all_vpc_ips(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(
        ip for lid in list(world.vpc_links) if lid in world.linodes for ip in world.ips(lid)["ipv4"]["vpc"]
    )


@routes.get(V)
def get_vpc(ctx: Ctx) -> dict[str, Any]:
    return _vpc_view(w(ctx), _vpc(ctx))


@routes.put(V)
def update_vpc(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vpc = _vpc(ctx, write=True)
    b = body(ctx)
    if "label" in b:
        vpc["label"] = world.check_label(b["label"])
    if "description" in b:
        vpc["description"] = b["description"] or ""
    vpc["updated"] = world.iso()
    world.add_event("vpc_update", world.entity_ref("vpc", vpc), username=user(ctx))
    return _vpc_view(world, vpc)


@routes.delete(V)
def delete_vpc(ctx: Ctx) -> None:
    world = w(ctx)
    vpc = _vpc(ctx, write=True)
    if any(link["vpc_id"] == vpc["id"] for lid, link in world.vpc_links.items() if lid in world.linodes):
        raise ApiError(400, "Cannot delete a VPC while Linodes are assigned to its subnets.")
    if any(s["nodebalancers"] for s in _vpc_view(world, vpc)["subnets"]):
        raise ApiError(400, "Cannot delete a VPC while NodeBalancers are assigned to its subnets.")
    del world.vpcs[vpc["id"]]
    world.subnets.pop(vpc["id"], None)
    world.add_event("vpc_delete", world.entity_ref("vpc", vpc), username=user(ctx))


@routes.get(V + "/ips")
def vpc_ips(ctx: Ctx) -> Listing:
    world = w(ctx)
    vpc = _vpc(ctx)
    return listing(
        ip
        for lid, link in list(world.vpc_links.items())
        if link["vpc_id"] == vpc["id"] and lid in world.linodes
        for ip in world.ips(lid)["ipv4"]["vpc"]
    )


@routes.get(V + "/subnets")
def list_subnets(ctx: Ctx) -> Listing:
    world = w(ctx)
    vpc = _vpc(ctx)
    return listing(_subnet_view(world, vpc["id"], s) for s in world.subnets.get(vpc["id"], {}).values())


@routes.post(V + "/subnets")
def create_subnet(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vpc = _vpc(ctx, write=True)
    sub = _new_subnet(world, vpc["id"], body(ctx))
    world.add_event("subnet_create", world.entity_ref("vpc", vpc), username=user(ctx))
    return _subnet_view(world, vpc["id"], sub)


def _subnet(ctx: Ctx, vpc: dict[str, Any]) -> dict[str, Any]:
    sub: dict[str, Any] = get_or_404(w(ctx).subnets.get(vpc["id"], {}), ctx.params.get("vpcSubnetId"))
    return sub


@routes.get(S)
def get_subnet(ctx: Ctx) -> dict[str, Any]:
    vpc = _vpc(ctx)
    return _subnet_view(w(ctx), vpc["id"], _subnet(ctx, vpc))


@routes.put(S)
def update_subnet(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vpc = _vpc(ctx, write=True)
    sub = _subnet(ctx, vpc)
    if "label" in body(ctx):
        sub["label"] = world.check_label(body(ctx)["label"])
    sub["updated"] = world.iso()
    world.add_event("subnet_update", world.entity_ref("vpc", vpc), username=user(ctx))
    return _subnet_view(world, vpc["id"], sub)


@routes.delete(S)
def delete_subnet(ctx: Ctx) -> None:
    world = w(ctx)
    vpc = _vpc(ctx, write=True)
    sub = _subnet(ctx, vpc)
    if any(link["subnet_id"] == sub["id"] for lid, link in world.vpc_links.items() if lid in world.linodes):
        raise ApiError(400, "Cannot delete a subnet while Linodes are assigned to it.")
    if _subnet_view(world, vpc["id"], sub)["nodebalancers"]:
        raise ApiError(400, "Cannot delete a subnet while NodeBalancers are assigned to it.")
    del world.subnets[vpc["id"]][sub["id"]]
    world.add_event("subnet_delete", world.entity_ref("vpc", vpc), username=user(ctx))


# ------------------------------------------------------------------------------------- placement groups
def _pg(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    gid = ctx.params.get("groupId")
    pg: dict[str, Any] = get_or_404(w(ctx).placement_groups, gid)
    require_entity(ctx, "placement_group", gid, write=write)
    return pg


def _pg_ref(pg: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": pg["id"],
        "label": pg["label"],
        "placement_group_type": pg["placement_group_type"],
        "placement_group_policy": pg["placement_group_policy"],
        "migrating_to": None,
    }


@routes.get("/placement/groups")
def list_pgs(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "placement_group", w(ctx).placement_groups.values()))


@routes.post("/placement/groups")
def create_pg(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_placement_groups")
    label = world.check_label(ctx.json_field("label", required=True))
    region = world.check_region(ctx.json_field("region", required=True))
    ptype = ctx.json_field("placement_group_type", required=True)
    if ptype not in ("anti_affinity:local", "affinity:local"):
        raise field_error("placement_group_type", "placement_group_type is not valid")
    policy = ctx.json_field("placement_group_policy", required=True)
    if policy not in ("strict", "flexible"):
        raise field_error("placement_group_policy", "placement_group_policy is not valid")
    gid = world.next_id("pg", max(world.placement_groups, default=900))
    pg = {
        "id": gid,
        "label": label,
        "region": region,
        "placement_group_type": ptype,
        "placement_group_policy": policy,
        "is_compliant": True,
        "members": [],
        "migrations": None,
    }
    world.placement_groups[gid] = pg
    world.add_event("placement_group_create", world.entity_ref("placement_group", pg), username=user(ctx))
    return pg


@routes.get(PG)
def get_pg(ctx: Ctx) -> dict[str, Any]:
    return _pg(ctx)


@routes.put(PG)
def update_pg(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    pg = _pg(ctx, write=True)
    pg["label"] = world.check_label(ctx.json_field("label", required=True))
    for m in pg["members"]:
        if m["linode_id"] in world.linodes:
            world.linodes[m["linode_id"]]["placement_group"] = _pg_ref(pg)
    world.add_event("placement_group_update", world.entity_ref("placement_group", pg), username=user(ctx))
    return pg


@routes.delete(PG)
def delete_pg(ctx: Ctx) -> None:
    world = w(ctx)
    pg = _pg(ctx, write=True)
    if pg["members"]:
        raise ApiError(400, "Unassign all Linodes before deleting the placement group.")
    del world.placement_groups[pg["id"]]
    world.add_event("placement_group_delete", world.entity_ref("placement_group", pg), username=user(ctx))


def _linode_ids(ctx: Ctx) -> list[int]:
    ids = ctx.json_field("linodes", required=True, type_=list)
    if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise field_error("linodes", "linodes must be a list of Linode IDs")
    return list(ids)


@routes.post(PG + "/assign")
def assign(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    pg = _pg(ctx, write=True)
    ids = _linode_ids(ctx)
    limit = world.regions[pg["region"]]["placement_group_limits"]["maximum_linodes_per_pg"]
    members = {m["linode_id"] for m in pg["members"]}
    for lid in ids:
        linode = world.linodes.get(lid)
        if linode is None:
            raise field_error("linodes", f"Linode {lid} not found")
        require_entity(ctx, "linode", lid, write=True)
        if linode["region"] != pg["region"]:
            raise field_error("linodes", f"Linode {lid} is not in {pg['region']}")
        if linode["placement_group"] and linode["placement_group"]["id"] != pg["id"]:
            raise field_error("linodes", f"Linode {lid} is already assigned to a placement group")
    if len(members | set(ids)) > limit:
        raise ApiError(400, f"A placement group can hold at most {limit} Linodes.")
    for lid in ids:
        if lid not in members:
            pg["members"].append({"linode_id": lid, "is_compliant": True})
        world.linodes[lid]["placement_group"] = _pg_ref(pg)
    world.add_event("placement_group_assign", world.entity_ref("placement_group", pg), username=user(ctx))
    return pg


@routes.post(PG + "/unassign")
def unassign(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    pg = _pg(ctx, write=True)
    ids = set(_linode_ids(ctx))
    pg["members"] = [m for m in pg["members"] if m["linode_id"] not in ids]
    for lid in ids:
        if lid in world.linodes and (world.linodes[lid]["placement_group"] or {}).get("id") == pg["id"]:
            world.linodes[lid]["placement_group"] = None
    world.add_event("placement_group_unassign", world.entity_ref("placement_group", pg), username=user(ctx))
    return pg
