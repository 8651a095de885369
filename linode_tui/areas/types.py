"""The Plans area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

TYPES = Area(
    "types",
    "Plans",
    "/linode/types",
    (
        Col("id", "ID", width=20),
        Col("label", "Label", width=22),
        Col("class", "Class", width=10),
        Col("vcpus", "vCPU", "int", 5),
        Col("memory", "Memory", "mb", 8),
        Col("disk", "Disk", "mb", 8),
        Col("transfer", "Transfer", "int", 8),
        Col("price.monthly", "$/mo", "money", 8),
        Col("price.hourly", "$/h", "money", 7),
    ),
    aliases=("type", "plans"),
    group="Catalogue",
    status_key=None,
)

AREA = TYPES
