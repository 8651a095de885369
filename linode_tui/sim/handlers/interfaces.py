"""Linode network interfaces: the newer *Linode interfaces* and the legacy configuration-profile ones.

A Linode's ``interface_generation`` says which kind it uses:

* ``legacy_config`` — interfaces live in its configuration profiles
  (``/linode/instances/{id}/configs/{configId}/interfaces...``, created, updated, reordered and
  deleted here).  ``POST .../upgrade-interfaces`` turns them into Linode interfaces: with
  ``dry_run`` (the default) it only shows the result; otherwise the Linode switches to
  ``interface_generation: linode`` and the config profile loses its interfaces.
* ``linode`` — interfaces belong to the Linode (``/linode/instances/{id}/interfaces...``): exactly one
  of ``public``, ``vpc`` or ``vlan`` each, a ``default_route``, a ``version`` bumped on every change,
  an optional firewall (public and VPC interfaces only), a history of every version and the Linode's
  interface settings (network helper, default-route interface ids).

Every change emits the Linode's events (``interface_create``/``_update``/``_delete``,
``linode_config_update`` for profile interfaces).
"""

from __future__ import annotations

import copy
import ipaddress
import json
from typing import Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import body, get_or_404, listing, require_entity, user, w
from linode_tui.sim.handlers.locks import check_deletable
from linode_tui.sim.world import World

BASE = "/linode/instances/{linodeId}"
IFACES = BASE + "/interfaces"
IFACE = IFACES + "/{interfaceId}"
CFG_IFACES = BASE + "/configs/{configId}/interfaces"
RO = ("linodes:read_only",)
RW = ("linodes:read_write",)
MAX_INTERFACES = 3
LEGACY = "legacy_config"
NEW = "linode"


