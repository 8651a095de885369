"""The Managed Databases area (MySQL, PostgreSQL): create, resize, delete (typed), credentials
shown on demand (masked until revealed) and reset, the SSL CA saved to a file, the allow-list
editor, the maintenance window, suspend/resume, backups (snapshot, restore, delete), forks (a
copy as it was at a point in time), the engine's advanced parameters (a form from
``GET /databases/{engine}/config``), a private network (VPC subnet) at create, and PostgreSQL
connection pools."""

from __future__ import annotations

import base64
import ipaddress
from datetime import datetime
from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import REGION, delete_action
from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField, Reveal, Tab, get_path

DB_TYPE = Choices(
    "/databases/types",
    "id",
    "label",
    describe=lambda t: f"{t.get('id')}  {t.get('label', '')}  {t.get('vcpus', '?')} vCPU",
)
SIZES = (("1", "1 node"), ("2", "2 nodes (primary + standby)"), ("3", "3 nodes (high availability)"))
DAYS = tuple((str(i), d) for i, d in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), 1))
BASE = "/databases/{engine}/instances/{id}"
RW = "databases:read_write"
VPC = Choices("/vpcs", "id", "label", describe=lambda v: f"{v.get('label')}  ({v.get('region')})")
POOL_MODES = (
    ("transaction", "transaction (a server connection per transaction)"),
    ("session", "session (a server connection per client session)"),
    ("statement", "statement (per statement; no multi-statement transactions)"),
)


def _error(field: str, message: str) -> Exception:
    from linode_tui.api.errors import ValidationError

    return ValidationError(message, field_errors={field: message})


def allow_list(values: Any, field: str = "allow_list") -> list[str]:
    """IP addresses or CIDR ranges, each checked; a bare address gets its /32 (or /128)."""
    out = []
    for raw in values or []:
        try:
            net = ipaddress.ip_network(str(raw).strip(), strict=False)
        except ValueError:
            raise _error(
                field, f"{raw!r} is not an IP address or range (e.g. 203.0.113.7 or 10.0.0.0/8)."
            ) from None
        out.append(str(net))
    return out


def create_body(values: dict[str, Any]) -> dict[str, Any]:
    engine = str(values.get("engine") or "")
    body: dict[str, Any] = {
        "label": values.get("label"),
        "engine": engine,
        "region": values.get("region"),
        "type": values.get("type"),
        "cluster_size": int(values.get("cluster_size") or 1),
        "allow_list": allow_list(values.get("allow_list")),
    }
    vpc, subnet = values.get("private_network.vpc_id"), values.get("private_network.subnet_id")
    if vpc or subnet:
        if not vpc:
            raise _error("private_network.vpc_id", "Pick the VPC of the subnet.")
        if not isinstance(subnet, int):
            raise _error("private_network.subnet_id", "The subnet's ID (VPCs › the VPC › Subnets).")
        body["private_network"] = {
            "vpc_id": int(vpc),
            "subnet_id": subnet,
            "public_access": bool(values.get("private_network.public_access")),
        }
    return body


def restore_time(raw: Any, field: str = "fork.restore_time") -> str | None:
    """A UTC date and time (``2025-01-14T09:30:00``, ``2025-01-14 09:30``); empty: None (now)."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    except ValueError:
        raise _error(field, f"{text!r}: write a UTC date and time, e.g. 2025-01-14T09:30:00") from None
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def fork_body(values: dict[str, Any]) -> dict[str, Any]:
    """A new database from the source as it was at the restore time (``fork``)."""
    engine = str(values.get("engine") or "")
    fork: dict[str, Any] = {"source": int(values["fork.source"])}
    when = restore_time(values.get("fork.restore_time"))
    if when:
        fork["restore_time"] = when
    return {
        "label": values.get("label"),
        "engine": engine,
        "region": values.get("region"),
        "type": values.get("type"),
        "cluster_size": int(values.get("cluster_size") or 1),
        "fork": fork,
    }


async def _fork_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The source (this database) and its major version are fixed: a fork keeps both."""
    engine = f"{item.get('engine')}/{str(item.get('version') or '').split('.')[0]}"
    fixed = {
        "fork.source": ((str(item.get("id")), f"{item.get('label')} ({item.get('id')})"),),
        "engine": ((engine, f"{item.get('engine')} {item.get('version')}"),),
    }
    oldest = item.get("oldest_restore_time")
    out = []
    for f in action.form:
        if f.name in fixed:
            f = replace(f, options=fixed[f.name], default=fixed[f.name][0][0])
        elif f.name == "cluster_size":
            f = replace(f, default=str(item.get("cluster_size") or 1))
        elif f.name == "fork.restore_time" and oldest:
            f = replace(f, help=f"UTC, from {oldest} until now; empty: now")
        out.append(f)
    return tuple(out)


