"""Resource locks (``/locks``) and maintenance policies (``/maintenance/policies``).

A lock protects one resource: ``cannot_delete`` refuses deleting it, ``cannot_delete_with_subresources``
also refuses deleting its sub-resources (a Linode's disks, configs, interfaces and IP addresses).
Only unrestricted users manage or see locks; a resource has at most one lock; the locked object's
``locks`` field lists its lock types.  Deleting a locked resource answers
``400 {"reason": "<Entity> <id> is locked (<lock_type>) and cannot be deleted. Remove the lock first."}``.
"""

from __future__ import annotations

from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, routes
from linode_tui.sim.handlers._common import get_or_404, listing, require_unrestricted, user, w
from linode_tui.sim.world import World

LOCK_TYPES = ("cannot_delete", "cannot_delete_with_subresources")
RO = ("account:read_only",)
RW = ("account:read_write",)
_NOUN = {"linode": "Linode", "volume": "Volume", "nodebalancer": "NodeBalancer", "lkecluster": "LKE cluster"}


def _store(world: World, kind: str) -> dict[Any, dict[str, Any]] | None:
    return {
        "linode": world.linodes,
        "volume": world.volumes,
        "nodebalancer": world.nodebalancers,
        "lkecluster": world.lke_clusters,
    }.get(kind)


def lock_of(world: World, kind: str, eid: Any) -> dict[str, Any] | None:
    for lock in world.locks.values():
        if lock["entity"]["type"] == kind and lock["entity"]["id"] == eid:
            return lock
    return None


def check_deletable(world: World, kind: str, eid: Any, *, subresource: bool = False) -> None:
    """Raise the API's 400 when a lock forbids deleting this resource (``subresource``: one of its
    sub-resources, which only ``cannot_delete_with_subresources`` protects)."""
    lock = lock_of(world, kind, eid)
    if lock is None:
        return
    if subresource and lock["lock_type"] != "cannot_delete_with_subresources":
        return
    noun = _NOUN.get(kind, kind)
    what = f"{noun} {eid}'s sub-resources are" if subresource else f"{noun} {eid} is"
    raise ApiError(400, f"{what} locked ({lock['lock_type']}) and cannot be deleted. Remove the lock first.")


def _sync(world: World, kind: str, eid: Any) -> None:
    store = _store(world, kind)
    obj = store.get(eid) if store is not None else None
    if obj is not None:
        lock = lock_of(world, kind, eid)
        obj["locks"] = [lock["lock_type"]] if lock else []


def add_lock(world: World, kind: str, eid: Any, lock_type: str) -> dict[str, Any]:
    store = _store(world, kind)
    obj = store.get(eid) if store is not None else None
    if obj is None:
        raise field_error("entity_id", f"{_NOUN.get(kind, kind)} not found")
    if lock_of(world, kind, eid) is not None:
        raise field_error("entity_id", "This resource already has a lock")
    lid = world.next_id("lock", 1000)
    lock = {"id": lid, "lock_type": lock_type, "entity": world.entity_ref(kind, obj)}
    world.locks[lid] = lock
    _sync(world, kind, eid)
    return lock


@routes.get("/locks", scopes=RO)
def list_locks(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(w(ctx).locks.values())


@routes.post("/locks", scopes=RW)
def create_lock(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    kind = ctx.json_field("entity_type", required=True, type_=str)
    eid = ctx.json_field("entity_id", required=True, type_=int)
    lock_type = ctx.json_field("lock_type", required=True, type_=str)
    if kind not in _NOUN:
        raise field_error("entity_type", "entity_type is not valid")
    if lock_type not in LOCK_TYPES:
        raise field_error("lock_type", "lock_type is not valid")
    if lock_type == "cannot_delete_with_subresources" and kind == "lkecluster":
        raise field_error("lock_type", "cannot_delete_with_subresources is not supported for lkecluster")
    lock = add_lock(world, kind, eid, lock_type)
    world.add_event("lock_create", lock["entity"], username=user(ctx))
    return lock


@routes.get("/locks/{resourceLockId}", scopes=RO)
def get_lock(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    lock: dict[str, Any] = get_or_404(w(ctx).locks, ctx.params.get("resourceLockId"))
    return lock


@routes.delete("/locks/{resourceLockId}", scopes=RW)
def delete_lock(ctx: Ctx) -> None:
    require_unrestricted(ctx)
    world = w(ctx)
    lock: dict[str, Any] = get_or_404(world.locks, ctx.params.get("resourceLockId"))
    del world.locks[lock["id"]]
    _sync(world, lock["entity"]["type"], lock["entity"]["id"])
    world.add_event("lock_delete", lock["entity"], username=user(ctx))


# ------------------------------------------------------------------------------ maintenance policies
@routes.get("/maintenance/policies", scopes=RO)
def maintenance_policies(ctx: Ctx) -> Listing:
    return listing(w(ctx).maintenance_policies)
