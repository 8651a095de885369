"""The OAuth clients area: apps that log in with Linode. Create (the secret shown once), edit,
reset the secret (shown once), delete."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Reveal

RW = "account:read_write"


def _reveal(result: Any) -> Reveal | None:
    secret = result.get("secret") if isinstance(result, dict) else None
    if not secret or secret == "<REDACTED>":
        return None
    return Reveal(
        f"OAuth client secret — {result.get('label')} ({result.get('id')})",
        str(secret),
        "This is the only time the client secret is shown: the API returns it redacted from now on. "
        "Put it in the app's configuration now; resetting it makes a new one.",
    )


FORM = (
    FormField("label", "Label", required=True, default_from="label"),
    FormField(
        "redirect_uri",
        "Redirect URI",
        required=True,
        default_from="redirect_uri",
        help="Where users return after logging in: https://…",
    ),
    FormField(
        "public",
        "Public client (cannot keep a secret: a mobile or browser app)",
        "bool",
        default_from="public",
    ),
)

OAUTH_CLIENTS = Area(
    "oauth",
    "OAuth clients",
    "/account/oauth-clients",
    (
        Col("label", "Label", width=20),
        Col("id", "Client ID", width=22),
        Col("redirect_uri", "Redirect URI", width=40),
        Col("public", "Public", "bool", 6),
        Col("status", "Status", "status", 9),
    ),
    aliases=("oauth-clients", "clients"),
    group="Account",
    scope="account:read_only",
    actions=(
        Action(
            "create",
            "Create OAuth client",
            "POST",
            "/account/oauth-clients",
            RW,
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=FORM,
            reveal=_reveal,
        ),
        Action(
            "edit",
            "Edit",
            "PUT",
            "/account/oauth-clients/{id}",
            RW,
            binding="E",
            bulk=False,
            verb="updated",
            form=FORM,
        ),
        Action(
            "reset",
            "Reset secret",
            "POST",
            "/account/oauth-clients/{id}/reset-secret",
            RW,
            danger="confirm",
            binding="X",
            bulk=False,
            verb="secret reset",
            reveal=_reveal,
            consequence="{who} gets a new secret: the app stops logging users in until it has the new one.",
        ),
        Action(
            "delete",
            "Delete OAuth client",
            "DELETE",
            "/account/oauth-clients/{id}",
            RW,
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="{who} is deleted: its users can no longer log in with it. It cannot be undone.",
        ),
    ),
)

AREA = OAUTH_CLIENTS
