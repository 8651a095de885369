"""The VPCs area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col, Tab

VPCS = Area(
    "vpcs",
    "VPCs",
    "/vpcs",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("region", "Region", width=12),
        Col("subnets", "Subnets", "count", 8),
        Col("description", "Description", width=30),
    ),
    aliases=("vpc",),
    group="Network",
    scope="",
    entity_type="vpc",
    add_grant="add_vpcs",
    status_key=None,
    tabs=(
        Tab(
            "subnets",
            "Subnets",
            "/vpcs/{id}/subnets",
            columns=(
                Col("id", "ID", "int"),
                Col("label", "Label"),
                Col("ipv4", "IPv4 range"),
                Col("linodes", "Linodes", "count"),
            ),
        ),
        Tab(
            "ips",
            "IPs",
            "/vpcs/{id}/ips",
            columns=(
                Col("address", "Address"),
                Col("linode_id", "Linode", "int"),
                Col("subnet_id", "Subnet", "int"),
                Col("active", "Active", "bool"),
            ),
        ),
    ),
    actions=(delete_action("/vpcs/{id}", "vpc:read_write", "VPC"),),
)

AREA = VPCS
