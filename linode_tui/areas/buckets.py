"""The Object Storage area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col, Tab

BUCKETS = Area(
    "buckets",
    "Object Storage",
    "/object-storage/buckets",
    (
        Col("label", "Bucket", width=28),
        Col("region", "Region", width=12),
        Col("hostname", "Hostname", width=40),
        Col("objects", "Objects", "int", 8),
        Col("size", "Size (bytes)", "int", 12),
        Col("created", "Created", "date"),
    ),
    aliases=("obj", "bucket", "objectstorage"),
    group="Storage",
    scope="object_storage:read_only",
    id_key="label",
    row_key=lambda b: f"{b.get('region')}/{b.get('label')}",
    detail_path="/object-storage/buckets/{region}/{label}",
    status_key=None,
    tabs=(
        Tab(
            "objects",
            "Objects",
            "/object-storage/buckets/{region}/{label}/object-list",
            columns=(
                Col("name", "Name"),
                Col("size", "Size", "int"),
                Col("last_modified", "Modified", "date"),
            ),
        ),
    ),
)

AREA = BUCKETS
