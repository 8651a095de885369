"""Linode instances: CRUD, power and maintenance actions, disks, configs, IPs, backups, stats, transfer."""

from __future__ import annotations

import copy
from typing import Any

from linode_tui.sim import lifecycle, stats
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    check_unique_label,
    find_by,
    get_or_404,
    listing,
    opt_int,
    require_entity,
    require_global,
    str_param,
    user,
    visible,
    w,
)
from linode_tui.sim.handlers.locks import check_deletable
from linode_tui.sim.world import World

BASE = "/linode/instances/{linodeId}"
PASSWORD_WEAK = "Password does not meet strength requirement"


def check_password(value: Any, field: str = "root_pass") -> str:
    if not isinstance(value, str):
        raise field_error(field, f"{field} must be a string")
    if not 11 <= len(value) <= 128:
        raise field_error(field, "Length must be 11-128 characters")
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    if classes < 3 or len(set(value)) < 6:
        raise field_error(field, PASSWORD_WEAK)
    return value


def _linode(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    lid = ctx.params.get("linodeId")
    linode = world.linode(lid)
    require_entity(ctx, "linode", lid, write=write)
    return linode


def _idle(ctx: Ctx, linode: dict[str, Any]) -> None:
    w(ctx).ensure_idle("linode", linode["id"])


def _check_unique_label(world: World, label: str, exclude: int | None = None) -> None:
    check_unique_label(label, world.linodes.values(), "Linodes", exclude)


def _check_type(world: World, tid: Any, field: str = "type") -> dict[str, Any]:
    if not isinstance(tid, str) or tid not in world.types:
        raise field_error(field, "A valid plan type by that ID was not found")
    return world.types[tid]


def _check_image(world: World, image: Any, field: str = "image") -> str:
    if not isinstance(image, str) or image not in world.images:
        raise field_error(field, "image is not valid")
    if world.images[image]["status"] != "available":
        raise field_error(field, "Image is not available yet.")
    return image


def _unique_label(world: World, base: str) -> str:
    labels = {x["label"] for x in world.linodes.values()}
    base = base[:60]
    if base not in labels:
        return base
    k = 2
    while f"{base}-{k}" in labels:
        k += 1
    return f"{base}-{k}"


def _image_disks(world: World, linode: dict[str, Any], image: str | None, t: float, swap: int = 512) -> None:
    """(Re)build a Linode's disks as a deploy from ``image`` does."""
    lid = linode["id"]
    disks = world.disks(lid)
    disks.clear()
    if not image:
        return
    img = world.images.get(image)
    created = world.iso(t)
    did = world.next_id("disk", 900_000_000)
    disks[did] = {
        "id": did,
        "label": f"{img['label'] if img else image} Disk",
        "status": "ready",
        "size": linode["specs"]["disk"] - swap,
        "filesystem": "ext4",
        "created": created,
        "updated": created,
        "disk_encryption": "enabled",
    }
    sid = world.next_id("disk", 900_000_000)
    disks[sid] = {
        "id": sid,
        "label": f"{swap} MB Swap Image",
        "status": "ready",
        "size": swap,
        "filesystem": "swap",
        "created": created,
        "updated": created,
        "disk_encryption": "enabled",
    }
    for cfg in world.configs(lid).values():
        cfg["devices"]["sda"] = {"disk_id": did, "volume_id": None}
        cfg["devices"]["sdb"] = {"disk_id": sid, "volume_id": None}


# ------------------------------------------------------------------------------------------- list / CRUD
@routes.get("/linode/instances")
def list_linodes(ctx: Ctx) -> Listing:
    return listing(visible(ctx, "linode", w(ctx).linodes.values()))


@routes.post("/linode/instances")
def create_linode(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_linodes")
    b = body(ctx)
    region = world.check_region(ctx.json_field("region", required=True))
    ty = _check_type(world, ctx.json_field("type", required=True))
    image = b.get("image")
    if image is not None:
        _check_image(world, image)
        if b.get("root_pass") is None:
            raise field_error("root_pass", "root_pass is required when deploying from an image")
        check_password(b["root_pass"])
    elif b.get("root_pass") is not None:
        check_password(b["root_pass"])
    script = _check_stackscript(world, b, image)
    meta = b.get("metadata")
    if isinstance(meta, dict) and meta.get("user_data") is not None:
        _check_user_data(world, region, image, meta["user_data"])
    label = b.get("label")
    if label is not None:
        world.check_label(label)
        _check_unique_label(world, label)
    tags = world.check_tags(b.get("tags"))
    booted = b.get("booted", image is not None)
    if not isinstance(booted, bool):
        raise field_error("booted", "booted must be a boolean")
    pg = b.get("placement_group")
    group = None
    if pg is not None:
        pg_id = pg.get("id") if isinstance(pg, dict) else None
        group = world.placement_groups.get(pg_id) if isinstance(pg_id, int) else None
        if group is None:
            raise field_error("placement_group.id", "Placement group not found")
        if group["region"] != region:
            raise field_error(
                "placement_group.id", "Placement group must be in the same region as the Linode"
            )
    fw_id = b.get("firewall_id")
    if fw_id is not None and fw_id not in world.firewalls:
        raise field_error("firewall_id", "Firewall not found")
    linode = world.new_linode(
        label=label or "pending",
        region=region,
        tid=ty["id"],
        image=image,
        tags=tags,
        status="provisioning",
        backups=bool(b.get("backups_enabled") or world.account_settings.get("backups_enabled")),
        private_ip=bool(b.get("private_ip")),
    )
    if label is None:
        linode["label"] = _unique_label(world, f"linode{linode['id']}")
    if b.get("group"):
        linode["group"] = str(b["group"])
    if isinstance(b.get("metadata"), dict) and b["metadata"].get("user_data"):
        linode["has_user_data"] = True
    if script is not None:
        script["deployments_total"] += 1
        script["deployments_active"] += 1
    if group is not None:
        group["members"].append({"linode_id": linode["id"], "is_compliant": True})
        linode["placement_group"] = {
            "id": group["id"],
            "label": group["label"],
            "placement_group_type": group["placement_group_type"],
            "placement_group_policy": group["placement_group_policy"],
            "migrating_to": None,
        }
    if fw_id is not None:
        _attach_firewall(world, fw_id, linode)
    world.disks(linode["id"]).clear()
    swap = b.get("swap_size", 512)
    _image_disks(world, linode, image, world.now(), swap if isinstance(swap, int) else 512)
    lifecycle.linode_create(world, linode, username=user(ctx), booted=booted and image is not None)
    return linode


def _check_stackscript(world: World, b: dict[str, Any], image: Any) -> dict[str, Any] | None:
    """A StackScript deploy: the script exists, the image is one it supports, and stackscript_data
    answers its UDFs (the required ones, oneOf/manyOf values), as the API checks them."""
    sid = b.get("stackscript_id")
    if sid is None:
        return None
    ss = world.stackscripts.get(sid) if isinstance(sid, int) and not isinstance(sid, bool) else None
    if ss is None:
        raise field_error("stackscript_id", "StackScript not found")
    if image is None:
        raise field_error("image", "image is required when deploying from a StackScript")
    if "any/all" not in ss["images"] and image not in ss["images"]:
        raise field_error("image", "The requested image is not compatible with this StackScript")
    data = b.get("stackscript_data") or {}
    if not isinstance(data, dict):
        raise field_error("stackscript_data", "stackscript_data must be an object")
    for udf in ss.get("user_defined_fields") or []:
        name = udf["name"]
        value = data.get(name)
        where = f"stackscript_data.{name}"
        if value in (None, ""):
            if "default" not in udf:
                raise field_error(where, f"{udf.get('label') or name} is required")
            continue
        if not isinstance(value, str):
            raise field_error(where, f"{name} must be a string")
        one = [o.strip() for o in str(udf.get("oneOf") or "").split(",") if o.strip()]
        many = [o.strip() for o in str(udf.get("manyOf") or "").split(",") if o.strip()]
        if one and value not in one:
            raise field_error(where, f"{name} must be one of {', '.join(one)}")
        if many and any(v.strip() not in many for v in value.split(",")):
            raise field_error(where, f"{name} must be among {', '.join(many)}")
    return ss


def _check_user_data(world: World, region: str, image: Any, user_data: Any) -> None:
    """metadata.user_data: base64, in a region with Metadata, from an image with cloud-init."""
    import base64
    import binascii

    if not isinstance(user_data, str):
        raise field_error("metadata.user_data", "user_data must be a string")
    try:
        base64.b64decode(user_data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise field_error("metadata.user_data", "user_data must be base64 encoded") from exc
    caps = (world.regions.get(region) or {}).get("capabilities") or []
    if "Metadata" not in caps:
        raise field_error("metadata", "Metadata is not supported in this region")
    img = world.images.get(image) if isinstance(image, str) else None
    if img is not None and "cloud-init" not in (img.get("capabilities") or []):
        raise field_error("metadata", "This image does not support cloud-init")


def _attach_firewall(world: World, fw_id: int, linode: dict[str, Any]) -> None:
    did = world.next_id("fwdevice", 900_000)
    now = world.iso()
    world.firewall_devices.setdefault(fw_id, {})[did] = {
        "id": did,
        "entity": world.entity_ref("linode", linode),
        "created": now,
        "updated": now,
    }
    world.linode_firewall[linode["id"]] = fw_id


@routes.get(BASE)
def get_linode(ctx: Ctx) -> dict[str, Any]:
    return _linode(ctx)


@routes.put(BASE)
def update_linode(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    b = body(ctx)
    if "label" in b:
        world.check_label(b["label"])
        _check_unique_label(world, b["label"], exclude=linode["id"])
        linode["label"] = b["label"]
    if "tags" in b:
        linode["tags"] = world.check_tags(b["tags"])
    if "group" in b:
        linode["group"] = str(b["group"] or "")
    if "watchdog_enabled" in b:
        if not isinstance(b["watchdog_enabled"], bool):
            raise field_error("watchdog_enabled", "watchdog_enabled must be a boolean")
        linode["watchdog_enabled"] = b["watchdog_enabled"]
    if isinstance(b.get("alerts"), dict):
        for k, v in b["alerts"].items():
            if k in linode["alerts"]:
                if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                    raise field_error(f"alerts.{k}", f"alerts.{k} must be a positive integer")
                linode["alerts"][k] = v
    sched = (b.get("backups") or {}).get("schedule") if isinstance(b.get("backups"), dict) else None
    if isinstance(sched, dict):
        linode["backups"]["schedule"].update({k: v for k, v in sched.items() if k in ("day", "window")})
    linode["updated"] = world.iso()
    world.add_event("linode_update", world.entity_ref("linode", linode), username=user(ctx))
    return linode


@routes.delete(BASE)
def delete_linode(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(world, "linode", linode["id"])
    _idle(ctx, linode)
    lifecycle.linode_delete(world, linode, username=user(ctx))


# ----------------------------------------------------------------------------------------------- power
def _config_id(ctx: Ctx, linode: dict[str, Any]) -> int | None:
    cid = opt_int(body(ctx).get("config_id"), "config_id")
    if cid is not None and cid not in w(ctx).configs(linode["id"]):
        raise field_error("config_id", "Config not found")
    return cid


@routes.post(BASE + "/boot")
def boot(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    _idle(ctx, linode)
    cid = _config_id(ctx, linode)
    if not w(ctx).configs(linode["id"]):
        raise ApiError(400, "Linode has no configuration profiles to boot.")
    lifecycle.linode_boot(w(ctx), linode, username=user(ctx), config_id=cid)
    return {}


@routes.post(BASE + "/reboot")
def reboot(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    _idle(ctx, linode)
    cid = _config_id(ctx, linode)
    lifecycle.linode_reboot(w(ctx), linode, username=user(ctx), config_id=cid)
    return {}


@routes.post(BASE + "/shutdown")
def shutdown(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    _idle(ctx, linode)
    lifecycle.linode_shutdown(w(ctx), linode, username=user(ctx))
    return {}


@routes.post(BASE + "/rescue")
def rescue(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    world = w(ctx)
    devices = body(ctx).get("devices") or {}
    if not isinstance(devices, dict):
        raise field_error("devices", "devices must be an object")
    for slot, dev in devices.items():
        if slot not in ("sda", "sdb", "sdc", "sdd", "sde", "sdf", "sdg"):
            why = "sdh is reserved in rescue mode" if slot == "sdh" else "unknown slot"
            raise field_error(f"devices.{slot}", why)
        if dev is None:
            continue
        if not isinstance(dev, dict) or len([k for k in ("disk_id", "volume_id") if dev.get(k)]) != 1:
            raise field_error(f"devices.{slot}", "Only one of disk_id or volume_id per device")
        if dev.get("disk_id") and dev["disk_id"] not in world.disks(linode["id"]):
            raise field_error(f"devices.{slot}.disk_id", "Disk not found")
        vol = world.volumes.get(int(dev["volume_id"])) if dev.get("volume_id") else None
        if dev.get("volume_id") and (vol is None or vol.get("linode_id") != linode["id"]):
            raise field_error(f"devices.{slot}.volume_id", "Volume is not attached to this Linode")
    _idle(ctx, linode)
    lifecycle.linode_boot(w(ctx), linode, username=user(ctx))
    return {}


# ------------------------------------------------------------------------------------------ maintenance
@routes.post(BASE + "/resize")
def resize(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    ty = _check_type(world, ctx.json_field("type", required=True))
    if ty["id"] == linode["type"]:
        raise field_error("type", "Linode is already running this service plan.")
    _idle(ctx, linode)
    disks = world.disks(linode["id"])
    used = sum(d["size"] for d in disks.values())
    auto = body(ctx).get("allow_auto_disk_resize", True)
    if used > ty["disk"]:
        raise field_error(
            "type",
            "Linode has allocated more disk than the new service plan allows. "
            "Delete or resize disks smaller.",
        )

    def apply(t: float) -> None:
        old_disk = linode["specs"]["disk"]
        linode["type"] = ty["id"]
        linode["specs"].update(
            disk=ty["disk"], memory=ty["memory"], vcpus=ty["vcpus"], gpus=ty["gpus"], transfer=ty["transfer"]
        )
        linode["alerts"]["cpu"] = 90 * ty["vcpus"]
        ext = [d for d in disks.values() if d["filesystem"] != "swap"]
        if auto and len(ext) == 1 and used == old_disk:
            ext[0]["size"] += ty["disk"] - old_disk

    lifecycle.linode_long_op(world, linode, "linode_resize", username=user(ctx), apply=apply)
    return {}


@routes.post(BASE + "/migrate")
def migrate(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    region = body(ctx).get("region")
    if region is not None:
        world.check_region(region)
        if region == linode["region"]:
            raise field_error("region", "Linode is already in this region.")
    _idle(ctx, linode)

    def apply(t: float) -> None:
        if region is not None:
            linode["region"] = region

    action = "linode_migrate_datacenter" if region else "linode_migrate"
    lifecycle.linode_long_op(world, linode, action, username=user(ctx), apply=apply)
    return {}


@routes.post(BASE + "/mutate")
def mutate(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    successor = world.types[linode["type"]].get("successor")
    if not successor or successor not in world.types:
        raise ApiError(400, "Linode is not eligible for an upgrade: its plan has no successor.")
    _idle(ctx, linode)
    ty = world.types[successor]

    def apply(t: float) -> None:
        linode["type"] = successor
        linode["specs"].update(
            disk=ty["disk"], memory=ty["memory"], vcpus=ty["vcpus"], gpus=ty["gpus"], transfer=ty["transfer"]
        )

    lifecycle.linode_long_op(world, linode, "linode_mutate", username=user(ctx), apply=apply)
    return {}


@routes.post(BASE + "/rebuild")
def rebuild(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    image = _check_image(world, ctx.json_field("image", required=True))
    check_password(ctx.json_field("root_pass", required=True))
    _idle(ctx, linode)
    ty = body(ctx).get("type")
    if ty is not None:
        _check_type(world, ty)

    def apply(t: float) -> None:
        linode["image"] = image
        _image_disks(world, linode, image, t)

    lifecycle.linode_rebuild(world, linode, username=user(ctx), image=image, apply=apply)
    return linode


@routes.post(BASE + "/password")
def password(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    check_password(ctx.json_field("root_pass", required=True))
    _idle(ctx, linode)
    if linode["status"] != "offline":
        raise ApiError(400, "Linode must be shut down to reset its root password.")
    lifecycle.linode_simple(w(ctx), linode, "password_reset", username=user(ctx))
    return {}


@routes.post(BASE + "/clone")
def clone(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    source = _linode(ctx, write=True)
    require_global(ctx, "add_linodes")
    b = body(ctx)
    _idle(ctx, source)
    region = world.check_region(b.get("region", source["region"]))
    ty = _check_type(world, b.get("type", source["type"]))
    used = sum(d["size"] for d in world.disks(source["id"]).values())
    if used > ty["disk"]:
        raise field_error("type", "The selected plan is too small for the source Linode's disks.")
    label = b.get("label")
    if label is not None:
        world.check_label(label)
        _check_unique_label(world, label)
    else:
        label = _unique_label(world, f"{source['label'][:50]}-clone")
    new = world.new_linode(
        label=label,
        region=region,
        tid=ty["id"],
        image=source["image"],
        tags=list(source["tags"]),
        status="provisioning",
        backups=bool(b.get("backups_enabled")),
        private_ip=bool(b.get("private_ip")),
    )
    disks = world.disks(new["id"])
    disks.clear()
    mapping: dict[int, int] = {}
    for d in world.disks(source["id"]).values():
        nd = copy.deepcopy(d)
        nd["id"] = world.next_id("disk", 900_000_000)
        nd["created"] = nd["updated"] = world.iso()
        disks[nd["id"]] = nd
        mapping[d["id"]] = nd["id"]
    for cfg in world.configs(new["id"]).values():
        for dev in cfg["devices"].values():
            if dev and dev.get("disk_id") in mapping:
                dev["disk_id"] = mapping[dev["disk_id"]]
    lifecycle.linode_clone(world, source, new, username=user(ctx))
    return new


# ----------------------------------------------------------------------------------------------- backups
@routes.get(BASE + "/backups")
def get_backups(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    return w(ctx).backups(linode["id"])


@routes.post(BASE + "/backups/enable")
def backups_enable(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    bk = linode["backups"]
    if not bk["enabled"]:
        bk["enabled"] = True
        bk["schedule"] = {"day": "Scheduling", "window": "Scheduling"}
        world.add_event("backups_enable", world.entity_ref("linode", linode), username=user(ctx))
    return {}


@routes.post(BASE + "/backups/cancel")
def backups_cancel(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    bk = linode["backups"]
    if bk["enabled"]:
        bk.update(
            enabled=False, available=False, last_successful=None, schedule={"day": None, "window": None}
        )
        world.backups(linode["id"])  # materialise, then drop
        world._backups[linode["id"]] = {"automatic": [], "snapshot": {"current": None, "in_progress": None}}
        world.add_event("backups_cancel", world.entity_ref("linode", linode), username=user(ctx))
    return {}


@routes.post(BASE + "/backups")
def snapshot(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    label = ctx.json_field("label", type_=str)
    if not linode["backups"]["enabled"]:
        raise ApiError(400, "Backups are not enabled for this Linode.")
    _idle(ctx, linode)
    b = world.backups(linode["id"])
    disks = [
        {"label": d["label"], "size": d["size"], "filesystem": d["filesystem"]}
        for d in world.disks(linode["id"]).values()
    ]
    configs = [c["label"] for c in world.configs(linode["id"]).values()]
    bid = world.next_id("backup", 800_000_000)
    snap = world._backup_obj(bid, "snapshot", label, world.now(), disks, configs, status="pending")
    b["snapshot"]["in_progress"] = snap

    def done(t: float) -> None:
        snap.update(status="successful", available=True, finished=world.iso(t), updated=world.iso(t))
        b["snapshot"]["current"] = snap
        b["snapshot"]["in_progress"] = None
        linode["backups"]["available"] = True
        linode["backups"]["last_successful"] = world.iso(t)

    def failed(t: float) -> None:
        b["snapshot"]["in_progress"] = None

    lifecycle.linode_simple(world, linode, "linode_snapshot", username=user(ctx), apply=done, on_fail=failed)
    return snap


def _find_backup(world: World, lid: int, bid: Any) -> dict[str, Any]:
    b = world.backups(lid)
    for x in [*b["automatic"], b["snapshot"]["current"], b["snapshot"]["in_progress"]]:
        if x is not None and x["id"] == bid:
            found: dict[str, Any] = x
            return found
    raise not_found()


@routes.get(BASE + "/backups/{backupId}")
def get_backup(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    return _find_backup(w(ctx), linode["id"], ctx.params.get("backupId"))


@routes.post(BASE + "/backups/{backupId}/restore")
def restore_backup(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    backup = _find_backup(world, linode["id"], ctx.params.get("backupId"))
    target_id = ctx.json_field("linode_id", required=True, type_=int)
    target = world.linodes.get(target_id)
    if target is None:
        raise field_error("linode_id", "Linode not found")
    require_entity(ctx, "linode", target_id, write=True)
    if target["region"] != linode["region"]:
        raise field_error("linode_id", "A backup can only be restored to a Linode in the same region.")
    world.ensure_idle("linode", target_id)
    if not backup["available"]:
        raise ApiError(400, "Backup is not available for restore.")
    lifecycle.start_job(
        world,
        kind="linode",
        obj=target,
        action="backups_restore",
        phases=[("restoring", 90)],
        final_status="offline",
        username=user(ctx),
        entity=world.entity_ref("linode", target),
        busy_key=("linode", target_id),
    )
    return {}


# ------------------------------------------------------------------------------------------------- disks
def _check_sub_label(label: Any) -> str:
    """A disk's or a config profile's label: 1-48 characters."""
    if not isinstance(label, str) or not 1 <= len(label) <= 48:
        raise field_error("label", "Length must be 1-48 characters")
    return label


def _disk(ctx: Ctx, linode: dict[str, Any]) -> dict[str, Any]:
    disk: dict[str, Any] = get_or_404(w(ctx).disks(linode["id"]), ctx.params.get("diskId"))
    return disk


def _free(world: World, linode: dict[str, Any], exclude: int | None = None) -> int:
    used: int = sum(d["size"] for d in world.disks(linode["id"]).values() if d["id"] != exclude)
    return int(linode["specs"]["disk"]) - used


@routes.get(BASE + "/disks")
def list_disks(ctx: Ctx) -> Listing:
    linode = _linode(ctx)
    return listing(w(ctx).disks(linode["id"]).values())


@routes.get(BASE + "/disks/{diskId}")
def get_disk(ctx: Ctx) -> dict[str, Any]:
    return _disk(ctx, _linode(ctx))


@routes.post(BASE + "/disks")
def create_disk(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    b = body(ctx)
    size = ctx.json_field("size", required=True, type_=int)
    label = _check_sub_label(b.get("label") or f"{linode['label'][:40]}-disk")
    fs = b.get("filesystem", "ext4")
    if fs not in ("raw", "swap", "ext3", "ext4", "initrd"):
        raise field_error("filesystem", "filesystem is not valid")
    image = b.get("image")
    if image is not None:
        _check_image(world, image)
        check_password(ctx.json_field("root_pass", required=True))
    _idle(ctx, linode)
    if size < 1 or size > _free(world, linode):
        raise field_error("size", "The requested disk size would exceed the space available to this Linode.")
    did = world.next_id("disk", 900_000_000)
    now = world.iso()
    disk = {
        "id": did,
        "label": label,
        "status": "not ready",
        "size": size,
        "filesystem": fs,
        "created": now,
        "updated": now,
        "disk_encryption": "enabled",
    }
    world.disks(linode["id"])[did] = disk

    def failed(t: float) -> None:
        world.disks(linode["id"]).pop(did, None)

    lifecycle.disk_job(world, linode, disk, "disk_create", username=user(ctx), on_fail=failed)
    return disk


@routes.put(BASE + "/disks/{diskId}")
def update_disk(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    disk = _disk(ctx, linode)
    label = body(ctx).get("label")
    if label is not None:
        disk["label"] = _check_sub_label(label)
        disk["updated"] = w(ctx).iso()
    return disk


@routes.delete(BASE + "/disks/{diskId}")
def delete_disk(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(w(ctx), "linode", linode["id"], subresource=True)
    disk = _disk(ctx, linode)
    _idle(ctx, linode)
    did = disk["id"]

    def done(t: float) -> None:
        world.disks(linode["id"]).pop(did, None)
        for cfg in world.configs(linode["id"]).values():
            for k, dev in cfg["devices"].items():
                if dev and dev.get("disk_id") == did:
                    cfg["devices"][k] = None

    lifecycle.disk_job(
        world, linode, disk, "disk_delete", username=user(ctx), status="deleting", final=None, apply=done
    )


@routes.post(BASE + "/disks/{diskId}/resize")
def resize_disk(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    disk = _disk(ctx, linode)
    size = ctx.json_field("size", required=True, type_=int)
    _idle(ctx, linode)
    if size < 1 or size > _free(world, linode, exclude=disk["id"]):
        raise field_error("size", "The requested disk size would exceed the space available to this Linode.")
    lifecycle.disk_job(
        world,
        linode,
        disk,
        "disk_resize",
        username=user(ctx),
        apply=lambda t: disk.update(size=size, updated=world.iso(t)),
    )
    return {}


@routes.post(BASE + "/disks/{diskId}/clone")
def clone_disk(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    disk = _disk(ctx, linode)
    _idle(ctx, linode)
    if disk["size"] > _free(world, linode):
        raise ApiError(400, "Insufficient space available to duplicate this disk.")
    new = copy.deepcopy(disk)
    new.update(
        id=world.next_id("disk", 900_000_000),
        label=f"{disk['label'][:40]} (copy)",
        status="not ready",
        created=world.iso(),
        updated=world.iso(),
    )
    world.disks(linode["id"])[new["id"]] = new
    lifecycle.disk_job(
        world,
        linode,
        new,
        "disk_duplicate",
        username=user(ctx),
        on_fail=lambda t: world.disks(linode["id"]).pop(new["id"], None),
    )
    return new


@routes.post(BASE + "/disks/{diskId}/password")
def disk_password(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx, write=True)
    _disk(ctx, linode)
    check_password(ctx.json_field("password", required=True))
    _idle(ctx, linode)
    lifecycle.linode_simple(w(ctx), linode, "password_reset", username=user(ctx))
    return {}


# ----------------------------------------------------------------------------------------------- configs
def _config(ctx: Ctx, linode: dict[str, Any]) -> dict[str, Any]:
    cfg: dict[str, Any] = get_or_404(w(ctx).configs(linode["id"]), ctx.params.get("configId"))
    return cfg


def _apply_config(world: World, linode: dict[str, Any], cfg: dict[str, Any], b: dict[str, Any]) -> None:
    if "label" in b:
        cfg["label"] = _check_sub_label(b["label"])
    if "kernel" in b:
        if b["kernel"] not in world.kernels:
            raise field_error("kernel", "kernel is not valid")
        cfg["kernel"] = b["kernel"]
    for key in ("comments", "memory_limit", "run_level", "virt_mode", "root_device", "initrd"):
        if key in b:
            cfg[key] = b[key]
    if isinstance(b.get("helpers"), dict):
        cfg["helpers"].update(b["helpers"])
    if isinstance(b.get("devices"), dict):
        disks = world.disks(linode["id"])
        for slot, dev in b["devices"].items():
            if slot not in cfg["devices"]:
                raise field_error(f"devices.{slot}", "Invalid device slot")
            if dev and dev.get("disk_id") is not None and dev["disk_id"] not in disks:
                raise field_error(f"devices.{slot}.disk_id", "Disk not found")
            if dev and dev.get("volume_id") is not None and dev["volume_id"] not in world.volumes:
                raise field_error(f"devices.{slot}.volume_id", "Volume not found")
            cfg["devices"][slot] = (
                {"disk_id": dev.get("disk_id"), "volume_id": dev.get("volume_id")} if dev else None
            )
    if isinstance(b.get("interfaces"), list):
        out = []
        for i, itf in enumerate(b["interfaces"]):
            purpose = itf.get("purpose") if isinstance(itf, dict) else None
            if purpose not in ("public", "vlan", "vpc"):
                raise field_error(f"interfaces[{i}].purpose", "purpose is not valid")
            out.append(
                world.make_interface(
                    world.next_id("interface", 700_000_000),
                    purpose,
                    primary=bool(itf.get("primary")),
                    vpc_id=itf.get("vpc_id"),
                    subnet_id=itf.get("subnet_id"),
                    vpc_ip=(itf.get("ipv4") or {}).get("vpc"),
                    label=itf.get("label"),
                    ipam_address=itf.get("ipam_address"),
                )
            )
        cfg["interfaces"] = out
    cfg["updated"] = world.iso()


@routes.get(BASE + "/configs")
def list_configs(ctx: Ctx) -> Listing:
    linode = _linode(ctx)
    return listing(w(ctx).configs(linode["id"]).values())


@routes.get(BASE + "/configs/{configId}")
def get_config(ctx: Ctx) -> dict[str, Any]:
    return _config(ctx, _linode(ctx))


@routes.post(BASE + "/configs")
def create_config(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    b = body(ctx)
    ctx.json_field("label", required=True, type_=str)
    if not isinstance(b.get("devices"), dict):
        raise field_error("devices", "devices is required")
    _idle(ctx, linode)
    cid = world.next_id("config", 950_000_000)
    cfg = world.make_config(
        cid, "", devices={f"sd{ch}": None for ch in "abcdefgh"}, interfaces=[], created=world.iso()
    )
    _apply_config(world, linode, cfg, b)
    world.configs(linode["id"])[cid] = cfg
    world.add_event(
        "linode_config_create",
        world.entity_ref("linode", linode),
        username=user(ctx),
        secondary=lifecycle.config_ref(world, linode, cid),
    )
    return cfg


@routes.put(BASE + "/configs/{configId}")
def update_config(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    cfg = _config(ctx, linode)
    _apply_config(world, linode, cfg, body(ctx))
    world.add_event(
        "linode_config_update",
        world.entity_ref("linode", linode),
        username=user(ctx),
        secondary=lifecycle.config_ref(world, linode, cfg["id"]),
    )
    return cfg


@routes.delete(BASE + "/configs/{configId}")
def delete_config(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(w(ctx), "linode", linode["id"], subresource=True)
    cfg = _config(ctx, linode)
    _idle(ctx, linode)
    del world.configs(linode["id"])[cfg["id"]]
    world.add_event("linode_config_delete", world.entity_ref("linode", linode), username=user(ctx))


@routes.get(BASE + "/configs/{configId}/interfaces")
def list_interfaces(ctx: Ctx) -> list[dict[str, Any]]:
    interfaces: list[dict[str, Any]] = _config(ctx, _linode(ctx))["interfaces"]
    return interfaces


@routes.get(BASE + "/configs/{configId}/interfaces/{interfaceId}")
def get_interface(ctx: Ctx) -> dict[str, Any]:
    return find_by(_config(ctx, _linode(ctx))["interfaces"], ctx.params.get("interfaceId"))


# --------------------------------------------------------------------------------------------------- IPs
@routes.get(BASE + "/ips")
def get_ips(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    return w(ctx).ips(linode["id"])


def _all_ip_objs(world: World, lid: int) -> list[dict[str, Any]]:
    info = world.ips(lid)
    v4 = info["ipv4"]
    return [
        *v4["public"],
        *v4["private"],
        *v4["shared"],
        *v4["reserved"],
        info["ipv6"]["slaac"],
        info["ipv6"]["link_local"],
    ]


@routes.post(BASE + "/ips")
def allocate_ip(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    if ctx.json_field("type", required=True) != "ipv4":
        raise field_error("type", "Only IPv4 addresses may be allocated.")
    public = ctx.json_field("public", required=True, type_=bool)
    info = world.ips(linode["id"])
    n = world.next_id("extra_ip", 0)
    if public:
        if len(info["ipv4"]["public"]) >= 2:
            raise ApiError(
                400,
                "Additional IPv4 addresses require technical justification. Please open a Support Ticket.",
            )
        prefix = world.regions[linode["region"]] and linode["ipv4"][0].rsplit(".", 2)[0]
        addr = f"{prefix}.{250 + n // 250 % 6}.{n % 250 + 2}"
        ip = world.ip_obj(linode["id"], addr, public=True, region=linode["region"])
        info["ipv4"]["public"].append(ip)
    else:
        if info["ipv4"]["private"]:
            raise ApiError(400, "This Linode already has a private IPv4 address.")
        seq = world.linode_seq(linode["id"])
        addr = f"192.168.{128 + (seq // 254) % 128}.{seq % 254 + 1}"
        ip = world.ip_obj(linode["id"], addr, public=False, region=linode["region"])
        info["ipv4"]["private"].append(ip)
    linode["ipv4"].append(addr)
    world.add_event("linode_addip", world.entity_ref("linode", linode), username=user(ctx))
    return ip


def _find_ip(world: World, lid: int, address: str) -> dict[str, Any]:
    for ip in _all_ip_objs(world, lid):
        if ip["address"] == address:
            return ip
    raise not_found()


@routes.get(BASE + "/ips/{address}")
def get_ip(ctx: Ctx) -> dict[str, Any]:
    linode = _linode(ctx)
    return _find_ip(w(ctx), linode["id"], str_param(ctx, "address"))


def set_rdns(world: World, ip: dict[str, Any], rdns: Any) -> dict[str, Any]:
    if rdns is not None and (not isinstance(rdns, str) or "." not in rdns):
        raise field_error("rdns", "rdns must be a valid domain name")
    if not ip["public"]:
        raise field_error("rdns", "Cannot set rDNS on a private address.")
    ip["rdns"] = rdns if rdns is not None else ip["address"].replace(".", "-") + ".ip.linodeusercontent.com"
    return ip


@routes.put(BASE + "/ips/{address}")
def update_ip(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    ip = _find_ip(world, linode["id"], str_param(ctx, "address"))
    return set_rdns(world, ip, ctx.json_field("rdns"))


@routes.delete(BASE + "/ips/{address}")
def delete_ip(ctx: Ctx) -> None:
    world = w(ctx)
    linode = _linode(ctx, write=True)
    check_deletable(w(ctx), "linode", linode["id"], subresource=True)
    address = str_param(ctx, "address")
    ip = _find_ip(world, linode["id"], address)
    info = world.ips(linode["id"])
    if ip["type"] != "ipv4":
        raise ApiError(400, "IPv6 SLAAC and link-local addresses cannot be deleted.")
    group = info["ipv4"]["public" if ip["public"] else "private"]
    if ip["public"] and len(group) <= 1:
        raise ApiError(400, "You cannot delete the last public IPv4 address of a Linode.")
    group.remove(ip)
    linode["ipv4"] = [a for a in linode["ipv4"] if a != address]
    world.add_event("linode_deleteip", world.entity_ref("linode", linode), username=user(ctx))


# ------------------------------------------------------------------------------------- related sub-lists
@routes.get(BASE + "/firewalls")
def linode_firewalls(ctx: Ctx) -> Listing:
    world = w(ctx)
    linode = _linode(ctx)
    fw = world.linode_firewall.get(linode["id"])
    from linode_tui.sim.handlers.networking import firewall_view

    return listing([firewall_view(world, world.firewalls[fw])] if fw in world.firewalls else [])


@routes.get(BASE + "/volumes")
def linode_volumes(ctx: Ctx) -> Listing:
    linode = _linode(ctx)
    return listing(w(ctx).linode_volumes(linode["id"]))


@routes.get(BASE + "/nodebalancers")
def linode_nodebalancers(ctx: Ctx) -> Listing:
    world = w(ctx)
    linode = _linode(ctx)
    private = {a for a in linode["ipv4"] if a.startswith("192.168.")}
    out = []
    for nbid, cfgs in world.nb_configs.items():
        if any(
            n["address"].rsplit(":", 1)[0] in private
            for c in cfgs
            for n in world.nb_nodes.get(c, {}).values()
        ):
            out.append(world.nodebalancers[nbid])
    return listing(out)


# ------------------------------------------------------------------------------------- stats / transfer
def _year_month(ctx: Ctx) -> tuple[int, int]:
    year, month = ctx.params.get("year"), ctx.params.get("month")
    if not isinstance(year, int) or not isinstance(month, int):
        raise ApiError(400, "Invalid date")
    return year, month


@routes.get(BASE + "/stats")
def linode_stats(ctx: Ctx) -> dict[str, Any]:
    return stats.linode_stats(w(ctx), _linode(ctx))


@routes.get(BASE + "/stats/{year}/{month}")
def linode_stats_month(ctx: Ctx) -> dict[str, Any]:
    year, month = _year_month(ctx)
    return stats.linode_stats_month(w(ctx), _linode(ctx), year, month)


@routes.get(BASE + "/transfer")
def linode_transfer(ctx: Ctx) -> dict[str, Any]:
    return stats.linode_transfer(w(ctx), _linode(ctx))


@routes.get(BASE + "/transfer/{year}/{month}")
def linode_transfer_month(ctx: Ctx) -> dict[str, Any]:
    year, month = _year_month(ctx)
    return stats.linode_transfer_month(w(ctx), _linode(ctx), year, month)


# ------------------------------------------------------------------------------ types, kernels (public)
@routes.get("/linode/types")
def list_types(ctx: Ctx) -> Listing:
    return listing(w(ctx).types.values())


@routes.get("/linode/types/{typeId}")
def get_type(ctx: Ctx) -> dict[str, Any]:
    ty: dict[str, Any] = get_or_404(w(ctx).types, str_param(ctx, "typeId"))
    return ty


@routes.get("/linode/kernels")
def list_kernels(ctx: Ctx) -> Listing:
    return listing(w(ctx).kernels.values())


@routes.get("/linode/kernels/{kernelId}")
def get_kernel(ctx: Ctx) -> dict[str, Any]:
    # kernel ids contain a slash ("linode/latest-64bit"); clients send it URL-encoded or not at all
    k: dict[str, Any] = get_or_404(w(ctx).kernels, str_param(ctx, "kernelId"))
    return k


@routes.get("/linode/kernels/{vendor}/{name}")
def get_kernel_slash(ctx: Ctx) -> dict[str, Any]:
    k: dict[str, Any] = get_or_404(w(ctx).kernels, f"{ctx.params.get('vendor')}/{ctx.params.get('name')}")
    return k
