"""Image share groups (API 4.229.1): groups of private images shared with member accounts.

A producer creates a group (``/images/sharegroups``), adds its private images to it (each becomes a
share with its own ``shared/<n>`` id) and admits members by the tokens they send; a consumer creates
tokens (``/images/sharegroups/tokens``) valid for one group's ``uuid`` and sees that group and its
images through the token.  Every request body is checked against the spec data first (types, required
fields), then the handler's own rules (images must be the account's private images, a token must
name an existing group).
"""

from __future__ import annotations

import hashlib
from typing import Any

from linode_tui.sim.framework import Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.generic import validate_body
from linode_tui.sim.handlers._common import body, get_or_404, listing, w
from linode_tui.sim.world import World

RO = ("images:read_only",)
RW = ("images:read_write",)
G = "/images/sharegroups/{sharegroupId}"
T = "/images/sharegroups/tokens/{tokenUuid}"


def _state(world: World) -> dict[str, Any]:
    """``groups`` (id → group), ``images`` (group id → share id → share), ``members`` (group id →
    token uuid → member), ``tokens`` (token uuid → token)."""
    s: dict[str, Any] = world.share_groups  # type: ignore[assignment]
    if not s:
        s.update(groups={}, images={}, members={}, tokens={})
    return s


def _uuid(world: World, kind: str) -> str:
    n = world.next_id(f"sharegroup_{kind}", 0)
    h = hashlib.sha1(f"{world.seed}-{kind}-{n}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _checked(ctx: Ctx, *, partial: bool = False) -> dict[str, Any]:
    validate_body(ctx.operation, ctx.body, partial=partial)
    return body(ctx)


def _label(b: dict[str, Any], *, required: bool) -> str | None:
    label = b.get("label")
    if label is None:
        if required:
            raise field_error("label", "label is required")
        return None
    if not isinstance(label, str) or not 1 <= len(label) <= 64:
        raise field_error("label", "label must be 1-64 characters")
    return label


def _group(ctx: Ctx) -> dict[str, Any]:
    g: dict[str, Any] = get_or_404(_state(w(ctx))["groups"], ctx.params.get("sharegroupId"))
    return g


def _counted(world: World, g: dict[str, Any]) -> dict[str, Any]:
    s = _state(world)
    return {
        **g,
        "images_count": len(s["images"].get(g["id"], {})),
        "members_count": len(s["members"].get(g["id"], {})),
    }


def _shares(world: World, g: dict[str, Any], items: Any) -> list[dict[str, Any]]:
    """Shares for ``images: [{id, label?, description?}]`` (private images of the account)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise field_error("images", "images must be an array")
    out = []
    for i, item in enumerate(items):
        image_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(image_id, str):
            raise field_error(f"images[{i}].id", f"images[{i}].id is required")
        image = world.images.get(image_id)
        if image is None or image.get("is_public"):
            raise field_error(f"images[{i}].id", "Only your private images can be shared")
        n = world.next_id("sharegroup_image", 0)
        out.append(
            {
                **{k: v for k, v in image.items() if k not in ("id", "label", "description")},
                "id": f"shared/{n}",
                "label": item.get("label") or image["label"],
                "description": item.get("description", image.get("description") or ""),
                "is_public": False,
                "is_shared": True,
                "image_sharing": {
                    "shared_by": {
                        "sharegroup_id": g["id"],
                        "sharegroup_uuid": g["uuid"],
                        "sharegroup_label": g["label"],
                        "source_image_id": image_id,
                        "source_image_label": image["label"],
                    }
                },
                "created": world.iso(),
                "updated": world.iso(),
            }
        )
    return out


# ------------------------------------------------------------------------------------------- groups
@routes.get("/images/sharegroups", scopes=RO)
def list_groups(ctx: Ctx) -> Listing:
    world = w(ctx)
    return listing(_counted(world, g) for g in _state(world)["groups"].values())


@routes.post("/images/sharegroups", scopes=RW)
def create_group(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    b = _checked(ctx)
    label = _label(b, required=True)
    s = _state(world)
    gid = world.next_id("sharegroup", 500)
    now = world.iso()
    g = {
        "id": gid,
        "uuid": _uuid(world, "group"),
        "label": label,
        "description": b.get("description") or "",
        "is_suspended": False,
        "created": now,
        "updated": now,
        "expiry": None,
    }
    shares = _shares(world, g, b.get("images"))
    s["groups"][gid] = g
    s["images"][gid] = {x["id"]: x for x in shares}
    s["members"][gid] = {}
    return _counted(world, g)


@routes.get(G, scopes=RO)
def get_group(ctx: Ctx) -> dict[str, Any]:
    return _counted(w(ctx), _group(ctx))


@routes.put(G, scopes=RW)
def update_group(ctx: Ctx) -> dict[str, Any]:
    g = _group(ctx)
    b = _checked(ctx, partial=True)
    label = _label(b, required=False)
    if label is not None:
        g["label"] = label
    if "description" in b:
        g["description"] = b["description"] or ""
    g["updated"] = w(ctx).iso()
    return _counted(w(ctx), g)


@routes.delete(G, scopes=RW)
def delete_group(ctx: Ctx) -> None:
    g = _group(ctx)
    s = _state(w(ctx))
    for key in ("groups", "images", "members"):
        s[key].pop(g["id"], None)
    for tok in s["tokens"].values():  # tokens for a deleted group no longer admit anyone
        if tok["valid_for_sharegroup_uuid"] == g["uuid"]:
            tok["status"] = "sharegroup_deleted"


def _image_param(ctx: Ctx) -> str:
    """The image id of the path: ``private/123`` has a slash, so it may come as two segments."""
    if "vendor" in ctx.params:
        return f"{ctx.params['vendor']}/{ctx.params['name']}"
    return str(ctx.params.get("imageId"))


def groups_of_image(ctx: Ctx) -> Listing:
    world = w(ctx)
    image_id = _image_param(ctx)
    get_or_404(world.images, image_id)
    s = _state(world)
    return listing(
        _counted(world, g)
        for gid, g in s["groups"].items()
        if any(
            x["image_sharing"]["shared_by"]["source_image_id"] == image_id
            for x in s["images"].get(gid, {}).values()
        )
    )


# image ids contain a slash ("private/123"): both forms of the path are routed, like /images/{imageId}
for _tmpl in ("/images/{imageId}/sharegroups", "/images/{vendor}/{name}/sharegroups"):
    routes.get(_tmpl, scopes=RO)(groups_of_image)


# ------------------------------------------------------------------------------------------- images
@routes.get(G + "/images", scopes=RO)
def list_shares(ctx: Ctx) -> Listing:
    return listing(_state(w(ctx))["images"].get(_group(ctx)["id"], {}).values())


@routes.post(G + "/images", scopes=RW)
def add_shares(ctx: Ctx) -> Listing:
    world = w(ctx)
    g = _group(ctx)
    b = _checked(ctx)
    if not b.get("images"):
        raise field_error("images", "images is required")
    shares = _shares(world, g, b.get("images"))
    _state(world)["images"][g["id"]].update({x["id"]: x for x in shares})
    return listing(shares)


def _share(ctx: Ctx) -> dict[str, Any]:
    share: dict[str, Any] = get_or_404(
        _state(w(ctx))["images"].get(_group(ctx)["id"], {}), _image_param(ctx)
    )
    return share


def update_share(ctx: Ctx) -> dict[str, Any]:
    share = _share(ctx)
    b = _checked(ctx, partial=True)
    label = _label(b, required=False)
    if label is not None:
        share["label"] = label
    if "description" in b:
        share["description"] = b["description"] or ""
    share["updated"] = w(ctx).iso()
    return share


def remove_share(ctx: Ctx) -> None:
    share = _share(ctx)
    del _state(w(ctx))["images"][_group(ctx)["id"]][share["id"]]


# a share's id ("shared/1") has a slash: both forms of the path are routed
for _tmpl in (G + "/images/{imageId}", G + "/images/{vendor}/{name}"):
    routes.put(_tmpl, scopes=RW)(update_share)
    routes.delete(_tmpl, scopes=RW)(remove_share)


# ------------------------------------------------------------------------------------------ members
@routes.get(G + "/members", scopes=RO)
def list_members(ctx: Ctx) -> Listing:
    return listing(_state(w(ctx))["members"].get(_group(ctx)["id"], {}).values())


@routes.post(G + "/members", scopes=RW)
def add_member(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    g = _group(ctx)
    b = _checked(ctx)
    label = _label(b, required=True)
    token = b.get("token")
    if not isinstance(token, str) or not token:
        raise field_error("token", "token is required")
    s = _state(world)
    known = next((t for t in s["tokens"].values() if t["token"] == token), None)
    if known is not None and known["valid_for_sharegroup_uuid"] != g["uuid"]:
        raise field_error("token", "This token is not valid for this share group")
    token_uuid = known["token_uuid"] if known is not None else _uuid(world, "token")
    if token_uuid in s["members"][g["id"]]:
        raise field_error("token", "This token is already a member of the share group")
    now = world.iso()
    member = {
        "token_uuid": token_uuid,
        "label": label,
        "status": "active",
        "created": now,
        "updated": now,
        "expiry": None,
    }
    s["members"][g["id"]][token_uuid] = member
    if known is not None:
        known["status"] = "active"
    return member


def _member(ctx: Ctx) -> dict[str, Any]:
    m: dict[str, Any] = get_or_404(
        _state(w(ctx))["members"].get(_group(ctx)["id"], {}), str(ctx.params.get("tokenUuid"))
    )
    return m


@routes.get(G + "/members/{tokenUuid}", scopes=RO)
def get_member(ctx: Ctx) -> dict[str, Any]:
    return _member(ctx)


@routes.put(G + "/members/{tokenUuid}", scopes=RW)
def update_member(ctx: Ctx) -> dict[str, Any]:
    m = _member(ctx)
    b = _checked(ctx)
    m["label"] = _label(b, required=True)
    m["updated"] = w(ctx).iso()
    return m


@routes.delete(G + "/members/{tokenUuid}", scopes=RW)
def remove_member(ctx: Ctx) -> None:
    m = _member(ctx)
    del _state(w(ctx))["members"][_group(ctx)["id"]][m["token_uuid"]]
    tok = _state(w(ctx))["tokens"].get(m["token_uuid"])
    if tok is not None:
        tok["status"] = "revoked"


# ------------------------------------------------------------------------------------------- tokens
def _public_token(t: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in t.items() if k != "token"}  # the secret is shown once, on creation


@routes.get("/images/sharegroups/tokens", scopes=RO)
def list_tokens(ctx: Ctx) -> Listing:
    return listing(_public_token(t) for t in _state(w(ctx))["tokens"].values())


@routes.post("/images/sharegroups/tokens", scopes=RW)
def create_token(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    b = _checked(ctx)
    label = _label(b, required=False) or "token"
    s = _state(world)
    target = b.get("valid_for_sharegroup_uuid")
    group = next((g for g in s["groups"].values() if g["uuid"] == target), None)
    if group is None:
        raise field_error("valid_for_sharegroup_uuid", "Share group not found")
    now = world.iso()
    token_uuid = _uuid(world, "token")
    tok = {
        "token_uuid": token_uuid,
        "label": label,
        "status": "pending",
        "valid_for_sharegroup_uuid": target,
        "sharegroup_uuid": None,
        "sharegroup_label": None,
        "created": now,
        "updated": now,
        "expiry": None,
        "token": hashlib.sha256(f"{world.seed}-{token_uuid}".encode()).hexdigest(),
    }
    s["tokens"][token_uuid] = tok
    return dict(tok)


def _token(ctx: Ctx) -> dict[str, Any]:
    t: dict[str, Any] = get_or_404(_state(w(ctx))["tokens"], str(ctx.params.get("tokenUuid")))
    return t


@routes.get(T, scopes=RO)
def get_token(ctx: Ctx) -> dict[str, Any]:
    return _public_token(_token(ctx))


@routes.put(T, scopes=RW)
def update_token(ctx: Ctx) -> dict[str, Any]:
    t = _token(ctx)
    b = _checked(ctx)
    t["label"] = _label(b, required=True)
    t["updated"] = w(ctx).iso()
    return _public_token(t)


@routes.delete(T, scopes=RW)
def delete_token(ctx: Ctx) -> None:
    t = _token(ctx)
    s = _state(w(ctx))
    del s["tokens"][t["token_uuid"]]
    for members in s["members"].values():
        members.pop(t["token_uuid"], None)


def _joined(ctx: Ctx) -> dict[str, Any]:
    """The group a token is an active member of (404 while the producer has not admitted it)."""
    t = _token(ctx)
    s = _state(w(ctx))
    for gid, members in s["members"].items():
        if t["token_uuid"] in members:
            group: dict[str, Any] = s["groups"][gid]
            return group
    raise not_found()


@routes.get(T + "/sharegroup", scopes=RO)
def group_by_token(ctx: Ctx) -> dict[str, Any]:
    g = _joined(ctx)
    return {k: g[k] for k in ("id", "uuid", "label", "description", "is_suspended", "created", "updated")}


@routes.get(T + "/sharegroup/images", scopes=RO)
def images_by_token(ctx: Ctx) -> Listing:
    g = _joined(ctx)
    return listing(_state(w(ctx))["images"].get(g["id"], {}).values())
