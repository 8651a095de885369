"""Regenerate ``spec.json`` (compact spec data) from the Linode OpenAPI files.

Run from the repository root::

    .venv/bin/python -m linode_tui.specdata._generate [--shared DIR] [--out FILE]

``DIR`` defaults to ``<repo>/../shared/linode-openapi`` and must contain:

* ``openapi.json``  -- the 4.189.0 spec (paths prefixed ``/{apiVersion}``, schemas inlined,
  filterable fields marked by ``__Filterable__`` in descriptions, scopes in ``security``);
* ``openapi-4.176.0.json`` -- older spec with ``$ref`` components and ``x-linode-filterable``;
* ``linode-cli-5.69.0-baked-ops-spec-4.229.1.json`` -- linode-cli's flattened operation model
  (``filterable`` flags on response attributes).

This module is only used at development time; the installed product reads the generated data file.
No long descriptions are copied: only the one-line operation summaries.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

SPEC_FILE = "openapi.json"
OLD_SPEC_FILE = "openapi-4.176.0.json"
CLI_FILE = "linode-cli-5.69.0-baked-ops-spec-4.229.1.json"
PREFIX = "/{apiVersion}"
METHODS = ("get", "post", "put", "delete", "patch")
OUT_NAME = "spec.json"

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


def _request(op: dict[str, Any]) -> dict[str, Any] | None:
    body = op.get("requestBody") or {}
    js = (body.get("content") or {}).get("application/json")
    if not js or not isinstance(js.get("schema"), dict):
        return None
    m = merged(js["schema"])
    required = set(m.get("required") or [])
    fields: list[list[Any]] = []
    enums: dict[str, list[Any]] = {}
    for name, prop in (m.get("properties") or {}).items():
        if not isinstance(prop, dict) or prop.get("readOnly"):
            continue
        pm = merged(prop)
        fields.append([name, schema_type(pm), name in required])
        enum = enum_values(pm)
        if enum is not None:
            enums[name] = enum
    out: dict[str, Any] = {"fields": fields}
    if enums:
        out["enums"] = enums
    return out


def build(shared: Path) -> dict[str, Any]:
    spec = json.loads((shared / SPEC_FILE).read_text(encoding="utf-8"))
    old = json.loads((shared / OLD_SPEC_FILE).read_text(encoding="utf-8"))
    cli = json.loads((shared / CLI_FILE).read_text(encoding="utf-8"))

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

    cli_filterable: dict[tuple[str, str], set[str]] = {}
    for cop in cli.get("operations", []):
        names = {a["name"] for a in cop.get("response_attrs") or [] if a.get("filterable")}
        if names:
            key = (cop["method"].upper(), norm_path(cop["path"]))
            cli_filterable.setdefault(key, set()).update(names)

    operations: list[dict[str, Any]] = []
    examples: dict[str, Any] = {}
    item_schemas: dict[str, dict[str, Any]] = {}
    for raw_path, item in spec["paths"].items():
        path = raw_path[len(PREFIX):] if raw_path.startswith(PREFIX) else raw_path
        path = path or "/"
        for method, op in item.items():
            if method not in METHODS:
                continue
            mu = method.upper()
            schema = response_schema(op)
            item_schema = list_item_schema(schema) if mu == "GET" else None
            is_list = item_schema is not None
            envelope = set(merged(schema).get("properties") or {}) if is_list else set()
            target = item_schema if is_list else (merged(schema) if schema else None)
            filterable: set[str] = set()
            if is_list:
                filterable |= collect_filterable(target, _marker_189)
                filterable |= old_filterable.get((mu, norm_path(path)), set())
                filterable |= cli_filterable.get((mu, norm_path(path)), set())
            response_fields = sorted((target or {}).get("properties") or {}) if target else []
            entry: dict[str, Any] = {
                "method": mu,
                "path": path,
                "operation_id": op["operationId"],
                "summary": " ".join((op.get("summary") or "").split()),
                "scopes": _scopes(op),
                "is_list": is_list,
                "paginated": {"page", "pages", "results"} <= envelope,
                "filterable": sorted(filterable),
                "request": _request(op),
                "response_fields": response_fields,
                "path_params": _path_params(item, op, path),
            }
            operations.append(entry)
            if mu == "GET":
                if schema is not None:
                    example = build_example(schema)
                    if entry["paginated"] and isinstance(example, dict):
                        # keep the envelope consistent with the example items
                        example.update(page=1, pages=1, results=len(example.get("data") or []))
                    examples[op["operationId"]] = example
                if target is not None:
                    item_schemas[path] = target

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
        "version": spec["info"]["version"],
        "operations": operations,
        "enums": dict(sorted(enums.items())),
        "examples": dict(sorted(examples.items())),
    }


def dumps(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode("utf-8")


def write(data: dict[str, Any], out: Path) -> int:
    raw = dumps(data) + b"\n"
    out.write_bytes(raw)
    return len(raw)


def default_shared() -> Path:
    return Path(__file__).resolve().parents[2].parent / "shared" / "linode-openapi"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=default_shared(), help="directory with the spec files")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / OUT_NAME)
    args = parser.parse_args(argv)
    data = build(args.shared)
    raw_size = write(data, args.out)
    ops = data["operations"]
    print(
        f"wrote {args.out}: {raw_size} bytes; "
        f"{len(ops)} operations, {sum(o['is_list'] for o in ops)} lists, "
        f"{sum(bool(o['filterable']) for o in ops)} with filterable fields, "
        f"{len(data['enums'])} enums, {len(data['examples'])} examples",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
