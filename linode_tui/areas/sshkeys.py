"""The SSH keys area."""

from __future__ import annotations

from linode_tui.areas._shared import (
    delete_action,
)
from linode_tui.core.descriptors import Area, Col

SSHKEYS = Area(
    "sshkeys",
    "SSH keys",
    "/profile/sshkeys",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Label", width=24),
        Col("ssh_key", "Key", width=40),
        Col("created", "Created", "date"),
    ),
    aliases=("ssh", "keys"),
    group="Profile",
    scope="account:read_only",
    entity_type="user_ssh_key",
    status_key=None,
    actions=(delete_action("/profile/sshkeys/{id}", "account:read_write", "SSH key"),),
)

AREA = SSHKEYS
