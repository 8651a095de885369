"""Managed Databases (MySQL / PostgreSQL): instances, lifecycle (provisioning, suspend, resume), backups."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, routes
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
from linode_tui.sim.seed import hex_id
from linode_tui.sim.world import World

VERSIONS = {
    "mysql": {"8": "8.0.35"},
    "postgresql": {"13": "13.16", "14": "14.13", "15": "15.8", "16": "16.4"},
}


def _param(kind: str, description: str, *, restart: bool = False, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "description": description, "requires_restart": restart, **extra}


#: The advanced parameters (``GET /databases/{engine}/config``): a subset of the real schema, with
#: its shape: leaves carry ``type`` and their limits, groups nest (``mysql``, ``pg``), and some keys
#: hold a dot (``pg_partman_bgw.interval``).
CONFIG_SCHEMA: dict[str, dict[str, Any]] = {
    "mysql": {
        "binlog_retention_period": _param(
            "integer",
            "The minimum amount of time in seconds to keep binlog entries before deletion.",
            minimum=600,
            maximum=86400,
            example=600,
        ),
        "mysql": {
            "connect_timeout": _param(
                "integer",
                "Seconds the server waits for a connect packet.",
                minimum=2,
                maximum=3600,
                example=10,
            ),
            "default_time_zone": _param(
                "string",
                "Default server time zone (an offset, SYSTEM or a time zone name).",
                maxLength=100,
                minLength=2,
                pattern=r"^([-+][\d:]*|[\w/]*)$",
                example="+03:00",
            ),
            "innodb_lock_wait_timeout": _param(
                "integer",
                "Seconds an InnoDB transaction waits for a row lock.",
                minimum=1,
                maximum=3600,
                example=50,
            ),
            "long_query_time": _param(
                "number",
                "Seconds a query may take before it is logged as slow.",
                minimum=0.0,
                maximum=3600.0,
                example=10.0,
            ),
            "sql_require_primary_key": _param(
                "boolean", "Require a primary key in every new table.", example=True
            ),
            "internal_tmp_mem_storage_engine": _param(
                "string",
                "The storage engine for in-memory internal temporary tables.",
                enum=["TempTable", "MEMORY"],
                example="TempTable",
            ),
        },
    },
    "postgresql": {
        "pg": {
            "autovacuum_analyze_scale_factor": _param(
                "number",
                "Fraction of the table size to add to the analyze threshold.",
                minimum=0.0,
                maximum=1.0,
                example=0.5,
            ),
            "autovacuum_max_workers": _param(
                "integer",
                "Maximum number of autovacuum processes.",
                restart=True,
                minimum=1,
                maximum=20,
                example=3,
            ),
            "jit": _param("boolean", "Enable just-in-time compilation.", example=True),
            "password_encryption": _param(
                "string",
                "Password hashing of new roles.",
                enum=["md5", "scram-sha-256"],
                example="scram-sha-256",
            ),
            "timezone": _param(
                "string",
                "Time zone for displaying and interpreting time stamps.",
                maxLength=64,
                pattern=r"^[\w/]*$",
                example="Europe/Helsinki",
            ),
            "track_functions": _param(
                "string",
                "Tracking of function call counts and time used.",
                enum=["all", "pl", "none"],
                example="none",
            ),
            "pg_partman_bgw.interval": _param(
                "integer",
                "Seconds between pg_partman background worker runs.",
                minimum=3600,
                maximum=604800,
                example=3600,
            ),
        },
        "shared_buffers_percentage": _param(
            "number",
            "Percentage of memory for shared buffers.",
            restart=True,
            minimum=20.0,
            maximum=60.0,
            example=41.5,
        ),
        "work_mem": _param(
            "integer",
            "MB of memory a sort or hash may use before writing to disk.",
            minimum=1,
            maximum=1024,
            example=4,
        ),
        "pg_stat_monitor_enable": _param(
            "boolean", "Enable the pg_stat_monitor extension.", restart=True, example=False
        ),
    },
}


def _check_value(spec: dict[str, Any], value: Any, field: str) -> None:
    kind = spec.get("type")
    ok = {
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "string": isinstance(value, str),
    }.get(str(kind), False)
    if not ok:
        raise field_error(field, f"Must be {'a' if kind != 'integer' else 'an'} {kind}")
    if "minimum" in spec and value < spec["minimum"]:
        raise field_error(field, f"Must be at least {spec['minimum']}")
    if "maximum" in spec and value > spec["maximum"]:
        raise field_error(field, f"Must be at most {spec['maximum']}")
    if "enum" in spec and value not in spec["enum"]:
        raise field_error(field, "Must be one of " + ", ".join(map(str, spec["enum"])))
    if isinstance(value, str):
        if len(value) > spec.get("maxLength", 10**6) or len(value) < spec.get("minLength", 0):
            raise field_error(field, "Length is out of range")
        if "pattern" in spec and not re.match(spec["pattern"], value):
            raise field_error(field, "Has an invalid format")


def check_engine_config(
    schema: dict[str, Any], given: Any, cur: dict[str, Any], prefix: str = "engine_config"
) -> bool:
    """Validate ``given`` against the schema and merge it into ``cur``; True when a parameter
    that needs a restart changed."""
    if not isinstance(given, dict):
        raise field_error(prefix, "Must be an object")
    restart = False
    for key, value in given.items():
        field = f"{prefix}.{key}"
        spec = schema.get(key)
        if not isinstance(spec, dict):
            raise field_error(field, f"{key} is not a valid parameter")
        if isinstance(spec.get("type"), str):
            _check_value(spec, value, field)
            restart = restart or (bool(spec.get("requires_restart")) and cur.get(key) != value)
            cur[key] = value
        else:
            restart = check_engine_config(spec, value, cur.setdefault(key, {}), field) or restart
    return restart


def _private_network(world: World, given: Any, region: str) -> dict[str, Any] | None:
    """``private_network: {vpc_id, subnet_id, public_access}``: the VPC must be in the database's
    region and the subnet one of its subnets."""
    if given is None:
        return None
    if not isinstance(given, dict):
        raise field_error("private_network", "Must be an object")
    vid, sid = given.get("vpc_id"), given.get("subnet_id")
    vpc = world.vpcs.get(int(vid)) if isinstance(vid, int) else None
    if vpc is None:
        raise field_error("private_network.vpc_id", "VPC not found")
    if vpc.get("region") != region:
        raise field_error("private_network.vpc_id", "The VPC must be in the database's region")
    if not isinstance(sid, int) or sid not in world.subnets.get(int(vpc["id"]), {}):
        raise field_error("private_network.subnet_id", "Subnet not found in this VPC")
    return {"vpc_id": vid, "subnet_id": sid, "public_access": bool(given.get("public_access", False))}


def _ref(world: World, db: dict[str, Any]) -> dict[str, Any]:
    return world.entity_ref("database", db)


def _db(ctx: Ctx, engine: str, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    world.tick()
    did = ctx.params.get("instanceId")
    db = world.databases.get(did) if isinstance(did, int) else None
    if db is None or db["engine"] != engine:
        raise ApiError(404, "Not found")
    require_entity(ctx, "database", did, write=write)
    return db


def _idle(world: World, db: dict[str, Any]) -> None:
    world.ensure_idle("database", db["id"])
    if db["status"] not in ("active",):
        raise ApiError(400, f"Database is {db['status']}; this action is not allowed now.")


def _job(
    ctx: Ctx,
    world: World,
    db: dict[str, Any],
    action: str,
    status: str,
    final: str,
    seconds: float | None = None,
) -> None:
    lifecycle.entity_job(
        world,
        "database",
        db,
        action,
        username=user(ctx),
        status=status,
        final=final,
        entity=_ref(world, db),
        seconds=seconds,
    )


def _register(engine: str) -> None:
    base = f"/databases/{engine}/instances"
    one = base + "/{instanceId}"

    def route(method: str, path: str) -> Callable[[Callable[[Ctx], Any]], Callable[[Ctx], Any]]:
        return routes.route(method, path)

    @route("GET", base)
    def list_dbs(ctx: Ctx) -> Listing:
        dbs = [d for d in w(ctx).databases.values() if d["engine"] == engine]
        return listing(visible(ctx, "database", dbs))

    @route("POST", base)
    def create_db(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        require_global(ctx, "add_databases")
        b = body(ctx)
        label = world.check_label(ctx.json_field("label", required=True))
        check_unique_label(label, world.databases.values(), "databases")
        region = world.check_region(ctx.json_field("region", required=True))
        tid = ctx.json_field("type", required=True)
        if tid not in world.database_types:
            raise field_error("type", "type is not valid")
        engine_id = ctx.json_field("engine", required=True, type_=str)
        eng, _, major = engine_id.partition("/")
        if eng != engine or major not in VERSIONS[engine]:
            raise field_error("engine", "engine is not valid")
        size = b.get("cluster_size", 1)
        if size not in (1, 2, 3):
            raise field_error("cluster_size", "cluster_size must be 1, 2 or 3")
        fork = _fork(world, b.get("fork"), engine, major)
        network = _private_network(world, b.get("private_network"), region)
        config: dict[str, Any] = {}
        if "engine_config" in b:
            check_engine_config(CONFIG_SCHEMA[engine], b["engine_config"], config)
        did = world.next_id("database", max(world.databases, default=100_000))
        now = world.iso()
        host = f"lin-{did}-{did % 9000 + 1000}-{engine}"
        db: dict[str, Any] = {
            "id": did,
            "label": label,
            "engine": engine,
            "version": VERSIONS[engine][major],
            "region": region,
            "type": tid,
            "cluster_size": size,
            "status": "provisioning",
            "platform": "rdbms-default",
            "encrypted": True,
            "allow_list": list(b.get("allow_list") or []),
            "port": 3306 if engine == "mysql" else 5432,
            "ssl_connection": True,
            "replication_type": "none" if size == 1 else ("semi_synch" if engine == "mysql" else "asynch"),
            "replication_commit_type": None if engine == "mysql" else "local",
            "hosts": {
                "primary": f"{host}-primary.servers.linodedb.net",
                "secondary": f"{host}-primary-private.servers.linodedb.net",
                "standby": None,
            },
            "members": {},
            "updates": {
                "frequency": "weekly",
                "duration": 3,
                "hour_of_day": 2,
                "day_of_week": 7,
                "week_of_month": None,
                "pending": [],
            },
            "instance_uri": f"/v4/databases/{engine}/instances/{did}",
            "total_disk_size_gb": 25,
            "used_disk_size_gb": 0,
            "oldest_restore_time": None,
            "fork": fork,
            "engine_config": config,
            "private_network": network,
            "tags": world.check_tags(b.get("tags")),
            "created": now,
            "updated": now,
        }
        world.databases[did] = db
        world.database_backups[did] = {}
        world.db_credentials[did] = {"username": "akmadmin", "password": hex_id(world.rng_for(did, 5), 24)}
        if fork is not None:  # a fork starts from the source's data: its engine parameters too
            db["engine_config"] = {**world.databases[fork["source"]].get("engine_config", {}), **config}
        _job(ctx, world, db, "database_create", "provisioning", "active")
        return db

    def _fork(world: World, given: Any, engine: str, major: str) -> dict[str, Any] | None:
        """``fork: {source, restore_time}``: a new database from another one of the same engine and
        major version, as it was at ``restore_time`` (no later than now, no earlier than the
        source's oldest restore time; absent: now)."""
        if given is None:
            return None
        if not isinstance(given, dict):
            raise field_error("fork", "Must be an object")
        source = given.get("source")
        src = world.databases.get(int(source)) if isinstance(source, int) else None
        if src is None or src["engine"] != engine:
            raise field_error("fork.source", "Source database not found")
        if str(src["version"]).split(".")[0] != major:
            raise field_error("engine", f"A fork keeps the source's version ({engine}/{major} is not it)")
        if src["status"] not in ("active", "suspended"):
            raise field_error("fork.source", f"The source database is {src['status']}")
        when = given.get("restore_time")
        if when is None:
            return {"source": src["id"], "restore_time": world.iso()}
        try:
            ts = datetime.fromisoformat(str(when).replace("Z", "+00:00"))
        except ValueError:
            raise field_error("fork.restore_time", "Must be a date and time (YYYY-MM-DDTHH:MM:SS)") from None
        ts = ts if ts.tzinfo else ts.replace(tzinfo=UTC)
        oldest = src.get("oldest_restore_time") or src["created"]
        low = datetime.fromisoformat(oldest).replace(tzinfo=UTC)
        if not low <= ts <= datetime.fromtimestamp(world.now(), UTC):
            raise field_error("fork.restore_time", f"Must be between {oldest} and now")
        return {"source": src["id"], "restore_time": ts.strftime("%Y-%m-%dT%H:%M:%S")}

    @route("GET", one)
    def get_db(ctx: Ctx) -> dict[str, Any]:
        return _db(ctx, engine)

    @route("PUT", one)
    def update_db(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        b = body(ctx)
        if "label" in b:
            db["label"] = world.check_label(b["label"])
        if "allow_list" in b:
            if not isinstance(b["allow_list"], list):
                raise field_error("allow_list", "allow_list must be a list")
            db["allow_list"] = list(b["allow_list"])
        if isinstance(b.get("updates"), dict):
            db["updates"].update(b["updates"])
        if "tags" in b:
            db["tags"] = world.check_tags(b["tags"])
        if "engine_config" in b:
            merged = {k: (dict(v) if isinstance(v, dict) else v) for k, v in db["engine_config"].items()}
            restart = check_engine_config(CONFIG_SCHEMA[engine], b["engine_config"], merged)
            if restart:
                _idle(world, db)
            db["engine_config"] = merged
            if restart:  # a parameter that needs a restart: the database restarts (a short job)
                db["updated"] = world.iso()
                _job(ctx, world, db, "database_update", "updating", "active", seconds=60)
                return db
        resize: dict[str, Any] = {k: b[k] for k in ("type", "cluster_size") if k in b and b[k] != db[k]}
        if resize:  # a resize (newer API versions): a plan or node count change runs as a job
            if "type" in resize and resize["type"] not in world.database_types:
                raise field_error("type", "type is not valid")
            if "cluster_size" in resize and resize["cluster_size"] not in (1, 2, 3):
                raise field_error("cluster_size", "cluster_size must be 1, 2 or 3")
            _idle(world, db)
            db.update(resize)
            db["updated"] = world.iso()
            _job(ctx, world, db, "database_resize", "resizing", "active")
            return db
        db["updated"] = world.iso()
        world.add_event("database_update", _ref(world, db), username=user(ctx))
        return db

    @route("DELETE", one)
    def delete_db(ctx: Ctx) -> None:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        world.ensure_idle("database", db["id"])
        del world.databases[db["id"]]
        world.database_backups.pop(db["id"], None)
        world.add_event("database_delete", _ref(world, db), username=user(ctx))

    @route("POST", one + "/suspend")
    def suspend(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        _idle(world, db)
        _job(ctx, world, db, "database_suspend", "suspending", "suspended")
        return {}

    @route("POST", one + "/resume")
    def resume(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        world.ensure_idle("database", db["id"])
        if db["status"] != "suspended":
            raise ApiError(400, "Database is not suspended.")
        _job(ctx, world, db, "database_resume", "resuming", "active")
        return {}

    @route("POST", one + "/patch")
    def patch(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        _idle(world, db)
        _job(ctx, world, db, "database_update", "updating", "active", seconds=90)
        return {}

    @route("GET", one + "/credentials")
    def credentials(ctx: Ctx) -> dict[str, Any]:
        db = _db(ctx, engine)
        creds: dict[str, Any] = w(ctx).db_credentials[db["id"]]
        return creds

    @route("POST", one + "/credentials/reset")
    def reset_credentials(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        world.db_credentials[db["id"]]["password"] = hex_id(world.rng_for(db["id"], int(world.now())), 24)
        world.add_event("database_credentials_reset", _ref(world, db), username=user(ctx))
        return {}

    @route("GET", one + "/ssl")
    def ssl(ctx: Ctx) -> dict[str, Any]:
        db = _db(ctx, engine)
        pem = f"-----BEGIN CERTIFICATE-----\nMIIDemo{db['id']}\n-----END CERTIFICATE-----\n"
        return {"ca_certificate": base64.b64encode(pem.encode()).decode()}

    @route("GET", one + "/backups")
    def list_backups(ctx: Ctx) -> Listing:
        db = _db(ctx, engine)
        return listing(reversed(list(w(ctx).database_backups.get(db["id"], {}).values())))

    @route("POST", one + "/backups")
    def create_backup(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        _idle(world, db)
        label = ctx.json_field("label", required=True, type_=str)
        bid = world.next_id("dbbackup", 90_000_000)
        world.database_backups.setdefault(db["id"], {})[bid] = {
            "id": bid,
            "label": label,
            "type": "snapshot",
            "created": world.iso(),
        }
        world.add_event("database_backup_create", _ref(world, db), username=user(ctx))
        return {}

    @route("GET", one + "/backups/{backupId}")
    def get_backup(ctx: Ctx) -> dict[str, Any]:
        db = _db(ctx, engine)
        bk: dict[str, Any] = get_or_404(w(ctx).database_backups.get(db["id"], {}), ctx.params.get("backupId"))
        return bk

    @route("DELETE", one + "/backups/{backupId}")
    def delete_backup(ctx: Ctx) -> None:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        backups = world.database_backups.get(db["id"], {})
        get_or_404(backups, ctx.params.get("backupId"))
        del backups[ctx.params["backupId"]]

    @route("POST", one + "/backups/{backupId}/restore")
    def restore_backup(ctx: Ctx) -> dict[str, Any]:
        world = w(ctx)
        db = _db(ctx, engine, write=True)
        get_or_404(world.database_backups.get(db["id"], {}), ctx.params.get("backupId"))
        _idle(world, db)
        _job(ctx, world, db, "database_backup_restore", "restoring", "active", seconds=180)
        return {}

    @route("GET", f"/databases/{engine}/config")
    def engine_config(ctx: Ctx) -> dict[str, Any]:
        return CONFIG_SCHEMA[engine]


for _engine in ("mysql", "postgresql"):
    _register(_engine)


@routes.get("/databases/instances")
def list_instances(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "database", w(ctx).databases.values()))


@routes.get("/databases/engines")
def engines(ctx: Ctx) -> Listing:
    return listing(w(ctx).database_engines)


@routes.get("/databases/engines/{engineId}")
def engine(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).database_engines, str_param(ctx, "engineId"))


@routes.get("/databases/types")
def db_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).database_types.values())


@routes.get("/databases/types/{typeId}")
def db_type(ctx: Ctx) -> dict[str, Any]:
    t: dict[str, Any] = get_or_404(w(ctx).database_types, str_param(ctx, "typeId"))
    return t


@routes.get("/databases/engines/{engine}/{version}")
def engine_slash(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).database_engines, f"{ctx.params.get('engine')}/{ctx.params.get('version')}")
