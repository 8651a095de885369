"""The Placement groups area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col

PLACEMENT = Area(
    "placement",
    "Placement groups",
    "/placement/groups",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("region", "Region", width=12),
        Col("placement_group_type", "Type", width=20),
        Col("placement_group_policy", "Policy", width=9),
        Col("is_compliant", "Compliant", "bool", 9),
        Col("members", "Members", "count", 8),
    ),
    aliases=("pg", "placementgroups"),
    group="Compute",
    scope="placement:read_only",
    entity_type="placement_group",
    add_grant="add_placement_groups",
    status_key=None,
    actions=(delete_action("/placement/groups/{id}", "linodes:read_write", "placement group"),),
)

AREA = PLACEMENT
