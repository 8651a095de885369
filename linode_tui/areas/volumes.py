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
    actions=(
        Action(
            "create",
            "Create volume",
            "POST",
            "/volumes",
            "volumes:read_write",
            binding="n",
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
            only_if=lambda v: not v.get("linode_id"),
            verb="attaching",
            form=(
                FormField(
                    "linode_id",
                    "Linode",
                    "select",
                    required=True,
                    choices=Choices("/linode/instances", "id", "label"),
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
            only_if=lambda v: bool(v.get("linode_id")),
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
