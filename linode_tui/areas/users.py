"""The Users area: create, edit, delete, and each user's grants (the grants editor)."""

from __future__ import annotations

from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

LEVEL_TEXT = {None: "none", "read_only": "read only", "read_write": "read-write"}
KIND_TEXT = {
    "global": "Global",
    "linode": "Linode",
    "domain": "Domain",
    "nodebalancer": "NodeBalancer",
    "image": "Image",
    "longview": "Longview",
    "stackscript": "StackScript",
    "volume": "Volume",
    "database": "Database",
    "firewall": "Firewall",
    "vpc": "VPC",
    "lkecluster": "LKE cluster",
    "placement_group": "Placement group",
}


def describe_changes(body: dict[str, Any]) -> str:
    """The confirmation's list of what changes."""
    lines = []
    for name, value in (body.get("global") or {}).items():
        shown = (
            LEVEL_TEXT.get(value, str(value)) if not isinstance(value, bool) else ("yes" if value else "no")
        )
        lines.append(f"  • {name.replace('_', ' ')} → {shown}")
    for kind, entries in body.items():
        if kind == "global":
            continue
        for e in entries:
            lines.append(f"  • {KIND_TEXT.get(kind, kind)} {e['id']} → {LEVEL_TEXT.get(e['permissions'])}")
    return "\n".join(lines)


def grants_summary(grants: Any) -> str:
    """A user's grants as text (the Grants tab): unrestricted users are said to be so, not null."""
    if not isinstance(grants, dict):
        return "Unrestricted: full access to everything on the account (no grants apply)."
    lines = ["Global grants:"]
    for name, value in sorted((grants.get("global") or {}).items()):
        shown = ("yes" if value else "no") if isinstance(value, bool) or value is None else str(value)
        if name == "account_access":
            shown = value or "none"
        lines.append(f"  {name.replace('_', ' '):<28} {shown}")
    for kind in sorted(k for k in grants if k != "global"):
        entries = [e for e in grants.get(kind) or [] if isinstance(e, dict) and e.get("permissions")]
        if entries:
            lines.append(f"\n{kind}:")
            lines += [f"  {e.get('label') or e.get('id'):<28} {e['permissions']}" for e in entries]
    lines.append("\nPress G to edit.")
    return "\n".join(lines)


def _restricted_text(u: dict[str, Any], _lookup: Any) -> list[tuple[str, str]]:
    if u.get("restricted"):
        return [("Access", "restricted — sees only what its grants allow (G: edit grants)")]
    return [("Access", "unrestricted — full access to everything")]


USERNAME_HELP = "3–32 characters: letters, digits, - and _"

USERS = Area(
    "users",
    "Users",
    "/account/users",
    (
        Col("username", "Username", width=20),
        Col("email", "E-mail", width=30),
        Col("restricted", "Restricted", "bool", 10),
        Col("user_type", "Type", width=10),
        Col("tfa_enabled", "2FA", "bool", 5),
        Col("last_login.login_datetime", "Last login", "date"),
    ),
    aliases=("user",),
    group="Account",
    scope="account:read_only",
    id_key="username",
    label_key="username",
    status_key=None,
    summary=(
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("restricted", "Restricted", "bool"),
        Col("user_type", "Type"),
        Col("tfa_enabled", "Two-factor auth", "bool"),
        Col("ssh_keys", "SSH keys", "list"),
        Col("last_login.login_datetime", "Last login", "date"),
        Col("last_login.status", "Last login status"),
        Col("password_created", "Password set", "date"),
    ),
    summary_extras=_restricted_text,
    tabs=(
        Tab(
            "grants",
            "Grants",
            "/account/users/{username}/grants",
            kind="object",
            text=lambda obj, _item, _lookup: grants_summary(obj),
        ),
    ),
    actions=(
        Action(
            "create",
            "Add user",
            "POST",
            "/account/users",
            "account:read_write",
            binding="n",
            footer=True,
            on_collection=True,
            bulk=False,
            verb="added",
            form=(
                FormField("username", "Username", required=True, help=USERNAME_HELP),
                FormField(
                    "email", "E-mail", required=True, help="The invitation to set a password goes here"
                ),
                FormField(
                    "restricted", "Restricted (grants decide what it can see and do)", "bool", default=True
                ),
            ),
        ),
        Action(
            "edit",
            "Edit user",
            "PUT",
            "/account/users/{username}",
            "account:read_write",
            binding="E",
            bulk=False,
            verb="updated",
            form=(
                FormField("email", "E-mail", required=True, default_from="email"),
                FormField("restricted", "Restricted", "bool", default_from="restricted"),
            ),
            note="Making a user unrestricted gives it full access to everything.",
        ),
        Action(
            "grants",
            "Edit grants",
            "PUT",
            "/account/users/{username}/grants",
            "account:read_write",
            danger="confirm",
            binding="G",
            footer=True,
            bulk=False,
            verb="grants saved",
            consequence="The grants of {who} change as follows:",
            opens="linode_tui.ui.views.grants.GrantsView",
            describe_body=describe_changes,
        ),
        Action(
            "delete",
            "Delete user",
            "DELETE",
            "/account/users/{username}",
            "account:read_write",
            danger="type",
            binding="ctrl+d",
            footer=True,
            verb="deleted",
            consequence="{who} loses all access to the account at once. It cannot be undone.",
        ),
    ),
)

AREA = USERS
