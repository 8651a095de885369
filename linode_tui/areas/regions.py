"""The Regions area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

REGIONS = Area(
    "regions",
    "Regions",
    "/regions",
    (
        Col("id", "ID", width=14),
        Col("label", "Label", width=20),
        Col("country", "Country", width=7),
        Col("status", "Status", "status", 7),
        Col("site_type", "Site", width=11),
        Col("capabilities", "Capabilities", "count", 5),
    ),
    aliases=("region", "dc"),
    group="Catalogue",
)

AREA = REGIONS
