"""The Account area: the account's contact and balance, and its settings (backups for new Linodes,
network helper, maintenance policy, interfaces for new Linodes)."""

from __future__ import annotations

import dataclasses
from typing import Any

from linode_tui.core.descriptors import Action, Area, Col, FormField, Tab

POLICIES = (("linode/migrate", "Migrate (live, when possible)"), ("linode/power_off_on", "Power off and on"))
INTERFACES = (
    ("legacy_config_only", "Legacy (configuration profiles) only"),
    ("legacy_config_default_but_linode_allowed", "Legacy by default, Linode interfaces allowed"),
    ("linode_default_but_legacy_config_allowed", "Linode interfaces by default, legacy allowed"),
    ("linode_only", "Linode interfaces only"),
)


async def _settings_form(client: Any, action: Action, item: dict[str, Any]) -> tuple[FormField, ...]:
    """The form starts from the current settings."""
    from linode_tui.api.errors import LinodeError

    try:
        current = await client.get("/account/settings", force=True)
    except LinodeError:
        current = {}
    current = current if isinstance(current, dict) else {}
    return tuple(dataclasses.replace(f, default=current.get(f.name, f.default)) for f in action.form)


def settings_text(s: Any) -> str:
    if not isinstance(s, dict):
        return "No settings returned."
    on = {True: "on", False: "off", None: "—"}
    return "\n".join(
        [
            f"Backups for new Linodes   {on.get(s.get('backups_enabled'), s.get('backups_enabled'))}",
            f"Network helper            {on.get(s.get('network_helper'), s.get('network_helper'))}",
            f"Maintenance policy        {s.get('maintenance_policy') or '—'}",
            f"Interfaces for new Linodes {s.get('interfaces_for_new_linodes') or '—'}",
            f"Longview subscription     {s.get('longview_subscription') or 'none'}",
            f"Managed                   {on.get(s.get('managed'), s.get('managed'))}",
            f"Object Storage            {s.get('object_storage') or '—'}",
            "\nPress E to change.",
        ]
    )


ACCOUNT = Area(
    "account",
    "Account",
    "/account",
    (
        Col("company", "Company"),
        Col("email", "E-mail"),
        Col("balance", "Balance", "money"),
        Col("balance_uninvoiced", "Uninvoiced", "money"),
        Col("country", "Country"),
    ),
    group="Account",
    scope="account:read_only",
    paginated=False,
    status_key=None,
    id_key="euuid",
    detail_path="/account",
    tabs=(
        Tab(
            "settings",
            "Settings",
            "/account/settings",
            kind="object",
            text=lambda obj, _item, _lookup: settings_text(obj),
        ),
    ),
    actions=(
        Action(
            "settings",
            "Account settings",
            "PUT",
            "/account/settings",
            "account:read_write",
            danger="confirm",
            binding="E",
            footer=True,
            bulk=False,
            verb="settings saved",
            consequence="The account's defaults change for everyone on it.",
            form=(
                FormField("backups_enabled", "Back up new Linodes by default", "bool"),
                FormField("network_helper", "Network helper on by default", "bool"),
                FormField("maintenance_policy", "Maintenance policy", "select", options=POLICIES),
                FormField(
                    "interfaces_for_new_linodes", "Interfaces for new Linodes", "select", options=INTERFACES
                ),
            ),
            prepare_form=_settings_form,
        ),
    ),
)

AREA = ACCOUNT
