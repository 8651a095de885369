"""Monitor (Akamai Cloud Pulse): services, metric definitions, dashboards, alert definitions and
notification channels, service tokens, and log streams with their destinations.

Alert definitions are per service type (``dbaas``, ``linode``, ``nodebalancer``, ``firewall``): their
rules must name an alertable metric of that service with one of its aggregate functions; their
``alert_channels`` must exist.  ``system`` definitions (seeded) can't be deleted.  Each channel
counts the alerts that use it.  Streams send logs to destinations; every change is kept in the
object's ``history``.
"""

from __future__ import annotations

import copy
import secrets
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import body, get_or_404, listing, str_param, user, w
from linode_tui.sim.world import World

RO = ("monitor:read_only",)
RW = ("monitor:read_write",)
OPERATORS = ("eq", "gt", "lt", "gte", "lte")
SEVERITIES = (0, 1, 2, 3)

_SERVICES = {
    "dbaas": (
        "Databases",
        [
            ("cpu_usage", "CPU Usage", "percent"),
            ("memory_usage", "Memory Usage", "percent"),
            ("disk_usage", "Disk Space Usage", "percent"),
            ("read_iops", "Disk I/O Read", "iops"),
        ],
    ),
    "linode": (
        "Linodes",
        [
            ("cpu_usage", "CPU Usage", "percent"),
            ("network_in", "Network In", "bits_per_second"),
            ("network_out", "Network Out", "bits_per_second"),
            ("disk_io", "Disk I/O", "iops"),
        ],
    ),
    "nodebalancer": (
        "NodeBalancers",
        [
            ("nb_ingress_traffic_rate", "Ingress Traffic Rate", "bits_per_second"),
            ("nb_active_connections", "Active Connections", "count"),
        ],
    ),
    "firewall": (
        "Firewalls",
        [
            ("fw_active_connections", "Active Connections", "count"),
            ("fw_dropped_packets", "Dropped Packets", "count"),
        ],
    ),
}


def _mon(world: World) -> dict[str, Any]:
    return world.monitor


def seed_monitor(world: World) -> None:
    now = world.iso()
    services = {}
    metrics: dict[str, list[dict[str, Any]]] = {}
    dashboards: dict[int, dict[str, Any]] = {}
    for n, (st, (label, defs)) in enumerate(_SERVICES.items()):
        services[st] = {
            "service_type": st,
            "label": label,
            "alert": {
                "polling_interval_seconds": [60, 300],
                "evaluation_period_seconds": [300, 900],
                "scope": ["entity", "region", "account"],
            },
        }
        metrics[st] = [
            {
                "metric": m,
                "label": ml,
                "unit": unit,
                "metric_type": "gauge",
                "scrape_interval": "60s",
                "is_alertable": True,
                "available_aggregate_functions": ["avg", "max", "min", "sum"],
                "dimensions": [
                    {"dimension_label": "node_type", "label": "Node Type", "values": ["primary", "secondary"]}
                ]
                if st == "dbaas"
                else [],
            }
            for m, ml, unit in defs
        ]
        dashboards[n + 1] = {
            "id": n + 1,
            "label": f"{label} resource usage",
            "service_type": st,
            "type": "standard",
            "created": now,
            "updated": now,
            "widgets": [
                {
                    "metric": m,
                    "label": ml,
                    "unit": unit,
                    "aggregate_function": "avg",
                    "chart_type": "area",
                    "color": "default",
                    "size": 6,
                    "y_label": m,
                    "group_by": ["entity_id"],
                    "filters": None,
                }
                for m, ml, unit in defs
            ],
        }
    channels = {
        10000: {
            "id": 10000,
            "label": "Account admins",
            "type": "system",
            "channel_type": "email",
            "details": {"email": {"usernames": ["demo-user"], "recipient_type": "admin_users"}},
            "created": now,
            "updated": now,
            "created_by": "system",
            "updated_by": "system",
        }
    }
    alerts: dict[int, dict[str, Any]] = {}
    world.monitor = {
        "services": services,
        "metrics": metrics,
        "dashboards": dashboards,
        "channels": channels,
        "alerts": alerts,
        "streams": {},
        "destinations": {},
        "history": {},
    }
    db = next(iter(world.databases.values()), None)
    for aid, st, label, metric, threshold, kind in (
        (20001, "dbaas", "High CPU usage", "cpu_usage", 90, "system"),
        (20002, "linode", "Linode CPU above 80%", "cpu_usage", 80, "user"),
    ):
        alerts[aid] = _alert(
            world,
            aid,
            st,
            {
                "label": label,
                "severity": 2,
                "description": f"{label} for 5 minutes",
                "channel_ids": [10000],
                "entity_ids": [str(db["id"])] if db and st == "dbaas" else [],
                "rule_criteria": {
                    "rules": [
                        {
                            "metric": metric,
                            "operator": "gt",
                            "threshold": threshold,
                            "aggregate_function": "avg",
                            "dimension_filters": [],
                        }
                    ]
                },
                "trigger_conditions": {
                    "criteria_condition": "ALL",
                    "evaluation_period_seconds": 300,
                    "polling_interval_seconds": 300,
                    "trigger_occurrences": 1,
                },
            },
            kind=kind,
            username="system" if kind == "system" else "demo-user",
        )
    world.bump_id("alert_definition", 20002)


