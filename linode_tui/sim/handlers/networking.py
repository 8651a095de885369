"""Networking: Cloud Firewalls (rules, devices), IP addresses, IPv6 pools/ranges, VLANs."""

from __future__ import annotations

import zlib
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    check_unique_label,
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
from linode_tui.sim.world import World

FW = "/networking/firewalls/{firewallId}"
PROTOCOLS = ("TCP", "UDP", "ICMP", "IPENCAP")
POLICIES = ("ACCEPT", "DROP")


def firewall_view(world: World, fw: dict[str, Any]) -> dict[str, Any]:
    devices = world.firewall_devices.get(fw["id"], {})
    return {**fw, "entities": [d["entity"] for d in devices.values()]}


def _firewall(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    fid = ctx.params.get("firewallId")
    fw: dict[str, Any] = get_or_404(w(ctx).firewalls, fid)
    require_entity(ctx, "firewall", fid, write=write)
    return fw


def _fingerprint(rules: dict[str, Any]) -> str:
    return f"{zlib.crc32(repr(sorted(rules.items())).encode()) & 0xFFFFFFFF:08x}"


def check_rules(
    raw: Any, current: dict[str, Any] | None = None, rulesets: dict[int, Any] | None = None
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise field_error("rules", "rules must be an object")
    out: dict[str, Any] = {}
    for policy in ("inbound_policy", "outbound_policy"):
        value = raw.get(policy, (current or {}).get(policy))
        if value not in POLICIES:
            raise field_error(policy, f"{policy} must be ACCEPT or DROP")
        out[policy] = value
    for direction in ("inbound", "outbound"):
        rules = raw.get(direction, (current or {}).get(direction, []))
        if not isinstance(rules, list):
            raise field_error(direction, f"{direction} must be a list")
        checked: list[dict[str, Any]] = []
        for i, r in enumerate(rules):
            where = f"{direction}[{i}]"
            if not isinstance(r, dict):
                raise field_error(where, "rule must be an object")
            if "ruleset" in r:  # a reference to a Rule Set: nothing else may be given
                if set(r) != {"ruleset"} or not isinstance(r["ruleset"], int) or (
                    rulesets is not None and r["ruleset"] not in rulesets
                ):
                    raise field_error(f"{where}.ruleset", "Rule Set not found")
                checked.append({"ruleset": r["ruleset"]})
                continue
            if r.get("protocol") not in PROTOCOLS:
                raise field_error(f"{where}.protocol", "protocol is not valid")
            if r.get("action") not in POLICIES:
                raise field_error(f"{where}.action", "action must be ACCEPT or DROP")
            ports = r.get("ports")
            if r["protocol"] in ("ICMP", "IPENCAP") and ports:
                raise field_error(f"{where}.ports", "Ports are not allowed for ICMP and IPENCAP protocols")
            if ports is not None and not all(
                p.strip().replace("-", "").isdigit() for p in str(ports).split(",")
            ):
                raise field_error(f"{where}.ports", "ports is not valid")
            addrs = r.get("addresses") or {}
            checked.append(
                {
                    "label": r.get("label"),
                    "description": r.get("description"),
                    "action": r["action"],
                    "protocol": r["protocol"],
                    **({"ports": ports} if ports is not None else {}),
                    "addresses": {
                        "ipv4": list(addrs.get("ipv4") or []),
                        "ipv6": list(addrs.get("ipv6") or []),
                    },
                }
            )
        out[direction] = checked
    out["version"] = int((current or {}).get("version", 0)) + 1
    out["fingerprint"] = _fingerprint({k: v for k, v in out.items() if k != "fingerprint"})
    return out


def _add_interface_device(world: World, fw: dict[str, Any], iid: Any) -> dict[str, Any]:
    """A Linode interface (4.229.1 ``type: linode_interface``): public and VPC interfaces only, one
    firewall each."""
    from linode_tui.sim.handlers.interfaces import _attach_iface_firewall, interface_firewall_ids

    owner = next(
        (
            (lid, ifaces[iid])
            for lid, ifaces in world.linode_interfaces.items()
            if isinstance(iid, int) and iid in ifaces and lid in world.linodes
        ),
        None,
    )
    if owner is None:
        raise field_error("id", "Linode interface not found")
    lid, itf = owner
    if itf.get("vlan") is not None:
        raise field_error("id", "A firewall cannot be assigned to a VLAN interface")
    if interface_firewall_ids(world, iid):
        raise ApiError(400, f"Linode interface {iid} already has a firewall assigned.")
    _attach_iface_firewall(world, world.linodes[lid], itf, fw["id"])
    dev: dict[str, Any] = list(world.firewall_devices[fw["id"]].values())[-1]
    return dev


def _add_device(world: World, fw: dict[str, Any], kind: str, eid: Any) -> dict[str, Any]:
    if kind == "linode_interface":
        return _add_interface_device(world, fw, eid)
    store = world.linodes if kind == "linode" else world.nodebalancers if kind == "nodebalancer" else None
    if store is None:
        raise field_error("type", "type must be linode, nodebalancer or linode_interface")
    obj = store.get(eid) if isinstance(eid, int) else None
    if obj is None:
        raise field_error("id", f"{kind.capitalize()} not found")
    if kind == "linode" and obj.get("interface_generation") == "linode":
        raise field_error(
            "id", "This Linode uses Linode interfaces: assign the firewall to its interfaces instead"
        )
    devices = world.firewall_devices.setdefault(fw["id"], {})
    if any(d["entity"]["type"] == kind and d["entity"]["id"] == eid for d in devices.values()):
        raise ApiError(400, f"{kind.capitalize()} {eid} is already assigned to this firewall.")
    did = world.next_id("fwdevice", 900_000)
    now = world.iso()
    dev = {"id": did, "entity": world.entity_ref(kind, obj), "created": now, "updated": now}
    devices[did] = dev
    if kind == "linode":
        world.linode_firewall[eid] = fw["id"]
    return dev


@routes.get("/networking/firewalls")
def list_firewalls(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(firewall_view(world, fw) for fw in visible(ctx, "firewall", world.firewalls.values()))


@routes.post("/networking/firewalls")
def create_firewall(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_firewalls")
    label = world.check_label(ctx.json_field("label", required=True))
    check_unique_label(label, world.firewalls.values(), "Firewalls")
    rules = check_rules(ctx.json_field("rules", required=True, type_=dict))
    tags = world.check_tags(body(ctx).get("tags"))
    fid = world.next_id("firewall", max(world.firewalls, default=10_000))
    now = world.iso()
    fw = {
        "id": fid,
        "label": label,
        "status": "enabled",
        "rules": rules,
        "tags": tags,
        "created": now,
        "updated": now,
    }
    world.firewalls[fid] = fw
    world.firewall_devices[fid] = {}
    devices = body(ctx).get("devices") or {}
    try:
        for lid in devices.get("linodes") or []:
            _add_device(world, fw, "linode", lid)
        for nid in devices.get("nodebalancers") or []:
            _add_device(world, fw, "nodebalancer", nid)
        for iid in devices.get("linode_interfaces") or []:
            _add_device(world, fw, "linode_interface", iid)
    except ApiError:  # the request is refused as a whole: no firewall, no device
        for dev in world.firewall_devices.pop(fid, {}).values():
            e = dev["entity"]
            if e["type"] == "linode" and world.linode_firewall.get(e["id"]) == fid:
                del world.linode_firewall[e["id"]]
        del world.firewalls[fid]
        raise
    world.add_event("firewall_create", world.entity_ref("firewall", fw), username=user(ctx))
    return firewall_view(world, fw)


@routes.get(FW)
def get_firewall(ctx: Ctx) -> dict[str, Any]:
    return firewall_view(w(ctx), _firewall(ctx))


@routes.put(FW)
def update_firewall(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    fw = _firewall(ctx, write=True)
    b = body(ctx)
    action = "firewall_update"
    if "label" in b:
        fw["label"] = world.check_label(b["label"])
    if "tags" in b:
        fw["tags"] = world.check_tags(b["tags"])
    if "status" in b:
        if b["status"] not in ("enabled", "disabled"):
            raise field_error("status", "status must be enabled or disabled")
        if b["status"] != fw["status"]:
            action = "firewall_enable" if b["status"] == "enabled" else "firewall_disable"
        fw["status"] = b["status"]
    fw["updated"] = world.iso()
    world.add_event(action, world.entity_ref("firewall", fw), username=user(ctx))
    return firewall_view(world, fw)


@routes.delete(FW)
def delete_firewall(ctx: Ctx) -> None:
    world = w(ctx)
    fw = _firewall(ctx, write=True)
    del world.firewalls[fw["id"]]
    world.firewall_devices.pop(fw["id"], None)
    for lid in [k for k, v in world.linode_firewall.items() if v == fw["id"]]:
        del world.linode_firewall[lid]
    world.add_event("firewall_delete", world.entity_ref("firewall", fw), username=user(ctx))


@routes.get(FW + "/rules")
def get_rules(ctx: Ctx) -> dict[str, Any]:
    rules: dict[str, Any] = _firewall(ctx)["rules"]
    return rules


@routes.put(FW + "/rules")
def put_rules(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    fw = _firewall(ctx, write=True)
    live = {k: v for k, v in world.rulesets.items() if not v.get("deleted")}
    new_rules = check_rules(body(ctx), fw["rules"], live)
    world.firewall_rule_history.setdefault(fw["id"], []).append(
        {"updated": fw["updated"], "status": fw["status"], "rules": fw["rules"]}
    )
    fw["rules"] = new_rules
    fw["updated"] = world.iso()
    world.add_event("firewall_update", world.entity_ref("firewall", fw), username=user(ctx))
    rules: dict[str, Any] = fw["rules"]
    return rules


@routes.get(FW + "/devices")
def list_devices(ctx: Ctx) -> Listing:
    fw = _firewall(ctx)
    return listing(w(ctx).firewall_devices.get(fw["id"], {}).values())


@routes.post(FW + "/devices")
def add_device(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    fw = _firewall(ctx, write=True)
    kind = ctx.json_field("type", required=True, type_=str)
    eid = ctx.json_field("id", required=True, type_=int)
    dev = _add_device(world, fw, kind, eid)
    world.add_event(
        "firewall_device_add", world.entity_ref("firewall", fw), username=user(ctx), secondary=dev["entity"]
    )
    return dev


@routes.get(FW + "/devices/{deviceId}")
def get_device(ctx: Ctx) -> dict[str, Any]:
    fw = _firewall(ctx)
    dev: dict[str, Any] = get_or_404(w(ctx).firewall_devices.get(fw["id"], {}), ctx.params.get("deviceId"))
    return dev


@routes.delete(FW + "/devices/{deviceId}")
def remove_device(ctx: Ctx) -> None:
    world = w(ctx)
    fw = _firewall(ctx, write=True)
    devices = world.firewall_devices.get(fw["id"], {})
    dev = get_or_404(devices, ctx.params.get("deviceId"))
    del devices[dev["id"]]
    if dev["entity"]["type"] == "linode" and world.linode_firewall.get(dev["entity"]["id"]) == fw["id"]:
        del world.linode_firewall[dev["entity"]["id"]]
    world.add_event(
        "firewall_device_remove",
        world.entity_ref("firewall", fw),
        username=user(ctx),
        secondary=dev["entity"],
    )


def _rule_versions(world: World, fw: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rules version of a firewall, oldest first: {"updated", "status", "rules"} (full rules)."""
    current = {"updated": fw["updated"], "status": fw["status"], "rules": fw["rules"]}
    return [*world.firewall_rule_history.get(fw["id"], []), current]


@routes.get(FW + "/history")
def firewall_history(ctx: Ctx) -> Listing:
    fw = _firewall(ctx)
    return listing(
        [{**v, "rules": {"version": v["rules"]["version"]}} for v in _rule_versions(w(ctx), fw)]
    )


@routes.get(FW + "/history/rules/{version}")
def firewall_rule_version(ctx: Ctx) -> dict[str, Any]:
    fw = _firewall(ctx)
    for v in _rule_versions(w(ctx), fw):
        if v["rules"]["version"] == ctx.params.get("version"):
            rules: dict[str, Any] = v["rules"]
            return rules
    raise not_found()


# ------------------------------------------------------------------------------------------ IP addresses
def _ip_objects(world: World) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lid, x in world.linodes.items():
        if lid in world._ips:
            info = world._ips[lid]
            out.extend(info["ipv4"]["public"])
            out.extend(info["ipv4"]["private"])
            out.append(info["ipv6"]["slaac"])
        else:
            for a in x["ipv4"]:
                out.append(world.ip_obj(lid, a, public=not a.startswith("192.168."), region=x["region"]))
    return out


@routes.get("/networking/ips")
def list_ips(ctx: Ctx) -> Listing:
    world = w(ctx)
    items = _ip_objects(world)
    if ctx.token.restricted:
        items = visible(ctx, "linode", items, key="linode_id")
    return listing(items)


def _find(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    address = str_param(ctx, "address")
    for lid, x in world.linodes.items():
        if address in x["ipv4"] or (x["ipv6"] or "").split("/")[0] == address:
            require_entity(ctx, "linode", lid)
            info = world.ips(lid)
            for ip in [*info["ipv4"]["public"], *info["ipv4"]["private"], info["ipv6"]["slaac"]]:
                if ip["address"] == address:
                    found: dict[str, Any] = ip
                    return found
    raise not_found()


@routes.get("/networking/ips/{address}")
def get_ip(ctx: Ctx) -> dict[str, Any]:
    return _find(ctx)


@routes.put("/networking/ips/{address}")
def put_ip(ctx: Ctx) -> dict[str, Any]:
    from linode_tui.sim.handlers.linodes import set_rdns

    ip = _find(ctx)
    require_entity(ctx, "linode", ip["linode_id"], write=True)
    return set_rdns(w(ctx), ip, ctx.json_field("rdns"))


@routes.post("/networking/ips")
def allocate_ip(ctx: Ctx) -> dict[str, Any]:
    """Allocate an IPv4 address to ``linode_id`` (like ``POST /linode/instances/{id}/ips``); with
    ``reserved: true`` a new reserved address in the Linode's region is assigned to it."""
    import dataclasses

    from linode_tui.sim.handlers import linodes, netextra

    world = w(ctx)
    lid = ctx.json_field("linode_id", type_=int)
    if lid is None:
        raise field_error("linode_id", "linode_id is required")
    if lid not in world.linodes:
        raise field_error("linode_id", "Linode not found")
    if not body(ctx).get("reserved"):
        ip: dict[str, Any] = linodes.allocate_ip(dataclasses.replace(ctx, params={"linodeId": lid}))
        return ip
    require_entity(ctx, "linode", lid, write=True)
    if ctx.json_field("public") is False:
        raise field_error("public", "Reserved addresses are public")
    linode = world.linodes[lid]
    region = body(ctx).get("region") or linode["region"]
    if region != linode["region"]:
        raise field_error("region", "region must be the Linode's region")
    rec = netextra.new_reserved(world, region, [])
    netextra.move_ip(world, rec["address"], linode)
    world.add_event("linode_addip", world.entity_ref("linode", linode), username=user(ctx))
    return netextra.reserved_view(world, rec)


@routes.get("/networking/ipv6/ranges")
def ipv6_ranges(ctx: Ctx) -> Listing:
    return listing({k: v for k, v in r.items() if k != "linodes"} for r in w(ctx).ipv6_ranges)


@routes.get("/networking/ipv6/ranges/{range}")
def ipv6_range(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).ipv6_ranges, str_param(ctx, "range").split("/")[0], key="range")


@routes.post("/networking/ipv6/ranges")
def create_ipv6_range(ctx: Ctx) -> dict[str, Any]:
    """A /64 or /56 routed to a Linode (``linode_id``) or to one of its SLAAC addresses
    (``route_target``): exactly one of the two, the Linode's region."""
    from linode_tui.sim.seed import REGION_NET

    world = w(ctx)
    b = body(ctx)
    prefix = ctx.json_field("prefix_length", required=True, type_=int)
    if prefix not in (56, 64):
        raise field_error("prefix_length", "prefix_length must be 56 or 64")
    lid, target = b.get("linode_id"), b.get("route_target")
    if (lid is None) == (target is None):
        raise field_error("linode_id", "Exactly one of linode_id and route_target is required")
    if target is not None:
        lid = next(
            (i for i, x in world.linodes.items() if (x.get("ipv6") or "").split("/")[0] == target), None
        )
        if lid is None:
            raise field_error("route_target", "route_target must be a Linode's SLAAC address")
    linode = world.linodes.get(lid) if isinstance(lid, int) and not isinstance(lid, bool) else None
    if linode is None:
        raise field_error("linode_id", "Linode not found")
    require_entity(ctx, "linode", lid, write=True)
    n = world.next_id("ipv6_range", 0x1A0)
    base = REGION_NET.get(linode["region"], ("", "2600:3c00"))[1]
    rng = f"{base}:e00{1 if prefix == 56 else 0}:{n:x}::"
    rec = {
        "range": rng,
        "prefix": prefix,
        "region": linode["region"],
        "route_target": (linode.get("ipv6") or "").split("/")[0] or None,
        "is_bgp": False,
        "linodes": [lid],
    }
    world.ipv6_ranges.append(rec)
    world.add_event("linode_addip", world.entity_ref("linode", linode), username=user(ctx))
    return {"range": f"{rng}/{prefix}", "route_target": rec["route_target"]}


@routes.delete("/networking/ipv6/ranges/{range}")
def delete_ipv6_range(ctx: Ctx) -> None:
    world = w(ctx)
    rec = find_by(world.ipv6_ranges, str_param(ctx, "range").split("/")[0], key="range")
    for lid in rec.get("linodes") or []:
        require_entity(ctx, "linode", lid, write=True)
    world.ipv6_ranges.remove(rec)
    for lid in rec.get("linodes") or []:
        if lid in world.linodes:
            world.add_event("linode_deleteip", world.entity_ref("linode", world.linodes[lid]),
                            username=user(ctx))


@routes.get("/networking/ipv6/pools")
def ipv6_pools(ctx: Ctx) -> Listing:
    return listing(
        {"range": "2600:3c03:e000::", "prefix": 124, "region": "us-east", "route_target": None}
        for _ in range(1)
    )


@routes.get("/networking/vlans")
def vlans(ctx: Ctx) -> Listing:
    world = w(ctx)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for lid, cfgs in world._configs.items():
        for cfg in cfgs.values():
            for itf in cfg["interfaces"]:
                if itf["purpose"] == "vlan" and itf.get("label"):
                    region = world.linodes[lid]["region"]
                    v = out.setdefault(
                        (region, itf["label"]),
                        {"label": itf["label"], "region": region, "linodes": [], "created": cfg["created"]},
                    )
                    v["linodes"].append(lid)
    for lid, ifaces in world.linode_interfaces.items():  # VLANs of Linode interfaces
        for itf in ifaces.values():
            if itf["vlan"] is not None and lid in world.linodes:
                region = world.linodes[lid]["region"]
                v = out.setdefault(
                    (region, itf["vlan"]["vlan_label"]),
                    {"label": itf["vlan"]["vlan_label"], "region": region, "linodes": [],
                     "created": itf["created"]},
                )
                if lid not in v["linodes"]:
                    v["linodes"].append(lid)
    return listing(out.values())
