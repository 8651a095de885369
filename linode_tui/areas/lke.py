"""The Kubernetes (LKE) area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Action, Area, Col, Tab

LKE = Area(
    "lke",
    "Kubernetes (LKE)",
    "/lke/clusters",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("region", "Region", width=12),
        Col("k8s_version", "Version", width=8),
        Col("control_plane.high_availability", "HA", "bool", 5),
        Col("status", "Status", "status", 10),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("k8s", "kubernetes", "clusters"),
    group="Compute",
    scope="lke:read_only",
    entity_type="lkecluster",
    tabs=(
        Tab(
            "pools",
            "Node pools",
            "/lke/clusters/{id}/pools",
            columns=(
                Col("id", "ID", "int"),
                Col("type", "Plan"),
                Col("count", "Nodes", "int"),
                Col("nodes", "Node list", "count"),
                Col("autoscaler.enabled", "Autoscale", "bool"),
            ),
        ),
        Tab(
            "endpoints",
            "API endpoints",
            "/lke/clusters/{id}/api-endpoints",
            columns=(Col("endpoint", "Endpoint"),),
        ),
    ),
    actions=(
        Action(
            "recycle",
            "Recycle all nodes",
            "POST",
            "/lke/clusters/{id}/recycle",
            "lke:read_write",
            "type",
            None,
            bulk=False,
            verb="recycling",
        ),
        delete_action("/lke/clusters/{id}", "lke:read_write", "cluster"),
    ),
)

AREA = LKE
