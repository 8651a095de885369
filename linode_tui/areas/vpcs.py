"""The VPCs area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    REGION,
    delete_action,
)
from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab


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


RW = "vpc:read_write"


def subnet_in_use(s: dict[str, Any]) -> str | None:
    n = len(s.get("linodes") or [])
    return f"{n} Linode{'s' if n != 1 else ''} assigned: remove their VPC interfaces first" if n else None


SUBNET_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Add a subnet",
        "POST",
        "/vpcs/{parent}/subnets",
        RW,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Label", required=True),
            FormField("ipv4", "IPv4 range (CIDR, e.g. 10.0.2.0/24)", required=True),
        ),
    ),
    Action(
        "edit",
        "Rename subnet",
        "PUT",
        "/vpcs/{parent}/subnets/{id}",
        RW,
        bulk=False,
        verb="updated",
        form=(FormField("label", "Label", required=True, default_from="label"),),
    ),
    Action(
        "delete",
        "Delete subnet",
        "DELETE",
        "/vpcs/{parent}/subnets/{id}",
        RW,
        "type",
        bulk=False,
        verb="deleted",
        blocked=subnet_in_use,
        consequence="Subnet {who} ({ipv4}) will be deleted.",
    ),
)

VPC_ACTIONS: tuple[Action, ...] = (
    Action(
        "create",
        "Create VPC",
        "POST",
        "/vpcs",
        RW,
        binding="n",
        footer=True,
        on_collection=True,
        bulk=False,
        verb="created",
        form=(
            FormField("label", "Label", required=True),
            FormField("region", "Region", "select", required=True, choices=REGION),
            FormField("description", "Description"),
            FormField("subnets.0.label", "First subnet: label"),
            FormField("subnets.0.ipv4", "First subnet: IPv4 range (CIDR)"),
        ),
    ),
    Action(
        "edit",
        "Edit VPC",
        "PUT",
        "/vpcs/{id}",
        RW,
        binding="E",
        bulk=False,
        verb="updated",
        form=(
            FormField("label", "Label", required=True, default_from="label"),
            FormField("description", "Description", default_from="description"),
        ),
    ),
    delete_action("/vpcs/{id}", RW, "VPC", blocked=vpc_delete_blocked),
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
            actions=SUBNET_ACTIONS,
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
    actions=VPC_ACTIONS,
)

AREA = VPCS
