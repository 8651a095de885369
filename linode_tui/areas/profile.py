"""The Profile area: your user (e-mail, timezone, 2FA status, Lish access) and its edit."""

from __future__ import annotations

from linode_tui.core.descriptors import Action, Area, Col, FormField

LISH = (
    ("password_keys", "Password or SSH keys"),
    ("keys_only", "SSH keys only"),
    ("disabled", "Disabled"),
)
TIMEZONES = tuple(
    (z, z)
    for z in (
        "UTC",
        "Europe/London",
        "Europe/Berlin",
        "Europe/Paris",
        "Europe/Madrid",
        "Europe/Stockholm",
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
        "America/Toronto",
        "America/Sao_Paulo",
        "Asia/Tokyo",
        "Asia/Singapore",
        "Asia/Kolkata",
        "Asia/Shanghai",
        "Australia/Sydney",
        "Pacific/Auckland",
    )
)

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
    summary=(
        Col("username", "Username"),
        Col("email", "E-mail"),
        Col("timezone", "Timezone"),
        Col("restricted", "Restricted user", "bool"),
        Col("two_factor_auth", "Two-factor auth", "bool"),
        Col("lish_auth_method", "Lish access"),
        Col("email_notifications", "E-mail notifications", "bool"),
        Col("authorized_keys", "Lish keys", "count"),
        Col("referrals.url", "Referral URL"),
    ),
    actions=(
        Action(
            "edit",
            "Edit profile",
            "PUT",
            "/profile",
            "account:read_write",
            binding="E",
            footer=True,
            bulk=False,
            verb="updated",
            form=(
                FormField("email", "E-mail", required=True, default_from="email"),
                FormField("timezone", "Timezone", "select", options=TIMEZONES, default_from="timezone"),
                FormField(
                    "email_notifications", "E-mail notifications", "bool", default_from="email_notifications"
                ),
                FormField(
                    "lish_auth_method", "Lish access", "select", options=LISH, default_from="lish_auth_method"
                ),
            ),
            note="Two-factor authentication is turned on and off in Cloud Manager (it needs your app).",
        ),
    ),
)

AREA = PROFILE
