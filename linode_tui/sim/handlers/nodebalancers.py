"""NodeBalancers: CRUD, configs, nodes (pointing at Linodes' private IPs), stats, types, firewalls."""

from __future__ import annotations

import ipaddress
from typing import Any

from linode_tui.sim import stats
from linode_tui.sim.framework import Ctx, Listing, field_error, routes
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
from linode_tui.sim.handlers.locks import check_deletable
from linode_tui.sim.seed import REGION_NET, make_nb_config
from linode_tui.sim.world import World

NB = "/nodebalancers/{nodeBalancerId}"
CFG = NB + "/configs/{configId}"
_CFG_FIELDS = {
    "protocol": ("http", "https", "tcp", "udp"),
    "algorithm": ("roundrobin", "leastconn", "source", "ring_hash"),
    "stickiness": ("none", "table", "http_cookie", "session", "source_ip"),
    "check": ("none", "connection", "http", "http_body"),
    "proxy_protocol": ("none", "v1", "v2"),
    "cipher_suite": ("recommended", "legacy", "none"),
}
_CFG_INTS = ("check_interval", "check_timeout", "check_attempts", "udp_check_port", "udp_session_timeout")
_CFG_STRS = ("check_path", "check_body", "ssl_cert", "ssl_key")


def _nb(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    nid = ctx.params.get("nodeBalancerId")
    nb: dict[str, Any] = get_or_404(w(ctx).nodebalancers, nid)
    require_entity(ctx, "nodebalancer", nid, write=write)
    return nb


def _cfg(ctx: Ctx, nb: dict[str, Any]) -> dict[str, Any]:
    cfg: dict[str, Any] = get_or_404(w(ctx).nb_configs.get(nb["id"], {}), ctx.params.get("configId"))
    return cfg


def _cfg_view(world: World, cfg: dict[str, Any]) -> dict[str, Any]:
    nodes = world.nb_nodes.get(cfg["id"], {}).values()
    up = sum(1 for n in nodes if n["status"] == "UP")
    view = dict(cfg)
    view["nodes_status"] = {"up": up, "down": len(nodes) - up}
    if view.get("ssl_key"):
        view["ssl_key"] = "<REDACTED>"
    return view


def _apply_cfg(cfg: dict[str, Any], b: dict[str, Any]) -> None:
    if "port" in b:
        port = b["port"]
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise field_error("port", "Port must be between 1 and 65535")
        cfg["port"] = port
    for key, allowed in _CFG_FIELDS.items():
        if key in b:
            if b[key] not in allowed:
                raise field_error(key, f"{key} is not valid")
            cfg[key] = b[key]
    for key in _CFG_INTS:
        if key in b:
            if isinstance(b[key], bool) or not isinstance(b[key], int):
                raise field_error(key, f"{key} must be an integer")
            cfg[key] = b[key]
    for key in _CFG_STRS:
        if key in b:
            cfg[key] = b[key]
    if "check_passive" in b:
        cfg["check_passive"] = bool(b["check_passive"])
    if cfg["protocol"] == "https" and not (cfg.get("ssl_cert") and cfg.get("ssl_key")):
        raise field_error("ssl_cert", "ssl_cert and ssl_key are required for https")
    if cfg.get("ssl_cert"):
        cfg["ssl_commonname"] = cfg.get("ssl_commonname") or "www.example.com"
        cfg["ssl_fingerprint"] = (
            cfg.get("ssl_fingerprint") or "00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F"
        )


def _node_status(world: World, address: str) -> str:
    ip = address.rsplit(":", 1)[0]
    for x in world.linodes.values():
        if ip in x["ipv4"]:
            return "UP" if x["status"] == "running" else "DOWN"
    return "unknown"


def _make_node(
    world: World, nb: dict[str, Any], cfg: dict[str, Any], b: dict[str, Any], where: str = ""
) -> dict[str, Any]:
    label = b.get("label")
    if not isinstance(label, str) or not 3 <= len(label) <= 32:
        raise field_error(f"{where}label", "Label must be 3-32 characters")
    address = b.get("address")
    if not isinstance(address, str) or ":" not in address:
        raise field_error(f"{where}address", "address must be an IP:port pair")
    ip, _, port = address.rpartition(":")
    if not ip.startswith("192.168.") or not port.isdigit():
        raise field_error(f"{where}address", "This address is not allowed.")
    weight = b.get("weight", 100)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 255:
        raise field_error(f"{where}weight", "Weight must be between 1 and 255")
    mode = b.get("mode", "accept")
    if mode not in ("accept", "reject", "drain", "backup"):
        raise field_error(f"{where}mode", "mode is not valid")
    nid = world.next_id("nbnode", 900_000_000)
    return {
        "id": nid,
        "label": label,
        "address": address,
        "status": _node_status(world, address),
        "weight": weight,
        "mode": mode,
        "config_id": cfg["id"],
        "nodebalancer_id": nb["id"],
    }


def _new_config(world: World, nb: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    port = b.get("port", 80)
    if any(c["port"] == port for c in world.nb_configs.get(nb["id"], {}).values()):
        raise field_error("port", "Port already in use")
    cid = world.next_id("nbconfig", 950_000_000)
    cfg = make_nb_config(cid, nb["id"], 80, "http")
    _apply_cfg(cfg, {"port": port, **b})
    world.nb_configs.setdefault(nb["id"], {})[cid] = cfg
    world.nb_nodes[cid] = {}
    for i, node in enumerate(b.get("nodes") or []):
        n = _make_node(world, nb, cfg, node if isinstance(node, dict) else {}, f"nodes[{i}].")
        world.nb_nodes[cid][n["id"]] = n
    return cfg


def _check_vpcs(world: World, region: str, vpcs: Any) -> list[tuple[int, dict[str, Any], str]]:
    """``vpcs``: at most one VPC, given as a subnet (in the NodeBalancer's region); without an
    ``ipv4_range`` the API takes a /30 of the subnet's range (the last one not in use)."""
    if vpcs is None:
        return []
    if not isinstance(vpcs, list):
        raise field_error("vpcs", "vpcs must be an array")
    if len(vpcs) > 1:
        raise field_error("vpcs", "You can have only one VPC in a NodeBalancer configuration.")
    out = []
    for i, spec in enumerate(vpcs):
        sid = spec.get("subnet_id") if isinstance(spec, dict) else None
        if isinstance(sid, bool) or not isinstance(sid, int):
            raise field_error(f"vpcs[{i}].subnet_id", "subnet_id is required")
        found = next(
            ((vid, subs[sid]) for vid, subs in world.subnets.items() if sid in subs), None
        )
        if found is None:
            raise field_error(f"vpcs[{i}].subnet_id", "Subnet not found")
        vid, subnet = found
        if world.vpcs[vid]["region"] != region:
            raise field_error(f"vpcs[{i}].subnet_id", "The subnet must be in the NodeBalancer's region")
        net = ipaddress.ip_network(subnet["ipv4"])
        ipv4_range = spec.get("ipv4_range") or str(list(net.subnets(new_prefix=30))[-1])
        out.append((vid, subnet, ipv4_range))
    return out


@routes.get("/nodebalancers")
def list_nbs(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "nodebalancer", w(ctx).nodebalancers.values()))


@routes.get("/nodebalancers/types")
def nb_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["nodebalancers"])


