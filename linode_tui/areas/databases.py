"""The Databases area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

DATABASES = Area(
    "databases",
    "Databases",
    "/databases/instances",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("engine", "Engine", width=10),
        Col("version", "Version", width=8),
        Col("region", "Region", width=12),
        Col("type", "Plan", width=18),
        Col("cluster_size", "Nodes", "int", 5),
        Col("status", "Status", "status", 12),
    ),
    aliases=("db", "database", "dbs"),
    group="Storage",
    scope="databases:read_only",
    entity_type="database",
    add_grant="add_databases",
    detail_path="/databases/{engine}/instances/{id}",
)

AREA = DATABASES
