"""Images (public catalogue + private images captured from disks) and StackScripts."""

from __future__ import annotations

from typing import Any

from linode_tui.sim import lifecycle
from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, routes
from linode_tui.sim.handlers._common import (
    body,
    get_or_404,
    listing,
    require_entity,
    require_global,
    str_param,
    user,
    visible,
    w,
)
from linode_tui.sim.world import World


def _visible_images(ctx: Ctx) -> list[dict[str, Any]]:
    world = w(ctx)
    public = [i for i in world.images.values() if i["is_public"]]
    private = [i for i in world.images.values() if not i["is_public"]]
    if ctx.token.restricted:
        private = [i for i in private if _can_see_image(ctx, i)]
    return public + private


def _numeric(image_id: str) -> int | None:
    tail = image_id.rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else None


def _can_see_image(ctx: Ctx, image: dict[str, Any]) -> bool:
    try:
        require_entity(ctx, "image", _numeric(image["id"]))
    except ApiError:
        return False
    return True


def _image(ctx: Ctx, image_id: str, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    world.tick()
    img: dict[str, Any] = get_or_404(world.images, image_id)
    if img["is_public"]:
        if write:
            raise ApiError(403, "Unauthorized")
        return img
    require_entity(ctx, "image", _numeric(image_id), write=write)
    return img


def _image_id(ctx: Ctx) -> str:
    if "vendor" in ctx.params:
        return f"{ctx.params['vendor']}/{ctx.params['name']}"
    return str_param(ctx, "imageId")


def _private_image(
    ctx: Ctx,
    num: int,
    label: str,
    *,
    size: int,
    status: str,
    capabilities: list[str],
    tags: list[str],
    region: str,
) -> dict[str, Any]:
    """Store and return a new private image, pending in ``region``."""
    world = w(ctx)
    now = world.iso()
    img: dict[str, Any] = {
        "id": f"private/{num}",
        "label": label,
        "description": body(ctx).get("description") or "",
        "created": now,
        "updated": now,
        "created_by": ctx.token.username,
        "deprecated": False,
        "is_public": False,
        "size": size,
        "total_size": size,
        "type": "manual",
        "status": status,
        "vendor": None,
        "expiry": None,
        "eol": None,
        "capabilities": capabilities,
        "tags": tags,
        "regions": [{"region": region, "status": "pending"}],
    }
    world.images[img["id"]] = img
    return img


@routes.get("/images")
def list_images(ctx: Ctx) -> Listing:
    return listing(_visible_images(ctx))


@routes.post("/images")
def create_image(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_images")
    disk_id = ctx.json_field("disk_id", required=True, type_=int)
    found = None
    for lid, disks in world._disks.items():
        if disk_id in disks:
            found = (world.linodes[lid], disks[disk_id])
    if found is None:
        # lazily built disks: their ids are 4 * linode id (+1 for swap)
        lid = disk_id // 4
        if lid in world.linodes and disk_id in world.disks(lid):
            found = (world.linodes[lid], world.disks(lid)[disk_id])
    if found is None:
        raise field_error("disk_id", "Disk not found")
    linode, disk = found
    require_entity(ctx, "linode", linode["id"])
    world.ensure_idle("linode", linode["id"])
    if disk["filesystem"] == "swap":
        raise field_error("disk_id", "Swap disks cannot be imaged.")
    label = ctx.json_field("label") or disk["label"][:50]
    num = world.next_id("image", 30_000_000)
    img = _private_image(
        ctx,
        num,
        label,
        size=min(disk["size"], 6144),
        status="creating",
        capabilities=["cloud-init"] if body(ctx).get("cloud_init") else [],
        tags=world.check_tags(body(ctx).get("tags")),
        region=linode["region"],
    )

    def done(t: float) -> None:
        img["status"] = "available"
        img["regions"] = [{"region": linode["region"], "status": "available"}]

    def failed(t: float) -> None:
        world.images.pop(img["id"], None)

    lifecycle.linode_simple(
        world,
        linode,
        "disk_imagize",
        username=user(ctx),
        apply=done,
        on_fail=failed,
        secondary=lifecycle.image_ref(world, img["id"]),
    )
    return img


def _get(ctx: Ctx) -> dict[str, Any]:
    return _image(ctx, _image_id(ctx))


def _put(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    img = _image(ctx, _image_id(ctx), write=True)
    b = body(ctx)
    if "label" in b:
        if not isinstance(b["label"], str) or not 1 <= len(b["label"]) <= 50:
            raise field_error("label", "Length must be 1-50 characters")
        img["label"] = b["label"]
    if "description" in b:
        img["description"] = b["description"] or ""
    if "tags" in b:
        img["tags"] = world.check_tags(b["tags"])
    img["updated"] = world.iso()
    world.add_event("image_update", world.entity_ref("image", img), username=user(ctx))
    return img


def _delete(ctx: Ctx) -> None:
    world = w(ctx)
    img = _image(ctx, _image_id(ctx), write=True)
    del world.images[img["id"]]
    world.add_event("image_delete", world.entity_ref("image", img), username=user(ctx))


# image ids contain a slash ("private/123", "linode/debian12"): both forms of the path are routed
for _tmpl in ("/images/{imageId}", "/images/{vendor}/{name}"):
    routes.get(_tmpl)(_get)
    routes.put(_tmpl)(_put)
    routes.delete(_tmpl)(_delete)


def replicate(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    img = _image(ctx, _image_id(ctx), write=True)
    regions = ctx.json_field("regions", required=True, type_=list)
    for r in regions:
        world.check_region(r, "regions")
    img["regions"] = [{"region": r, "status": "available"} for r in regions]
    return img


# "private/123/regions": the id's slash makes it four segments, like the other image paths above
for _tmpl in ("/images/{imageId}/regions", "/images/{vendor}/{name}/regions"):
    routes.post(_tmpl)(replicate)


@routes.post("/images/upload")
def upload(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_images")
    label = ctx.json_field("label", required=True, type_=str)
    region = world.check_region(ctx.json_field("region", required=True))
    num = world.next_id("image", 30_000_000)
    img = _private_image(
        ctx, num, label, size=0, status="pending_upload", capabilities=[], tags=[], region=region
    )
    return {
        "image": img,
        "upload_to": f"https://{region}-1.linodeobjects.com/linode-images/{num}?signature=demo",
    }


# ------------------------------------------------------------------------------------------ StackScripts
SS = "/linode/stackscripts/{stackscriptId}"


def _ss(ctx: Ctx, *, write: bool = False) -> dict[str, Any]:
    world = w(ctx)
    sid = ctx.params.get("stackscriptId")
    ss: dict[str, Any] = get_or_404(world.stackscripts, sid)
    if not ss["mine"]:
        if write:
            raise ApiError(403, "Unauthorized")
        return ss
    if not ss["is_public"]:
        require_entity(ctx, "stackscript", sid, write=write)
    return ss


def _apply_ss(world: World, ss: dict[str, Any], b: dict[str, Any]) -> None:
    if "label" in b:
        if not isinstance(b["label"], str) or not 3 <= len(b["label"]) <= 128:
            raise field_error("label", "Length must be 3-128 characters")
        ss["label"] = b["label"]
    if "images" in b:
        if not isinstance(b["images"], list) or not b["images"]:
            raise field_error("images", "images must be a non-empty list")
        for img in b["images"]:
            if img != "any/all" and img not in world.images:
                raise field_error("images", f"Image {img} is not valid")
        ss["images"] = list(b["images"])
    if "script" in b:
        if not isinstance(b["script"], str) or not b["script"].startswith("#!"):
            raise field_error("script", "script must start with a shebang (#!)")
        ss["script"] = b["script"]
    for key in ("description", "rev_note"):
        if key in b:
            ss[key] = b[key] or ""
    if "is_public" in b:
        if ss["is_public"] and not b["is_public"]:
            raise field_error("is_public", "A public StackScript cannot be made private.")
        ss["is_public"] = bool(b["is_public"])


@routes.get("/linode/stackscripts")
def list_stackscripts(ctx: Ctx) -> Listing:
    items: list[dict[str, Any]] = list(w(ctx).stackscripts.values())
    if ctx.token.restricted:
        items = [s for s in items if s["is_public"]] + visible(
            ctx, "stackscript", [s for s in items if not s["is_public"]]
        )
    return listing(items)


@routes.post("/linode/stackscripts")
def create_stackscript(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    require_global(ctx, "add_stackscripts")
    ctx.json_field("label", required=True)
    ctx.json_field("script", required=True)
    ctx.json_field("images", required=True)
    sid = world.next_id("stackscript", max(world.stackscripts, default=1_200_000))
    now = world.iso()
    ss: dict[str, Any] = {
        "id": sid,
        "label": "",
        "description": "",
        "images": [],
        "is_public": False,
        "mine": True,
        "username": ctx.token.username,
        "user_gravatar_id": "",
        "deployments_total": 0,
        "deployments_active": 0,
        "rev_note": "",
        "script": "",
        "user_defined_fields": [],
        "created": now,
        "updated": now,
    }
    _apply_ss(world, ss, body(ctx))
    world.stackscripts[sid] = ss
    world.add_event("stackscript_create", world.entity_ref("stackscript", ss), username=user(ctx))
    return ss


@routes.get(SS)
def get_stackscript(ctx: Ctx) -> dict[str, Any]:
    return _ss(ctx)


@routes.put(SS)
def update_stackscript(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    ss = _ss(ctx, write=True)
    was_public = ss["is_public"]
    _apply_ss(world, ss, body(ctx))
    ss["updated"] = world.iso()
    action = "stackscript_publicize" if ss["is_public"] and not was_public else "stackscript_update"
    world.add_event(action, world.entity_ref("stackscript", ss), username=user(ctx))
    return ss


@routes.delete(SS)
def delete_stackscript(ctx: Ctx) -> None:
    world = w(ctx)
    ss = _ss(ctx, write=True)
    if ss["is_public"]:
        raise ApiError(400, "Public StackScripts cannot be deleted.")
    del world.stackscripts[ss["id"]]
    world.add_event("stackscript_delete", world.entity_ref("stackscript", ss), username=user(ctx))