@routes.post("/nodebalancers")
def create_nb(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_nodebalancers")
    b = body(ctx)
    region = world.check_region(ctx.json_field("region", required=True))
    label = b.get("label")
    if label is not None:
        world.check_label(label)
        check_unique_label(label, world.nodebalancers.values(), "NodeBalancers")
    throttle = b.get("client_conn_throttle", 0)
    if isinstance(throttle, bool) or not isinstance(throttle, int) or not 0 <= throttle <= 20:
        raise field_error("client_conn_throttle", "client_conn_throttle must be between 0 and 20")
    tags = world.check_tags(b.get("tags"))
    vpc_specs = _check_vpcs(world, region, b.get("vpcs"))
    fw_id = b.get("firewall_id")
    if fw_id is not None and fw_id not in world.firewalls:
        raise field_error("firewall_id", "Firewall not found")
    nid = world.next_id("nodebalancer", max(world.nodebalancers, default=200_000))
    n = len(world.nodebalancers) + 1
    ip = f"{REGION_NET[region][0]}.{240 + n // 250 % 16}.{n % 250 + 2}"
    now = world.iso()
    nb = {
        "id": nid,
        "label": label or f"nodebalancer{nid}",
        "region": region,
        "hostname": f"nb-{ip.replace('.', '-')}.{region}.nodebalancer.linode.com",
        "ipv4": ip,
        "ipv6": f"{REGION_NET[region][1]}::ac{n:x}:{nid % 65536:x}",
        "client_conn_throttle": throttle,
        "transfer": {"in": None, "out": None, "total": None},
        "type": "common",
        "tags": tags,
        "lke_cluster": None,
        "created": now,
        "updated": now,
    }
    world.nodebalancers[nid] = nb
    world.nb_configs[nid] = {}
    for i, c in enumerate(b.get("configs") or []):
        if not isinstance(c, dict):
            raise field_error(f"configs[{i}]", "config must be an object")
        _new_config(world, nb, c)
    world.nb_vpcs[nid] = {}
    for vpc_id, subnet, ipv4_range in vpc_specs:
        vcid = world.next_id("nb_vpc_config", 7000)
        world.nb_vpcs[nid][vcid] = {
            "id": vcid,
            "nodebalancer_id": nid,
            "vpc_id": vpc_id,
            "subnet_id": subnet["id"],
            "ipv4_range": ipv4_range,
            "ipv4_range_auto_assign": False,
        }
    if fw_id is not None:
        from linode_tui.sim.handlers.networking import _add_device

        _add_device(world, world.firewalls[fw_id], "nodebalancer", nid)
    world.add_event("nodebalancer_create", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return nb


@routes.get(NB)
def get_nb(ctx: Ctx) -> dict[str, Any]:
    return _nb(ctx)


@routes.put(NB)
def update_nb(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    b = body(ctx)
    if "label" in b:
        label = world.check_label(b["label"])
        check_unique_label(label, world.nodebalancers.values(), "NodeBalancers", exclude=nb["id"])
        nb["label"] = label
    if "tags" in b:
        nb["tags"] = world.check_tags(b["tags"])
    if "client_conn_throttle" in b:
        t = b["client_conn_throttle"]
        if isinstance(t, bool) or not isinstance(t, int) or not 0 <= t <= 20:
            raise field_error("client_conn_throttle", "client_conn_throttle must be between 0 and 20")
        nb["client_conn_throttle"] = t
    nb["updated"] = world.iso()
    world.add_event("nodebalancer_update", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return nb


@routes.delete(NB)
def delete_nb(ctx: Ctx) -> None:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    check_deletable(world, "nodebalancer", nb["id"])
    for cid in world.nb_configs.pop(nb["id"], {}):
        world.nb_nodes.pop(cid, None)
    world.nb_vpcs.pop(nb["id"], None)
    del world.nodebalancers[nb["id"]]
    for devices in world.firewall_devices.values():
        for did in [
            d
            for d, dev in devices.items()
            if dev["entity"]["type"] == "nodebalancer" and dev["entity"]["id"] == nb["id"]
        ]:
            del devices[did]
    world.add_event("nodebalancer_delete", world.entity_ref("nodebalancer", nb), username=user(ctx))


@routes.get(NB + "/stats")
def nb_stats(ctx: Ctx) -> dict[str, Any]:
    return stats.nodebalancer_stats(w(ctx), _nb(ctx))


@routes.get(NB + "/firewalls")
def nb_firewalls(ctx: Ctx) -> Listing:
    from linode_tui.sim.handlers.networking import firewall_view

    world = w(ctx)
    nb = _nb(ctx)
    out = []
    for fid, devices in world.firewall_devices.items():
        if any(
            d["entity"]["type"] == "nodebalancer" and d["entity"]["id"] == nb["id"] for d in devices.values()
        ):
            out.append(firewall_view(world, world.firewalls[fid]))
    return listing(out)


# ----------------------------------------------------------------------------------------------- configs
@routes.get(NB + "/configs")
def list_configs(ctx: Ctx) -> Listing:
    world = w(ctx)
    nb = _nb(ctx)
    return listing(_cfg_view(world, c) for c in world.nb_configs.get(nb["id"], {}).values())


@routes.post(NB + "/configs")
def create_config(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _new_config(world, nb, body(ctx))
    world.add_event("nodebalancer_config_create", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return _cfg_view(world, cfg)


@routes.get(CFG)
def get_config(ctx: Ctx) -> dict[str, Any]:
    return _cfg_view(w(ctx), _cfg(ctx, _nb(ctx)))


@routes.put(CFG)
def update_config(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    b = body(ctx)
    if "port" in b and any(
        c["port"] == b["port"] and c["id"] != cfg["id"] for c in world.nb_configs[nb["id"]].values()
    ):
        raise field_error("port", "Port already in use")
    trial = dict(cfg)
    _apply_cfg(trial, b)
    cfg.update(trial)
    world.add_event("nodebalancer_config_update", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return _cfg_view(world, cfg)


@routes.delete(CFG)
def delete_config(ctx: Ctx) -> None:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    del world.nb_configs[nb["id"]][cfg["id"]]
    world.nb_nodes.pop(cfg["id"], None)
    world.add_event("nodebalancer_config_delete", world.entity_ref("nodebalancer", nb), username=user(ctx))


@routes.post(CFG + "/rebuild")
def rebuild_config(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    b = body(ctx)
    if not isinstance(b.get("nodes"), list):
        raise field_error("nodes", "nodes is required")
    trial = dict(cfg)
    _apply_cfg(trial, b)
    nodes = {}
    for i, node in enumerate(b["nodes"]):
        n = _make_node(world, nb, cfg, node if isinstance(node, dict) else {}, f"nodes[{i}].")
        nodes[n["id"]] = n
    cfg.update(trial)
    world.nb_nodes[cfg["id"]] = nodes
    world.add_event("nodebalancer_config_update", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return _cfg_view(world, cfg)


# ------------------------------------------------------------------------------------------------- nodes
@routes.get(CFG + "/nodes")
def list_nodes(ctx: Ctx) -> Listing:
    world = w(ctx)
    cfg = _cfg(ctx, _nb(ctx))
    return listing(world.nb_nodes.get(cfg["id"], {}).values())


@routes.post(CFG + "/nodes")
def create_node(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    node = _make_node(world, nb, cfg, body(ctx))
    world.nb_nodes.setdefault(cfg["id"], {})[node["id"]] = node
    world.add_event("nodebalancer_node_create", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return node


def _node(ctx: Ctx, cfg: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = get_or_404(w(ctx).nb_nodes.get(cfg["id"], {}), ctx.params.get("nodeId"))
    return node


@routes.get(CFG + "/nodes/{nodeId}")
def get_node(ctx: Ctx) -> dict[str, Any]:
    return _node(ctx, _cfg(ctx, _nb(ctx)))


@routes.put(CFG + "/nodes/{nodeId}")
def update_node(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    node = _node(ctx, cfg)
    merged = {**node, **body(ctx)}
    fresh = _make_node(world, nb, cfg, merged)
    fresh["id"] = node["id"]
    node.update(fresh)
    world.add_event("nodebalancer_node_update", world.entity_ref("nodebalancer", nb), username=user(ctx))
    return node


@routes.delete(CFG + "/nodes/{nodeId}")
def delete_node(ctx: Ctx) -> None:
    world = w(ctx)
    nb = _nb(ctx, write=True)
    cfg = _cfg(ctx, nb)
    node = _node(ctx, cfg)
    del world.nb_nodes[cfg["id"]][node["id"]]
    world.add_event("nodebalancer_node_delete", world.entity_ref("nodebalancer", nb), username=user(ctx))