# ------------------------------------------------------------------------------------------- helpers
def _linode(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    lid = ctx.params.get("linodeId")
    linode = w(ctx).linode(lid)
    require_entity(ctx, "linode", lid, write=write)
    return linode


def _ev(world: World, linode: dict[str, Any], action: str, ctx: Ctx) -> None:
    world.add_event(action, world.entity_ref("linode", linode), username=user(ctx))


def _mac(iid: int) -> str:
    h = (iid * 2654435761) & 0xFFFFFFFF
    return "22:00:" + ":".join(f"{(h >> s) & 0xFF:02X}" for s in (24, 16, 8, 0))


def find_subnet(world: World, subnet_id: Any) -> tuple[int, dict[str, Any]] | None:
    """(vpc id, subnet) of a subnet id, else None."""
    if not isinstance(subnet_id, int) or isinstance(subnet_id, bool):
        return None
    for vid, subs in world.subnets.items():
        if subnet_id in subs:
            return vid, subs[subnet_id]
    return None


def _used_vpc_addresses(world: World, subnet_id: int, lid: int | None = None) -> set[str]:
    """Addresses taken in a subnet (``lid``: except those of that Linode's legacy VPC link)."""
    used = {
        link["address"] for k, link in world.vpc_links.items() if link["subnet_id"] == subnet_id and k != lid
    }
    for ifaces in world.linode_interfaces.values():
        for itf in ifaces.values():
            vpc = itf.get("vpc")
            if vpc and vpc["subnet_id"] == subnet_id:
                used.update(a["address"] for a in vpc["ipv4"]["addresses"])
    return used


def _pick_vpc_address(
    world: World, subnet: dict[str, Any], wanted: Any, field: str, lid: int | None = None
) -> str:
    net = ipaddress.ip_network(subnet["ipv4"])
    used = _used_vpc_addresses(world, subnet["id"], lid)
    if wanted in (None, "auto"):
        for host in list(net.hosts())[1:]:  # .1 is the gateway
            if str(host) not in used:
                return str(host)
        raise field_error(field, "No addresses are available in this subnet")
    try:
        addr = ipaddress.ip_address(wanted)
    except (TypeError, ValueError):
        raise field_error(field, "Must be a valid IPv4 address") from None
    if addr not in net or addr == net.network_address or addr == net.broadcast_address:
        raise field_error(field, "Address must be within the subnet's range")
    if str(addr) in used:
        raise field_error(field, "Address is already in use")
    return str(addr)


def _public_block(world: World, linode: dict[str, Any]) -> dict[str, Any]:
    """A public interface's addresses: the Linode's public IPv4s (first primary) and its SLAAC."""
    publics = [a for a in linode["ipv4"] if not a.startswith("192.168.")]
    slaac = (linode.get("ipv6") or "").split("/")[0]
    return {
        "ipv4": {
            "addresses": [{"address": a, "primary": i == 0} for i, a in enumerate(publics)],
            "shared": [],
        },
        "ipv6": {
            "ranges": [],
            "shared": [],
            "slaac": [{"address": slaac, "prefix": 64}] if slaac else [],
        },
    }


def new_interface(
    world: World,
    linode: dict[str, Any],
    iid: int,
    kind: str,
    block: dict[str, Any],
    default_route: dict[str, bool],
    created: str | None = None,
) -> dict[str, Any]:
    now = created or world.iso()
    return {
        "id": iid,
        "mac_address": _mac(iid),
        "created": now,
        "updated": now,
        "version": 1,
        "default_route": default_route,
        "public": block if kind == "public" else None,
        "vpc": block if kind == "vpc" else None,
        "vlan": block if kind == "vlan" else None,
    }


def _kind(itf: dict[str, Any]) -> str:
    return next(k for k in ("public", "vpc", "vlan") if itf.get(k) is not None)


def _record(world: World, linode: dict[str, Any], itf: dict[str, Any]) -> None:
    hist = world.interface_history.setdefault(linode["id"], [])
    hist.append(
        {
            "interface_history_id": world.next_id("iface_history", 4_000_000),
            "interface_id": itf["id"],
            "linode_id": linode["id"],
            "event_id": None,
            "version": itf["version"],
            "status": "active" if itf["id"] in world.linode_interfaces.get(linode["id"], {}) else "deleted",
            "created": world.iso(),
            "interface_data": json.dumps(itf, separators=(",", ":")),
        }
    )


def _settings(world: World, lid: int) -> dict[str, Any]:
    ifaces = world.linode_interfaces.get(lid, {})
    st = world.interface_settings.setdefault(lid, {"network_helper": True})
    v4 = [i for i, x in ifaces.items() if x["public"] is not None or x["vpc"] is not None]
    v6 = [i for i, x in ifaces.items() if x["public"] is not None]
    cur4 = next((i for i in v4 if ifaces[i]["default_route"].get("ipv4")), None)
    cur6 = next((i for i in v6 if ifaces[i]["default_route"].get("ipv6")), None)
    return {
        "network_helper": st["network_helper"],
        "default_route": {
            "ipv4_interface_id": cur4,
            "ipv4_eligible_interface_ids": v4,
            "ipv6_interface_id": cur6,
            "ipv6_eligible_interface_ids": v6,
        },
    }


def _set_default(ifaces: dict[int, dict[str, Any]], family: str, iid: int) -> None:
    for i, x in ifaces.items():
        if i == iid:
            x["default_route"][family] = True
        elif x["default_route"].get(family):
            x["default_route"].pop(family, None)


def _bool(b: dict[str, Any], key: str, where: str) -> bool | None:
    v = b.get(key)
    if v is None:
        return None
    if not isinstance(v, bool):
        raise field_error(f"{where}{key}", f"{key} must be a boolean")
    return v


def _attach_iface_firewall(world: World, linode: dict[str, Any], itf: dict[str, Any], fw_id: Any) -> None:
    if not isinstance(fw_id, int) or isinstance(fw_id, bool) or fw_id not in world.firewalls:
        raise field_error("firewall_id", "Firewall not found")
    did = world.next_id("fwdevice", 900_000)
    now = world.iso()
    world.firewall_devices.setdefault(fw_id, {})[did] = {
        "id": did,
        "entity": {
            "id": itf["id"],
            "label": None,
            "type": "linode_interface",
            "url": f"/v4/linode/instances/{linode['id']}/interfaces/{itf['id']}",
            "parent_entity": world.entity_ref("linode", linode),
        },
        "created": now,
        "updated": now,
    }


def interface_firewall_ids(world: World, iid: int) -> list[int]:
    return [
        fid
        for fid, devs in world.firewall_devices.items()
        if any(d["entity"]["type"] == "linode_interface" and d["entity"]["id"] == iid for d in devs.values())
    ]


def _detach_iface_firewalls(world: World, iid: int) -> None:
    for devs in world.firewall_devices.values():
        for did in [
            d
            for d, dev in devs.items()
            if dev["entity"]["type"] == "linode_interface" and dev["entity"]["id"] == iid
        ]:
            del devs[did]


def _vpc_block(
    world: World, linode: dict[str, Any], raw: Any, current: dict[str, Any] | None = None
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise field_error("vpc", "vpc must be an object")
    sid = raw.get("subnet_id", current["subnet_id"] if current else None)
    if sid is None:
        raise field_error("vpc.subnet_id", "subnet_id is required")
    found = find_subnet(world, sid)
    if found is None:
        raise field_error("vpc.subnet_id", "Subnet not found")
    vid, subnet = found
    if world.vpcs[vid]["region"] != linode["region"]:
        raise field_error("vpc.subnet_id", "The subnet must be in the same region as the Linode")
    if current is not None and sid != current["subnet_id"]:
        raise field_error("vpc.subnet_id", "subnet_id cannot be changed")
    ipv4 = raw.get("ipv4")
    if ipv4 is not None and not isinstance(ipv4, dict):
        raise field_error("vpc.ipv4", "ipv4 must be an object")
    ipv4 = ipv4 or {}
    if current is not None and "addresses" not in ipv4:
        addresses = current["ipv4"]["addresses"]
    else:
        raw_addrs = ipv4.get("addresses") or [{"address": "auto", "primary": True}]
        if not isinstance(raw_addrs, list) or not all(isinstance(a, dict) for a in raw_addrs):
            raise field_error("vpc.ipv4.addresses", "addresses must be a list of objects")
        addresses = []
        publics = [a for a in linode["ipv4"] if not a.startswith("192.168.")]
        keep = {a["address"] for a in current["ipv4"]["addresses"]} if current else set()
        for i, a in enumerate(raw_addrs):
            where = f"vpc.ipv4.addresses[{i}].address"
            wanted = a.get("address")
            addr = wanted if wanted in keep else _pick_vpc_address(world, subnet, wanted, where, linode["id"])
            nat = a.get("nat_1_1_address")
            if nat == "auto":
                nat = publics[0] if publics else None
            elif nat is not None and nat not in publics:
                raise field_error(
                    f"vpc.ipv4.addresses[{i}].nat_1_1_address", "Must be a public IPv4 address of this Linode"
                )
            addresses.append(
                {"address": addr, "primary": bool(a.get("primary", i == 0)), "nat_1_1_address": nat}
            )
    ranges = ipv4.get("ranges", current["ipv4"]["ranges"] if current else [])
    if not isinstance(ranges, list):
        raise field_error("vpc.ipv4.ranges", "ranges must be a list")
    return {
        "vpc_id": vid,
        "subnet_id": sid,
        "ipv4": {
            "addresses": addresses,
            "ranges": [r if isinstance(r, dict) else {"range": r} for r in ranges],
        },
        "ipv6": raw.get("ipv6", current.get("ipv6") if current else None),
    }


def _vlan_block(raw: Any, current: dict[str, Any] | None = None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise field_error("vlan", "vlan must be an object")
    label = raw.get("vlan_label", current["vlan_label"] if current else None)
    if not isinstance(label, str) or not 1 <= len(label) <= 64:
        raise field_error("vlan.vlan_label", "vlan_label is required")
    if current is not None and label != current["vlan_label"]:
        raise field_error("vlan.vlan_label", "vlan_label cannot be changed")
    ipam = raw.get("ipam_address", current["ipam_address"] if current else None)
    if ipam is not None:
        try:
            ipaddress.ip_interface(ipam)
        except (TypeError, ValueError):
            raise field_error("vlan.ipam_address", "Must be an IPv4 address in CIDR notation") from None
        if "/" not in str(ipam):
            raise field_error("vlan.ipam_address", "Must be an IPv4 address in CIDR notation")
    return {"vlan_label": label, "ipam_address": ipam}


def _public_from_body(
    world: World, linode: dict[str, Any], raw: Any, current: dict[str, Any] | None = None
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise field_error("public", "public must be an object")
    block = copy.deepcopy(current) if current else _public_block(world, linode)
    ipv4 = raw.get("ipv4")
    if isinstance(ipv4, dict) and "addresses" in ipv4:
        own = [a for a in linode["ipv4"] if not a.startswith("192.168.")]
        addrs = ipv4["addresses"]
        if not isinstance(addrs, list):
            raise field_error("public.ipv4.addresses", "addresses must be a list")
        out = []
        for i, a in enumerate(addrs):
            addr = a.get("address") if isinstance(a, dict) else None
            if addr == "auto":
                addr = own[0] if own else None
            if addr not in own:
                raise field_error(
                    f"public.ipv4.addresses[{i}].address",
                    "Must be a public IPv4 address assigned to this Linode",
                )
            out.append({"address": addr, "primary": bool(a.get("primary", i == 0))})
        block["ipv4"]["addresses"] = out
    elif ipv4 is not None and not isinstance(ipv4, dict):
        raise field_error("public.ipv4", "ipv4 must be an object")
    return block


def _iface_or_404(ctx: Ctx, linode: dict[str, Any]) -> dict[str, Any]:
    itf: dict[str, Any] = get_or_404(
        w(ctx).linode_interfaces.get(linode["id"], {}), ctx.params.get("interfaceId")
    )
    return itf


def _require_new(linode: dict[str, Any]) -> None:
    if linode.get("interface_generation") != NEW:
        raise ApiError(
            400,
            "This Linode uses legacy configuration profile interfaces; "
            "upgrade it to Linode interfaces first.",
        )


def add_interface(
    world: World, linode: dict[str, Any], b: dict[str, Any], *, record: bool = True
) -> dict[str, Any]:
    """Validate a POST body and add the interface (shared by POST and the upgrade)."""
    kinds = [k for k in ("public", "vpc", "vlan") if b.get(k) is not None]
    if len(kinds) != 1:
        raise ApiError(400, "Exactly one of public, vpc or vlan must be specified")
    kind = kinds[0]
    ifaces = world.linode_interfaces.setdefault(linode["id"], {})
    if len(ifaces) >= MAX_INTERFACES:
        raise ApiError(400, f"A Linode can have at most {MAX_INTERFACES} interfaces")
    if kind == "public" and any(x["public"] is not None for x in ifaces.values()):
        raise field_error("public", "A Linode can have only one public interface")
    raw_dr = b.get("default_route") or {}
    if not isinstance(raw_dr, dict):
        raise field_error("default_route", "default_route must be an object")
    dr: dict[str, bool] = {}
    for fam in ("ipv4", "ipv6"):
        v = _bool(raw_dr, fam, "default_route.")
        if v:
            if fam == "ipv6" and kind != "public":
                raise field_error(
                    "default_route.ipv6", "Only a public interface can be the IPv6 default route"
                )
            if kind == "vlan":
                raise field_error(f"default_route.{fam}", "A VLAN interface cannot be a default route")
            dr[fam] = True
    fw_id = b.get("firewall_id")
    if fw_id is not None and kind == "vlan":
        raise field_error("firewall_id", "A firewall cannot be assigned to a VLAN interface")
    if fw_id is not None and (not isinstance(fw_id, int) or fw_id not in world.firewalls):
        raise field_error("firewall_id", "Firewall not found")
    if kind == "public":
        block = _public_from_body(world, linode, b["public"])
    elif kind == "vpc":
        block = _vpc_block(world, linode, b["vpc"])
    else:
        block = _vlan_block(b["vlan"])
    iid = world.next_id("linode_interface", 3_000_000)
    itf = new_interface(world, linode, iid, kind, block, dr)
    ifaces[iid] = itf
    # the first interface able to carry a default route takes it
    for fam, eligible in (("ipv4", ("public", "vpc")), ("ipv6", ("public",))):
        if kind in eligible and not any(x["default_route"].get(fam) for x in ifaces.values()):
            itf["default_route"][fam] = True
        elif dr.get(fam):
            _set_default(ifaces, fam, iid)
    if fw_id is not None:
        _attach_iface_firewall(world, linode, itf, fw_id)
    if kind == "vpc" and linode["id"] not in world.vpc_links:
        first = block["ipv4"]["addresses"][0]["address"]
        world.vpc_links[linode["id"]] = {
            "vpc_id": block["vpc_id"],
            "subnet_id": block["subnet_id"],
            "address": first,
            "gateway": first.rsplit(".", 1)[0] + ".1",
        }
    if record:
        _record(world, linode, itf)
    return itf


# ------------------------------------------------------------------------------- Linode interfaces
@routes.get(IFACES, scopes=RO)
def list_linode_interfaces(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    ifaces = w(ctx).linode_interfaces.get(linode["id"], {})
    return {"interfaces": [copy.deepcopy(x) for x in ifaces.values()]}


@routes.post(IFACES, scopes=RW)
def create_linode_interface(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    _require_new(linode)
    world.ensure_idle("linode", linode["id"])
    itf = add_interface(world, linode, body(ctx))
    _ev(world, linode, "interface_create", ctx)
    return copy.deepcopy(itf)


@routes.get(IFACES + "/history", scopes=RO)
def interface_history(ctx: Ctx) -> Listing:
    linode = _linode(ctx)
    return listing(w(ctx).interface_history.get(linode["id"], []))


@routes.get(IFACES + "/settings", scopes=RO)
def get_interface_settings(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    return _settings(w(ctx), linode["id"])


@routes.put(IFACES + "/settings", scopes=RW)
def put_interface_settings(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    b = body(ctx)
    current = _settings(world, linode["id"])
    nh = _bool(b, "network_helper", "")
    dr = b.get("default_route") or {}
    if not isinstance(dr, dict):
        raise field_error("default_route", "default_route must be an object")
    changes: list[tuple[str, int]] = []
    for fam in ("ipv4", "ipv6"):
        key = f"{fam}_interface_id"
        if dr.get(key) is None:
            continue
        iid = dr[key]
        if iid not in current["default_route"][f"{fam}_eligible_interface_ids"]:
            raise field_error(
                f"default_route.{key}", f"Interface {iid} is not eligible for the {fam} default route"
            )
        changes.append((fam, iid))
    if nh is not None:
        world.interface_settings.setdefault(linode["id"], {"network_helper": True})["network_helper"] = nh
    ifaces = world.linode_interfaces.get(linode["id"], {})
    for fam, iid in changes:
        _set_default(ifaces, fam, iid)
    return _settings(world, linode["id"])


@routes.get(IFACE, scopes=RO)
def get_linode_interface(ctx: Ctx) -> dict[str, Any]:
    return copy.deepcopy(_iface_or_404(ctx, _linode(ctx)))


@routes.put(IFACE, scopes=RW)
def update_linode_interface(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    itf = _iface_or_404(ctx, linode)
    b = body(ctx)
    kind = _kind(itf)
    for other in ("public", "vpc", "vlan"):
        if other != kind and b.get(other) is not None:
            raise field_error(other, f"The interface type cannot be changed (this is a {kind} interface)")
    new = copy.deepcopy(itf)
    if b.get(kind) is not None:
        if kind == "public":
            new["public"] = _public_from_body(world, linode, b["public"], itf["public"])
        elif kind == "vpc":
            new["vpc"] = _vpc_block(world, linode, b["vpc"], itf["vpc"])
        else:
            new["vlan"] = _vlan_block(b["vlan"], itf["vlan"])
    raw_dr = b.get("default_route")
    if raw_dr is not None:
        if not isinstance(raw_dr, dict):
            raise field_error("default_route", "default_route must be an object")
        for fam in ("ipv4", "ipv6"):
            v = _bool(raw_dr, fam, "default_route.")
            if v and (kind == "vlan" or (fam == "ipv6" and kind != "public")):
                raise field_error(f"default_route.{fam}", f"This interface cannot be the {fam} default route")
            if v is False:
                new["default_route"].pop(fam, None)
    ifaces = world.linode_interfaces[linode["id"]]
    for fam in ("ipv4", "ipv6"):
        if raw_dr and raw_dr.get(fam):
            _set_default(ifaces, fam, itf["id"])
            new["default_route"][fam] = True
    new["version"] = itf["version"] + 1
    new["updated"] = world.iso()
    ifaces[itf["id"]] = new
    _record(world, linode, new)
    _ev(world, linode, "interface_update", ctx)
    return copy.deepcopy(new)


@routes.delete(IFACE, scopes=RW)
def delete_linode_interface(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(world, "linode", linode["id"], subresource=True)
    itf = _iface_or_404(ctx, linode)
    world.ensure_idle("linode", linode["id"])
    del world.linode_interfaces[linode["id"]][itf["id"]]
    _detach_iface_firewalls(world, itf["id"])
    link = world.vpc_links.get(linode["id"])
    if itf["vpc"] is not None and link and link["subnet_id"] == itf["vpc"]["subnet_id"]:
        del world.vpc_links[linode["id"]]
    _record(world, linode, itf)
    _ev(world, linode, "interface_delete", ctx)


@routes.get(IFACE + "/firewalls", scopes=("linodes:read_only", "firewall:read_only"))
def linode_interface_firewalls(ctx: Ctx) -> Listing:
    world = w(ctx)
    itf = _iface_or_404(ctx, _linode(ctx))
    from linode_tui.sim.handlers.networking import firewall_view

    return listing(
        firewall_view(world, world.firewalls[f])
        for f in interface_firewall_ids(world, itf["id"])
        if f in world.firewalls
    )


# ------------------------------------------------------------------------------------------ upgrade
def _from_config(world: World, linode: dict[str, Any], cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """The Linode-interface bodies equivalent to a config profile's interfaces."""
    legacy = cfg["interfaces"] or [{"purpose": "public", "primary": True}]
    out: list[dict[str, Any]] = []
    for itf in legacy:
        if itf["purpose"] == "public":
            out.append({"public": {}, "default_route": {"ipv4": True, "ipv6": True}})
        elif itf["purpose"] == "vpc":
            v4 = itf.get("ipv4") or {}
            out.append(
                {
                    "vpc": {
                        "subnet_id": itf["subnet_id"],
                        "ipv4": {
                            "addresses": [
                                {
                                    "address": v4.get("vpc") or "auto",
                                    "primary": True,
                                    "nat_1_1_address": v4.get("nat_1_1"),
                                }
                            ],
                            "ranges": list(itf.get("ip_ranges") or []),
                        },
                    },
                    "default_route": {"ipv4": bool(itf.get("primary"))},
                }
            )
        else:
            out.append(
                {"vlan": {"vlan_label": itf.get("label") or "vlan", "ipam_address": itf.get("ipam_address")}}
            )
    return out


@routes.post(BASE + "/upgrade-interfaces", scopes=RW)
def upgrade_interfaces(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    b = body(ctx)
    dry_run = _bool(b, "dry_run", "")
    dry_run = True if dry_run is None else dry_run
    if linode.get("interface_generation") == NEW:
        raise ApiError(400, "This Linode already uses Linode interfaces.")
    configs = world.configs(linode["id"])
    cid = b.get("config_id")
    if cid is None:
        if len(configs) != 1:
            raise field_error(
                "config_id", "config_id is required when the Linode has more than one configuration profile"
            )
        cid = next(iter(configs))
    elif not isinstance(cid, int) or isinstance(cid, bool) or cid not in configs:
        raise field_error("config_id", "Config not found")
    if not dry_run:
        world.ensure_idle("linode", linode["id"])
    cfg = configs[cid]
    # build on a scratch copy first: a failing conversion changes nothing
    saved = (world.linode_interfaces.get(linode["id"]), dict(world._counters), dict(world.vpc_links))
    world.linode_interfaces[linode["id"]] = {}
    try:
        built = [
            add_interface(world, linode, spec, record=False) for spec in _from_config(world, linode, cfg)
        ]
    finally:
        scratch = world.linode_interfaces.pop(linode["id"], {})
        if saved[0] is not None:
            world.linode_interfaces[linode["id"]] = saved[0]
        if dry_run:
            world._counters.clear()
            world._counters.update(saved[1])
            world.vpc_links.clear()
            world.vpc_links.update(saved[2])
    result = {"config_id": cid, "dry_run": dry_run, "interfaces": copy.deepcopy(built)}
    if dry_run:
        return result
    world.linode_interfaces[linode["id"]] = scratch
    for itf in scratch.values():
        _record(world, linode, itf)
    cfg["interfaces"] = []
    cfg["updated"] = world.iso()
    linode["interface_generation"] = NEW
    linode["updated"] = world.iso()
    fw = world.linode_firewall.get(linode["id"])
    if fw is not None:  # the Linode's firewall now protects its public/VPC interfaces
        for itf in scratch.values():
            if itf["vlan"] is None:
                _attach_iface_firewall(world, linode, itf, fw)
    world.add_event(
        "linode_config_update",
        world.entity_ref("linode", linode),
        username=user(ctx),
        secondary=lifecycle.config_ref(world, linode, cid),
    )
    for _ in scratch:
        _ev(world, linode, "interface_create", ctx)
    return result


# ------------------------------------------------------------------- configuration-profile interfaces
def _config(ctx: Ctx, linode: dict[str, Any]) -> dict[str, Any]:
    cfg: dict[str, Any] = get_or_404(w(ctx).configs(linode["id"]), ctx.params.get("configId"))
    return cfg


def _legacy_interface(
    world: World,
    linode: dict[str, Any],
    cfg: dict[str, Any],
    b: dict[str, Any],
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    purpose = b.get("purpose", current["purpose"] if current else None)
    if purpose is None:
        raise field_error("purpose", "purpose is required")
    if purpose not in ("public", "vlan", "vpc"):
        raise field_error("purpose", "purpose is not valid")
    if current is not None and purpose != current["purpose"]:
        raise field_error("purpose", "purpose cannot be changed")
    others = [x for x in cfg["interfaces"] if current is None or x["id"] != current["id"]]
    if purpose == "public" and any(x["purpose"] == "public" for x in others):
        raise field_error("purpose", "Only one public interface per config is allowed")
    primary = _bool(b, "primary", "")
    vpc_id = subnet_id = vpc_ip = None
    label = b.get("label", current["label"] if current else None)
    ipam = b.get("ipam_address", current["ipam_address"] if current else None)
    if purpose == "vlan" and not label:
        raise field_error("label", "label is required for vlan interfaces")
    if purpose == "vpc":
        subnet_id = b.get("subnet_id", current["subnet_id"] if current else None)
        found = find_subnet(world, subnet_id)
        if found is None:
            raise field_error(
                "subnet_id", "subnet_id is required" if subnet_id is None else "Subnet not found"
            )
        vpc_id, subnet = found
        if world.vpcs[vpc_id]["region"] != linode["region"]:
            raise field_error("subnet_id", "The subnet must be in the same region as the Linode")
        raw_v4 = b.get("ipv4")
        if raw_v4 is not None and not isinstance(raw_v4, dict):
            raise field_error("ipv4", "ipv4 must be an object")
        wanted = (raw_v4 or {}).get("vpc")
        if current is not None and wanted in (None, (current.get("ipv4") or {}).get("vpc")):
            vpc_ip = (current.get("ipv4") or {}).get("vpc")
        else:
            vpc_ip = _pick_vpc_address(world, subnet, wanted, "ipv4.vpc", None)
    iid = current["id"] if current else world.next_id("interface", 700_000_000)
    itf = world.make_interface(
        iid,
        purpose,
        primary=bool(primary if primary is not None else (current or {}).get("primary")),
        vpc_id=vpc_id,
        subnet_id=subnet_id,
        vpc_ip=vpc_ip,
        label=label,
        ipam_address=ipam,
    )
    if purpose == "vpc":
        nat = (b.get("ipv4") or {}).get("nat_1_1", ((current or {}).get("ipv4") or {}).get("nat_1_1"))
        publics = [a for a in linode["ipv4"] if not a.startswith("192.168.")]
        if nat == "any":
            nat = publics[0] if publics else None
        itf["ipv4"]["nat_1_1"] = nat
        ranges = b.get("ip_ranges", (current or {}).get("ip_ranges") or [])
        if not isinstance(ranges, list) or not all(isinstance(r, str) for r in ranges):
            raise field_error("ip_ranges", "ip_ranges must be a list of strings")
        itf["ip_ranges"] = ranges
    if itf["primary"]:
        for x in others:
            x["primary"] = False
    return itf


def _config_event(world: World, ctx: Ctx, linode: dict[str, Any], cfg: dict[str, Any]) -> None:
    cfg["updated"] = world.iso()
    world.add_event(
        "linode_config_update",
        world.entity_ref("linode", linode),
        username=user(ctx),
        secondary=lifecycle.config_ref(world, linode, cfg["id"]),
    )


@routes.post(CFG_IFACES)
def add_config_interface(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    cfg = _config(ctx, linode)
    if linode.get("interface_generation") == NEW:
        raise ApiError(
            400, "This Linode uses Linode interfaces; configuration profile interfaces cannot be added."
        )
    itf = _legacy_interface(world, linode, cfg, body(ctx))
    if len(cfg["interfaces"]) >= MAX_INTERFACES:
        raise ApiError(400, f"A config can have at most {MAX_INTERFACES} interfaces")
    cfg["interfaces"].append(itf)
    if itf["purpose"] == "vpc" and linode["id"] not in world.vpc_links and itf["ipv4"]["vpc"]:
        addr = itf["ipv4"]["vpc"]
        world.vpc_links[linode["id"]] = {
            "vpc_id": itf["vpc_id"],
            "subnet_id": itf["subnet_id"],
            "address": addr,
            "gateway": addr.rsplit(".", 1)[0] + ".1",
        }
    _config_event(world, ctx, linode, cfg)
    return itf


@routes.post(CFG_IFACES + "/order")
def order_config_interfaces(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    cfg = _config(ctx, linode)
    ids = ctx.json_field("ids", required=True, type_=list)
    current = {x["id"]: x for x in cfg["interfaces"]}
    if sorted(i for i in ids if isinstance(i, int)) != sorted(current) or len(ids) != len(current):
        raise field_error("ids", "ids must list every interface of this config exactly once")
    cfg["interfaces"] = [current[i] for i in ids]
    _config_event(world, ctx, linode, cfg)


@routes.put(CFG_IFACES + "/{interfaceId}")
def update_config_interface(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    cfg = _config(ctx, linode)
    pos = next((i for i, x in enumerate(cfg["interfaces"]) if x["id"] == ctx.params.get("interfaceId")), None)
    if pos is None:
        raise not_found()
    current = cfg["interfaces"][pos]
    b = {k: v for k, v in body(ctx).items() if k in ("primary", "ipv4", "ip_ranges", "ipv6")}
    itf = _legacy_interface(world, linode, cfg, b, current)
    cfg["interfaces"][pos] = itf
    _config_event(world, ctx, linode, cfg)
    return itf


@routes.delete(CFG_IFACES + "/{interfaceId}")
def delete_config_interface(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(world, "linode", linode["id"], subresource=True)
    cfg = _config(ctx, linode)
    iid = ctx.params.get("interfaceId")
    gone = [x for x in cfg["interfaces"] if x["id"] == iid]
    if not gone:
        raise not_found()
    cfg["interfaces"] = [x for x in cfg["interfaces"] if x["id"] != iid]
    link = world.vpc_links.get(linode["id"])
    if gone[0]["purpose"] == "vpc" and link and link["subnet_id"] == gone[0]["subnet_id"]:
        del world.vpc_links[linode["id"]]
        world._ips.pop(linode["id"], None)
    _config_event(world, ctx, linode, cfg)
