"""Domains: CRUD, clone, records CRUD and the zone file."""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim.framework import Ctx, Listing, field_error, routes
from linode_tui.sim.handlers._common import (
    body,
    get_or_404,
    listing,
    require_entity,
    require_global,
    user,
    visible,
    w,
)
from linode_tui.sim.world import World

D = "/domains/{domainId}"
RECORD_TYPES = ("A", "AAAA", "NS", "MX", "CNAME", "TXT", "SRV", "PTR", "CAA")


def _domain(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    did = ctx.params.get("domainId")
    d: dict[str, Any] = get_or_404(w(ctx).domains, did)
    require_entity(ctx, "domain", did, write=write)
    return d


def _check_domain_name(name: Any) -> str:
    if not isinstance(name, str) or "." not in name or not 1 <= len(name) <= 253:
        raise field_error("domain", "Domain is not valid")
    if not all(p and all(c.isalnum() or c == "-" for c in p) for p in name.split(".")):
        raise field_error("domain", "Domain is not valid")
    return name.lower()


def _apply_domain(world: World, d: dict[str, Any], b: dict[str, Any]) -> None:
    for key in ("description", "group", "soa_email"):
        if key in b:
            d[key] = b[key] or ""
    for key in ("ttl_sec", "refresh_sec", "retry_sec", "expire_sec"):
        if key in b:
            if isinstance(b[key], bool) or not isinstance(b[key], int):
                raise field_error(key, f"{key} must be an integer")
            d[key] = b[key]
    for key in ("master_ips", "axfr_ips"):
        if key in b:
            d[key] = list(b[key] or [])
    if "status" in b:
        if b["status"] not in ("active", "disabled"):
            raise field_error("status", "status is not valid")
        d["status"] = b["status"]
    if "tags" in b:
        d["tags"] = world.check_tags(b["tags"])
    if d["type"] == "master" and not d.get("soa_email"):
        raise field_error("soa_email", "soa_email is required for master domains")
    if d["type"] == "slave" and not d.get("master_ips"):
        raise field_error("master_ips", "master_ips is required for slave domains")


@routes.get("/domains")
def list_domains(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "domain", w(ctx).domains.values()))


