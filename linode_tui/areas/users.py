"""The Users area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col, Tab

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
    tabs=(Tab("grants", "Grants", "/account/users/{username}/grants", kind="object"),),
)

AREA = USERS
