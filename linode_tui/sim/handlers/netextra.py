"""Newer networking operations: firewall Rule Sets, Prefix Lists, templates and default firewalls,
expanded rules, reserved IPv4 addresses (reserve, assign, tag, unreserve), IP assignment, VLAN
deletion, a Linode's/NodeBalancer's firewall list (PUT), ``firewalls/apply`` and NodeBalancer VPC
configurations.

Reserved IPs: ``POST /networking/reserved/ips`` reserves a new unassigned public IPv4 in a region;
``POST /networking/ips/assign`` (or ``/networking/ipv4/assign``) moves addresses, reserved or not,
between Linodes of one region; ``DELETE`` unreserves (an assigned address stays on its Linode as an
ordinary ephemeral address, an unassigned one is released).
"""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    get_or_404,
    listing,
    require_entity,
    str_param,
    user,
    w,
)
from linode_tui.sim.handlers.networking import check_rules, firewall_view
from linode_tui.sim.seed import REGION_NET
from linode_tui.sim.world import World

FW_RO = ("firewall:read_only",)
FW_RW = ("firewall:read_write",)
IPS_RO = ("ips:read_only",)
IPS_RW = ("ips:read_write",)
RS = "/networking/firewalls/rulesets"
RES = "/networking/reserved/ips"
NB = "/nodebalancers/{nodeBalancerId}"
FIREWALL_SETTING_KEYS = ("linode", "nodebalancer", "public_interface", "vpc_interface")