def _pools_blocked(action: Action, db: dict[str, Any]) -> str | None:
    if action.on_collection and db.get("status") != "active":
        return f"{db.get('label')} is {db.get('status')}: pools are added while it is active"
    return None


def describe_config(body: dict[str, Any]) -> str:
    """The parameters an engine-config save changes, one a line."""
    lines: list[str] = []

    def walk(obj: Any, prefix: str) -> None:
        for k, v in (obj or {}).items():
            if isinstance(v, dict):
                walk(v, f"{prefix}{k}.")
            else:
                lines.append(f"  {prefix}{k} = {v}")

    walk(body.get("engine_config"), "")
    return "Changes:\n" + "\n".join(lines)


def resize_body(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if values.get("type"):
        body["type"] = values["type"]
    if values.get("cluster_size"):
        body["cluster_size"] = int(values["cluster_size"])
    return body


def _credentials(result: Any) -> Reveal | None:
    if not isinstance(result, dict) or "password" not in result:
        return None
    return Reveal(
        "Database credentials",
        f"username: {result.get('username')}\npassword: {result.get('password')}",
        "Masked until revealed; never written to exports, logs or the JSON view.",
    )


def _ca(result: Any) -> Reveal | None:
    raw = result.get("ca_certificate") if isinstance(result, dict) else None
    if not raw:
        return None
    try:
        pem = base64.b64decode(raw).decode("utf-8")
    except ValueError:
        pem = str(raw)
    return Reveal(
        "SSL CA certificate",
        pem,
        "Clients verify the server with it (--ssl-ca, sslrootcert). Save it next to your client config.",
        filename="~/linode-db-ca.crt",
    )


def _active(db: dict[str, Any]) -> bool:
    return db.get("status") == "active"


def _connection(db: dict[str, Any], _lookup: Any) -> list[tuple[str, str]]:
    hosts = db.get("hosts") or {}
    out = [("Primary host", f"{hosts.get('primary')}:{db.get('port')}")]
    if hosts.get("secondary"):
        out.append(("Private host", str(hosts["secondary"])))
    if db.get("connection_pool_port"):
        out.append(("Pool port", f"{db['connection_pool_port']} (PgBouncer connection pools)"))
    net = db.get("private_network") or {}
    if net.get("vpc_id"):
        vpc = f"VPC {net['vpc_id']}, subnet {net.get('subnet_id')}"
        out.append(("Private network", vpc + ("" if net.get("public_access") else " (no public access)")))
    if db.get("fork"):
        out.append(
            ("Forked from", f"database {get_path(db, 'fork.source')} at {get_path(db, 'fork.restore_time')}")
        )
    if db.get("oldest_restore_time"):
        out.append(("Restorable from", str(db["oldest_restore_time"])))
    out.append(("Allow list", ", ".join(db.get("allow_list") or []) or "(nobody: add addresses to connect)"))
    up = db.get("updates") or {}
    if up:
        day = dict(DAYS).get(str(up.get("day_of_week")), up.get("day_of_week"))
        out.append(("Maintenance", f"{up.get('frequency')} on {day} at {up.get('hour_of_day')}:00 UTC"))
    out.append(("Credentials", "masked — press C to show them"))
    return out


async def _engine_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The versions of this action's engine (its path names it)."""
    engine = action.path.split("/")[2]
    rows = await client.list_all("/databases/engines")
    versions = [r for r in rows if isinstance(r, dict) and r.get("engine") == engine]
    options = tuple((str(r.get("id")), f"{r.get('engine')} {r.get('version')}") for r in versions)
    newest = options[-1][0] if options else None
    return tuple(
        replace(f, options=options, choices=None, default=newest) if f.name == "engine" else f
        for f in action.form
    )


def _create(engine: str, title: str, binding: str) -> Action:
    return Action(
        f"create_{engine}",
        f"Create {title} database",
        "POST",
        f"/databases/{engine}/instances",
        RW,
        binding=binding,
        footer=True,
        on_collection=True,
        bulk=False,
        verb="creating",
        form=(
            FormField("label", "Label", required=True),
            FormField("engine", "Version", "select", required=True),
            FormField("region", "Region", "select", required=True, choices=REGION),
            FormField("type", "Plan", "select", required=True, choices=DB_TYPE),
            FormField("cluster_size", "Cluster size", "select", options=SIZES, default="1", required=True),
            FormField(
                "allow_list",
                "Allow list",
                "tags",
                help="IPs or CIDR ranges that may connect, comma separated; empty: nobody yet",
            ),
            FormField("private_network.vpc_id", "VPC (private network)", "select", choices=VPC),
            FormField("private_network.subnet_id", "VPC subnet ID", "int", help="Empty: no private network"),
            FormField("private_network.public_access", "Also reachable publicly", "bool"),
        ),
        prepare_form=_engine_form,
        to_body=create_body,
    )


BACKUP_ACTIONS = (
    Action(
        "snapshot",
        "Take a snapshot backup",
        "POST",
        "/databases/{parent.engine}/instances/{parent}/backups",
        RW,
        on_collection=True,
        bulk=False,
        verb="backing up",
        form=(FormField("label", "Label", required=True),),
    ),
    Action(
        "restore",
        "Restore this backup",
        "POST",
        "/databases/{parent.engine}/instances/{parent}/backups/{id}/restore",
        RW,
        danger="type",
        bulk=False,
        verb="restoring",
        consequence="The database is overwritten with backup {who}; changes made since are lost.",
    ),
    Action(
        "delete",
        "Delete backup",
        "DELETE",
        "/databases/{parent.engine}/instances/{parent}/backups/{id}",
        RW,
        danger="type",
        bulk=False,
        verb="deleted",
        consequence="Backup {who} is deleted. It cannot be undone.",
    ),
)


def _fork(engine: str, title: str) -> Action:
    """A fork of a database of this engine (the path names the engine; the body's ``engine`` is
    the version, so one action per engine)."""
    return Action(
        f"fork_{engine}",
        f"Fork {title} / restore to a point in time",
        "POST",
        f"/databases/{engine}/instances",
        RW,
        danger="confirm",
        bulk=False,
        verb="forking",
        add_grant="add_databases",
        when=frozenset({"active", "suspended"}),
        only_if=lambda db: db.get("engine") == engine,
        consequence="A new database {label} is made from {who} as it was at the restore time "
        "({who} itself is not changed). It is billed as a database of its own.",
        form=(
            FormField("fork.source", "Source", "select", required=True),
            FormField("fork.restore_time", "Restore time", help="UTC; empty: now"),
            FormField("label", "New database label", required=True),
            FormField("engine", "Version", "select", required=True),
            FormField("region", "Region", "select", required=True, choices=REGION, default_from="region"),
            FormField("type", "Plan", "select", required=True, choices=DB_TYPE, default_from="type"),
            FormField("cluster_size", "Cluster size", "select", options=SIZES, required=True),
        ),
        prepare_form=_fork_form,
        to_body=fork_body,
    )


POOLS = "/databases/postgresql/instances/{parent}/connection-pools"


def pool_body(values: dict[str, Any]) -> dict[str, Any]:
    """The API requires ``username``; null (an empty field) lets each client use its own user."""
    return {**values, "username": values.get("username") or None}


POOL_ACTIONS = (
    Action(
        "add",
        "Add connection pool",
        "POST",
        POOLS,
        RW,
        binding="n",
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Name", required=True, help="Lowercase letters, digits, _ and -"),
            FormField("database", "Database", required=True, default="defaultdb"),
            FormField("mode", "Mode", "select", options=POOL_MODES, required=True, default="transaction"),
            FormField("size", "Size (server connections)", "int", required=True, default=10),
            FormField("username", "User", help="Empty: each client's own user"),
        ),
        to_body=pool_body,
    ),
    Action(
        "edit",
        "Edit connection pool",
        "PUT",
        POOLS + "/{label}",
        RW,
        binding="E",
        bulk=False,
        verb="saved",
        form=(
            FormField("database", "Database", required=True, default_from="database"),
            FormField("mode", "Mode", "select", options=POOL_MODES, required=True, default_from="mode"),
            FormField("size", "Size (server connections)", "int", required=True, default_from="size"),
            FormField("username", "User", default_from="username"),
        ),
    ),
    Action(
        "delete",
        "Delete connection pool",
        "DELETE",
        POOLS + "/{label}",
        RW,
        danger="type",
        bulk=False,
        verb="deleted",
        consequence="Connection pool {who} is deleted; clients connected through it are cut off.",
    ),
)

