"""Managed credentials: what Linode's responders log in with. The API never returns the username
or password: they are typed (masked) when the credential is made or updated, never shown."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col, FormField

RW = "account:read_write"

MANAGED_CREDENTIALS = Area(
    "mcreds",
    "Managed credentials",
    "/managed/credentials",
    (
        Col("id", "ID", "int", 8),
        Col("label", "Label", width=30),
        Col("last_decrypted", "Last used by Linode", "date"),
    ),
    aliases=("managed-credentials", "credentials"),
    group="Monitoring",
    scope="account:read_only",
    status_key=None,
    actions=(
        Action(
            "create",
            "Add credential",
            "POST",
            "/managed/credentials",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=(
                FormField("label", "Label", required=True, help="2–75 characters"),
                FormField("username", "Username"),
                FormField("password", "Password", required=True, secret=True),
            ),
            note="Linode stores it encrypted; it is never shown again, here or anywhere.",
        ),
        Action(
            "edit",
            "Rename",
            "PUT",
            "/managed/credentials/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="renamed",
            form=(FormField("label", "Label", required=True, default_from="label"),),
        ),
        Action(
            "update",
            "Change username/password",
            "POST",
            "/managed/credentials/{id}/update",
            RW,
            danger="confirm",
            binding="U",
            bulk=False,
            verb="updated",
            form=(
                FormField("username", "Username"),
                FormField("password", "New password", required=True, secret=True),
            ),
            consequence="Linode's responders log in to {who} with the new password from now on.",
        ),
        Action(
            "revoke",
            "Revoke credential",
            "POST",
            "/managed/credentials/{id}/revoke",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="revoked",
            consequence="{who} is deleted: services that use it can no longer be logged in to by Linode.",
        ),
    ),
)

AREA = MANAGED_CREDENTIALS
