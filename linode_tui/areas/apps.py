"""The Authorized apps area: third-party apps you let act for you (OAuth), and revoking one."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col

APPS = Area(
    "apps",
    "Authorized apps",
    "/profile/apps",
    (
        Col("label", "App", width=24),
        Col("scopes", "Scopes", width=30),
        Col("website", "Website", width=20),
        Col("created", "Authorized", "date"),
        Col("expiry", "Expires", "date"),
    ),
    aliases=("app", "authorized-apps"),
    group="Profile",
    scope="account:read_only",
    status_key=None,
    description="Apps you authorized to use your account through OAuth.",
    actions=(
        Action(
            "revoke",
            "Revoke access",
            "DELETE",
            "/profile/apps/{id}",
            "account:read_write",
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="revoked",
            consequence="{who} can no longer act for you: its tokens stop working at once.",
        ),
    ),
)

AREA = APPS
