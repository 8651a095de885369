"""The Images area: capture from a disk (picked: the Linode, then one of its disks), upload a local
image file (a signed URL; the app PUTs the file with progress in the status panel), edit,
replicate to regions, delete (own images only)."""

from __future__ import annotations

from typing import Any

from msgspec.structs import replace

from linode_tui.areas._shared import REGION
from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "images:read_write"


def own(image: dict[str, Any]) -> bool:
    """Images of this account (``private/…``); Linode's public images cannot be changed."""
    return str(image.get("id") or "").startswith("private/") and not image.get("is_public")


async def _replicate_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The region picker starts with the regions the image is in (a region left out is removed)."""
    current = [r.get("region") for r in item.get("regions") or [] if isinstance(r, dict)]
    return tuple(replace(f, default=current) if f.name == "regions" else f for f in action.form)


def _not_own(image: dict[str, Any]) -> str | None:
    if own(image):
        return None
    return f"{image.get('label')} is one of Linode's public images: only your own images can be changed"


IMAGES = Area(
    "images",
    "Images",
    "/images",
    (
        Col("id", "ID", width=24),
        Col("label", "Label", width=24),
        Col("vendor", "Vendor", width=10),
        Col("size", "Size", "mb", 9),
        Col("status", "Status", "status", 10),
        Col("is_public", "Public", "bool", 6),
        Col("deprecated", "Deprecated", "bool", 5),
        Col("created", "Created", "date"),
    ),
    aliases=("img", "image"),
    group="Compute",
    scope="images:read_only",
    entity_type="image",
    add_grant="add_images",
    actions=(
        Action(
            "capture",
            "Capture image from a disk",
            "POST",
            "/images",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="capturing",
            opens="linode_tui.ui.views.imageflows.CaptureFlow",
            form=(
                FormField("disk_id", "Disk ID", "int", required=True, help="Linodes › a Linode › Disks tab"),
                FormField("label", "Label", help="Empty: the disk's label"),
                FormField("description", "Description"),
                FormField("cloud_init", "The image supports cloud-init", "bool"),
                FormField("tags", "Tags", "tags"),
            ),
            note="Shut the Linode down first for a consistent image.",
        ),
        Action(
            "upload",
            "Upload an image file",
            "POST",
            "/images/upload",
            RW,
            binding="U",
            on_collection=True,
            bulk=False,
            verb="upload URL signed",
            opens="linode_tui.ui.views.imageflows.ImageUploadDialog",
            form=(
                FormField("label", "Label", required=True),
                FormField("region", "Region", "select", required=True, choices=REGION),
                FormField(
                    "file",
                    "Local image file (.img.gz)",
                    help="Uploaded by the app, progress in the status panel; empty: show the signed URL",
                ),
                FormField("description", "Description"),
                FormField("cloud_init", "The image supports cloud-init", "bool"),
                FormField("tags", "Tags", "tags"),
            ),
            note="A raw disk image compressed with gzip, up to 6 GB uncompressed.",
        ),
        Action(
            "edit",
            "Edit image",
            "PUT",
            "/images/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            blocked=_not_own,
            form=(
                FormField("label", "Label", required=True, default_from="label"),
                FormField("description", "Description", default_from="description"),
                FormField("tags", "Tags", "tags", default_from="tags"),
            ),
        ),
        Action(
            "replicate",
            "Replicate to regions",
            "POST",
            "/images/{id}/regions",
            RW,
            danger="confirm",
            bulk=False,
            verb="replicating",
            blocked=_not_own,
            consequence="{who} is kept in exactly the regions picked (others removed), billed per region.",
            form=(FormField("regions", "Regions", "multiselect", required=True, choices=REGION),),
            prepare_form=_replicate_form,
        ),
        Action(
            "delete",
            "Delete image",
            "DELETE",
            "/images/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            blocked=_not_own,
            consequence="Image {who} is deleted; Linodes made from it keep running. It cannot be undone.",
        ),
    ),
)

AREA = IMAGES
