"""Managed Databases (MySQL / PostgreSQL): instances, lifecycle (provisioning, suspend, resume), backups."""

from __future__ import annotations

import base64
from collections.abc import Callable
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
            "fork": None,
            "engine_config": {},
            "tags": world.check_tags(b.get("tags")),
            "created": now,
            "updated": now,
        }
        world.databases[did] = db
        world.database_backups[did] = {}
        world.db_credentials[did] = {"username": "akmadmin", "password": hex_id(world.rng_for(did, 5), 24)}
        _job(ctx, world, db, "database_create", "provisioning", "active")
        return db

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
        key = "mysql" if engine == "mysql" else "pg"
        return {
            key: {
                "connect_timeout": {
                    "type": "integer",
                    "minimum": 2,
                    "maximum": 3600,
                    "example": 10,
                    "requires_restart": False,
                    "description": "Connection timeout (s)",
                }
            }
        }


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
