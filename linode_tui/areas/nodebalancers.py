"""The NodeBalancers area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Area, Col, Tab

NODEBALANCERS = Area(
    "nodebalancers",
    "NodeBalancers",
    "/nodebalancers",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=22),
        Col("region", "Region", width=12),
        Col("hostname", "Hostname", width=30),
        Col("ipv4", "IPv4", width=16),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("nb", "nodebalancer"),
    group="Network",
    scope="nodebalancers:read_only",
    entity_type="nodebalancer",
    stats="nodebalancer",
    add_grant="add_nodebalancers",
    status_key=None,
    tabs=(
        Tab(
            "configs",
            "Configs",
            "/nodebalancers/{id}/configs",
            columns=(
                Col("id", "ID", "int"),
                Col("port", "Port", "int"),
                Col("protocol", "Protocol"),
                Col("algorithm", "Algorithm"),
                Col("check", "Check"),
                Col("nodes_status.up", "Up", "int"),
                Col("nodes_status.down", "Down", "int"),
            ),
        ),
        Tab(
            "firewalls",
            "Firewalls",
            "/nodebalancers/{id}/firewalls",
            link_area="firewalls",
            columns=(Col("id", "ID", "int"), Col("label", "Label"), Col("status", "Status", "status")),
        ),
    ),
    actions=(
        edit_label_tags("/nodebalancers/{id}", "nodebalancers:read_write"),
        delete_action("/nodebalancers/{id}", "nodebalancers:read_write", "NodeBalancer"),
    ),
)

AREA = NODEBALANCERS
