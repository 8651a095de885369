"""The Trusted devices area: browsers that skip the second login factor, and revoking one."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col


def device_label(d: dict[str, Any]) -> str:
    """A device by its browser and address (it has no label); what a confirmation names."""
    agent = str(d.get("user_agent") or "")
    browser = agent.rsplit(" ", 1)[-1].split("/")[0] if agent else "device"
    return f"{browser} at {d.get('last_remote_addr') or '?'}"


DEVICES = Area(
    "devices",
    "Trusted devices",
    "/profile/devices",
    (
        Col("user_agent", "Browser", width=40),
        Col("last_remote_addr", "Last address", width=16),
        Col("last_authenticated", "Last login", "date"),
        Col("expiry", "Trusted until", "date"),
    ),
    aliases=("device", "trusted-devices"),
    group="Profile",
    status_key=None,
    label_from=device_label,
    description="Devices that are not asked for a two-factor code when you log in.",
    actions=(
        Action(
            "revoke",
            "Revoke trust",
            "DELETE",
            "/profile/devices/{id}",
            "account:read_write",
            danger="confirm",
            binding="ctrl+d",
            footer=True,
            verb="revoked",
            consequence="{who} asks for the two-factor code at its next login.",
        ),
    ),
)

AREA = DEVICES
