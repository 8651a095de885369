"""IPv6 ranges (``/networking/ipv6/ranges``): routed /64 and /56 ranges, created for a Linode and
deleted; the pools they come from are their own list (:mod:`linode_tui.areas.ipv6pools`)."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Choices, Col, FormField


def range_body(values: dict[str, Any]) -> dict[str, Any]:
    return {"prefix_length": int(values.get("prefix_length") or 64), "linode_id": values.get("linode_id")}


IPV6 = Area(
    "ipv6",
    "IPv6 ranges",
    "/networking/ipv6/ranges",
    (
        Col("range", "Range", width=30),
        Col("prefix", "Prefix", "int", 6),
        Col("region", "Region", width=12),
        Col("route_target", "Routed to", width=30),
        Col("is_bgp", "BGP", "bool", 5),
    ),
    aliases=("ranges", "ipv6ranges"),
    group="Network",
    scope="ips:read_only",
    id_key="range",
    label_key="range",
    status_key=None,
    detail_path="/networking/ipv6/ranges/{range}",
    actions=(
        Action(
            "create",
            "Add an IPv6 range",
            "POST",
            "/networking/ipv6/ranges",
            "ips:read_write",
            "confirm",
            "n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            consequence="A /{prefix_length} IPv6 range will be routed to {linode_id}.",
            form=(
                FormField(
                    "prefix_length",
                    "Size",
                    "select",
                    required=True,
                    options=(("64", "/64 (one network)"), ("56", "/56 (256 networks)")),
                    default="64",
                ),
                FormField(
                    "linode_id",
                    "Route to Linode",
                    "select",
                    required=True,
                    choices=Choices(
                        "/linode/instances",
                        "id",
                        "label",
                        describe=lambda x: f"{x.get('label')}  {x.get('region')}  {x.get('ipv6') or ''}",
                    ),
                ),
            ),
            to_body=range_body,
        ),
        Action(
            "delete",
            "Delete IPv6 range",
            "DELETE",
            "/networking/ipv6/ranges/{range}",
            "ips:read_write",
            "type",
            "ctrl+d",
            footer=True,
            verb="deleted",
            consequence="The range {who} stops being routed and is given back; addresses in it stop working.",
        ),
    ),
)

AREA = IPV6