def _metric_defs(world: World, st: str) -> dict[str, dict[str, Any]]:
    return {m["metric"]: m for m in _mon(world)["metrics"].get(st, [])}


def _alert(
    world: World,
    aid: int,
    st: str,
    b: dict[str, Any],
    *,
    kind: str = "user",
    username: str | None,
    current: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Validate an alert-definition body (partial when ``current`` is given) and build the object."""
    cur = current or {}
    label = b.get("label", cur.get("label"))
    if not isinstance(label, str) or not 1 <= len(label) <= 100:
        raise field_error("label", "label is required" if label is None else "Label must be 1-100 characters")
    severity = b.get("severity", cur.get("severity"))
    if severity is None:
        raise field_error("severity", "severity is required")
    if severity not in SEVERITIES or isinstance(severity, bool):
        raise field_error("severity", "severity must be 0, 1, 2 or 3")
    defs = _metric_defs(world, st)
    crit = b.get("rule_criteria", cur.get("rule_criteria"))
    rules = crit.get("rules") if isinstance(crit, dict) else None
    if not isinstance(rules, list) or not rules:
        raise field_error("rule_criteria.rules", "rule_criteria.rules is required")
    out_rules = []
    for i, r in enumerate(rules):
        where = f"rule_criteria.rules[{i}]"
        if not isinstance(r, dict):
            raise field_error(where, "rule must be an object")
        m = defs.get(r.get("metric"))  # type: ignore[arg-type]
        if m is None:
            raise field_error(f"{where}.metric", f"metric is not a valid metric for {st}")
        if r.get("operator") not in OPERATORS:
            raise field_error(f"{where}.operator", "operator is not valid")
        if r.get("aggregate_function") not in m["available_aggregate_functions"]:
            raise field_error(f"{where}.aggregate_function", "aggregate_function is not valid")
        thr = r.get("threshold")
        if isinstance(thr, bool) or not isinstance(thr, int | float):
            raise field_error(f"{where}.threshold", "threshold must be a number")
        out_rules.append(
            {
                "metric": m["metric"],
                "label": m["label"],
                "unit": m["unit"],
                "operator": r["operator"],
                "threshold": thr,
                "aggregate_function": r["aggregate_function"],
                "dimension_filters": list(r.get("dimension_filters") or []),
            }
        )
    trig = b.get("trigger_conditions", cur.get("trigger_conditions"))
    if not isinstance(trig, dict):
        raise field_error("trigger_conditions", "trigger_conditions is required")
    for key in ("evaluation_period_seconds", "polling_interval_seconds", "trigger_occurrences"):
        v = trig.get(key)
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            raise field_error(f"trigger_conditions.{key}", f"{key} must be a positive integer")
    chans = _mon(world)["channels"]
    if "channel_ids" in b or current is None:
        ids = b.get("channel_ids")
        if not isinstance(ids, list) or not ids:
            raise field_error("channel_ids", "channel_ids is required")
        for c in ids:
            if c not in chans:
                raise field_error("channel_ids", f"Notification channel {c} not found")
        channels = [
            {
                "id": c,
                "label": chans[c]["label"],
                "type": chans[c]["channel_type"],
                "url": f"/monitor/alert-channels/{c}",
            }
            for c in ids
        ]
    else:
        channels = cur["alert_channels"]
    entity_ids = b.get("entity_ids", cur.get("_entity_ids", []))
    if not isinstance(entity_ids, list) or not all(isinstance(e, str) for e in entity_ids):
        raise field_error("entity_ids", "entity_ids must be a list of strings")
    status = b.get("status", cur.get("status", "enabled"))
    if status not in ("enabled", "disabled"):
        raise field_error("status", "status must be enabled or disabled")
    now = world.iso()
    return {
        "id": aid,
        "label": label,
        "description": str(b.get("description", cur.get("description")) or ""),
        "service_type": st,
        "type": cur.get("type", kind),
        "class": cur.get("class"),
        "severity": severity,
        "scope": b.get("scope", cur.get("scope", "entity")),
        "regions": list(b.get("regions", cur.get("regions", []))),
        "status": status,
        "rule_criteria": {"rules": out_rules},
        "trigger_conditions": {
            k: trig[k]
            for k in (
                "criteria_condition",
                "evaluation_period_seconds",
                "polling_interval_seconds",
                "trigger_occurrences",
            )
            if k in trig
        },
        "alert_channels": channels,
        "entities": {
            "url": f"/monitor/services/{st}/alert-definitions/{aid}/entities",
            "count": len(entity_ids),
            "has_more_resources": False,
        },
        "_entity_ids": list(entity_ids),
        "created": cur.get("created", now),
        "updated": now,
        "created_by": cur.get("created_by", username),
        "updated_by": username,
    }


def _public(alert: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in alert.items() if not k.startswith("_")}


def _service(ctx: Ctx) -> str:
    st = str_param(ctx, "serviceType")
    if st not in _mon(w(ctx))["services"]:
        raise not_found()
    return st


def _alert_or_404(ctx: Ctx, st: str) -> dict[str, Any]:
    a: dict[str, Any] = get_or_404(_mon(w(ctx))["alerts"], ctx.params.get("alertId"))
    if a["service_type"] != st:
        raise not_found()
    return a


# ------------------------------------------------------------------------ services and dashboards
@routes.get("/monitor/services", scopes=RO)
def list_services(ctx: Ctx) -> Listing:
    return listing(_mon(w(ctx))["services"].values())


@routes.get("/monitor/services/{serviceType}", scopes=RO)
def get_service(ctx: Ctx) -> dict[str, Any]:
    svc: dict[str, Any] = _mon(w(ctx))["services"][_service(ctx)]
    return svc


@routes.get("/monitor/services/{serviceType}/metric-definitions", scopes=RO)
def metric_definitions(ctx: Ctx) -> Listing:
    return listing(_mon(w(ctx))["metrics"][_service(ctx)])


@routes.get("/monitor/services/{serviceType}/dashboards", scopes=RO)
def service_dashboards(ctx: Ctx) -> Listing:
    st = _service(ctx)
    return listing(d for d in _mon(w(ctx))["dashboards"].values() if d["service_type"] == st)


@routes.get("/monitor/dashboards", scopes=RO)
def list_dashboards(ctx: Ctx) -> Listing:
    return listing(_mon(w(ctx))["dashboards"].values())


@routes.get("/monitor/dashboards/{dashboardId}", scopes=RO)
def get_dashboard(ctx: Ctx) -> dict[str, Any]:
    d: dict[str, Any] = get_or_404(_mon(w(ctx))["dashboards"], ctx.params.get("dashboardId"))
    return d


@routes.post("/monitor/services/{serviceType}/token", scopes=RO)
def service_token(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    st = _service(ctx)
    ids = ctx.json_field("entity_ids", required=True, type_=list)
    if not ids:
        raise field_error("entity_ids", "entity_ids must not be empty")
    return {"token": f"{st}.{secrets.token_urlsafe(24)}", "expiry": world.iso(world.now() + 7200)}


# ------------------------------------------------------------------------------- alert definitions
@routes.get("/monitor/alert-definitions", scopes=RO)
def all_alerts(ctx: Ctx) -> Listing:
    return listing(_public(a) for a in _mon(w(ctx))["alerts"].values())


@routes.get("/monitor/services/{serviceType}/alert-definitions", scopes=RO)
def service_alerts(ctx: Ctx) -> Listing:
    st = _service(ctx)
    return listing(_public(a) for a in _mon(w(ctx))["alerts"].values() if a["service_type"] == st)


@routes.post("/monitor/services/{serviceType}/alert-definitions", scopes=RW)
def create_alert(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    st = _service(ctx)
    aid = world.next_id("alert_definition", 20000)
    alert = _alert(world, aid, st, body(ctx), username=user(ctx))
    _mon(world)["alerts"][aid] = alert
    return _public(alert)


@routes.get("/monitor/services/{serviceType}/alert-definitions/{alertId}", scopes=RO)
def get_alert(ctx: Ctx) -> dict[str, Any]:
    return _public(_alert_or_404(ctx, _service(ctx)))


@routes.put("/monitor/services/{serviceType}/alert-definitions/{alertId}", scopes=RW)
def update_alert(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    st = _service(ctx)
    cur = _alert_or_404(ctx, st)
    b = body(ctx)
    if cur["type"] == "system" and set(b) - {"entity_ids", "status"}:
        raise ApiError(400, "Only entity_ids and status of a system alert definition can be changed.")
    new = _alert(world, cur["id"], st, b, username=user(ctx), current=cur)
    _mon(world)["alerts"][cur["id"]] = new
    return _public(new)


@routes.delete("/monitor/services/{serviceType}/alert-definitions/{alertId}", scopes=RW)
def delete_alert(ctx: Ctx) -> None:
    st = _service(ctx)
    cur = _alert_or_404(ctx, st)
    if cur["type"] == "system":
        raise ApiError(400, "System alert definitions cannot be deleted.")
    del _mon(w(ctx))["alerts"][cur["id"]]


@routes.post("/monitor/services/{serviceType}/alert-definitions/{alertId}/clone", scopes=RW)
def clone_alert(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    st = _service(ctx)
    cur = _alert_or_404(ctx, st)
    aid = world.next_id("alert_definition", 20000)
    label = body(ctx).get("label") or f"{cur['label']} (copy)"
    src = {
        "label": label,
        "channel_ids": [c["id"] for c in cur["alert_channels"]],
        "entity_ids": cur["_entity_ids"],
    }
    alert = _alert(
        world,
        aid,
        st,
        src,
        username=user(ctx),
        current={**cur, "type": "user", "created": None, "created_by": user(ctx)},
    )
    alert["created"] = world.iso()
    _mon(world)["alerts"][aid] = alert
    return _public(alert)


def _entity(world: World, st: str, eid: str) -> dict[str, Any] | None:
    if not eid.isdigit():
        return None
    key = int(eid)
    if st == "dbaas":
        db = world.databases.get(key)
        return (
            None
            if db is None
            else {
                "id": eid,
                "label": db["label"],
                "type": "dbaas",
                "url": f"/v4/databases/{db['engine']}/instances/{eid}",
            }
        )
    store = {
        "linode": (world.linodes, "linode/instances"),
        "nodebalancer": (world.nodebalancers, "nodebalancers"),
        "firewall": (world.firewalls, "networking/firewalls"),
    }.get(st)
    if store is None:
        return None
    obj = store[0].get(key)
    return (
        None
        if obj is None
        else {"id": eid, "label": obj["label"], "type": st, "url": f"/v4/{store[1]}/{eid}"}
    )


@routes.get("/monitor/services/{serviceType}/alert-definitions/{alertId}/entities", scopes=RO)
def alert_entities(ctx: Ctx) -> Listing:
    world = w(ctx)
    st = _service(ctx)
    cur = _alert_or_404(ctx, st)
    return listing(e for e in (_entity(world, st, x) for x in cur["_entity_ids"]) if e is not None)


# -------------------------------------------------------------------------- notification channels
def _channel_view(world: World, ch: dict[str, Any]) -> dict[str, Any]:
    n = sum(
        1 for a in _mon(world)["alerts"].values() if any(c["id"] == ch["id"] for c in a["alert_channels"])
    )
    return {
        **ch,
        "alerts": {
            "url": f"/monitor/alert-channels/{ch['id']}/alerts",
            "type": "alerts-definitions",
            "alert_count": n,
        },
    }


def _channel_or_404(ctx: Ctx) -> dict[str, Any]:
    ch: dict[str, Any] = get_or_404(_mon(w(ctx))["channels"], ctx.params.get("channelId"))
    return ch


def _channel_details(world: World, b: dict[str, Any]) -> dict[str, Any]:
    if b.get("channel_type", "email") != "email":
        raise field_error("channel_type", "channel_type is not valid")
    details = b.get("details")
    email = details.get("email") if isinstance(details, dict) else None
    names = email.get("usernames") if isinstance(email, dict) else None
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise field_error("details.email.usernames", "details.email.usernames is required")
    known = set(world.users) | {"demo-user"}
    for n in names:
        if n not in known:
            raise field_error("details.email.usernames", f"User {n} not found")
    return {"email": {"usernames": list(names), "recipient_type": "user"}}


@routes.get("/monitor/alert-channels", scopes=RO)
def list_channels(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(_channel_view(world, c) for c in _mon(world)["channels"].values())


@routes.post("/monitor/alert-channels", scopes=RW)
def create_channel(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    ctx.json_field("channel_type", required=True, type_=str)
    details = _channel_details(world, body(ctx))
    cid = world.next_id("alert_channel", 10000)
    now = world.iso()
    ch = {
        "id": cid,
        "label": label,
        "type": "user",
        "channel_type": "email",
        "details": details,
        "created": now,
        "updated": now,
        "created_by": user(ctx),
        "updated_by": user(ctx),
    }
    _mon(world)["channels"][cid] = ch
    return _channel_view(world, ch)


@routes.get("/monitor/alert-channels/{channelId}", scopes=RO)
def get_channel(ctx: Ctx) -> dict[str, Any]:
    return _channel_view(w(ctx), _channel_or_404(ctx))


@routes.put("/monitor/alert-channels/{channelId}", scopes=RW)
def update_channel(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    ch = _channel_or_404(ctx)
    if ch["type"] == "system":
        raise ApiError(400, "System notification channels cannot be changed.")
    b = body(ctx)
    if "label" in b:
        ch["label"] = ctx.json_field("label", type_=str)
    if "details" in b:
        ch["details"] = _channel_details(world, b)
    ch["updated"] = world.iso()
    ch["updated_by"] = user(ctx)
    return _channel_view(world, ch)


@routes.delete("/monitor/alert-channels/{channelId}", scopes=RW)
def delete_channel(ctx: Ctx) -> None:
    world = w(ctx)
    ch = _channel_or_404(ctx)
    if ch["type"] == "system":
        raise ApiError(400, "System notification channels cannot be deleted.")
    if _channel_view(world, ch)["alerts"]["alert_count"]:
        raise ApiError(400, "This notification channel is used by alert definitions and cannot be deleted.")
    del _mon(world)["channels"][ch["id"]]


@routes.get("/monitor/alert-channels/{channelId}/alerts", scopes=RO)
def channel_alerts(ctx: Ctx) -> Listing:
    world = w(ctx)
    ch = _channel_or_404(ctx)
    return listing(
        {
            "id": a["id"],
            "label": a["label"],
            "type": "alerts-definitions",
            "url": f"/monitor/services/{a['service_type']}/alert-definitions/{a['id']}",
        }
        for a in _mon(world)["alerts"].values()
        if any(c["id"] == ch["id"] for c in a["alert_channels"])
    )


# --------------------------------------------------------------------------- streams, destinations
def _history(world: World, kind: str, obj: dict[str, Any]) -> None:
    _mon(world)["history"].setdefault((kind, obj["id"]), []).append(copy.deepcopy(obj))


def _dest_details(b: dict[str, Any], current: dict[str, Any] | None = None) -> dict[str, Any]:
    details = b.get("details", (current or {}).get("details"))
    if not isinstance(details, dict):
        raise field_error("details", "details is required")
    for key in ("bucket_name", "host", "access_key_id"):
        if not isinstance(details.get(key), str) or not details[key]:
            raise field_error(f"details.{key}", f"details.{key} is required")
    out = {k: v for k, v in details.items() if k != "access_key_secret"}
    return out


@routes.get("/monitor/streams/destinations", scopes=RO)
def list_destinations(ctx: Ctx) -> Listing:
    return listing(_mon(w(ctx))["destinations"].values())


@routes.post("/monitor/streams/destinations", scopes=RW)
def create_destination(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    dtype = ctx.json_field("type", required=True, type_=str)
    if dtype not in ("akamai_object_storage", "custom_https"):
        raise field_error("type", "type is not valid")
    did = world.next_id("stream_destination", 100)
    now = world.iso()
    d = {
        "id": did,
        "label": label,
        "type": dtype,
        "details": _dest_details(body(ctx)),
        "version": 1,
        "created": now,
        "updated": now,
        "created_by": user(ctx),
        "updated_by": user(ctx),
    }
    _mon(world)["destinations"][did] = d
    _history(world, "destination", d)
    return d


def _dest_or_404(ctx: Ctx) -> dict[str, Any]:
    d: dict[str, Any] = get_or_404(_mon(w(ctx))["destinations"], ctx.params.get("destinationId"))
    return d


@routes.get("/monitor/streams/destinations/{destinationId}", scopes=RO)
def get_destination(ctx: Ctx) -> dict[str, Any]:
    return _dest_or_404(ctx)


@routes.put("/monitor/streams/destinations/{destinationId}", scopes=RW)
def update_destination(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    d = _dest_or_404(ctx)
    b = body(ctx)
    if "label" in b:
        d["label"] = ctx.json_field("label", type_=str)
    if "details" in b:
        d["details"] = _dest_details(b, d)
    d["version"] += 1
    d["updated"] = world.iso()
    d["updated_by"] = user(ctx)
    _history(world, "destination", d)
    return d


@routes.delete("/monitor/streams/destinations/{destinationId}", scopes=RW)
def delete_destination(ctx: Ctx) -> None:
    world = w(ctx)
    d = _dest_or_404(ctx)
    users = [
        s["id"] for s in _mon(world)["streams"].values() if any(x["id"] == d["id"] for x in s["destinations"])
    ]
    if users:
        raise ApiError(400, f"Destination {d['id']} is used by stream {users[0]} and cannot be deleted.")
    del _mon(world)["destinations"][d["id"]]


@routes.get("/monitor/streams/destinations/{destinationId}/history", scopes=RO)
def destination_history(ctx: Ctx) -> Listing:
    d = _dest_or_404(ctx)
    return listing(_mon(w(ctx))["history"].get(("destination", d["id"]), []))


def _stream_dests(world: World, ids: Any) -> list[dict[str, Any]]:
    dests = _mon(world)["destinations"]
    if not isinstance(ids, list) or not ids:
        raise field_error("destinations", "destinations is required")
    for i in ids:
        if i not in dests:
            raise field_error("destinations", f"Destination {i} not found")
    return [{"id": i, "label": dests[i]["label"], "type": dests[i]["type"]} for i in ids]


@routes.get("/monitor/streams", scopes=RO)
def list_streams(ctx: Ctx) -> Listing:
    return listing(_mon(w(ctx))["streams"].values())


@routes.post("/monitor/streams", scopes=RW)
def create_stream(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    stype = ctx.json_field("type", required=True, type_=str)
    if stype not in ("audit_logs", "lke_audit_logs"):
        raise field_error("type", "type is not valid")
    dests = _stream_dests(world, body(ctx).get("destinations"))
    status = body(ctx).get("status", "active")
    if status not in ("active", "inactive"):
        raise field_error("status", "status must be active or inactive")
    sid = world.next_id("stream", 300)
    now = world.iso()
    s = {
        "id": sid,
        "label": label,
        "type": stype,
        "status": status,
        "destinations": dests,
        "version": 1,
        "details": {
            "cluster_ids": list(body(ctx).get("cluster_ids") or []),
            "is_auto_add_all_clusters_enabled": bool(body(ctx).get("is_auto_add_all_clusters_enabled")),
        }
        if stype == "lke_audit_logs"
        else {},
        "created": now,
        "updated": now,
        "created_by": user(ctx),
        "updated_by": user(ctx),
    }
    _mon(world)["streams"][sid] = s
    _history(world, "stream", s)
    return s


def _stream_or_404(ctx: Ctx) -> dict[str, Any]:
    s: dict[str, Any] = get_or_404(_mon(w(ctx))["streams"], ctx.params.get("streamId"))
    return s


@routes.get("/monitor/streams/{streamId}", scopes=RO)
def get_stream(ctx: Ctx) -> dict[str, Any]:
    return _stream_or_404(ctx)


@routes.put("/monitor/streams/{streamId}", scopes=RW)
def update_stream(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    s = _stream_or_404(ctx)
    b = body(ctx)
    if "label" in b:
        s["label"] = ctx.json_field("label", type_=str)
    if "status" in b:
        if b["status"] not in ("active", "inactive"):
            raise field_error("status", "status must be active or inactive")
        s["status"] = b["status"]
    if "destinations" in b:
        s["destinations"] = _stream_dests(world, b["destinations"])
    s["version"] += 1
    s["updated"] = world.iso()
    s["updated_by"] = user(ctx)
    _history(world, "stream", s)
    return s


@routes.delete("/monitor/streams/{streamId}", scopes=RW)
def delete_stream(ctx: Ctx) -> None:
    s = _stream_or_404(ctx)
    del _mon(w(ctx))["streams"][s["id"]]


@routes.get("/monitor/streams/{streamId}/history", scopes=RO)
def stream_history(ctx: Ctx) -> Listing:
    s = _stream_or_404(ctx)
    return listing(_mon(w(ctx))["history"].get(("stream", s["id"]), []))
