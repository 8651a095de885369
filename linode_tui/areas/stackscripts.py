"""The StackScripts area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

STACKSCRIPTS = Area(
    "stackscripts",
    "StackScripts",
    "/linode/stackscripts",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=26),
        Col("username", "Author", width=14),
        Col("deployments_total", "Deploys", "int", 8),
        Col("is_public", "Public", "bool", 6),
        Col("updated", "Updated", "date"),
    ),
    aliases=("ss", "stackscript"),
    group="Compute",
    scope="stackscripts:read_only",
    entity_type="stackscript",
    add_grant="add_stackscripts",
    status_key=None,
)

AREA = STACKSCRIPTS
