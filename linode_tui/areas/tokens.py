"""The API tokens area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col

TOKENS = Area(
    "tokens",
    "API tokens",
    "/profile/tokens",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("scopes", "Scopes", width=30),
        Col("created", "Created", "date"),
        Col("expiry", "Expires", "date"),
    ),
    aliases=("token", "pat"),
    group="Profile",
    scope="account:read_only",
    entity_type="token",
    status_key=None,
    actions=(delete_action("/profile/tokens/{id}", "account:read_write", "token"),),
)

AREA = TOKENS