@routes.post("/domains")
def create_domain(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_domains")
    name = _check_domain_name(ctx.json_field("domain", required=True))
    if any(d["domain"] == name for d in world.domains.values()):
        raise field_error("domain", "Domain already exists")
    dtype = ctx.json_field("type", required=True)
    if dtype not in ("master", "slave"):
        raise field_error("type", "type must be master or slave")
    did = world.next_id("domain", max(world.domains, default=2_000_000))
    now = world.iso()
    d: dict[str, Any] = {
        "id": did,
        "domain": name,
        "type": dtype,
        "status": "active",
        "soa_email": "",
        "description": "",
        "group": "",
        "tags": [],
        "ttl_sec": 0,
        "refresh_sec": 0,
        "retry_sec": 0,
        "expire_sec": 0,
        "axfr_ips": [],
        "master_ips": [],
        "created": now,
        "updated": now,
    }
    _apply_domain(world, d, body(ctx))
    world.domains[did] = d
    world.domain_records[did] = {}
    world.add_event("domain_create", world.entity_ref("domain", d), username=user(ctx))
    return d


@routes.get(D)
def get_domain(ctx: Ctx) -> dict[str, Any]:
    return _domain(ctx)


@routes.put(D)
def update_domain(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    d = _domain(ctx, write=True)
    trial = copy.deepcopy(d)
    b = body(ctx)
    if "domain" in b:
        trial["domain"] = _check_domain_name(b["domain"])
    _apply_domain(world, trial, b)
    d.update(trial, updated=world.iso())
    world.add_event("domain_update", world.entity_ref("domain", d), username=user(ctx))
    return d


@routes.delete(D)
def delete_domain(ctx: Ctx) -> None:
    world = w(ctx)
    d = _domain(ctx, write=True)
    del world.domains[d["id"]]
    world.domain_records.pop(d["id"], None)
    world.add_event("domain_delete", world.entity_ref("domain", d), username=user(ctx))


@routes.post(D + "/clone")
def clone_domain(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    src = _domain(ctx)
    require_global(ctx, "add_domains")
    name = _check_domain_name(ctx.json_field("domain", required=True))
    if any(d["domain"] == name for d in world.domains.values()):
        raise field_error("domain", "Domain already exists")
    did = world.next_id("domain", max(world.domains, default=2_000_000))
    d = copy.deepcopy(src)
    d.update(id=did, domain=name, created=world.iso(), updated=world.iso())
    world.domains[did] = d
    world.domain_records[did] = {}
    for rec in world.domain_records.get(src["id"], {}).values():
        r = copy.deepcopy(rec)
        r["id"] = world.next_id("record", 40_000_000)
        world.domain_records[did][r["id"]] = r
    world.add_event("domain_create", world.entity_ref("domain", d), username=user(ctx))
    return d


@routes.post("/domains/import")
def import_domain(ctx: Ctx) -> dict[str, Any]:
    """Import a zone by AXFR from ``remote_nameserver``: a master domain whose records are the
    zone's.  The simulated nameservers allow the transfer and serve a zone naming themselves as its
    nameserver (NS) with the apex at a documentation address."""
    world = w(ctx)
    require_global(ctx, "add_domains")
    name = _check_domain_name(ctx.json_field("domain", required=True))
    if any(d["domain"] == name for d in world.domains.values()):
        raise field_error("domain", "Domain already exists")
    remote = str(ctx.json_field("remote_nameserver", required=True)).strip().rstrip(".").lower()
    labels = remote.split(".")
    if len(labels) < 2 or not all(p and all(c.isalnum() or c in "-:" for c in p) for p in labels):
        raise field_error("remote_nameserver", "remote_nameserver must be a hostname or an IP address")
    did = world.next_id("domain", max(world.domains, default=2_000_000))
    now = world.iso()
    d: dict[str, Any] = {
        "id": did, "domain": name, "type": "master", "status": "active",
        "soa_email": f"hostmaster@{name}", "description": "", "group": "", "tags": [],
        "ttl_sec": 0, "refresh_sec": 0, "retry_sec": 0, "expire_sec": 0,
        "axfr_ips": [], "master_ips": [], "created": now, "updated": now,
    }
    world.domains[did] = d
    world.domain_records[did] = {}
    for rtype, target in (("NS", remote), ("A", "192.0.2.80")):
        rid = world.next_id("record", 40_000_000)
        world.domain_records[did][rid] = {
            "id": rid, "type": rtype, "name": "", "target": target, "priority": 0, "weight": 0,
            "port": 0, "service": None, "protocol": None, "ttl_sec": 0, "tag": None,
            "created": now, "updated": now,
        }
    world.add_event("domain_import", world.entity_ref("domain", d), username=user(ctx))
    return d


# ----------------------------------------------------------------------------------------------- records
def _apply_record(r: dict[str, Any], b: dict[str, Any]) -> None:
    for key in ("name", "target", "service", "protocol", "tag"):
        if key in b:
            r[key] = b[key]
    for key in ("priority", "weight", "port", "ttl_sec"):
        if key in b:
            if isinstance(b[key], bool) or not isinstance(b[key], int) or b[key] < 0:
                raise field_error(key, f"{key} must be a non-negative integer")
            r[key] = b[key]
    if not r.get("target") and r["type"] != "SRV":
        raise field_error("target", "target is required")
    if r["type"] == "A" and r["target"].count(".") != 3:
        raise field_error("target", "Target must be a valid IPv4 address")
    if r["type"] == "AAAA" and ":" not in r["target"]:
        raise field_error("target", "Target must be a valid IPv6 address")
    if r["type"] == "MX" and not 0 <= int(r.get("priority") or 0) <= 255:
        raise field_error("priority", "priority must be 0-255")
    if r["type"] == "CAA" and r.get("tag") not in ("issue", "issuewild", "iodef"):
        raise field_error("tag", "tag must be issue, issuewild or iodef")


@routes.get(D + "/records")
def list_records(ctx: Ctx) -> Listing:
    d = _domain(ctx)
    return listing(w(ctx).domain_records.get(d["id"], {}).values())


@routes.post(D + "/records")
def create_record(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    d = _domain(ctx, write=True)
    rtype = ctx.json_field("type", required=True)
    if rtype not in RECORD_TYPES:
        raise field_error("type", "type is not valid")
    now = world.iso()
    r: dict[str, Any] = {
        "id": 0,
        "type": rtype,
        "name": "",
        "target": "",
        "priority": 0,
        "weight": 0,
        "port": 0,
        "service": None,
        "protocol": None,
        "ttl_sec": 0,
        "tag": None,
        "created": now,
        "updated": now,
    }
    _apply_record(r, body(ctx))
    r["id"] = world.next_id("record", 40_000_000)
    world.domain_records.setdefault(d["id"], {})[r["id"]] = r
    world.add_event("domain_record_create", world.entity_ref("domain", d), username=user(ctx))
    return r


def _record(ctx: Ctx, d: dict[str, Any]) -> dict[str, Any]:
    r: dict[str, Any] = get_or_404(w(ctx).domain_records.get(d["id"], {}), ctx.params.get("recordId"))
    return r


@routes.get(D + "/records/{recordId}")
def get_record(ctx: Ctx) -> dict[str, Any]:
    return _record(ctx, _domain(ctx))


@routes.put(D + "/records/{recordId}")
def update_record(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    d = _domain(ctx, write=True)
    r = _record(ctx, d)
    trial = dict(r)
    _apply_record(trial, body(ctx))
    r.update(trial, updated=world.iso())
    world.add_event("domain_record_update", world.entity_ref("domain", d), username=user(ctx))
    return r


@routes.delete(D + "/records/{recordId}")
def delete_record(ctx: Ctx) -> None:
    world = w(ctx)
    d = _domain(ctx, write=True)
    r = _record(ctx, d)
    del world.domain_records[d["id"]][r["id"]]
    world.add_event("domain_record_delete", world.entity_ref("domain", d), username=user(ctx))


@routes.get(D + "/zone-file")
def zone_file(ctx: Ctx) -> dict[str, Any]:
    d = _domain(ctx)
    name = d["domain"]
    lines = [
        f"; {name} [{d['id']}]",
        "$TTL 86400",
        f"@  IN  SOA  ns1.linode.com. {d['soa_email'].replace('@', '.')}. "
        "2025011501 14400 14400 1209600 86400",
    ]
    lines += [f"@  NS  ns{k}.linode.com." for k in range(1, 6)]
    for r in w(ctx).domain_records.get(d["id"], {}).values():
        owner = r["name"] or "@"
        ttl = r["ttl_sec"] or ""
        if r["type"] == "MX":
            lines.append(f"{owner} {ttl} IN MX {r['priority']} {r['target']}.")
        elif r["type"] == "SRV":
            lines.append(f"{owner} {ttl} IN SRV {r['priority']} {r['weight']} {r['port']} {r['target']}.")
        elif r["type"] == "TXT":
            lines.append(f'{owner} {ttl} IN TXT "{r["target"]}"')
        elif r["type"] == "CAA":
            lines.append(f'{owner} {ttl} IN CAA 0 {r["tag"]} "{r["target"]}"')
        else:
            lines.append(f"{owner} {ttl} IN {r['type']} {r['target']}")
    return {"zone_file": lines}
