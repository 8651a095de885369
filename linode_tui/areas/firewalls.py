"""The Firewalls area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
    edit_label_tags,
)
from linode_tui.core.descriptors import Area, Col, Tab

FIREWALLS = Area(
    "firewalls",
    "Firewalls",
    "/networking/firewalls",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("status", "Status", "status", 10),
        Col("rules.inbound_policy", "Inbound", width=8),
        Col("rules.outbound_policy", "Outbound", width=8),
        Col("entities", "Devices", "count", 8),
        Col("tags", "Tags", "tags"),
    ),
    aliases=("fw", "firewall"),
    group="Network",
    scope="firewall:read_only",
    entity_type="firewall",
    add_grant="add_firewalls",
    tabs=(
        Tab("rules", "Rules", "/networking/firewalls/{id}/rules", kind="object"),
        Tab(
            "devices",
            "Devices",
            "/networking/firewalls/{id}/devices",
            columns=(
                Col("id", "ID", "int"),
                Col("entity.type", "Type"),
                Col("entity.label", "Entity"),
                Col("created", "Added", "date"),
            ),
        ),
    ),
    actions=(
        edit_label_tags("/networking/firewalls/{id}", "firewall:read_write"),
        delete_action("/networking/firewalls/{id}", "firewall:read_write", "firewall"),
    ),
)

AREA = FIREWALLS
