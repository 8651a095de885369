"""Managed SSH settings: how Linode's responders reach each Linode (access, user, address, port)."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField


def ssh_body(values: dict[str, Any]) -> dict[str, Any]:
    """The ``ssh`` object; "any" (or empty) address; a port 1–65535 or a clear error."""
    from linode_tui.api.errors import ValidationError

    port = values.get("ssh.port")
    try:
        port_n = int(port) if port not in (None, "") else 22
    except (TypeError, ValueError):
        port_n = -1
    if not 1 <= port_n <= 65535:
        raise ValidationError("Port", field_errors={"ssh.port": "A port between 1 and 65535."})
    return {
        "ssh": {
            "access": bool(values.get("ssh.access")),
            "user": str(values.get("ssh.user") or "root"),
            "ip": str(values.get("ssh.ip") or "any").strip(),
            "port": port_n,
        }
    }


MANAGED_LINODES = Area(
    "mlinodes",
    "Managed SSH access",
    "/managed/linode-settings",
    (
        Col("id", "ID", "int", 9),
        Col("label", "Linode", width=22),
        Col("group", "Group", width=12),
        Col("ssh.access", "SSH", "bool", 5),
        Col("ssh.user", "User", width=10),
        Col("ssh.ip", "Address", width=16),
        Col("ssh.port", "Port", "int", 6),
    ),
    aliases=("managed-linodes", "managed-ssh"),
    group="Monitoring",
    scope="account:read_only",
    status_key=None,
    actions=(
        Action(
            "edit",
            "Edit SSH access",
            "PUT",
            "/managed/linode-settings/{id}",
            "account:read_write",
            binding="E",
            footer=True,
            bulk=False,
            verb="updated",
            form=(
                FormField("ssh.access", "Linode's responders may SSH in", "bool", default_from="ssh.access"),
                FormField("ssh.user", "User", default_from="ssh.user", default="root"),
                FormField(
                    "ssh.ip", "Address", default_from="ssh.ip", help='"any" or one of its IP addresses'
                ),
                FormField("ssh.port", "Port", "int", default_from="ssh.port", default=22),
            ),
            to_body=ssh_body,
        ),
    ),
)

AREA = MANAGED_LINODES
