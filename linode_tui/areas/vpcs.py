"""The VPCs area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col, Tab


def vpc_delete_blocked(vpc: dict[str, Any]) -> str | None:
    """The API refuses to delete a VPC while Linodes are assigned to its subnets."""
    busy = [s for s in vpc.get("subnets") or [] if isinstance(s, dict) and s.get("linodes")]
    if not busy:
        return None
    n = sum(len(s.get("linodes") or []) for s in busy)
    names = ", ".join(str(s.get("label")) for s in busy)
    return (
        f"{n} Linode{'s' if n != 1 else ''} assigned to subnet{'s' if len(busy) != 1 else ''} {names}: "
        "remove them from the VPC (their config interfaces) first"
    )


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
    actions=(delete_action("/vpcs/{id}", "vpc:read_write", "VPC", blocked=vpc_delete_blocked),),
)

AREA = VPCS
