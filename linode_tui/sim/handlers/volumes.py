"""Block Storage volumes: CRUD, attach/detach/resize/clone with lifecycles and events."""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, routes
from linode_tui.sim.handlers._common import (
    body,
    check_unique_label,
    listing,
    require_entity,
    require_global,
    user,
    visible,
    w,
)
from linode_tui.sim.handlers.locks import check_deletable
from linode_tui.sim.world import World

BASE = "/volumes/{volumeId}"
MIN_SIZE, MAX_SIZE = 10, 16384


def _volume(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    world.tick()
    vid = ctx.params.get("volumeId")
    vol = world.volumes.get(vid) if isinstance(vid, int) else None
    if vol is None:
        raise ApiError(404, "Not found")
    require_entity(ctx, "volume", vid, write=write)
    return vol


def _check_size(size: Any, minimum: int = MIN_SIZE) -> int:
    if isinstance(size, bool) or not isinstance(size, int):
        raise field_error("size", "size must be an integer")
    if not minimum <= size <= MAX_SIZE:
        raise field_error("size", f"Size must be between {minimum} and {MAX_SIZE}.")
    return size


def _device_attach(world: World, lid: int, vid: int, config_id: int | None) -> None:
    configs = world.configs(lid)
    cfg = configs.get(config_id) if config_id is not None else next(iter(configs.values()), None)
    if cfg is None:
        return
    for slot in "cdefgh":
        if cfg["devices"].get(f"sd{slot}") is None:
            cfg["devices"][f"sd{slot}"] = {"disk_id": None, "volume_id": vid}
            return


def _device_detach(world: World, lid: int, vid: int) -> None:
    for cfg in world.configs(lid).values():
        for k, dev in cfg["devices"].items():
            if dev and dev.get("volume_id") == vid:
                cfg["devices"][k] = None


@routes.get("/volumes")
def list_volumes(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "volume", w(ctx).volumes.values()))


@routes.get("/volumes/types")
def volume_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["volumes"])


@routes.post("/volumes")
def create_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_volumes")
    b = body(ctx)
    label = world.check_label(ctx.json_field("label", required=True))
    check_unique_label(label, world.volumes.values(), "Volumes")
    size = _check_size(b.get("size", 20))
    lid = b.get("linode_id")
    linode = None
    if lid is not None:
        linode = world.linodes.get(lid) if isinstance(lid, int) else None
        if linode is None:
            raise field_error("linode_id", "Linode not found")
        require_entity(ctx, "linode", lid, write=True)
        region = linode["region"]
        if b.get("region") not in (None, region):
            raise field_error("region", "Volume and Linode must be in the same region")
        world.ensure_idle("linode", lid)
    else:
        region = world.check_region(ctx.json_field("region", required=True))
    tags = world.check_tags(b.get("tags"))
    vid = world.next_id("volume", max(world.volumes, default=5_000_000))
    now = world.iso()
    vol = {
        "id": vid,
        "label": label,
        "status": "creating",
        "size": size,
        "region": region,
        "linode_id": linode["id"] if linode else None,
        "linode_label": linode["label"] if linode else None,
        "filesystem_path": f"/dev/disk/by-id/scsi-0Linode_Volume_{label}",
        "hardware_type": "nvme",
        "encryption": b.get("encryption", "enabled"),
        "io_ready": False,
        "tags": tags,
        "created": now,
        "updated": now,
    }
    world.volumes[vid] = vol
    if linode is not None:
        _device_attach(world, linode["id"], vid, b.get("config_id"))
    lifecycle.volume_job(
        world,
        vol,
        "volume_create",
        username=user(ctx),
        status="creating",
        apply=lambda t: vol.update(io_ready=True),
    )
    return vol


@routes.get(BASE)
def get_volume(ctx: Ctx) -> dict[str, Any]:
    return _volume(ctx)


@routes.put(BASE)
def update_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    b = body(ctx)
    if "label" in b:
        label = world.check_label(b["label"])
        check_unique_label(label, world.volumes.values(), "Volumes", exclude=vol["id"])
        vol["label"] = label
    if "tags" in b:
        vol["tags"] = world.check_tags(b["tags"])
    vol["updated"] = world.iso()
    world.add_event("volume_update", world.entity_ref("volume", vol), username=user(ctx))
    return vol


