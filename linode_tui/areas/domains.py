"""The Domains area."""

from __future__ import annotations

from typing import Any

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col, Lookup, Tab


def zone_text(data: Any, item: dict[str, Any], lookup: Lookup) -> str:
    """``/zone-file`` answers ``{"zone_file": [lines]}``: shown as the file it is."""
    lines = data.get("zone_file") if isinstance(data, dict) else None
    if not lines:
        return "The zone file is empty (it is rendered a few minutes after a change)."
    return "\n".join(str(line) for line in lines)

DOMAINS = Area(
    "domains",
    "Domains",
    "/domains",
    (
        Col("id", "ID", "int", 9),
        Col("domain", "Domain", width=30),
        Col("type", "Type", width=7),
        Col("status", "Status", "status", 9),
        Col("soa_email", "SOA e-mail", width=24),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("dom", "domain", "dns"),
    group="Network",
    scope="domains:read_only",
    entity_type="domain",
    add_grant="add_domains",
    label_key="domain",
    tabs=(
        Tab(
            "records",
            "Records",
            "/domains/{id}/records",
            columns=(
                Col("id", "ID", "int"),
                Col("type", "Type"),
                Col("name", "Name"),
                Col("target", "Target"),
                Col("ttl_sec", "TTL", "int"),
                Col("priority", "Prio", "int"),
            ),
        ),
        Tab("zone", "Zone file", "/domains/{id}/zone-file", kind="object", text=zone_text),
    ),
    actions=(delete_action("/domains/{id}", "domains:read_write", "domain"),),
)

AREA = DOMAINS