# ------------------------------------------------------------------------------------------ rule sets
def _check_ruleset_rules(raw: Any, direction: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise field_error("rules", "rules must be a list")
    wrapped = {"inbound_policy": "ACCEPT", "outbound_policy": "ACCEPT", direction: raw}
    return list(check_rules(wrapped)[direction])


def _ruleset_or_404(ctx: Ctx) -> dict[str, Any]:
    rs: dict[str, Any] = get_or_404(w(ctx).rulesets, ctx.params.get("ruleSetId"))
    if rs.get("deleted"):
        raise not_found()
    return rs


def rulesets_in_use(world: World, rs_id: int) -> list[int]:
    """Firewalls whose rules reference the rule set ``rs_id``."""
    out = []
    for fid, fw in world.firewalls.items():
        rules = fw.get("rules") or {}
        if any(r.get("ruleset") == rs_id for d in ("inbound", "outbound") for r in rules.get(d) or []):
            out.append(fid)
    return out


@routes.get(RS, scopes=FW_RO)
def list_rulesets(ctx: Ctx) -> Listing:
    return listing(x for x in w(ctx).rulesets.values() if not x.get("deleted"))


@routes.post(RS, scopes=FW_RW)
def create_ruleset(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    label = world.check_label(ctx.json_field("label", required=True, type_=str))
    if any(x["label"] == label and not x.get("deleted") for x in world.rulesets.values()):
        raise field_error("label", "Label must be unique among your Rule Sets")
    direction = ctx.json_field("type", required=True, type_=str)
    if direction not in ("inbound", "outbound"):
        raise field_error("type", "type must be inbound or outbound")
    rules = _check_ruleset_rules(ctx.json_field("rules", required=True, type_=list), direction)
    rid = world.next_id("ruleset", 500)
    now = world.iso()
    rs = {
        "id": rid,
        "label": label,
        "description": str(body(ctx).get("description") or ""),
        "type": direction,
        "rules": rules,
        "is_service_defined": False,
        "version": 1,
        "created": now,
        "updated": now,
        "deleted": None,
    }
    world.rulesets[rid] = rs
    return rs


@routes.get(RS + "/{ruleSetId}", scopes=FW_RO)
def get_ruleset(ctx: Ctx) -> dict[str, Any]:
    return _ruleset_or_404(ctx)


@routes.put(RS + "/{ruleSetId}", scopes=FW_RW)
def update_ruleset(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    rs = _ruleset_or_404(ctx)
    if rs["is_service_defined"]:
        raise ApiError(403, "Service-defined Rule Sets cannot be modified.")
    b = body(ctx)
    if "type" in b and b["type"] != rs["type"]:
        raise field_error("type", "type cannot be changed")
    new = copy.deepcopy(rs)
    if "label" in b:
        new["label"] = world.check_label(ctx.json_field("label", type_=str))
    if "description" in b:
        new["description"] = str(b["description"] or "")
    if "rules" in b:
        new["rules"] = _check_ruleset_rules(b["rules"], rs["type"])
    new["version"] = rs["version"] + 1
    new["updated"] = world.iso()
    rs.update(new)
    return rs


@routes.delete(RS + "/{ruleSetId}", scopes=FW_RW)
def delete_ruleset(ctx: Ctx) -> None:
    world = w(ctx)
    rs = _ruleset_or_404(ctx)
    if rs["is_service_defined"]:
        raise ApiError(403, "Service-defined Rule Sets cannot be deleted.")
    used = rulesets_in_use(world, rs["id"])
    if used:
        raise ApiError(400, f"Rule Set {rs['id']} is in use by firewall {used[0]} and cannot be deleted.")
    del world.rulesets[rs["id"]]


# ------------------------------------------------------------------------------- prefix lists
@routes.get("/networking/prefixlists", scopes=FW_RO)
def list_prefix_lists(ctx: Ctx) -> Listing:
    return listing(w(ctx).prefix_lists.values())


@routes.get("/networking/prefixlists/{prefixListId}", scopes=FW_RO)
def get_prefix_list(ctx: Ctx) -> dict[str, Any]:
    pl: dict[str, Any] = get_or_404(w(ctx).prefix_lists, ctx.params.get("prefixListId"))
    return pl


# ------------------------------------------------------------------------ templates and defaults
@routes.get("/networking/firewalls/templates", scopes=FW_RO)
def list_templates(ctx: Ctx) -> Listing:
    return listing(w(ctx).firewall_templates.values())


@routes.get("/networking/firewalls/templates/{slug}", scopes=FW_RO)
def get_template(ctx: Ctx) -> dict[str, Any]:
    tpl: dict[str, Any] = get_or_404(w(ctx).firewall_templates, str_param(ctx, "slug"))
    return tpl


def firewall_defaults(world: World) -> dict[str, Any]:
    ids = world.firewall_defaults
    return {
        "default_firewall_ids": {
            k: ids.get(k) if ids.get(k) in world.firewalls else None for k in FIREWALL_SETTING_KEYS
        }
    }


@routes.get("/networking/firewalls/settings", scopes=FW_RO)
def get_firewall_settings(ctx: Ctx) -> dict[str, Any]:
    return firewall_defaults(w(ctx))


@routes.put("/networking/firewalls/settings", scopes=FW_RW)
def put_firewall_settings(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    raw = body(ctx).get("default_firewall_ids", body(ctx))
    if not isinstance(raw, dict):
        raise field_error("default_firewall_ids", "default_firewall_ids must be an object")
    changes = {}
    for key in FIREWALL_SETTING_KEYS:
        if key not in raw:
            continue
        fid = raw[key]
        where = f"default_firewall_ids.{key}"
        if not isinstance(fid, int) or isinstance(fid, bool):
            raise field_error(where, f"{key} must be an integer")
        if fid not in world.firewalls:
            raise field_error(where, "Firewall not found")
        changes[key] = fid
    world.firewall_defaults.update(changes)
    return firewall_defaults(world)


@routes.get("/networking/firewalls/{firewallId}/rules/expansion", scopes=FW_RO)
def expanded_rules(ctx: Ctx) -> dict[str, Any]:
    """The firewall's rules with every Rule Set reference replaced by its rules and every Prefix List
    name (``pl:...``) in an address list replaced by its addresses."""
    world = w(ctx)
    fid = ctx.params.get("firewallId")
    fw: dict[str, Any] = get_or_404(world.firewalls, fid)
    require_entity(ctx, "firewall", fid)
    by_name = {p["name"]: p for p in world.prefix_lists.values()}
    out = copy.deepcopy(fw["rules"])
    for direction in ("inbound", "outbound"):
        expanded: list[dict[str, Any]] = []
        for rule in out.get(direction) or []:
            rs = world.rulesets.get(rule.get("ruleset")) if rule.get("ruleset") is not None else None
            expanded.extend(copy.deepcopy(rs["rules"]) if rs else [rule])
        for rule in expanded:
            addrs = rule.get("addresses") or {}
            for fam in ("ipv4", "ipv6"):
                flat: list[str] = []
                for a in addrs.get(fam) or []:
                    pl = by_name.get(a)
                    flat.extend(pl[fam] if pl else [a])
                addrs[fam] = flat
        out[direction] = expanded
    result: dict[str, Any] = out
    return result


# ----------------------------------------------------------------------- firewalls of an entity
def _set_entity_firewalls(ctx: Ctx, kind: str, obj: dict[str, Any]) -> Listing:
    world = w(ctx)
    ids = ctx.json_field("firewall_ids", required=True, type_=list)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise field_error("firewall_ids", "firewall_ids must be a list of integers")
    for i in ids:
        if i not in world.firewalls:
            raise field_error("firewall_ids", f"Firewall {i} not found")
    if len(set(ids)) > 1:
        raise field_error("firewall_ids", f"A {kind} can be assigned to only one firewall")
    for fid, devs in world.firewall_devices.items():
        if fid in ids:
            continue
        for did in [
            d for d, dev in devs.items() if dev["entity"]["type"] == kind and dev["entity"]["id"] == obj["id"]
        ]:
            del devs[did]
            world.add_event(
                "firewall_device_remove",
                world.entity_ref("firewall", world.firewalls[fid]),
                username=user(ctx),
                secondary=world.entity_ref(kind, obj),
            )
    for fid in ids:
        devs = world.firewall_devices.setdefault(fid, {})
        if not any(d["entity"]["type"] == kind and d["entity"]["id"] == obj["id"] for d in devs.values()):
            did = world.next_id("fwdevice", 900_000)
            now = world.iso()
            devs[did] = {"id": did, "entity": world.entity_ref(kind, obj), "created": now, "updated": now}
            world.add_event(
                "firewall_device_add",
                world.entity_ref("firewall", world.firewalls[fid]),
                username=user(ctx),
                secondary=world.entity_ref(kind, obj),
            )
    if kind == "linode":
        if ids:
            world.linode_firewall[obj["id"]] = ids[0]
        else:
            world.linode_firewall.pop(obj["id"], None)
    return listing(firewall_view(world, world.firewalls[i]) for i in ids)


@routes.put("/linode/instances/{linodeId}/firewalls", scopes=("linodes:read_write", "firewall:read_write"))
def put_linode_firewalls(ctx: Ctx) -> Listing:
    lid = ctx.params.get("linodeId")
    linode = w(ctx).linode(lid)
    require_entity(ctx, "linode", lid, write=True)
    return _set_entity_firewalls(ctx, "linode", linode)


@routes.put(NB + "/firewalls", scopes=("nodebalancers:read_write", "firewall:read_write"))
def put_nb_firewalls(ctx: Ctx) -> Listing:
    nid = ctx.params.get("nodeBalancerId")
    nb: dict[str, Any] = get_or_404(w(ctx).nodebalancers, nid)
    require_entity(ctx, "nodebalancer", nid, write=True)
    return _set_entity_firewalls(ctx, "nodebalancer", nb)


@routes.post("/linode/instances/{linodeId}/firewalls/apply")
def apply_linode_firewalls(ctx: Ctx) -> None:
    """Re-apply the Linode's firewall rules: an event per firewall, nothing else changes."""
    world = w(ctx)
    lid = ctx.params.get("linodeId")
    linode = world.linode(lid)
    require_entity(ctx, "linode", lid, write=True)
    fid = world.linode_firewall.get(linode["id"])
    if fid is None or fid not in world.firewalls:
        raise ApiError(400, "This Linode has no firewall to apply.")
    world.add_event(
        "firewall_apply",
        world.entity_ref("firewall", world.firewalls[fid]),
        username=user(ctx),
        secondary=world.entity_ref("linode", linode),
    )


# ----------------------------------------------------------------------------------- reserved IPs
def _owner(world: World, address: str) -> dict[str, Any] | None:
    for x in world.linodes.values():
        if address in x["ipv4"]:
            return x
    return None


def reserved_view(world: World, rec: dict[str, Any]) -> dict[str, Any]:
    owner = _owner(world, rec["address"])
    region = owner["region"] if owner else rec["region"]
    return {
        "address": rec["address"],
        "gateway": rec["address"].rsplit(".", 1)[0] + ".1",
        "subnet_mask": "255.255.255.0",
        "prefix": 24,
        "type": "ipv4",
        "public": True,
        "rdns": rec["address"].replace(".", "-") + ".ip.linodeusercontent.com",
        "linode_id": owner["id"] if owner else None,
        "interface_id": None,
        "region": region,
        "vpc_nat_1_1": None,
        "reserved": True,
        "tags": list(rec["tags"]),
        "assigned_entity": world.entity_ref("linode", owner) if owner else None,
    }


def new_reserved(world: World, region: str, tags: list[str]) -> dict[str, Any]:
    n = world.next_id("reserved_ip", 0)
    pub = REGION_NET.get(region, ("172.105", ""))[0]
    address = f"{pub}.{240 + n // 250 % 10}.{n % 250 + 2}"
    rec = {"address": address, "region": region, "tags": tags}
    world.reserved_ips[address] = rec
    return rec


def _reserved_or_404(ctx: Ctx) -> dict[str, Any]:
    rec: dict[str, Any] = get_or_404(w(ctx).reserved_ips, str_param(ctx, "address"))
    return rec


def _check_tags(world: World, tags: Any) -> list[str]:
    return world.check_tags(tags)


@routes.get(RES, scopes=IPS_RO)
def list_reserved(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(reserved_view(world, r) for r in world.reserved_ips.values())


@routes.post(RES, scopes=IPS_RW)
def reserve_ip(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    region = world.check_region(ctx.json_field("region", required=True, type_=str))
    tags = _check_tags(world, body(ctx).get("tags"))
    if sum(1 for r in world.reserved_ips.values()) >= 100:
        raise ApiError(400, "You have reached the maximum number of reserved IP addresses for your account.")
    return reserved_view(world, new_reserved(world, region, tags))


@routes.get(RES + "/types")
def reserved_types(ctx: Ctx) -> Listing:
    return listing(
        [
            {
                "id": "ipv4",
                "label": "IPv4 Address",
                "price": {"hourly": 0.005, "monthly": 2.0},
                "region_prices": [
                    {"id": "id-cgk", "hourly": 0.006, "monthly": 2.4},
                    {"id": "br-gru", "hourly": 0.007, "monthly": 2.8},
                ],
            }
        ]
    )


@routes.get(RES + "/{address}", scopes=IPS_RO)
def get_reserved(ctx: Ctx) -> dict[str, Any]:
    return reserved_view(w(ctx), _reserved_or_404(ctx))


@routes.put(RES + "/{address}", scopes=IPS_RW)
def put_reserved(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    rec = _reserved_or_404(ctx)
    ctx.json_field("tags", required=True, type_=list)
    rec["tags"] = _check_tags(world, body(ctx)["tags"])
    return reserved_view(world, rec)


@routes.delete(RES + "/{address}", scopes=IPS_RW)
def unreserve(ctx: Ctx) -> None:
    rec = _reserved_or_404(ctx)
    del w(ctx).reserved_ips[rec["address"]]


def move_ip(world: World, address: str, to: dict[str, Any]) -> None:
    """Move a public IPv4 (a reserved one, or another Linode's) onto Linode ``to``."""
    old = _owner(world, address)
    if old is not None and old["id"] == to["id"]:
        return
    if old is not None:
        old["ipv4"].remove(address)
        info = world._ips.get(old["id"])
        if info is not None:
            info["ipv4"]["public"] = [ip for ip in info["ipv4"]["public"] if ip["address"] != address]
    to["ipv4"].append(address)
    info = world._ips.get(to["id"])
    if info is not None:
        info["ipv4"]["public"].append(world.ip_obj(to["id"], address, public=True, region=to["region"]))


@routes.post("/networking/ips/assign")
@routes.post("/networking/ipv4/assign")
def assign_ips(ctx: Ctx) -> None:
    world = w(ctx)
    region = world.check_region(ctx.json_field("region", required=True, type_=str))
    assignments = ctx.json_field("assignments", required=True, type_=list)
    plan: list[tuple[str, dict[str, Any]]] = []
    for i, a in enumerate(assignments):
        where = f"assignments[{i}]"
        if not isinstance(a, dict):
            raise field_error(where, "assignment must be an object")
        address, lid = a.get("address"), a.get("linode_id")
        target = world.linodes.get(lid) if isinstance(lid, int) else None
        if target is None:
            raise field_error(f"{where}.linode_id", "Linode not found")
        require_entity(ctx, "linode", lid, write=True)
        if target["region"] != region:
            raise field_error(f"{where}.linode_id", "Linode must be in the assignment's region")
        if not isinstance(address, str):
            raise field_error(f"{where}.address", "address is required")
        owner = _owner(world, address)
        if owner is None and address not in world.reserved_ips:
            raise field_error(f"{where}.address", "Address not found")
        if owner is not None and owner["region"] != region:
            raise field_error(f"{where}.address", "Address must be in the assignment's region")
        if owner is None and world.reserved_ips[address]["region"] != region:
            raise field_error(f"{where}.address", "Address must be in the assignment's region")
        if address.startswith("192.168."):
            raise field_error(f"{where}.address", "Only public IPv4 addresses can be assigned")
        plan.append((address, target))
    for address, target in plan:
        move_ip(world, address, target)
        world.add_event("linode_addip", world.entity_ref("linode", target), username=user(ctx))


@routes.post("/networking/ips/share")
@routes.post("/networking/ipv4/share")
def share_ips(ctx: Ctx) -> None:
    """IP sharing (failover): ``ips`` replaces the list of other Linodes' addresses shared with
    Linode ``linode_id`` (an empty list removes them all); each must be in its region and be one
    the user can reach."""
    world = w(ctx)
    lid = ctx.json_field("linode_id", required=True, type_=int)
    primary = world.linodes.get(lid)
    if primary is None:
        raise field_error("linode_id", "Linode not found")
    require_entity(ctx, "linode", lid, write=True)
    ips = ctx.json_field("ips", required=True, type_=list)
    shared: list[dict[str, Any]] = []
    for i, address in enumerate(ips):
        where = f"ips[{i}]"
        if not isinstance(address, str):
            raise field_error(where, "must be an IP address")
        owner = _owner(world, address)
        if owner is None:
            raise field_error(where, "Address not found")
        require_entity(ctx, "linode", owner["id"])
        if owner["id"] == lid:
            raise field_error(where, "Address is already assigned to this Linode")
        if owner["region"] != primary["region"]:
            raise field_error(where, "Address must be in the same region as the Linode")
        public = not address.startswith("192.168.")
        ip = world.ip_obj(owner["id"], address, public=public, region=owner["region"])
        if any(v.get("nat_1_1") == address for v in world.ips(owner["id"])["ipv4"]["vpc"]):
            raise field_error(where, "A public IPv4 configured for a VPC 1:1 NAT cannot be shared")
        shared.append(ip)
    world.ips(lid)["ipv4"]["shared"] = shared
    world.add_event("linode_update", world.entity_ref("linode", primary), username=user(ctx))


# ------------------------------------------------------------------------------------------- VLANs
@routes.delete("/networking/vlans/{regionId}/{label}", scopes=("linodes:read_write",))
def delete_vlan(ctx: Ctx) -> None:
    """Delete a VLAN: every Linode attached to it must be powered off; their VLAN interfaces (config
    profile or Linode interfaces) are removed, so the VLAN no longer exists."""
    world = w(ctx)
    region, label = str_param(ctx, "regionId"), str_param(ctx, "label")
    cfg_users = [
        (lid, c)
        for lid, cfgs in world._configs.items()
        for c in cfgs.values()
        if world.linodes.get(lid, {}).get("region") == region
        and any(i["purpose"] == "vlan" and i["label"] == label for i in c["interfaces"])
    ]
    if_users = [
        (lid, iid)
        for lid, ifs in world.linode_interfaces.items()
        for iid, i in ifs.items()
        if i["vlan"]
        and i["vlan"]["vlan_label"] == label
        and world.linodes.get(lid, {}).get("region") == region
    ]
    lids = sorted({lid for lid, _ in cfg_users} | {lid for lid, _ in if_users})
    if not lids:
        raise not_found()
    running = [lid for lid in lids if world.linodes[lid]["status"] != "offline"]
    if running:
        raise ApiError(
            400,
            f"VLAN {label} is attached to running Linode {running[0]}; "
            "power off its Linodes before deleting it.",
        )
    for _lid, cfg in cfg_users:
        cfg["interfaces"] = [
            i for i in cfg["interfaces"] if not (i["purpose"] == "vlan" and i["label"] == label)
        ]
    for lid_, iid in if_users:
        del world.linode_interfaces[lid_][iid]
    for lid in lids:
        world.add_event("vlan_detach", world.entity_ref("linode", world.linodes[lid]), username=user(ctx))


# ------------------------------------------------------------------------- NodeBalancer VPC configs
@routes.get(NB + "/vpcs", scopes=("nodebalancers:read_only",))
def nb_vpcs(ctx: Ctx) -> Listing:
    nid = ctx.params.get("nodeBalancerId")
    nb = get_or_404(w(ctx).nodebalancers, nid)
    require_entity(ctx, "nodebalancer", nid)
    return listing(w(ctx).nb_vpcs.get(nb["id"], {}).values())


@routes.get(NB + "/vpcs/{nodeBalancerVpcConfigId}", scopes=("nodebalancers:read_only",))
def nb_vpc(ctx: Ctx) -> dict[str, Any]:
    nid = ctx.params.get("nodeBalancerId")
    nb = get_or_404(w(ctx).nodebalancers, nid)
    require_entity(ctx, "nodebalancer", nid)
    cfg: dict[str, Any] = get_or_404(
        w(ctx).nb_vpcs.get(nb["id"], {}), ctx.params.get("nodeBalancerVpcConfigId")
    )
    return cfg