@routes.delete(BASE)
def delete_volume(ctx: Ctx) -> None:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    check_deletable(world, "volume", vol["id"])
    world.ensure_idle("volume", vol["id"])
    if vol["linode_id"] is not None:
        raise ApiError(400, "Volume must be detached before it can be deleted.")
    del world.volumes[vol["id"]]
    world.add_event("volume_delete", world.entity_ref("volume", vol), username=user(ctx))


@routes.post(BASE + "/attach")
def attach_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    lid = ctx.json_field("linode_id", required=True, type_=int)
    linode = world.linodes.get(lid)
    if linode is None:
        raise field_error("linode_id", "Linode not found")
    require_entity(ctx, "linode", lid, write=True)
    world.ensure_idle("volume", vol["id"])
    if vol["linode_id"] is not None:
        raise ApiError(400, "Volume is already attached to a Linode.")
    if linode["region"] != vol["region"]:
        raise field_error("linode_id", "Volume and Linode must be in the same region.")
    if len(world.linode_volumes(lid)) >= 7:
        raise ApiError(400, "This Linode already has the maximum number of Volumes attached.")
    vol["linode_id"] = lid
    vol["linode_label"] = linode["label"]
    _device_attach(world, lid, vol["id"], ctx.json_field("config_id"))

    def failed(t: float) -> None:
        vol["linode_id"] = None
        vol["linode_label"] = None
        _device_detach(world, lid, vol["id"])

    lifecycle.volume_job(
        world,
        vol,
        "volume_attach",
        username=user(ctx),
        status=None,
        final=None,
        on_fail=failed,
        secondary=world.entity_ref("linode", linode),
    )
    return vol


@routes.post(BASE + "/detach")
def detach_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    world.ensure_idle("volume", vol["id"])
    lid = vol["linode_id"]
    if lid is None:
        raise ApiError(400, "Volume is not attached to a Linode.")
    linode = world.linodes.get(lid)

    def done(t: float) -> None:
        vol["linode_id"] = None
        vol["linode_label"] = None
        if lid in world.linodes:
            _device_detach(world, lid, vol["id"])

    lifecycle.volume_job(
        world,
        vol,
        "volume_detach",
        username=user(ctx),
        status=None,
        final=None,
        apply=done,
        secondary=world.entity_ref("linode", linode) if linode else None,
    )
    return {}


@routes.post(BASE + "/resize")
def resize_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    size = ctx.json_field("size", required=True, type_=int)
    if size <= vol["size"]:
        raise field_error("size", "Volumes can only be resized up.")
    _check_size(size)
    world.ensure_idle("volume", vol["id"])
    old = vol["size"]
    vol["size"] = size
    lifecycle.volume_job(
        world,
        vol,
        "volume_resize",
        username=user(ctx),
        status="resizing",
        on_fail=lambda t: vol.update(size=old),
    )
    return vol


@routes.post(BASE + "/clone")
def clone_volume(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    vol = _volume(ctx, write=True)
    require_global(ctx, "add_volumes")
    label = world.check_label(ctx.json_field("label", required=True))
    check_unique_label(label, world.volumes.values(), "Volumes")
    world.ensure_idle("volume", vol["id"])
    new = copy.deepcopy(vol)
    vid = world.next_id("volume", max(world.volumes, default=5_000_000))
    now = world.iso()
    new.update(
        id=vid,
        label=label,
        status="creating",
        linode_id=None,
        linode_label=None,
        created=now,
        updated=now,
        filesystem_path=f"/dev/disk/by-id/scsi-0Linode_Volume_{label}",
    )
    world.volumes[vid] = new
    lifecycle.volume_job(
        world,
        new,
        "volume_clone",
        username=user(ctx),
        status="creating",
        secondary=world.entity_ref("volume", vol),
        on_fail=lambda t: world.volumes.pop(vid, None),
    )
    return new
