"""The Images area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col

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
        delete_action(
            "/images/{id}",
            "images:read_write",
            "image",
            blocked=lambda i: (
                "public images belong to Linode and cannot be deleted" if i.get("is_public") else None
            ),
        ),
    ),
)

AREA = IMAGES
