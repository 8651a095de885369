"""Object Storage: clusters, buckets (+ objects, access, ACL, SSL), access keys, types, transfer."""

from __future__ import annotations

import re
from typing import Any

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found, routes
from linode_tui.sim.handlers._common import (
    body,
    find_by,
    get_or_404,
    listing,
    require_unrestricted,
    str_param,
    user,
    w,
)
from linode_tui.sim.seed import OBJ_REGIONS, hex_id
from linode_tui.sim.world import World

B = "/object-storage/buckets/{regionId}/{bucket}"


def _region_of(world: World, region_or_cluster: str) -> str:
    for c in world.obj_clusters:
        if region_or_cluster in (c["id"], c["region"]):
            region: str = c["region"]
            return region
    raise not_found()


def _bucket(ctx: Ctx) -> tuple[tuple[str, str], dict[str, Any]]:
    world = w(ctx)
    region = _region_of(world, str_param(ctx, "regionId"))
    key = (region, str_param(ctx, "bucket"))
    bucket: dict[str, Any] = get_or_404(world.buckets, key)
    return key, bucket


@routes.get("/object-storage/clusters")
def clusters(ctx: Ctx) -> Listing:
    return listing(w(ctx).obj_clusters)


@routes.get("/object-storage/clusters/{clusterId}")
def cluster(ctx: Ctx) -> dict[str, Any]:
    return find_by(w(ctx).obj_clusters, str_param(ctx, "clusterId"))


@routes.get("/object-storage/types")
def types(ctx: Ctx) -> Listing:
    return listing(w(ctx).price_lists["object-storage"])


@routes.get("/object-storage/transfer")
def transfer(ctx: Ctx) -> dict[str, Any]:
    world = w(ctx)
    return {"used": int(sum(b["size"] for b in world.buckets.values()) * 0.3)}


