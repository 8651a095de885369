"""Domains: CRUD, clone, records CRUD and the zone file."""

from __future__ import annotations

import copy
import ipaddress
import re
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
            if b[key] < 0:
                raise field_error(key, f"{key} must not be negative")
            d[key] = _round_ttl(b[key], DOMAIN_TTLS, up=True)  # the API rounds up to a valid value
    for key in ("master_ips", "axfr_ips"):
        if key in b:
            ips = b[key] or []
            if not isinstance(ips, list) or not all(isinstance(ip, str) for ip in ips):
                raise field_error(key, f"{key} must be a list of IP addresses")
            for ip in ips:
                try:
                    ipaddress.ip_address(ip)
                except ValueError:
                    raise field_error(key, f"{ip} is not a valid IP address") from None
            if len(",".join(ips)) > 1000:
                raise field_error(key, f"{key} must not exceed 1000 characters in total")
            d[key] = list(ips)
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
    world.add_event("dns_zone_create", world.entity_ref("domain", d), username=user(ctx))
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
    world.add_event("dns_zone_update", world.entity_ref("domain", d), username=user(ctx))
    return d


@routes.delete(D)
def delete_domain(ctx: Ctx) -> None:
    world = w(ctx)
    d = _domain(ctx, write=True)
    del world.domains[d["id"]]
    world.domain_records.pop(d["id"], None)
    world.add_event("dns_zone_delete", world.entity_ref("domain", d), username=user(ctx))


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
    world.add_event("dns_zone_create", world.entity_ref("domain", d), username=user(ctx))
    return d


def _remote_zone(domain: str, nameserver: str) -> list[tuple[str, str, str, int]]:
    """What the simulated remote name server answers to an AXFR of ``domain``: a small zone (the
    simulator has no network); (type, name, target, priority) rows."""
    return [
        ("A", "", "192.0.2.10", 0),
        ("A", "www", "192.0.2.10", 0),
        ("MX", "", f"mail.{domain}", 10),
        ("A", "mail", "192.0.2.25", 0),
        ("TXT", "", f"imported from {nameserver}", 0),
    ]


@routes.post("/domains/import")
def import_domain(ctx: Ctx) -> dict[str, Any]:
    """``POST /domains/import``: the zone is transferred (AXFR) from ``remote_nameserver`` into a
    new master domain with its records."""
    world = w(ctx)
    require_global(ctx, "add_domains")
    name = _check_domain_name(ctx.json_field("domain", required=True))
    remote = ctx.json_field("remote_nameserver", required=True)
    if not _hostname(remote, wildcard=False):
        try:
            ipaddress.ip_address(str(remote))
        except ValueError:
            raise field_error("remote_nameserver", "remote_nameserver is not valid") from None
    if any(d["domain"] == name for d in world.domains.values()):
        raise field_error("domain", "Domain already exists")
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
    for rtype, rname, target, prio in _remote_zone(name, str(remote)):
        rid = world.next_id("record", 40_000_000)
        world.domain_records[did][rid] = {
            "id": rid, "type": rtype, "name": rname, "target": target, "priority": prio,
            "weight": 0, "port": 0, "service": None, "protocol": None, "ttl_sec": 0, "tag": None,
            "created": now, "updated": now,
        }
    world.add_event("dns_zone_import", world.entity_ref("domain", d), username=user(ctx))
    return d


# ----------------------------------------------------------------------------------------------- records
#: The record TTLs the API keeps (0: the domain's default); any other value is rounded to the nearest.
RECORD_TTLS = (300, 3600, 7200, 14400, 28800, 57600, 86400, 172800, 345600, 604800, 1209600, 2419200)
#: The domain's TTL, refresh, retry and expire values (0: the default); others are rounded up.
DOMAIN_TTLS = (30, 120, *RECORD_TTLS)
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def _hostname(value: Any, *, wildcard: bool = True, dot: bool = True) -> bool:
    """A domain name: labels of letters, digits and hyphens (under 64 characters), the left-most
    one may be ``*``; a trailing period is accepted where the API accepts one."""
    if not isinstance(value, str) or not value or len(value) > 253:
        return False
    name = value[:-1] if dot and value.endswith(".") else value
    parts = name.split(".")
    if wildcard and parts[0] == "*":
        parts = parts[1:]
    return bool(parts) and all(_LABEL.match(p) for p in parts)


def _round_ttl(value: int, allowed: tuple[int, ...], *, up: bool) -> int:
    if value == 0 or value in allowed:
        return value
    if up:
        return next((v for v in allowed if v >= value), allowed[-1])
    return min(allowed, key=lambda v: (abs(v - value), v))


