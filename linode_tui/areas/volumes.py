"""The Volumes area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    REGION,
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField

VOLUMES = Area(
    "volumes",
    "Volumes",
    "/volumes",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("status", "Status", "status", 10),
        Col("size", "Size", "gb", 8),
        Col("region", "Region", width=12),
        Col("linode_label", "Attached to", width=18),
        Col("hardware_type", "HW", width=5),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("vol", "volume"),
    group="Storage",
    scope="volumes:read_only",
    entity_type="volume",
    add_grant="add_volumes",
    actions=(
        Action(
            "create",
            "Create volume",
            "POST",
            "/volumes",
            "volumes:read_write",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Label", required=True),
                FormField("size", "Size (GB)", "int", required=True, default=20),
                FormField("region", "Region", "select", choices=REGION),
                FormField("linode_id", "Attach to Linode (id)", "int"),
                FormField("tags", "Tags", "tags"),
            ),
        ),
        Action(
            "attach",
            "Attach to a Linode",
            "POST",
            "/volumes/{id}/attach",
            "volumes:read_write",
            "confirm",
            "A",
            bulk=False,
            blocked=lambda v: (
                f"attached to {v.get('linode_label') or v.get('linode_id')}" if v.get("linode_id") else None
            ),
            verb="attaching",
            consequence="{who} will be attached to {linode_id}.",
            form=(
                FormField(
                    "linode_id",
                    "Linode (same region)",
                    "select",
                    required=True,
                    choices=Choices(
                        "/linode/instances",
                        "id",
                        "label",
                        filter_from=lambda v: {"region": v.get("region")},
                    ),
                    help="A volume can only be attached to a Linode in its own region.",
                ),
            ),
        ),
        Action(
            "detach",
            "Detach",
            "POST",
            "/volumes/{id}/detach",
            "volumes:read_write",
            "type",
            "D",
            verb="detaching",
            consequence="{who} will be detached from {linode_label}.",
            blocked=lambda v: None if v.get("linode_id") else "not attached to a Linode",
            note="Unmount it first: detaching a mounted volume can lose data.",
        ),
        Action(
            "resize",
            "Resize",
            "POST",
            "/volumes/{id}/resize",
            "volumes:read_write",
            "type",
            "Z",
            bulk=False,
            verb="resizing",
            consequence="{who} will grow to the new size.",
            note="Volumes can only grow.",
            form=(FormField("size", "New size (GB)", "int", required=True, default_from="size"),),
        ),
        Action(
            "clone",
            "Clone",
            "POST",
            "/volumes/{id}/clone",
            "volumes:read_write",
            "confirm",
            "C",
            bulk=False,
            verb="cloning",
            form=(FormField("label", "Label of the clone", required=True),),
        ),
        edit_label_tags("/volumes/{id}", "volumes:read_write"),
        delete_action("/volumes/{id}", "volumes:read_write", "volume"),
    ),
)

AREA = VOLUMES
