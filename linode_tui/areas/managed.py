"""The Managed services area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

MANAGED = Area(
    "managed",
    "Managed services",
    "/managed/services",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("service_type", "Type", width=6),
        Col("address", "Address", width=30),
        Col("status", "Status", "status", 9),
    ),
    aliases=("mgd",),
    group="Monitoring",
    scope="account:read_only",
    entity_type="managed_service",
)

AREA = MANAGED
