"""Object Storage access keys: create (all buckets or limited per bucket; the secret shown once),
rename, revoke."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import REGION
from linode_tui.core.descriptors import Action, Area, Col, FormField, Reveal

RW = "object_storage:read_write"


def bucket_access(text: str) -> list[dict[str, Any]]:
    """``region/bucket:read_only`` (or ``:read_write``), comma separated."""
    from linode_tui.api.errors import ValidationError

    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        where, _, perm = part.rpartition(":")
        region, _, bucket = where.partition("/")
        if perm not in ("read_only", "read_write") or not region or not bucket:
            raise ValidationError(
                "Bad bucket access",
                field_errors={"buckets": f"{part!r}: write region/bucket:read_only or :read_write"},
            )
        out.append({"region": region, "bucket_name": bucket, "permissions": perm})
    return out


def key_body(values: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"label": values.get("label")}
    if values.get("regions"):
        body["regions"] = list(values["regions"])
    limited = bucket_access(values.get("buckets") or "")
    if limited:
        body["bucket_access"] = limited
    return body


def _reveal(result: Any) -> Reveal | None:
    if not isinstance(result, dict) or not result.get("secret_key"):
        return None
    return Reveal(
        f"New access key — {result.get('label')}",
        f"access_key = {result.get('access_key')}\nsecret_key = {result.get('secret_key')}",
        "This is the only time the secret key is shown: it is never stored or exported. Copy it now "
        "(e.g. into s3cmd, rclone or aws configure).",
    )


OBJKEYS = Area(
    "objkeys",
    "Access keys",
    "/object-storage/keys",
    (
        Col("id", "ID", "int", 8),
        Col("label", "Label", width=24),
        Col("access_key", "Access key", width=22),
        Col("limited", "Limited", "bool", 8),
        Col("regions", "Regions", "count", 8),
    ),
    aliases=("s3keys", "objkey", "accesskeys"),
    group="Storage",
    scope="object_storage:read_only",
    status_key=None,
    description="Object Storage access keys (S3 credentials).",
    actions=(
        Action(
            "create",
            "Create access key",
            "POST",
            "/object-storage/keys",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Label", required=True),
                FormField("regions", "Regions (none: all)", "multiselect", choices=REGION),
                FormField(
                    "buckets",
                    "Limit to buckets",
                    help="region/bucket:read_only or :read_write, comma separated; empty: all buckets",
                ),
            ),
            to_body=key_body,
            reveal=_reveal,
        ),
        Action(
            "rename",
            "Rename",
            "PUT",
            "/object-storage/keys/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="renamed",
            form=(FormField("label", "Label", required=True, default_from="label"),),
        ),
        Action(
            "delete",
            "Revoke key",
            "DELETE",
            "/object-storage/keys/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="revoked",
            consequence="Everything using key {who} loses access at once. It cannot be undone.",
        ),
    ),
)

AREA = OBJKEYS
