"""IPv6 pools (``/networking/ipv6/pools``): the per-region pools ranges are routed from (read only)."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

IPV6POOLS = Area(
    "ipv6pools",
    "IPv6 pools",
    "/networking/ipv6/pools",
    (
        Col("range", "Pool", width=30),
        Col("prefix", "Prefix", "int", 6),
        Col("region", "Region", width=12),
        Col("route_target", "Routed to", width=30),
    ),
    aliases=("pools",),
    group="Network",
    scope="ips:read_only",
    id_key="range",
    label_key="range",
    status_key=None,
    # No single-pool operation: the detail is the list's row (the list envelope keeps the item).
    detail_path="/networking/ipv6/pools",
)

AREA = IPV6POOLS