DATABASES = Area(
    "databases",
    "Databases",
    "/databases/instances",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("engine", "Engine", width=10),
        Col("version", "Version", width=8),
        Col("region", "Region", width=12),
        Col("type", "Plan", width=18),
        Col("cluster_size", "Nodes", "int", 5),
        Col("status", "Status", "status", 12),
    ),
    aliases=("db", "database", "dbs"),
    group="Storage",
    scope="databases:read_only",
    entity_type="database",
    add_grant="add_databases",
    detail_path=BASE,
    summary=(
        Col("id", "ID", "int"),
        Col("label", "Label"),
        Col("status", "Status", "status"),
        Col("engine", "Engine"),
        Col("version", "Version"),
        Col("region", "Region"),
        Col("type", "Plan"),
        Col("cluster_size", "Nodes", "int"),
        Col("replication_type", "Replication"),
        Col("ssl_connection", "SSL required", "bool"),
        Col("encrypted", "Encrypted", "bool"),
        Col("used_disk_size_gb", "Disk used (GB)", "int"),
        Col("total_disk_size_gb", "Disk (GB)", "int"),
        Col("created", "Created", "date"),
    ),
    summary_extras=_connection,
    tabs=(
        Tab(
            "backups",
            "Backups",
            BASE + "/backups",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label", width=28),
                Col("type", "Type"),
                Col("created", "Created", "date"),
            ),
            actions=BACKUP_ACTIONS,
        ),
        Tab(
            "pools",
            "Connection pools",
            "/databases/postgresql/instances/{id}/connection-pools",
            columns=(
                Col("label", "Name", width=20),
                Col("database", "Database", width=16),
                Col("mode", "Mode", width=12),
                Col("size", "Size", "int", 6),
                Col("username", "User", width=16),
            ),
            actions=POOL_ACTIONS,
            id_key="label",
            only_if=lambda db: db.get("engine") == "postgresql",
            parent_blocked=_pools_blocked,
        ),
    ),
    actions=(
        _create("postgresql", "PostgreSQL", "n"),
        _create("mysql", "MySQL", "N"),
        Action(
            "credentials",
            "Show credentials",
            "GET",
            BASE + "/credentials",
            "databases:read_only",
            binding="C",
            footer=True,
            bulk=False,
            verb="shown",
            reveal=_credentials,
        ),
        Action(
            "reset",
            "Reset credentials",
            "POST",
            BASE + "/credentials/reset",
            RW,
            danger="type",
            bulk=False,
            verb="credentials reset",
            when=frozenset({"active"}),
            consequence="The admin password of {who} changes: every client using it must be updated.",
        ),
        Action(
            "ssl",
            "SSL CA certificate",
            "GET",
            BASE + "/ssl",
            "databases:read_only",
            bulk=False,
            verb="shown",
            reveal=_ca,
        ),
        Action(
            "allow",
            "Edit allow list",
            "PUT",
            BASE,
            RW,
            binding="L",
            bulk=False,
            verb="allow list saved",
            form=(
                FormField(
                    "allow_list",
                    "Allowed IPs / ranges",
                    "tags",
                    default_from="allow_list",
                    help="Comma separated; an empty list lets nobody connect",
                ),
            ),
            to_body=lambda v: {"allow_list": allow_list(v.get("allow_list"))},
        ),
        Action(
            "maintenance",
            "Maintenance window",
            "PUT",
            BASE,
            RW,
            bulk=False,
            verb="maintenance window saved",
            form=(
                FormField(
                    "day",
                    "Day (UTC)",
                    "select",
                    options=DAYS,
                    required=True,
                    default_from="updates.day_of_week",
                ),
                FormField(
                    "hour", "Hour (UTC, 0–23)", "int", required=True, default_from="updates.hour_of_day"
                ),
            ),
            to_body=lambda v: {
                "updates": {
                    "frequency": "weekly",
                    "day_of_week": int(v["day"]),
                    "hour_of_day": int(v["hour"]),
                    "duration": 3,
                }
            },
        ),
        Action(
            "resize",
            "Resize",
            "PUT",
            BASE,
            RW,
            danger="type",
            binding="Z",
            bulk=False,
            verb="resizing",
            when=frozenset({"active"}),
            consequence="{who} moves to the new plan / node count; connections drop briefly.",
            form=(
                FormField("type", "Plan", "select", choices=DB_TYPE, default_from="type"),
                FormField("cluster_size", "Cluster size", "select", options=SIZES),
            ),
            to_body=resize_body,
        ),
        _fork("postgresql", "PostgreSQL"),
        _fork("mysql", "MySQL"),
        Action(
            "config",
            "Advanced parameters (engine config)",
            "PUT",
            BASE,
            RW,
            danger="confirm",
            binding="P",
            bulk=False,
            verb="parameters saved",
            when=frozenset({"active"}),
            consequence="{who}'s engine parameters change; those marked 'restarts' restart it.",
            describe_body=describe_config,
            opens="linode_tui.ui.views.dbconfig.EngineConfigDialog",
        ),
        Action(
            "suspend",
            "Suspend",
            "POST",
            BASE + "/suspend",
            RW,
            danger="confirm",
            bulk=False,
            verb="suspending",
            when=frozenset({"active"}),
            consequence="{who} stops answering; its data is kept (storage is still billed).",
        ),
        Action(
            "resume",
            "Resume",
            "POST",
            BASE + "/resume",
            RW,
            danger="confirm",
            bulk=False,
            verb="resuming",
            when=frozenset({"suspended"}),
        ),
        delete_action(BASE, RW, "database"),
    ),
)

AREA = DATABASES