def _caa_value_ok(tag: Any, value: str) -> bool:
    if tag == "issue":
        return _hostname(value.split(";")[0].strip(), wildcard=False, dot=False)
    if tag == "issuewild":
        return not value.startswith("*") and _hostname(value.split(";")[0].strip(), dot=False)
    if tag == "iodef":
        for prefix in ("https://", "http://"):
            if value.startswith(prefix):
                return _hostname(value[len(prefix) :].split("/")[0], wildcard=False, dot=False)
        if value.startswith("mailto:"):
            user, _, host = value[len("mailto:") :].partition("@")
            return bool(user) and _hostname(host, wildcard=False, dot=False)
        return _hostname(value, wildcard=False, dot=False)
    return False


def _apply_record(r: dict[str, Any], b: dict[str, Any], *, create: bool = False) -> None:
    """Record fields from a request body, checked per type as the API does (400 with the field)."""
    rtype = r["type"]
    for key in ("name", "target", "service", "protocol", "tag"):
        if key in b:
            if b[key] is not None and not isinstance(b[key], str):
                raise field_error(key, f"{key} must be a string")
            r[key] = b[key] if b[key] is not None else ("" if key in ("name", "target") else None)
    limits = {"priority": 255, "weight": 65535, "port": 65535, "ttl_sec": 2**31 - 1}
    for key, top in limits.items():
        if key in b:
            if isinstance(b[key], bool) or not isinstance(b[key], int):
                raise field_error(key, f"{key} must be an integer")
            if not 0 <= b[key] <= top:
                raise field_error(key, f"{key} must be between 0 and {top}")
            r[key] = b[key]
    r["ttl_sec"] = _round_ttl(int(r.get("ttl_sec") or 0), RECORD_TTLS, up=False)
    name, target = r.get("name") or "", r.get("target") or ""
    if rtype == "SRV":
        for key in ("service", "target", "port", "priority", "weight"):
            if create and key not in b:
                raise field_error(key, f"{key} is required for SRV records")
        service = str(r.get("service") or "").lstrip("_")
        protocol = str(r.get("protocol") or "tcp").lstrip("_")
        if not service or not _LABEL.match(service):
            raise field_error("service", "service is not valid")
        if not _LABEL.match(protocol):
            raise field_error("protocol", "protocol is not valid")
        r["service"], r["protocol"] = f"_{service}", f"_{protocol}"
        r["name"] = f"_{service}._{protocol}"
    elif name and not _hostname(name, dot=False):
        raise field_error("name", "Name must be a valid hostname")
    if rtype == "CNAME" and not name:
        raise field_error("name", "name is required for CNAME records")
    if rtype == "MX" and not name and not target:
        pass  # a null MX record
    elif not target:
        raise field_error("target", "target is required")
    elif rtype == "A":
        if target != "[remote_addr]":
            try:
                ipaddress.IPv4Address(target)
            except ValueError:
                raise field_error("target", "Target must be a valid IPv4 address") from None
    elif rtype == "AAAA":
        try:
            ipaddress.IPv6Address(target)
        except ValueError:
            raise field_error("target", "Target must be a valid IPv6 address") from None
    elif rtype in ("CNAME", "MX", "NS", "SRV") and not _hostname(target):
        raise field_error("target", "Target must be a valid domain")
    elif rtype == "TXT" and len(target) > 65535:
        raise field_error("target", "Target must be at most 65535 characters")
    if rtype == "CAA":
        if r.get("tag") not in ("issue", "issuewild", "iodef"):
            raise field_error("tag", "tag must be issue, issuewild or iodef")
        if not _caa_value_ok(r["tag"], target):
            raise field_error("target", f"Target is not valid for a CAA {r['tag']} record")


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
    _apply_record(r, body(ctx), create=True)
    _check_unique(world.domain_records.get(d["id"], {}), r)
    r["id"] = world.next_id("record", 40_000_000)
    world.domain_records.setdefault(d["id"], {})[r["id"]] = r
    world.add_event("dns_record_create", world.entity_ref("domain", d), username=user(ctx))
    return r


def _check_unique(records: dict[int, dict[str, Any]], r: dict[str, Any]) -> None:
    """A CNAME's name is the only record of that name (the API rejects the clash)."""
    for other in records.values():
        if other["id"] == r["id"] or (other.get("name") or "") != (r.get("name") or ""):
            continue
        if r["type"] == "CNAME" or other["type"] == "CNAME":
            raise field_error("name", "A CNAME record cannot share its name with another record")


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
    _check_unique(world.domain_records.get(d["id"], {}), trial)
    r.update(trial, updated=world.iso())
    world.add_event("dns_record_update", world.entity_ref("domain", d), username=user(ctx))
    return r


@routes.delete(D + "/records/{recordId}")
def delete_record(ctx: Ctx) -> None:
    world = w(ctx)
    d = _domain(ctx, write=True)
    r = _record(ctx, d)
    del world.domain_records[d["id"]][r["id"]]
    world.add_event("dns_record_delete", world.entity_ref("domain", d), username=user(ctx))


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
