"""Regenerate ``spec.json.gz`` (compact spec data) from the Linode OpenAPI files.

Run from the repository root::

    .venv/bin/python -m linode_tui.specdata._generate [--data DIR] [--out FILE]

``DIR`` defaults to ``<repo>/tests/data`` (the compressed copies kept in the repository, see its
NOTICE) and must contain, each either xz-compressed under its ``tests/data`` name or plain under
its original name (so ``--data`` may also point at the shared folder with the originals):

* ``openapi-4.189.0.json.xz`` / ``openapi.json``  -- the 4.189.0 spec (paths prefixed
  ``/{apiVersion}``, schemas inlined, filterable fields marked by ``__Filterable__`` in
  descriptions, scopes in ``security``);
* ``openapi-4.176.0.json.xz`` / ``openapi-4.176.0.json`` -- older spec with ``$ref`` components
  and ``x-linode-filterable``;
* ``ops-4.229.1.json.xz`` / ``linode-cli-5.69.0-baked-ops-spec-4.229.1.json`` -- linode-cli's
  flattened operation model of spec 4.229.1 (463 operations; attribute types, ``filterable``
  flags; no scopes, no enums).

The output covers the **union** of the 4.189.0 operations and the 4.229.1 inventory, matched by
method + normalised path (``{linodeId}`` and ``{id}`` are the same position).  The newer inventory
wins on conflicts (summary, operationId, request field types/required, response attributes,
filterable; ``paginated`` follows 4.189.0's response envelope where it has one); operations it
no longer lists are kept with ``dropped: true``; scopes it
lacks are derived from the path's area (see :func:`derive_scopes`) and marked ``scopes_derived``.

This module is only used at development time; the installed product reads the generated data file.
No long descriptions are copied: only the one-line operation summaries.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import json
import lzma
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# (name in tests/data, xz-compressed; original name in the shared folder)
SPEC_FILE = ("openapi-4.189.0.json.xz", "openapi.json")
OLD_SPEC_FILE = ("openapi-4.176.0.json.xz", "openapi-4.176.0.json")
CLI_FILE = ("ops-4.229.1.json.xz", "linode-cli-5.69.0-baked-ops-spec-4.229.1.json")
V189 = "4.189.0"
V229 = "4.229.1"
PREFIX = "/{apiVersion}"
METHODS = ("get", "post", "put", "delete", "patch")
OUT_NAME = "spec.json.gz"

# Areas whose enums are harvested, keyed by the GET operation that returns one item / the list.
# area key -> path template of a GET (list or item) whose item schema describes that object.
ENUM_AREAS: dict[str, str] = {
    "account": "/account",
    "account_settings": "/account/settings",
    "agreement": "/account/agreements",
    "beta": "/betas",
    "child_account": "/account/child-accounts",
    "database": "/databases/instances",
    "database_engine": "/databases/engines",
    "database_type": "/databases/types",
    "mysql": "/databases/mysql/instances/{instanceId}",
    "mysql_backup": "/databases/mysql/instances/{instanceId}/backups",
    "postgresql": "/databases/postgresql/instances/{instanceId}",
    "postgresql_backup": "/databases/postgresql/instances/{instanceId}/backups",
    "domain": "/domains",
    "domain_record": "/domains/{domainId}/records",
    "entity_transfer": "/account/entity-transfers",
    "event": "/account/events",
    "firewall": "/networking/firewalls",
    "firewall_device": "/networking/firewalls/{firewallId}/devices",
    "firewall_rules": "/networking/firewalls/{firewallId}/rules",
    "image": "/images",
    "invoice": "/account/invoices",
    "ip": "/networking/ips",
    "kernel": "/linode/kernels",
    "linode": "/linode/instances",
    "linode_config": "/linode/instances/{linodeId}/configs",
    "linode_disk": "/linode/instances/{linodeId}/disks",
    "linode_backups": "/linode/instances/{linodeId}/backups",
    "linode_ips": "/linode/instances/{linodeId}/ips",
    "lke": "/lke/clusters",
    "lke_pool": "/lke/clusters/{clusterId}/pools",
    "lke_node": "/lke/clusters/{clusterId}/nodes/{nodeId}",
    "login": "/account/logins",
    "longview_client": "/longview/clients",
    "longview_subscription": "/longview/subscriptions",
    "maintenance": "/account/maintenance",
    "managed_contact": "/managed/contacts",
    "managed_credential": "/managed/credentials",
    "managed_issue": "/managed/issues",
    "managed_service": "/managed/services",
    "nodebalancer": "/nodebalancers",
    "nodebalancer_config": "/nodebalancers/{nodeBalancerId}/configs",
    "nodebalancer_node": "/nodebalancers/{nodeBalancerId}/configs/{configId}/nodes",
    "notification": "/account/notifications",
    "oauth_client": "/account/oauth-clients",
    "object_storage_bucket": "/object-storage/buckets",
    "object_storage_key": "/object-storage/keys",
    "payment": "/account/payments",
    "payment_method": "/account/payment-methods",
    "placement_group": "/placement/groups",
    "profile": "/profile",
    "region": "/regions",
    "service_transfer": "/account/service-transfers",
    "stackscript": "/linode/stackscripts",
    "support_ticket": "/support/tickets",
    "tag": "/tags",
    "token": "/profile/tokens",
    "type": "/linode/types",
    "user": "/account/users",
    "volume": "/volumes",
    "vpc": "/vpcs",
    "vpc_subnet": "/vpcs/{vpcId}/subnets",
    "vpc_ip": "/vpcs/ips",
}

# Convenience aliases (alias key -> existing harvested key).
ENUM_ALIASES: dict[str, str] = {
    "entity.type": "event.entity.type",
    "lke.status": "lke_node.status",
    "region.site_type": "region.site-type",
}


# ----------------------------------------------------------------------------- schema helpers


def _resolver(root: dict[str, Any]) -> Any:
    """Return a function that inlines ``$ref`` (with a recursion guard) for the 4.176.0 spec."""

    def resolve(node: Any, seen: tuple[str, ...] = ()) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref in seen:
                    return {}
                target: Any = root
                for part in ref.lstrip("#/").split("/"):
                    target = target[part.replace("~1", "/").replace("~0", "~")]
                return resolve(target, (*seen, ref))
            return {k: resolve(v, seen) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]
        return node

    return resolve


def merged(schema: Any) -> dict[str, Any]:
    """Flatten ``allOf`` (deep-merging properties) and union ``oneOf``/``anyOf`` properties."""
    if not isinstance(schema, dict):
        return {}
    parts = schema.get("allOf")
    alts = schema.get("oneOf") or schema.get("anyOf")
    if not parts and not alts:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k not in ("allOf", "oneOf", "anyOf")}
    props: dict[str, Any] = dict(out.get("properties") or {})
    required: list[str] = list(out.get("required") or [])
    for sub in parts or []:
        m = merged(sub)
        for k, v in m.items():
            if k == "properties":
                for pk, pv in v.items():
                    if pk in props:
                        props[pk] = merged({"allOf": [props[pk], pv]})
                    else:
                        props[pk] = pv
            elif k == "required":
                required.extend(x for x in v if x not in required)
            elif k not in out:
                out[k] = v
    for sub in alts or []:
        m = merged(sub)
        for pk, pv in (m.get("properties") or {}).items():
            props.setdefault(pk, pv)
        for k, v in m.items():
            if k not in ("properties", "required") and k not in out:
                out[k] = v
    if props:
        out["properties"] = props
        out.setdefault("type", "object")
    if required and not alts:
        out["required"] = required
    return out


def schema_type(schema: Any) -> str:
    m = merged(schema)
    t = m.get("type")
    if isinstance(t, str):
        return t
    if "properties" in m:
        return "object"
    if "items" in m:
        return "array"
    return "any"


def response_schema(op: dict[str, Any]) -> dict[str, Any] | None:
    resp = (op.get("responses") or {}).get("200") or {}
    content = resp.get("content") or {}
    js = content.get("application/json")
    if not js or "schema" not in js:
        return None
    schema = js["schema"]
    return schema if isinstance(schema, dict) else None


def list_item_schema(schema: dict[str, Any] | None) -> dict[str, Any] | None:
    """Item schema when ``schema`` is a paginated list (``data`` array property), else None."""
    if schema is None:
        return None
    data = (merged(schema).get("properties") or {}).get("data")
    if data is None:
        return None
    dm = merged(data)
    if schema_type(dm) != "array":
        return None
    items = dm.get("items")
    return merged(items) if isinstance(items, dict) else {}


def collect_filterable(schema: Any, marker: Any, prefix: str = "", depth: int = 0) -> set[str]:
    """Dotted names of properties for which ``marker(prop_schema)`` is true (recursing objects/arrays)."""
    out: set[str] = set()
    if depth > 6:
        return out
    m = merged(schema)
    if schema_type(m) == "array" and isinstance(m.get("items"), dict):
        m = merged(m["items"])
    for name, prop in (m.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        full = f"{prefix}{name}"
        if marker(prop):
            out.add(full)
        if prop.get("oneOf") or prop.get("anyOf"):
            # polymorphic embedded objects (e.g. tagged objects' `data`): their markers belong to
            # the embedded resource's own endpoint, not to this one
            continue
        pm = merged(prop)
        t = schema_type(pm)
        if t == "object" or (t == "array" and isinstance(pm.get("items"), dict)):
            out |= collect_filterable(pm, marker, full + ".", depth + 1)
    return out


def _marker_189(prop: dict[str, Any]) -> bool:
    desc = prop.get("description")
    return isinstance(desc, str) and "__Filterable__" in desc


def _marker_176(prop: dict[str, Any]) -> bool:
    return prop.get("x-linode-filterable") is True


def norm_path(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path.rstrip("/") or "/")


# ----------------------------------------------------------------------------- examples

_FORMAT_DEFAULTS = {
    "date-time": "2018-01-01T00:01:01",
    "date": "2018-01-01",
    "email": "user@example.com",
    "ipv4": "192.0.2.1",
    "ip": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d",
    "password": "Example-passw0rd",
}


def _type_ok(value: Any, t: str) -> bool:
    if t == "string":
        return isinstance(value, str)
    if t == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == "boolean":
        return isinstance(value, bool)
    if t == "array":
        return isinstance(value, list)
    if t == "object":
        return isinstance(value, dict)
    return True


def conforms(value: Any, schema: Any, depth: int = 0) -> bool:
    """Lenient structural check: types only (nulls always allowed), recursing into objects/arrays."""
    if value is None or depth > 30:
        return True
    if not isinstance(schema, dict):
        return True
    alts = schema.get("oneOf") or schema.get("anyOf")
    if alts:
        return any(conforms(value, a, depth + 1) for a in alts)
    for sub in schema.get("allOf") or []:
        if not conforms(value, sub, depth + 1):
            return False
    t = schema.get("type")
    if isinstance(t, str) and not _type_ok(value, t):
        return False
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for k, v in value.items():
            if k in props and not conforms(v, props[k], depth + 1):
                return False
        ap = schema.get("additionalProperties")
        if isinstance(ap, dict):
            for k, v in value.items():
                if k not in props and not conforms(v, ap, depth + 1):
                    return False
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(conforms(v, schema["items"], depth + 1) for v in value)
    return True


def _default_string(name: str, schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if isinstance(fmt, str) and fmt in _FORMAT_DEFAULTS:
        return _FORMAT_DEFAULTS[fmt]
    if name in ("created", "updated", "expiry", "date", "when"):
        return _FORMAT_DEFAULTS["date-time"]
    if name in ("address", "ipv4", "gateway"):
        return "192.0.2.1"
    if name == "region":
        return "us-east"
    if name in ("label", "name", "username"):
        return f"example-{name}"
    return f"example-{name}" if name else "example"


_SPACED_TS = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)$")


def _fix_timestamps(value: Any) -> Any:
    """A few spec examples use "YYYY-MM-DD HH:MM:SS"; the API sends "YYYY-MM-DDTHH:MM:SS"."""
    if isinstance(value, str):
        return _SPACED_TS.sub(r"\1T\2", value)
    if isinstance(value, list):
        return [_fix_timestamps(v) for v in value]
    if isinstance(value, dict):
        return {k: _fix_timestamps(v) for k, v in value.items()}
    return value


def build_example(schema: Any, name: str = "", depth: int = 0) -> Any:
    """Example value for ``schema``: its ``example`` if type-correct, else built from its parts."""
    if not isinstance(schema, dict) or depth > 25:
        return None
    example = schema.get("example")
    enum = schema.get("enum")
    if example is not None and conforms(example, schema):
        if not isinstance(enum, list) or example in enum:
            return _fix_timestamps(copy.deepcopy(example))
    elif schema.get("nullable") and "default" not in schema and schema.get("type") not in ("object", "array"):
        return None  # e.g. event rate/time_remaining: the real API sends null
    alts = schema.get("oneOf") or schema.get("anyOf")
    if alts:
        return build_example(alts[0], name, depth + 1)
    if schema.get("allOf"):
        return build_example(merged(schema), name, depth + 1)
    t = schema_type(schema)
    default = schema.get("default")
    if default is not None and conforms(default, schema) and (t not in ("object", "array") or default):
        return copy.deepcopy(default)
    if isinstance(enum, list):
        for value in enum:
            if value is not None and conforms(value, schema):
                return value
    if t == "object":
        out: dict[str, Any] = {}
        for pname, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict) and prop.get("writeOnly"):
                continue
            out[pname] = build_example(prop, pname, depth + 1)
        return out
    if t == "array":
        items = schema.get("items")
        if isinstance(items, dict) and items:
            return [build_example(items, name, depth + 1)]
        return []
    if t == "string":
        return _default_string(name, schema)
    if t == "integer":
        minimum = schema.get("minimum")
        return int(minimum) if isinstance(minimum, (int, float)) and minimum > 1 else 1
    if t == "number":
        return 1.0
    if t == "boolean":
        return False
    return None


# ----------------------------------------------------------------------------- enums


def enum_values(schema: dict[str, Any]) -> list[Any] | None:
    """Enum of a (merged) schema or of its array items; YAML-1.1 ``on``/``off`` booleans are restored."""
    enum = schema.get("enum")
    if enum is None and schema_type(schema) == "array" and isinstance(schema.get("items"), dict):
        return enum_values(merged(schema["items"]))
    if not isinstance(enum, list):
        return None
    if schema_type(schema) == "string":
        enum = [("on" if v else "off") if isinstance(v, bool) else v for v in enum]
    return [v for v in enum if v is not None]


def harvest_enums(schema: Any, prefix: str, out: dict[str, list[Any]], depth: int = 0) -> None:
    if depth > 8:
        return
    m = merged(schema)
    if schema_type(m) == "array" and isinstance(m.get("items"), dict):
        m = merged(m["items"])
    for name, prop in (m.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        key = f"{prefix}.{name}"
        pm = merged(prop)
        enum = enum_values(pm)
        if enum is not None:
            values = out.setdefault(key, [])
            values.extend(v for v in enum if v not in values)
        t = schema_type(pm)
        if t in ("object", "array"):
            harvest_enums(pm, key, out, depth + 1)


# ----------------------------------------------------------------------------- main build


def _scopes(op: dict[str, Any]) -> list[str]:
    scopes: list[str] = []
    for entry in op.get("security") or []:
        for scope in entry.get("oauth") or []:
            if scope not in scopes:
                scopes.append(scope)
    return scopes


def _path_params(path_item: dict[str, Any], op: dict[str, Any], path: str) -> dict[str, str]:
    declared: dict[str, str] = {}
    for param in [*(path_item.get("parameters") or []), *(op.get("parameters") or [])]:
        if param.get("in") != "path" or param.get("name") == "apiVersion":
            continue
        t = schema_type(param.get("schema") or {})
        declared[param["name"]] = "int" if t == "integer" else "string"
    return {name: declared.get(name, "string") for name in re.findall(r"\{([^}]+)\}", path)}



def _query_params(path_item: dict[str, Any], op: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for param in [*(path_item.get("parameters") or []), *(op.get("parameters") or [])]:
        if param.get("in") == "query" and isinstance(param.get("name"), str):
            out[param["name"]] = schema_type(param.get("schema") or {})
    return dict(sorted(out.items()))


def _servers(path_item: dict[str, Any], op: dict[str, Any]) -> list[str]:
    """API versions an operation is served on (``v4``, ``v4beta``); none declared means both."""
    servers = op.get("servers") or path_item.get("servers") or []
    versions = [s["url"].rstrip("/").rsplit("/", 1)[-1] for s in servers if isinstance(s.get("url"), str)]
    versions = [v for v in versions if v in ("v4", "v4beta")]
    return versions or ["v4", "v4beta"]


# ----------------------------------------------------------------------------- field trees
#
# A field entry is a compact list ``[dotted_name, type, required, extras]`` where ``extras`` (a dict,
# present only when not empty) may hold ``enum`` (values), ``ro`` (read-only), ``item`` (the item
# type of an array), ``src`` (the only source that has the field, for operations in both) and
# ``nesting: "guessed"`` (a 4.229.1-only field whose parent was inferred, see _place_cli_attrs).
# Children of an array of objects are named ``parent.child`` like linode-cli's attributes.


def _field_tree(schema: Any, prefix: str = "", depth: int = 0,
                out: dict[str, dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """Dotted name -> {type, required, enum?, ro?, item?} for every property of an object schema."""
    if out is None:
        out = {}
    if depth > 6:
        return out
    m = merged(schema)
    if schema_type(m) == "array" and isinstance(m.get("items"), dict):
        m = merged(m["items"])
    required = set(m.get("required") or [])
    for name, prop in (m.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        pm = merged(prop)
        t = schema_type(pm)
        info: dict[str, Any] = {"type": t, "required": name in required}
        enum = enum_values(pm)
        if enum:
            info["enum"] = enum
        if prop.get("readOnly") or pm.get("readOnly"):
            info["ro"] = True
        if t == "array" and isinstance(pm.get("items"), dict):
            info["item"] = schema_type(pm["items"])
        full = f"{prefix}{name}"
        out[full] = info
        if prop.get("oneOf") or prop.get("anyOf"):
            continue
        if t == "object" or (t == "array" and info.get("item") == "object"):
            _field_tree(pm, full + ".", depth + 1, out)
    return out


def _entry(name: str, info: dict[str, Any]) -> list[Any]:
    extras = {k: info[k] for k in ("enum", "ro", "item", "src", "nesting", "null") if info.get(k)}
    row: list[Any] = [name, info["type"], bool(info.get("required"))]
    if extras:
        row.append(extras)
    return row


def _cli_name(attr: dict[str, Any]) -> str:
    # a few database config keys contain an escaped dot (``pg_partman_bgw\\.interval``): one key
    return str(attr["name"]).replace("\\.", "\u2024")  # ONE DOT LEADER, never a separator


def _compatible(known_type: str, cli_type: str) -> bool:
    # linode-cli names a nested list's parent by its item type ("object")
    return known_type == cli_type or (known_type == "array" and cli_type == "object") or known_type == "any"


def _place_cli_attrs(attrs: list[dict[str, Any]], primary: dict[str, str],
                     secondary: dict[str, str]) -> list[tuple[str | None, dict[str, Any], bool]]:
    """Give linode-cli's flattened request attributes their dotted names, where that is certain.

    linode-cli's flattened model lists request attributes by leaf name only: ``ipv4`` may be
    ``default_route.ipv4``; a nested object is not listed itself (its children are, inline), a
    nested list is listed (type ``object``) followed by its children.  So an attribute is placed:

    1. at the only unused name with its leaf in ``primary`` (the 4.189.0 request schema) -- or at its
       top-level one while no ``object`` attribute came before it (see 3) --, else
    2. at the only unused *nested* name with its leaf and a compatible type in ``secondary`` (the
       operation's response attributes), else
    3. at the top level while no ``object`` attribute came before it (nothing can be nested yet);
    4. otherwise its position is unknown: ``(None, attr, False)``.

    The flag is True when the position came from rule 1 or 3 (the ``required`` flag then means
    "required in its parent" with certainty).  Returns one tuple per attribute, in order.
    """
    def leaf_index(tree: dict[str, str]) -> dict[str, list[str]]:
        idx: dict[str, list[str]] = {}
        for dotted in tree:
            idx.setdefault(dotted.rsplit(".", 1)[-1], []).append(dotted)
        return idx

    p_idx, s_idx = leaf_index(primary), leaf_index(secondary)
    # names the response has only inside other objects (``public.ipv4.addresses.address``): an
    # attribute with such a name is nested somewhere, never at the top level
    inner = {seg for d in secondary for seg in d.split(".")[1:-1]}
    inner -= {d.split(".", 1)[0] for d in secondary}
    used: set[str] = set()
    out: list[tuple[str | None, dict[str, Any], bool]] = []
    seen_object = False
    for attr in attrs:
        leaf = _cli_name(attr)
        cli_type = str(attr.get("type") or "any")
        dotted: str | None = None
        certain = False
        p_cands = [d for d in p_idx.get(leaf, []) if d not in used]
        s_cands = [d for d in s_idx.get(leaf, []) if d not in used and "." in d
                   and _compatible(secondary[d], cli_type)]
        if len(p_cands) == 1:
            dotted, certain = p_cands[0], True
        elif p_cands and not seen_object and leaf in p_cands:
            dotted, certain = leaf, True  # nothing can be nested yet: the top-level one
        elif not p_cands and len(s_cands) == 1 and leaf not in primary:
            dotted = s_cands[0]
        elif not seen_object and leaf not in used and (leaf in primary or leaf not in inner):
            dotted, certain = leaf, True
        if dotted is not None:
            used.add(dotted)
        out.append((dotted, attr, certain))
        if cli_type == "object":
            seen_object = True
    return out


# 4.229.1 request attributes linode-cli types ``object`` that are arrays of objects (the API docs:
# "images: array of objects", "rules: array of rule objects"); linode-cli flattens both alike.
LISTS_OF_OBJECTS: dict[str, frozenset[str]] = {
    "post-sharegroups": frozenset({"images"}),
    "post-sharegroup-images": frozenset({"images"}),
    "post-ruleset": frozenset({"rules"}),
    "put-ruleset": frozenset({"rules"}),
}


# 4.229.1 request attributes linode-cli types wrongly: a oneOf of objects (an alert channel's
# ``details.email``, a stream destination's bucket ``details``) comes out as ``string``.
TYPE_FIXES: dict[str, dict[str, str]] = {
    op: {"details": "object"}
    for op in ("post-notification-channel", "put-notification-channel", "post-destination", "put-destination")
}

# Enum values the 4.229.1 API added to a 4.189.0 request enum (linode-cli's inventory has no enums):
# a firewall takes a Linode interface as a device; a placement group may be an affinity group.
ENUM_ADDED: dict[str, dict[str, tuple[str, ...]]] = {
    "post-firewall-device": {"type": ("linode_interface",)},
    "post-placement-group": {"placement_group_type": ("affinity:local",)},
}

# Required request fields whose value may be null (the API docs: "string | null"); linode-cli's
# inventory does not say.  A PostgreSQL connection pool's username: null = the connecting client's.
NULLABLE: dict[str, frozenset[str]] = {
    "post-databases-postgre-sql-conn-pools": frozenset({"username"}),
}

# Response attributes a server sets: linode-cli lists some of them among a 4.229.1 operation's request
# attributes (``post-ruleset``: created, deleted, id, updated, version); at the top level of a request
# that the 4.189.0 schema does not describe, they are read-only (shown, never sent or enforced).
SERVER_SET = frozenset({"created", "updated", "deleted", "id", "version"})


def _unwrapped(response_types: dict[str, str], cli_op: dict[str, Any]) -> dict[str, str]:
    """The response attributes without an envelope named like the collection: linode-cli lists
    ``POST /linode/instances/{id}/interfaces``'s response as ``interfaces.*`` (the Linode's
    interface list); the request body is one interface, so its fields are placed without it."""
    tops = {n.split(".", 1)[0] for n in response_types}
    if len(tops) != 1 or not all("." in n for n in response_types):
        return response_types
    top = next(iter(tops))
    attrs = cli_op.get("request_attrs") or []
    if str(cli_op.get("path", "")).rstrip("/").rsplit("/", 1)[-1] != top or any(
            _cli_name(a) == top for a in attrs):
        return response_types
    return {n.split(".", 1)[1]: t for n, t in response_types.items()}


def _merge_request(old_tree: dict[str, dict[str, Any]] | None, cli_op: dict[str, Any] | None,
                   response_types: dict[str, str]) -> dict[str, dict[str, Any]] | None:
    """The request field tree of an operation: 4.189.0's, updated (newer wins) by 4.229.1's attributes.

    4.229.1 attributes whose position cannot be told (see :func:`_place_cli_attrs`) are kept under
    their leaf name prefixed ``?.`` with ``nesting: "unknown"`` (shown, never enforced).
    """
    attrs = (cli_op or {}).get("request_attrs") or []
    if old_tree is None and not attrs:
        return None
    tree = {k: dict(v) for k, v in (old_tree or {}).items()}
    if cli_op is None or not attrs:
        return tree
    primary = {k: v["type"] for k, v in tree.items()}
    response_types = _unwrapped(response_types, cli_op)
    seen: set[str] = set()
    for dotted, attr, certain in _place_cli_attrs(attrs, primary, response_types):
        cli_type = str(attr.get("type") or "any")
        if dotted is None:
            key = "?." + _cli_name(attr)
            if key in tree:
                continue
            info = {"type": cli_type, "required": False, "nesting": "unknown"}
            if attr.get("item_type"):
                info["item"] = attr["item_type"]
            if old_tree is not None:
                info["src"] = V229
            tree[key] = info
            continue
        seen.add(dotted)
        known_info = tree.get(dotted)
        required = bool(attr.get("required")) and certain
        if known_info is not None:
            info = known_info
            if not (info["type"] == "array" and cli_type == "object"):
                info["type"] = cli_type
            if certain:
                info["required"] = bool(attr.get("required"))
            if attr.get("item_type"):
                info["item"] = attr["item_type"]
        else:
            info = {"type": cli_type, "required": required}
            listed = dotted in LISTS_OF_OBJECTS.get(str((cli_op or {}).get("operationId")), ())
            if (listed or response_types.get(dotted) == "array") and cli_type == "object":
                info["type"], info["item"] = "array", "object"
            if attr.get("item_type"):
                info["item"] = attr["item_type"]
            if old_tree is not None:
                info["src"] = V229
            if dotted in SERVER_SET and dotted in response_types:
                info["ro"] = True
            fixed = TYPE_FIXES.get(str(cli_op.get("operationId")), {}).get(dotted)
            if fixed is not None:
                info["type"] = fixed
            if dotted in NULLABLE.get(str(cli_op.get("operationId")), ()):
                info["null"] = True
            tree[dotted] = info
    for dotted, added in ENUM_ADDED.get(str(cli_op.get("operationId")), {}).items():
        known = tree[dotted].get("enum") if dotted in tree else None
        if known:
            tree[dotted]["enum"] = [*known, *(v for v in added if v not in known)]
    if old_tree is not None:
        for dotted, info in tree.items():
            if dotted not in seen and "src" not in info and not info.get("ro"):
                info["src"] = V189
    # parents before children, each level in name order; unknown positions last
    return dict(sorted(tree.items(), key=lambda kv: (kv[0].startswith("?."), kv[0].split("."))))


def _response_attrs(target: Any, cli_op: dict[str, Any] | None) -> dict[str, str]:
    """Dotted response attribute -> type (4.229.1's when present, else the 4.189.0 schema's)."""
    out: dict[str, str] = {}
    if target is not None:
        for dotted, info in _field_tree(target).items():
            out[dotted] = info["type"]
    for attr in (cli_op or {}).get("response_attrs") or []:
        out[_cli_name(attr)] = str(attr.get("type") or "any")
    return dict(sorted(out.items(), key=lambda kv: kv[0].split(".")))


# ----------------------------------------------------------------------------- scopes


def _read_write(method: str) -> str:
    return "read_only" if method == "GET" else "read_write"


# 4.229.1 prefixes whose deciding 4.189.0 prefix is shared by several scope areas (``/networking``:
# firewall, ips, linodes): the area named by the newer path's own segment.  Used only when
# the learned mapping is ambiguous (the top area has under 2/3 of the prefix's operations).
AREA_HINTS: dict[str, str] = {
    "/networking/reserved": "ips",  # reserved IP addresses
    "/networking/prefixlists": "firewall",  # prefix lists are referenced by firewall rules
}


def learn_scope_areas(ops: list[dict[str, Any]]) -> dict[tuple[bool, tuple[str, ...]], Counter[str]]:
    """For every literal path prefix of the 4.189.0 operations: which scope areas its operations use.

    The key is ``(is_get, normalised segment tuple)`` (``(True, ("linode", "instances"))``); the
    counter counts the area (``linodes``) of each operation's first scope, or ``""`` for a public
    GET (no scope).  GETs and writes are learned apart (``/vpcs`` GETs are public, writes are not).
    """
    learned: dict[tuple[bool, tuple[str, ...]], Counter[str]] = {}
    for op in ops:
        segs = tuple(norm_path(op["path"]).strip("/").split("/"))
        area = op["scopes"][0].split(":", 1)[0] if op["scopes"] else ""
        is_get = op["method"] == "GET"
        if not is_get and not area:
            continue
        for i in range(1, len(segs) + 1):
            learned.setdefault((is_get, segs[:i]), Counter())[area] += 1
    return learned


def derive_scopes(method: str, path: str,
                  learned: dict[tuple[bool, tuple[str, ...]], Counter[str]]) -> tuple[list[str], str]:
    """Scopes of an operation the newer inventory gives no scope for, from the path's area.

    The longest literal prefix of the path that 4.189.0 operations share decides the area: the most
    used scope area of its operations of the same kind (GETs, else writes; ties: alphabetical),
    ``<area>:read_only`` for GET and ``<area>:read_write`` otherwise.  A GET under a prefix whose
    GETs are mostly public (regions, types, VPCs) gets none.  Where that prefix is shared by several
    areas, :data:`AREA_HINTS` names the area; a path under no known prefix is named after its first
    segment (``/monitor/...`` -> ``monitor:read_only``).  Returns ``(scopes, basis)``: the prefix
    (or hint) that decided, e.g. ``"/lke"``.
    """
    segs = tuple(norm_path(path).strip("/").split("/"))
    is_get = method == "GET"
    rw = _read_write(method)
    for i in range(len(segs), 0, -1):
        counts = learned.get((is_get, segs[:i])) or Counter()
        if is_get and not counts:
            counts = learned.get((False, segs[:i])) or Counter()
        if not counts:
            continue
        area, top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        basis = "/" + "/".join(segs[:i])
        if top * 3 < sum(counts.values()) * 2:
            for hint_prefix, hint in AREA_HINTS.items():
                if norm_path(path).startswith(hint_prefix):
                    return [f"{hint}:{rw}"], hint_prefix
        return ([f"{area}:{rw}"] if area else []), basis
    area = segs[0].replace("-", "_")
    return [f"{area}:{rw}"], "/" + segs[0]


# ----------------------------------------------------------------------------- 4.229.1-only operations


def _area(path: str) -> str:
    """Resource area of a path: the first segment; ``linode/*`` and ``networking/*`` by the second."""
    segs = [s for s in path.strip("/").split("/") if s]
    if not segs:
        return ""
    if segs[0] in ("linode", "networking") and len(segs) > 1 and not segs[1].startswith("{"):
        return f"{segs[0]}/{segs[1]}"
    return segs[0]


def _example_from_attrs(attrs: dict[str, str], item_types: dict[str, str]) -> dict[str, Any]:
    """An example object from dotted attribute names and types (4.229.1-only GETs)."""
    root: dict[str, Any] = {}
    for dotted, t in attrs.items():
        parts = dotted.split(".")
        node: Any = root
        for part in parts[:-1]:
            nxt = node.get(part)
            if isinstance(nxt, list):
                if not nxt or not isinstance(nxt[0], dict):
                    nxt[:] = [{}]
                nxt = nxt[0]
            elif not isinstance(nxt, dict):
                nxt = node[part] = {}
            node = nxt
        leaf = parts[-1]
        if leaf in node:
            continue
        if t == "array":
            item = item_types.get(dotted)
            children = any(k.startswith(dotted + ".") for k in attrs)
            if children:
                node[leaf] = [{}]
            elif item:
                node[leaf] = [_scalar_example(leaf, item)] if item in ("string", "integer", "number") else []
            else:
                node[leaf] = []
        elif t == "object":
            node[leaf] = {}
        else:
            node[leaf] = _scalar_example(leaf, t)
    return root


def _scalar_example(name: str, t: str) -> Any:
    if t == "integer":
        return 1
    if t == "number":
        return 1.0
    if t == "boolean":
        return False
    return _default_string(name, {})


def _param_types(path: str, old_types: dict[tuple[str, int], str],
                 id_types: dict[str, str]) -> dict[str, str]:
    """Path parameter kinds for a 4.229.1-only template.

    The kind 4.189.0 uses at the same position of the same normalised prefix wins; else ``int`` when
    the GET of the path up to that parameter returns an integer ``id``; else ``string``.
    """
    out: dict[str, str] = {}
    segs = path.strip("/").split("/")
    for i, seg in enumerate(segs):
        m = re.fullmatch(r"\{([^}]+)\}", seg)
        if not m:
            continue
        prefix = "/" + "/".join(segs[: i + 1])
        kind = old_types.get((norm_path(prefix), i)) or id_types.get(norm_path(prefix)) or "string"
        out[m.group(1)] = kind
    return out


def _summary(text: str | None) -> str:
    s = " ".join((text or "").split())
    return s[:-1] if s.endswith(".") and not s.endswith("..") else s


# ----------------------------------------------------------------------------- main build


def read_source(directory: Path, names: tuple[str, str]) -> Any:
    """Parse one source file: ``names[0]`` (xz) or ``names[1]`` (plain JSON) in ``directory``."""
    packed, plain = directory / names[0], directory / names[1]
    if packed.is_file():
        return json.loads(lzma.decompress(packed.read_bytes()))
    if plain.is_file():
        return json.loads(plain.read_text(encoding="utf-8"))
    raise SystemExit(f"missing source file: {packed} (or {plain})")


def build(data_dir: Path) -> dict[str, Any]:
    spec = read_source(data_dir, SPEC_FILE)
    old = read_source(data_dir, OLD_SPEC_FILE)
    cli = read_source(data_dir, CLI_FILE)
    cli_version = str(cli.get("spec_version") or V229)

    # 4.176.0 filterable (x-linode-filterable) per (METHOD, normalised path)
    resolve = _resolver(old)
    old_filterable: dict[tuple[str, str], set[str]] = {}
    for path, item in old.get("paths", {}).items():
        for method, op in item.items():
            if method not in METHODS:
                continue
            schema = response_schema(resolve(op))
            target = list_item_schema(schema)
            if target is None:
                continue
            names = collect_filterable(target, _marker_176)
            if names:
                old_filterable[(method.upper(), norm_path(path))] = names

    cli_ops: dict[tuple[str, str], dict[str, Any]] = {}
    for cop in cli.get("operations", []):
        key = (cop["method"].upper(), norm_path(cop["path"]))
        if key in cli_ops:
            raise SystemExit(f"two 4.229.1 operations at {key}")
        cli_ops[key] = cop

    def cli_filterable(cop: dict[str, Any] | None) -> set[str]:
        return {_cli_name(a) for a in (cop or {}).get("response_attrs") or [] if a.get("filterable")}

    operations: list[dict[str, Any]] = []
    examples: dict[str, Any] = {}
    item_schemas: dict[str, dict[str, Any]] = {}
    old_param_types: dict[tuple[str, int], str] = {}
    for raw_path, item in spec["paths"].items():
        path = raw_path[len(PREFIX):] if raw_path.startswith(PREFIX) else raw_path
        path = path or "/"
        for method, op in item.items():
            if method not in METHODS:
                continue
            mu = method.upper()
            key = (mu, norm_path(path))
            cop = cli_ops.get(key)
            schema = response_schema(op)
            item_schema = list_item_schema(schema) if mu == "GET" else None
            is_list = item_schema is not None
            envelope = set(merged(schema).get("properties") or {}) if is_list else set()
            target = item_schema if is_list else (merged(schema) if schema else None)
            filterable: set[str] = set()
            if is_list:
                filterable |= collect_filterable(target, _marker_189)
                filterable |= old_filterable.get(key, set())
                filterable |= cli_filterable(cop)
            response_fields = sorted((target or {}).get("properties") or {}) if target else []
            response = _response_attrs(target, cop)
            body = ((op.get("requestBody") or {}).get("content") or {}).get("application/json") or {}
            old_tree = _field_tree(body["schema"]) if isinstance(body.get("schema"), dict) else None
            request = _merge_request(old_tree, cop, response)
            path_params = _path_params(item, op, path)
            segs = path.strip("/").split("/")
            for i, seg in enumerate(segs):
                if seg.startswith("{"):
                    prefix = norm_path("/" + "/".join(segs[: i + 1]))
                    old_param_types[(prefix, i)] = path_params.get(seg[1:-1], "string")
            entry: dict[str, Any] = {
                "method": mu,
                "path": path,
                "operation_id": cop["operationId"] if cop else op["operationId"],
                "summary": _summary(cop["summary"] if cop else op.get("summary")),
                "tag": (op.get("tags") or [""])[0],
                "area": _area(path),
                "scopes": _scopes(op),
                "is_list": is_list,
                # the response envelope, not linode-cli's flag (which says whether the CLI pages it)
                "paginated": {"page", "pages", "results"} <= envelope,
                "filterable": sorted(filterable),
                "request": [_entry(n, i) for n, i in request.items()] if request is not None else None,
                "response_fields": response_fields,
                "response": [[n, t] for n, t in response.items()],
                "path_params": path_params,
                "query_params": _query_params(item, op),
                "servers": _servers(item, op),
                "sources": [V189, cli_version] if cop else [V189],
            }
            if cop is not None and cop["operationId"] != op["operationId"]:
                entry["aliases"] = [op["operationId"]]  # 4.189.0's id, still found by SpecData.operation
            if cop is None:
                entry["dropped"] = True
            else:
                entry["cli"] = f"{cop['command']} {cop['action']}"
                if cop["path"] != path:
                    entry["path_" + cli_version] = cop["path"]
            beta = sorted({_cli_name(a) for a in (cop or {}).get("response_attrs") or []
                           if "__Beta__" in (a.get("description") or "")})
            if beta:
                entry["beta_fields"] = beta
            if op.get("deprecated"):
                entry["deprecated"] = True
            operations.append(entry)
            if mu == "GET":
                if schema is not None:
                    example = build_example(schema)
                    if entry["paginated"] and isinstance(example, dict):
                        # keep the envelope consistent with the example items
                        example.update(page=1, pages=1, results=len(example.get("data") or []))
                    examples[entry["operation_id"]] = example
                if target is not None:
                    item_schemas[path] = target

    # ---- operations only the 4.229.1 inventory has
    known = {(o["method"], norm_path(o["path"])) for o in operations}
    learned = learn_scope_areas(operations)
    id_types: dict[str, str] = {}
    for cop in cli_ops.values():
        if cop["method"].upper() == "GET":
            for a in cop.get("response_attrs") or []:
                if a["name"] == "id" and a.get("type") == "integer":
                    id_types[norm_path(cop["path"])] = "int"
    for key, cop in sorted(cli_ops.items()):
        if key in known:
            continue
        mu, path = key[0], cop["path"].rstrip("/") or "/"
        response = _response_attrs(None, cop)
        request = _merge_request(None, cop, response)
        is_list = mu == "GET" and bool(cop.get("paginated"))
        scopes, basis = derive_scopes(mu, path, learned)
        item_types = {_cli_name(a): str(a["item_type"]) for a in cop.get("response_attrs") or []
                      if a.get("item_type")}
        entry = {
            "method": mu,
            "path": path,
            "operation_id": cop["operationId"],
            "summary": _summary(cop["summary"]),
            "tag": cop["command"],
            "area": _area(path),
            "scopes": scopes,
            "scopes_derived": basis,
            "is_list": is_list,
            "paginated": is_list,
            "filterable": sorted(cli_filterable(cop)) if is_list else [],
            "request": [_entry(n, i) for n, i in request.items()] if request is not None else None,
            "response_fields": sorted({n.split(".", 1)[0] for n in response}),
            "response": [[n, t] for n, t in response.items()],
            "path_params": _param_types(path, old_param_types, id_types),
            "query_params": {"page": "integer", "page_size": "integer"} if is_list else {},
            "servers": None,
            "sources": [cli_version],
            "cli": f"{cop['command']} {cop['action']}",
        }
        beta = sorted({_cli_name(a) for a in cop.get("response_attrs") or []
                       if "__Beta__" in (a.get("description") or "")})
        if beta:
            entry["beta_fields"] = beta
        operations.append(entry)
        if mu == "GET":
            obj = _example_from_attrs(response, item_types)
            examples[entry["operation_id"]] = (
                {"data": [obj], "page": 1, "pages": 1, "results": 1} if is_list else obj)

    ids = [o["operation_id"] for o in operations]
    if len(ids) != len(set(ids)):
        dup = sorted(k for k, n in Counter(ids).items() if n > 1)
        raise SystemExit(f"duplicate operationIds: {dup}")

    enums: dict[str, list[Any]] = {}
    for area, path in ENUM_AREAS.items():
        target = item_schemas.get(path)
        if target is None:
            raise SystemExit(f"enum area {area}: no GET schema for {path}")
        harvest_enums(target, area, enums)
    for alias, source in ENUM_ALIASES.items():
        if alias not in enums and source in enums:
            enums[alias] = list(enums[source])

    operations.sort(key=lambda o: (o["path"], METHODS.index(o["method"].lower())))
    return {
        "version": cli_version,
        "sources": {V189: spec["info"]["version"], cli_version: cli.get("source", "")},
        "operations": operations,
        "enums": dict(sorted(enums.items())),
        "examples": dict(sorted(examples.items())),
    }


def dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode("utf-8")


def compress(raw: bytes) -> bytes:
    """gzip without a timestamp or file name, so the same JSON gives the same bytes."""
    return gzip.compress(raw, compresslevel=9, mtime=0)


def write(data: dict[str, Any], out: Path) -> tuple[int, int]:
    """Write ``data`` (gzip when ``out`` ends in ``.gz``); returns (JSON bytes, bytes written)."""
    raw = dumps(data) + b"\n"
    packed = compress(raw) if out.suffix == ".gz" else raw
    out.write_bytes(packed)
    return len(raw), len(packed)


def default_data_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "tests" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", "--shared", dest="data", type=Path, default=default_data_dir(),
                        help="directory with the source files (default: tests/data)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / OUT_NAME)
    args = parser.parse_args(argv)
    data = build(args.data)
    raw_size, size = write(data, args.out)
    ops = data["operations"]
    print(
        f"wrote {args.out}: {size} bytes ({raw_size} bytes of JSON); "
        f"{len(ops)} operations ({sum(len(o['sources']) == 2 for o in ops)} in both sources, "
        f"{sum(o['sources'] == [V229] for o in ops)} new in {V229}, "
        f"{sum(bool(o.get('dropped')) for o in ops)} "
        f"dropped, {sum('scopes_derived' in o for o in ops)} with derived scopes), "
        f"{sum(o['is_list'] for o in ops)} lists, "
        f"{sum(bool(o['filterable']) for o in ops)} with filterable fields, "
        f"{len(data['enums'])} enums, {len(data['examples'])} examples",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
