"""The Longview area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

LONGVIEW = Area(
    "longview",
    "Longview",
    "/longview/clients",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("created", "Created", "date"),
        Col("updated", "Updated", "date"),
    ),
    aliases=("lv",),
    group="Monitoring",
    scope="longview:read_only",
    entity_type="longview",
    add_grant="add_longview",
    status_key=None,
)

AREA = LONGVIEW
