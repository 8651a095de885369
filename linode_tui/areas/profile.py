"""The Profile area."""

from __future__ import annotations

from linode_tui.core.descriptors import Area, Col

PROFILE = Area(
    "profile",
    "Profile",
    "/profile",
    (
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("timezone", "Timezone"),
        Col("restricted", "Restricted", "bool"),
        Col("two_factor_auth", "2FA", "bool"),
    ),
    group="Profile",
    paginated=False,
    status_key=None,
    id_key="uid",
    label_key="username",
    detail_path="/profile",
)

AREA = PROFILE
