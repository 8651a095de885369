"""Managed issues: problems Linode's monitoring found (each opens a support ticket)."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

MANAGED_ISSUES = Area(
    "missues",
    "Managed issues",
    "/managed/issues",
    (
        Col("id", "ID", "int", 8),
        Col("created", "Opened", "date"),
        Col("entity.label", "Ticket", width=30),
        Col("entity.id", "Ticket ID", "int", 10),
        Col("services", "Services", "list", 16),
    ),
    aliases=("managed-issues", "issues"),
    group="Monitoring",
    scope="account:read_only",
    status_key=None,
    label_key="id",
    description="Issues of monitored services; each is a support ticket (see Support tickets).",
)

AREA = MANAGED_ISSUES