@routes.get("/object-storage/buckets")
def list_buckets(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(w(ctx).buckets.values())


@routes.get("/object-storage/buckets/{regionId}")
def list_region_buckets(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    world = w(ctx)
    region = _region_of(world, str_param(ctx, "regionId"))
    return listing(b for (r, _), b in world.buckets.items() if r == region)


@routes.post("/object-storage/buckets")
def create_bucket(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    if not 3 <= len(label) <= 63 or not all(c.islower() or c.isdigit() or c in "-." for c in label):
        raise field_error("label", "Bucket names must be 3-63 lowercase letters, numbers, dashes or periods")
    where = ctx.json_field("region") or ctx.json_field("cluster")
    if where is None:
        raise field_error("region", "region is required")
    try:
        region = _region_of(world, str(where))
    except ApiError:
        raise field_error("region", "region is not valid") from None
    if region not in OBJ_REGIONS:
        raise field_error("region", "region is not valid")
    if any(lbl == label for (_, lbl) in world.buckets):
        raise field_error("label", "A bucket with this name already exists.")
    key = (region, label)
    world.buckets[key] = {
        "label": label,
        "region": region,
        "cluster": f"{region}-1",
        "created": world.iso(),
        "hostname": f"{label}.{region}-1.linodeobjects.com",
        "objects": 0,
        "size": 0,
        "endpoint_type": "E1",
        "s3_endpoint": f"{region}-1.linodeobjects.com",
    }
    world.bucket_objects[key] = []
    world.bucket_access[key] = {
        "acl": ctx.json_field("acl") or "private",
        "cors_enabled": bool(ctx.json_field("cors_enabled")),
    }
    return world.buckets[key]


@routes.get(B)
def get_bucket(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    return _bucket(ctx)[1]


@routes.delete(B)
def delete_bucket(ctx: Ctx) -> None:
    require_unrestricted(ctx)
    world = w(ctx)
    key, _ = _bucket(ctx)
    if world.bucket_objects.get(key):
        raise ApiError(400, "Bucket is not empty.")
    del world.buckets[key]
    world.bucket_objects.pop(key, None)
    world.bucket_access.pop(key, None)


@routes.get(B + "/object-list")
def object_list(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    objs = w(ctx).bucket_objects.get(key, [])
    prefix = ctx.query.get("prefix", "")
    marker = ctx.query.get("marker", "")
    try:
        size = max(1, min(1000, int(ctx.query.get("page_size", "100"))))
    except ValueError:
        raise field_error("page_size", "page_size must be an integer") from None
    chosen = [o for o in objs if o["name"].startswith(prefix) and o["name"] > marker][: size + 1]
    truncated = len(chosen) > size
    chosen = chosen[:size]
    return {
        "data": chosen,
        "is_truncated": truncated,
        "next_marker": chosen[-1]["name"] if truncated and chosen else None,
    }


@routes.post(B + "/access")
@routes.put(B + "/access")
def bucket_access(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    b = body(ctx)
    acl = b.get("acl")
    if acl is not None and acl not in ("private", "public-read", "authenticated-read", "public-read-write"):
        raise field_error("acl", "acl is not valid")
    access = w(ctx).bucket_access.setdefault(key, {"acl": "private", "cors_enabled": False})
    if acl is not None:
        access["acl"] = acl
    if "cors_enabled" in b:
        access["cors_enabled"] = bool(b["cors_enabled"])
    return {}


@routes.get(B + "/access")
def get_bucket_access(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    access: dict[str, Any] = w(ctx).bucket_access.get(key, {"acl": "private", "cors_enabled": False})
    return access


def _object(ctx: Ctx, key: tuple[str, str], name: Any) -> dict[str, Any]:
    for o in w(ctx).bucket_objects.get(key, []):
        if o["name"] == name:
            return o
    raise field_error("name", "Object not found")


def _acl_view(acl: str) -> dict[str, Any]:
    return {"acl": acl, "acl_xml": f"<AccessControlPolicy><Grant>{acl}</Grant></AccessControlPolicy>"}


@routes.get(B + "/object-acl")
def object_acl(ctx: Ctx) -> dict[str, Any]:
    """An object's ACL: its own once set, else the bucket's."""
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    obj = _object(ctx, key, ctx.query.get("name"))
    return _acl_view(obj.get("acl") or w(ctx).bucket_access.get(key, {}).get("acl", "private"))


@routes.put(B + "/object-acl")
def put_object_acl(ctx: Ctx) -> dict[str, Any]:
    """Set one object's ACL (``custom`` is what the API reports for an ACL set through S3, never sent)."""
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    b = body(ctx)
    obj = _object(ctx, key, b.get("name"))
    if b.get("acl") == "custom":
        raise field_error("acl", "acl is not valid")
    obj["acl"] = b["acl"]
    return _acl_view(obj["acl"])


@routes.post(B + "/object-url")
def object_url(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    _, bucket = _bucket(ctx)
    name = ctx.json_field("name", required=True, type_=str)
    method = ctx.json_field("method", required=True, type_=str)
    return {
        "url": f"https://{bucket['hostname']}/{name}?X-Amz-Method={method}&X-Amz-Expires=3600&X-Amz-Signature="
        f"{hex_id(w(ctx).rng_for(len(name)), 32)}"
    }


@routes.get(B + "/ssl")
def bucket_ssl(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    return {"ssl": bool(w(ctx).bucket_access.get(key, {}).get("ssl"))}


_PEM_CERT = re.compile(r"-----BEGIN CERTIFICATE-----\s+[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----")
_PEM_KEY = re.compile(
    r"-----BEGIN (RSA |EC )?PRIVATE KEY-----\s+[A-Za-z0-9+/=\s]+-----END (RSA |EC )?PRIVATE KEY-----"
)


@routes.post(B + "/ssl")
def upload_bucket_ssl(ctx: Ctx) -> dict[str, Any]:
    """A bucket's TLS certificate and key (PEM); the key is kept only as "has a certificate"."""
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    cert = ctx.json_field("certificate", required=True, type_=str)
    private = ctx.json_field("private_key", required=True, type_=str)
    if not _PEM_CERT.search(cert):
        raise field_error("certificate", "certificate must be a PEM-encoded certificate")
    if not _PEM_KEY.search(private):
        raise field_error("private_key", "private_key must be a PEM-encoded private key")
    access = w(ctx).bucket_access.setdefault(key, {"acl": "private", "cors_enabled": False})
    if access.get("ssl"):
        raise ApiError(400, "This bucket already has a certificate: delete it first.")
    access["ssl"] = True
    return {"ssl": True}


@routes.delete(B + "/ssl")
def delete_bucket_ssl(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key, _ = _bucket(ctx)
    access = w(ctx).bucket_access.get(key) or {}
    if not access.get("ssl"):
        raise ApiError(404, "Not found")
    access["ssl"] = False
    return {}


# -------------------------------------------------------------------------------------------------- keys
@routes.get("/object-storage/keys")
def list_keys(ctx: Ctx) -> Listing:
    require_unrestricted(ctx)
    return listing(w(ctx).obj_keys.values())


@routes.post("/object-storage/keys")
def create_key(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    label = ctx.json_field("label", required=True, type_=str)
    if not 1 <= len(label) <= 50:
        raise field_error("label", "Length must be 1-50 characters")
    access = body(ctx).get("bucket_access")
    regions = body(ctx).get("regions") or list(OBJ_REGIONS)
    for r in regions:
        if r not in OBJ_REGIONS:
            raise field_error("regions", f"Region {r} does not support Object Storage")
    kid = world.next_id("objkey", max(world.obj_keys, default=4000))
    rng = world.rng_for(kid, 77)
    key = {
        "id": kid,
        "label": label,
        "access_key": hex_id(rng, 20).upper(),
        "limited": bool(access),
        "bucket_access": [{**a, "cluster": f"{a.get('region')}-1"} for a in access] if access else None,
        "regions": [
            {"id": r, "s3_endpoint": f"{r}-1.linodeobjects.com", "endpoint_type": "E1"} for r in regions
        ],
    }
    world.obj_keys[kid] = {**key, "secret_key": "[REDACTED]"}
    world.add_event("obj_access_key_create", None, username=user(ctx))
    return {**key, "secret_key": hex_id(rng, 40)}  # the secret is shown once


@routes.get("/object-storage/keys/{keyId}")
def get_key(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    key: dict[str, Any] = get_or_404(w(ctx).obj_keys, ctx.params.get("keyId"))
    return key


@routes.put("/object-storage/keys/{keyId}")
def update_key(ctx: Ctx) -> dict[str, Any]:
    require_unrestricted(ctx)
    world = w(ctx)
    key: dict[str, Any] = get_or_404(world.obj_keys, ctx.params.get("keyId"))
    if "label" in body(ctx):
        key["label"] = ctx.json_field("label", type_=str)
    world.add_event("obj_access_key_update", None, username=user(ctx))
    return key


@routes.delete("/object-storage/keys/{keyId}")
def delete_key(ctx: Ctx) -> None:
    require_unrestricted(ctx)
    world = w(ctx)
    key = get_or_404(world.obj_keys, ctx.params.get("keyId"))
    del world.obj_keys[key["id"]]
    world.add_event("obj_access_key_delete", None, username=user(ctx))


@routes.post("/object-storage/cancel")
def cancel(ctx: Ctx) -> dict[str, Any]:
    """Cancel Object Storage: the API removes every bucket and its contents (irretrievably)."""
    require_unrestricted(ctx)
    world = w(ctx)
    if world.account_settings.get("object_storage") == "disabled":
        raise ApiError(400, "Object Storage is not active on this account")
    world.buckets.clear()
    world.bucket_objects.clear()
    world.bucket_access.clear()
    world.account_settings["object_storage"] = "disabled"
    return {}
