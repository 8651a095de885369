"""The Support tickets area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col, Tab

TICKETS = Area(
    "tickets",
    "Support tickets",
    "/support/tickets",
    (
        Col("id", "ID", "int", 10),
        Col("summary", "Summary", width=36),
        Col("status", "Status", "status", 8),
        Col("entity.label", "Entity", width=16),
        Col("opened_by", "Opened by", width=12),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ticket", "support"),
    group="Account",
    scope="account:read_only",
    entity_type="ticket",
    label_key="summary",
    tabs=(
        Tab(
            "replies",
            "Replies",
            "/support/tickets/{id}/replies",
            columns=(
                Col("created", "When", "date"),
                Col("from_linode", "Linode staff", "bool"),
                Col("created_by", "From"),
                Col("description", "Reply"),
            ),
        ),
    ),
)

AREA = TICKETS
