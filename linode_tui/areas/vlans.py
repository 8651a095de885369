"""VLANs (``/networking/vlans``): the account's VLANs per region with the Linodes attached; one is
deleted (``DELETE /networking/vlans/{region}/{label}``) only once those Linodes are powered off."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col


def vlan_key(v: dict[str, Any]) -> str:
    return f"{v.get('region')}/{v.get('label')}"


VLANS = Area(
    "vlans",
    "VLANs",
    "/networking/vlans",
    (
        Col("label", "Label", width=24),
        Col("region", "Region", width=12),
        Col("linodes", "Linodes", "count", 8),
        Col("created", "Created", "date"),
    ),
    aliases=("vlan",),
    group="Network",
    scope="linodes:read_only",
    id_key="label",
    status_key=None,
    row_key=vlan_key,  # a label is unique per region only
    # No single-VLAN read: the detail is the list's row (the list envelope keeps the item).
    detail_path="/networking/vlans",
    actions=(
        Action(
            "delete",
            "Delete VLAN",
            "DELETE",
            "/networking/vlans/{region}/{label}",
            "ips:read_write",
            "type",
            "ctrl+d",
            footer=True,
            verb="deleted",
            note="The API refuses while a Linode on it is running: power them off first.",
            consequence="VLAN {who} in {region} is removed from the config profiles and interfaces of "
            "its Linodes; they lose that private network.",
        ),
    ),
)

AREA = VLANS
