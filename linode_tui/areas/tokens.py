"""The API tokens area: create (a scopes picker and an expiry; the token shown once), rename, revoke."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Reveal

#: OAuth scope areas a personal access token can carry (API-NOTES §4), with what they cover.
SCOPE_AREAS: tuple[tuple[str, str], ...] = (
    ("account", "Account, users, billing, profile, support, tags, managed"),
    ("child_account", "Child accounts"),
    ("databases", "Managed databases"),
    ("domains", "Domains"),
    ("events", "Events"),
    ("firewall", "Firewalls"),
    ("images", "Images"),
    ("ips", "IP addresses"),
    ("linodes", "Linodes"),
    ("lke", "Kubernetes"),
    ("longview", "Longview"),
    ("nodebalancers", "NodeBalancers"),
    ("object_storage", "Object Storage"),
    ("placement", "Placement groups"),
    ("stackscripts", "StackScripts"),
    ("volumes", "Volumes"),
    ("vpc", "VPCs"),
)
LEVELS = (("none", "No access"), ("read_only", "Read only"), ("read_write", "Read/write"))
EXPIRY = (("never", "Never"), ("30", "In 1 month"), ("90", "In 3 months"), ("180", "In 6 months"))


def _scope_fields() -> tuple[FormField, ...]:
    return tuple(
        FormField(f"scope.{key}", f"{key} — {what}", "select", options=LEVELS, default="none")
        for key, what in SCOPE_AREAS
    )


def token_body(values: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """The request body of a new token: ``scopes`` as the API spells them ("*" for full access),
    ``expiry`` as an ISO time (none: never expires)."""
    from linode_tui.api.errors import ValidationError

    body: dict[str, Any] = {"label": values.get("label")}
    if values.get("full"):
        body["scopes"] = "*"
    else:
        parts = [
            f"{key}:{values[f'scope.{key}']}"
            for key, _ in SCOPE_AREAS
            if values.get(f"scope.{key}") in ("read_only", "read_write")
        ]
        if not parts:
            raise ValidationError(
                "Pick at least one scope", field_errors={"full": "Give the token full access or pick scopes."}
            )
        body["scopes"] = " ".join(parts)
    days = values.get("expiry") or "never"
    if days != "never":
        start = now or dt.datetime.now(dt.UTC)
        body["expiry"] = (start + dt.timedelta(days=int(days))).strftime("%Y-%m-%dT%H:%M:%S")
    return body


def _reveal(result: Any) -> Reveal | None:
    if not isinstance(result, dict) or not result.get("token"):
        return None
    return Reveal(
        f"New API token — {result.get('label') or result.get('id')}",
        str(result["token"]),
        "This is the only time the token is shown: the API never returns it again. Copy it now "
        "and keep it somewhere safe (a password manager). Anyone holding it acts as you.",
    )


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
    description="Personal access tokens of your user.",
    actions=(
        Action(
            "create",
            "Create token",
            "POST",
            "/profile/tokens",
            "account:read_write",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="created",
            form=(
                FormField("label", "Label", required=True),
                FormField("expiry", "Expires", "select", options=EXPIRY, default="never", required=True),
                FormField("full", "Full access to everything (*)", "bool"),
                *_scope_fields(),
            ),
            note="At most the access of the token in use now.",
            to_body=token_body,
            reveal=_reveal,
        ),
        Action(
            "rename",
            "Rename",
            "PUT",
            "/profile/tokens/{id}",
            "account:read_write",
            binding="E",
            bulk=False,
            verb="renamed",
            form=(FormField("label", "Label", required=True, default_from="label"),),
        ),
        Action(
            "delete",
            "Revoke token",
            "DELETE",
            "/profile/tokens/{id}",
            "account:read_write",
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="revoked",
            consequence="Revoking {who} stops everything that uses it at once. It cannot be undone.",
            note="Revoking the token this app is using logs you out.",
        ),
    ),
)

AREA = TOKENS
